/* rdp-write-half.c: the writing side of a framed transport
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-write-half-private.h"
#include "rdp-i18n-private.h"

typedef struct {
  RdpWriteHalf *half;
  GBytes *pdu;
} WriteOp;

static void
write_op_free (gpointer data)
{
  WriteOp *op = data;

  g_bytes_unref (op->pdu);
  g_free (op);
}

void
rdp_write_half_init (RdpWriteHalf  *half,
                     GOutputStream *output)
{
  half->output = g_object_ref (output);
  g_queue_init (&half->waiting);
  half->in_flight = NULL;
  half->broken = FALSE;
  half->closed = FALSE;
}

void
rdp_write_half_clear (RdpWriteHalf *half)
{
  /* Every queued task holds a reference on the object that owns this half,
   * so nothing can be waiting when it goes away. */
  g_assert (!rdp_write_half_is_busy (half));
  g_clear_object (&half->output);
  half->closed = TRUE;
}

gboolean
rdp_write_half_is_busy (RdpWriteHalf *half)
{
  return half->in_flight != NULL || !g_queue_is_empty (&half->waiting);
}

static gboolean
check_usable (RdpWriteHalf  *half,
              GError       **error)
{
  if (half->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The transport’s stream was taken away"));
      return FALSE;
    }
  if (half->broken)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE,
                           _("An earlier write was interrupted in the middle of a PDU; "
                             "the connection cannot be written to any more"));
      return FALSE;
    }
  return TRUE;
}

/* A PDU cut short leaves the peer unable to find the next one. */
static void
note_partial_write (RdpWriteHalf *half,
                    gsize         written,
                    gsize         size)
{
  if (written > 0 && written < size)
    half->broken = TRUE;
}

gboolean
rdp_write_half_write (RdpWriteHalf  *half,
                      GBytes        *pdu,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gsize size, written = 0;
  const guint8 *data;

  if (!check_usable (half, error))
    return FALSE;
  if (rdp_write_half_is_busy (half))
    {
      /* Waiting for the queue would need the main loop that runs it. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("Asynchronous writes are still queued; a synchronous write "
                             "would overtake them"));
      return FALSE;
    }

  data = g_bytes_get_data (pdu, &size);
  if (!g_output_stream_write_all (half->output, data, size, &written, cancellable, error))
    {
      note_partial_write (half, written, size);
      return FALSE;
    }
  if (!g_output_stream_flush (half->output, cancellable, error))
    {
      half->broken = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void write_next (RdpWriteHalf *half);

static void
finish_in_flight (RdpWriteHalf *half,
                  GError       *error)
{
  GTask *task = g_steal_pointer (&half->in_flight);
  GObject *owner = g_object_ref (g_task_get_source_object (task));

  /* The callback may queue more writes, and may drop the caller's last
   * reference on the owner of this half: keep it alive until the queue moved
   * on. */
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  write_next (half);
  g_object_unref (owner);
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RdpWriteHalf *half = user_data;
  GError *error = NULL;

  if (!g_output_stream_flush_finish (G_OUTPUT_STREAM (source), result, &error))
    half->broken = TRUE;
  finish_in_flight (half, error);
}

/* GIO's default flush_async runs the stream's synchronous flush in a worker
 * thread, even for a stream that has none (a GSocketOutputStream, the
 * GTlsOutputStream of glib-networking). Only a stream that has something to
 * flush is flushed, so that an asynchronous write involves no other thread. */
static gboolean
stream_has_flush (GOutputStream *output)
{
  GOutputStreamClass *klass = G_OUTPUT_STREAM_GET_CLASS (output);
  GOutputStreamClass *base = g_type_class_peek (G_TYPE_OUTPUT_STREAM);

  return klass->flush != NULL || klass->flush_async != base->flush_async;
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RdpWriteHalf *half = user_data;
  WriteOp *op = g_task_get_task_data (half->in_flight);
  GError *error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      note_partial_write (half, written, g_bytes_get_size (op->pdu));
      finish_in_flight (half, error);
      return;
    }
  if (!stream_has_flush (half->output))
    {
      finish_in_flight (half, NULL);
      return;
    }

  g_output_stream_flush_async (half->output,
                               g_task_get_priority (half->in_flight),
                               g_task_get_cancellable (half->in_flight),
                               flushed_cb, half);
}

static void
write_next (RdpWriteHalf *half)
{
  while (half->in_flight == NULL && !g_queue_is_empty (&half->waiting))
    {
      GTask *task = g_queue_pop_head (&half->waiting);
      WriteOp *op = g_task_get_task_data (task);
      GError *error = NULL;
      const guint8 *data;
      gsize size;

      /* Cancelled while waiting, or the one before it broke the stream:
       * nothing of it was sent. */
      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error) ||
          !check_usable (half, &error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          continue;
        }

      half->in_flight = task;
      data = g_bytes_get_data (op->pdu, &size);
      g_output_stream_write_all_async (half->output, data, size,
                                       g_task_get_priority (task),
                                       g_task_get_cancellable (task),
                                       written_cb, half);
    }
}

void
rdp_write_half_write_async (RdpWriteHalf        *half,
                            gpointer             source_object,
                            gpointer             source_tag,
                            GError              *error,
                            GBytes              *pdu,
                            int                  io_priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  WriteOp *op;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_priority (task, io_priority);

  if (error != NULL || !check_usable (half, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  op = g_new0 (WriteOp, 1);
  op->half = half;
  op->pdu = g_bytes_ref (pdu);
  g_task_set_task_data (task, op, write_op_free);

  g_queue_push_tail (&half->waiting, task);
  write_next (half);
}

gboolean
rdp_write_half_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
