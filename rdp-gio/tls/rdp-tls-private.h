/* rdp-tls-private.h: what the TLS upgrade tells the drivers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-tls.h"

G_BEGIN_DECLS

/* Called with @waiting TRUE when the upgrade starts waiting for the
 * application's certificate verifier, and with FALSE when it stops waiting
 * (the answer came, or the upgrade was cancelled), always before the upgrade
 * completes and on its main context. RdpClient suspends its connect timeout
 * in between: a person reading a certificate dialog is not a slow network. */
typedef void (*RdpTlsVerifyingFunc) (gboolean waiting,
                                     gpointer user_data);

/* rdp_tls_upgrade_framed_async() with @verifying; finish it with
 * rdp_tls_upgrade_framed_finish(). */
void rdp_tls_upgrade_framed_full_async (RdpFramed              *framed,
                                        GSocketConnectable     *server_identity,
                                        RdpCertificateVerifier *verifier,
                                        RdpTlsVerifyingFunc     verifying,
                                        gpointer                verifying_data,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data);

G_END_DECLS
