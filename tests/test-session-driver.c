/* test-session-driver.c: RdpSession (client/rdp-session.c), the driver of
 * the active stage, against a fake server on the other end of a socket
 * pair that sends what a test tells it — a hostile one too
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <sys/socket.h>

#include <rdp-gio.h>

#include "rdp-connection-result-private.h"
#include "rdp-fastpath-private.h"
#include "rdp-mcs-private.h"
#include "rdp-share-private.h"
#include "rdp-update-private.h"
#include "rdp-session-private.h"
#include "rdp-test-utils.h"

#define USER_CHANNEL 1007
#define IO_CHANNEL 1003
#define SHARE_ID 0x000103ea

typedef struct {
  GIOStream *client_stream;
  GIOStream *server_stream;
  RdpFramed *framed;
  RdpConnector *connector;
  RdpConnectionResult *result;
  RdpSession *session;
  GMainLoop *loop;
  GPtrArray *closed;            /* GError copies, or NULL entries */
  guint updates;
} Fixture;

static void
on_closed (RdpSession   *session,
           const GError *reason,
           Fixture      *f)
{
  g_ptr_array_add (f->closed, reason ? g_error_copy (reason) : NULL);
  g_main_loop_quit (f->loop);
}

static void
on_updated (RdpSession *session,
            guint       x,
            guint       y,
            guint       w,
            guint       h,
            Fixture    *f)
{
  f->updates++;
}

static void
free_error (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(GError) error = NULL;
  int small = 4096;

  rdp_test_socket_pair (&f->client_stream, &f->server_stream);
  /* small socket buffers: a server that does not read blocks soon */
  setsockopt (g_socket_get_fd (g_socket_connection_get_socket (G_SOCKET_CONNECTION (f->client_stream))),
              SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  setsockopt (g_socket_get_fd (g_socket_connection_get_socket (G_SOCKET_CONNECTION (f->server_stream))),
              SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  f->framed = rdp_framed_new (f->client_stream);
  f->connector = rdp_connector_new (settings);
  f->result = rdp_connection_result_new ();
  f->result->io_channel_id = IO_CHANNEL;
  f->result->user_channel_id = USER_CHANNEL;
  f->result->share_id = SHARE_ID;
  f->result->desktop_width = 64;
  f->result->desktop_height = 48;
  f->result->frame_acknowledge = TRUE;
  f->result->input_flags = 0x20;
  f->loop = g_main_loop_new (NULL, FALSE);
  f->closed = g_ptr_array_new_with_free_func (free_error);
  f->session = rdp_session_new (f->framed, f->connector, f->result, &error);
  g_assert_no_error (error);
  g_signal_connect (f->session, "closed", G_CALLBACK (on_closed), f);
  g_signal_connect (f->session, "framebuffer-updated", G_CALLBACK (on_updated), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_run_dispose (G_OBJECT (f->session));
  g_object_unref (f->session);
  g_object_unref (f->framed);
  g_object_unref (f->connector);
  rdp_connection_result_unref (f->result);
  g_object_unref (f->client_stream);
  g_object_unref (f->server_stream);
  g_main_loop_unref (f->loop);
  g_ptr_array_unref (f->closed);
  /* what the cancelled operations still have to say */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
quit_cb (gpointer data)
{
  Fixture *f = data;

  g_main_loop_quit (f->loop);
  return G_SOURCE_CONTINUE;
}

/* Runs the loop for @ms or until the session closes. */
static void
run_for (Fixture *f,
         guint    ms)
{
  guint id = g_timeout_add (ms, quit_cb, f);

  g_main_loop_run (f->loop);
  g_source_remove (id);
}

/* Writes @pdu to the client without blocking; FALSE when it would block. */
static gboolean
server_send (Fixture *f,
             GBytes  *pdu)
{
  GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (f->server_stream));
  gsize size;
  const guint8 *data = g_bytes_get_data (pdu, &size);
  gsize done = 0;

  while (done < size)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send_with_blocking (socket, (const char *) data + done, size - done,
                                              done > 0, NULL, &error);

      if (n < 0)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

static GBytes *
frame_end (guint32 id)
{
  guint8 cmd[8] = { 0x04, 0x00, 0x01, 0x00, id & 0xff, (id >> 8) & 0xff, (id >> 16) & 0xff, id >> 24 };
  g_autoptr(GByteArray) updates = g_byte_array_new ();

  rdp_fastpath_write_update (updates, RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE,
                             cmd, sizeof cmd);
  return rdp_fastpath_encode_output (updates->data, updates->len);
}

/* A server that sends frame after frame and never reads the client's
 * acknowledgements: the session stops reading once its write queue is
 * full, so the server soon blocks, and the client holds a bounded amount
 * of memory. */
static void
test_backpressure (Fixture       *f,
                   gconstpointer  data)
{
  guint sent = 0;

  for (guint round = 0; round < 200; round++)
    {
      while (sent < 200000)
        {
          g_autoptr(GBytes) pdu = frame_end (sent);

          if (!server_send (f, pdu))
            break;
          sent++;
        }
      run_for (f, 5);
    }
  g_test_message ("the server sent %u frames before it blocked", sent);
  /* 64 queued acknowledgements (33 bytes each) and the socket buffers:
   * without the backpressure, the client reads all 200000 */
  g_assert_cmpuint (sent, <, 20000);
  g_assert_cmpuint (f->closed->len, ==, 0);
}

static GBytes *
share_data_pdu (RdpShareDataType type,
                const guint8    *payload,
                gsize            length)
{
  g_autoptr(GByteArray) share = g_byte_array_new ();
  RdpShareDataHeader header;
  RdpMcsDomainPdu pdu = {
    .type = RDP_MCS_SEND_DATA_INDICATION,
    .initiator = 1002,
    .channel_id = IO_CHANNEL,
    .priority = RDP_MCS_PRIORITY_HIGH,
    .segmentation = RDP_MCS_SEGMENTATION_BEGIN | RDP_MCS_SEGMENTATION_END,
  };

  rdp_share_data_header_init (&header, SHARE_ID, RDP_SHARE_STREAM_LOW, type, length);
  rdp_share_data_write (share, 1002, &header, payload, length);
  pdu.user_data = share->data;
  pdu.user_data_length = share->len;
  return rdp_mcs_encode_domain_pdu (&pdu, NULL);
}

/* The server says why (Set Error Info: logged off by an administrator) and
 * goes: closed carries that reason, translated. */
static void
test_closed_reason (Fixture       *f,
                    gconstpointer  data)
{
  const guint8 info[4] = { 0x02, 0, 0, 0 };     /* ERRINFO_RPC_INITIATED_LOGOFF */
  g_autoptr(GBytes) pdu = share_data_pdu (RDP_SHARE_DATA_SET_ERROR_INFO, info, sizeof info);
  const GError *reason;

  g_assert_true (server_send (f, pdu));
  run_for (f, 200);
  g_assert_cmpuint (f->closed->len, ==, 0);
  g_io_stream_close (f->server_stream, NULL, NULL);
  run_for (f, 5000);
  g_assert_cmpuint (f->closed->len, ==, 1);
  reason = g_ptr_array_index (f->closed, 0);
  g_assert_error (reason, RDP_ERROR, RDP_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (reason->message, "logged off by an administrator"));
  g_assert_true (rdp_session_is_closed (f->session));
}

/* A server that vanishes without a word: a G_IO_ERROR. */
static void
test_server_vanishes (Fixture       *f,
                      gconstpointer  data)
{
  const GError *reason;

  g_io_stream_close (f->server_stream, NULL, NULL);
  run_for (f, 5000);
  g_assert_cmpuint (f->closed->len, ==, 1);
  reason = g_ptr_array_index (f->closed, 0);
  g_assert_nonnull (reason);
  g_assert_true (reason->domain == G_IO_ERROR);
}

/* Malformed data ends the session with RDP_ERROR_INVALID_DATA, once. */
static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  static const guint8 junk[] = { 0x03, 0x00, 0x00, 0x09, 0x02, 0xf0, 0x80, 0x77, 0x77 };
  g_autoptr(GBytes) pdu = g_bytes_new_static (junk, sizeof junk);
  const GError *reason;

  g_assert_true (server_send (f, pdu));
  run_for (f, 5000);
  g_assert_cmpuint (f->closed->len, ==, 1);
  reason = g_ptr_array_index (f->closed, 0);
  g_assert_nonnull (reason);
  g_assert_true (reason->domain == RDP_ERROR);
  /* input after the end does nothing, and says nothing */
  rdp_session_send_scancode (f->session, 0x1e, TRUE);
  run_for (f, 50);
  g_assert_cmpuint (f->closed->len, ==, 1);
}

static void
disconnected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rdp_session_disconnect_finish (RDP_SESSION (source), result, &error));
  g_assert_no_error (error);
  g_main_loop_quit (f->loop);
}

/* A graceful end: the server gets a Disconnect Provider Ultimatum (user
 * requested), then the end of the stream; closed comes with no reason. */
static void
test_disconnect (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RdpFramed) server = rdp_framed_new (f->server_stream);
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GError) error = NULL;
  RdpMcsDomainPdu mcs;
  gsize size;
  const guint8 *bytes;

  rdp_session_send_pointer (f->session, 10, 20, RDP_POINTER_BUTTON_NONE);
  rdp_session_disconnect_async (f->session, NULL, disconnected_cb, f);
  g_main_loop_run (f->loop);
  g_assert_cmpuint (f->closed->len, ==, 1);
  g_assert_null (g_ptr_array_index (f->closed, 0));

  /* the pointer move (fast-path), then the ultimatum, then nothing */
  pdu = rdp_framed_read_pdu (server, NULL, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdu, &size);
  g_assert_cmphex (bytes[0] & 3, ==, 0);
  g_clear_pointer (&pdu, g_bytes_unref);
  pdu = rdp_framed_read_pdu (server, NULL, NULL, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (pdu, &size);
  g_assert_true (rdp_mcs_decode_domain_pdu (bytes, size, &mcs, &error));
  g_assert_cmpint (mcs.type, ==, RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM);
  g_assert_cmpint (mcs.reason, ==, RDP_MCS_REASON_USER_REQUESTED);
  g_clear_pointer (&pdu, g_bytes_unref);
  pdu = rdp_framed_read_pdu (server, NULL, NULL, &error);
  g_assert_null (pdu);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

/* Updates in one burst: one framebuffer-updated for all of them. */
static void
test_coalesced (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GByteArray) burst = g_byte_array_new ();
  g_autoptr(GBytes) all = NULL;

  /* a first batch: the whole black framebuffer of the start */
  run_for (f, 50);
  f->updates = 0;
  for (guint i = 0; i < 20; i++)
    {
      guint8 cmd[] = {
        0x01, 0x00, i, 0, 0, 0, i + 1, 0, 1, 0,       /* set surface bits at (i, 0), 1 x 1 */
        32, 0, 0, 0, 1, 0, 1, 0, 4, 0, 0, 0,          /* raw, 1 x 1, 4 bytes */
        0x10, 0x20, 0x30, 0x00,
      };
      g_autoptr(GByteArray) updates = g_byte_array_new ();
      g_autoptr(GBytes) pdu = NULL;

      rdp_fastpath_write_update (updates, RDP_FASTPATH_UPDATE_SURFCMDS, RDP_FASTPATH_FRAGMENT_SINGLE,
                                 cmd, sizeof cmd);
      pdu = rdp_fastpath_encode_output (updates->data, updates->len);
      g_byte_array_append (burst, g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu));
    }
  all = g_byte_array_free_to_bytes (g_steal_pointer (&burst));
  g_assert_true (server_send (f, all));
  run_for (f, 300);
  g_assert_cmpuint (f->updates, ==, 1);
  g_assert_cmphex (((const guint32 *) rdp_framebuffer_get_data (rdp_session_get_framebuffer (f->session)))[19],
                   ==, 0xff302010);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/session-driver/backpressure", test_backpressure);
  ADD ("/session-driver/closed-reason", test_closed_reason);
  ADD ("/session-driver/server-vanishes", test_server_vanishes);
  ADD ("/session-driver/malformed", test_malformed);
  ADD ("/session-driver/disconnect", test_disconnect);
  ADD ("/session-driver/coalesced", test_coalesced);
#undef ADD

  return g_test_run ();
}
