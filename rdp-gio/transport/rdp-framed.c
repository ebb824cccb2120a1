/* rdp-framed.c: framed RDP PDU I/O on a GIOStream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-framed-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/**
 * RdpFramed:
 *
 * Reads and writes whole RDP PDUs on a [class@Gio.IOStream].
 *
 * `RdpFramed` finds where each PDU ends — a TPKT/X.224 PDU, a fast-path
 * PDU, a CredSSP `TSRequest`, or a frame of a size the caller tells — and
 * hands it out whole, as a [struct@GLib.Bytes] that is a view of its read
 * buffer rather than a copy. One read from the stream fills the buffer with as
 * much as has arrived, so a burst of small PDUs costs one system call.
 *
 * Every operation exists in a synchronous form and in an asynchronous form
 * that takes a [class@Gio.Cancellable] and an I/O priority and calls back on
 * the thread-default main context of the thread that started it.
 *
 * Nothing read is ever dropped. A read that fails, is cancelled or finds a
 * PDU of another kind than it asked for leaves every byte buffered, and the
 * next read starts from the same place. [method@Framed.steal_stream] hands
 * the stream back with the bytes read ahead of it, and
 * [ctor@Framed.new_with_leftover] takes them up again, so the stream can be
 * swapped — for instance for a [iface@Gio.TlsClientConnection] — without
 * losing any.
 *
 * Writes send one whole PDU and flush it; asynchronous writes issued while
 * one is in flight are queued and go out in call order.
 *
 * An `RdpFramed` may be used from any thread, one thread at a time. To read
 * in one thread while writing in another, [method@Framed.split] it into an
 * [class@FramedReader] and an [class@FramedWriter]. See the
 * [threading page](threading.html) for the whole contract.
 */

struct _RdpFramed {
  GObject parent_instance;

  GIOStream *stream;
  RdpReadHalf read;
  RdpWriteHalf write;

  gboolean split;           /* atomic */
  guint split_serial;       /* atomic */
  gboolean stolen;
};

enum {
  PROP_0,
  PROP_STREAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdpFramed, rdp_framed, G_TYPE_OBJECT)

static void
rdp_framed_init (RdpFramed *self)
{
}

static void
rdp_framed_constructed (GObject *object)
{
  RdpFramed *self = RDP_FRAMED (object);

  G_OBJECT_CLASS (rdp_framed_parent_class)->constructed (object);

  if (self->stream == NULL)
    {
      g_critical ("RdpFramed needs a stream");
      self->stolen = TRUE;
      self->read.closed = TRUE;
      self->write.closed = TRUE;
      return;
    }

  rdp_read_half_init (&self->read, g_io_stream_get_input_stream (self->stream));
  rdp_write_half_init (&self->write, g_io_stream_get_output_stream (self->stream));
}

static void
rdp_framed_finalize (GObject *object)
{
  RdpFramed *self = RDP_FRAMED (object);

  rdp_read_half_clear (&self->read);
  rdp_write_half_clear (&self->write);
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (rdp_framed_parent_class)->finalize (object);
}

static void
rdp_framed_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RdpFramed *self = RDP_FRAMED (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_framed_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RdpFramed *self = RDP_FRAMED (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_framed_class_init (RdpFramedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rdp_framed_constructed;
  object_class->finalize = rdp_framed_finalize;
  object_class->get_property = rdp_framed_get_property;
  object_class->set_property = rdp_framed_set_property;

  /**
   * RdpFramed:stream:
   *
   * The stream PDUs are read from and written to, or %NULL once
   * [method@Framed.steal_stream] took it.
   */
  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL,
                         G_TYPE_IO_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/**
 * rdp_framed_new:
 * @stream: the stream to frame, for example a [class@Gio.SocketConnection]
 *
 * Creates a framed transport over @stream with an empty read buffer.
 *
 * Returns: (transfer full): a new #RdpFramed
 */
RdpFramed *
rdp_framed_new (GIOStream *stream)
{
  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  return g_object_new (RDP_TYPE_FRAMED, "stream", stream, NULL);
}

/**
 * rdp_framed_new_with_leftover:
 * @stream: the stream to frame
 * @leftover: (nullable): bytes already read from the connection that the
 *   next read must return first, as handed out by
 *   [method@Framed.steal_stream]
 *
 * Creates a framed transport over @stream whose read buffer starts with
 * @leftover. It does not take the caller's references.
 *
 * [method@Framed.get_last_read_time] returns 0 until the first read from
 * @stream.
 *
 * Returns: (transfer full): a new #RdpFramed
 */
RdpFramed *
rdp_framed_new_with_leftover (GIOStream *stream,
                              GBytes    *leftover)
{
  RdpFramed *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  self = rdp_framed_new (stream);
  if (leftover != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (leftover, &size);

      rdp_frame_buffer_append (&self->read.buffer, data, size);
    }
  return self;
}

/**
 * rdp_framed_get_stream:
 * @self: a #RdpFramed
 *
 * Gets the stream under @self, for instance to ask a
 * [class@Gio.TlsConnection] about its peer. Reading from or writing to it
 * directly bypasses the framing and its buffer: don't.
 *
 * Returns: (transfer none) (nullable): the stream, or %NULL once it was
 *   stolen
 */
GIOStream *
rdp_framed_get_stream (RdpFramed *self)
{
  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);

  return self->stream;
}

/* Both halves are unusable while split, and after the stream was stolen. */
static gboolean
check_whole (RdpFramed  *self,
             GError    **error)
{
  if (g_atomic_int_get (&self->split))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The transport is split into a reader and a writer; "
                             "use those, or join them again"));
      return FALSE;
    }
  return TRUE;
}

static RdpReadHalf *
whole_read_half (RdpFramed  *self,
                 GError    **error)
{
  return check_whole (self, error) ? &self->read : NULL;
}

static RdpWriteHalf *
whole_write_half (RdpFramed  *self,
                  GError    **error)
{
  return check_whole (self, error) ? &self->write : NULL;
}

static gboolean
check_split_serial (RdpFramed  *self,
                    guint       split_serial,
                    GError    **error)
{
  if (!g_atomic_int_get (&self->split) ||
      (guint) g_atomic_int_get (&self->split_serial) != split_serial)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("This half was joined back into its transport"));
      return FALSE;
    }
  return TRUE;
}

RdpReadHalf *
rdp_framed_get_split_read_half (RdpFramed  *self,
                                guint       split_serial,
                                GError    **error)
{
  return check_split_serial (self, split_serial, error) ? &self->read : NULL;
}

RdpWriteHalf *
rdp_framed_get_split_write_half (RdpFramed  *self,
                                 guint       split_serial,
                                 GError    **error)
{
  return check_split_serial (self, split_serial, error) ? &self->write : NULL;
}

static const RdpFrameMatcher any_pdu = { .kind = RDP_FRAME_MATCH_HINT, .hint = RDP_PDU_HINT_ANY };

/**
 * rdp_framed_read_pdu:
 * @self: a #RdpFramed
 * @out_action: (out) (optional): where to store whether the PDU is X.224 or
 *   fast-path
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads one whole PDU, TPKT/X.224 or fast-path, blocking until it is there.
 *
 * It fails with %RDP_ERROR_INVALID_DATA when the bytes are not an RDP PDU,
 * with %G_IO_ERROR_CONNECTION_CLOSED when the peer closed the connection
 * between two PDUs and with %G_IO_ERROR_PARTIAL_INPUT when it closed it inside
 * one, with %G_IO_ERROR_CANCELLED when @cancellable was cancelled and with
 * %G_IO_ERROR_PENDING when another read is in progress. A failed read loses
 * nothing: whatever arrived stays buffered for the next one.
 *
 * Returns: (transfer full): the PDU, header included, or %NULL on error
 */
GBytes *
rdp_framed_read_pdu (RdpFramed     *self,
                     RdpAction     *out_action,
                     GCancellable  *cancellable,
                     GError       **error)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = whole_read_half (self, error)))
    return NULL;
  return rdp_read_half_read (half, &any_pdu, out_action, cancellable, error);
}

/**
 * rdp_framed_read_pdu_async:
 * @self: a #RdpFramed
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the PDU is there or the read failed
 * @user_data: data for @callback
 *
 * Reads one whole PDU, TPKT/X.224 or fast-path, without blocking. @callback
 * runs on the thread-default main context of the calling thread; it gets the
 * PDU from [method@Framed.read_pdu_finish]. Errors are those of
 * [method@Framed.read_pdu].
 *
 * A PDU that is already buffered is returned without reading from the
 * stream, still through @callback. The read is in progress until @callback
 * runs: another read started before then fails with %G_IO_ERROR_PENDING.
 */
void
rdp_framed_read_pdu_async (RdpFramed           *self,
                           int                  io_priority,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = whole_read_half (self, &error);
  rdp_read_half_read_async (half ? half : &self->read, self, rdp_framed_read_pdu_async, error,
                            &any_pdu, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_read_pdu_finish:
 * @self: a #RdpFramed
 * @result: the #GAsyncResult passed to the callback
 * @out_action: (out) (optional): where to store whether the PDU is X.224 or
 *   fast-path
 * @error: return location for a #GError
 *
 * Finishes [method@Framed.read_pdu_async].
 *
 * Returns: (transfer full): the PDU, header included, or %NULL on error
 */
GBytes *
rdp_framed_read_pdu_finish (RdpFramed     *self,
                            GAsyncResult  *result,
                            RdpAction     *out_action,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_read_pdu_async, NULL);

  return rdp_read_half_read_finish (result, out_action, error);
}

/**
 * rdp_framed_read_pdus:
 * @self: a #RdpFramed
 * @max_pdus: the most PDUs to return, or 0 for no limit
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads at least one whole PDU, like [method@Framed.read_pdu], and with it
 * every further whole PDU that is already buffered, up to @max_pdus. This
 * costs one call for a burst of small PDUs, which matters most with the
 * asynchronous form. The action of each PDU is `data[0] & 3`, see
 * [enum@Action].
 *
 * The array owns its PDUs and frees them with itself (it is annotated
 * `transfer container` so that bindings do not free them a second time):
 * g_ptr_array_unref() it when done.
 *
 * Returns: (transfer container) (element-type GBytes): the PDUs in the order they
 *   arrived, or %NULL on error
 */
GPtrArray *
rdp_framed_read_pdus (RdpFramed     *self,
                      guint          max_pdus,
                      GCancellable  *cancellable,
                      GError       **error)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = whole_read_half (self, error)))
    return NULL;
  return rdp_read_half_read_many (half, max_pdus, cancellable, error);
}

/**
 * rdp_framed_read_pdus_async:
 * @self: a #RdpFramed
 * @max_pdus: the most PDUs to return, or 0 for no limit
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when at least one PDU is there or the
 *   read failed
 * @user_data: data for @callback
 *
 * Reads at least one whole PDU and every further one already buffered, like
 * [method@Framed.read_pdus], without blocking.
 */
void
rdp_framed_read_pdus_async (RdpFramed           *self,
                            guint                max_pdus,
                            int                  io_priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = whole_read_half (self, &error);
  rdp_read_half_read_many_async (half ? half : &self->read, self, rdp_framed_read_pdus_async,
                                 error, max_pdus, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_read_pdus_finish:
 * @self: a #RdpFramed
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Framed.read_pdus_async].
 *
 * Returns: (transfer container) (element-type GBytes): the PDUs in the order they
 *   arrived, or %NULL on error
 */
GPtrArray *
rdp_framed_read_pdus_finish (RdpFramed     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_read_pdus_async, NULL);

  return rdp_read_half_read_many_finish (result, error);
}

/**
 * rdp_framed_read_each_pdu:
 * @self: a #RdpFramed
 * @func: (scope call): called with each PDU
 * @user_data: data for @func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads at least one whole PDU, blocking until it is there, and calls @func
 * with it and with every further whole PDU already buffered, in order, until
 * @func returns %FALSE. Nothing is allocated per PDU: @func sees the read
 * buffer itself, and must copy what it wants to keep. It must not read from
 * @self (that fails with %G_IO_ERROR_PENDING).
 *
 * This is the cheapest way to consume a stream of small PDUs. Errors are
 * those of [method@Framed.read_pdu]; a malformed PDU after the first is left
 * for the next read to report.
 *
 * Returns: how many PDUs @func was given, or 0 with @error set
 */
guint
rdp_framed_read_each_pdu (RdpFramed     *self,
                          RdpPduFunc     func,
                          gpointer       user_data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), 0);
  g_return_val_if_fail (func != NULL, 0);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!(half = whole_read_half (self, error)))
    return 0;
  return rdp_read_half_read_each (half, func, user_data, cancellable, error);
}

/**
 * rdp_framed_read_by_hint:
 * @self: a #RdpFramed
 * @hint: what kind of frame is expected
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads one whole frame of the kind @hint names.
 *
 * A well-formed PDU of another kind is not dropped: the read fails with
 * %RDP_ERROR_UNEXPECTED_PDU as soon as its header is in, and the PDU stays
 * buffered, so that a following [method@Framed.read_pdu] returns it whole.
 * Other errors are those of [method@Framed.read_pdu].
 *
 * Returns: (transfer full): the frame, or %NULL on error
 */
GBytes *
rdp_framed_read_by_hint (RdpFramed     *self,
                         RdpPduHint     hint,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RdpFrameMatcher matcher = RDP_FRAME_MATCHER_HINT (hint);
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);
  g_return_val_if_fail (hint <= RDP_PDU_HINT_EARLY_USER_AUTH_RESULT, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = whole_read_half (self, error)))
    return NULL;
  return rdp_read_half_read (half, &matcher, NULL, cancellable, error);
}

/**
 * rdp_framed_read_by_hint_async:
 * @self: a #RdpFramed
 * @hint: what kind of frame is expected
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the frame is there or the read failed
 * @user_data: data for @callback
 *
 * Reads one whole frame of the kind @hint names, without blocking. See
 * [method@Framed.read_by_hint].
 */
void
rdp_framed_read_by_hint_async (RdpFramed           *self,
                               RdpPduHint           hint,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RdpFrameMatcher matcher = RDP_FRAME_MATCHER_HINT (hint);
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (hint <= RDP_PDU_HINT_EARLY_USER_AUTH_RESULT);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = whole_read_half (self, &error);
  rdp_read_half_read_async (half ? half : &self->read, self, rdp_framed_read_by_hint_async, error,
                            &matcher, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_read_by_hint_finish:
 * @self: a #RdpFramed
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Framed.read_by_hint_async].
 *
 * Returns: (transfer full): the frame, or %NULL on error
 */
GBytes *
rdp_framed_read_by_hint_finish (RdpFramed     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_read_by_hint_async, NULL);

  return rdp_read_half_read_finish (result, NULL, error);
}

/**
 * rdp_framed_read_with_size_func:
 * @self: a #RdpFramed
 * @size_func: (scope call): tells the size of the next frame from its first
 *   bytes
 * @user_data: data for @size_func
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads one whole frame whose size @size_func finds, for framings that
 * rdp-gio does not know. @size_func is called with the buffered bytes each
 * time more arrive, until it returns a size or fails; its error is returned
 * as is. A size above %RDP_FRAMED_MAX_FRAME_SIZE fails with
 * %RDP_ERROR_INVALID_DATA.
 *
 * Returns: (transfer full): the frame, or %NULL on error
 */
GBytes *
rdp_framed_read_with_size_func (RdpFramed       *self,
                                RdpPduSizeFunc   size_func,
                                gpointer         user_data,
                                GCancellable    *cancellable,
                                GError         **error)
{
  RdpFrameMatcher matcher = {
    .kind = RDP_FRAME_MATCH_FUNC,
    .func = size_func,
    .user_data = user_data,
  };
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);
  g_return_val_if_fail (size_func != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(half = whole_read_half (self, error)))
    return NULL;
  return rdp_read_half_read (half, &matcher, NULL, cancellable, error);
}

/**
 * rdp_framed_read_with_size_func_async:
 * @self: a #RdpFramed
 * @size_func: (scope notified) (closure size_func_data) (destroy size_func_data_free):
 *   tells the size of the next frame from its first bytes
 * @size_func_data: data for @size_func
 * @size_func_data_free: (nullable): frees @size_func_data when the read is over
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the frame is there or the read failed
 * @user_data: data for @callback
 *
 * Reads one whole frame whose size @size_func finds, without blocking. See
 * [method@Framed.read_with_size_func].
 */
void
rdp_framed_read_with_size_func_async (RdpFramed           *self,
                                      RdpPduSizeFunc       size_func,
                                      gpointer             size_func_data,
                                      GDestroyNotify       size_func_data_free,
                                      int                  io_priority,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  RdpFrameMatcher matcher = {
    .kind = RDP_FRAME_MATCH_FUNC,
    .func = size_func,
    .user_data = size_func_data,
    .user_data_free = size_func_data_free,
  };
  GError *error = NULL;
  RdpReadHalf *half;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (size_func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = whole_read_half (self, &error);
  rdp_read_half_read_async (half ? half : &self->read, self, rdp_framed_read_with_size_func_async,
                            error, &matcher, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_read_with_size_func_finish:
 * @self: a #RdpFramed
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Framed.read_with_size_func_async].
 *
 * Returns: (transfer full): the frame, or %NULL on error
 */
GBytes *
rdp_framed_read_with_size_func_finish (RdpFramed     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_read_with_size_func_async, NULL);

  return rdp_read_half_read_finish (result, NULL, error);
}

static gboolean
check_exact_count (gsize    count,
                   GError **error)
{
  if (count > RDP_FRAMED_MAX_FRAME_SIZE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Frame is larger than the maximum of %u bytes"),
                   (guint) RDP_FRAMED_MAX_FRAME_SIZE);
      return FALSE;
    }
  return TRUE;
}

/**
 * rdp_framed_read_exact:
 * @self: a #RdpFramed
 * @count: how many bytes to read, at most %RDP_FRAMED_MAX_FRAME_SIZE
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads exactly @count bytes, whatever they are. After it the buffer need
 * not start at a PDU boundary any more: use it only where the protocol has
 * a frame that none of the other reads know.
 *
 * Returns: (transfer full): @count bytes, or %NULL on error
 */
GBytes *
rdp_framed_read_exact (RdpFramed     *self,
                       gsize          count,
                       GCancellable  *cancellable,
                       GError       **error)
{
  RdpFrameMatcher matcher = { .kind = RDP_FRAME_MATCH_EXACT, .exact = count };
  RdpReadHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_exact_count (count, error) || !(half = whole_read_half (self, error)))
    return NULL;
  if (count == 0)
    return g_bytes_new (NULL, 0);
  return rdp_read_half_read (half, &matcher, NULL, cancellable, error);
}

/**
 * rdp_framed_read_exact_async:
 * @self: a #RdpFramed
 * @count: how many bytes to read, at most %RDP_FRAMED_MAX_FRAME_SIZE
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the bytes are there or the read failed
 * @user_data: data for @callback
 *
 * Reads exactly @count bytes without blocking. See
 * [method@Framed.read_exact].
 */
void
rdp_framed_read_exact_async (RdpFramed           *self,
                             gsize                count,
                             int                  io_priority,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  RdpFrameMatcher matcher = { .kind = RDP_FRAME_MATCH_EXACT, .exact = MAX (count, 1) };
  GError *error = NULL;
  RdpReadHalf *half = NULL;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (check_exact_count (count, &error))
    half = whole_read_half (self, &error);
  if (count == 0 && error == NULL)
    {
      GTask *task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, rdp_framed_read_exact_async);
      g_task_return_pointer (task, g_bytes_new (NULL, 0), (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }
  rdp_read_half_read_async (half ? half : &self->read, self, rdp_framed_read_exact_async, error,
                            &matcher, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_read_exact_finish:
 * @self: a #RdpFramed
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Framed.read_exact_async].
 *
 * Returns: (transfer full): the bytes, or %NULL on error
 */
GBytes *
rdp_framed_read_exact_finish (RdpFramed     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_read_exact_async, NULL);

  return rdp_read_half_read_finish (result, NULL, error);
}

/**
 * rdp_framed_peek:
 * @self: a #RdpFramed
 *
 * Gets the bytes that were read from the stream and not returned yet,
 * without consuming them. While the transport is split, the reader has them:
 * see [method@FramedReader.peek].
 *
 * Returns: (transfer full): the buffered bytes, possibly none
 */
GBytes *
rdp_framed_peek (RdpFramed *self)
{
  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);

  if (g_atomic_int_get (&self->split))
    return g_bytes_new (NULL, 0);
  return rdp_read_half_peek (&self->read);
}

/**
 * rdp_framed_get_last_read_time:
 * @self: a #RdpFramed
 *
 * Gets when data last arrived from the stream, in the time base of
 * g_get_monotonic_time(). PDUs served from the buffer carry the time of the
 * read that brought them.
 *
 * Returns: the monotonic time of the last read from the stream, in
 *   microseconds, or 0 if there was none yet
 */
gint64
rdp_framed_get_last_read_time (RdpFramed *self)
{
  g_return_val_if_fail (RDP_IS_FRAMED (self), 0);

  return self->read.last_read_time;
}

/**
 * rdp_framed_write_all:
 * @self: a #RdpFramed
 * @pdu: one or more whole PDUs
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @pdu whole and flushes the stream, blocking until it is done.
 *
 * It fails with %G_IO_ERROR_PENDING while asynchronous writes are queued
 * (going first would reorder the PDUs, and waiting for them would need the
 * main loop that runs them). When a write is cancelled or fails after part of
 * a PDU went out, the peer cannot find the next PDU any more: further writes
 * fail with %G_IO_ERROR_BROKEN_PIPE.
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_framed_write_all (RdpFramed     *self,
                      GBytes        *pdu,
                      GCancellable  *cancellable,
                      GError       **error)
{
  RdpWriteHalf *half;

  g_return_val_if_fail (RDP_IS_FRAMED (self), FALSE);
  g_return_val_if_fail (pdu != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(half = whole_write_half (self, error)))
    return FALSE;
  return rdp_write_half_write (half, pdu, cancellable, error);
}

/**
 * rdp_framed_write_all_async:
 * @self: a #RdpFramed
 * @pdu: one or more whole PDUs
 * @io_priority: the I/O priority of the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when @pdu was written and flushed, or
 *   the write failed
 * @user_data: data for @callback
 *
 * Writes @pdu whole and flushes the stream, without blocking.
 *
 * Writes issued while another is in flight wait for it and go out in the
 * order they were issued. One cancelled while it waits is dropped whole, and
 * its callback gets %G_IO_ERROR_CANCELLED; see [method@Framed.write_all] for
 * one cancelled in the middle.
 */
void
rdp_framed_write_all_async (RdpFramed           *self,
                            GBytes              *pdu,
                            int                  io_priority,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GError *error = NULL;
  RdpWriteHalf *half;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (pdu != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  half = whole_write_half (self, &error);
  rdp_write_half_write_async (half ? half : &self->write, self, rdp_framed_write_all_async, error,
                              pdu, io_priority, cancellable, callback, user_data);
}

/**
 * rdp_framed_write_all_finish:
 * @self: a #RdpFramed
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Framed.write_all_async].
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_framed_write_all_finish (RdpFramed     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_framed_write_all_async, FALSE);

  return rdp_write_half_write_finish (result, error);
}

/**
 * rdp_framed_steal_stream:
 * @self: a #RdpFramed
 * @out_leftover: (out) (optional) (transfer full): where to store the bytes
 *   read from the stream and not returned yet, possibly none
 *
 * Takes the stream out of @self, together with every byte that was read
 * ahead of it, so that nothing is lost when the stream is replaced (for the
 * TLS upgrade, say). Pass the bytes to [ctor@Framed.new_with_leftover] to go
 * on reading where @self stopped. Afterwards every operation on @self fails
 * with %G_IO_ERROR_CLOSED.
 *
 * It must not be called while a read or a write is in progress, nor while
 * @self is split.
 *
 * Returns: (transfer full): the stream
 */
GIOStream *
rdp_framed_steal_stream (RdpFramed  *self,
                         GBytes    **out_leftover)
{
  GBytes *leftover;

  g_return_val_if_fail (RDP_IS_FRAMED (self), NULL);
  g_return_val_if_fail (!self->stolen, NULL);
  g_return_val_if_fail (!g_atomic_int_get (&self->split), NULL);
  g_return_val_if_fail (!self->read.pending, NULL);
  g_return_val_if_fail (!rdp_write_half_is_busy (&self->write), NULL);

  leftover = rdp_read_half_steal (&self->read);
  rdp_write_half_clear (&self->write);
  self->stolen = TRUE;

  if (out_leftover != NULL)
    *out_leftover = leftover;
  else
    {
      if (g_bytes_get_size (leftover) > 0)
        g_warning ("rdp_framed_steal_stream: dropping %" G_GSIZE_FORMAT " unread bytes "
                   "because no place for them was given", g_bytes_get_size (leftover));
      g_bytes_unref (leftover);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREAM]);
  return g_steal_pointer (&self->stream);
}

/**
 * rdp_framed_split:
 * @self: a #RdpFramed
 * @out_reader: (out) (transfer full): the reading half
 * @out_writer: (out) (transfer full): the writing half
 *
 * Splits @self into a reader and a writer that may work at the same time,
 * each from its own thread (with its own main context) if need be. The
 * reader takes over the read buffer. Until [func@Framed.unsplit] joins them
 * again, reads and writes on @self itself fail with %G_IO_ERROR_BUSY.
 *
 * It does not consume @self: the caller still holds its reference. It must
 * not be called while a read or a write is in progress.
 */
void
rdp_framed_split (RdpFramed        *self,
                  RdpFramedReader **out_reader,
                  RdpFramedWriter **out_writer)
{
  guint serial;

  g_return_if_fail (RDP_IS_FRAMED (self));
  g_return_if_fail (out_reader != NULL && out_writer != NULL);
  g_return_if_fail (!self->stolen);
  g_return_if_fail (!g_atomic_int_get (&self->split));
  g_return_if_fail (!self->read.pending);
  g_return_if_fail (!rdp_write_half_is_busy (&self->write));

  serial = (guint) g_atomic_int_add (&self->split_serial, 1) + 1;
  g_atomic_int_set (&self->split, TRUE);

  *out_reader = rdp_framed_reader_new (self, serial);
  *out_writer = rdp_framed_writer_new (self, serial);
}

/**
 * rdp_framed_unsplit:
 * @reader: the reader of a split
 * @writer: the writer of the same split
 *
 * Joins the halves that [method@Framed.split] made back into their
 * #RdpFramed, with whatever the reader buffered. Afterwards the halves fail
 * every operation with %G_IO_ERROR_CLOSED.
 *
 * It does not consume @reader and @writer: the caller still holds their
 * references. Neither may have an operation in progress, and both must come
 * from the same split.
 *
 * Returns: (transfer full): the #RdpFramed that was split, usable again
 */
RdpFramed *
rdp_framed_unsplit (RdpFramedReader *reader,
                    RdpFramedWriter *writer)
{
  RdpFramed *self, *other;
  guint reader_serial, writer_serial;

  g_return_val_if_fail (RDP_IS_FRAMED_READER (reader), NULL);
  g_return_val_if_fail (RDP_IS_FRAMED_WRITER (writer), NULL);

  self = rdp_framed_reader_get_framed (reader, &reader_serial);
  other = rdp_framed_writer_get_framed (writer, &writer_serial);
  g_return_val_if_fail (self == other && reader_serial == writer_serial, NULL);
  g_return_val_if_fail (check_split_serial (self, reader_serial, NULL), NULL);
  g_return_val_if_fail (!self->read.pending, NULL);
  g_return_val_if_fail (!rdp_write_half_is_busy (&self->write), NULL);

  g_atomic_int_set (&self->split, FALSE);
  return g_object_ref (self);
}
