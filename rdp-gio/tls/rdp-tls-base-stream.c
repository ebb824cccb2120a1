/* rdp-tls-base-stream.c: the stream under the TLS connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-tls-base-stream-private.h"

struct _RdpTlsBaseStream {
  GIOStream parent_instance;

  GIOStream *base;
};

G_DEFINE_FINAL_TYPE (RdpTlsBaseStream, rdp_tls_base_stream, G_TYPE_IO_STREAM)

static void
rdp_tls_base_stream_init (RdpTlsBaseStream *self)
{
}

static void
rdp_tls_base_stream_dispose (GObject *object)
{
  RdpTlsBaseStream *self = RDP_TLS_BASE_STREAM (object);

  /* GIOStream closes the stream on dispose, which needs the base. */
  G_OBJECT_CLASS (rdp_tls_base_stream_parent_class)->dispose (object);

  g_clear_object (&self->base);
}

static GInputStream *
rdp_tls_base_stream_get_input_stream (GIOStream *stream)
{
  RdpTlsBaseStream *self = RDP_TLS_BASE_STREAM (stream);

  return g_io_stream_get_input_stream (self->base);
}

static GOutputStream *
rdp_tls_base_stream_get_output_stream (GIOStream *stream)
{
  RdpTlsBaseStream *self = RDP_TLS_BASE_STREAM (stream);

  return g_io_stream_get_output_stream (self->base);
}

static gboolean
rdp_tls_base_stream_close_fn (GIOStream     *stream,
                              GCancellable  *cancellable,
                              GError       **error)
{
  RdpTlsBaseStream *self = RDP_TLS_BASE_STREAM (stream);

  if (self->base == NULL)
    return TRUE;
  return g_io_stream_close (self->base, cancellable, error);
}

static void
close_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
rdp_tls_base_stream_close_async (GIOStream           *stream,
                                 int                  io_priority,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RdpTlsBaseStream *self = RDP_TLS_BASE_STREAM (stream);
  GTask *task;

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_tls_base_stream_close_async);
  g_io_stream_close_async (self->base, io_priority, cancellable, close_cb, task);
}

static gboolean
rdp_tls_base_stream_close_finish (GIOStream     *stream,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rdp_tls_base_stream_class_init (RdpTlsBaseStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = rdp_tls_base_stream_dispose;

  stream_class->get_input_stream = rdp_tls_base_stream_get_input_stream;
  stream_class->get_output_stream = rdp_tls_base_stream_get_output_stream;
  stream_class->close_fn = rdp_tls_base_stream_close_fn;
  stream_class->close_async = rdp_tls_base_stream_close_async;
  stream_class->close_finish = rdp_tls_base_stream_close_finish;
}

GIOStream *
rdp_tls_base_stream_new (GIOStream *base)
{
  RdpTlsBaseStream *self;

  g_return_val_if_fail (G_IS_IO_STREAM (base), NULL);

  self = g_object_new (RDP_TYPE_TLS_BASE_STREAM, NULL);
  self->base = g_object_ref (base);
  return G_IO_STREAM (self);
}

GIOStream *
rdp_tls_base_stream_get_base (RdpTlsBaseStream *self)
{
  g_return_val_if_fail (RDP_IS_TLS_BASE_STREAM (self), NULL);

  return self->base;
}
