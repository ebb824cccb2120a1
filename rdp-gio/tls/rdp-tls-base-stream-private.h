/* rdp-tls-base-stream-private.h: the stream under the TLS connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RdpTlsBaseStream forwards everything to the stream it wraps, including
 * closing it. It exists so that the TLS backend does not see a
 * GSocketConnection under the TLS connection: glib-networking keys its
 * session cache on the socket's remote address and resumes sessions only
 * over a GSocketConnection, and CredSSP needs every connection to make a
 * full handshake with the server's certificate. */
#define RDP_TYPE_TLS_BASE_STREAM (rdp_tls_base_stream_get_type ())
G_DECLARE_FINAL_TYPE (RdpTlsBaseStream, rdp_tls_base_stream, RDP, TLS_BASE_STREAM, GIOStream)

GIOStream *rdp_tls_base_stream_new        (GIOStream        *base);
GIOStream *rdp_tls_base_stream_get_base   (RdpTlsBaseStream *self);

G_END_DECLS
