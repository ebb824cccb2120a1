/* rdp-framed-reader.c: the reading half of a split RdpFramed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-framed-private.h"

/**
 * RdpFramedReader:
 *
 * The reading half of a [class@Framed] split by [method@Framed.split].
 *
 * It reads PDUs exactly as the #RdpFramed did, from the same buffer, while
 * the [class@FramedWriter] of the same split writes, possibly from another
 * thread. It stops working once [func@Framed.unsplit] joined the halves again.
 */

struct _RdpFramedReader {
  GObject parent_instance;

  RdpFramed *framed;
  guint split_serial;
};

G_DEFINE_FINAL_TYPE (RdpFramedReader, rdp_framed_reader, G_TYPE_OBJECT)

static void
rdp_framed_reader_init (RdpFramedReader *self)
{
}

static void
rdp_framed_reader_finalize (GObject *object)
{
  RdpFramedReader *self = RDP_FRAMED_READER (object);

  g_clear_object (&self->framed);

  G_OBJECT_CLASS (rdp_framed_reader_parent_class)->finalize (object);
}

static void
rdp_framed_reader_class_init (RdpFramedReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdp_framed_reader_finalize;
}

RdpFramedReader *
rdp_framed_reader_new (RdpFramed *framed,
                       guint      split_serial)
{
  RdpFramedReader *self = g_object_new (RDP_TYPE_FRAMED_READER, NULL);

  self->framed = g_object_ref (framed);
  self->split_serial = split_serial;
  return self;
}

RdpFramed *
rdp_framed_reader_get_framed (RdpFramedReader *self,
                              guint           *out_split_serial)
{
  *out_split_serial = self->split_serial;
  return self->framed;
}

static RdpReadHalf *
get_half (RdpFramedReader  *self,
          GError          **error)
{
  return rdp_framed_get_split_read_half (self->framed, self->split_serial, error);
}

/* A half that is no longer valid still reports through its task. */
static RdpReadHalf *
get_half_or_dummy (RdpFramedReader  *self,
                   GError          **error)
{
  static RdpReadHalf closed = { .closed = TRUE };
  RdpReadHalf *half = get_half (self, error);

  return half ? half : &closed;
}

static const RdpFrameMatcher any_pdu = { .kind = RDP_FRAME_MATCH_HINT, .hint = RDP_PDU_HINT_ANY };

/**
 * rdp_framed_reader_read_pdu:
 * @self: a #RdpFramedReader
 * @out_action: (out) (optional): where to store whether the PDU is X.224 or
 *   fast-path
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads one whole PDU; see [method@Framed.read_pdu].
 *
 * Returns: (transfer full): the PDU, header included, or %NULL on error
 */
GBytes *
rdp_framed_reader_read_pdu (RdpFramedReader  *self,
                            RdpAction        *out_action,
                            GCancellable     *cancellable,
                            GError          **error)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED_READER (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = get_half (self, error)))
    return NULL;
  return rdp_read_half_read (half, &any_pdu, out_action, cancellable, error);
}

/**
 * rdp_framed_reader_read_pdu_async:
 * @self: a #RdpFramedReader
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the PDU is there or the read failed
 * @user_data: data for @callback
 *
 * Reads one whole PDU without blocking; see [method@Framed.read_pdu_async].
 */
void
rdp_framed_reader_read_pdu_async (RdpFramedReader     *self,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED_READER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = get_half_or_dummy (self, &error);
  rdp_read_half_read_async (half, self, rdp_framed_reader_read_pdu_async, error,
                            &any_pdu, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_reader_read_pdu_finish:
 * @self: a #RdpFramedReader
 * @result: the #GAsyncResult passed to the callback
 * @out_action: (out) (optional): where to store whether the PDU is X.224 or
 *   fast-path
 * @error: return location for a #GError
 *
 * Finishes [method@FramedReader.read_pdu_async].
 *
 * Returns: (transfer full): the PDU, header included, or %NULL on error
 */
GBytes *
rdp_framed_reader_read_pdu_finish (RdpFramedReader  *self,
                                   GAsyncResult     *result,
                                   RdpAction        *out_action,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_reader_read_pdu_async, NULL);

  return rdp_read_half_read_finish (result, out_action, error);
}

/**
 * rdp_framed_reader_read_pdus:
 * @self: a #RdpFramedReader
 * @max_pdus: the most PDUs to return, or 0 for no limit
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads at least one whole PDU and every further one already buffered; see
 * [method@Framed.read_pdus].
 *
 * Returns: (transfer container) (element-type GBytes): the PDUs in the order they
 *   arrived, or %NULL on error
 */
GPtrArray *
rdp_framed_reader_read_pdus (RdpFramedReader  *self,
                             guint             max_pdus,
                             GCancellable     *cancellable,
                             GError          **error)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED_READER (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = get_half (self, error)))
    return NULL;
  return rdp_read_half_read_many (half, max_pdus, cancellable, error);
}

/**
 * rdp_framed_reader_read_pdus_async:
 * @self: a #RdpFramedReader
 * @max_pdus: the most PDUs to return, or 0 for no limit
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when at least one PDU is there or the
 *   read failed
 * @user_data: data for @callback
 *
 * Reads at least one whole PDU and every further one already buffered,
 * without blocking; see [method@Framed.read_pdus].
 */
void
rdp_framed_reader_read_pdus_async (RdpFramedReader     *self,
                                   guint                max_pdus,
                                   int                  io_priority,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED_READER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = get_half_or_dummy (self, &error);
  rdp_read_half_read_many_async (half, self, rdp_framed_reader_read_pdus_async, error,
                                 max_pdus, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_reader_read_pdus_finish:
 * @self: a #RdpFramedReader
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@FramedReader.read_pdus_async].
 *
 * Returns: (transfer container) (element-type GBytes): the PDUs in the order they
 *   arrived, or %NULL on error
 */
GPtrArray *
rdp_framed_reader_read_pdus_finish (RdpFramedReader  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_reader_read_pdus_async, NULL);

  return rdp_read_half_read_many_finish (result, error);
}

/**
 * rdp_framed_reader_read_each_pdu:
 * @self: a #RdpFramedReader
 * @func: (scope call): called with each PDU
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads at least one whole PDU and hands it and every further buffered one
 * to @func without allocating; see [method@Framed.read_each_pdu].
 *
 * Returns: how many PDUs @func was given, or 0 with @error set
 */
guint
rdp_framed_reader_read_each_pdu (RdpFramedReader  *self,
                                 RdpPduFunc        func,
                                 gpointer          user_data,
                                 GCancellable     *cancellable,
                                 GError          **error)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED_READER (self), 0);
  g_return_val_if_fail (func != NULL, 0);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!(half = get_half (self, error)))
    return 0;
  return rdp_read_half_read_each (half, func, user_data, cancellable, error);
}

/**
 * rdp_framed_reader_read_by_hint:
 * @self: a #RdpFramedReader
 * @hint: what kind of frame is expected
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads one whole frame of the kind @hint names; see
 * [method@Framed.read_by_hint].
 *
 * Returns: (transfer full): the frame, or %NULL on error
 */
GBytes *
rdp_framed_reader_read_by_hint (RdpFramedReader  *self,
                                RdpPduHint        hint,
                                GCancellable     *cancellable,
                                GError          **error)
{
  RdpFrameMatcher matcher = RDP_FRAME_MATCHER_HINT (hint);
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED_READER (self), NULL);
  g_return_val_if_fail (hint <= RDP_PDU_HINT_EARLY_USER_AUTH_RESULT, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = get_half (self, error)))
    return NULL;
  return rdp_read_half_read (half, &matcher, NULL, cancellable, error);
}

/**
 * rdp_framed_reader_read_by_hint_async:
 * @self: a #RdpFramedReader
 * @hint: what kind of frame is expected
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the frame is there or the read failed
 * @user_data: data for @callback
 *
 * Reads one whole frame of the kind @hint names, without blocking; see
 * [method@Framed.read_by_hint].
 */
void
rdp_framed_reader_read_by_hint_async (RdpFramedReader     *self,
                                      RdpPduHint           hint,
                                      int                  io_priority,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  RdpFrameMatcher matcher = RDP_FRAME_MATCHER_HINT (hint);
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED_READER (self));
  g_return_if_fail (hint <= RDP_PDU_HINT_EARLY_USER_AUTH_RESULT);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = get_half_or_dummy (self, &error);
  rdp_read_half_read_async (half, self, rdp_framed_reader_read_by_hint_async, error,
                            &matcher, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_reader_read_by_hint_finish:
 * @self: a #RdpFramedReader
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@FramedReader.read_by_hint_async].
 *
 * Returns: (transfer full): the frame, or %NULL on error
 */
GBytes *
rdp_framed_reader_read_by_hint_finish (RdpFramedReader  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_reader_read_by_hint_async, NULL);

  return rdp_read_half_read_finish (result, NULL, error);
}

/**
 * rdp_framed_reader_peek:
 * @self: a #RdpFramedReader
 *
 * Gets the bytes that were read from the stream and not returned yet,
 * without consuming them.
 *
 * Returns: (transfer full): the buffered bytes, possibly none
 */
GBytes *
rdp_framed_reader_peek (RdpFramedReader *self)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED_READER (self), NULL);

  if (!(half = get_half (self, NULL)))
    return g_bytes_new (NULL, 0);
  return rdp_read_half_peek (half);
}

/**
 * rdp_framed_reader_get_last_read_time:
 * @self: a #RdpFramedReader
 *
 * Gets when data last arrived from the stream; see
 * [method@Framed.get_last_read_time].
 *
 * Returns: the monotonic time of the last read from the stream, in
 *   microseconds, or 0 if there was none yet
 */
gint64
rdp_framed_reader_get_last_read_time (RdpFramedReader *self)
{
  g_return_val_if_fail (RDP_IS_FRAMED_READER (self), 0);

  return rdp_framed_get_last_read_time (self->framed);
}
