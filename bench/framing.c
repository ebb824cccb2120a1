/* framing.c: how fast RdpFramed hands out PDUs, beside a raw read() loop
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A writer thread pushes a fixed number of valid PDUs of one size through an
 * AF_UNIX socketpair in large write() calls; the main thread reads them back
 * in one of several ways:
 *
 *   raw          read() into a 64 KiB buffer, counting bytes: the physical
 *                limit of the socketpair on this machine
 *   sync         rdp_framed_read_pdu(), one PDU per call
 *   sync-batch   rdp_framed_read_pdus(), every buffered PDU per call
 *   async        rdp_framed_read_pdu_async() in a GMainLoop, the next read
 *                issued from the callback
 *   async-batch  rdp_framed_read_pdus_async(), likewise
 *
 * Each (size, mode) pair first finds, by doubling from a short run, a PDU
 * count that takes it about --seconds; that count is then fixed for every
 * round. Every run checks that exactly the PDUs sent arrived (sizes, kinds,
 * count, then end-of-stream) and aborts otherwise. The modes alternate in
 * rounds, in a rotating order, so that a burst of load elsewhere hits them
 * all alike; the table shows each mode's median rate, and the ratios are
 * those of the medians. This is a benchmark, not a test: it never fails on
 * timing, it only reports the targets as met or missed.
 *
 * MB/s are 10^6 bytes per second of PDU bytes (headers included).
 *
 * It also prints what a refcounted GBytes view and a locked atomic operation
 * cost on the machine: one view per PDU is the floor of any zero-copy
 * framing with this API, and at 64 B it is what the ratio to raw is made of.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <gio/gio.h>
#include <rdp-gio.h>

#define RAW_BUFFER_SIZE (64 * 1024)
#define WRITE_BLOCK_TARGET (1024 * 1024)

typedef enum {
  MODE_RAW,
  MODE_SYNC,
  MODE_SYNC_BATCH,
  MODE_SYNC_EACH,
  MODE_ASYNC,
  MODE_ASYNC_BATCH,
  N_MODES
} Mode;

static const char *const mode_names[N_MODES] = {
  "raw read()",
  "sync read_pdu",
  "sync read_pdus",
  "sync read_each_pdu",
  "async read_pdu",
  "async read_pdus",
};

typedef enum {
  KIND_FAST_PATH,
  KIND_TPKT,
  KIND_MIXED,
} PduKind;

static const gsize pdu_sizes[] = { 64, 1400, 16 * 1024 };
#define N_SIZES G_N_ELEMENTS (pdu_sizes)

/* Options */
static gint opt_rounds = 5;
static gboolean opt_quick = FALSE;
static gdouble opt_seconds = 0.3;
static gchar *opt_kind = NULL;
static gint opt_only_size = 0;
static gchar *opt_only_mode = NULL;
static gboolean opt_verbose = FALSE;

static GOptionEntry entries[] = {
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &opt_rounds, "Rounds; every mode runs once per round (default 5)", "N" },
  { "quick", 'q', 0, G_OPTION_ARG_NONE, &opt_quick, "Short smoke run: 1 round of about 10 ms per mode", NULL },
  { "seconds", 't', 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "About how long each run takes (default 0.3)", "S" },
  { "kind", 'k', 0, G_OPTION_ARG_STRING, &opt_kind, "PDU kind: fast-path (default), tpkt or mixed", "KIND" },
  { "size", 0, 0, G_OPTION_ARG_INT, &opt_only_size, "Only this PDU size (64, 1400 or 16384)", "BYTES" },
  { "mode", 'm', 0, G_OPTION_ARG_STRING, &opt_only_mode, "Only raw and this mode: sync, sync-batch, sync-each, async, async-batch", "MODE" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print every run", NULL },
  { NULL }
};

static PduKind pdu_kind = KIND_FAST_PATH;

static G_GNUC_NORETURN G_GNUC_PRINTF (1, 2) void
die (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  fputs ("framing: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  abort ();
}

/* One PDU of exactly @size bytes at @dest: a fast-path server output PDU
 * (action 0, one- or two-byte length) or a TPKT carrying an X.224 Data TPDU.
 * The body is a counter pattern so that nothing is all zeros. */
static void
write_pdu (guint8  *dest,
           gsize    size,
           gboolean tpkt,
           guint32  serial)
{
  gsize header, i;

  if (tpkt)
    {
      g_assert (size >= 7 && size <= 0xffff);
      dest[0] = 0x03;
      dest[1] = 0x00;
      dest[2] = size >> 8;
      dest[3] = size & 0xff;
      dest[4] = 0x02;
      dest[5] = 0xf0;
      dest[6] = 0x80;
      header = 7;
    }
  else if (size < 0x80)
    {
      g_assert (size >= 2);
      dest[0] = 0x00;
      dest[1] = size;
      header = 2;
    }
  else
    {
      g_assert (size <= 0x7fff);
      dest[0] = 0x00;
      dest[1] = 0x80 | (size >> 8);
      dest[2] = size & 0xff;
      header = 3;
    }
  for (i = header; i < size; i++)
    dest[i] = (guint8) (serial + i);
}

static gboolean
pdu_is_tpkt (guint64 index)
{
  switch (pdu_kind)
    {
    case KIND_TPKT:
      return TRUE;
    case KIND_MIXED:
      return index & 1;
    case KIND_FAST_PATH:
    default:
      return FALSE;
    }
}

/* A block of whole PDUs, about WRITE_BLOCK_TARGET bytes, that the writer
 * sends over and over (an even number of PDUs, so that the mixed kind
 * alternates across blocks too). */
typedef struct {
  guint8 *data;
  gsize pdus;
  gsize pdu_size;
} Block;

static void
block_init (Block *block,
            gsize  pdu_size)
{
  gsize i;

  block->pdu_size = pdu_size;
  block->pdus = MAX (2, (WRITE_BLOCK_TARGET / pdu_size) & ~(gsize) 1);
  block->data = g_malloc (block->pdus * pdu_size);
  for (i = 0; i < block->pdus; i++)
    write_pdu (block->data + i * pdu_size, pdu_size, pdu_is_tpkt (i), i);
}

static void
block_clear (Block *block)
{
  g_clear_pointer (&block->data, g_free);
}

typedef struct {
  int fd;
  const Block *block;
  guint64 pdus;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  guint64 left = writer->pdus * writer->block->pdu_size;
  gsize block_bytes = writer->block->pdus * writer->block->pdu_size;

  while (left > 0)
    {
      gsize chunk = MIN (left, block_bytes);
      gsize off = 0;

      while (off < chunk)
        {
          ssize_t n = write (writer->fd, writer->block->data + off, chunk - off);

          if (n < 0)
            {
              if (errno == EINTR)
                continue;
              die ("write: %s", g_strerror (errno));
            }
          off += n;
        }
      left -= chunk;
    }
  if (shutdown (writer->fd, SHUT_WR) < 0)
    die ("shutdown: %s", g_strerror (errno));
  return NULL;
}

/* The reader's side of one run. */
typedef struct {
  gsize pdu_size;
  guint64 expected;
  guint64 pdus;
  guint64 bytes;
  RdpFramed *framed;
  GMainLoop *loop;
  GError *error;
} Reader;

static inline void
check_pdu (Reader *reader,
           GBytes *pdu)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (pdu, &size);
  guint8 want = pdu_is_tpkt (reader->pdus) ? 0x03 : 0x00;

  if (G_UNLIKELY (size != reader->pdu_size || data[0] != want))
    die ("PDU %" G_GUINT64_FORMAT ": %" G_GSIZE_FORMAT " bytes starting 0x%02x, expected %"
         G_GSIZE_FORMAT " starting 0x%02x",
         reader->pdus, size, data[0], reader->pdu_size, want);
  reader->pdus++;
  reader->bytes += size;
  if (G_UNLIKELY (reader->pdus > reader->expected))
    die ("more PDUs than were sent");
}

static void
read_raw (Reader *reader,
          int     fd)
{
  static guint8 buffer[RAW_BUFFER_SIZE];
  guint64 total = reader->expected * reader->pdu_size;

  for (;;)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          die ("read: %s", g_strerror (errno));
        }
      if (n == 0)
        break;
      reader->bytes += n;
    }
  if (reader->bytes != total)
    die ("raw: got %" G_GUINT64_FORMAT " bytes, expected %" G_GUINT64_FORMAT,
         reader->bytes, total);
  reader->pdus = reader->expected;
}

static void
read_sync (Reader *reader)
{
  GError *error = NULL;

  while (reader->pdus < reader->expected)
    {
      GBytes *pdu = rdp_framed_read_pdu (reader->framed, NULL, NULL, &error);

      if (pdu == NULL)
        die ("read_pdu after %" G_GUINT64_FORMAT " PDUs: %s", reader->pdus, error->message);
      check_pdu (reader, pdu);
      g_bytes_unref (pdu);
    }
}

static void
check_batch (Reader    *reader,
             GPtrArray *pdus)
{
  guint i;

  if (pdus->len == 0)
    die ("read_pdus returned no PDU");
  for (i = 0; i < pdus->len; i++)
    check_pdu (reader, g_ptr_array_index (pdus, i));
  g_ptr_array_unref (pdus);
}

static void
read_sync_batch (Reader *reader)
{
  GError *error = NULL;

  while (reader->pdus < reader->expected)
    {
      GPtrArray *pdus = rdp_framed_read_pdus (reader->framed, 0, NULL, &error);

      if (pdus == NULL)
        die ("read_pdus after %" G_GUINT64_FORMAT " PDUs: %s", reader->pdus, error->message);
      check_batch (reader, pdus);
    }
}

static gboolean
each_cb (const guint8 *data,
         gsize         size,
         RdpAction     action,
         gpointer      user_data)
{
  Reader *reader = user_data;
  guint8 want = pdu_is_tpkt (reader->pdus) ? 0x03 : 0x00;

  if (G_UNLIKELY (size != reader->pdu_size || data[0] != want))
    die ("PDU %" G_GUINT64_FORMAT ": %" G_GSIZE_FORMAT " bytes starting 0x%02x, expected %"
         G_GSIZE_FORMAT " starting 0x%02x",
         reader->pdus, size, data[0], reader->pdu_size, want);
  reader->pdus++;
  reader->bytes += size;
  if (G_UNLIKELY (reader->pdus > reader->expected))
    die ("more PDUs than were sent");
  return TRUE;
}

static void
read_sync_each (Reader *reader)
{
  GError *error = NULL;

  while (reader->pdus < reader->expected)
    if (rdp_framed_read_each_pdu (reader->framed, each_cb, reader, NULL, &error) == 0)
      die ("read_each_pdu after %" G_GUINT64_FORMAT " PDUs: %s", reader->pdus, error->message);
}

static void
async_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Reader *reader = user_data;
  GError *error = NULL;
  GBytes *pdu;

  pdu = rdp_framed_read_pdu_finish (RDP_FRAMED (source), result, NULL, &error);
  if (pdu == NULL)
    die ("read_pdu_async after %" G_GUINT64_FORMAT " PDUs: %s", reader->pdus, error->message);
  check_pdu (reader, pdu);
  g_bytes_unref (pdu);

  if (reader->pdus < reader->expected)
    rdp_framed_read_pdu_async (reader->framed, G_PRIORITY_DEFAULT, NULL, async_cb, reader);
  else
    g_main_loop_quit (reader->loop);
}

static void
async_batch_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Reader *reader = user_data;
  GError *error = NULL;
  GPtrArray *pdus;

  pdus = rdp_framed_read_pdus_finish (RDP_FRAMED (source), result, &error);
  if (pdus == NULL)
    die ("read_pdus_async after %" G_GUINT64_FORMAT " PDUs: %s", reader->pdus, error->message);
  check_batch (reader, pdus);

  if (reader->pdus < reader->expected)
    rdp_framed_read_pdus_async (reader->framed, 0, G_PRIORITY_DEFAULT, NULL, async_batch_cb, reader);
  else
    g_main_loop_quit (reader->loop);
}

static RdpFramed *
framed_from_fd (int fd)
{
  GError *error = NULL;
  GSocket *socket;
  GSocketConnection *connection;
  RdpFramed *framed;

  socket = g_socket_new_from_fd (fd, &error);
  if (socket == NULL)
    die ("g_socket_new_from_fd: %s", error->message);
  connection = g_socket_connection_factory_create_connection (socket);
  framed = rdp_framed_new (G_IO_STREAM (connection));
  g_object_unref (connection);
  g_object_unref (socket);
  return framed;
}

/* After the last PDU, the framed transport must see the clean end. */
static void
check_end (RdpFramed *framed)
{
  GError *error = NULL;
  GBytes *extra = rdp_framed_read_pdu (framed, NULL, NULL, &error);

  if (extra != NULL)
    die ("a PDU more than was sent, of %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (extra));
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    die ("expected the end of the stream, got: %s", error->message);
  g_error_free (error);
}

/* One run: returns the seconds from the first write to the last PDU. */
static double
run_once (Mode         mode,
          const Block *block,
          guint64      pdus)
{
  Reader reader = { .pdu_size = block->pdu_size, .expected = pdus };
  Writer writer = { .block = block, .pdus = pdus };
  GMainContext *context = NULL;
  int fds[2];
  GThread *thread;
  gint64 start, end;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0)
    die ("socketpair: %s", g_strerror (errno));
  writer.fd = fds[1];

  if (mode != MODE_RAW)
    {
      /* The GSocket makes the descriptor non-blocking and owns it. */
      reader.framed = framed_from_fd (fds[0]);
      fds[0] = -1;
    }
  if (mode == MODE_ASYNC || mode == MODE_ASYNC_BATCH)
    {
      context = g_main_context_new ();
      g_main_context_push_thread_default (context);
      reader.loop = g_main_loop_new (context, FALSE);
    }

  start = g_get_monotonic_time ();
  thread = g_thread_new ("writer", writer_thread, &writer);

  switch (mode)
    {
    case MODE_RAW:
      read_raw (&reader, fds[0]);
      break;
    case MODE_SYNC:
      read_sync (&reader);
      break;
    case MODE_SYNC_BATCH:
      read_sync_batch (&reader);
      break;
    case MODE_SYNC_EACH:
      read_sync_each (&reader);
      break;
    case MODE_ASYNC:
      rdp_framed_read_pdu_async (reader.framed, G_PRIORITY_DEFAULT, NULL, async_cb, &reader);
      g_main_loop_run (reader.loop);
      break;
    case MODE_ASYNC_BATCH:
      rdp_framed_read_pdus_async (reader.framed, 0, G_PRIORITY_DEFAULT, NULL, async_batch_cb, &reader);
      g_main_loop_run (reader.loop);
      break;
    default:
      g_assert_not_reached ();
    }

  end = g_get_monotonic_time ();
  g_thread_join (thread);

  if (reader.pdus != pdus || reader.bytes != pdus * block->pdu_size)
    die ("%s: got %" G_GUINT64_FORMAT " PDUs (%" G_GUINT64_FORMAT " bytes), sent %"
         G_GUINT64_FORMAT, mode_names[mode], reader.pdus, reader.bytes, pdus);

  if (reader.framed != NULL)
    {
      check_end (reader.framed);
      g_object_unref (reader.framed);
    }
  if (context != NULL)
    {
      /* Let sources still attached (finished tasks) go. */
      while (g_main_context_iteration (context, FALSE))
        ;
      g_main_loop_unref (reader.loop);
      g_main_context_pop_thread_default (context);
      g_main_context_unref (context);
    }
  if (fds[0] >= 0)
    close (fds[0]);
  close (fds[1]);

  return (end - start) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
print_load (const char *when)
{
  gchar *text = NULL;

  if (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    {
      g_strchomp (text);
      printf ("Load average %s: %s\n", when, text);
      g_free (text);
    }
}

static gboolean
mode_enabled (Mode mode)
{
  static const char *const cli_names[N_MODES] = { "raw", "sync", "sync-batch", "sync-each", "async", "async-batch" };

  return mode == MODE_RAW || opt_only_mode == NULL || g_str_equal (opt_only_mode, cli_names[mode]);
}

static void
format_size (char  *out,
             gsize  len,
             gsize  size)
{
  if (size >= 1024 && size % 1024 == 0)
    g_snprintf (out, len, "%" G_GSIZE_FORMAT " KiB", size / 1024);
  else
    g_snprintf (out, len, "%" G_GSIZE_FORMAT " B", size);
}

static void
chunk_release (gpointer data)
{
  if (g_atomic_int_dec_and_test ((gint *) data))
    abort ();
}

/* What one frame costs at least, whoever frames it: a GBytes view that holds
 * a reference on a shared buffer, made and dropped (an allocation, and two
 * locked atomic operations when dropped: the view's and the buffer's), and
 * one locked atomic operation alone. The best of a few tries, each after a
 * warm-up, so that it is a floor. */
static double
print_floors (void)
{
  const guint n = 1000000;
  double view_ns = G_MAXDOUBLE, atomic_ns = G_MAXDOUBLE;
  guint i, try;

  for (try = 0; try < 6; try++)
    {
      gint count = n + 1;
      gint64 start = g_get_monotonic_time ();

      for (i = 0; i < n; i++)
        g_bytes_unref (g_bytes_new_with_free_func (&count, 64, chunk_release, &count));
      if (try > 0)
        view_ns = MIN (view_ns, (g_get_monotonic_time () - start) * 1e3 / n);
    }

  for (try = 0; try < 6; try++)
    {
      gint count = 1;
      gint64 start = g_get_monotonic_time ();

      for (i = 0; i < n; i++)
        {
          g_atomic_int_inc (&count);
          if (g_atomic_int_dec_and_test (&count))
            abort ();
        }
      if (try > 0)
        atomic_ns = MIN (atomic_ns, (g_get_monotonic_time () - start) * 1e3 / n / 2);
    }

  printf ("On this machine a refcounted GBytes view made and dropped costs %.1f ns, "
          "a locked atomic operation %.1f ns\n", view_ns, atomic_ns);
  return view_ns;
}

/* Finds a PDU count for which @mode takes about opt_seconds, doubling from a
 * small run (which also warms up the block, the library and the socket). */
static guint64
calibrate (Mode         mode,
           const Block *block)
{
  guint64 pdus = MAX (64, 256 * 1024 / block->pdu_size);
  double probe = MIN (opt_seconds / 4, 0.05);
  double t;

  for (;;)
    {
      t = run_once (mode, block, pdus);
      if (t >= probe || pdus >= G_MAXUINT64 / 4)
        break;
      pdus *= t > 0 && probe / t < 2 ? 2 : 4;
    }
  return MAX (pdus, (guint64) (pdus * (opt_seconds / t)));
}

int
main (int    argc,
      char **argv)
{
  GOptionContext *context;
  GError *error = NULL;
  double rates[N_SIZES][N_MODES];     /* median PDUs per second */
  double view_ns;
  gboolean size_done[N_SIZES];
  guint s, m, r;

  context = g_option_context_new ("- RdpFramed read throughput over a socketpair");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  g_option_context_free (context);

  if (opt_quick)
    {
      opt_rounds = 1;
      opt_seconds = 0.01;
    }
  opt_rounds = MIN (opt_rounds, 64);
  if (opt_rounds < 1 || opt_seconds <= 0)
    {
      fprintf (stderr, "--rounds must be at least 1 and --seconds positive\n");
      return 2;
    }
  if (opt_kind == NULL || g_str_equal (opt_kind, "fast-path"))
    pdu_kind = KIND_FAST_PATH;
  else if (g_str_equal (opt_kind, "tpkt"))
    pdu_kind = KIND_TPKT;
  else if (g_str_equal (opt_kind, "mixed"))
    pdu_kind = KIND_MIXED;
  else
    {
      fprintf (stderr, "unknown --kind %s\n", opt_kind);
      return 2;
    }
  if (opt_only_mode != NULL &&
      !g_strv_contains ((const char *const[]) { "raw", "sync", "sync-batch", "async", "async-batch", NULL },
                        opt_only_mode))
    {
      fprintf (stderr, "unknown --mode %s\n", opt_only_mode);
      return 2;
    }

  printf ("# rdp-gio framing benchmark\n\n");
  printf ("%u CPUs online; %s PDUs; %d round(s) of about %.2f s per mode, median shown\n",
          g_get_num_processors (),
          pdu_kind == KIND_TPKT ? "TPKT" : pdu_kind == KIND_MIXED ? "alternating fast-path/TPKT" : "fast-path",
          opt_rounds, opt_seconds);
  print_load ("at start");
  view_ns = print_floors ();
  fflush (stdout);

  for (s = 0; s < N_SIZES; s++)
    {
      gsize size = pdu_sizes[s];
      guint64 counts[N_MODES];
      double samples[N_MODES][64];
      Block block;

      size_done[s] = opt_only_size == 0 || (gsize) opt_only_size == size;
      if (!size_done[s])
        continue;

      block_init (&block, size);
      for (m = 0; m < N_MODES; m++)
        counts[m] = mode_enabled (m) ? calibrate (m, &block) : 0;

      for (r = 0; r < (guint) opt_rounds; r++)
        for (m = 0; m < N_MODES; m++)
          {
            /* Rotate the order so that no mode always follows the same one. */
            Mode mode = (m + r) % N_MODES;
            double t;

            if (!mode_enabled (mode))
              continue;
            t = run_once (mode, &block, counts[mode]);
            samples[mode][r] = counts[mode] / t;
            if (opt_verbose)
              fprintf (stderr, "%5" G_GSIZE_FORMAT " B  %-16s round %u: %10" G_GUINT64_FORMAT
                       " PDUs in %.3f s\n", size, mode_names[mode], r, counts[mode], t);
          }

      for (m = 0; m < N_MODES; m++)
        rates[s][m] = mode_enabled (m) ? median (samples[m], opt_rounds) : 0;

      block_clear (&block);
    }

  printf ("\n| PDU size | mode | MB/s | PDUs/s | ratio to raw | ratio to sync |\n");
  printf ("|---:|:---|---:|---:|---:|---:|\n");
  for (s = 0; s < N_SIZES; s++)
    {
      char size_text[32];

      if (!size_done[s])
        continue;
      format_size (size_text, sizeof size_text, pdu_sizes[s]);
      for (m = 0; m < N_MODES; m++)
        {
          double rate = rates[s][m];
          char raw_ratio[32] = "—", sync_ratio[32] = "—";

          if (!mode_enabled (m))
            continue;
          if (m != MODE_RAW)
            g_snprintf (raw_ratio, sizeof raw_ratio, "%.2f", rate / rates[s][MODE_RAW]);
          if ((m == MODE_ASYNC || m == MODE_ASYNC_BATCH) && mode_enabled (MODE_SYNC))
            g_snprintf (sync_ratio, sizeof sync_ratio, "%.2f", rate / rates[s][MODE_SYNC]);
          printf ("| %s | %s | %.0f | %.0f | %s | %s |\n",
                  size_text, mode_names[m], rate * pdu_sizes[s] / 1e6, rate,
                  raw_ratio, sync_ratio);
        }
    }

  /* The targets, reported (never enforced: this is not a test). */
  printf ("\nTargets:\n");
  for (s = 0; s < N_SIZES; s++)
    {
      gsize size = pdu_sizes[s];
      double *rate = rates[s];

      if (!size_done[s])
        continue;
      if (size == 64 && mode_enabled (MODE_SYNC))
        printf ("- sync read_pdu at 64 B ≥ 0.25 × raw: %.3f, %s\n",
                rate[MODE_SYNC] / rate[MODE_RAW],
                rate[MODE_SYNC] / rate[MODE_RAW] >= 0.25 ? "met" : "missed");
      if (size == 64 && mode_enabled (MODE_SYNC))
        printf ("  (per PDU: sync read_pdu %.1f ns = raw read %.1f ns + %.1f ns, "
                "of which a GBytes view alone costs %.1f ns)\n",
                1e9 / rate[MODE_SYNC], 1e9 / rate[MODE_RAW],
                1e9 / rate[MODE_SYNC] - 1e9 / rate[MODE_RAW], view_ns);
      if (size == 64 && mode_enabled (MODE_SYNC_EACH))
        printf ("- sync read_each_pdu (no allocation per PDU) at 64 B ≥ 0.25 × raw: %.3f, %s\n",
                rate[MODE_SYNC_EACH] / rate[MODE_RAW],
                rate[MODE_SYNC_EACH] / rate[MODE_RAW] >= 0.25 ? "met" : "missed");
      if (size == 1400 && mode_enabled (MODE_ASYNC))
        printf ("- async read_pdu at 1400 B ≥ 0.50 × sync read_pdu: %.3f, %s\n",
                rate[MODE_ASYNC] / rate[MODE_SYNC],
                rate[MODE_ASYNC] / rate[MODE_SYNC] >= 0.50 ? "met" : "missed");
      if (size == 1400 && mode_enabled (MODE_ASYNC_BATCH))
        printf ("- async read_pdus at 1400 B ≥ 0.50 × sync read_pdu: %.3f, %s\n",
                rate[MODE_ASYNC_BATCH] / rate[MODE_SYNC],
                rate[MODE_ASYNC_BATCH] / rate[MODE_SYNC] >= 0.50 ? "met" : "missed");
      if (size == 16 * 1024 && mode_enabled (MODE_SYNC))
        printf ("- sync read_pdu at 16 KiB ≥ 0.90 × raw: %.3f, %s\n",
                rate[MODE_SYNC] / rate[MODE_RAW],
                rate[MODE_SYNC] / rate[MODE_RAW] >= 0.90 ? "met" : "missed");
    }
  print_load ("at end");

  g_free (opt_kind);
  g_free (opt_only_mode);
  return 0;
}
