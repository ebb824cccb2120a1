/* rdp-network-request.c: one Kerberos message for a KDC
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-network-request.h"

/**
 * RdpNetworkRequest:
 *
 * One Kerberos message for a KDC and where to send it: the protocol, the
 * URL (`tcp://kdc.example.com:88`, `udp://kdc.example.com`,
 * `https://gateway.example.com/KdcProxy`), the realm (the target-domain
 * of a [MS-KKDCP] KDC proxy message) and the message itself, bare (without
 * the length prefix of TCP, which the [iface@NetworkClient] adds).
 *
 * An [iface@NetworkClient] sends it with [method@NetworkClient.send_async].
 * A request is immutable and reference-counted.
 */
struct _RdpNetworkRequest
{
  gatomicrefcount ref_count;
  RdpNetworkProtocol protocol;
  GUri *url;
  char *realm;
  GBytes *kerberos_message;
};

G_DEFINE_BOXED_TYPE (RdpNetworkRequest, rdp_network_request,
                     rdp_network_request_ref, rdp_network_request_unref)

/**
 * rdp_network_request_new:
 * @protocol: how to reach the KDC
 * @url: where the KDC (or KDC proxy) is: `tcp://host[:port]`,
 *   `udp://host[:port]` (port 88 by default) or the KDC proxy's
 *   `http://` or `https://` URL
 * @realm: the Kerberos realm the message is for (the target-domain of a
 *   KDC proxy message)
 * @kerberos_message: the Kerberos message (an AS-REQ, TGS-REQ…), without a
 *   length prefix; the request keeps a reference to it
 *
 * Makes a request for [method@NetworkClient.send_async].
 *
 * Returns: (transfer full): a new request
 */
RdpNetworkRequest *
rdp_network_request_new (RdpNetworkProtocol  protocol,
                         GUri               *url,
                         const char         *realm,
                         GBytes             *kerberos_message)
{
  RdpNetworkRequest *self;

  g_return_val_if_fail (protocol <= RDP_NETWORK_PROTOCOL_HTTPS, NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (realm != NULL, NULL);
  g_return_val_if_fail (kerberos_message != NULL, NULL);

  self = g_new0 (RdpNetworkRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->protocol = protocol;
  self->url = g_uri_ref (url);
  self->realm = g_strdup (realm);
  self->kerberos_message = g_bytes_ref (kerberos_message);
  return self;
}

/**
 * rdp_network_request_ref:
 * @self: a request
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 */
RdpNetworkRequest *
rdp_network_request_ref (RdpNetworkRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rdp_network_request_unref:
 * @self: (transfer full): a request
 *
 * Drops a reference to @self.
 */
void
rdp_network_request_unref (RdpNetworkRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_uri_unref (self->url);
  g_free (self->realm);
  g_bytes_unref (self->kerberos_message);
  g_free (self);
}

/**
 * rdp_network_request_get_protocol:
 * @self: a request
 *
 * Gets how the request goes to the KDC.
 *
 * Returns: how the request reaches the KDC
 */
RdpNetworkProtocol
rdp_network_request_get_protocol (RdpNetworkRequest *self)
{
  g_return_val_if_fail (self != NULL, RDP_NETWORK_PROTOCOL_TCP);

  return self->protocol;
}

/**
 * rdp_network_request_get_url:
 * @self: a request
 *
 * Gets where the request goes.
 *
 * Returns: (transfer none): the URL of the KDC or KDC proxy
 */
GUri *
rdp_network_request_get_url (RdpNetworkRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

/**
 * rdp_network_request_get_realm:
 * @self: a request
 *
 * Gets the realm whose KDC gets the request (the target domain of a KDC proxy message).
 *
 * Returns: the Kerberos realm of the request
 */
const char *
rdp_network_request_get_realm (RdpNetworkRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->realm;
}

/**
 * rdp_network_request_get_kerberos_message:
 * @self: a request
 *
 * Gets the bare Kerberos message (no length prefix, no KDC proxy wrapping).
 *
 * Returns: (transfer none): the Kerberos message, without a length prefix
 */
GBytes *
rdp_network_request_get_kerberos_message (RdpNetworkRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kerberos_message;
}
