/* rdp-read-half.c: the reading side of a framed transport
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-read-half-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-pdu-size-private.h"

void
rdp_read_half_init (RdpReadHalf  *half,
                    GInputStream *input)
{
  half->input = g_object_ref (input);
  rdp_frame_buffer_init (&half->buffer);
  half->last_read_time = 0;
  half->pending = FALSE;
  half->closed = FALSE;
}

void
rdp_read_half_clear (RdpReadHalf *half)
{
  g_clear_object (&half->input);
  rdp_frame_buffer_clear (&half->buffer);
  half->closed = TRUE;
}

GBytes *
rdp_read_half_steal (RdpReadHalf *half)
{
  GBytes *leftover = rdp_frame_buffer_steal_all (&half->buffer);

  rdp_read_half_clear (half);
  return leftover;
}

GBytes *
rdp_read_half_peek (RdpReadHalf *half)
{
  return rdp_frame_buffer_view (&half->buffer, rdp_frame_buffer_get_length (&half->buffer));
}

static gboolean
check_usable (RdpReadHalf   *half,
              GCancellable  *cancellable,
              GError       **error)
{
  if (half->closed)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                           _("The transport’s stream was taken away"));
      return FALSE;
    }
  if (half->pending)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("A read is already in progress"));
      return FALSE;
    }
  return cancellable == NULL || !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gssize
unexpected_pdu (RdpPduHint   hint,
                RdpAction    action,
                gssize       size,
                GError     **error)
{
  const char *wanted;

  switch (hint)
    {
    case RDP_PDU_HINT_X224:
      wanted = rdp_action_describe (RDP_ACTION_X224);
      break;
    case RDP_PDU_HINT_FAST_PATH:
      wanted = rdp_action_describe (RDP_ACTION_FAST_PATH);
      break;
    default:
      wanted = _("a CredSSP message");
      break;
    }

  /* TRANSLATORS: the first two %s are "an X.224 PDU", "a fast-path PDU" or
   * "a CredSSP message" */
  g_set_error (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU,
               _("Expected %s but received %s of %lu bytes; it is kept for the next read"),
               wanted, rdp_action_describe (action), (gulong) size);
  return -1;
}

static gssize
find_hinted_size (RdpPduHint     hint,
                  const guint8  *data,
                  gsize          have,
                  RdpAction     *out_action,
                  GError       **error)
{
  RdpAction action;
  gssize size;

  switch (hint)
    {
    case RDP_PDU_HINT_ANY:
      return rdp_find_pdu_size (data, have, out_action, error);

    case RDP_PDU_HINT_X224:
    case RDP_PDU_HINT_FAST_PATH:
      size = rdp_find_pdu_size (data, have, &action, error);
      if (size <= 0)
        return size;
      if (action != (hint == RDP_PDU_HINT_X224 ? RDP_ACTION_X224 : RDP_ACTION_FAST_PATH))
        return unexpected_pdu (hint, action, size, error);
      *out_action = action;
      return size;

    case RDP_PDU_HINT_CREDSSP:
      if (data[0] != 0x30)
        {
          /* An RDP PDU where a TSRequest belongs (a server that skipped
           * CredSSP) is reported as such and kept; anything else is not a
           * TSRequest. */
          size = rdp_find_pdu_size (data, have, &action, NULL);
          if (size > 0)
            return unexpected_pdu (hint, action, size, error);
          if (size == 0)
            return 0;
        }
      return rdp_find_credssp_size (data, have, error);

    case RDP_PDU_HINT_EARLY_USER_AUTH_RESULT:
      return 4;

    default:
      g_return_val_if_reached (-1);
    }
}

static gssize
find_custom_size (const RdpFrameMatcher  *matcher,
                  const guint8           *data,
                  gsize                   have,
                  GError                **error)
{
  GError *local_error = NULL;
  gssize size;

  size = matcher->func (data, have, matcher->user_data, &local_error);
  if (size < 0)
    {
      if (local_error == NULL)
        local_error = g_error_new_literal (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                           _("The frame size function refused the data"));
      g_propagate_error (error, local_error);
      return -1;
    }
  if (local_error != NULL)
    {
      g_critical ("RdpPduSizeFunc %p set an error but returned %" G_GSSIZE_FORMAT,
                  matcher->func, size);
      g_clear_error (&local_error);
    }
  if ((gsize) size > RDP_FRAMED_MAX_FRAME_SIZE ||
      (size == 0 && have >= RDP_FRAMED_MAX_FRAME_SIZE))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("Frame is larger than the maximum of %u bytes"),
                   (guint) RDP_FRAMED_MAX_FRAME_SIZE);
      return -1;
    }
  return size;
}

static gssize
find_frame_size (const RdpFrameMatcher  *matcher,
                 const RdpFrameBuffer   *buffer,
                 RdpAction              *out_action,
                 GError                **error)
{
  gsize have = rdp_frame_buffer_get_length (buffer);

  if (matcher->kind == RDP_FRAME_MATCH_EXACT)
    return matcher->exact;
  if (have == 0)
    return 0;
  if (matcher->kind == RDP_FRAME_MATCH_FUNC)
    return find_custom_size (matcher, rdp_frame_buffer_get_data (buffer), have, error);
  return find_hinted_size (matcher->hint, rdp_frame_buffer_get_data (buffer), have,
                           out_action, error);
}

typedef enum {
  STEP_FRAME,
  STEP_NEED_MORE,
  STEP_ERROR,
} Step;

/* Finds the next frame: STEP_FRAME with its size when it is all buffered;
 * otherwise STEP_NEED_MORE with how long the buffered frame must become (one
 * byte more than buffered when its size is not known yet). */
static Step
find_frame (RdpReadHalf            *half,
            const RdpFrameMatcher  *matcher,
            RdpAction              *out_action,
            gsize                  *out_size,
            GError                **error)
{
  gsize have = rdp_frame_buffer_get_length (&half->buffer);
  gssize size;

  /* The common case first: any PDU, whole in the buffer. */
  if (matcher->kind == RDP_FRAME_MATCH_HINT && matcher->hint == RDP_PDU_HINT_ANY)
    {
      gsize fast = rdp_pdu_size_fast (rdp_frame_buffer_get_data (&half->buffer), have, out_action);

      if (fast > 0 && have >= fast)
        {
          *out_size = fast;
          return STEP_FRAME;
        }
    }

  size = find_frame_size (matcher, &half->buffer, out_action, error);
  if (size < 0)
    return STEP_ERROR;
  if (size > 0 && have >= (gsize) size)
    {
      *out_size = size;
      return STEP_FRAME;
    }
  *out_size = size > 0 ? (gsize) size : have + 1;
  return STEP_NEED_MORE;
}

/* Takes the next frame if it is all buffered; see find_frame(). */
static Step
try_take_frame (RdpReadHalf            *half,
                const RdpFrameMatcher  *matcher,
                RdpAction              *out_action,
                GBytes                **out_frame,
                gsize                  *out_wanted,
                GError                **error)
{
  Step step = find_frame (half, matcher, out_action, out_wanted, error);

  if (step == STEP_FRAME)
    *out_frame = rdp_frame_buffer_take (&half->buffer, *out_wanted);
  return step;
}

static void
set_eof_error (RdpReadHalf  *half,
               GError      **error)
{
  gsize have = rdp_frame_buffer_get_length (&half->buffer);

  if (have == 0)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                         _("The connection was closed by the peer"));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                 _("The connection was closed in the middle of a PDU, after %lu of its bytes"),
                 (gulong) have);
}

static void
commit_read (RdpReadHalf *half,
             gsize        length)
{
  rdp_frame_buffer_commit (&half->buffer, length);
  half->last_read_time = g_get_monotonic_time ();
}

/* Reads from the stream until the next frame is all buffered. */
static gboolean
fill_frame (RdpReadHalf            *half,
            const RdpFrameMatcher  *matcher,
            RdpAction              *out_action,
            gsize                  *out_size,
            GCancellable           *cancellable,
            GError                **error)
{
  for (;;)
    {
      gsize wanted, space;
      guint8 *dest;
      gssize n;

      switch (find_frame (half, matcher, out_action, &wanted, error))
        {
        case STEP_FRAME:
          *out_size = wanted;
          return TRUE;
        case STEP_ERROR:
          return FALSE;
        case STEP_NEED_MORE:
        default:
          break;
        }

      dest = rdp_frame_buffer_prepare (&half->buffer, wanted, &space);
      n = g_input_stream_read (half->input, dest, space, cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          set_eof_error (half, error);
          return FALSE;
        }
      commit_read (half, n);
    }
}

GBytes *
rdp_read_half_read (RdpReadHalf            *half,
                    const RdpFrameMatcher  *matcher,
                    RdpAction              *out_action,
                    GCancellable           *cancellable,
                    GError                **error)
{
  RdpAction action = RDP_ACTION_X224;
  GBytes *frame = NULL;
  gsize size;

  if (!check_usable (half, cancellable, error))
    return NULL;

  /* The hot path: any PDU, already whole in the buffer. */
  if (matcher->kind == RDP_FRAME_MATCH_HINT && matcher->hint == RDP_PDU_HINT_ANY)
    {
      gsize have = rdp_frame_buffer_get_length (&half->buffer);
      gsize size = rdp_pdu_size_fast (rdp_frame_buffer_get_data (&half->buffer), have, &action);

      if (size > 0 && have >= size)
        {
          if (out_action != NULL)
            *out_action = action;
          return rdp_frame_buffer_take (&half->buffer, size);
        }
    }

  half->pending = TRUE;
  if (fill_frame (half, matcher, &action, &size, cancellable, error))
    frame = rdp_frame_buffer_take (&half->buffer, size);
  half->pending = FALSE;

  if (frame != NULL && out_action != NULL)
    *out_action = action;
  return frame;
}

guint
rdp_read_half_read_each (RdpReadHalf   *half,
                         RdpPduFunc     func,
                         gpointer       user_data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  static const RdpFrameMatcher any = RDP_FRAME_MATCHER_HINT (RDP_PDU_HINT_ANY);
  RdpAction action = RDP_ACTION_X224;
  guint count = 0;
  gsize size;

  if (!check_usable (half, cancellable, error))
    return 0;

  /* Pending while @func runs, so that it cannot read from the half under
   * the PDU it was given. */
  half->pending = TRUE;
  if (fill_frame (half, &any, &action, &size, cancellable, error))
    {
      for (;;)
        {
          gboolean more;
          gsize have;

          count++;
          more = func (rdp_frame_buffer_get_data (&half->buffer), size, action, user_data);
          rdp_frame_buffer_skip (&half->buffer, size);
          if (!more)
            break;
          have = rdp_frame_buffer_get_length (&half->buffer);
          size = rdp_pdu_size_fast (rdp_frame_buffer_get_data (&half->buffer), have, &action);
          if (size == 0 || size > have)
            break;
        }
    }
  half->pending = FALSE;
  return count;
}

typedef struct {
  RdpReadHalf *half;
  RdpFrameMatcher matcher;
  RdpAction action;
  gsize wanted;
  gboolean many;
  guint max_pdus;
  /* The caller's callback (the task calls read_op_done_cb() with the
   * caller's user_data): the read stays pending until it runs. */
  gboolean holds_pending;
  GAsyncReadyCallback callback;
} ReadOp;

static void
read_op_free (gpointer data)
{
  ReadOp *op = data;

  if (op->matcher.user_data_free)
    op->matcher.user_data_free (op->matcher.user_data);
  g_free (op);
}

static GPtrArray *
take_more_frames (RdpReadHalf *half,
                  GBytes      *first,
                  guint        max_pdus)
{
  gsize first_size = MAX (g_bytes_get_size (first), 1);
  guint guess = MIN (rdp_frame_buffer_get_length (&half->buffer) / first_size, 4096) + 1;
  GPtrArray *frames;

  /* Room for as many more frames as the buffer holds if they are like the
   * first, so that a burst of small ones does not grow the array step by
   * step. */
  if (max_pdus != 0)
    guess = MIN (guess, max_pdus);
  frames = g_ptr_array_new_full (guess, (GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (frames, first);
  while (max_pdus == 0 || frames->len < max_pdus)
    {
      gsize have = rdp_frame_buffer_get_length (&half->buffer);
      RdpAction action;
      gsize size;

      /* A malformed frame is left for the next read to report. */
      size = rdp_pdu_size_fast (rdp_frame_buffer_get_data (&half->buffer), have, &action);
      if (size == 0 || size > have)
        break;
      g_ptr_array_add (frames, rdp_frame_buffer_take (&half->buffer, size));
    }
  return frames;
}

static void read_op_read_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
read_op_continue (GTask *task)
{
  ReadOp *op = g_task_get_task_data (task);
  RdpReadHalf *half = op->half;
  GError *error = NULL;
  GBytes *frame = NULL;
  gsize space;
  guint8 *dest;

  switch (try_take_frame (half, &op->matcher, &op->action, &frame, &op->wanted, &error))
    {
    case STEP_FRAME:
      if (op->many)
        g_task_return_pointer (task, take_more_frames (half, frame, op->max_pdus),
                               (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_pointer (task, frame, (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;

    case STEP_ERROR:
      g_task_return_error (task, error);
      g_object_unref (task);
      return;

    case STEP_NEED_MORE:
    default:
      dest = rdp_frame_buffer_prepare (&half->buffer, op->wanted, &space);
      g_input_stream_read_async (half->input, dest, space,
                                 g_task_get_priority (task),
                                 g_task_get_cancellable (task),
                                 read_op_read_cb, task);
      return;
    }
}

static void
read_op_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  ReadOp *op = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n <= 0)
    {
      if (n == 0)
        set_eof_error (op->half, &error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  commit_read (op->half, n);
  read_op_continue (task);
}

/* Runs on the caller's context in place of its callback. The half stays
 * pending until here, not just until the task has its result (which reaches
 * the caller only on a later iteration), so that no other read can start,
 * and take the next frame, before the caller has this one; and it is free
 * again before the caller's callback may start the next read. */
static void
read_op_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReadOp *op = g_task_get_task_data (G_TASK (result));

  if (op->holds_pending)
    op->half->pending = FALSE;
  if (op->callback)
    op->callback (source, result, user_data);
}

static void
start_read_op (RdpReadHalf            *half,
               gpointer                source_object,
               gpointer                source_tag,
               GError                 *error,
               const RdpFrameMatcher  *matcher,
               gboolean                many,
               guint                   max_pdus,
               int                     io_priority,
               GCancellable           *cancellable,
               GAsyncReadyCallback     callback,
               gpointer                user_data)
{
  GTask *task;
  ReadOp *op;

  task = g_task_new (source_object, cancellable, read_op_done_cb, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_priority (task, io_priority);
  /* A frame the task returns is out of the buffer already: a cancellation
   * that comes after it must not turn it into an error, which would drop
   * it. Cancelling a read that waits on the stream still fails it (with
   * nothing taken), and so does starting one already cancelled. */
  g_task_set_check_cancellable (task, FALSE);

  op = g_new0 (ReadOp, 1);
  op->half = half;
  op->matcher = *matcher;
  op->many = many;
  op->max_pdus = max_pdus;
  op->callback = callback;
  g_task_set_task_data (task, op, read_op_free);

  if (error != NULL || !check_usable (half, cancellable, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  half->pending = TRUE;
  op->holds_pending = TRUE;
  read_op_continue (task);
}

void
rdp_read_half_read_async (RdpReadHalf            *half,
                          gpointer                source_object,
                          gpointer                source_tag,
                          GError                 *error,
                          const RdpFrameMatcher  *matcher,
                          int                     io_priority,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  start_read_op (half, source_object, source_tag, error, matcher, FALSE, 0,
                 io_priority, cancellable, callback, user_data);
}

GBytes *
rdp_read_half_read_finish (GAsyncResult  *result,
                           RdpAction     *out_action,
                           GError       **error)
{
  GTask *task = G_TASK (result);
  ReadOp *op = g_task_get_task_data (task);
  GBytes *frame;

  frame = g_task_propagate_pointer (task, error);
  if (frame != NULL && out_action != NULL)
    *out_action = op->action;
  return frame;
}

GPtrArray *
rdp_read_half_read_many (RdpReadHalf   *half,
                         guint          max_pdus,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RdpFrameMatcher any = RDP_FRAME_MATCHER_HINT (RDP_PDU_HINT_ANY);
  GBytes *first;

  first = rdp_read_half_read (half, &any, NULL, cancellable, error);
  if (first == NULL)
    return NULL;
  return take_more_frames (half, first, max_pdus);
}

void
rdp_read_half_read_many_async (RdpReadHalf         *half,
                               gpointer             source_object,
                               gpointer             source_tag,
                               GError              *error,
                               guint                max_pdus,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  RdpFrameMatcher any = RDP_FRAME_MATCHER_HINT (RDP_PDU_HINT_ANY);

  start_read_op (half, source_object, source_tag, error, &any, TRUE, max_pdus,
                 io_priority, cancellable, callback, user_data);
}

GPtrArray *
rdp_read_half_read_many_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
