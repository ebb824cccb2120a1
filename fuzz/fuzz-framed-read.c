/* fuzz-framed-read.c: RdpFramed's reads over a stream that a socket could
 * have split anywhere
 *
 * The input is a 6-byte header and then the bytes of the stream:
 *
 *   0  bits 0-2: the read, modulo 6: 0 read_pdu, 1 read_pdus, 2 read_by_hint,
 *                3 read_exact, 4 a script of reads (bytes 3-4),
 *                5 read_with_size_func (see fuzz_size_func())
 *      bit 3:    use the _async forms, on a GMainContext iterated here
 *      bits 4-5: how the stream ends: 0, 1 end-of-file, 2 an error, 3 it
 *                hangs until the read is cancelled (end-of-file when sync)
 *      bit 6:    drop each frame as soon as it is checked (else keep them all
 *                to the end, so that the buffer may never reuse their bytes)
 *      bit 7:    hand the first byte-5 bytes of the stream to
 *                rdp_framed_new_with_leftover() instead of the stream
 *   1  the largest chunk a stream read returns, 0 for no limit
 *   2  the seed of random chunk sizes in 1..byte 1, 0 for always byte 1
 *   3-4 (little-endian) read_pdus: max_pdus modulo 4; read_by_hint: the hint
 *      modulo 5; read_exact: the count, plus one; script: five 3-bit reads
 *      (see script_read())
 *   5  the leftover's length (bit 7 of byte 0)
 *
 * The reads go on until one fails (or makes no progress). Invariants:
 * - the frames, in order, and then rdp_framed_peek() are exactly the bytes
 *   taken from the stream: nothing lost, nothing duplicated, nothing
 *   overwritten later (the frames are checked again at the end);
 * - each frame is of the size its read promises: rdp_find_pdu_size() of it
 *   for a TPKT or fast-path PDU (with the right action), the DER length of a
 *   CredSSP message, 4, the exact count, or what the size function said;
 * - read_pdus() returns no more than max_pdus frames, its frames lie one
 *   after the other in memory (zero-copy), and it leaves no whole PDU behind
 *   unless it hit max_pdus;
 * - errors: RDP_ERROR_INVALID_DATA only for bytes that cannot start a frame;
 *   RDP_ERROR_UNEXPECTED_PDU leaves a well-formed PDU of the other kind
 *   buffered, which the next read_pdu() returns; end-of-file is
 *   G_IO_ERROR_CONNECTION_CLOSED with nothing buffered or
 *   G_IO_ERROR_PARTIAL_INPUT with something; a cancelled read keeps what it
 *   read; a failed read can be retried and fails the same way; a size
 *   function's error comes back as it was, one that failed without an
 *   error gets RDP_ERROR_INVALID_DATA, and a size above
 *   RDP_FRAMED_MAX_FRAME_SIZE is refused; the size function's data is freed
 *   once per asynchronous read;
 * - no GLib warning or critical; memory is bounded by libFuzzer's
 *   -malloc_limit_mb (see run-fuzzers.sh).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-pdu-size-private.h"
#include "rdp-test-utils.h"
#include "fuzz-common.h"

#define HEADER_SIZE 6

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

typedef enum {
  MODE_READ_PDU,
  MODE_READ_PDUS,
  MODE_READ_BY_HINT,
  MODE_READ_EXACT,
  MODE_SCRIPT,
  MODE_SIZE_FUNC,
} Mode;

typedef enum {
  READ_PDU,
  READ_PDUS,
  READ_BY_HINT,
  READ_EXACT,
  READ_SIZE_FUNC,
} ReadKind;

typedef struct {
  ReadKind kind;
  guint max_pdus;
  RdpPduHint hint;
  gsize count;
} Read;

typedef struct {
  /* the whole stream: leftover and then what the chunked stream serves */
  const guint8 *wire;
  gsize wire_len;
  gsize leftover_len;

  RdpFramed *framed;
  RdpTestChunkedStream *input;
  gboolean async;
  gboolean hangs;
  gboolean cancelled;       /* the last asynchronous read was cancelled */
  GMainContext *context;

  gsize consumed;           /* bytes returned in frames so far */
  guint size_func_data_freed;
  GPtrArray *kept;          /* GBytes */
  GArray *kept_offsets;     /* gsize, where each kept frame lies in wire */
  gboolean drop_frames;
} Fuzz;

static const char *
hint_name (RdpPduHint hint)
{
  static const char *names[] = { "ANY", "X224", "FAST_PATH", "CREDSSP", "EARLY_USER_AUTH_RESULT" };

  return hint < G_N_ELEMENTS (names) ? names[hint] : "?";
}

/* What the stream has served, the leftover included. */
static gsize
taken_from_wire (Fuzz *f)
{
  return f->leftover_len + rdp_test_chunked_stream_get_offset (f->input);
}

static void
check_bytes_at (Fuzz       *f,
                GBytes     *bytes,
                gsize       offset,
                const char *what)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  FUZZ_CHECK (offset + len <= taken_from_wire (f),
              "%s of %zu bytes at %zu goes past the %zu bytes taken from the stream",
              what, len, offset, taken_from_wire (f));
  FUZZ_CHECK (len == 0 || memcmp (data, f->wire + offset, len) == 0,
              "%s of %zu bytes differs from the stream at offset %zu", what, len, offset);
}

/* The buffered bytes are exactly the ones taken and not returned yet. */
static GBytes *
check_buffer (Fuzz *f)
{
  GBytes *peek = rdp_framed_peek (f->framed);

  FUZZ_CHECK (f->consumed + g_bytes_get_size (peek) == taken_from_wire (f),
              "%zu bytes returned and %zu buffered, but %zu taken from the stream",
              f->consumed, g_bytes_get_size (peek), taken_from_wire (f));
  check_bytes_at (f, peek, f->consumed, "the buffer");
  return peek;
}

static void
add_frame (Fuzz   *f,
           GBytes *frame)
{
  check_bytes_at (f, frame, f->consumed, "a frame");
  if (f->drop_frames)
    g_bytes_unref (frame);
  else
    {
      g_ptr_array_add (f->kept, frame);
      g_array_append_val (f->kept_offsets, f->consumed);
    }
  f->consumed += g_bytes_get_size (frame);
}

static void
check_pdu (GBytes      *frame,
           RdpPduHint   hint)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (frame, &len);
  RdpAction action;
  GError *error = NULL;
  gssize size;

  FUZZ_CHECK (len > 0, "an empty frame for hint %s", hint_name (hint));
  switch (hint)
    {
    case RDP_PDU_HINT_ANY:
    case RDP_PDU_HINT_X224:
    case RDP_PDU_HINT_FAST_PATH:
      size = rdp_find_pdu_size (data, len, &action, &error);
      FUZZ_CHECK (size >= 0 && (gsize) size == len,
                  "a frame of %zu bytes whose header says %zd (%s)", len, size,
                  error ? error->message : "no error");
      if (hint == RDP_PDU_HINT_X224)
        FUZZ_CHECK (action == RDP_ACTION_X224, "hint X224 gave action %d", action);
      else if (hint == RDP_PDU_HINT_FAST_PATH)
        FUZZ_CHECK (action == RDP_ACTION_FAST_PATH, "hint FAST_PATH gave action %d", action);
      break;
    case RDP_PDU_HINT_CREDSSP:
      size = rdp_find_credssp_size (data, len, &error);
      FUZZ_CHECK (data[0] == 0x30 && size >= 0 && (gsize) size == len,
                  "a CredSSP frame of %zu bytes whose header says %zd", len, size);
      break;
    case RDP_PDU_HINT_EARLY_USER_AUTH_RESULT:
      FUZZ_CHECK (len == 4, "an Early User Authorization Result of %zu bytes", len);
      break;
    default:
      g_assert_not_reached ();
    }
  g_clear_error (&error);
}

/* The framing that read_with_size_func() reads: 0xff fails with an error,
 * 0xfe fails without one, 0xfd asks for more than RDP_FRAMED_MAX_FRAME_SIZE,
 * anything else is a 2-byte header whose low 12 bits are the length of what
 * follows it. */
static gssize
fuzz_size_func (const guint8  *data,
                gsize          length,
                gpointer       user_data,
                GError       **error)
{
  FUZZ_CHECK (length >= 1, "a size function called with no bytes");
  switch (data[0])
    {
    case 0xff:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the size function refused");
      return -1;
    case 0xfe:
      return -1;
    case 0xfd:
      return RDP_FRAMED_MAX_FRAME_SIZE + 1;
    default:
      if (length < 2)
        return 0;
      return 2 + (((data[0] & 0x0f) << 8) | data[1]);
    }
}

static void
size_func_data_free (gpointer data)
{
  Fuzz *f = data;

  f->size_func_data_freed++;
}

/* Asynchronous reads: start one, then iterate the context until it is
 * done. A read that can make no progress (the stream hangs) is cancelled. */

typedef struct {
  GAsyncResult *result;
} Pending;

static void
ready_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Pending *pending = user_data;

  FUZZ_CHECK (pending->result == NULL, "a callback ran twice");
  pending->result = g_object_ref (result);
}

static void
wait_for (Fuzz         *f,
          Pending      *pending,
          GCancellable *cancellable)
{
  while (pending->result == NULL)
    {
      if (g_main_context_iteration (f->context, FALSE))
        continue;
      FUZZ_CHECK (f->hangs && !f->cancelled,
                  "an asynchronous read stalled on a stream that does not hang");
      f->cancelled = TRUE;
      g_cancellable_cancel (cancellable);
    }
}

/* Runs one read; returns the frames it gave (NULL on error). */
static GPtrArray *
do_read (Fuzz        *f,
         const Read  *read,
         RdpAction   *out_action,
         GError     **error)
{
  GPtrArray *frames = NULL;
  GBytes *frame = NULL;

  f->cancelled = FALSE;
  if (!f->async)
    {
      switch (read->kind)
        {
        case READ_PDU:
          frame = rdp_framed_read_pdu (f->framed, out_action, NULL, error);
          break;
        case READ_PDUS:
          frames = rdp_framed_read_pdus (f->framed, read->max_pdus, NULL, error);
          break;
        case READ_BY_HINT:
          frame = rdp_framed_read_by_hint (f->framed, read->hint, NULL, error);
          break;
        case READ_EXACT:
          frame = rdp_framed_read_exact (f->framed, read->count, NULL, error);
          break;
        case READ_SIZE_FUNC:
          frame = rdp_framed_read_with_size_func (f->framed, fuzz_size_func, f, NULL, error);
          break;
        }
    }
  else
    {
      GCancellable *cancellable = g_cancellable_new ();
      Pending pending = { NULL };

      switch (read->kind)
        {
        case READ_PDU:
          rdp_framed_read_pdu_async (f->framed, G_PRIORITY_DEFAULT, cancellable, ready_cb, &pending);
          wait_for (f, &pending, cancellable);
          frame = rdp_framed_read_pdu_finish (f->framed, pending.result, out_action, error);
          break;
        case READ_PDUS:
          rdp_framed_read_pdus_async (f->framed, read->max_pdus, G_PRIORITY_DEFAULT, cancellable,
                                      ready_cb, &pending);
          wait_for (f, &pending, cancellable);
          frames = rdp_framed_read_pdus_finish (f->framed, pending.result, error);
          break;
        case READ_BY_HINT:
          rdp_framed_read_by_hint_async (f->framed, read->hint, G_PRIORITY_DEFAULT, cancellable,
                                         ready_cb, &pending);
          wait_for (f, &pending, cancellable);
          frame = rdp_framed_read_by_hint_finish (f->framed, pending.result, error);
          break;
        case READ_EXACT:
          rdp_framed_read_exact_async (f->framed, read->count, G_PRIORITY_DEFAULT, cancellable,
                                       ready_cb, &pending);
          wait_for (f, &pending, cancellable);
          frame = rdp_framed_read_exact_finish (f->framed, pending.result, error);
          break;
        case READ_SIZE_FUNC:
          f->size_func_data_freed = 0;
          rdp_framed_read_with_size_func_async (f->framed, fuzz_size_func, f, size_func_data_free,
                                                G_PRIORITY_DEFAULT, cancellable, ready_cb, &pending);
          wait_for (f, &pending, cancellable);
          frame = rdp_framed_read_with_size_func_finish (f->framed, pending.result, error);
          g_clear_object (&pending.result);
          FUZZ_CHECK (f->size_func_data_freed == 1, "the size function's data was freed %u times",
                      f->size_func_data_freed);
          break;
        }
      g_clear_object (&pending.result);
      g_object_unref (cancellable);
    }

  if (frame != NULL)
    {
      frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      g_ptr_array_add (frames, frame);
    }
  FUZZ_CHECK ((frames != NULL) == (error == NULL || *error == NULL),
              "a read returned %s with %s", frames ? "frames" : "nothing",
              error && *error ? "an error" : "no error");
  return frames;
}

/* Checks one read's frames and takes them over. */
static void
check_frames (Fuzz       *f,
              const Read *read,
              GPtrArray  *frames,
              RdpAction   action)
{
  guint i;

  FUZZ_CHECK (frames->len >= 1, "a successful read returned no frame");
  switch (read->kind)
    {
    case READ_PDU:
      check_pdu (frames->pdata[0], RDP_PDU_HINT_ANY);
      FUZZ_CHECK (action == (RdpAction) (*(const guint8 *) g_bytes_get_data (frames->pdata[0], NULL) & 3),
                  "read_pdu gave action %d", action);
      break;
    case READ_PDUS:
      FUZZ_CHECK (read->max_pdus == 0 || frames->len <= read->max_pdus,
                  "read_pdus (%u) returned %u frames", read->max_pdus, frames->len);
      for (i = 0; i < frames->len; i++)
        {
          check_pdu (frames->pdata[i], RDP_PDU_HINT_ANY);
          if (i > 0)
            FUZZ_CHECK ((const guint8 *) g_bytes_get_data (frames->pdata[i - 1], NULL) +
                        g_bytes_get_size (frames->pdata[i - 1]) ==
                        g_bytes_get_data (frames->pdata[i], NULL),
                        "frames %u and %u of one read_pdus are not adjacent views", i - 1, i);
        }
      break;
    case READ_BY_HINT:
      check_pdu (frames->pdata[0], read->hint);
      break;
    case READ_EXACT:
      FUZZ_CHECK (g_bytes_get_size (frames->pdata[0]) == read->count,
                  "read_exact (%zu) returned %zu bytes", read->count,
                  g_bytes_get_size (frames->pdata[0]));
      break;
    case READ_SIZE_FUNC:
      {
        gsize len;
        const guint8 *data = g_bytes_get_data (frames->pdata[0], &len);

        FUZZ_CHECK (fuzz_size_func (data, len, NULL, NULL) == (gssize) len,
                    "read_with_size_func returned %zu bytes", len);
      }
      break;
    }

  for (i = 0; i < frames->len; i++)
    add_frame (f, g_bytes_ref (frames->pdata[i]));

  if (read->kind == READ_PDUS && (read->max_pdus == 0 || frames->len < read->max_pdus))
    {
      GBytes *peek = rdp_framed_peek (f->framed);
      gsize len;
      const guint8 *data = g_bytes_get_data (peek, &len);
      gssize next = rdp_find_pdu_size (data, len, NULL, NULL);

      FUZZ_CHECK (next <= 0 || (gsize) next > len,
                  "read_pdus left a whole PDU of %zd bytes buffered", next);
      g_bytes_unref (peek);
    }
}

/* Checks the error of a failed read against the buffer. Returns TRUE when
 * reading can go on. */
static gboolean
check_failure (Fuzz         *f,
               const Read   *read,
               const GError *error)
{
  GBytes *peek = check_buffer (f);
  gsize len;
  const guint8 *data = g_bytes_get_data (peek, &len);
  gboolean go_on = FALSE;
  RdpAction action;
  gssize size;

  FUZZ_CHECK (error->domain == RDP_ERROR || error->domain == G_IO_ERROR,
              "error of domain %s: %s", g_quark_to_string (error->domain), error->message);
  FUZZ_CHECK (error->message != NULL && g_utf8_validate (error->message, -1, NULL),
              "bad error message");

  if (f->cancelled)
    FUZZ_CHECK (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED),
                "a cancelled read failed with: %s", error->message);

  if (read->kind == READ_SIZE_FUNC && len > 0 && data[0] >= 0xfd)
    FUZZ_CHECK (data[0] == 0xff ? g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT)
                                : g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
                "the size function refused 0x%02x, and the read failed with: %s", data[0],
                error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    FUZZ_CHECK (FALSE, "an error that the size function did not set: %s", error->message);

  if (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA))
    {
      FUZZ_CHECK (len > 0, "invalid data with nothing buffered: %s", error->message);
      if (read->kind == READ_SIZE_FUNC)
        FUZZ_CHECK (data[0] == 0xfe || data[0] == 0xfd, "invalid data from the size function");
      if (read->kind == READ_PDU || read->kind == READ_PDUS ||
          (read->kind == READ_BY_HINT && read->hint <= RDP_PDU_HINT_FAST_PATH))
        FUZZ_CHECK (rdp_find_pdu_size (data, len, NULL, NULL) < 0,
                    "invalid data, but the buffer starts with a PDU header: %s", error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    ;
  else if (g_error_matches (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU))
    {
      FUZZ_CHECK (read->kind == READ_BY_HINT && read->hint != RDP_PDU_HINT_ANY,
                  "unexpected PDU from a read that takes any: %s", error->message);
      size = rdp_find_pdu_size (data, len, &action, NULL);
      FUZZ_CHECK (size > 0, "unexpected PDU, but the buffer does not start with one");
      if (read->hint == RDP_PDU_HINT_X224)
        FUZZ_CHECK (action == RDP_ACTION_FAST_PATH, "X224 hint refused an X.224 PDU");
      else if (read->hint == RDP_PDU_HINT_FAST_PATH)
        FUZZ_CHECK (action == RDP_ACTION_X224, "FAST_PATH hint refused a fast-path PDU");
      else
        FUZZ_CHECK (read->hint == RDP_PDU_HINT_CREDSSP, "hint %s refused a PDU",
                    hint_name (read->hint));
      go_on = TRUE;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    {
      FUZZ_CHECK (taken_from_wire (f) == f->wire_len,
                  "end of file after %zu of %zu bytes", taken_from_wire (f), f->wire_len);
      FUZZ_CHECK ((len == 0) == (error->code == G_IO_ERROR_CONNECTION_CLOSED),
                  "%s with %zu bytes buffered", error->message, len);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    {
      /* the test stream's own error at its end */
      FUZZ_CHECK (taken_from_wire (f) == f->wire_len, "stream error before its end");
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    FUZZ_CHECK (f->cancelled, "cancelled without a cancellation");
  else
    FUZZ_CHECK (FALSE, "unexpected error %s/%d: %s", g_quark_to_string (error->domain),
                error->code, error->message);

  g_bytes_unref (peek);
  return go_on;
}

/* The reads of a script, three bits each. */
static Read
script_read (guint op,
             guint step)
{
  switch (op & 7)
    {
    case 0: return (Read) { .kind = READ_PDU };
    case 1: return (Read) { .kind = READ_PDUS, .max_pdus = 0 };
    case 2: return (Read) { .kind = READ_PDUS, .max_pdus = 2 };
    case 3: return (Read) { .kind = READ_BY_HINT, .hint = RDP_PDU_HINT_X224 };
    case 4: return (Read) { .kind = READ_BY_HINT, .hint = RDP_PDU_HINT_FAST_PATH };
    case 5: return (Read) { .kind = READ_BY_HINT, .hint = RDP_PDU_HINT_CREDSSP };
    case 6: return (Read) { .kind = READ_BY_HINT, .hint = RDP_PDU_HINT_EARLY_USER_AUTH_RESULT };
    default: return (Read) { .kind = READ_EXACT, .count = 1 + step % 7 };
    }
}

static Read
mode_read (Mode   mode,
           guint  param,
           guint  step)
{
  switch (mode)
    {
    case MODE_READ_PDU:
      return (Read) { .kind = READ_PDU };
    case MODE_READ_PDUS:
      return (Read) { .kind = READ_PDUS, .max_pdus = param % 4 };
    case MODE_READ_BY_HINT:
      return (Read) { .kind = READ_BY_HINT, .hint = param % 5 };
    case MODE_READ_EXACT:
      return (Read) { .kind = READ_EXACT, .count = param + 1 };
    case MODE_SIZE_FUNC:
      return (Read) { .kind = READ_SIZE_FUNC };
    case MODE_SCRIPT:
    default:
      return script_read (param >> (3 * (step % 5)), step);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Fuzz f = { 0 };
  GBytes *served, *leftover = NULL;
  GInputStream *input;
  GIOStream *io;
  Mode mode;
  guint param, step, end_kind;
  gboolean after_unexpected = FALSE;
  RdpTestEnd end;
  GBytes *peek;
  guint i;

  if (size < HEADER_SIZE)
    return 0;

  mode = (data[0] & 7) % 6;
  f.async = (data[0] & 0x08) != 0;
  end_kind = (data[0] >> 4) & 3;
  f.drop_frames = (data[0] & 0x40) != 0;
  param = data[3] | (data[4] << 8);
  f.wire = data + HEADER_SIZE;
  f.wire_len = size - HEADER_SIZE;
  f.leftover_len = (data[0] & 0x80) ? MIN (data[5], f.wire_len) : 0;

  end = end_kind == 2 ? RDP_TEST_END_ERROR
      : end_kind == 3 && f.async ? RDP_TEST_END_HANG
      : RDP_TEST_END_EOF;
  f.hangs = end == RDP_TEST_END_HANG;

  if (f.async)
    {
      f.context = g_main_context_new ();
      g_main_context_push_thread_default (f.context);
    }

  served = g_bytes_new_static (f.wire + f.leftover_len, f.wire_len - f.leftover_len);
  input = rdp_test_chunked_stream_new (served, data[1], data[2], end);
  f.input = RDP_TEST_CHUNKED_STREAM (input);
  io = rdp_test_io_stream_new (input);
  if (f.leftover_len > 0)
    {
      leftover = g_bytes_new_static (f.wire, f.leftover_len);
      f.framed = rdp_framed_new_with_leftover (io, leftover);
    }
  else
    f.framed = rdp_framed_new (io);

  f.kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f.kept_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* Every successful read takes at least one byte, every UNEXPECTED_PDU is
   * followed by a read_pdu that takes the PDU or fails for good. */
  for (step = 0; step <= 2 * f.wire_len + 2; step++)
    {
      Read read = mode_read (mode, param, step);
      RdpAction action = (RdpAction) 0x55;
      GError *error = NULL;
      GPtrArray *frames;
      gsize before = f.consumed;

      if (after_unexpected)
        read = (Read) { .kind = READ_PDU };

      frames = do_read (&f, &read, &action, &error);
      if (frames == NULL)
        {
          gboolean cancelled = f.cancelled;
          GError *again_error = NULL;
          GBytes *peek_before;
          gsize taken_before;

          FUZZ_CHECK (!after_unexpected || !g_error_matches (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU),
                      "read_pdu refused the PDU that a hint left: %s", error->message);
          after_unexpected = check_failure (&f, &read, error);
          if (after_unexpected)
            {
              g_error_free (error);
              continue;
            }

          /* A failure that is not the stream's end is sticky: retrying
           * fails the same way and changes nothing. */
          if (!cancelled)
            {
              peek_before = rdp_framed_peek (f.framed);
              taken_before = taken_from_wire (&f);
              frames = do_read (&f, &read, &action, &again_error);
              FUZZ_CHECK (frames == NULL, "a read succeeded after %s", error->message);
              FUZZ_CHECK (again_error->domain == error->domain && again_error->code == error->code,
                          "retrying after \"%s\" failed with \"%s\"", error->message,
                          again_error->message);
              FUZZ_CHECK (taken_from_wire (&f) == taken_before, "a retry took more bytes");
              peek = rdp_framed_peek (f.framed);
              FUZZ_CHECK (g_bytes_equal (peek, peek_before), "a retry changed the buffer");
              g_bytes_unref (peek);
              g_bytes_unref (peek_before);
              g_error_free (again_error);
            }
          g_error_free (error);
          break;
        }

      check_frames (&f, &read, frames, action);
      g_ptr_array_unref (frames);
      g_bytes_unref (check_buffer (&f));
      FUZZ_CHECK (f.consumed > before, "a read succeeded without taking a byte");
      after_unexpected = FALSE;
    }

  /* The frames kept to the end are still the bytes they were. */
  g_bytes_unref (check_buffer (&f));
  for (i = 0; i < f.kept->len; i++)
    check_bytes_at (&f, f.kept->pdata[i], g_array_index (f.kept_offsets, gsize, i), "a kept frame");

  g_ptr_array_unref (f.kept);
  g_array_unref (f.kept_offsets);
  g_object_unref (f.framed);
  g_object_unref (io);
  g_object_unref (input);
  g_clear_pointer (&leftover, g_bytes_unref);
  g_bytes_unref (served);
  if (f.async)
    {
      while (g_main_context_iteration (f.context, FALSE))
        ;
      g_main_context_pop_thread_default (f.context);
      g_main_context_unref (f.context);
    }
  return 0;
}
