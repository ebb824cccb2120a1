/* rdp-gio-frames: split a recorded RDP byte stream into PDUs
 *
 * Reads a client→server or server→client RDP stream — raw bytes, or hex text
 * with --hex — from a file or standard input through RdpFramed, asynchronously
 * on the main loop, and prints one line per PDU.
 *
 *   rdp-gio-frames --hex examples/sample-server-stream.hex
 *   cat capture.bin | rdp-gio-frames -
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <gio/gunixinputstream.h>
#include <rdp-gio.h>

typedef struct {
  GMainLoop *loop;
  RdpFramed *framed;
  gsize offset;
  guint count;
  int status;
} App;

static void read_next (App *app);

static void
pdu_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  App *app = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdu = NULL;
  RdpAction action;
  const guint8 *data;
  gsize size, i;

  pdu = rdp_framed_read_pdu_finish (RDP_FRAMED (source), result, &action, &error);
  if (pdu == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        {
          g_print ("%u PDUs, %" G_GSIZE_FORMAT " bytes\n", app->count, app->offset);
        }
      else
        {
          g_printerr ("rdp-gio-frames: at offset %" G_GSIZE_FORMAT ": %s\n",
                      app->offset, error->message);
          app->status = EXIT_FAILURE;
        }
      g_main_loop_quit (app->loop);
      return;
    }

  data = g_bytes_get_data (pdu, &size);
  g_print ("%8" G_GSIZE_FORMAT "  %-9s %6" G_GSIZE_FORMAT " bytes ",
           app->offset, action == RDP_ACTION_X224 ? "X.224" : "fast-path", size);
  for (i = 0; i < MIN (size, 16); i++)
    g_print (" %02x", data[i]);
  g_print ("%s\n", size > 16 ? " …" : "");

  app->offset += size;
  app->count++;
  read_next (app);
}

static void
read_next (App *app)
{
  rdp_framed_read_pdu_async (app->framed, G_PRIORITY_DEFAULT, NULL, pdu_read_cb, app);
}

static GInputStream *
open_input (const char  *path,
            gboolean     hex,
            GError     **error)
{
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  const char *p;
  gsize size;

  if (g_strcmp0 (path, "-") == 0)
    raw = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
      raw = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (raw == NULL)
        return NULL;
    }

  if (!hex)
    return g_steal_pointer (&raw);

  /* Hex text is small: decode it whole, then frame the bytes. */
  {
    g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
    if (g_output_stream_splice (sink, raw, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
      return NULL;
    text = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  }
  p = g_bytes_get_data (text, &size);
  bytes = g_byte_array_new ();
  for (gsize i = 0; i < size; i++)
    {
      int hi, lo;
      guint8 b;

      if (g_ascii_isspace (p[i]))
        continue;
      hi = g_ascii_xdigit_value (p[i]);
      lo = i + 1 < size ? g_ascii_xdigit_value (p[i + 1]) : -1;
      if (hi < 0 || lo < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: not hex at character %" G_GSIZE_FORMAT, path, i);
          return NULL;
        }
      b = (guint8) (hi << 4 | lo);
      g_byte_array_append (bytes, &b, 1);
      i++;
    }
  return g_memory_input_stream_new_from_bytes (g_byte_array_free_to_bytes (g_steal_pointer (&bytes)));
}

int
main (int   argc,
      char *argv[])
{
  gboolean hex = FALSE;
  GOptionEntry entries[] = {
    { "hex", 'x', 0, G_OPTION_ARG_NONE, &hex, "The input is hex text, not raw bytes", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GIOStream) stream = NULL;
  App app = { 0 };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("FILE|- — print the RDP PDUs of a recorded stream");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return EXIT_FAILURE;
    }

  input = open_input (argv[1], hex, &error);
  if (input == NULL)
    {
      g_printerr ("rdp-gio-frames: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Only the reading side is used; a memory sink stands in for the rest. */
  output = g_memory_output_stream_new_resizable ();
  stream = g_simple_io_stream_new (input, output);

  app.loop = g_main_loop_new (NULL, FALSE);
  app.framed = rdp_framed_new (stream);
  app.status = EXIT_SUCCESS;

  read_next (&app);
  g_main_loop_run (app.loop);

  g_object_unref (app.framed);
  g_main_loop_unref (app.loop);
  return app.status;
}
