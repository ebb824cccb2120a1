/* fuzz-pdu-size.c: rdp_find_pdu_size() (and the CredSSP sizing behind
 * RDP_PDU_HINT_CREDSSP) on every prefix of the input
 *
 * Invariants:
 * - it never reads past the length it is given (each short prefix is a heap
 *   copy of exactly that length, so AddressSanitizer sees any over-read);
 * - 0 comes without an error and only while the header is incomplete;
 * - -1 always comes with an RDP_ERROR_INVALID_DATA error, and stays -1;
 * - a size > 0 is at least the header, at most what the length field can
 *   say, comes with the action of the first byte, and stays the same for
 *   every longer prefix;
 * - out_action is left alone unless a size is returned;
 * - the answer agrees with a model written from the documentation;
 * - the answer does not depend on whether out_action and error are given.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-pdu-size-private.h"
#include "fuzz-common.h"

/* Prefixes up to this long get their own exact-size copy; the headers are at
 * most 4 (TPKT) and 6 (DER) bytes long, so longer ones must all agree. */
#define EXACT_PREFIXES 16

#define ACTION_UNSET ((RdpAction) 0x55)

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

/* The rules of rdp_find_pdu_size()'s documentation, written out again. */
static gssize
model_pdu_size (const guint8 *data,
                gsize         length)
{
  if (length == 0)
    return 0;
  switch (data[0] & 3)
    {
    case 3:
      if (data[0] != 3)
        return -1;
      if (length < 4)
        return 0;
      return ((data[2] << 8) | data[3]) >= 7 ? ((data[2] << 8) | data[3]) : -1;
    case 0:
      if (length < 2)
        return 0;
      if (data[1] & 0x80)
        {
          gsize size;

          if (length < 3)
            return 0;
          size = ((data[1] & 0x7f) << 8) | data[2];
          return size >= 3 ? (gssize) size : -1;
        }
      return data[1] >= 2 ? data[1] : -1;
    default:
      return -1;
    }
}

static void
check_error (gssize        size,
             const GError *error,
             const char   *what,
             gsize         length)
{
  if (size < 0)
    {
      FUZZ_CHECK (error != NULL, "%s returned -1 without an error (length %zu)", what, length);
      FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
                  "%s: error %s/%d: %s", what, g_quark_to_string (error->domain), error->code,
                  error->message);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0' &&
                  g_utf8_validate (error->message, -1, NULL),
                  "%s: bad error message", what);
    }
  else
    FUZZ_CHECK (error == NULL, "%s returned %zd with an error: %s", what, size, error->message);
}

typedef struct {
  gssize size;
  gsize known_at;   /* the shortest prefix that gave this answer */
} Answer;

static void
check_stable (Answer     *first,
              gssize      size,
              gsize       length,
              const char *what)
{
  if (first->size == 0)
    {
      if (size != 0)
        {
          first->size = size;
          first->known_at = length;
        }
      return;
    }
  FUZZ_CHECK (size == first->size,
              "%s changed its answer from %zd (at %zu bytes) to %zd (at %zu bytes)",
              what, first->size, first->known_at, size, length);
}

static void
check_pdu_size (const guint8 *data,
                gsize         length,
                Answer       *first)
{
  RdpAction action = ACTION_UNSET;
  GError *error = NULL;
  gssize size, again;

  size = rdp_find_pdu_size (data, length, &action, &error);
  check_error (size, error, "rdp_find_pdu_size", length);
  g_clear_error (&error);

  FUZZ_CHECK (size == model_pdu_size (data, length),
              "rdp_find_pdu_size gave %zd, the documented rules %zd (length %zu)",
              size, model_pdu_size (data, length), length);

  if (size > 0)
    {
      FUZZ_CHECK (action == (RdpAction) (data[0] & 3), "action %d for first byte 0x%02x",
                  action, data[0]);
      if (action == RDP_ACTION_X224)
        {
          FUZZ_CHECK (length >= 4, "TPKT size from %zu bytes", length);
          FUZZ_CHECK (size >= 7 && size <= 65535, "TPKT size %zd", size);
        }
      else
        {
          gsize header = (data[1] & 0x80) ? 3 : 2;

          FUZZ_CHECK (length >= header, "fast-path size from %zu bytes", length);
          FUZZ_CHECK ((gsize) size >= header && size <= 32767, "fast-path size %zd", size);
        }
    }
  else
    {
      FUZZ_CHECK (action == ACTION_UNSET, "out_action set to %d for a result of %zd",
                  action, size);
      if (size == 0)
        FUZZ_CHECK (length < 4, "no size from %zu bytes", length);
    }

  /* Without out_action and without error: the same answer, no crash. */
  again = rdp_find_pdu_size (data, length, NULL, NULL);
  FUZZ_CHECK (again == size, "%zd without out parameters, %zd with them", again, size);

  check_stable (first, size, length, "rdp_find_pdu_size");
}

static void
check_credssp_size (const guint8 *data,
                    gsize         length,
                    Answer       *first)
{
  GError *error = NULL;
  gssize size;

  size = rdp_find_credssp_size (data, length, &error);
  check_error (size, error, "rdp_find_credssp_size", length);
  g_clear_error (&error);

  if (size > 0)
    {
      FUZZ_CHECK (data[0] == 0x30, "CredSSP size %zd for first byte 0x%02x", size, data[0]);
      FUZZ_CHECK (size >= 2 && size <= RDP_FRAMED_MAX_CREDSSP_SIZE, "CredSSP size %zd", size);
      FUZZ_CHECK (length >= 2 && (data[1] < 0x80 || length >= 2 + (gsize) (data[1] & 0x7f)),
                  "CredSSP size from %zu bytes", length);
    }
  else if (size == 0)
    FUZZ_CHECK (length < 6, "no CredSSP size from %zu bytes", length);

  FUZZ_CHECK (rdp_find_credssp_size (data, length, NULL) == size, "CredSSP answer changed");

  check_stable (first, size, length, "rdp_find_credssp_size");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Answer pdu = { 0 }, credssp = { 0 };
  gsize length;

  FUZZ_CHECK (rdp_find_pdu_size (NULL, 0, NULL, NULL) == 0, "no bytes");

  for (length = 1; length <= size; length++)
    {
      guint8 *copy;

      if (length > EXACT_PREFIXES && length < size)
        continue;
      /* The whole input is libFuzzer's own exact-size buffer. */
      copy = length < size ? g_memdup2 (data, length) : NULL;

      check_pdu_size (copy ? copy : data, length, &pdu);
      check_credssp_size (copy ? copy : data, length, &credssp);
      g_free (copy);
    }
  return 0;
}
