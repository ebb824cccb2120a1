/* test-threading.c: the threading contract of RdpFramed and its halves
 *
 * What doc/threading.md promises, shown over real sockets:
 *
 * - asynchronous reads and writes involve no GIO worker thread;
 * - an RdpFramed used inside a worker thread that pushed its own main
 *   context: every callback runs in that thread, on that context, never from
 *   inside the call that started it, while the main thread's default context
 *   (busy with a framed of its own) never sees them;
 * - an RdpFramed created in one thread and used in others, synchronously and
 *   asynchronously, handed over after a join, buffered bytes included;
 * - one read at a time: an asynchronous read whose PDU was buffered stays in
 *   progress until its callback runs;
 * - split: a reader on one thread and a writer on another, each with its own
 *   context, working at the same time against an echo peer in a third thread,
 *   thousands of PDUs of both kinds and many sizes arriving whole and in
 *   order, while the frames are checked again and freed in yet another thread;
 *   then unsplit and go on with the RdpFramed; meanwhile the RdpFramed
 *   itself refuses with G_IO_ERROR_BUSY, and afterwards the halves with
 *   G_IO_ERROR_CLOSED;
 * - the same with the synchronous forms, and with only the reader on a thread
 *   of its own.
 *
 * Every wait is bounded: a worker that hangs fails the test (g_error) instead
 * of hanging it, and the echo peer gives up, closing its end, after a while
 * without traffic, which ends any read or write stuck on the other end.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-test-utils.h"

/* How long any one wait may take before the test fails. Generous, for
 * sanitizer builds on a loaded machine. */
#define WAIT_SECONDS 120
/* How long the echo peer waits for traffic before it gives up. */
#define PEER_IDLE_SECONDS 60

#define SPLIT_PDUS 2000
#define SPLIT_LEFTOVER_PDUS 2

static GThread *main_thread;

/* --- PDUs ------------------------------------------------------------------ */

static RdpAction
pdu_action (guint index)
{
  return index % 4 == 0 ? RDP_ACTION_X224 : RDP_ACTION_FAST_PATH;
}

/* A distinct, well-formed PDU for every index: TPKT/X.224 of 11 to 65535
 * bytes, fast-path with a one-byte length (6 to 127 bytes) or with the
 * two-byte form (6 to 32767 bytes, small values too). The index is in the
 * payload and every byte depends on it. */
static GBytes *
make_pdu (guint index)
{
  guint32 h = index * 2654435761u;
  gsize size, header, i;
  guint8 *data;

  switch (index % 4)
    {
    case 0:
      header = 7;
      size = index % 97 == 0 ? 65535 - h % 64 : 11 + h % 3000;
      break;
    case 1:
    case 3:
      header = 2;
      size = 6 + h % 122;
      break;
    case 2:
    default:
      header = 3;
      size = index % 61 == 0 ? 32767 - h % 16 : 6 + h % 12000;
      break;
    }

  data = g_malloc (size);
  switch (header)
    {
    case 7:
      data[0] = 0x03;
      data[1] = 0x00;
      data[2] = size >> 8;
      data[3] = size & 0xff;
      data[4] = 0x02;
      data[5] = 0xf0;
      data[6] = 0x80;
      break;
    case 2:
      data[0] = (index << 2) & 0xfc;
      data[1] = size;
      break;
    case 3:
      data[0] = (index << 2) & 0xfc;
      data[1] = 0x80 | (size >> 8);
      data[2] = size & 0xff;
      break;
    default:
      g_assert_not_reached ();
    }
  data[header + 0] = index >> 24;
  data[header + 1] = index >> 16;
  data[header + 2] = index >> 8;
  data[header + 3] = index;
  for (i = header + 4; i < size; i++)
    data[i] = (guint8) (index * 31 + i * 7);

  return g_bytes_new_take (data, size);
}

static void
assert_pdu (GBytes *frame,
            guint   index)
{
  g_autoptr(GBytes) want = make_pdu (index);

  g_assert_nonnull (frame);
  if (!g_bytes_equal (frame, want))
    g_error ("PDU %u: got %" G_GSIZE_FORMAT " bytes that differ from the %"
             G_GSIZE_FORMAT " sent", index, g_bytes_get_size (frame), g_bytes_get_size (want));
}

/* PDUs [first, first + count) written as one buffer. */
static GBytes *
make_pdus (guint first,
           guint count)
{
  GByteArray *all = g_byte_array_new ();
  guint i;

  for (i = first; i < first + count; i++)
    {
      g_autoptr(GBytes) pdu = make_pdu (i);

      g_byte_array_append (all, g_bytes_get_data (pdu, NULL), g_bytes_get_size (pdu));
    }
  return g_byte_array_free_to_bytes (all);
}

/* --- waiting, bounded ------------------------------------------------------ */

static gboolean
timeout_fail (gpointer data)
{
  g_error ("timed out after %d s: %s", WAIT_SECONDS, (const char *) data);
  return G_SOURCE_REMOVE;
}

/* Runs @loop (on its own context) until it quits, failing the test when that
 * takes longer than WAIT_SECONDS. */
static void
run_loop_bounded (GMainLoop  *loop,
                  const char *what)
{
  GSource *timeout = g_timeout_source_new_seconds (WAIT_SECONDS);

  g_source_set_callback (timeout, timeout_fail, (gpointer) what, NULL);
  g_source_attach (timeout, g_main_loop_get_context (loop));
  g_main_loop_run (loop);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

/* Waits for @flag to be set by another thread, iterating the main thread's
 * default context meanwhile when @iterate_default, failing the test after
 * WAIT_SECONDS. */
static void
wait_flag_bounded (gint       *flag,
                   gboolean    iterate_default,
                   const char *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (!g_atomic_int_get (flag))
    {
      if (iterate_default)
        while (g_main_context_iteration (NULL, FALSE))
          ;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %d s: %s", WAIT_SECONDS, what);
      g_usleep (500);
    }
}

/* Lets a group of threads start together. */
typedef struct {
  GMutex mutex;
  GCond cond;
  gboolean go;
} Gate;

static void
gate_wait (Gate *gate)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  g_mutex_lock (&gate->mutex);
  while (!gate->go)
    if (!g_cond_wait_until (&gate->cond, &gate->mutex, deadline))
      g_error ("timed out waiting for the start signal");
  g_mutex_unlock (&gate->mutex);
}

static void
gate_open (Gate *gate)
{
  g_mutex_lock (&gate->mutex);
  gate->go = TRUE;
  g_cond_broadcast (&gate->cond);
  g_mutex_unlock (&gate->mutex);
}

/* --- the echo peer --------------------------------------------------------- */

/* A thread that writes back every byte it reads, in pieces of random size,
 * with plain blocking GIO calls, until end-of-file. It gives up after
 * PEER_IDLE_SECONDS without progress and closes its end, so that nothing on
 * the other end can wait forever. */
typedef struct {
  GIOStream *stream;
  GThread *thread;
  guint32 seed;
  guint64 echoed;
  GError *error;
} EchoPeer;

static gpointer
echo_peer_thread (gpointer data)
{
  EchoPeer *peer = data;
  GInputStream *in = g_io_stream_get_input_stream (peer->stream);
  GOutputStream *out = g_io_stream_get_output_stream (peer->stream);
  g_autoptr(GRand) rand = g_rand_new_with_seed (peer->seed);
  guint8 *buffer = g_malloc (64 * 1024);

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, 64 * 1024, NULL, &peer->error);
      gssize done = 0;

      if (n <= 0)
        break;
      while (done < n)
        {
          gsize piece = g_rand_int_range (rand, 1, 20000);

          piece = MIN (piece, (gsize) (n - done));

          if (!g_output_stream_write_all (out, buffer + done, piece, NULL, NULL, &peer->error))
            goto out;
          done += piece;
        }
      peer->echoed += n;
    }
out:
  g_free (buffer);
  g_io_stream_close (peer->stream, NULL, NULL);
  return NULL;
}

static EchoPeer *
echo_peer_start (GIOStream *stream,
                 guint32    seed)
{
  EchoPeer *peer = g_new0 (EchoPeer, 1);

  peer->stream = g_object_ref (stream);
  peer->seed = seed;
  /* Only this thread uses this socket, so its timeout state is its own. */
  g_socket_set_timeout (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)),
                        PEER_IDLE_SECONDS);
  peer->thread = g_thread_new ("echo-peer", echo_peer_thread, peer);
  return peer;
}

/* Call once the other end was closed: the peer sees end-of-file and ends. */
static void
echo_peer_finish (EchoPeer *peer)
{
  g_thread_join (peer->thread);
  g_assert_no_error (peer->error);
  g_object_unref (peer->stream);
  g_free (peer);
}

static void
close_framed_stream (RdpFramed *framed)
{
  GError *error = NULL;

  g_assert_true (g_io_stream_close (rdp_framed_get_stream (framed), NULL, &error));
  g_assert_no_error (error);
}

/* --- a framed connection, the PDUs it sent and received -------------------- */

typedef struct {
  RdpFramed *framed;
  guint next_write;
  guint next_read;
} Conn;

static void
conn_write_sync (Conn  *conn,
                 guint  count)
{
  guint i;

  for (i = 0; i < count; i++)
    {
      g_autoptr(GBytes) pdu = make_pdu (conn->next_write++);
      GError *error = NULL;

      g_assert_true (rdp_framed_write_all (conn->framed, pdu, NULL, &error));
      g_assert_no_error (error);
    }
}

static void
conn_read_sync (Conn  *conn,
                guint  count)
{
  guint i;

  for (i = 0; i < count; i++)
    {
      GError *error = NULL;
      RdpAction action;
      g_autoptr(GBytes) frame = rdp_framed_read_pdu (conn->framed, &action, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (action, ==, pdu_action (conn->next_read));
      assert_pdu (frame, conn->next_read++);
    }
}

/* Writes and reads back @count PDUs synchronously, a few at a time, so that
 * the echo peer never waits on a full socket. */
static void
conn_round_trip_sync (Conn  *conn,
                      guint  count)
{
  while (count > 0)
    {
      guint batch = MIN (count, 8);

      conn_write_sync (conn, batch);
      conn_read_sync (conn, batch);
      count -= batch;
    }
}

/* An asynchronous exchange of PDUs on the thread-default context of the
 * calling thread: @count writes queued at once, and @count PDUs read back by
 * a chain of reads of every kind. Each callback checks that it runs in the
 * calling thread, on that context, and not from inside the call that
 * started its operation. */
typedef struct {
  Conn *conn;
  GThread *thread;
  GMainContext *context;
  GMainContext *pushed;     /* what g_main_context_get_thread_default() must say */
  GMainLoop *loop;
  gboolean in_call;
  guint count;
  guint first_write;
  guint writes_done;
  guint reads_done;
  guint read_calls;
  guint callbacks;
  gboolean pending_seen;
} Exchange;

typedef struct {
  Exchange *ex;
  guint index;
} WriteCall;

static void
exchange_check_callback (Exchange *ex)
{
  g_assert_true (g_thread_self () == ex->thread);
  g_assert_true (g_main_context_get_thread_default () == ex->pushed);
  g_assert_true (g_main_context_is_owner (ex->context));
  g_assert_false (ex->in_call);
  ex->callbacks++;
}

static void
exchange_maybe_quit (Exchange *ex)
{
  if (ex->writes_done == ex->count && ex->reads_done == ex->count && ex->pending_seen)
    g_main_loop_quit (ex->loop);
}

static void
exchange_write_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WriteCall *call = user_data;
  Exchange *ex = call->ex;
  GError *error = NULL;

  exchange_check_callback (ex);
  g_assert_true (source == G_OBJECT (ex->conn->framed));
  g_assert_true (rdp_framed_write_all_finish (RDP_FRAMED (source), result, &error));
  g_assert_no_error (error);
  /* Queued writes complete in the order they were issued. */
  g_assert_cmpuint (call->index, ==, ex->first_write + ex->writes_done);
  ex->writes_done++;
  g_free (call);
  exchange_maybe_quit (ex);
}

static void exchange_read_next (Exchange *ex);

static void
exchange_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Exchange *ex = user_data;
  Conn *conn = ex->conn;
  GError *error = NULL;

  exchange_check_callback (ex);

  switch (ex->read_calls % 3)
    {
    case 0:
      {
        RdpAction action;
        g_autoptr(GBytes) frame = rdp_framed_read_pdu_finish (RDP_FRAMED (source), result,
                                                              &action, &error);

        g_assert_no_error (error);
        g_assert_cmpint (action, ==, pdu_action (conn->next_read));
        assert_pdu (frame, conn->next_read++);
        ex->reads_done++;
        break;
      }
    case 1:
      {
        g_autoptr(GPtrArray) frames = rdp_framed_read_pdus_finish (RDP_FRAMED (source),
                                                                   result, &error);
        guint i;

        g_assert_no_error (error);
        g_assert_cmpuint (frames->len, >=, 1);
        g_assert_cmpuint (frames->len, <=, 5);
        for (i = 0; i < frames->len; i++)
          {
            assert_pdu (frames->pdata[i], conn->next_read++);
            ex->reads_done++;
          }
        break;
      }
    case 2:
    default:
      {
        g_autoptr(GBytes) frame = rdp_framed_read_by_hint_finish (RDP_FRAMED (source),
                                                                  result, &error);

        g_assert_no_error (error);
        assert_pdu (frame, conn->next_read++);
        ex->reads_done++;
        break;
      }
    }
  g_assert_cmpuint (ex->reads_done, <=, ex->count);

  ex->read_calls++;
  if (ex->reads_done < ex->count)
    exchange_read_next (ex);
  else
    exchange_maybe_quit (ex);
}

static void
exchange_read_next (Exchange *ex)
{
  RdpFramed *framed = ex->conn->framed;
  guint left = ex->count - ex->reads_done;

  ex->in_call = TRUE;
  switch (ex->read_calls % 3)
    {
    case 0:
      rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, NULL, exchange_read_cb, ex);
      break;
    case 1:
      rdp_framed_read_pdus_async (framed, MIN (left, 5), G_PRIORITY_DEFAULT, NULL,
                                  exchange_read_cb, ex);
      break;
    case 2:
    default:
      rdp_framed_read_by_hint_async (framed,
                                     pdu_action (ex->conn->next_read) == RDP_ACTION_X224
                                       ? RDP_PDU_HINT_X224 : RDP_PDU_HINT_FAST_PATH,
                                     G_PRIORITY_DEFAULT, NULL, exchange_read_cb, ex);
      break;
    }
  ex->in_call = FALSE;
}

static void
exchange_pending_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Exchange *ex = user_data;
  GError *error = NULL;
  GBytes *frame;

  exchange_check_callback (ex);
  frame = rdp_framed_read_pdu_finish (RDP_FRAMED (source), result, NULL, &error);
  g_assert_null (frame);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  ex->pending_seen = TRUE;
  exchange_maybe_quit (ex);
}

static void
conn_exchange_async (Conn  *conn,
                     guint  count)
{
  Exchange ex = { 0, };
  g_autoptr(GBytes) extra = make_pdu (G_MAXUINT / 2);
  GError *error = NULL;
  guint i;

  ex.conn = conn;
  ex.thread = g_thread_self ();
  ex.pushed = g_main_context_get_thread_default ();
  ex.context = g_main_context_ref_thread_default ();
  ex.loop = g_main_loop_new (ex.context, FALSE);
  ex.count = count;
  ex.first_write = conn->next_write;

  ex.in_call = TRUE;
  for (i = 0; i < count; i++)
    {
      WriteCall *call = g_new (WriteCall, 1);
      g_autoptr(GBytes) pdu = make_pdu (conn->next_write);

      call->ex = &ex;
      call->index = conn->next_write++;
      rdp_framed_write_all_async (conn->framed, pdu, G_PRIORITY_DEFAULT, NULL,
                                  exchange_write_cb, call);
    }
  ex.in_call = FALSE;

  /* A synchronous write would overtake the queued ones: refused, at once. */
  g_assert_false (rdp_framed_write_all (conn->framed, extra, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  exchange_read_next (&ex);

  /* One read at a time, in both forms. */
  g_assert_null (rdp_framed_read_pdu (conn->framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  ex.in_call = TRUE;
  rdp_framed_read_pdu_async (conn->framed, G_PRIORITY_DEFAULT, NULL, exchange_pending_cb, &ex);
  ex.in_call = FALSE;

  run_loop_bounded (ex.loop, "an asynchronous exchange");

  g_assert_cmpuint (ex.writes_done, ==, count);
  g_assert_cmpuint (ex.reads_done, ==, count);
  g_assert_cmpuint (ex.callbacks, ==, count + ex.read_calls + 1);

  g_main_loop_unref (ex.loop);
  g_main_context_unref (ex.context);
}

/* --- no hidden threads ----------------------------------------------------- */

/* How many threads of GLib's worker pool this process has: GLib names them
 * "pool-<program>", and the thread that spawns them "pool-spawner". Returns
 * -1 where /proc/self/task cannot tell. */
static int
count_pool_threads (void)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;
  int count = 0;

  if (dir == NULL)
    return -1;
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "pool"))
        count++;
    }
  g_dir_close (dir);
  return count;
}

static void
assert_no_pool_threads (void)
{
  int count = count_pool_threads ();

  if (count >= 0)
    g_assert_cmpint (count, ==, 0);
}

/* Asynchronous reads and writes on a socket run on the caller's context
 * alone: no GIO worker thread does any part of them (GIO's default
 * flush_async would, for every write). */
static void
test_no_hidden_threads (void)
{
  GIOStream *a, *b;
  EchoPeer *peer;
  Conn conn = { 0, };

  if (count_pool_threads () < 0)
    {
      g_test_skip ("no /proc/self/task to count threads");
      return;
    }
  assert_no_pool_threads ();

  rdp_test_socket_pair (&a, &b);
  peer = echo_peer_start (b, 7);
  conn.framed = rdp_framed_new (a);
  conn_exchange_async (&conn, 200);
  assert_no_pool_threads ();

  close_framed_stream (conn.framed);
  g_object_unref (conn.framed);
  echo_peer_finish (peer);
  g_object_unref (a);
  g_object_unref (b);
}

/* --- (a) a framed that lives in a worker thread ---------------------------- */

#define WORKER_PDUS 300

typedef struct {
  GIOStream *stream;
  gint done;
} WorkerData;

static gpointer
worker_thread (gpointer data)
{
  WorkerData *worker = data;
  GMainContext *context = g_main_context_new ();
  Conn conn = { 0, };
  g_autoptr(GBytes) rest = NULL;

  g_main_context_push_thread_default (context);

  conn.framed = rdp_framed_new (worker->stream);
  conn_exchange_async (&conn, WORKER_PDUS);
  conn_exchange_async (&conn, WORKER_PDUS);
  rest = rdp_framed_peek (conn.framed);
  g_assert_cmpuint (g_bytes_get_size (rest), ==, 0);
  close_framed_stream (conn.framed);
  g_object_unref (conn.framed);

  /* Nothing of the framed is left on the context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);

  g_atomic_int_set (&worker->done, TRUE);
  return NULL;
}

/* The main thread's own framed, driven from its default context while the
 * worker runs: it must see its own callbacks and none of the worker's. */
typedef struct {
  Conn conn;
  GThread *thread;
  guint round_trips;
  guint writes_pending;
  gboolean busy;
} MainSide;

static void main_side_next (MainSide *side);

static void
main_side_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MainSide *side = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) frame = NULL;

  g_assert_true (g_thread_self () == side->thread);
  g_assert_null (g_main_context_get_thread_default ());
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));

  frame = rdp_framed_read_pdu_finish (RDP_FRAMED (source), result, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (frame, side->conn.next_read++);
  side->round_trips++;
  side->busy = FALSE;
}

static void
main_side_write_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  MainSide *side = user_data;
  GError *error = NULL;

  g_assert_true (g_thread_self () == side->thread);
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_true (rdp_framed_write_all_finish (RDP_FRAMED (source), result, &error));
  g_assert_no_error (error);
  side->writes_pending--;
}

static void
main_side_next (MainSide *side)
{
  g_autoptr(GBytes) pdu = make_pdu (side->conn.next_write++);

  side->busy = TRUE;
  side->writes_pending++;
  rdp_framed_write_all_async (side->conn.framed, pdu, G_PRIORITY_DEFAULT, NULL,
                              main_side_write_cb, side);
  rdp_framed_read_pdu_async (side->conn.framed, G_PRIORITY_DEFAULT, NULL,
                             main_side_read_cb, side);
}

static void
test_worker_context (void)
{
  GIOStream *a, *b, *main_a, *main_b;
  EchoPeer *peer, *main_peer;
  WorkerData worker = { 0, };
  MainSide side = { { 0, }, };
  GThread *thread;
  gint64 deadline;

  rdp_test_socket_pair (&a, &b);
  rdp_test_socket_pair (&main_a, &main_b);
  peer = echo_peer_start (b, 1);
  main_peer = echo_peer_start (main_b, 2);

  side.conn.framed = rdp_framed_new (main_a);
  side.thread = g_thread_self ();

  worker.stream = a;
  thread = g_thread_new ("framed-worker", worker_thread, &worker);

  /* Keep the main context busy with its own framed until the worker is
   * done: the worker's callbacks must not turn up here. */
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (!g_atomic_int_get (&worker.done) || side.busy || side.writes_pending > 0)
    {
      if (!side.busy && !g_atomic_int_get (&worker.done))
        main_side_next (&side);
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %d s waiting for the worker", WAIT_SECONDS);
      if (!side.busy)
        g_usleep (100);
    }
  g_thread_join (thread);
  g_test_message ("main context made %u round trips while the worker ran", side.round_trips);
  assert_no_pool_threads ();
  g_assert_cmpuint (side.round_trips, >, 0);

  close_framed_stream (side.conn.framed);
  g_object_unref (side.conn.framed);
  echo_peer_finish (peer);
  echo_peer_finish (main_peer);
  g_object_unref (a);
  g_object_unref (b);
  g_object_unref (main_a);
  g_object_unref (main_b);
}

/* --- (b) created in one thread, used in others ----------------------------- */

#define HANDOVER_PDUS 40

/* Creates the framed and uses it synchronously. It sends a burst as one
 * buffer and reads only half of it, so that the next owner gets a framed
 * with bytes buffered. */
static gpointer
creator_thread (gpointer data)
{
  Conn *conn = g_new0 (Conn, 1);
  g_autoptr(GBytes) burst = NULL;
  GError *error = NULL;

  conn->framed = rdp_framed_new (data);
  conn_round_trip_sync (conn, HANDOVER_PDUS);

  burst = make_pdus (conn->next_write, HANDOVER_PDUS);
  g_assert_true (rdp_framed_write_all (conn->framed, burst, NULL, &error));
  g_assert_no_error (error);
  conn->next_write += HANDOVER_PDUS;
  conn_read_sync (conn, HANDOVER_PDUS / 2);
  return conn;
}

/* Takes over a framed made elsewhere and uses it asynchronously on its own
 * context, then synchronously. */
static gpointer
async_user_thread (gpointer data)
{
  Conn *conn = data;
  GMainContext *context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  /* First what the creator left unread, then a fresh exchange. */
  conn_read_sync (conn, conn->next_write - conn->next_read);
  conn_exchange_async (conn, HANDOVER_PDUS);
  conn_round_trip_sync (conn, HANDOVER_PDUS);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return conn;
}

static void
test_handover (void)
{
  GIOStream *a, *b;
  EchoPeer *peer;
  GThread *thread;
  Conn *conn;

  rdp_test_socket_pair (&a, &b);
  peer = echo_peer_start (b, 3);

  thread = g_thread_new ("creator", creator_thread, a);
  conn = g_thread_join (thread);
  g_assert_cmpuint (conn->next_read, <, conn->next_write);

  thread = g_thread_new ("async-user", async_user_thread, conn);
  g_assert_true (g_thread_join (thread) == conn);
  g_assert_cmpuint (conn->next_read, ==, conn->next_write);

  /* Back in the main thread, on its default context and synchronously. */
  conn_exchange_async (conn, HANDOVER_PDUS);
  conn_round_trip_sync (conn, HANDOVER_PDUS);

  /* And once more to a thread of its own after that. */
  thread = g_thread_new ("async-user-2", async_user_thread, conn);
  g_assert_true (g_thread_join (thread) == conn);

  close_framed_stream (conn->framed);
  g_object_unref (conn->framed);
  g_free (conn);
  echo_peer_finish (peer);
  g_object_unref (a);
  g_object_unref (b);
}

/* --- one read at a time, until its callback has run ----------------------- */

typedef struct {
  GMainContext *context;
  GBytes *frame;
  gboolean done;
} PendingRead;

static void
pending_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PendingRead *read = user_data;
  GError *error = NULL;

  g_assert_true (g_main_context_is_owner (read->context));
  g_assert_true (g_async_result_get_user_data (result) == user_data);
  read->frame = rdp_framed_read_pdu_finish (RDP_FRAMED (source), result, NULL, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

/* A read whose PDU is already buffered has its result at once, but the
 * caller gets it only from its callback, on a later iteration: until then the
 * read is still in progress, and another read (which would take the next PDU
 * first) fails with G_IO_ERROR_PENDING. Run in a worker thread with a context
 * of its own. */
static gpointer
pending_read_thread (gpointer data)
{
  g_autoptr(GBytes) leftover = make_pdus (0, 3);
  GIOStream *a, *b;
  RdpFramed *framed;
  PendingRead read = { 0, };
  GError *error = NULL;
  g_autoptr(GBytes) second = NULL;
  gint64 deadline;

  read.context = g_main_context_new ();
  g_main_context_push_thread_default (read.context);
  rdp_test_socket_pair (&a, &b);
  framed = rdp_framed_new_with_leftover (a, leftover);

  rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, NULL, pending_read_cb, &read);
  g_assert_false (read.done);
  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);
  g_assert_null (rdp_framed_read_pdus (framed, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (!read.done)
    {
      g_main_context_iteration (read.context, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for a buffered PDU");
    }
  assert_pdu (read.frame, 0);
  g_bytes_unref (read.frame);

  /* Free again once the callback ran. */
  second = rdp_framed_read_pdu (framed, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_pdu (second, 1);

  g_object_unref (framed);
  g_object_unref (a);
  g_object_unref (b);
  while (g_main_context_iteration (read.context, FALSE))
    ;
  g_main_context_pop_thread_default (read.context);
  g_main_context_unref (read.context);
  return NULL;
}

static void
test_read_pending_until_callback (void)
{
  g_thread_join (g_thread_new ("pending-read", pending_read_thread, NULL));
}

/* --- (c) split: a reader and a writer on two threads at once --------------- */

typedef struct {
  RdpFramed *framed;
  RdpFramedReader *reader;
  RdpFramedWriter *writer;
  Gate gate;

  GThread *reader_thread;
  GThread *writer_thread;

  /* PDUs 0 .. SPLIT_LEFTOVER_PDUS - 1 are in the read buffer before the
   * split; the writer sends the rest, up to total. */
  guint total;

  /* The reader hands every frame to the main thread, which checks it again
   * and frees it. */
  GAsyncQueue *frames;

  gint reader_done;
  gint writer_done;
  gint reader_callbacks;
  gint writer_callbacks;
  gint busy_checks;
} Split;

typedef struct {
  Split *split;
  GMainContext *context;
  GMainLoop *loop;
  guint next;         /* next PDU index to read, or to issue a write for */
  guint done;         /* writes completed */
  guint in_flight;
  guint read_calls;
  gboolean in_call;
} Half;

static void
split_check_callback (Half    *half,
                      GThread *own,
                      GThread *other)
{
  g_assert_true (g_thread_self () == own);
  g_assert_true (g_thread_self () != other);
  g_assert_true (g_main_context_get_thread_default () == half->context);
  g_assert_true (g_main_context_is_owner (half->context));
  g_assert_false (half->in_call);
}

static void split_reader_next (Half *half);

static void
split_take_frame (Half   *half,
                  GBytes *frame)
{
  assert_pdu (frame, half->next++);
  /* The frame goes on to another thread, which frees it while this one
   * reads on into the same buffer. */
  g_async_queue_push (half->split->frames, g_bytes_ref (frame));
}

static void
split_reader_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Half *half = user_data;
  Split *split = half->split;
  RdpFramedReader *reader = RDP_FRAMED_READER (source);
  GError *error = NULL;

  split_check_callback (half, split->reader_thread, split->writer_thread);
  g_assert_true (reader == split->reader);
  g_atomic_int_inc (&split->reader_callbacks);

  if (half->read_calls % 2 == 0)
    {
      RdpAction action;
      g_autoptr(GBytes) frame = rdp_framed_reader_read_pdu_finish (reader, result, &action, &error);

      g_assert_no_error (error);
      g_assert_cmpint (action, ==, pdu_action (half->next));
      split_take_frame (half, frame);
    }
  else
    {
      g_autoptr(GPtrArray) frames = rdp_framed_reader_read_pdus_finish (reader, result, &error);
      guint i;

      g_assert_no_error (error);
      g_assert_cmpuint (frames->len, >=, 1);
      for (i = 0; i < frames->len; i++)
        split_take_frame (half, frames->pdata[i]);
    }
  g_assert_cmpuint (half->next, <=, split->total);

  half->read_calls++;
  if (half->next < split->total)
    split_reader_next (half);
  else
    g_main_loop_quit (half->loop);
}

static void
split_reader_next (Half *half)
{
  RdpFramedReader *reader = half->split->reader;
  static const guint max_pdus[] = { 0, 1, 3, 16 };

  half->in_call = TRUE;
  if (half->read_calls % 2 == 0)
    rdp_framed_reader_read_pdu_async (reader, G_PRIORITY_DEFAULT, NULL, split_reader_cb, half);
  else
    rdp_framed_reader_read_pdus_async (reader, max_pdus[(half->read_calls / 2) % 4],
                                       G_PRIORITY_DEFAULT, NULL, split_reader_cb, half);
  half->in_call = FALSE;
}

static gpointer
split_reader_thread (gpointer data)
{
  Split *split = data;
  Half half = { 0, };
  GError *error = NULL;

  half.split = split;
  half.context = g_main_context_new ();
  half.loop = g_main_loop_new (half.context, FALSE);
  g_main_context_push_thread_default (half.context);
  gate_wait (&split->gate);

  split_reader_next (&half);
  /* One read at a time on the reader too. */
  g_assert_null (rdp_framed_reader_read_pdu (split->reader, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  run_loop_bounded (half.loop, "the split reader");
  g_assert_cmpuint (half.next, ==, split->total);

  while (g_main_context_iteration (half.context, FALSE))
    ;
  g_main_context_pop_thread_default (half.context);
  g_main_loop_unref (half.loop);
  g_main_context_unref (half.context);
  g_atomic_int_set (&split->reader_done, TRUE);
  return NULL;
}

static void split_writer_pump (Half *half);

static void
split_writer_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Half *half = user_data;
  Split *split = half->split;
  GError *error = NULL;

  split_check_callback (half, split->writer_thread, split->reader_thread);
  g_assert_true (RDP_FRAMED_WRITER (source) == split->writer);
  g_atomic_int_inc (&split->writer_callbacks);

  g_assert_true (rdp_framed_writer_write_all_finish (RDP_FRAMED_WRITER (source), result, &error));
  g_assert_no_error (error);
  half->done++;
  half->in_flight--;

  if (half->done == split->total - SPLIT_LEFTOVER_PDUS)
    g_main_loop_quit (half->loop);
  else if (half->in_flight <= 8)
    split_writer_pump (half);
}

/* Queues writes up to 32 in flight; the callbacks top the queue up again, so
 * writes are both queued and chained. */
static void
split_writer_pump (Half *half)
{
  Split *split = half->split;

  half->in_call = TRUE;
  while (half->next < split->total && half->in_flight < 32)
    {
      g_autoptr(GBytes) pdu = make_pdu (half->next++);

      half->in_flight++;
      rdp_framed_writer_write_all_async (split->writer, pdu, G_PRIORITY_DEFAULT, NULL,
                                         split_writer_cb, half);
    }
  half->in_call = FALSE;
}

static gpointer
split_writer_thread (gpointer data)
{
  Split *split = data;
  Half half = { 0, };
  g_autoptr(GBytes) extra = make_pdu (0);
  GError *error = NULL;

  half.split = split;
  half.context = g_main_context_new ();
  half.loop = g_main_loop_new (half.context, FALSE);
  half.next = SPLIT_LEFTOVER_PDUS;
  g_main_context_push_thread_default (half.context);
  gate_wait (&split->gate);

  split_writer_pump (&half);
  /* A synchronous write would overtake the queue. */
  g_assert_false (rdp_framed_writer_write_all (split->writer, extra, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
  g_clear_error (&error);

  run_loop_bounded (half.loop, "the split writer");
  g_assert_cmpuint (half.done, ==, split->total - SPLIT_LEFTOVER_PDUS);

  while (g_main_context_iteration (half.context, FALSE))
    ;
  g_main_context_pop_thread_default (half.context);
  g_main_loop_unref (half.loop);
  g_main_context_unref (half.context);
  g_atomic_int_set (&split->writer_done, TRUE);
  return NULL;
}

/* The synchronous forms, on two threads at once. */
static gpointer
split_sync_reader_thread (gpointer data)
{
  Split *split = data;
  Half half = { 0, };

  half.split = split;
  gate_wait (&split->gate);

  while (half.next < split->total)
    {
      GError *error = NULL;

      if (half.read_calls++ % 2 == 0)
        {
          RdpAction action;
          g_autoptr(GBytes) frame = rdp_framed_reader_read_pdu (split->reader, &action, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpint (action, ==, pdu_action (half.next));
          split_take_frame (&half, frame);
        }
      else
        {
          g_autoptr(GPtrArray) frames = rdp_framed_reader_read_pdus (split->reader, 0, NULL, &error);
          guint i;

          g_assert_no_error (error);
          for (i = 0; i < frames->len; i++)
            split_take_frame (&half, frames->pdata[i]);
        }
      g_assert_cmpuint (half.next, <=, split->total);
    }

  g_atomic_int_set (&split->reader_done, TRUE);
  return NULL;
}

static gpointer
split_sync_writer_thread (gpointer data)
{
  Split *split = data;
  guint i;

  gate_wait (&split->gate);
  for (i = SPLIT_LEFTOVER_PDUS; i < split->total; i++)
    {
      g_autoptr(GBytes) pdu = make_pdu (i);
      GError *error = NULL;

      g_assert_true (rdp_framed_writer_write_all (split->writer, pdu, NULL, &error));
      g_assert_no_error (error);
    }

  g_atomic_int_set (&split->writer_done, TRUE);
  return NULL;
}

static void
expect_error_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_true (g_thread_self () == main_thread);
  *out = g_object_ref (result);
}

/* Runs the main context until an expect_error_cb() result is there. */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for a callback");
      g_usleep (100);
    }
  return *slot;
}

/* While split, the RdpFramed itself refuses to read or write, from any
 * thread, even while the halves work. */
static void
check_framed_busy (RdpFramed *framed)
{
  g_autoptr(GBytes) pdu = make_pdu (7);
  g_autoptr(GBytes) peeked = NULL;
  GAsyncResult *result = NULL;
  GError *error = NULL;

  g_assert_null (rdp_framed_read_pdu (framed, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_false (rdp_framed_write_all (framed, pdu, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  peeked = rdp_framed_peek (framed);
  g_assert_cmpuint (g_bytes_get_size (peeked), ==, 0);

  rdp_framed_read_pdu_async (framed, G_PRIORITY_DEFAULT, NULL, expect_error_cb, &result);
  g_assert_null (rdp_framed_read_pdu_finish (framed, wait_result (&result), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_object (&result);

  rdp_framed_write_all_async (framed, pdu, G_PRIORITY_DEFAULT, NULL, expect_error_cb, &result);
  g_assert_false (rdp_framed_write_all_finish (framed, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_object (&result);
}

/* After unsplit, both halves refuse everything with G_IO_ERROR_CLOSED. */
static void
check_halves_closed (RdpFramedReader *reader,
                     RdpFramedWriter *writer)
{
  g_autoptr(GBytes) pdu = make_pdu (9);
  g_autoptr(GBytes) peeked = NULL;
  GAsyncResult *result = NULL;
  GError *error = NULL;

  g_assert_null (rdp_framed_reader_read_pdu (reader, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (rdp_framed_writer_write_all (writer, pdu, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  peeked = rdp_framed_reader_peek (reader);
  g_assert_cmpuint (g_bytes_get_size (peeked), ==, 0);

  rdp_framed_reader_read_pdus_async (reader, 0, G_PRIORITY_DEFAULT, NULL, expect_error_cb, &result);
  g_assert_null (rdp_framed_reader_read_pdus_finish (reader, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);

  rdp_framed_writer_write_all_async (writer, pdu, G_PRIORITY_DEFAULT, NULL, expect_error_cb, &result);
  g_assert_false (rdp_framed_writer_write_all_finish (writer, wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);
}

static void
run_split (GThreadFunc  reader_func,
           GThreadFunc  writer_func,
           guint32      seed)
{
  GIOStream *a, *b;
  EchoPeer *peer;
  Split split = { 0, };
  g_autoptr(GBytes) leftover = make_pdus (0, SPLIT_LEFTOVER_PDUS);
  RdpFramed *joined;
  RdpFramedReader *reader2;
  RdpFramedWriter *writer2;
  guint checked = 0;
  gint64 deadline;
  Conn conn;

  rdp_test_socket_pair (&a, &b);
  peer = echo_peer_start (b, seed);

  /* Bytes already buffered at the split go to the reader. */
  split.framed = rdp_framed_new_with_leftover (a, leftover);
  split.total = SPLIT_LEFTOVER_PDUS + SPLIT_PDUS;
  split.frames = g_async_queue_new_full ((GDestroyNotify) g_bytes_unref);
  g_mutex_init (&split.gate.mutex);
  g_cond_init (&split.gate.cond);

  rdp_framed_split (split.framed, &split.reader, &split.writer);
  g_assert_nonnull (split.reader);
  g_assert_nonnull (split.writer);

  split.reader_thread = g_thread_new ("split-reader", reader_func, &split);
  split.writer_thread = g_thread_new ("split-writer", writer_func, &split);
  gate_open (&split.gate);

  /* Check every frame again here, in a third thread, and free it, while the
   * reader goes on reading into the buffer the frames are views of. */
  deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  while (checked < split.total)
    {
      GBytes *frame = g_async_queue_timeout_pop (split.frames, 10000);

      if (frame != NULL)
        {
          assert_pdu (frame, checked++);
          g_bytes_unref (frame);
          if (checked == split.total / 2)
            check_framed_busy (split.framed);
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %d s: %u of %u frames checked", WAIT_SECONDS,
                 checked, split.total);
    }
  wait_flag_bounded (&split.reader_done, FALSE, "the split reader");
  wait_flag_bounded (&split.writer_done, FALSE, "the split writer");
  g_thread_join (split.reader_thread);
  g_thread_join (split.writer_thread);
  g_assert_cmpint (g_async_queue_length (split.frames), ==, 0);
  g_test_message ("reader callbacks: %d, writer callbacks: %d",
                  g_atomic_int_get (&split.reader_callbacks),
                  g_atomic_int_get (&split.writer_callbacks));

  assert_no_pool_threads ();

  /* Both halves idle and their threads gone: join them here. */
  joined = rdp_framed_unsplit (split.reader, split.writer);
  g_assert_true (joined == split.framed);
  g_object_unref (joined);
  check_halves_closed (split.reader, split.writer);

  /* The framed goes on where the halves stopped. */
  conn.framed = split.framed;
  conn.next_write = conn.next_read = split.total;
  conn_round_trip_sync (&conn, 20);
  conn_exchange_async (&conn, 20);

  /* A second split makes new halves; the old ones stay closed. */
  rdp_framed_split (split.framed, &reader2, &writer2);
  check_halves_closed (split.reader, split.writer);
  {
    g_autoptr(GBytes) pdu = make_pdu (conn.next_write);
    GError *error = NULL;
    g_autoptr(GBytes) frame = NULL;

    g_assert_true (rdp_framed_writer_write_all (writer2, pdu, NULL, &error));
    g_assert_no_error (error);
    frame = rdp_framed_reader_read_pdu (reader2, NULL, NULL, &error);
    g_assert_no_error (error);
    assert_pdu (frame, conn.next_write);
    conn.next_write++;
    conn.next_read++;
  }
  joined = rdp_framed_unsplit (reader2, writer2);
  g_assert_true (joined == split.framed);
  g_object_unref (joined);
  check_halves_closed (reader2, writer2);
  g_object_unref (reader2);
  g_object_unref (writer2);
  conn_round_trip_sync (&conn, 5);

  close_framed_stream (split.framed);
  g_object_unref (split.reader);
  g_object_unref (split.writer);
  g_object_unref (split.framed);
  echo_peer_finish (peer);

  g_async_queue_unref (split.frames);
  g_mutex_clear (&split.gate.mutex);
  g_cond_clear (&split.gate.cond);
  g_object_unref (a);
  g_object_unref (b);
}

static void
test_split_async (void)
{
  run_split (split_reader_thread, split_writer_thread, 4);
}

static void
test_split_sync (void)
{
  run_split (split_sync_reader_thread, split_sync_writer_thread, 5);
}

/* The reader half on a thread of its own while the writer half stays with
 * the main thread and its default context. */
static void
test_split_reader_only_thread (void)
{
  GIOStream *a, *b;
  EchoPeer *peer;
  Split split = { 0, };
  g_autoptr(GBytes) leftover = make_pdus (0, SPLIT_LEFTOVER_PDUS);
  RdpFramed *joined;
  guint i;

  rdp_test_socket_pair (&a, &b);
  peer = echo_peer_start (b, 6);

  split.framed = rdp_framed_new_with_leftover (a, leftover);
  split.total = SPLIT_LEFTOVER_PDUS + 200;
  split.frames = g_async_queue_new_full ((GDestroyNotify) g_bytes_unref);
  g_mutex_init (&split.gate.mutex);
  g_cond_init (&split.gate.cond);
  rdp_framed_split (split.framed, &split.reader, &split.writer);

  split.writer_thread = g_thread_self ();
  split.reader_thread = g_thread_new ("split-reader", split_reader_thread, &split);
  gate_open (&split.gate);

  for (i = SPLIT_LEFTOVER_PDUS; i < split.total; i++)
    {
      g_autoptr(GBytes) pdu = make_pdu (i);
      GError *error = NULL;

      g_assert_true (rdp_framed_writer_write_all (split.writer, pdu, NULL, &error));
      g_assert_no_error (error);
    }
  wait_flag_bounded (&split.reader_done, TRUE, "the split reader");
  g_thread_join (split.reader_thread);
  for (i = 0; i < split.total; i++)
    {
      GBytes *frame = g_async_queue_try_pop (split.frames);

      assert_pdu (frame, i);
      g_bytes_unref (frame);
    }

  joined = rdp_framed_unsplit (split.reader, split.writer);
  g_assert_true (joined == split.framed);
  g_object_unref (joined);

  close_framed_stream (split.framed);
  g_object_unref (split.reader);
  g_object_unref (split.writer);
  g_object_unref (split.framed);
  echo_peer_finish (peer);
  g_async_queue_unref (split.frames);
  g_mutex_clear (&split.gate.mutex);
  g_cond_clear (&split.gate.cond);
  g_object_unref (a);
  g_object_unref (b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  g_test_add_func ("/threading/no-hidden-threads", test_no_hidden_threads);
  g_test_add_func ("/threading/worker-context", test_worker_context);
  g_test_add_func ("/threading/handover", test_handover);
  g_test_add_func ("/threading/read-pending-until-callback", test_read_pending_until_callback);
  g_test_add_func ("/threading/split/async", test_split_async);
  g_test_add_func ("/threading/split/sync", test_split_sync);
  g_test_add_func ("/threading/split/reader-thread", test_split_reader_only_thread);

  return g_test_run ();
}
