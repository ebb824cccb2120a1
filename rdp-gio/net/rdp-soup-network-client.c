/* rdp-soup-network-client.c: rdp-gio's network client: a KDC proxy
 * ([MS-KKDCP]) over libsoup, a KDC over TCP and UDP with GIO
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-soup-network-client.h"
#include "rdp-kkdcp-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/**
 * RdpSoupNetworkClient:
 *
 * rdp-gio's [iface@NetworkClient]:
 *
 * - a KDC proxy ([MS-KKDCP], %RDP_NETWORK_PROTOCOL_HTTP and
 *   %RDP_NETWORK_PROTOCOL_HTTPS): the Kerberos message, with its 4-byte
 *   length, goes into a KDC-PROXY-MESSAGE for the request's realm, which is
 *   POSTed with `Content-Type: application/kerberos` through the
 *   #SoupSession, so its proxy resolver and TLS database apply. An HTTP
 *   error status fails the request: 403 with %G_IO_ERROR_PERMISSION_DENIED,
 *   404 with %G_IO_ERROR_NOT_FOUND, others with %G_IO_ERROR_FAILED;
 * - a KDC over TCP: a #GSocketClient connection (no proxy), the 4-byte
 *   length and the message written whole, the reply's length and the reply
 *   read whole;
 * - a KDC over UDP: a socket of the KDC address's family, bound to the
 *   any-address, one datagram out, sent once more after half the timeout
 *   when no reply came; datagrams from other addresses are ignored.
 *
 * Replies larger than 64 KiB are refused (%RDP_ERROR_INVALID_DATA). Every
 * request is bounded by [property@SoupNetworkClient:timeout]
 * (%G_IO_ERROR_TIMED_OUT), and cancelling it completes it at once, on
 * every path.
 */

#define DEFAULT_TIMEOUT_S 5
#define MAX_TIMEOUT_S 3600
#define KERBEROS_PORT 88
#define MAX_REPLY RDP_KKDCP_MAX_MESSAGE
#define MAX_DATAGRAM 65507      /* the largest UDP payload over IPv4 */

struct _RdpSoupNetworkClient
{
  GObject parent_instance;

  SoupSession *session;
  guint timeout;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rdp_soup_network_client_iface_init (RdpNetworkClientInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RdpSoupNetworkClient, rdp_soup_network_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RDP_TYPE_NETWORK_CLIENT,
                                                      rdp_soup_network_client_iface_init))

/* ---- one request ---- */

/* Every I/O callback holds a reference to the task; the task completes
 * once, on the first of: the reply, an error, the timeout, the caller's
 * cancellation. Completing cancels the I/O still in flight (through
 * io_cancellable), whose callbacks then find the task done and drop it. */
typedef struct {
  RdpNetworkRequest *request;
  guint timeout_ms;
  gboolean done;
  GCancellable *io_cancellable;
  GSource *timeout_source;
  GSource *cancel_source;

  /* TCP */
  GSocketConnection *connection;
  GBytes *framed;
  guint8 header[4];
  guint8 *body;
  gsize body_length;

  /* UDP */
  GSocket *socket;
  GSocketAddress *kdc_address;
  GSource *receive_source;
  GSource *retry_source;
  guint8 *datagram;

  /* KDC proxy */
  SoupMessage *message;
  GInputStream *body_stream;
  guint8 *http_buffer;
} SendData;

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Done with the reply's body: close it, so that libsoup releases the
 * connection (or drops it, when the body was not read to its end) rather
 * than holding it for a reader that never comes: with the default two
 * connections per host, two error replies would otherwise block every
 * later request to the proxy. */
static void
close_body (SendData *data)
{
  if (data->body_stream == NULL)
    return;
  if (!g_input_stream_is_closed (data->body_stream) && !g_input_stream_has_pending (data->body_stream))
    g_input_stream_close_async (data->body_stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&data->body_stream);
}

static void
send_data_free (SendData *data)
{
  destroy_source (&data->timeout_source);
  destroy_source (&data->cancel_source);
  destroy_source (&data->receive_source);
  destroy_source (&data->retry_source);
  g_clear_object (&data->io_cancellable);
  g_clear_pointer (&data->request, rdp_network_request_unref);
  g_clear_object (&data->connection);
  g_clear_pointer (&data->framed, g_bytes_unref);
  if (data->body != NULL)
    rdp_secret_wipe (data->body, data->body_length);
  g_clear_pointer (&data->body, g_free);
  g_clear_object (&data->socket);
  g_clear_object (&data->kdc_address);
  if (data->datagram != NULL)
    rdp_secret_wipe (data->datagram, MAX_DATAGRAM + 1);
  g_clear_pointer (&data->datagram, g_free);
  g_clear_object (&data->message);
  close_body (data);
  if (data->http_buffer != NULL)
    rdp_secret_wipe (data->http_buffer, MAX_REPLY + 1);
  g_clear_pointer (&data->http_buffer, g_free);
  g_free (data);
}

/* TRUE (and drops the callback's reference) when the task is done already. */
static gboolean
task_is_done (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  if (!data->done)
    return FALSE;
  g_object_unref (task);
  return TRUE;
}

/* Ends the request; the I/O still in flight is cancelled. */
static void
finish (GTask *task)
{
  SendData *data = g_task_get_task_data (task);

  data->done = TRUE;
  destroy_source (&data->timeout_source);
  destroy_source (&data->cancel_source);
  destroy_source (&data->receive_source);
  destroy_source (&data->retry_source);
  g_cancellable_cancel (data->io_cancellable);
}

static void
return_error (GTask  *task,
              GError *error)
{
  SendData *data = g_task_get_task_data (task);

  if (data->done)
    {
      g_error_free (error);
      return;
    }
  finish (task);
  g_task_return_error (task, error);
}

static void
return_reply (GTask  *task,
              GBytes *reply)
{
  SendData *data = g_task_get_task_data (task);

  if (data->done)
    {
      g_bytes_unref (reply);
      return;
    }
  finish (task);
  g_task_return_pointer (task, reply, (GDestroyNotify) g_bytes_unref);
}

static char *
request_url (SendData *data)
{
  return g_uri_to_string_partial (rdp_network_request_get_url (data->request),
                                  G_URI_HIDE_PASSWORD);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autofree char *url = request_url (data);
  guint seconds = (data->timeout_ms + 999) / 1000;

  return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "The KDC at %s did not answer within %u second",
                                                "The KDC at %s did not answer within %u seconds",
                                                seconds),
                                   url, seconds));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  return_error (task, error);
  return G_SOURCE_REMOVE;
}

static gboolean
use_io_error (GTask   *task,
              GError  *error)
{
  if (task_is_done (task))
    {
      g_error_free (error);
      return TRUE;
    }
  return_error (task, error);
  g_object_unref (task);
  return TRUE;
}

static void
reply_too_large (GTask *task,
                 gsize  length)
{
  return_error (task, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                   _("The KDC's reply is too large (%lu bytes, at most %u allowed)"),
                                   (gulong) length, (guint) MAX_REPLY));
}

/* ---- TCP: RFC 4120 7.2.2 ---- */

static void
tcp_body_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize n = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error))
    {
      use_io_error (task, error);
      return;
    }
  if (task_is_done (task))
    return;
  if (n != data->body_length)
    return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                     _("The KDC closed the connection in the middle of its reply")));
  else
    {
      GBytes *reply = rdp_secret_new_take (g_steal_pointer (&data->body), data->body_length);

      data->body_length = 0;
      return_reply (task, reply);
    }
  g_object_unref (task);
}

static void
tcp_header_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize n = 0;
  guint32 length;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error))
    {
      use_io_error (task, error);
      return;
    }
  if (task_is_done (task))
    return;
  if (n != sizeof data->header)
    {
      return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                       _("The KDC closed the connection without a reply")));
      g_object_unref (task);
      return;
    }
  length = ((guint32) data->header[0] << 24) | ((guint32) data->header[1] << 16)
           | ((guint32) data->header[2] << 8) | data->header[3];
  if (length > MAX_REPLY)
    {
      reply_too_large (task, length);
      g_object_unref (task);
      return;
    }
  if (length == 0)
    {
      return_error (task, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                       _("The KDC sent an empty reply")));
      g_object_unref (task);
      return;
    }
  data->body_length = length;
  data->body = g_malloc (length);
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (data->connection)),
                                 data->body, length, G_PRIORITY_DEFAULT, data->io_cancellable,
                                 tcp_body_read_cb, task);
}

static void
tcp_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      use_io_error (task, error);
      return;
    }
  if (task_is_done (task))
    return;
  g_input_stream_read_all_async (g_io_stream_get_input_stream (G_IO_STREAM (data->connection)),
                                 data->header, sizeof data->header, G_PRIORITY_DEFAULT,
                                 data->io_cancellable, tcp_header_read_cb, task);
}

static void
tcp_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      use_io_error (task, error);
      return;
    }
  if (task_is_done (task))
    {
      g_object_unref (connection);
      return;
    }
  data->connection = connection;
  data->framed = rdp_kerberos_frame (rdp_network_request_get_kerberos_message (data->request));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   g_bytes_get_data (data->framed, NULL),
                                   g_bytes_get_size (data->framed),
                                   G_PRIORITY_DEFAULT, data->io_cancellable,
                                   tcp_written_cb, task);
}

static void
send_tcp (GTask       *task,
          const char  *host,
          guint16      port)
{
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new (host, port);

  /* a KDC is reached directly: HTTP proxies are for the KDC proxy */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_connect_async (client, address, data->io_cancellable,
                                 tcp_connected_cb, g_object_ref (task));
}

/* ---- UDP: RFC 4120 7.2.1 ---- */

static gboolean
udp_send_datagram (GTask   *task,
                   GError **error)
{
  SendData *data = g_task_get_task_data (task);
  GBytes *message = rdp_network_request_get_kerberos_message (data->request);
  gssize sent;

  sent = g_socket_send_to (data->socket, data->kdc_address,
                           g_bytes_get_data (message, NULL), g_bytes_get_size (message),
                           data->io_cancellable, error);
  return sent >= 0;
}

static gboolean
udp_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;

  g_clear_pointer (&data->retry_source, g_source_unref);
  if (!udp_send_datagram (task, &error))
    return_error (task, error);
  return G_SOURCE_REMOVE;
}

static gboolean
same_address (GSocketAddress *a,
              GSocketAddress *b)
{
  GInetSocketAddress *ia, *ib;

  if (!G_IS_INET_SOCKET_ADDRESS (a) || !G_IS_INET_SOCKET_ADDRESS (b))
    return FALSE;
  ia = G_INET_SOCKET_ADDRESS (a);
  ib = G_INET_SOCKET_ADDRESS (b);
  return g_inet_socket_address_get_port (ia) == g_inet_socket_address_get_port (ib)
         && g_inet_address_equal (g_inet_socket_address_get_address (ia),
                                  g_inet_socket_address_get_address (ib));
}

static gboolean
udp_readable_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);

  for (;;)
    {
      g_autoptr(GSocketAddress) from = NULL;
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_receive_from (socket, &from, (char *) data->datagram, MAX_DATAGRAM + 1,
                                 NULL, &error);
      if (n < 0)
        {
          /* nothing more now; an ICMP error on an unconnected socket is
           * no answer either: the timeout decides */
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;
          g_debug ("UDP KDC: %s", error->message);
          continue;
        }
      if (from == NULL || !same_address (from, data->kdc_address))
        {
          g_debug ("UDP KDC: ignoring a datagram from another address");
          continue;
        }
      if (n == 0)
        {
          g_debug ("UDP KDC: ignoring an empty datagram");
          continue;
        }
      if (n > MAX_DATAGRAM)
        {
          reply_too_large (task, n);
          return G_SOURCE_REMOVE;
        }
      return_reply (task, rdp_secret_new (data->datagram, n));
      return G_SOURCE_REMOVE;
    }
}

static void
udp_resolved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GList *addresses;
  GInetAddress *address;
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  GUri *url;
  int port;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (addresses == NULL)
    {
      use_io_error (task, error);
      return;
    }
  if (task_is_done (task))
    {
      g_resolver_free_addresses (addresses);
      return;
    }

  url = rdp_network_request_get_url (data->request);
  port = g_uri_get_port (url);
  address = addresses->data;
  data->kdc_address = g_inet_socket_address_new (address, port > 0 ? port : KERBEROS_PORT);
  data->socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_DATAGRAM,
                               G_SOCKET_PROTOCOL_UDP, &error);
  g_resolver_free_addresses (addresses);
  if (data->socket == NULL)
    goto fail;
  /* the any-address, so that the reply can come back whatever route the
   * request took */
  any = g_inet_address_new_any (g_socket_get_family (data->socket));
  local = g_inet_socket_address_new (any, 0);
  if (!g_socket_bind (data->socket, local, FALSE, &error))
    goto fail;
  g_socket_set_blocking (data->socket, FALSE);
  data->datagram = g_malloc (MAX_DATAGRAM + 1);

  data->receive_source = g_socket_create_source (data->socket, G_IO_IN, NULL);
  g_task_attach_source (task, data->receive_source, G_SOURCE_FUNC (udp_readable_cb));
  if (!udp_send_datagram (task, &error))
    goto fail;
  data->retry_source = g_timeout_source_new (MAX (data->timeout_ms / 2, 1));
  g_task_attach_source (task, data->retry_source, udp_retry_cb);
  g_object_unref (task);
  return;

fail:
  return_error (task, error);
  g_object_unref (task);
}

static void
send_udp (GTask       *task,
          const char  *host)
{
  SendData *data = g_task_get_task_data (task);
  GBytes *message = rdp_network_request_get_kerberos_message (data->request);
  g_autoptr(GResolver) resolver = NULL;

  if (g_bytes_get_size (message) > MAX_DATAGRAM)
    {
      return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                       _("The Kerberos message is too large for UDP (%lu bytes)"),
                                       (gulong) g_bytes_get_size (message)));
      return;
    }
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, host, data->io_cancellable,
                                   udp_resolved_cb, g_object_ref (task));
}

/* ---- KDC proxy: [MS-KKDCP] over HTTP(S) ---- */

static void
http_body_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gsize n = 0;
  GBytes *reply;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (source), result, &n, &error))
    {
      use_io_error (task, error);
      return;
    }
  close_body (data);
  if (task_is_done (task))
    return;
  if (n > MAX_REPLY)
    reply_too_large (task, n);
  else if ((reply = rdp_kkdcp_unwrap_reply (data->http_buffer, n, &error)) == NULL)
    {
      g_autoptr(GError) detail = error;
      g_autofree char *url = request_url (data);

      return_error (task, g_error_new (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                       _("The KDC proxy at %s did not answer with a KDC proxy message: %s"),
                                       url, detail->message));
    }
  else
    return_reply (task, reply);
  g_object_unref (task);
}

static GError *
http_status_error (SendData *data,
                   guint     status)
{
  g_autofree char *url = request_url (data);
  const char *reason = soup_message_get_reason_phrase (data->message);

  if (reason == NULL || *reason == '\0')
    reason = soup_status_get_phrase (status);
  if (reason == NULL)
    reason = "";

  switch (status)
    {
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                          _("The KDC proxy refused the request (%s: HTTP %u %s)"),
                          url, status, reason);
    case SOUP_STATUS_NOT_FOUND:
      return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                          _("There is no KDC proxy at %s (HTTP %u %s)"), url, status, reason);
    default:
      if (status >= 500)
        return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                            _("The KDC proxy at %s failed: HTTP %u %s"), url, status, reason);
      return g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                          _("The KDC proxy at %s answered with HTTP %u %s"), url, status, reason);
    }
}

static void
http_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GInputStream *stream;
  guint status;
  goffset length;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      use_io_error (task, error);
      return;
    }
  data->body_stream = stream;
  if (task_is_done (task))
    return;

  status = soup_message_get_status (data->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      close_body (data);
      return_error (task, http_status_error (data, status));
      g_object_unref (task);
      return;
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->message));
  if (length > MAX_REPLY)
    {
      close_body (data);
      reply_too_large (task, length);
      g_object_unref (task);
      return;
    }
  /* one byte more than allowed tells a reply that is too large */
  data->http_buffer = g_malloc (MAX_REPLY + 1);
  g_input_stream_read_all_async (stream, data->http_buffer, MAX_REPLY + 1, G_PRIORITY_DEFAULT,
                                 data->io_cancellable, http_body_read_cb, task);
}

static void
send_http (RdpSoupNetworkClient *self,
           GTask                *task)
{
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;

  body = rdp_kkdcp_wrap_request (rdp_network_request_get_kerberos_message (data->request),
                                 rdp_network_request_get_realm (data->request), &error);
  if (body == NULL)
    {
      return_error (task, error);
      return;
    }
  data->message = soup_message_new_from_uri (SOUP_METHOD_POST,
                                             rdp_network_request_get_url (data->request));
  headers = soup_message_get_request_headers (data->message);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "Pragma", "no-cache");
  soup_message_set_request_body_from_bytes (data->message, "application/kerberos", body);
  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->io_cancellable, http_sent_cb, g_object_ref (task));
}

/* ---- the interface ---- */

static void
rdp_soup_network_client_send_async (RdpNetworkClient     *client,
                                    RdpNetworkRequest    *request,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  RdpSoupNetworkClient *self = RDP_SOUP_NETWORK_CLIENT (client);
  g_autoptr(GTask) task = NULL;
  SendData *data;
  GUri *url = rdp_network_request_get_url (request);
  const char *scheme = g_uri_get_scheme (url);
  const char *host = g_uri_get_host (url);
  RdpNetworkProtocol protocol = rdp_network_request_get_protocol (request);
  const char *expected;
  int port;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_soup_network_client_send_async);
  /* the task returns once, whatever completes it; the caller's cancellable
   * is watched below */
  g_task_set_check_cancellable (task, FALSE);
  data = g_new0 (SendData, 1);
  data->request = rdp_network_request_ref (request);
  data->timeout_ms = self->timeout * 1000;
  data->io_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) send_data_free);

  switch (protocol)
    {
    case RDP_NETWORK_PROTOCOL_TCP: expected = "tcp"; break;
    case RDP_NETWORK_PROTOCOL_UDP: expected = "udp"; break;
    case RDP_NETWORK_PROTOCOL_HTTP: expected = "http"; break;
    case RDP_NETWORK_PROTOCOL_HTTPS: expected = "https"; break;
    default: g_assert_not_reached ();
    }
  if (host == NULL || *host == '\0' || scheme == NULL || g_ascii_strcasecmp (scheme, expected) != 0)
    {
      g_autofree char *text = request_url (data);

      return_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                       _("%s is not a %s:// URL with a host"), text, expected));
      return;
    }
  port = g_uri_get_port (url);

  data->timeout_source = g_timeout_source_new (data->timeout_ms);
  g_task_attach_source (task, data->timeout_source, timeout_cb);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, data->cancel_source, G_SOURCE_FUNC (cancelled_cb));
    }

  switch (protocol)
    {
    case RDP_NETWORK_PROTOCOL_TCP:
      send_tcp (task, host, port > 0 ? port : KERBEROS_PORT);
      break;
    case RDP_NETWORK_PROTOCOL_UDP:
      send_udp (task, host);
      break;
    case RDP_NETWORK_PROTOCOL_HTTP:
    case RDP_NETWORK_PROTOCOL_HTTPS:
      send_http (self, task);
      break;
    default:
      g_assert_not_reached ();
    }
}

static GBytes *
rdp_soup_network_client_send_finish (RdpNetworkClient  *client,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_soup_network_client_send_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rdp_soup_network_client_iface_init (RdpNetworkClientInterface *iface)
{
  iface->send_async = rdp_soup_network_client_send_async;
  iface->send_finish = rdp_soup_network_client_send_finish;
}

/* ---- the object ---- */

static void
rdp_soup_network_client_init (RdpSoupNetworkClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_S;
}

static void
rdp_soup_network_client_constructed (GObject *object)
{
  RdpSoupNetworkClient *self = RDP_SOUP_NETWORK_CLIENT (object);

  G_OBJECT_CLASS (rdp_soup_network_client_parent_class)->constructed (object);
  if (self->session == NULL)
    self->session = rdp_soup_network_client_create_session ();
}

static void
rdp_soup_network_client_dispose (GObject *object)
{
  RdpSoupNetworkClient *self = RDP_SOUP_NETWORK_CLIENT (object);

  g_clear_object (&self->session);
  G_OBJECT_CLASS (rdp_soup_network_client_parent_class)->dispose (object);
}

static void
rdp_soup_network_client_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RdpSoupNetworkClient *self = RDP_SOUP_NETWORK_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_soup_network_client_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RdpSoupNetworkClient *self = RDP_SOUP_NETWORK_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_TIMEOUT:
      rdp_soup_network_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_soup_network_client_class_init (RdpSoupNetworkClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rdp_soup_network_client_constructed;
  object_class->dispose = rdp_soup_network_client_dispose;
  object_class->get_property = rdp_soup_network_client_get_property;
  object_class->set_property = rdp_soup_network_client_set_property;

  /**
   * RdpSoupNetworkClient:session:
   *
   * The #SoupSession that carries KDC proxy requests: its proxy resolver
   * and TLS database apply to them. Without one, the client makes its own
   * with [func@SoupNetworkClient.create_session].
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpSoupNetworkClient:timeout:
   *
   * How long, in seconds, one request may take, from its start to the
   * whole reply (name resolution, connection, TLS, the KDC's answer and,
   * for UDP, the one retry after half of it). A request that takes longer
   * fails with %G_IO_ERROR_TIMED_OUT.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, MAX_TIMEOUT_S, DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/**
 * rdp_soup_network_client_new:
 * @session: (nullable): the #SoupSession for KDC proxy requests, or %NULL
 *   for one made with [func@SoupNetworkClient.create_session]
 *
 * Makes rdp-gio's network client.
 *
 * Returns: (transfer full): a new #RdpSoupNetworkClient
 */
RdpNetworkClient *
rdp_soup_network_client_new (SoupSession *session)
{
  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);

  return g_object_new (RDP_TYPE_SOUP_NETWORK_CLIENT, "session", session, NULL);
}

/**
 * rdp_soup_network_client_create_session:
 *
 * Makes a #SoupSession set up for a KDC proxy, which an application may
 * also use for its own requests: the default proxy resolver
 * ([func@Gio.ProxyResolver.get_default]), the TLS backend's default
 * database (the system's trusted CAs), the user agent `rdp-gio/VERSION`
 * and an I/O timeout of 5 seconds.
 *
 * Returns: (transfer full): a new #SoupSession
 */
SoupSession *
rdp_soup_network_client_create_session (void)
{
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  SoupSession *session;

  session = soup_session_new_with_options ("user-agent", "rdp-gio/" RDP_VERSION_S,
                                           "timeout", DEFAULT_TIMEOUT_S,
                                           "proxy-resolver", g_proxy_resolver_get_default (),
                                           NULL);
  if (database != NULL)
    soup_session_set_tls_database (session, database);
  return session;
}

/**
 * rdp_soup_network_client_get_session:
 * @self: a network client
 *
 * Gets [property@SoupNetworkClient:session].
 *
 * Returns: (transfer none): the session of KDC proxy requests
 */
SoupSession *
rdp_soup_network_client_get_session (RdpSoupNetworkClient *self)
{
  g_return_val_if_fail (RDP_IS_SOUP_NETWORK_CLIENT (self), NULL);

  return self->session;
}

/**
 * rdp_soup_network_client_get_timeout:
 * @self: a network client
 *
 * Gets [property@SoupNetworkClient:timeout].
 *
 * Returns: the [property@SoupNetworkClient:timeout] of a request, in seconds
 */
guint
rdp_soup_network_client_get_timeout (RdpSoupNetworkClient *self)
{
  g_return_val_if_fail (RDP_IS_SOUP_NETWORK_CLIENT (self), 0);

  return self->timeout;
}

/**
 * rdp_soup_network_client_set_timeout:
 * @self: a network client
 * @timeout: seconds, 1 to 3600
 *
 * Sets the [property@SoupNetworkClient:timeout] of the requests started
 * from now on.
 */
void
rdp_soup_network_client_set_timeout (RdpSoupNetworkClient *self,
                                     guint                 timeout)
{
  g_return_if_fail (RDP_IS_SOUP_NETWORK_CLIENT (self));
  g_return_if_fail (timeout >= 1 && timeout <= MAX_TIMEOUT_S);

  if (self->timeout == timeout)
    return;
  self->timeout = timeout;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
