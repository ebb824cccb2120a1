/* rdp-framed-writer.c: the writing half of a split RdpFramed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-framed-private.h"

/**
 * RdpFramedWriter:
 *
 * The writing half of a [class@Framed] split by [method@Framed.split].
 *
 * It writes PDUs exactly as the #RdpFramed did, with the same queue, while
 * the [class@FramedReader] of the same split reads, possibly from another
 * thread. It stops working once [func@Framed.unsplit] joined the halves again.
 */

struct _RdpFramedWriter {
  GObject parent_instance;

  RdpFramed *framed;
  guint split_serial;
};

G_DEFINE_FINAL_TYPE (RdpFramedWriter, rdp_framed_writer, G_TYPE_OBJECT)

static void
rdp_framed_writer_init (RdpFramedWriter *self)
{
}

static void
rdp_framed_writer_finalize (GObject *object)
{
  RdpFramedWriter *self = RDP_FRAMED_WRITER (object);

  g_clear_object (&self->framed);

  G_OBJECT_CLASS (rdp_framed_writer_parent_class)->finalize (object);
}

static void
rdp_framed_writer_class_init (RdpFramedWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdp_framed_writer_finalize;
}

RdpFramedWriter *
rdp_framed_writer_new (RdpFramed *framed,
                       guint      split_serial)
{
  RdpFramedWriter *self = g_object_new (RDP_TYPE_FRAMED_WRITER, NULL);

  self->framed = g_object_ref (framed);
  self->split_serial = split_serial;
  return self;
}

RdpFramed *
rdp_framed_writer_get_framed (RdpFramedWriter *self,
                              guint           *out_split_serial)
{
  *out_split_serial = self->split_serial;
  return self->framed;
}

/**
 * rdp_framed_writer_write_all:
 * @self: a #RdpFramedWriter
 * @pdu: one or more whole PDUs
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @pdu whole and flushes the stream; see [method@Framed.write_all].
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_framed_writer_write_all (RdpFramedWriter  *self,
                             GBytes           *pdu,
                             GCancellable     *cancellable,
                             GError          **error)
{
  RdpWriteHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED_WRITER (self), FALSE);
  g_return_val_if_fail (pdu != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(half = rdp_framed_get_split_write_half (self->framed, self->split_serial, error)))
    return FALSE;
  return rdp_write_half_write (half, pdu, cancellable, error);
}

/**
 * rdp_framed_writer_write_all_async:
 * @self: a #RdpFramedWriter
 * @pdu: one or more whole PDUs
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when @pdu was written and flushed, or
 *   the write failed
 * @user_data: data for @callback
 *
 * Writes @pdu whole and flushes the stream without blocking; writes queue in
 * call order. See [method@Framed.write_all_async].
 */
void
rdp_framed_writer_write_all_async (RdpFramedWriter     *self,
                                   GBytes              *pdu,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static RdpWriteHalf closed = { .closed = TRUE };
  GError *error = NULL;
  RdpWriteHalf *half;

  g_return_if_fail (RDP_IS_FRAMED_WRITER (self));
  g_return_if_fail (pdu != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = rdp_framed_get_split_write_half (self->framed, self->split_serial, &error);
  rdp_write_half_write_async (half ? half : &closed, self, rdp_framed_writer_write_all_async,
                              error, pdu, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_writer_write_all_finish:
 * @self: a #RdpFramedWriter
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@FramedWriter.write_all_async].
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_framed_writer_write_all_finish (RdpFramedWriter  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_writer_write_all_async, FALSE);

  return rdp_write_half_write_finish (result, error);
}
