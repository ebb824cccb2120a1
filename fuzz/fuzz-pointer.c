/* fuzz-pointer.c: the pointer update decoders (rdp-gio/pdu/rdp-pointer.c)
 * and the cursor image decoder (rdp-gio/session/rdp-cursor.c) on arbitrary
 * bytes
 *
 * The first byte picks the decoder: 0x00-0x0f a fast-path update of that
 * updateCode (the pointer codes 5, 6, 8-12 and the others, which must be
 * refused), anything else a slow-path TS_POINTER_PDU; its bit 0x40 also
 * withholds the palette from the image decoder. The rest is the update.
 *
 * Invariants:
 * - no decoder reads past the length it is given (libFuzzer's input is a
 *   heap block of exactly that size, so AddressSanitizer sees an over-read);
 * - a decoder either succeeds without an error or fails with an
 *   RDP_ERROR_INVALID_DATA error with a UTF-8 message; nothing leaks;
 * - an accepted image update is consistent: masks inside the input and of
 *   the sizes its width, height and depth give, size and depth within the
 *   limits, the hotspot inside the pointer;
 * - every accepted image decodes (given a palette), and only a 4 or 8 bpp
 *   one without a palette fails; decoded pixels are premultiplied (no
 *   channel above alpha).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-error.h"
#include "rdp-cursor-private.h"
#include "rdp-pointer-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

static void
check_error (const GError *error,
             const char   *what)
{
  FUZZ_CHECK (error != NULL, "%s failed without an error", what);
  FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
              "%s: error %s:%d: %s", what, g_quark_to_string (error->domain), error->code,
              error->message);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0' &&
              g_utf8_validate (error->message, -1, NULL), "%s: bad error message", what);
}

#define INSIDE(p, n, data, size) \
  ((n) == 0 || ((const guint8 *) (p) >= (data) && (const guint8 *) (p) + (n) <= (data) + (size)))

static void
check_image (const RdpPointerUpdate *update,
             const guint8           *data,
             gsize                   size,
             gboolean                with_palette)
{
  guint max = update->kind == RDP_POINTER_UPDATE_LARGE ? RDP_POINTER_LARGE_MAX_SIZE : RDP_POINTER_MAX_SIZE;
  guint32 palette[256];
  g_autofree guint32 *argb = NULL;
  GError *error = NULL;
  gsize i, n = (gsize) update->width * update->height;
  guint bpp = update->xor_bpp;

  FUZZ_CHECK (bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32, "depth %u", bpp);
  FUZZ_CHECK (update->kind != RDP_POINTER_UPDATE_COLOR || bpp == 24, "colour pointer at %u bpp", bpp);
  FUZZ_CHECK (update->width <= max && update->height <= max, "%u x %u", update->width, update->height);
  FUZZ_CHECK (update->xor_size == rdp_pointer_xor_stride (bpp, update->width) * update->height,
              "XOR mask of %lu bytes", (gulong) update->xor_size);
  FUZZ_CHECK (update->and_size == 0 ||
              update->and_size == rdp_pointer_and_stride (update->width) * update->height,
              "AND mask of %lu bytes", (gulong) update->and_size);
  FUZZ_CHECK (INSIDE (update->xor_mask, update->xor_size, data, size), "XOR mask outside the input");
  FUZZ_CHECK (INSIDE (update->and_mask, update->and_size, data, size), "AND mask outside the input");
  FUZZ_CHECK ((update->hotspot_x < update->width || update->hotspot_x == 0) &&
              (update->hotspot_y < update->height || update->hotspot_y == 0),
              "hotspot %u, %u outside", update->hotspot_x, update->hotspot_y);

  for (i = 0; i < 256; i++)
    palette[i] = 0xff000000u | (guint32) (i * 0x010305u);
  argb = g_new (guint32, MAX (n, 1));
  if (rdp_cursor_decode (update, with_palette ? palette : NULL, argb, &error))
    {
      FUZZ_CHECK (with_palette || (bpp != 4 && bpp != 8), "%u bpp decoded without a palette", bpp);
      for (i = 0; i < n; i++)
        {
          guint32 p = argb[i], a = p >> 24;

          FUZZ_CHECK (((p >> 16) & 0xff) <= a && ((p >> 8) & 0xff) <= a && (p & 0xff) <= a,
                      "pixel %08x is not premultiplied", p);
        }
    }
  else
    {
      check_error (error, "rdp_cursor_decode");
      FUZZ_CHECK (!with_palette && (bpp == 4 || bpp == 8), "a parsed %u bpp pointer did not decode: %s",
                  bpp, error->message);
      g_clear_error (&error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  RdpPointerUpdate update;
  GError *error = NULL;
  guint8 selector;
  gboolean ok;

  if (size < 1)
    return 0;
  selector = data[0];
  data++;
  size--;

  if (selector < 0x10)
    ok = rdp_pointer_update_parse_fast_path (selector, data, size, &update, &error);
  else
    ok = rdp_pointer_update_parse_slow_path (data, size, &update, &error);
  if (!ok)
    {
      check_error (error, "pointer update");
      g_clear_error (&error);
      return 0;
    }
  FUZZ_CHECK (error == NULL, "success with an error");
  if (selector < 0x10)
    FUZZ_CHECK (selector == 5 || selector == 6 || (selector >= 8 && selector <= 12),
                "fast-path update code %u accepted", selector);
  switch (update.kind)
    {
    case RDP_POINTER_UPDATE_COLOR:
    case RDP_POINTER_UPDATE_NEW:
    case RDP_POINTER_UPDATE_LARGE:
      check_image (&update, data, size, (selector & 0x40) == 0);
      break;
    case RDP_POINTER_UPDATE_SYSTEM_HIDDEN:
    case RDP_POINTER_UPDATE_SYSTEM_DEFAULT:
    case RDP_POINTER_UPDATE_POSITION:
    case RDP_POINTER_UPDATE_CACHED:
      break;
    default:
      FUZZ_CHECK (FALSE, "unknown kind %d", (int) update.kind);
    }
  return 0;
}
