/* test-framed.c: RdpFramed and its halves, through the public API only
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <libintl.h>
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-utils.h"

/* ------------------------------------------------------------------------
 * PDU streams made of real vectors
 * ------------------------------------------------------------------------ */

typedef struct {
  const char *name;
  GPtrArray *pdus;   /* of GBytes, in wire order */
  GBytes *all;       /* their concatenation */
} PduStream;

static void
pdu_stream_add (PduStream *stream,
                GBytes    *pdu)
{
  g_ptr_array_add (stream->pdus, pdu);
}

static void
pdu_stream_add_vector (PduStream  *stream,
                       const char *name)
{
  pdu_stream_add (stream, rdp_test_load_vector (name));
}

static void
pdu_stream_seal (PduStream *stream)
{
  GByteArray *all = g_byte_array_new ();
  guint i;

  g_assert_cmpuint (stream->pdus->len, >, 0);
  for (i = 0; i < stream->pdus->len; i++)
    {
      GBytes *pdu = stream->pdus->pdata[i];

      /* Every PDU of a stream is a whole, valid frame. */
      g_assert_cmpint (rdp_find_pdu_size (g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu), NULL, NULL),
                       ==, (gssize) g_bytes_get_size (pdu));
      g_byte_array_append (all, g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu));
    }
  stream->all = g_byte_array_free_to_bytes (all);
}

static PduStream *
pdu_stream_new (const char *name)
{
  PduStream *stream = g_new0 (PduStream, 1);

  stream->name = name;
  stream->pdus = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return stream;
}

static void
pdu_stream_free (PduStream *stream)
{
  g_ptr_array_unref (stream->pdus);
  g_clear_pointer (&stream->all, g_bytes_unref);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PduStream, pdu_stream_free)

/* A synthetic PDU of @size bytes: a TPKT or fast-path header and a pattern. */
static GBytes *
make_pdu (RdpAction action,
          gsize     size,
          guint     seed)
{
  guint8 *data = g_malloc (size);
  gsize i, header;

  if (action == RDP_ACTION_X224)
    {
      g_assert (size >= 7 && size <= 0xffff);
      data[0] = 0x03;
      data[1] = 0x00;
      data[2] = size >> 8;
      data[3] = size & 0xff;
      header = 4;
    }
  else
    {
      g_assert (size >= 3 && size <= 0x7fff);
      data[0] = 0x80 | (seed & 0x3c);   /* encrypted flag, some numEvents */
      data[1] = 0x80 | (size >> 8);
      data[2] = size & 0xff;
      header = 3;
    }
  for (i = header; i < size; i++)
    data[i] = (guint8) (i * 13 + seed);
  return g_bytes_new_take (data, size);
}

static PduStream *
stream_from_prefix (const char *name,
                    const char *prefix)
{
  PduStream *stream = pdu_stream_new (name);
  g_autoptr(GPtrArray) names = rdp_test_list_vectors (prefix);
  guint i;

  for (i = 0; i < names->len; i++)
    pdu_stream_add_vector (stream, names->pdata[i]);
  pdu_stream_seal (stream);
  return stream;
}

/* Fast-path and X.224 interleaved, with the largest frames either allows. */
static PduStream *
stream_mixed (void)
{
  static const char * const names[] = {
    "redemption_fastpath_update_1byte_len_cached_pointer",
    "ironrdp_x224_nego_confirm_response",
    "redemption_fastpath_update_2byte_len_orders_bitmap_sync_pointer",
    "bcgr_4.7_fastpath_input_wire_encrypted",
    "w2008tls_server_s05_license_request",
    "rdps2rdp_fastpath_update_1byte_len_orders_frame_markers",
    "ironrdp_fastpath_input_6_mouse_events",
    "bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp",
    NULL,
    "redemption_fastpath_input_6events_mouse_x5_scancode",
    "redemption_fastpath_update_1byte_len_sync_bitmap_sync_ptrdefault",
    NULL,
    "bcgr_4.2.3_mcs_disconnect_provider_ultimatum",
    "redemption_fastpath_input_4events_scancode_sync_scancode_mouse",
    "mstsc_tls_client_c16_fastpath_input_12_events",
    "bcgr_4.1.12_server_demand_active_wire_encrypted",
  };
  PduStream *stream = pdu_stream_new ("mixed");
  guint i, synthetic = 0;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (names[i] != NULL)
        pdu_stream_add_vector (stream, names[i]);
      else if (synthetic++ == 0)
        pdu_stream_add (stream, make_pdu (RDP_ACTION_X224, 0xffff, 1));
      else
        pdu_stream_add (stream, make_pdu (RDP_ACTION_FAST_PATH, 0x7fff, 2));
    }
  pdu_stream_seal (stream);
  return stream;
}

static PduStream *
stream_by_name (const char *name)
{
  if (g_str_equal (name, "w2008"))
    return stream_from_prefix (name, "w2008tls_server_");
  if (g_str_equal (name, "mstsc"))
    return stream_from_prefix (name, "mstsc_tls_client_");
  if (g_str_equal (name, "mixed"))
    return stream_mixed ();
  g_assert_not_reached ();
}

static void
assert_pdu (GBytes   *got,
            RdpAction action,
            GBytes   *expected)
{
  const guint8 *data = g_bytes_get_data (expected, NULL);

  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got),
                   data, g_bytes_get_size (expected));
  g_assert_cmpint (action, ==, data[0] & 3);
}

static void
assert_bytes (GBytes       *got,
              const guint8 *data,
              gsize         size)
{
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), data, size);
}

static GBytes *
slice (GBytes *bytes,
       gsize   offset,
       gsize   length)
{
  return g_bytes_new_from_bytes (bytes, offset, length);
}

/* ------------------------------------------------------------------------
 * Plumbing
 * ------------------------------------------------------------------------ */

typedef struct {
  gsize max_chunk;
  guint32 seed;
} Chunking;

/* From one-byte dribbles to 64 KiB bursts, fixed and random. */
static const Chunking chunkings[] = {
  { 1, 0 }, { 2, 0 }, { 3, 0 }, { 5, 0 }, { 17, 0 },
  { 10, 1 }, { 100, 1 }, { 100, 2 }, { 1000, 1 }, { 1000, 3 },
  { 4096, 4 }, { 65536, 1 }, { 65536, 2 }, { 65536, 3 }, { 0, 0 },
};

static RdpFramed *
framed_new_chunked (GBytes                *data,
                    gsize                  max_chunk,
                    guint32                seed,
                    RdpTestEnd             end,
                    RdpTestChunkedStream **out_input)
{
  g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (data, max_chunk, seed, end);
  g_autoptr(GIOStream) io = rdp_test_io_stream_new (input);

  if (out_input)
    *out_input = RDP_TEST_CHUNKED_STREAM (input);   /* the framed keeps it */
  return rdp_framed_new (io);
}

static GBytes *
framed_output (RdpFramed *framed)
{
  GMemoryOutputStream *out =
    G_MEMORY_OUTPUT_STREAM (g_io_stream_get_output_stream (rdp_framed_get_stream (framed)));

  return g_bytes_new (g_memory_output_stream_get_data (out),
                      g_memory_output_stream_get_data_size (out));
}

static gboolean
watchdog_cb (gpointer data)
{
  g_error ("test timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Runs the thread-default main context until *@flag becomes true, at most
 * ten seconds. */
static void
run_until (const gboolean *flag,
           const char     *what)
{
  GSource *watchdog = g_timeout_source_new_seconds (10);

  g_source_set_callback (watchdog, watchdog_cb, (gpointer) what, NULL);
  g_source_attach (watchdog, g_main_context_get_thread_default ());
  while (!*flag)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (watchdog);
  g_source_unref (watchdog);
}

/* An async result slot: the callback stores the result here. */
static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  GSource *watchdog = g_timeout_source_new_seconds (10);

  g_source_set_callback (watchdog, watchdog_cb, "an async result", NULL);
  g_source_attach (watchdog, g_main_context_get_thread_default ());
  while (*slot == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (watchdog);
  g_source_unref (watchdog);
  return g_steal_pointer (slot);
}

static GBytes *
read_pdu_async_wait (RdpFramed     *framed,
                     RdpAction     *out_action,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, cancellable, store_result_cb, &slot);
  result = wait_result (&slot);
  return rdp_framed_read_pdu_finish (framed, result, out_action, error);
}

static GBytes *
read_by_hint_async_wait (RdpFramed   *framed,
                         RdpPduHint   hint,
                         GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  rdp_framed_read_by_hint_async (framed, hint, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  return rdp_framed_read_by_hint_finish (framed, result, error);
}

/* Reads the whole stream PDU by PDU, synchronously or not, and then expects
 * the end of the connection at a PDU boundary. */
static void
read_all_and_check (RdpFramed *framed,
                    PduStream *stream,
                    gboolean   async)
{
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < stream->pdus->len; i++)
    {
      g_autoptr(GBytes) pdu = NULL;
      RdpAction action = 42;

      if (async)
        pdu = read_pdu_async_wait (framed, &action, NULL, &error);
      else
        pdu = rdp_framed_read_pdu (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (pdu, action, stream->pdus->pdata[i]);
    }

  if (async)
    g_assert_null (read_pdu_async_wait (framed, NULL, NULL, &error));
  else
    g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* ------------------------------------------------------------------------
 * Reading whole streams
 * ------------------------------------------------------------------------ */

static void
read_chunked (const char *name,
              gboolean    async)
{
  g_autoptr(PduStream) stream = stream_by_name (name);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (chunkings); i++)
    {
      RdpTestChunkedStream *input;
      g_autoptr(RdpFramed) framed = NULL;

      /* A main loop iteration per byte of the 100 KiB stream is too slow;
       * the small streams cover the dribbles. */
      if (async && chunkings[i].max_chunk != 0 && chunkings[i].max_chunk < 10 &&
          g_bytes_get_size (stream->all) > 20000)
        continue;
      framed = framed_new_chunked (stream->all, chunkings[i].max_chunk,
                                   chunkings[i].seed, RDP_TEST_END_EOF, &input);
      g_test_message ("%s: chunks of %" G_GSIZE_FORMAT " seed %u", name,
                      chunkings[i].max_chunk, chunkings[i].seed);
      read_all_and_check (framed, stream, async);
      g_assert_cmpuint (rdp_test_chunked_stream_get_offset (input), ==, g_bytes_get_size (stream->all));
      if (chunkings[i].max_chunk == 0)
        {
          /* One burst: one read for all PDUs, one for the end. */
          g_assert_cmpuint (rdp_test_chunked_stream_get_reads (input), <=,
                            2 + g_bytes_get_size (stream->all) / 4096);
        }
    }
}

static void
test_read_chunked_sync (gconstpointer data)
{
  read_chunked (data, FALSE);
}

static void
test_read_chunked_async (gconstpointer data)
{
  read_chunked (data, TRUE);
}

typedef struct {
  GIOStream *peer;
  GBytes *data;
  gsize max_piece;
  guint32 seed;
} WriterJob;

/* Writes the job's bytes to the peer in pieces, then closes it. */
static gpointer
writer_thread (gpointer user_data)
{
  WriterJob *job = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (job->peer);
  GRand *rand = g_rand_new_with_seed (job->seed);
  GError *error = NULL;
  gsize length, offset = 0;
  const guint8 *data = g_bytes_get_data (job->data, &length);

  while (offset < length)
    {
      gsize piece = g_rand_int_range (rand, 1, (gint32) job->max_piece + 1);
      gsize n = MIN (length - offset, piece);

      g_output_stream_write_all (out, data + offset, n, NULL, NULL, &error);
      g_assert_no_error (error);
      offset += n;
      if (g_rand_int_range (rand, 0, 8) == 0)
        g_thread_yield ();
    }
  g_io_stream_close (job->peer, NULL, &error);
  g_assert_no_error (error);
  g_rand_free (rand);
  return NULL;
}

static void
read_socket (const char *name,
             gboolean    async)
{
  static const gsize pieces[] = { 1, 7, 100, 1500, 65536 };
  g_autoptr(PduStream) stream = stream_by_name (name);
  gsize i;
  guint32 seed;

  for (i = 0; i < G_N_ELEMENTS (pieces); i++)
    for (seed = 1; seed <= 2; seed++)
      {
        g_autoptr(GIOStream) a = NULL;
        g_autoptr(GIOStream) b = NULL;
        g_autoptr(RdpFramed) framed = NULL;
        WriterJob job;
        GThread *thread;

        /* a system call per byte of the 100 KiB stream is too slow */
        if (pieces[i] < 100 && g_bytes_get_size (stream->all) > 20000)
          continue;
        g_test_message ("%s: socket pieces of up to %" G_GSIZE_FORMAT " seed %u", name, pieces[i], seed);
        rdp_test_socket_pair (&a, &b);
        framed = rdp_framed_new (a);
        job = (WriterJob) { .peer = b, .data = stream->all, .max_piece = pieces[i], .seed = seed };
        thread = g_thread_new ("writer", writer_thread, &job);
        read_all_and_check (framed, stream, async);
        g_thread_join (thread);
      }
}

static void
test_read_socket_sync (gconstpointer data)
{
  read_socket (data, FALSE);
}

static void
test_read_socket_async (gconstpointer data)
{
  read_socket (data, TRUE);
}

/* ------------------------------------------------------------------------
 * read_pdus
 * ------------------------------------------------------------------------ */

static GPtrArray *
read_pdus_maybe_async (RdpFramed  *framed,
                       guint       max_pdus,
                       gboolean    async,
                       GError    **error)
{
  if (async)
    {
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;

      rdp_framed_read_pdus_async (framed, max_pdus, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
      result = wait_result (&slot);
      return rdp_framed_read_pdus_finish (framed, result, error);
    }
  return rdp_framed_read_pdus (framed, max_pdus, NULL, error);
}

static void
read_pdus (gboolean async)
{
  static const guint maxes[] = { 0, 1, 3, 1000 };
  g_autoptr(PduStream) stream = stream_by_name ("mstsc");
  gsize c, m;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    for (m = 0; m < G_N_ELEMENTS (maxes); m++)
      {
        RdpTestChunkedStream *input;
        g_autoptr(RdpFramed) framed = framed_new_chunked (stream->all, chunkings[c].max_chunk,
                                                           chunkings[c].seed, RDP_TEST_END_EOF, &input);
        g_autoptr(GError) error = NULL;
        guint next = 0, calls = 0;

        while (next < stream->pdus->len)
          {
            g_autoptr(GPtrArray) pdus = read_pdus_maybe_async (framed, maxes[m], async, &error);
            guint i;

            g_assert_no_error (error);
            g_assert_nonnull (pdus);
            g_assert_cmpuint (pdus->len, >=, 1);
            if (maxes[m] > 0)
              g_assert_cmpuint (pdus->len, <=, maxes[m]);
            for (i = 0; i < pdus->len; i++)
              {
                GBytes *pdu = pdus->pdata[i];

                g_assert_cmpuint (next, <, stream->pdus->len);
                assert_pdu (pdu, ((const guint8 *) g_bytes_get_data (pdu, NULL))[0] & 3,
                            stream->pdus->pdata[next++]);
              }
            calls++;
          }
        g_assert_cmpuint (next, ==, stream->pdus->len);

        if (chunkings[c].max_chunk == 0 && maxes[m] != 1)
          {
            /* Everything arrived in one read: one call takes as many as
             * allowed. */
            guint expected_calls = maxes[m] == 0 ? 1 : (stream->pdus->len + maxes[m] - 1) / maxes[m];

            g_assert_cmpuint (calls, ==, expected_calls);
          }
        if (maxes[m] == 1)
          g_assert_cmpuint (calls, ==, stream->pdus->len);

        g_assert_null (read_pdus_maybe_async (framed, maxes[m], async, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
      }
}

static void
test_read_pdus_sync (void)
{
  read_pdus (FALSE);
}

static void
test_read_pdus_async (void)
{
  read_pdus (TRUE);
}

/* A malformed frame after good ones: the batch stops before it, and the next
 * read reports it. */
static void
test_read_pdus_stops_at_garbage (void)
{
  g_autoptr(GBytes) a = rdp_test_load_vector ("w2008tls_server_s02_mcs_attach_user_confirm_1004");
  g_autoptr(GBytes) b = rdp_test_load_vector ("redemption_fastpath_update_1byte_len_cached_pointer");
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x05garbage", 8);
  g_autoptr(GBytes) all = rdp_test_concat (a, b, garbage, NULL);
  g_autoptr(RdpFramed) framed = framed_new_chunked (all, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(GPtrArray) pdus = NULL;
  g_autoptr(GBytes) peek = NULL;
  g_autoptr(GError) error = NULL;

  pdus = rdp_framed_read_pdus (framed, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pdus->len, ==, 2);
  g_assert_true (g_bytes_equal (pdus->pdata[0], a));
  g_assert_true (g_bytes_equal (pdus->pdata[1], b));
  peek = rdp_framed_peek (framed);
  g_assert_true (g_bytes_equal (peek, garbage));
  g_assert_null (rdp_framed_read_pdus (framed, 0, NULL, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

/* ------------------------------------------------------------------------
 * read_by_hint
 * ------------------------------------------------------------------------ */

/* read_each_pdu: every PDU reaches the function once, in order, from the
 * read buffer; a FALSE return stops after that PDU and loses nothing. */
typedef struct {
  PduStream *stream;
  guint next;
  guint stop_after;      /* 0: never stop */
  RdpFramed *framed;     /* to check that reading inside the function fails */
  gboolean tried_reentry;
} EachState;

static gboolean
each_cb (const guint8 *data,
         gsize         size,
         RdpAction     action,
         gpointer      user_data)
{
  EachState *state = user_data;
  GBytes *want;

  g_assert_cmpuint (state->next, <, state->stream->pdus->len);
  want = state->stream->pdus->pdata[state->next++];
  g_assert_cmpmem (data, size, g_bytes_get_data (want, NULL), g_bytes_get_size (want));
  g_assert_cmpint (action, ==, (RdpAction) (data[0] & 3));

  if (state->framed && !state->tried_reentry)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdu = rdp_framed_read_pdu (state->framed, NULL, NULL, &error);

      g_assert_null (pdu);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
      state->tried_reentry = TRUE;
    }
  return state->stop_after == 0 || state->next % state->stop_after != 0;
}

static void
test_read_each_pdu (void)
{
  g_autoptr(PduStream) stream = stream_mixed ();
  guint c;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      g_autoptr(RdpFramed) framed = framed_new_chunked (stream->all, chunkings[c].max_chunk,
                                                        chunkings[c].seed, RDP_TEST_END_EOF, NULL);
      g_autoptr(GError) error = NULL;
      EachState state = { .stream = stream, .framed = framed };
      guint calls = 0;

      while (state.next < stream->pdus->len)
        {
          guint before = state.next;
          guint n = rdp_framed_read_each_pdu (framed, each_cb, &state, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (n, >=, 1);
          g_assert_cmpuint (n, ==, state.next - before);
          calls++;
        }
      g_assert_true (state.tried_reentry);
      /* With whole-stream reads, a call sees more than one PDU. */
      if (chunkings[c].max_chunk == 0)
        g_assert_cmpuint (calls, <, stream->pdus->len);
      g_assert_cmpuint (rdp_framed_read_each_pdu (framed, each_cb, &state, NULL, &error), ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    }
}

static void
test_read_each_pdu_stop (void)
{
  g_autoptr(PduStream) stream = pdu_stream_new ("small");
  g_autoptr(RdpFramed) framed = NULL;
  EachState state = { .stream = stream, .stop_after = 2 };
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < 21; i++)
    pdu_stream_add (stream, make_pdu (i % 3 ? RDP_ACTION_FAST_PATH : RDP_ACTION_X224, 20 + 17 * i, i));
  pdu_stream_seal (stream);
  framed = framed_new_chunked (stream->all, 0, 0, RDP_TEST_END_EOF, NULL);

  /* Everything is buffered after the first read, yet each call hands out
   * two PDUs and the rest stay for later calls, whole. */
  while (state.next + 2 <= stream->pdus->len)
    {
      g_assert_cmpuint (rdp_framed_read_each_pdu (framed, each_cb, &state, NULL, &error), ==, 2);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (state.next, ==, 20);
  {
    g_autoptr(GBytes) pdu = rdp_framed_read_pdu (framed, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (pdu, stream->pdus->pdata[20]));
  }
}

static void
test_read_each_pdu_errors (void)
{
  static const guint8 garbage[] = { 0x01, 0x02, 0x03 };
  g_autoptr(GBytes) first = make_pdu (RDP_ACTION_X224, 40, 1);
  g_autoptr(GBytes) bad = g_bytes_new_static (garbage, sizeof garbage);
  g_autoptr(GBytes) data = rdp_test_concat (first, bad, NULL);
  g_autoptr(RdpFramed) framed = framed_new_chunked (data, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(PduStream) stream = pdu_stream_new ("one");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rest = NULL;
  EachState state = { .stream = stream };

  pdu_stream_add (stream, g_bytes_ref (first));
  /* The good PDU is handed out; the garbage after it is left for the next
   * call to report, and stays buffered. */
  g_assert_cmpuint (rdp_framed_read_each_pdu (framed, each_cb, &state, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (rdp_framed_read_each_pdu (framed, each_cb, &state, NULL, &error), ==, 0);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  rest = rdp_framed_peek (framed);
  g_assert_true (g_bytes_equal (rest, bad));
}

/* A read whose PDU was already buffered, cancelled before its callback ran,
 * still delivers the PDU it took: a cancelled read never eats a PDU. */
static void
test_cancel_after_take (void)
{
  g_autoptr(GBytes) one = make_pdu (RDP_ACTION_X224, 30, 1);
  g_autoptr(GBytes) two = make_pdu (RDP_ACTION_FAST_PATH, 50, 2);
  g_autoptr(GBytes) both = rdp_test_concat (one, two, NULL);
  g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (NULL, 0, 0, RDP_TEST_END_HANG);
  g_autoptr(GIOStream) io = rdp_test_io_stream_new (input);
  g_autoptr(RdpFramed) framed = rdp_framed_new_with_leftover (io, both);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) next = NULL;
  GAsyncResult *slot = NULL;
  GError *error = NULL;

  rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, cancellable, store_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = wait_result (&slot);
  got = rdp_framed_read_pdu_finish (framed, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (got, one));

  next = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (next, two));
}

static const char * const credssp_vectors[] = {
  "cssp_sspirs_ntlm_1_phase_ts_request",          /* 30 5b: one-byte length */
  "cssp_sspirs_ntlm_2_phase_ts_request",          /* 30 81 b8 */
  "cssp_sspirs_ntlm_3_phase_ts_request",          /* 30 82 01 a9 */
  "cssp_redemption_tsrequest_v3_negotiate",
  "cssp_redemption_tsrequest_v3_challenge",       /* 30 81 94 */
  "cssp_redemption_tsrequest_v3_authenticate_with_pubkeyauth",   /* 30 82 02 41 */
  "cssp_sspirs_ntlm_4_phase_ts_request",
  "cssp_sspirs_ntlm_5_phase_ts_request",
  "cssp_sspirs_ntlm_with_error_code_ts_request",
  "cssp_rdps2rdp_tsrequest_v6_ntlm_negotiate_minimal",
};

static void
hint_credssp (gboolean async)
{
  g_autoptr(PduStream) stream = pdu_stream_new ("credssp");
  GByteArray *all = g_byte_array_new ();
  g_autoptr(GBytes) all_bytes = NULL;
  gsize i, c;
  gboolean forms[3] = { FALSE, FALSE, FALSE };

  for (i = 0; i < G_N_ELEMENTS (credssp_vectors); i++)
    {
      GBytes *v = rdp_test_load_vector (credssp_vectors[i]);
      const guint8 *d = g_bytes_get_data (v, NULL);

      g_assert_cmpuint (d[0], ==, 0x30);
      if (d[1] < 0x80)
        forms[0] = TRUE;
      else if (d[1] == 0x81)
        forms[1] = TRUE;
      else if (d[1] == 0x82)
        forms[2] = TRUE;
      g_byte_array_append (all, d, g_bytes_get_size (v));
      pdu_stream_add (stream, v);
    }
  g_assert_true (forms[0] && forms[1] && forms[2]);
  all_bytes = g_byte_array_free_to_bytes (all);

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      g_autoptr(RdpFramed) framed = framed_new_chunked (all_bytes, chunkings[c].max_chunk,
                                                         chunkings[c].seed, RDP_TEST_END_EOF, NULL);
      g_autoptr(GError) error = NULL;

      for (i = 0; i < stream->pdus->len; i++)
        {
          g_autoptr(GBytes) frame = NULL;

          if (async)
            frame = read_by_hint_async_wait (framed, RDP_PDU_HINT_CREDSSP, &error);
          else
            frame = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (frame, stream->pdus->pdata[i]));
        }
      g_assert_null (rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    }
}

static void
test_hint_credssp_sync (void)
{
  hint_credssp (FALSE);
}

static void
test_hint_credssp_async (void)
{
  hint_credssp (TRUE);
}

static void
test_hint_credssp_invalid (void)
{
  static const struct {
    const char *bytes;
    gsize length;
  } cases[] = {
    /* 256 KiB of content plus its header: over the cap */
    { "\x30\x83\x04\x00\x00", 5 },
    { "\x30\x84\x00\x04\x00\x00", 6 },
    { "\x30\x84\xff\xff\xff\xff", 6 },
    /* cap + 1 in total */
    { "\x30\x83\x03\xff\xfc", 5 },
    /* the indefinite form, and lengths of more than four bytes */
    { "\x30\x80", 2 },
    { "\x30\x85\x00\x00\x00\x00\x10", 7 },
    /* not a SEQUENCE and not an RDP PDU */
    { "\x31\x05\x00\x00\x00\x00\x00", 7 },
    { "\x32\x05\x00\x00\x00\x00\x00", 7 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize c;

      for (c = 0; c < 2; c++)
        {
          g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].bytes, cases[i].length);
          /* The error must come from the header alone: at the end the
           * stream hangs (async, where the watchdog bounds the wait) or
           * ends, which would be another error. */
          g_autoptr(RdpFramed) framed = framed_new_chunked (bytes, c == 0 ? 0 : 1, 0,
                                                             c == 0 ? RDP_TEST_END_EOF : RDP_TEST_END_HANG,
                                                             NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) peek = NULL;

          g_test_message ("case %" G_GSIZE_FORMAT, i);
          if (c == 0)
            g_assert_null (rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error));
          else
            g_assert_null (read_by_hint_async_wait (framed, RDP_PDU_HINT_CREDSSP, &error));
          g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
          /* Whatever was read stays. */
          peek = rdp_framed_peek (framed);
          g_assert_cmpuint (g_bytes_get_size (peek), >, 0);
          g_assert_cmpmem (g_bytes_get_data (peek, NULL), g_bytes_get_size (peek),
                           cases[i].bytes, g_bytes_get_size (peek));
        }
    }
}

/* The largest TSRequest allowed is read whole. */
static void
test_hint_credssp_at_cap (void)
{
  gsize total = RDP_FRAMED_MAX_CREDSSP_SIZE;
  gsize content = total - 5;
  guint8 *data = g_malloc0 (total + 7);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) next = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(GError) error = NULL;
  RdpAction action;
  gsize i;

  data[0] = 0x30;
  data[1] = 0x83;
  data[2] = content >> 16;
  data[3] = (content >> 8) & 0xff;
  data[4] = content & 0xff;
  for (i = 5; i < total; i++)
    data[i] = (guint8) i;
  memcpy (data + total, "\x03\x00\x00\x07\x02\xf0\x80", 7);
  bytes = g_bytes_new_take (data, total + 7);

  framed = framed_new_chunked (bytes, 65536, 7, RDP_TEST_END_EOF, NULL);
  frame = rdp_framed_read_by_hint (framed, RDP_PDU_HINT_CREDSSP, NULL, &error);
  g_assert_no_error (error);
  assert_bytes (frame, data, total);
  next = rdp_framed_read_pdu (framed, &action, NULL, &error);
  g_assert_no_error (error);
  assert_bytes (next, data + total, 7);
  g_assert_cmpint (action, ==, RDP_ACTION_X224);
}

static void
test_hint_kinds (void)
{
  g_autoptr(GBytes) x224 = rdp_test_load_vector ("w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl");
  g_autoptr(GBytes) fast = rdp_test_load_vector ("redemption_fastpath_update_2byte_len_orders_bitmap_sync_pointer");
  g_autoptr(GBytes) cssp = rdp_test_load_vector ("cssp_sspirs_ntlm_4_phase_ts_request");
  g_autoptr(GBytes) eua = g_bytes_new_static ("\x00\x00\x00\x00", 4);
  g_autoptr(GBytes) x224b = rdp_test_load_vector ("w2008tls_server_s01_mcs_connect_response_no_rdp_security");
  g_autoptr(GBytes) all = rdp_test_concat (x224, fast, cssp, eua, x224b, fast, NULL);
  gsize c;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      guint async;

      for (async = 0; async < 2; async++)
        {
          g_autoptr(RdpFramed) framed = framed_new_chunked (all, chunkings[c].max_chunk, chunkings[c].seed,
                                                             RDP_TEST_END_EOF, NULL);
          static const RdpPduHint hints[] = {
            RDP_PDU_HINT_X224, RDP_PDU_HINT_FAST_PATH, RDP_PDU_HINT_CREDSSP,
            RDP_PDU_HINT_EARLY_USER_AUTH_RESULT, RDP_PDU_HINT_ANY, RDP_PDU_HINT_ANY,
          };
          GBytes *expected[] = { x224, fast, cssp, eua, x224b, fast };
          gsize i;

          for (i = 0; i < G_N_ELEMENTS (hints); i++)
            {
              g_autoptr(GError) error = NULL;
              g_autoptr(GBytes) frame = NULL;

              if (async)
                frame = read_by_hint_async_wait (framed, hints[i], &error);
              else
                frame = rdp_framed_read_by_hint (framed, hints[i], NULL, &error);
              g_assert_no_error (error);
              g_assert_true (g_bytes_equal (frame, expected[i]));
            }
        }
    }
}

/* A frame of another kind than the hint is refused and kept whole. */
static void
test_hint_mismatch (void)
{
  g_autoptr(GBytes) x224 = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GBytes) fast = rdp_test_load_vector ("redemption_fastpath_update_2byte_len_orders_bitmap_sync_pointer");
  static const struct {
    RdpPduHint hint;
    gboolean x224;
  } cases[] = {
    { RDP_PDU_HINT_X224, FALSE },
    { RDP_PDU_HINT_FAST_PATH, TRUE },
    { RDP_PDU_HINT_CREDSSP, TRUE },
    { RDP_PDU_HINT_CREDSSP, FALSE },
  };
  gsize i, c;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
      {
        GBytes *pdu = cases[i].x224 ? x224 : fast;
        GBytes *other = cases[i].x224 ? fast : x224;
        g_autoptr(GBytes) all = rdp_test_concat (pdu, other, NULL);
        g_autoptr(RdpFramed) framed = framed_new_chunked (all, chunkings[c].max_chunk, chunkings[c].seed,
                                                           RDP_TEST_END_EOF, NULL);
        g_autoptr(GError) error = NULL;
        g_autoptr(GError) error2 = NULL;
        g_autoptr(GBytes) got = NULL;
        g_autoptr(GBytes) got2 = NULL;
        g_autoptr(GBytes) peek = NULL;
        RdpAction action = 42;

        if (c % 2)
          g_assert_null (read_by_hint_async_wait (framed, cases[i].hint, &error));
        else
          g_assert_null (rdp_framed_read_by_hint (framed, cases[i].hint, NULL, &error));
        g_assert_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU);
        /* as soon as the header is in: nothing of the PDU was consumed */
        peek = rdp_framed_peek (framed);
        g_assert_cmpuint (g_bytes_get_size (peek), >=, 2);
        g_assert_cmpmem (g_bytes_get_data (peek, NULL), MIN (g_bytes_get_size (peek), g_bytes_get_size (pdu)),
                         g_bytes_get_data (pdu, NULL), MIN (g_bytes_get_size (peek), g_bytes_get_size (pdu)));

        /* Asking again gives the same answer. */
        g_assert_null (rdp_framed_read_by_hint (framed, cases[i].hint, NULL, &error2));
        g_assert_error (error2, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU);
        g_clear_error (&error);

        /* and a plain read gets the PDU whole */
        got = rdp_framed_read_pdu (framed, &action, NULL, &error);
        g_assert_no_error (error);
        assert_pdu (got, action, pdu);
        got2 = rdp_framed_read_pdu (framed, &action, NULL, &error);
        g_assert_no_error (error);
        assert_pdu (got2, action, other);
      }
}

/* ------------------------------------------------------------------------
 * read_with_size_func, read_exact, peek, last read time
 * ------------------------------------------------------------------------ */

typedef struct {
  guint calls;
  guint freed;
  gboolean fail;
  gssize fixed;
} SizeFuncData;

/* A 2-byte big-endian length prefix that counts itself. */
static gssize
be16_size (const guint8  *data,
           gsize          length,
           gpointer       user_data,
           GError       **error)
{
  SizeFuncData *sfd = user_data;

  g_assert_cmpuint (length, >=, 1);
  sfd->calls++;
  if (sfd->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "custom size function error");
      return -1;
    }
  if (sfd->fixed != 0)
    return sfd->fixed;
  if (length < 2)
    return 0;
  return (data[0] << 8) | data[1];
}

static void
size_func_data_free (gpointer data)
{
  SizeFuncData *sfd = data;

  sfd->freed++;
}

static GBytes *
read_size_func (RdpFramed     *framed,
                SizeFuncData  *sfd,
                gboolean       async,
                GError       **error)
{
  if (async)
    {
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      guint freed = sfd->freed;
      GBytes *frame;

      rdp_framed_read_with_size_func_async (framed, be16_size, sfd, size_func_data_free,
                                            G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
      result = wait_result (&slot);
      frame = rdp_framed_read_with_size_func_finish (framed, result, error);
      g_clear_object (&result);
      /* freed exactly once, by the time the task is gone */
      g_assert_cmpuint (sfd->freed, ==, freed + 1);
      return frame;
    }
  return rdp_framed_read_with_size_func (framed, be16_size, sfd, NULL, error);
}

static void
size_func (gboolean async)
{
  g_autoptr(GBytes) frames = g_bytes_new_static ("\x00\x05" "abc" "\x00\x02" "\x01\x00" "0123456789", 19);
  gsize c;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      g_autoptr(RdpFramed) framed = framed_new_chunked (frames, chunkings[c].max_chunk, chunkings[c].seed,
                                                         RDP_TEST_END_EOF, NULL);
      SizeFuncData sfd = { 0, };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autoptr(GBytes) rest = NULL;

      a = read_size_func (framed, &sfd, async, &error);
      g_assert_no_error (error);
      assert_bytes (a, (const guint8 *) "\x00\x05" "abc", 5);
      g_assert_cmpuint (sfd.calls, >=, 1);
      b = read_size_func (framed, &sfd, async, &error);
      g_assert_no_error (error);
      assert_bytes (b, (const guint8 *) "\x00\x02", 2);

      /* 0x0100 bytes announced, 12 there: the end comes inside the frame */
      g_assert_null (read_size_func (framed, &sfd, async, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      rest = rdp_framed_peek (framed);
      assert_bytes (rest, (const guint8 *) "\x01\x00" "0123456789", 12);
    }
}

static void
test_size_func_sync (void)
{
  size_func (FALSE);
}

static void
test_size_func_async (void)
{
  size_func (TRUE);
}

static void
test_size_func_errors (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("\x00\x05" "abc", 5);
  guint async;

  for (async = 0; async < 2; async++)
    {
      g_autoptr(RdpFramed) framed = framed_new_chunked (data, 0, 0, RDP_TEST_END_EOF, NULL);
      SizeFuncData sfd = { 0, };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) frame = NULL;
      g_autoptr(GBytes) peek = NULL;

      /* its own error, as is */
      sfd.fail = TRUE;
      g_assert_null (read_size_func (framed, &sfd, async, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_cmpstr (error->message, ==, "custom size function error");
      g_clear_error (&error);

      /* too large */
      sfd.fail = FALSE;
      sfd.fixed = RDP_FRAMED_MAX_FRAME_SIZE + 1;
      g_assert_null (read_size_func (framed, &sfd, async, &error));
      g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
      g_clear_error (&error);

      /* nothing lost */
      peek = rdp_framed_peek (framed);
      assert_bytes (peek, (const guint8 *) "\x00\x05" "abc", 5);
      sfd.fixed = 0;
      frame = read_size_func (framed, &sfd, async, &error);
      g_assert_no_error (error);
      assert_bytes (frame, (const guint8 *) "\x00\x05" "abc", 5);
    }
}

/* -1 without an error is reported as invalid data. */
static gssize
refuse_size (const guint8  *data,
             gsize          length,
             gpointer       user_data,
             GError       **error)
{
  return -1;
}

static void
test_size_func_refuse_no_error (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("xyz", 3);
  g_autoptr(RdpFramed) framed = framed_new_chunked (data, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (rdp_framed_read_with_size_func (framed, refuse_size, NULL, NULL, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

/* The destroy notify runs once also when the read fails before it starts. */
static void
test_size_func_destroy_on_error (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("\x00\x05" "abc", 5);
  g_autoptr(RdpFramed) framed = framed_new_chunked (data, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  SizeFuncData sfd = { 0, };
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  rdp_framed_read_with_size_func_async (framed, be16_size, &sfd, size_func_data_free,
                                        G_PRIORITY_DEFAULT, cancellable, store_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_null (rdp_framed_read_with_size_func_finish (framed, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_cmpuint (sfd.freed, ==, 1);
  g_assert_cmpuint (sfd.calls, ==, 0);
}

static void
test_read_exact (void)
{
  g_autoptr(GBytes) pdu = rdp_test_load_vector ("w2008tls_server_s01_mcs_connect_response_no_rdp_security");
  g_autoptr(GBytes) head = g_bytes_new_static ("\x00\x00\x00\x00\xaa", 5);
  g_autoptr(GBytes) all = rdp_test_concat (head, pdu, head, NULL);
  gsize c;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      g_autoptr(RdpFramed) framed = framed_new_chunked (all, chunkings[c].max_chunk, chunkings[c].seed,
                                                         RDP_TEST_END_EOF, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;
      g_autoptr(GBytes) empty = NULL;
      g_autoptr(GBytes) tail = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;
      RdpAction action;

      empty = rdp_framed_read_exact (framed, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
      a = rdp_framed_read_exact (framed, 5, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (a, head));
      b = rdp_framed_read_pdu (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (b, action, pdu);

      /* too large: refused before reading */
      g_assert_null (rdp_framed_read_exact (framed, RDP_FRAMED_MAX_FRAME_SIZE + 1, NULL, &error));
      g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
      g_clear_error (&error);

      rdp_framed_read_exact_async (framed, 4, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
      result = wait_result (&slot);
      tail = rdp_framed_read_exact_finish (framed, result, &error);
      g_assert_no_error (error);
      assert_bytes (tail, (const guint8 *) "\x00\x00\x00\x00", 4);
      g_clear_object (&result);

      /* 2 asked, 1 left: the end comes inside */
      rdp_framed_read_exact_async (framed, 2, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
      result = wait_result (&slot);
      g_assert_null (rdp_framed_read_exact_finish (framed, result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
    }
}

static void
test_read_exact_async_zero (void)
{
  g_autoptr(RdpFramed) framed = framed_new_chunked (NULL, 0, 0, RDP_TEST_END_HANG, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  rdp_framed_read_exact_async (framed, 0, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  empty = rdp_framed_read_exact_finish (framed, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
  g_clear_object (&result);

  rdp_framed_read_exact_async (framed, RDP_FRAMED_MAX_FRAME_SIZE + 1, G_PRIORITY_DEFAULT, NULL,
                               store_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_null (rdp_framed_read_exact_finish (framed, result, &error));
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
}

static void
test_peek (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("w2008");
  g_autoptr(RdpFramed) framed = framed_new_chunked (stream->all, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(GBytes) empty = rdp_framed_peek (framed);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) peek = NULL;
  g_autoptr(GBytes) peek2 = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GError) error = NULL;
  gsize first_size = g_bytes_get_size (stream->pdus->pdata[0]);
  RdpAction action;

  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);
  first = rdp_framed_read_pdu (framed, &action, NULL, &error);
  g_assert_no_error (error);
  peek = rdp_framed_peek (framed);
  rest = slice (stream->all, first_size, g_bytes_get_size (stream->all) - first_size);
  g_assert_true (g_bytes_equal (peek, rest));
  peek2 = rdp_framed_peek (framed);
  g_assert_true (g_bytes_equal (peek2, rest));

  /* Peeking consumed nothing. */
  second = rdp_framed_read_pdu (framed, &action, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (second, action, stream->pdus->pdata[1]);
  /* and what was peeked stays intact afterwards */
  g_assert_true (g_bytes_equal (peek, rest));
}

static void
test_last_read_time (void)
{
  g_autoptr(GBytes) a = rdp_test_load_vector ("w2008tls_server_s02_mcs_attach_user_confirm_1004");
  g_autoptr(GBytes) b = rdp_test_load_vector ("w2008tls_server_s03_mcs_channel_join_confirm_1004");
  g_autoptr(GBytes) c = rdp_test_load_vector ("w2008tls_server_s04_mcs_channel_join_confirm_1003");
  g_autoptr(GBytes) bc = rdp_test_concat (b, c, NULL);
  g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (bc, g_bytes_get_size (b), 0, RDP_TEST_END_EOF);
  g_autoptr(GIOStream) io = rdp_test_io_stream_new (input);
  g_autoptr(RdpFramed) framed = rdp_framed_new_with_leftover (io, a);
  g_autoptr(GBytes) pa = NULL;
  g_autoptr(GBytes) pb = NULL;
  g_autoptr(GBytes) pc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before, t1, t2;

  g_assert_cmpint (rdp_framed_get_last_read_time (framed), ==, 0);
  pa = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pa, a));
  /* only leftover so far: no read from the stream yet */
  g_assert_cmpint (rdp_framed_get_last_read_time (framed), ==, 0);
  g_assert_cmpuint (rdp_test_chunked_stream_get_reads (RDP_TEST_CHUNKED_STREAM (input)), ==, 0);

  before = g_get_monotonic_time ();
  pb = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pb, b));
  t1 = rdp_framed_get_last_read_time (framed);
  g_assert_cmpint (t1, >=, before);
  g_assert_cmpint (t1, <=, g_get_monotonic_time ());

  pc = read_pdu_async_wait (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pc, c));
  t2 = rdp_framed_get_last_read_time (framed);
  g_assert_cmpint (t2, >=, t1);
  g_assert_cmpint (t2, <=, g_get_monotonic_time ());
}

/* PDUs that arrived in one read are views of one buffer, not copies: they
 * lie back to back in memory, and they stay intact while more is read. */
static void
test_zero_copy (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("w2008");
  g_autoptr(RdpFramed) framed = framed_new_chunked (stream->all, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < stream->pdus->len; i++)
    {
      GBytes *pdu = rdp_framed_read_pdu (framed, NULL, NULL, &error);

      g_assert_no_error (error);
      if (i > 0)
        {
          GBytes *prev = got->pdata[i - 1];

          g_assert_true ((const guint8 *) g_bytes_get_data (pdu, NULL) ==
                         (const guint8 *) g_bytes_get_data (prev, NULL) + g_bytes_get_size (prev));
        }
      g_ptr_array_add (got, pdu);
    }
  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  for (i = 0; i < stream->pdus->len; i++)
    g_assert_true (g_bytes_equal (got->pdata[i], stream->pdus->pdata[i]));
}

/* A frame far larger than the read buffer's usual chunk, by size function,
 * between two small PDUs. */
static void
test_size_func_large (void)
{
  const gsize large = 1024 * 1024 + 3;
  g_autoptr(GBytes) before = rdp_test_load_vector ("w2008tls_server_s09_synchronize");
  g_autoptr(GBytes) after = rdp_test_load_vector ("redemption_fastpath_update_1byte_len_cached_pointer");
  guint8 *data = g_malloc (large);
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GBytes) all = NULL;
  gsize i, c;

  for (i = 0; i < large; i++)
    data[i] = (guint8) (i * 7 + (i >> 12));
  frame = g_bytes_new_take (data, large);
  all = rdp_test_concat (before, frame, after, NULL);

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      g_autoptr(RdpFramed) framed = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) p1 = NULL;
      g_autoptr(GBytes) p2 = NULL;
      g_autoptr(GBytes) p3 = NULL;
      SizeFuncData sfd = { 0, };

      if (chunkings[c].max_chunk != 0 && chunkings[c].max_chunk < 1000)
        continue;
      framed = framed_new_chunked (all, chunkings[c].max_chunk, chunkings[c].seed, RDP_TEST_END_EOF, NULL);
      p1 = rdp_framed_read_pdu (framed, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (p1, before));
      sfd.fixed = large;
      p2 = read_size_func (framed, &sfd, c % 2, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (p2, frame));
      p3 = rdp_framed_read_pdu (framed, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (p3, after));
      /* the large frame is intact after the buffer moved on */
      g_assert_true (g_bytes_equal (p2, frame));
    }
}

/* ------------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------------ */

static void
test_error_malformed (void)
{
  static const char * const bad[] = {
    "\x07\x00\x00\x13",      /* TPKT version 7 */
    "\x03\x00\x00\x06",      /* TPKT length 6 */
    "\x01\x10\x00\x00",      /* action 1 */
    "\x02\x10\x00\x00",      /* action 2 */
    "\x00\x01\x00\x00",      /* fast-path length 1 */
    "\x00\x80\x02\x00",      /* fast-path long length 2 */
  };
  g_autoptr(GBytes) good = rdp_test_load_vector ("w2008tls_server_s09_synchronize");
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint async;

      for (async = 0; async < 2; async++)
        {
          g_autoptr(GBytes) bad_bytes = g_bytes_new_static (bad[i], 4);
          g_autoptr(GBytes) all = rdp_test_concat (good, bad_bytes, NULL);
          g_autoptr(RdpFramed) framed = framed_new_chunked (all, async ? 3 : 0, 0,
                                                             async ? RDP_TEST_END_HANG : RDP_TEST_END_EOF, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) pdu = NULL;
          g_autoptr(GBytes) peek = NULL;
          g_autoptr(GBytes) peek2 = NULL;
          g_autofree char *first_message = NULL;

          pdu = async ? read_pdu_async_wait (framed, NULL, NULL, &error)
                      : rdp_framed_read_pdu (framed, NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (pdu, good));

          if (async)
            g_assert_null (read_pdu_async_wait (framed, NULL, NULL, &error));
          else
            g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
          g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
          first_message = g_strdup (error->message);
          g_clear_error (&error);

          /* the bytes stay, and the same read fails the same way */
          peek = rdp_framed_peek (framed);
          g_assert_cmpuint (g_bytes_get_size (peek), >=, 1);
          g_assert_cmpmem (g_bytes_get_data (peek, NULL), g_bytes_get_size (peek), bad[i], g_bytes_get_size (peek));
          g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
          g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
          g_assert_cmpstr (error->message, ==, first_message);
          peek2 = rdp_framed_peek (framed);
          g_assert_cmpuint (g_bytes_get_size (peek2), >=, g_bytes_get_size (peek));
          g_assert_cmpmem (g_bytes_get_data (peek2, NULL), g_bytes_get_size (peek2), bad[i], g_bytes_get_size (peek2));
        }
    }
}

static void
test_error_eof (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("mixed");
  gsize cut, total = g_bytes_get_size (stream->all);
  guint async;

  /* At every PDU boundary: CONNECTION_CLOSED; inside: PARTIAL_INPUT. */
  for (async = 0; async < 2; async++)
    {
      gsize boundary = 0;
      guint next = 0;

      for (cut = 0; cut <= total; cut += (cut < 200 ? 1 : 997))
        {
          g_autoptr(GBytes) part = slice (stream->all, 0, cut);
          g_autoptr(RdpFramed) framed = framed_new_chunked (part, 1000, 5, RDP_TEST_END_EOF, NULL);
          g_autoptr(GError) error = NULL;
          guint whole = 0;
          gsize consumed = 0;

          while (next < stream->pdus->len && boundary + g_bytes_get_size (stream->pdus->pdata[next]) <= cut)
            boundary += g_bytes_get_size (stream->pdus->pdata[next++]);

          for (;;)
            {
              g_autoptr(GBytes) pdu = async ? read_pdu_async_wait (framed, NULL, NULL, &error)
                                            : rdp_framed_read_pdu (framed, NULL, NULL, &error);

              if (pdu == NULL)
                break;
              g_assert_true (g_bytes_equal (pdu, stream->pdus->pdata[whole]));
              consumed += g_bytes_get_size (pdu);
              whole++;
            }
          g_assert_cmpuint (whole, ==, next);
          g_assert_cmpuint (consumed, ==, boundary);
          if (cut == boundary)
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
          else
            {
              g_autoptr(GBytes) peek = rdp_framed_peek (framed);

              g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
              g_assert_cmpuint (g_bytes_get_size (peek), ==, cut - boundary);
            }
        }
    }
}

static void
test_error_passes_through (void)
{
  g_autoptr(GBytes) pdu = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GBytes) half = slice (pdu, 0, 200);
  guint async;

  for (async = 0; async < 2; async++)
    {
      g_autoptr(RdpFramed) framed = framed_new_chunked (half, 64, 0, RDP_TEST_END_ERROR, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) peek = NULL;

      if (async)
        g_assert_null (read_pdu_async_wait (framed, NULL, NULL, &error));
      else
        g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
      g_assert_cmpstr (error->message, ==, "test stream: connection reset");
      peek = rdp_framed_peek (framed);
      g_assert_true (g_bytes_equal (peek, half));
    }
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cancel_thread (gpointer data)
{
  /* Long enough for the read to be waiting; the test does not depend on
   * it, only on the cancellation coming while the read is in progress. */
  g_usleep (50 * G_TIME_SPAN_MILLISECOND);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel_mid_pdu (void)
{
  g_autoptr(GBytes) pdu = rdp_test_load_vector ("w2008tls_server_s24_save_session_info");
  g_autoptr(GBytes) next = rdp_test_load_vector ("redemption_fastpath_update_1byte_len_cached_pointer");
  gsize size = g_bytes_get_size (pdu);
  g_autoptr(GBytes) head = slice (pdu, 0, 300);
  g_autoptr(GBytes) tail = slice (pdu, 300, size - 300);
  g_autoptr(GBytes) tail_next = rdp_test_concat (tail, next, NULL);
  guint async;

  for (async = 0; async < 2; async++)
    {
      RdpTestChunkedStream *input;
      g_autoptr(RdpFramed) framed = framed_new_chunked (head, 100, 0, RDP_TEST_END_HANG, &input);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) peek = NULL;
      g_autoptr(GBytes) whole = NULL;
      g_autoptr(GBytes) after = NULL;
      RdpAction action;

      if (async)
        {
          g_timeout_add (30, cancel_cb, cancellable);
          g_assert_null (read_pdu_async_wait (framed, NULL, cancellable, &error));
        }
      else
        {
          GThread *thread = g_thread_new ("cancel", cancel_thread, cancellable);

          g_assert_null (rdp_framed_read_pdu (framed, NULL, cancellable, &error));
          g_thread_join (thread);
        }
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      peek = rdp_framed_peek (framed);
      g_assert_true (g_bytes_equal (peek, head));

      rdp_test_chunked_stream_append (input, tail_next);
      whole = async ? read_pdu_async_wait (framed, &action, NULL, &error)
                    : rdp_framed_read_pdu (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (whole, action, pdu);
      after = rdp_framed_read_pdu (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (after, action, next);
    }
}

/* The same over a real socket: cancelling the blocked read loses nothing. */
static void
test_cancel_mid_pdu_socket (void)
{
  g_autoptr(GBytes) pdu = rdp_test_load_vector ("w2008tls_server_s05_license_request");
  gsize size = g_bytes_get_size (pdu);
  guint async;

  for (async = 0; async < 2; async++)
    {
      g_autoptr(GIOStream) a = NULL;
      g_autoptr(GIOStream) b = NULL;
      g_autoptr(RdpFramed) framed = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) whole = NULL;
      GOutputStream *out;
      RdpAction action;

      rdp_test_socket_pair (&a, &b);
      framed = rdp_framed_new (a);
      out = g_io_stream_get_output_stream (b);
      g_output_stream_write_all (out, g_bytes_get_data (pdu, NULL), 1000, NULL, NULL, &error);
      g_assert_no_error (error);

      if (async)
        {
          g_timeout_add (30, cancel_cb, cancellable);
          g_assert_null (read_pdu_async_wait (framed, NULL, cancellable, &error));
        }
      else
        {
          GThread *thread = g_thread_new ("cancel", cancel_thread, cancellable);

          g_assert_null (rdp_framed_read_pdu (framed, NULL, cancellable, &error));
          g_thread_join (thread);
        }
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);

      g_output_stream_write_all (out, (const guint8 *) g_bytes_get_data (pdu, NULL) + 1000, size - 1000,
                                 NULL, NULL, &error);
      g_assert_no_error (error);
      whole = async ? read_pdu_async_wait (framed, &action, NULL, &error)
                    : rdp_framed_read_pdu (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (whole, action, pdu);
    }
}

static void
test_already_cancelled (void)
{
  g_autoptr(GBytes) a = rdp_test_load_vector ("w2008tls_server_s02_mcs_attach_user_confirm_1004");
  g_autoptr(GBytes) b = rdp_test_load_vector ("w2008tls_server_s03_mcs_channel_join_confirm_1004");
  g_autoptr(GBytes) ab = rdp_test_concat (a, b, NULL);
  guint async;

  for (async = 0; async < 2; async++)
    {
      RdpTestChunkedStream *input;
      g_autoptr(RdpFramed) framed = framed_new_chunked (ab, 0, 0, RDP_TEST_END_EOF, &input);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pa = NULL;
      g_autoptr(GBytes) pb = NULL;
      g_autoptr(GBytes) peek = NULL;
      g_autoptr(GPtrArray) none = NULL;
      gsize reads;

      g_cancellable_cancel (cancellable);
      if (async)
        g_assert_null (read_pdu_async_wait (framed, NULL, cancellable, &error));
      else
        g_assert_null (rdp_framed_read_pdu (framed, NULL, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpuint (rdp_test_chunked_stream_get_reads (input), ==, 0);

      pa = rdp_framed_read_pdu (framed, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (pa, a));
      reads = rdp_test_chunked_stream_get_reads (input);

      /* even with a whole PDU buffered, a cancelled read takes nothing */
      none = rdp_framed_read_pdus (framed, 0, cancellable, &error);
      g_assert_null (none);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_null (rdp_framed_read_by_hint (framed, RDP_PDU_HINT_X224, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      peek = rdp_framed_peek (framed);
      g_assert_true (g_bytes_equal (peek, b));
      g_assert_cmpuint (rdp_test_chunked_stream_get_reads (input), ==, reads);

      pb = rdp_framed_read_pdu (framed, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (pb, b));
    }
}

static void
test_concurrent_read (void)
{
  g_autoptr(GBytes) pdu = rdp_test_load_vector ("w2008tls_server_s08_demand_active");
  g_autoptr(GBytes) head = slice (pdu, 0, 10);
  g_autoptr(GBytes) tail = slice (pdu, 10, g_bytes_get_size (pdu) - 10);
  RdpTestChunkedStream *input;
  g_autoptr(RdpFramed) framed = framed_new_chunked (head, 0, 0, RDP_TEST_END_HANG, &input);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GBytes) got = NULL;
  GAsyncResult *slot = NULL, *slot2 = NULL;
  RdpAction action;

  rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  /* let it reach the hanging stream read */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (slot);

  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_null (rdp_framed_read_exact (framed, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  rdp_framed_read_by_hint_async (framed, RDP_PDU_HINT_ANY, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot2);
  result2 = wait_result (&slot2);
  g_assert_null (rdp_framed_read_by_hint_finish (framed, result2, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_null (slot);

  /* the first read is unharmed */
  rdp_test_chunked_stream_append (input, tail);
  result = wait_result (&slot);
  got = rdp_framed_read_pdu_finish (framed, result, &action, &error);
  g_assert_no_error (error);
  assert_pdu (got, action, pdu);
}

/* ------------------------------------------------------------------------
 * Writes
 * ------------------------------------------------------------------------ */

static void
test_write_sync (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("mstsc");
  g_autoptr(RdpFramed) framed = framed_new_chunked (NULL, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  for (i = 0; i < stream->pdus->len; i++)
    {
      g_assert_true (rdp_framed_write_all (framed, stream->pdus->pdata[i], NULL, &error));
      g_assert_no_error (error);
    }
  out = framed_output (framed);
  g_assert_true (g_bytes_equal (out, stream->all));
}

typedef struct {
  GIOStream *peer;
  guint count;
  GPtrArray *received;
  GError *end_error;
} PeerReader;

/* Reads @count PDUs on the peer side, then one more, which must fail. */
static gpointer
peer_reader_thread (gpointer data)
{
  PeerReader *pr = data;
  g_autoptr(RdpFramed) framed = rdp_framed_new (pr->peer);
  GError *error = NULL;
  guint i;

  for (i = 0; i < pr->count; i++)
    {
      GBytes *pdu = rdp_framed_read_pdu (framed, NULL, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (pr->received, pdu);
    }
  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &pr->end_error));
  return NULL;
}

typedef struct {
  GArray *order;
  guint expected;
  gboolean done;
  guint index;
} WriteOrder;

typedef struct {
  WriteOrder *wo;
  guint index;
  GError *error;
} WriteCall;

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteCall *call = user_data;

  rdp_framed_write_all_finish (RDP_FRAMED (source), result, &call->error);
  g_array_append_val (call->wo->order, call->index);
  if (call->wo->order->len == call->wo->expected)
    call->wo->done = TRUE;
}

static void
test_write_async_order (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("mixed");
  g_autoptr(GIOStream) a = NULL;
  g_autoptr(GIOStream) b = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(GPtrArray) sent = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  PeerReader pr = { 0, };
  WriteOrder wo = { 0, };
  WriteCall *calls;
  GThread *thread;
  guint i, round;

  /* every PDU four times: the big ones fill the socket buffer, so that the
   * later writes really wait */
  for (round = 0; round < 4; round++)
    for (i = 0; i < stream->pdus->len; i++)
      g_ptr_array_add (sent, stream->pdus->pdata[i]);

  rdp_test_socket_pair (&a, &b);
  framed = rdp_framed_new (a);
  pr.peer = b;
  pr.count = sent->len;
  pr.received = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  thread = g_thread_new ("peer", peer_reader_thread, &pr);

  wo.order = g_array_new (FALSE, FALSE, sizeof (guint));
  wo.expected = sent->len;
  calls = g_new0 (WriteCall, sent->len);
  for (i = 0; i < sent->len; i++)
    {
      calls[i].wo = &wo;
      calls[i].index = i;
      rdp_framed_write_all_async (framed, sent->pdata[i], G_PRIORITY_DEFAULT, NULL, write_done_cb, &calls[i]);
    }
  run_until (&wo.done, "the writes");

  for (i = 0; i < sent->len; i++)
    {
      g_assert_no_error (calls[i].error);
      g_assert_cmpuint (g_array_index (wo.order, guint, i), ==, i);
    }

  g_io_stream_close (a, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpuint (pr.received->len, ==, sent->len);
  for (i = 0; i < sent->len; i++)
    g_assert_true (g_bytes_equal (pr.received->pdata[i], sent->pdata[i]));
  g_assert_error (pr.end_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);

  g_clear_error (&pr.end_error);
  g_ptr_array_unref (pr.received);
  g_array_unref (wo.order);
  g_free (calls);
}

static void
test_write_cancel_queued (void)
{
  g_autoptr(GBytes) big_pdu = make_pdu (RDP_ACTION_X224, 0xffff, 9);
  g_autoptr(GBytes) dropped = rdp_test_load_vector ("mstsc_tls_client_c13_synchronize");
  g_autoptr(GBytes) last = rdp_test_load_vector ("mstsc_tls_client_c16_fastpath_input_12_events");
  g_autoptr(GIOStream) a = NULL;
  g_autoptr(GIOStream) b = NULL;
  g_autoptr(RdpFramed) framed = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) big = NULL;
  PeerReader pr = { 0, };
  WriteOrder wo = { 0, };
  WriteCall calls[3] = { { 0, } };
  GByteArray *many = g_byte_array_new ();
  GThread *thread;
  guint i;

  /* The first write carries 20 PDUs at once (1.3 MB): it is surely still
   * in flight when the second is issued and cancelled. */
  for (i = 0; i < 20; i++)
    g_byte_array_append (many, g_bytes_get_data (big_pdu, NULL), g_bytes_get_size (big_pdu));
  big = g_byte_array_free_to_bytes (many);

  rdp_test_socket_pair (&a, &b);
  framed = rdp_framed_new (a);
  pr.peer = b;
  pr.count = 22;
  pr.received = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  thread = g_thread_new ("peer", peer_reader_thread, &pr);

  wo.order = g_array_new (FALSE, FALSE, sizeof (guint));
  wo.expected = 3;
  for (i = 0; i < 3; i++)
    {
      calls[i].wo = &wo;
      calls[i].index = i;
    }
  rdp_framed_write_all_async (framed, big, G_PRIORITY_DEFAULT, NULL, write_done_cb, &calls[0]);
  rdp_framed_write_all_async (framed, dropped, G_PRIORITY_DEFAULT, cancellable, write_done_cb, &calls[1]);
  rdp_framed_write_all_async (framed, last, G_PRIORITY_DEFAULT, NULL, write_done_cb, &calls[2]);

  /* A synchronous write would overtake the queue. */
  g_assert_false (rdp_framed_write_all (framed, last, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  run_until (&wo.done, "the writes");

  g_assert_no_error (calls[0].error);
  g_assert_error (calls[1].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (calls[2].error);
  /* the callbacks come in call order too */
  for (i = 0; i < 3; i++)
    g_assert_cmpuint (g_array_index (wo.order, guint, i), ==, i);

  /* A synchronous write works again once the queue is empty. */
  g_assert_true (rdp_framed_write_all (framed, last, NULL, &error));
  g_assert_no_error (error);

  g_io_stream_close (a, NULL, &error);
  g_assert_no_error (error);
  g_thread_join (thread);

  /* The peer saw the 20 big PDUs, the last one, the one written
   * synchronously, and then the end: the cancelled one never, not even in
   * part (the PDUs after it were found whole right after the big ones). */
  g_assert_cmpuint (pr.received->len, ==, 22);
  for (i = 0; i < 20; i++)
    g_assert_true (g_bytes_equal (pr.received->pdata[i], big_pdu));
  g_assert_true (g_bytes_equal (pr.received->pdata[20], last));
  g_assert_true (g_bytes_equal (pr.received->pdata[21], last));
  g_assert_error (pr.end_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_clear_error (&pr.end_error);

  for (i = 0; i < 3; i++)
    g_clear_error (&calls[i].error);
  g_ptr_array_unref (pr.received);
  g_array_unref (wo.order);
}

/* ------------------------------------------------------------------------
 * Stream swaps: steal_stream, new_with_leftover
 * ------------------------------------------------------------------------ */

static void
test_steal_stream (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("w2008");
  gsize c;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      RdpTestChunkedStream *input;
      g_autoptr(RdpFramed) framed = framed_new_chunked (stream->all, chunkings[c].max_chunk, chunkings[c].seed,
                                                         RDP_TEST_END_HANG, &input);
      GIOStream *before = rdp_framed_get_stream (framed);
      g_autoptr(GIOStream) stolen = NULL;
      g_autoptr(GBytes) leftover = NULL;
      g_autoptr(GBytes) expected_leftover = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdu = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;
      gsize consumed = 0;
      guint i;

      for (i = 0; i < 3; i++)
        {
          g_autoptr(GBytes) p = rdp_framed_read_pdu (framed, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_true (g_bytes_equal (p, stream->pdus->pdata[i]));
          consumed += g_bytes_get_size (p);
        }

      stolen = rdp_framed_steal_stream (framed, &leftover);
      g_assert_true (stolen == before);
      g_assert_null (rdp_framed_get_stream (framed));
      expected_leftover = slice (stream->all, consumed, rdp_test_chunked_stream_get_offset (input) - consumed);
      g_assert_true (g_bytes_equal (leftover, expected_leftover));

      /* Afterwards everything fails with CLOSED. */
      g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
      g_clear_error (&error);
      g_assert_false (rdp_framed_write_all (framed, stream->pdus->pdata[0], NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
      g_clear_error (&error);
      g_assert_null (rdp_framed_read_exact (framed, 3, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
      g_clear_error (&error);
      rdp_framed_read_pdus_async (framed, 0, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
      result = wait_result (&slot);
      g_assert_null (rdp_framed_read_pdus_finish (framed, result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
      g_clear_error (&error);
      g_clear_object (&result);
      rdp_framed_write_all_async (framed, stream->pdus->pdata[0], G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
      result = wait_result (&slot);
      g_assert_false (rdp_framed_write_all_finish (framed, result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
      g_clear_error (&error);
      pdu = rdp_framed_peek (framed);
      g_assert_cmpuint (g_bytes_get_size (pdu), ==, 0);
    }
}

/* Steal after each PDU count and go on with a new framed: every PDU comes
 * out once, in order, whatever the leftover held (none, part of a PDU, or
 * several). */
static void
test_new_with_leftover (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("mstsc");
  gsize c;

  for (c = 0; c < G_N_ELEMENTS (chunkings); c++)
    {
      guint split_at;

      for (split_at = 0; split_at <= stream->pdus->len; split_at += 3)
        {
          RdpTestChunkedStream *input;
          g_autoptr(RdpFramed) first = framed_new_chunked (stream->all, chunkings[c].max_chunk,
                                                            chunkings[c].seed, RDP_TEST_END_EOF, &input);
          g_autoptr(RdpFramed) second = NULL;
          g_autoptr(GIOStream) io = NULL;
          g_autoptr(GBytes) leftover = NULL;
          g_autoptr(GError) error = NULL;
          guint i;

          for (i = 0; i < split_at; i++)
            {
              g_autoptr(GBytes) p = rdp_framed_read_pdu (first, NULL, NULL, &error);

              g_assert_no_error (error);
              g_assert_true (g_bytes_equal (p, stream->pdus->pdata[i]));
            }
          io = rdp_framed_steal_stream (first, &leftover);
          second = rdp_framed_new_with_leftover (io, leftover);
          for (; i < stream->pdus->len; i++)
            {
              g_autoptr(GBytes) p = (i % 2) ? read_pdu_async_wait (second, NULL, NULL, &error)
                                            : rdp_framed_read_pdu (second, NULL, NULL, &error);

              g_assert_no_error (error);
              g_assert_true (g_bytes_equal (p, stream->pdus->pdata[i]));
            }
          g_assert_null (rdp_framed_read_pdu (second, NULL, NULL, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
        }
    }
}

/* A leftover that is half a PDU, and one that is a PDU and a half. */
static void
test_leftover_half_pdu (void)
{
  g_autoptr(GBytes) p1 = rdp_test_load_vector ("w2008tls_server_s01_mcs_connect_response_no_rdp_security");
  g_autoptr(GBytes) p2 = rdp_test_load_vector ("redemption_fastpath_update_2byte_len_orders_bitmap_sync_pointer");
  g_autoptr(GBytes) all = rdp_test_concat (p1, p2, NULL);
  gsize cut;

  for (cut = 1; cut < g_bytes_get_size (all); cut += 13)
    {
      g_autoptr(GBytes) leftover = slice (all, 0, cut);
      g_autoptr(GBytes) rest = slice (all, cut, g_bytes_get_size (all) - cut);
      g_autoptr(GInputStream) input = rdp_test_chunked_stream_new (rest, 50, 0, RDP_TEST_END_EOF);
      g_autoptr(GIOStream) io = rdp_test_io_stream_new (input);
      g_autoptr(RdpFramed) framed = rdp_framed_new_with_leftover (io, leftover);
      g_autoptr(GBytes) peek = rdp_framed_peek (framed);
      g_autoptr(GBytes) r1 = NULL;
      g_autoptr(GBytes) r2 = NULL;
      g_autoptr(GError) error = NULL;
      RdpAction action;

      g_assert_true (g_bytes_equal (peek, leftover));
      r1 = rdp_framed_read_pdu (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (r1, action, p1);
      r2 = read_pdu_async_wait (framed, &action, NULL, &error);
      g_assert_no_error (error);
      assert_pdu (r2, action, p2);
      g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
    }
}

/* ------------------------------------------------------------------------
 * split / unsplit
 * ------------------------------------------------------------------------ */

static void
test_split_unsplit (void)
{
  g_autoptr(PduStream) stream = stream_by_name ("mstsc");
  g_autoptr(RdpFramed) framed = framed_new_chunked (stream->all, 0, 0, RDP_TEST_END_EOF, NULL);
  g_autoptr(RdpFramedReader) reader = NULL;
  g_autoptr(RdpFramedWriter) writer = NULL;
  g_autoptr(RdpFramedReader) reader2 = NULL;
  g_autoptr(RdpFramedWriter) writer2 = NULL;
  g_autoptr(RdpFramed) joined = NULL;
  g_autoptr(RdpFramed) joined2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) p0 = NULL;
  g_autoptr(GBytes) p1 = NULL;
  g_autoptr(GBytes) p2 = NULL;
  g_autoptr(GBytes) p3 = NULL;
  g_autoptr(GBytes) p4 = NULL;
  g_autoptr(GBytes) p5 = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GBytes) reader_peek = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) expected_out = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GBytes *w1 = stream->pdus->pdata[0];
  GBytes *w2 = stream->pdus->pdata[1];
  GAsyncResult *slot = NULL;
  gsize consumed = 0;
  RdpAction action;
  guint i;

  /* All bytes get buffered by the first read. */
  p0 = rdp_framed_read_pdu (framed, &action, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (p0, action, stream->pdus->pdata[0]);
  consumed += g_bytes_get_size (p0);

  rdp_framed_split (framed, &reader, &writer);
  g_assert_nonnull (reader);
  g_assert_nonnull (writer);

  /* The framed itself is busy. */
  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (rdp_framed_write_all (framed, w1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_null (rdp_framed_read_exact (framed, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_null (read_pdu_async_wait (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  rdp_framed_write_all_async (framed, w1, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_false (rdp_framed_write_all_finish (framed, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_object (&result);
  empty = rdp_framed_peek (framed);
  g_assert_cmpuint (g_bytes_get_size (empty), ==, 0);

  /* The reader has the buffered bytes. */
  reader_peek = rdp_framed_reader_peek (reader);
  rest = slice (stream->all, consumed, g_bytes_get_size (stream->all) - consumed);
  g_assert_true (g_bytes_equal (reader_peek, rest));
  g_assert_cmpint (rdp_framed_reader_get_last_read_time (reader), ==, rdp_framed_get_last_read_time (framed));

  p1 = rdp_framed_reader_read_pdu (reader, &action, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (p1, action, stream->pdus->pdata[1]);
  rdp_framed_reader_read_pdu_async (reader, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  p2 = rdp_framed_reader_read_pdu_finish (reader, result, &action, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  assert_pdu (p2, action, stream->pdus->pdata[2]);
  p3 = rdp_framed_reader_read_by_hint (reader, RDP_PDU_HINT_X224, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (p3, stream->pdus->pdata[3]));
  batch = rdp_framed_reader_read_pdus (reader, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 2);
  g_assert_true (g_bytes_equal (batch->pdata[0], stream->pdus->pdata[4]));
  g_assert_true (g_bytes_equal (batch->pdata[1], stream->pdus->pdata[5]));

  g_assert_true (rdp_framed_writer_write_all (writer, w1, NULL, &error));
  g_assert_no_error (error);
  rdp_framed_writer_write_all_async (writer, w2, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_true (rdp_framed_writer_write_all_finish (writer, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  joined = rdp_framed_unsplit (reader, writer);
  g_assert_true (joined == framed);

  /* The framed goes on where the reader stopped. */
  p4 = rdp_framed_read_pdu (framed, &action, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (p4, action, stream->pdus->pdata[6]);
  g_assert_true (rdp_framed_write_all (framed, w1, NULL, &error));
  g_assert_no_error (error);
  out = framed_output (framed);
  expected_out = rdp_test_concat (w1, w2, w1, NULL);
  g_assert_true (g_bytes_equal (out, expected_out));

  /* The halves are stale. */
  g_assert_null (rdp_framed_reader_read_pdu (reader, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (rdp_framed_writer_write_all (writer, w1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  rdp_framed_reader_read_pdu_async (reader, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_null (rdp_framed_reader_read_pdu_finish (reader, result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);
  rdp_framed_writer_write_all_async (writer, w1, G_PRIORITY_DEFAULT, NULL, store_result_cb, &slot);
  result = wait_result (&slot);
  g_assert_false (rdp_framed_writer_write_all_finish (writer, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Split again: the old halves stay stale, the new ones work. */
  rdp_framed_split (framed, &reader2, &writer2);
  g_assert_null (rdp_framed_reader_read_pdu (reader, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (rdp_framed_writer_write_all (writer, w1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  p5 = rdp_framed_reader_read_pdu (reader2, &action, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (p5, action, stream->pdus->pdata[7]);
  joined2 = rdp_framed_unsplit (reader2, writer2);
  g_assert_true (joined2 == framed);

  for (i = 8; i < stream->pdus->len; i++)
    {
      g_autoptr(GBytes) p = rdp_framed_read_pdu (framed, &action, NULL, &error);

      g_assert_no_error (error);
      assert_pdu (p, action, stream->pdus->pdata[i]);
    }
  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* ------------------------------------------------------------------------
 * Translations
 * ------------------------------------------------------------------------ */

static char *
mo_path (void)
{
  return g_build_filename (RDP_GIO_TEST_PO_DIR, "de", "LC_MESSAGES", "rdp-gio-1.mo", NULL);
}

/* The number of messages in a .mo file (its header entry included). */
static guint32
mo_count (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  guint32 magic, n;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length < 12)
    return 0;
  memcpy (&magic, contents, 4);
  memcpy (&n, contents + 8, 4);
  if (magic == 0xde120495)
    n = GUINT32_SWAP_LE_BE (n);
  else if (magic != 0x950412de)
    return 0;
  return n;
}

static char *
tpkt_version_message (void)
{
  static const guint8 bad[] = { 0x07, 0x00, 0x00, 0x13 };
  GError *error = NULL;
  char *message;

  g_assert_cmpint (rdp_find_pdu_size (bad, sizeof bad, NULL, &error), ==, -1);
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

static char *
eof_message (void)
{
  g_autoptr(RdpFramed) framed = framed_new_chunked (NULL, 0, 0, RDP_TEST_END_EOF, NULL);
  GError *error = NULL;
  char *message;

  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

static void
test_translation (void)
{
  g_autofree char *path = mo_path ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no German catalogue built");
      return;
    }
  if (mo_count (path) <= 1)
    {
      g_test_skip ("the German catalogue holds no translations yet (po/de.po not filled)");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autofree char *english_tpkt = NULL;
      g_autofree char *english_eof = NULL;
      g_autofree char *german_tpkt = NULL;
      g_autofree char *german_eof = NULL;

      english_tpkt = tpkt_version_message ();
      english_eof = eof_message ();
      g_assert_cmpstr (english_tpkt, ==, "Invalid TPKT header: version 7 instead of 3");
      g_assert_cmpstr (english_eof, ==, "The connection was closed by the peer");

      g_setenv ("LANGUAGE", "de", TRUE);
      g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
      rdp_error_quark ();
      /* The library has bound its domain to the install prefix on its first
       * message above; point it at the build's catalogues instead. */
      g_assert_nonnull (bindtextdomain ("rdp-gio-1", RDP_GIO_TEST_PO_DIR));

      german_tpkt = tpkt_version_message ();
      german_eof = eof_message ();
      g_test_message ("de: %s | %s", german_tpkt, german_eof);
      g_assert_true (g_utf8_validate (german_tpkt, -1, NULL));
      g_assert_true (g_utf8_validate (german_eof, -1, NULL));
      g_assert_cmpstr (german_tpkt, !=, english_tpkt);
      g_assert_cmpstr (german_eof, !=, english_eof);
      /* the argument is still filled in */
      g_assert_nonnull (strstr (german_tpkt, "7"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  static const char * const streams[] = { "w2008", "mstsc", "mixed" };
  gsize i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      g_autofree char *p1 = g_strdup_printf ("/framed/read/chunked/sync/%s", streams[i]);
      g_autofree char *p2 = g_strdup_printf ("/framed/read/chunked/async/%s", streams[i]);
      g_autofree char *p3 = g_strdup_printf ("/framed/read/socket/sync/%s", streams[i]);
      g_autofree char *p4 = g_strdup_printf ("/framed/read/socket/async/%s", streams[i]);

      g_test_add_data_func (p1, streams[i], test_read_chunked_sync);
      g_test_add_data_func (p2, streams[i], test_read_chunked_async);
      g_test_add_data_func (p3, streams[i], test_read_socket_sync);
      g_test_add_data_func (p4, streams[i], test_read_socket_async);
    }
  g_test_add_func ("/framed/read-pdus/sync", test_read_pdus_sync);
  g_test_add_func ("/framed/read-pdus/async", test_read_pdus_async);
  g_test_add_func ("/framed/read-pdus/stops-at-garbage", test_read_pdus_stops_at_garbage);
  g_test_add_func ("/framed/read-each-pdu/chunked", test_read_each_pdu);
  g_test_add_func ("/framed/read-each-pdu/stop", test_read_each_pdu_stop);
  g_test_add_func ("/framed/read-each-pdu/errors", test_read_each_pdu_errors);
  g_test_add_func ("/framed/cancel/after-take", test_cancel_after_take);
  g_test_add_func ("/framed/hint/kinds", test_hint_kinds);
  g_test_add_func ("/framed/hint/mismatch", test_hint_mismatch);
  g_test_add_func ("/framed/hint/credssp/sync", test_hint_credssp_sync);
  g_test_add_func ("/framed/hint/credssp/async", test_hint_credssp_async);
  g_test_add_func ("/framed/hint/credssp/invalid", test_hint_credssp_invalid);
  g_test_add_func ("/framed/hint/credssp/at-cap", test_hint_credssp_at_cap);
  g_test_add_func ("/framed/size-func/sync", test_size_func_sync);
  g_test_add_func ("/framed/size-func/async", test_size_func_async);
  g_test_add_func ("/framed/size-func/errors", test_size_func_errors);
  g_test_add_func ("/framed/size-func/refuse-without-error", test_size_func_refuse_no_error);
  g_test_add_func ("/framed/size-func/destroy-on-error", test_size_func_destroy_on_error);
  g_test_add_func ("/framed/read-exact", test_read_exact);
  g_test_add_func ("/framed/read-exact/async-edge", test_read_exact_async_zero);
  g_test_add_func ("/framed/peek", test_peek);
  g_test_add_func ("/framed/zero-copy", test_zero_copy);
  g_test_add_func ("/framed/size-func/large", test_size_func_large);
  g_test_add_func ("/framed/last-read-time", test_last_read_time);
  g_test_add_func ("/framed/error/malformed", test_error_malformed);
  g_test_add_func ("/framed/error/eof", test_error_eof);
  g_test_add_func ("/framed/error/passes-through", test_error_passes_through);
  g_test_add_func ("/framed/cancel/mid-pdu", test_cancel_mid_pdu);
  g_test_add_func ("/framed/cancel/mid-pdu-socket", test_cancel_mid_pdu_socket);
  g_test_add_func ("/framed/cancel/already-cancelled", test_already_cancelled);
  g_test_add_func ("/framed/read/concurrent", test_concurrent_read);
  g_test_add_func ("/framed/write/sync", test_write_sync);
  g_test_add_func ("/framed/write/async-order", test_write_async_order);
  g_test_add_func ("/framed/write/cancel-queued", test_write_cancel_queued);
  g_test_add_func ("/framed/steal-stream", test_steal_stream);
  g_test_add_func ("/framed/new-with-leftover", test_new_with_leftover);
  g_test_add_func ("/framed/new-with-leftover/half-pdu", test_leftover_half_pdu);
  g_test_add_func ("/framed/split-unsplit", test_split_unsplit);
  g_test_add_func ("/framed/translation", test_translation);

  return g_test_run ();
}
