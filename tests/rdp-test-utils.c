/* rdp-test-utils.c: helpers shared by the tests, the fuzz targets and the
 * benchmarks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "rdp-test-utils.h"

struct _RdpTestChunkedStream {
  GInputStream parent_instance;

  GByteArray *data;
  gsize offset;
  gsize max_chunk;
  GRand *rand;
  RdpTestEnd end;
  gsize reads;

  /* A hanging asynchronous read waits here for more data or cancellation. */
  GTask *waiting;
  void *waiting_buffer;
  gsize waiting_count;
  gulong waiting_cancel_id;
};

G_DEFINE_FINAL_TYPE (RdpTestChunkedStream, rdp_test_chunked_stream, G_TYPE_INPUT_STREAM)

static gsize
next_chunk (RdpTestChunkedStream *self,
            gsize                 count)
{
  gsize avail = self->data->len - self->offset;
  gsize chunk = MIN (count, avail);

  if (self->max_chunk > 0)
    {
      gsize limit = self->rand
        ? (gsize) g_rand_int_range (self->rand, 1, (gint32) self->max_chunk + 1)
        : self->max_chunk;
      chunk = MIN (chunk, limit);
    }
  return chunk;
}

/* Returns the number of bytes copied, 0 at end-of-file, -1 with @error,
 * or -2 when the read must wait (hang). */
static gssize
try_read (RdpTestChunkedStream  *self,
          void                  *buffer,
          gsize                  count,
          GError               **error)
{
  gsize chunk;

  if (self->offset < self->data->len)
    {
      chunk = next_chunk (self, count);
      memcpy (buffer, self->data->data + self->offset, chunk);
      self->offset += chunk;
      self->reads++;
      return chunk;
    }

  switch (self->end)
    {
    case RDP_TEST_END_EOF:
      self->reads++;
      return 0;
    case RDP_TEST_END_ERROR:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                           "test stream: connection reset");
      return -1;
    case RDP_TEST_END_HANG:
    default:
      return -2;
    }
}

static gssize
rdp_test_chunked_stream_read (GInputStream  *stream,
                              void          *buffer,
                              gsize          count,
                              GCancellable  *cancellable,
                              GError       **error)
{
  RdpTestChunkedStream *self = RDP_TEST_CHUNKED_STREAM (stream);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return -1;
      n = try_read (self, buffer, count, error);
      if (n != -2)
        return n;
      g_usleep (1000);
    }
}

static void
complete_waiting (RdpTestChunkedStream *self)
{
  GTask *task = g_steal_pointer (&self->waiting);
  GError *error = NULL;
  gssize n;

  if (self->waiting_cancel_id)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->waiting_cancel_id);
      self->waiting_cancel_id = 0;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  n = try_read (self, self->waiting_buffer, self->waiting_count, &error);
  g_assert (n != -2);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
  g_object_unref (task);
}

static gboolean
cancelled_idle (gpointer data)
{
  RdpTestChunkedStream *self = data;

  if (self->waiting)
    complete_waiting (self);
  return G_SOURCE_REMOVE;
}

static void
waiting_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  RdpTestChunkedStream *self = data;
  GSource *source = g_idle_source_new ();

  /* Leave the cancel handler before completing (g_cancellable_disconnect
   * from inside it would deadlock). */
  g_source_set_callback (source, cancelled_idle, g_object_ref (self), g_object_unref);
  g_source_attach (source, g_task_get_context (self->waiting));
  g_source_unref (source);
}

static void
rdp_test_chunked_stream_read_async (GInputStream        *stream,
                                    void                *buffer,
                                    gsize                count,
                                    int                  io_priority,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RdpTestChunkedStream *self = RDP_TEST_CHUNKED_STREAM (stream);
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  GError *error = NULL;
  gssize n;

  g_task_set_priority (task, io_priority);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  n = try_read (self, buffer, count, &error);
  if (n == -2)
    {
      g_assert (self->waiting == NULL);
      self->waiting = task;
      self->waiting_buffer = buffer;
      self->waiting_count = count;
      if (cancellable)
        self->waiting_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (waiting_cancelled),
                                                         self, NULL);
      return;
    }
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
  g_object_unref (task);
}

static gssize
rdp_test_chunked_stream_read_finish (GInputStream  *stream,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
rdp_test_chunked_stream_finalize (GObject *object)
{
  RdpTestChunkedStream *self = RDP_TEST_CHUNKED_STREAM (object);

  g_assert (self->waiting == NULL);
  g_byte_array_unref (self->data);
  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (rdp_test_chunked_stream_parent_class)->finalize (object);
}

static void
rdp_test_chunked_stream_class_init (RdpTestChunkedStreamClass *klass)
{
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rdp_test_chunked_stream_finalize;
  input_class->read_fn = rdp_test_chunked_stream_read;
  input_class->read_async = rdp_test_chunked_stream_read_async;
  input_class->read_finish = rdp_test_chunked_stream_read_finish;
}

static void
rdp_test_chunked_stream_init (RdpTestChunkedStream *self)
{
  self->data = g_byte_array_new ();
}

GInputStream *
rdp_test_chunked_stream_new (GBytes     *data,
                             gsize       max_chunk,
                             guint32     seed,
                             RdpTestEnd  end)
{
  RdpTestChunkedStream *self = g_object_new (RDP_TEST_TYPE_CHUNKED_STREAM, NULL);

  if (data)
    g_byte_array_append (self->data, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  self->max_chunk = max_chunk;
  self->rand = seed ? g_rand_new_with_seed (seed) : NULL;
  self->end = end;
  return G_INPUT_STREAM (self);
}

void
rdp_test_chunked_stream_append (RdpTestChunkedStream *self,
                                GBytes               *data)
{
  g_byte_array_append (self->data, g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  if (self->waiting)
    complete_waiting (self);
}

gsize
rdp_test_chunked_stream_get_reads (RdpTestChunkedStream *self)
{
  return self->reads;
}

gsize
rdp_test_chunked_stream_get_offset (RdpTestChunkedStream *self)
{
  return self->offset;
}

GIOStream *
rdp_test_io_stream_new (GInputStream *input)
{
  GOutputStream *output = g_memory_output_stream_new_resizable ();
  GIOStream *stream = g_simple_io_stream_new (input, output);

  g_object_unref (output);
  return stream;
}

GBytes *
rdp_test_parse_hex (const char  *text,
                    GError     **error)
{
  GByteArray *bytes = g_byte_array_new ();
  const char *p = text;

  while (*p)
    {
      int hi, lo;
      guint8 b;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      hi = g_ascii_xdigit_value (p[0]);
      lo = p[1] ? g_ascii_xdigit_value (p[1]) : -1;
      if (hi < 0 || lo < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "bad hex at offset %ld", (long) (p - text));
          g_byte_array_unref (bytes);
          return NULL;
        }
      b = (guint8) (hi << 4 | lo);
      g_byte_array_append (bytes, &b, 1);
      p += 2;
    }
  return g_byte_array_free_to_bytes (bytes);
}

static const char *
vectors_dir (void)
{
  const char *dir = g_getenv ("RDP_GIO_TEST_VECTORS");

  return dir ? dir : RDP_GIO_TEST_VECTORS_DIR;
}

GBytes *
rdp_test_load_vector (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".hex", NULL);
  g_autofree char *path = g_build_filename (vectors_dir (), file, NULL);
  g_autofree char *text = NULL;
  GError *error = NULL;
  GBytes *bytes;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("cannot read vector %s: %s", path, error->message);
  bytes = rdp_test_parse_hex (text, &error);
  if (!bytes)
    g_error ("cannot parse vector %s: %s", path, error->message);
  return bytes;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
rdp_test_list_vectors (const char *prefix)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  GDir *dir = g_dir_open (vectors_dir (), 0, &error);
  const char *entry;

  if (!dir)
    g_error ("cannot list vectors: %s", error->message);
  while ((entry = g_dir_read_name (dir)))
    if (g_str_has_prefix (entry, prefix) && g_str_has_suffix (entry, ".hex"))
      g_ptr_array_add (names, g_strndup (entry, strlen (entry) - 4));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  return names;
}

void
rdp_test_socket_pair (GIOStream **out_a,
                      GIOStream **out_b)
{
  GError *error = NULL;
  int fds[2];
  GSocket *a, *b;

  if (socketpair (AF_UNIX, SOCK_STREAM, 0, fds) < 0)
    g_error ("socketpair: %s", g_strerror (errno));
  a = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  b = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  *out_a = G_IO_STREAM (g_socket_connection_factory_create_connection (a));
  *out_b = G_IO_STREAM (g_socket_connection_factory_create_connection (b));
  g_object_unref (a);
  g_object_unref (b);
}

GBytes *
rdp_test_concat (GBytes *first, ...)
{
  GByteArray *all = g_byte_array_new ();
  GBytes *b;
  va_list ap;

  va_start (ap, first);
  for (b = first; b != NULL; b = va_arg (ap, GBytes *))
    g_byte_array_append (all, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  va_end (ap);
  return g_byte_array_free_to_bytes (all);
}
