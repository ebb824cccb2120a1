/* rdp-sync-private.h: the blocking form of an asynchronous operation
 *
 * rdp-gio's blocking calls that are built on their asynchronous twins
 * (rdp_tls_upgrade(), rdp_client_connect(), rdp_network_client_send())
 * run the asynchronous form on a main context of their own, which only they
 * iterate: nothing of the caller's contexts runs meanwhile.
 *
 *   RdpSync sync;
 *
 *   rdp_sync_begin (&sync);
 *   frob_async (…, rdp_sync_cb, &sync);
 *   result = frob_finish (rdp_sync_wait (&sync), error);
 *   rdp_sync_end (&sync);
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GMainContext *context;
  GAsyncResult *result;
} RdpSync;

/* Makes the private context and pushes it as the thread-default one. */
void          rdp_sync_begin (RdpSync      *sync);
/* The GAsyncReadyCallback to give the asynchronous form, with @sync as its
 * data. */
void          rdp_sync_cb    (GObject      *source,
                              GAsyncResult *result,
                              gpointer      sync);
/* Iterates the private context until the operation completed; the result
 * (owned by @sync) for its _finish(). */
GAsyncResult *rdp_sync_wait  (RdpSync      *sync);
/* Runs what is still ready on the private context (the closing of a
 * connection given up, say), pops and frees it. */
void          rdp_sync_end   (RdpSync      *sync);

G_END_DECLS
