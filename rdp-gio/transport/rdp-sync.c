/* rdp-sync.c: the blocking form of an asynchronous operation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-sync-private.h"

void
rdp_sync_begin (RdpSync *sync)
{
  sync->context = g_main_context_new ();
  sync->result = NULL;
  g_main_context_push_thread_default (sync->context);
}

void
rdp_sync_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RdpSync *sync = user_data;

  sync->result = g_object_ref (result);
  g_main_context_wakeup (sync->context);
}

GAsyncResult *
rdp_sync_wait (RdpSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
  return sync->result;
}

void
rdp_sync_end (RdpSync *sync)
{
  while (g_main_context_pending (sync->context))
    g_main_context_iteration (sync->context, FALSE);
  g_main_context_pop_thread_default (sync->context);
  g_clear_object (&sync->result);
  g_main_context_unref (sync->context);
}
