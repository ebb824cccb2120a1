/* rdp-network-client.c: sends Kerberos messages to a KDC
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-network-client.h"
#include "rdp-sync-private.h"

/**
 * RdpNetworkClient:
 *
 * Carries Kerberos messages to a KDC and brings back its replies: the
 * network half of Kerberos authentication, which the sans-I/O Kerberos
 * code of CredSSP leaves to it.
 *
 * One [struct@NetworkRequest] names the protocol (TCP, UDP, or a
 * [MS-KKDCP] KDC proxy over HTTP or HTTPS), the URL, the realm and the
 * bare Kerberos message; the reply is the bare Kerberos reply. The client
 * adds and removes the framing of each transport (the 4-byte length of
 * TCP, the KDC-PROXY-MESSAGE of a KDC proxy), so callers never see it. A
 * KRB-ERROR from the KDC is a reply like any other, not an error.
 *
 * rdp-gio's implementation is [class@SoupNetworkClient] (when built with
 * libsoup). Applications and tests may implement the interface themselves,
 * in C or through GObject-Introspection:
 *
 * ```python
 * class Client(GObject.Object, RdpGio.NetworkClient):
 *     def do_send_async(self, request, cancellable, callback, user_data):
 *         task = Gio.Task.new(self, cancellable, callback, user_data)
 *         self.replies[task] = answer(request.get_kerberos_message())
 *         task.return_boolean(True)
 *
 *     def do_send_finish(self, result):
 *         return self.replies.pop(result)
 * ```
 */

G_DEFINE_INTERFACE (RdpNetworkClient, rdp_network_client, G_TYPE_OBJECT)

static void
rdp_network_client_default_init (RdpNetworkClientInterface *iface)
{
}

/**
 * rdp_network_client_send_async:
 * @self: a network client
 * @request: what to send, and where
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async) (closure user_data): called with the reply
 * @user_data: data for @callback
 *
 * Sends @request's Kerberos message to the KDC (or KDC proxy) it names and
 * receives the reply. @callback runs in the thread-default main context of
 * the caller; call [method@NetworkClient.send_finish] from it.
 */
void
rdp_network_client_send_async (RdpNetworkClient     *self,
                               RdpNetworkRequest    *request,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  RdpNetworkClientInterface *iface;

  g_return_if_fail (RDP_IS_NETWORK_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  iface = RDP_NETWORK_CLIENT_GET_IFACE (self);
  g_return_if_fail (iface->send_async != NULL);
  iface->send_async (self, request, cancellable, callback, user_data);
}

/**
 * rdp_network_client_send_finish:
 * @self: a network client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@NetworkClient.send_async].
 *
 * Errors: %G_IO_ERROR_TIMED_OUT when the KDC did not answer in time,
 * %G_IO_ERROR_CANCELLED, the network's #GIOError and #GTlsError codes, and
 * for a KDC proxy %G_IO_ERROR_PERMISSION_DENIED (HTTP 403),
 * %G_IO_ERROR_NOT_FOUND (HTTP 404), %G_IO_ERROR_FAILED (any other HTTP
 * error status); %RDP_ERROR_INVALID_DATA for a reply that is not a Kerberos
 * reply in the transport's framing, or larger than 64 KiB.
 *
 * Returns: (transfer full): the KDC's reply (a Kerberos message, bare), or
 *   %NULL on error
 */
GBytes *
rdp_network_client_send_finish (RdpNetworkClient  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  RdpNetworkClientInterface *iface;

  g_return_val_if_fail (RDP_IS_NETWORK_CLIENT (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  iface = RDP_NETWORK_CLIENT_GET_IFACE (self);
  g_return_val_if_fail (iface->send_finish != NULL, NULL);
  return iface->send_finish (self, result, error);
}

/**
 * rdp_network_client_send:
 * @self: a network client
 * @request: what to send, and where
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The synchronous form of [method@NetworkClient.send_async], for threads
 * and scripts. It blocks the calling thread: it runs
 * [method@NetworkClient.send_async] on a main context private to the call
 * (pushed as the thread-default one meanwhile), so an implementation that
 * needs the application's main loop must be used with the asynchronous
 * form. A [class@SoupNetworkClient] used this way needs a #SoupSession
 * that may be used from the calling thread.
 *
 * Returns: (transfer full): the KDC's reply (a Kerberos message, bare), or
 *   %NULL on error
 */
GBytes *
rdp_network_client_send (RdpNetworkClient   *self,
                         RdpNetworkRequest  *request,
                         GCancellable       *cancellable,
                         GError            **error)
{
  RdpSync sync;
  GBytes *reply;

  g_return_val_if_fail (RDP_IS_NETWORK_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* on a private context (rdp-sync-private.h) */
  rdp_sync_begin (&sync);
  rdp_network_client_send_async (self, request, cancellable, rdp_sync_cb, &sync);
  reply = rdp_network_client_send_finish (self, rdp_sync_wait (&sync), error);
  rdp_sync_end (&sync);
  return reply;
}
