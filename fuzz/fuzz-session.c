/* fuzz-session.c: the whole sans-I/O active stage (rdp-gio/session/
 * rdp-active-stage.c with every codec under it) fed arbitrary server PDUs
 *
 * The input: a first byte that picks the stage's settings (frame
 * acknowledgement, fast-path input), then PDUs, each a 2-byte big-endian
 * length and that many bytes. The first byte of each PDU decides its kind
 * as it does on the wire (fast-path or TPKT): the codecs are reached
 * through the real dispatch.
 *
 * Invariants:
 * - a failure is an RDP_ERROR with a message, and ends the stage;
 * - every response is a whole slow-path PDU (TPKT version 3, its length);
 * - the framebuffer keeps its size and its damage stays inside it;
 * - nothing leaks (LeakSanitizer) whatever the PDUs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-error.h"
#include "rdp-active-stage-private.h"
#include "rdp-connection-result-private.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  RdpConnectionResult *result;
  RdpFramebuffer *fb;
  RdpActiveStage *stage;
  GPtrArray *responses;
  GError *error = NULL;
  gsize pos = 1;

  if (size < 1)
    return 0;
  result = rdp_connection_result_new ();
  result->io_channel_id = 1003;
  result->user_channel_id = 1007;
  result->share_id = 0x103ea;
  result->desktop_width = 200;
  result->desktop_height = 120;
  result->frame_acknowledge = data[0] & 1;
  result->input_flags = (data[0] & 2) ? 0x20 : 0x01;
  result->suppress_output = (data[0] & 4) != 0;
  fb = rdp_framebuffer_new (200, 120, NULL);
  stage = rdp_active_stage_new (result, fb, NULL);
  g_assert (stage != NULL);
  responses = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  while (pos + 2 <= size)
    {
      gsize length = ((gsize) data[pos] << 8) | data[pos + 1];
      GBytes *pdu;
      RdpActiveStageStatus status;
      RdpRect damage;

      pos += 2;
      length = MIN (length, size - pos);
      pdu = g_bytes_new (data + pos, length);
      pos += length;
      status = rdp_active_stage_process (stage, pdu, responses, &error);
      g_bytes_unref (pdu);

      for (guint i = 0; i < responses->len; i++)
        {
          gsize n;
          const guint8 *r = g_bytes_get_data (g_ptr_array_index (responses, i), &n);

          g_assert (n >= 4 && r[0] == 3 && ((gsize) r[2] << 8 | r[3]) == n);
        }
      g_ptr_array_set_size (responses, 0);
      g_assert (rdp_framebuffer_get_width (fb) == 200 && rdp_framebuffer_get_height (fb) == 120);
      if (rdp_framebuffer_take_damage (fb, &damage))
        g_assert (damage.x + damage.width <= 200 && damage.y + damage.height <= 120);
      if (status == RDP_ACTIVE_STAGE_TERMINATE)
        {
          g_assert (error != NULL && error->domain == RDP_ERROR && error->message[0] != '\0');
          g_clear_error (&error);
          break;
        }
      g_assert (error == NULL);
      if (status == RDP_ACTIVE_STAGE_DEACTIVATE_ALL)
        break;
    }

  /* the client's own PDUs, from whatever state the server left */
  {
    RdpRect rect = { 1, 1, 10, 10 };
    GBytes *out = rdp_active_stage_encode_refresh_rect (stage, &rect);

    g_bytes_unref (out);
  }
  rdp_active_stage_take_changes (stage);
  rdp_active_stage_free (stage);
  g_ptr_array_unref (responses);
  g_object_unref (fb);
  rdp_connection_result_unref (result);
  return 0;
}
