/* rdp-session.c: the active stage of a connection, driven on a main context
 *
 * The driver: it reads PDUs from the RdpFramed, feeds them to the sans-I/O
 * RdpActiveStage (session/), writes what that answers, hands a Deactivate
 * All and what follows to the RdpConnector until the connection is active
 * again, and turns what changed into signals. It parses nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-session-private.h"
#include "rdp-active-stage-private.h"
#include "rdp-connection-result-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/**
 * RdpSession:
 *
 * The remote desktop of a connected [class@Client]: it reads what the
 * server sends, draws it into an [class@Framebuffer], follows the
 * server's pointer, and sends keyboard and mouse input.
 *
 * Get it with [method@Client.get_session] once the connection is active.
 * It works on the thread-default [struct@GLib.MainContext] of the thread
 * that got it, with no thread of its own: its signals are emitted there,
 * and its methods must be called there.
 *
 * A burst of updates costs one main-loop iteration: the session reads
 * every PDU that has arrived at once and emits
 * [signal@Session::framebuffer-updated] once for all of them, with the
 * rectangle that holds everything that changed.
 *
 * When the server resizes the desktop (a deactivation-reactivation
 * sequence), the session runs the capabilities exchange again on the same
 * connection and emits [signal@Session::desktop-resized]. When the
 * connection ends, it emits [signal@Session::closed] once, with the reason.
 *
 * Input methods never block and never fail: what they send is queued and
 * written in order; once the session is closed they do nothing.
 */

typedef enum {
  MODE_ACTIVE,
  MODE_REACTIVATING,
  MODE_CLOSED,
} Mode;

struct _RdpSession {
  GObject parent_instance;

  GMainContext *context;
  RdpFramed *framed;
  RdpConnector *connector;
  RdpActiveStage *stage;
  RdpFramebuffer *framebuffer;
  GCancellable *cancellable;     /* every read and write */
  Mode mode;
  gboolean reading;
  guint pending_writes;          /* written, not yet completed */
  gsize pending_bytes;
  gboolean disconnecting;        /* rdp_session_disconnect_async() runs */

  RdpPointerButtons buttons;
  guint pointer_x, pointer_y;

  GTask *disconnect_task;
};

G_DEFINE_FINAL_TYPE (RdpSession, rdp_session, G_TYPE_OBJECT)

enum {
  SIGNAL_FRAMEBUFFER_UPDATED,
  SIGNAL_POINTER_CHANGED,
  SIGNAL_POINTER_MOVED,
  SIGNAL_DESKTOP_RESIZED,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_read (RdpSession *self);

/* Backpressure: a server that sends without reading what the client
 * answers (frame acknowledgements) would grow the write queue without
 * bound; the session stops reading while this many writes are queued. */
#define MAX_PENDING_WRITES 64
/* Input beyond this many queued bytes is dropped (the server is not
 * reading, and old input is of no use later). */
#define MAX_PENDING_INPUT_BYTES (1024 * 1024)

static void
rdp_session_dispose (GObject *object)
{
  RdpSession *self = RDP_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->stage, rdp_active_stage_free);
  g_clear_object (&self->framed);
  g_clear_object (&self->connector);
  G_OBJECT_CLASS (rdp_session_parent_class)->dispose (object);
}

static void
rdp_session_finalize (GObject *object)
{
  RdpSession *self = RDP_SESSION (object);

  g_clear_object (&self->framebuffer);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (rdp_session_parent_class)->finalize (object);
}

static void
rdp_session_class_init (RdpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rdp_session_dispose;
  object_class->finalize = rdp_session_finalize;

  /**
   * RdpSession::framebuffer-updated:
   * @self: the session
   * @x: the left edge of what changed
   * @y: the top edge of what changed
   * @width: the width of what changed
   * @height: the height of what changed
   *
   * Emitted when the server drew into the framebuffer: once per batch of
   * PDUs read together, with the rectangle that holds all they changed.
   */
  signals[SIGNAL_FRAMEBUFFER_UPDATED] =
    g_signal_new ("framebuffer-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * RdpSession::pointer-changed:
   * @self: the session
   *
   * Emitted when the server changed the pointer's image or hid or showed
   * it: see [method@Session.get_pointer_shape] and
   * [method@Session.get_pointer_visible].
   */
  signals[SIGNAL_POINTER_CHANGED] =
    g_signal_new ("pointer-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RdpSession::pointer-moved:
   * @self: the session
   * @x: the pointer's new column on the desktop
   * @y: the pointer's new row on the desktop
   *
   * Emitted when the server moved the pointer (a program on the remote
   * desktop warped it, for instance).
   */
  signals[SIGNAL_POINTER_MOVED] =
    g_signal_new ("pointer-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * RdpSession::desktop-resized:
   * @self: the session
   * @width: the new width of the desktop
   * @height: the new height of the desktop
   *
   * Emitted when the server changed the size of the desktop; the
   * framebuffer has the new size (and is black until the server draws it).
   */
  signals[SIGNAL_DESKTOP_RESIZED] =
    g_signal_new ("desktop-resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * RdpSession::closed:
   * @self: the session
   * @reason: (nullable): why the session ended, or %NULL when the client
   *   asked for it ([method@Session.disconnect_async])
   *
   * Emitted once when the session ends. The reason is a translated error
   * for the user: %RDP_ERROR_DISCONNECTED with what the server said (its
   * Set Error Info code, such as "Another user connected to the session",
   * or its Disconnect Provider Ultimatum), a %G_IO_ERROR when the
   * connection broke, %RDP_ERROR_INVALID_DATA when the server sent
   * something malformed.
   */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
rdp_session_init (RdpSession *self)
{
  self->cancellable = g_cancellable_new ();
}

RdpSession *
rdp_session_new (RdpFramed           *framed,
                 RdpConnector        *connector,
                 RdpConnectionResult *result,
                 GError             **error)
{
  g_autoptr(RdpSession) self = g_object_new (RDP_TYPE_SESSION, NULL);

  self->framebuffer = rdp_framebuffer_new (result->desktop_width, result->desktop_height, error);
  if (self->framebuffer == NULL)
    return NULL;
  self->stage = rdp_active_stage_new (result, self->framebuffer, error);
  if (self->stage == NULL)
    return NULL;
  self->context = g_main_context_ref_thread_default ();
  self->framed = g_object_ref (framed);
  self->connector = g_object_ref (connector);
  self->mode = MODE_ACTIVE;
  start_read (self);
  return g_steal_pointer (&self);
}

/* ---- ending ---- */

static void
close_with (RdpSession *self,
            GError     *reason)
{
  if (self->mode == MODE_CLOSED || (self->disconnecting && reason != NULL))
    {
      g_clear_error (&reason);
      return;
    }
  self->mode = MODE_CLOSED;
  g_cancellable_cancel (self->cancellable);
  if (self->stage != NULL)
    rdp_active_stage_log_stats (self->stage);
  if (reason != NULL)
    g_debug ("session: closed: %s", reason->message);
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, reason);
  g_clear_error (&reason);
  g_object_unref (self);
}

/* ---- writing ---- */

typedef struct {
  RdpSession *self;
  gsize size;
} WriteOp;

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  WriteOp *op = user_data;
  g_autoptr(RdpSession) self = op->self;
  GError *error = NULL;

  self->pending_writes--;
  self->pending_bytes -= MIN (op->size, self->pending_bytes);
  g_free (op);
  if (!rdp_framed_write_all_finish (RDP_FRAMED (source), result, &error))
    {
      if (self->mode != MODE_CLOSED)
        close_with (self, error);
      else
        g_clear_error (&error);
      return;
    }
  if (self->mode != MODE_CLOSED && self->pending_writes < MAX_PENDING_WRITES)
    start_read (self);
}

static void
send_frame (RdpSession *self,
            GBytes     *frame)
{
  WriteOp *op;

  if (frame == NULL || self->mode == MODE_CLOSED || self->disconnecting || self->framed == NULL)
    return;
  op = g_new0 (WriteOp, 1);
  op->self = g_object_ref (self);
  op->size = g_bytes_get_size (frame);
  self->pending_writes++;
  self->pending_bytes += op->size;
  rdp_framed_write_all_async (self->framed, frame, G_PRIORITY_DEFAULT, self->cancellable,
                              write_cb, op);
}

static void
send_responses (RdpSession *self,
                GPtrArray  *responses)
{
  for (guint i = 0; i < responses->len; i++)
    send_frame (self, g_ptr_array_index (responses, i));
  g_ptr_array_set_size (responses, 0);
}

/* ---- reading ---- */

static void
emit_changes (RdpSession *self)
{
  RdpRect damage;
  RdpActiveStageChanges changes;

  if (self->stage == NULL)
    return;
  changes = rdp_active_stage_take_changes (self->stage);
  if (rdp_framebuffer_take_damage (self->framebuffer, &damage))
    g_signal_emit (self, signals[SIGNAL_FRAMEBUFFER_UPDATED], 0,
                   damage.x, damage.y, damage.width, damage.height);
  if (self->mode == MODE_CLOSED)
    return;
  if (changes & RDP_ACTIVE_STAGE_POINTER_CHANGED)
    g_signal_emit (self, signals[SIGNAL_POINTER_CHANGED], 0);
  if (self->mode != MODE_CLOSED && (changes & RDP_ACTIVE_STAGE_POINTER_MOVED))
    {
      guint x, y;

      rdp_active_stage_get_pointer_position (self->stage, &x, &y);
      g_signal_emit (self, signals[SIGNAL_POINTER_MOVED], 0, x, y);
    }
}

/* A PDU of the deactivation-reactivation sequence, for the connector. */
static gboolean
reactivation_step (RdpSession *self,
                   GBytes     *pdu,
                   GPtrArray  *responses,
                   GError    **error)
{
  g_autoptr(GBytes) output = NULL;
  RdpConnectionResult *result;
  RdpActiveStage *stage;
  guint old_width, old_height;

  GError *local_error = NULL;

  output = rdp_connector_step (self->connector, pdu, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (output != NULL && g_bytes_get_size (output) > 0)
    g_ptr_array_add (responses, g_steal_pointer (&output));
  if (rdp_connector_get_state (self->connector) != RDP_CONNECTOR_STATE_CONNECTED)
    return TRUE;

  /* active again, maybe with another desktop size */
  result = rdp_connector_get_result (self->connector);
  old_width = rdp_framebuffer_get_width (self->framebuffer);
  old_height = rdp_framebuffer_get_height (self->framebuffer);
  stage = rdp_active_stage_new (result, self->framebuffer, error);
  if (stage == NULL)
    return FALSE;
  rdp_active_stage_free (self->stage);
  self->stage = stage;
  self->mode = MODE_ACTIVE;
  g_debug ("session: reactivated, %u × %u", result->desktop_width, result->desktop_height);
  if (old_width != result->desktop_width || old_height != result->desktop_height)
    g_signal_emit (self, signals[SIGNAL_DESKTOP_RESIZED], 0,
                   result->desktop_width, result->desktop_height);
  return TRUE;
}

/* Processes one PDU; FALSE when the session is over (closed). */
static gboolean
process_pdu (RdpSession *self,
             GBytes     *pdu,
             GPtrArray  *responses)
{
  GError *error = NULL;

  switch (self->mode)
    {
    case MODE_ACTIVE:
      switch (rdp_active_stage_process (self->stage, pdu, responses, &error))
        {
        case RDP_ACTIVE_STAGE_CONTINUE:
          return TRUE;
        case RDP_ACTIVE_STAGE_DEACTIVATE_ALL:
          if (!rdp_connector_handle_deactivate_all (self->connector, pdu, &error))
            {
              if (error == NULL)
                error = g_error_new_literal (RDP_ERROR, RDP_ERROR_INVALID_DATA,
                                             _("The connection could not be reactivated"));
              break;
            }
          g_debug ("session: Deactivate All, reactivating");
          self->mode = MODE_REACTIVATING;
          return TRUE;
        case RDP_ACTIVE_STAGE_TERMINATE:
          break;
        }
      break;

    case MODE_REACTIVATING:
      /* updates the server still sends for the old desktop (xrdp does)
       * are of no use: the new one starts black and gets drawn anew */
      if (g_bytes_get_size (pdu) > 0 && (((const guint8 *) g_bytes_get_data (pdu, NULL))[0] & 0x3) == 0)
        {
          g_debug ("session: dropping a fast-path PDU while reactivating");
          return TRUE;
        }
      if (reactivation_step (self, pdu, responses, &error))
        return TRUE;
      break;

    case MODE_CLOSED:
      return FALSE;
    }

  /* what went out before the end still goes (a frame acknowledgement) */
  send_responses (self, responses);
  emit_changes (self);
  close_with (self, error);
  return FALSE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RdpSession) self = user_data;
  g_autoptr(GPtrArray) pdus = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  GError *error = NULL;

  self->reading = FALSE;
  pdus = rdp_framed_read_pdus_finish (RDP_FRAMED (source), result, &error);
  if (self->mode == MODE_CLOSED)
    {
      g_clear_error (&error);
      return;
    }
  if (pdus == NULL)
    {
      GError *reason;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
        {
          /* the server said why before it went, perhaps */
          reason = self->stage ? rdp_active_stage_close_reason (self->stage, error) : g_error_copy (error);
          g_clear_error (&error);
        }
      else
        reason = error;
      close_with (self, reason);
      return;
    }

  responses = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < pdus->len; i++)
    if (!process_pdu (self, g_ptr_array_index (pdus, i), responses))
      return;
  send_responses (self, responses);
  emit_changes (self);
  if (self->mode != MODE_CLOSED)
    start_read (self);
}

static void
start_read (RdpSession *self)
{
  if (self->reading || self->mode == MODE_CLOSED || self->disconnecting)
    return;
  if (self->pending_writes >= MAX_PENDING_WRITES)
    {
      /* write_cb starts reading again */
      g_debug ("session: %u writes queued, reading waits", self->pending_writes);
      return;
    }
  self->reading = TRUE;
  rdp_framed_read_pdus_async (self->framed, 0, G_PRIORITY_DEFAULT, self->cancellable,
                              read_cb, g_object_ref (self));
}

/* ---- accessors ---- */

/**
 * rdp_session_get_framebuffer:
 * @self: a session
 *
 * Gets the framebuffer the session draws the remote desktop into. It is
 * the same object for the whole session, resized when the desktop is.
 *
 * Returns: (transfer none): the framebuffer
 */
RdpFramebuffer *
rdp_session_get_framebuffer (RdpSession *self)
{
  g_return_val_if_fail (RDP_IS_SESSION (self), NULL);
  return self->framebuffer;
}

/**
 * rdp_session_get_pointer_shape:
 * @self: a session
 *
 * Gets the image of the pointer that the server wants shown over its
 * desktop.
 *
 * Returns: (transfer none) (nullable): the pointer's image, or %NULL for
 *   the system's default pointer
 */
RdpPointerShape *
rdp_session_get_pointer_shape (RdpSession *self)
{
  g_return_val_if_fail (RDP_IS_SESSION (self), NULL);
  return self->stage ? rdp_active_stage_get_pointer_shape (self->stage) : NULL;
}

/**
 * rdp_session_get_pointer_visible:
 * @self: a session
 *
 * Gets whether the server wants the pointer shown at all.
 *
 * Returns: %FALSE when the server hid the pointer
 */
gboolean
rdp_session_get_pointer_visible (RdpSession *self)
{
  g_return_val_if_fail (RDP_IS_SESSION (self), TRUE);
  return self->stage ? rdp_active_stage_get_pointer_visible (self->stage) : TRUE;
}

/**
 * rdp_session_is_closed:
 * @self: a session
 *
 * Gets whether the session has ended ([signal@Session::closed] was
 * emitted).
 *
 * Returns: %TRUE once the session has ended
 */
gboolean
rdp_session_is_closed (RdpSession *self)
{
  g_return_val_if_fail (RDP_IS_SESSION (self), TRUE);
  return self->mode == MODE_CLOSED;
}

/* ---- input ---- */

static void
send_events (RdpSession          *self,
             const RdpInputEvent *events,
             guint                n_events)
{
  g_autoptr(GBytes) frame = NULL;

  /* no input while the connection is being reactivated: the server
   * discards it there */
  if (n_events == 0 || self->mode != MODE_ACTIVE)
    return;
  if (self->pending_bytes > MAX_PENDING_INPUT_BYTES)
    {
      g_debug ("session: the server reads no input, dropping %u events", n_events);
      return;
    }
  frame = rdp_active_stage_encode_input (self->stage, events, n_events);
  send_frame (self, frame);
}

static void
clamp_position (RdpSession *self,
                guint      *x,
                guint      *y)
{
  *x = MIN (*x, rdp_framebuffer_get_width (self->framebuffer) - 1);
  *y = MIN (*y, rdp_framebuffer_get_height (self->framebuffer) - 1);
}

/**
 * rdp_session_send_pointer:
 * @self: a session
 * @x: the pointer's column on the remote desktop
 * @y: the pointer's row on the remote desktop
 * @buttons: the buttons that are down now
 *
 * Moves the remote pointer to (@x, @y) (clamped to the desktop) and
 * presses or releases every button whose state differs from the last
 * call's @buttons, there.
 */
void
rdp_session_send_pointer (RdpSession        *self,
                          guint              x,
                          guint              y,
                          RdpPointerButtons  buttons)
{
  static const struct {
    RdpPointerButtons button;
    gboolean extended;
    guint16 flag;
  } map[] = {
    { RDP_POINTER_BUTTON_LEFT, FALSE, RDP_INPUT_PTRFLAGS_BUTTON1 },
    { RDP_POINTER_BUTTON_RIGHT, FALSE, RDP_INPUT_PTRFLAGS_BUTTON2 },
    { RDP_POINTER_BUTTON_MIDDLE, FALSE, RDP_INPUT_PTRFLAGS_BUTTON3 },
    { RDP_POINTER_BUTTON_X1, TRUE, RDP_INPUT_PTRXFLAGS_BUTTON1 },
    { RDP_POINTER_BUTTON_X2, TRUE, RDP_INPUT_PTRXFLAGS_BUTTON2 },
  };
  RdpInputEvent events[1 + G_N_ELEMENTS (map)];
  guint n = 0;
  RdpPointerButtons changed;

  g_return_if_fail (RDP_IS_SESSION (self));

  if (self->mode != MODE_ACTIVE)
    return;
  clamp_position (self, &x, &y);
  changed = buttons ^ self->buttons;
  if (x != self->pointer_x || y != self->pointer_y || changed == 0)
    rdp_input_event_init_mouse (&events[n++], RDP_INPUT_PTRFLAGS_MOVE, x, y);
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    {
      gboolean down = (buttons & map[i].button) != 0;

      if (!(changed & map[i].button))
        continue;
      if (map[i].extended)
        {
          events[n] = (RdpInputEvent) {
            .type = RDP_INPUT_EVENT_MOUSE_EXTENDED,
            .flags = map[i].flag | (down ? RDP_INPUT_PTRXFLAGS_DOWN : 0),
            .x = x, .y = y,
          };
          n++;
        }
      else
        rdp_input_event_init_mouse (&events[n++], map[i].flag | (down ? RDP_INPUT_PTRFLAGS_DOWN : 0), x, y);
    }
  self->pointer_x = x;
  self->pointer_y = y;
  self->buttons = buttons;
  send_events (self, events, n);
}

/**
 * rdp_session_send_wheel:
 * @self: a session
 * @delta: how far the wheel turned: 120 is one notch, positive away from
 *   the user (scrolling up) or, with @horizontal, to the right
 * @horizontal: whether it is the horizontal wheel
 *
 * Turns the remote mouse wheel at the pointer's position. Large turns go
 * out as several events.
 */
void
rdp_session_send_wheel (RdpSession *self,
                        gint        delta,
                        gboolean    horizontal)
{
  RdpInputEvent events[16];
  guint n = 0;

  g_return_if_fail (RDP_IS_SESSION (self));

  while (delta != 0 && n < G_N_ELEMENTS (events))
    {
      gint step = CLAMP (delta, -255, 255);

      rdp_input_event_init_wheel (&events[n++], horizontal, step, self->pointer_x, self->pointer_y);
      delta -= step;
    }
  send_events (self, events, n);
}

/**
 * rdp_session_send_scancode:
 * @self: a session
 * @scancode: a set-1 scancode; an extended key as `0xE0nn` (the arrows,
 *   Insert, Delete, right Ctrl and Alt…), Pause as `0xE11D`
 * @pressed: %TRUE for a key press, %FALSE for its release
 *
 * Presses or releases a key of the remote keyboard. The server maps the
 * scancode with the keyboard layout the connection announced
 * ([property@Settings:keyboard-layout]).
 */
void
rdp_session_send_scancode (RdpSession *self,
                           guint       scancode,
                           gboolean    pressed)
{
  RdpInputEvent event;

  g_return_if_fail (RDP_IS_SESSION (self));

  rdp_input_event_init_scancode (&event, scancode, pressed);
  send_events (self, &event, 1);
}

/**
 * rdp_session_send_unicode:
 * @self: a session
 * @character: a Unicode character
 * @pressed: %TRUE for a key press, %FALSE for its release
 *
 * Types a character whatever the keyboard layout (a Unicode keyboard
 * event; characters beyond the Basic Multilingual Plane go as their two
 * UTF-16 halves). Servers without Unicode input ignore it.
 */
void
rdp_session_send_unicode (RdpSession *self,
                          gunichar    character,
                          gboolean    pressed)
{
  RdpInputEvent events[2];
  guint n;

  g_return_if_fail (RDP_IS_SESSION (self));

  n = rdp_input_events_init_unicode (events, character, pressed);
  send_events (self, events, n);
}

/**
 * rdp_session_send_lock_keys:
 * @self: a session
 * @keys: the lock keys that are on
 *
 * Tells the server which toggle keys (Caps Lock, Num Lock…) are on, as a
 * client does when it gets the keyboard focus, so that the remote
 * keyboard's state matches the local one.
 */
void
rdp_session_send_lock_keys (RdpSession  *self,
                            RdpLockKeys  keys)
{
  RdpInputEvent event;

  g_return_if_fail (RDP_IS_SESSION (self));

  rdp_input_event_init_sync (&event, keys & 0x0f);
  send_events (self, &event, 1);
}

/**
 * rdp_session_refresh:
 * @self: a session
 * @x: the left edge of the area
 * @y: the top edge of the area
 * @width: the width of the area
 * @height: the height of the area
 *
 * Asks the server to draw an area of the desktop again (a Refresh Rect
 * PDU).
 */
void
rdp_session_refresh (RdpSession *self,
                     guint       x,
                     guint       y,
                     guint       width,
                     guint       height)
{
  RdpRect rect = { x, y, width, height };
  g_autoptr(GBytes) frame = NULL;

  g_return_if_fail (RDP_IS_SESSION (self));

  if (self->mode != MODE_ACTIVE || !rdp_framebuffer_clip (self->framebuffer, &rect))
    return;
  frame = rdp_active_stage_encode_refresh_rect (self->stage, &rect);
  send_frame (self, frame);
}

/**
 * rdp_session_set_output_suppressed:
 * @self: a session
 * @suppressed: whether the server should stop drawing
 *
 * Asks the server to stop sending updates (while the window is minimized,
 * for instance) or to start again, when the server supports it (a
 * Suppress Output PDU); when it does not, nothing happens.
 */
void
rdp_session_set_output_suppressed (RdpSession *self,
                                   gboolean    suppressed)
{
  g_autoptr(GBytes) frame = NULL;

  g_return_if_fail (RDP_IS_SESSION (self));

  if (self->mode != MODE_ACTIVE)
    return;
  frame = rdp_active_stage_encode_suppress_output (self->stage, suppressed);
  send_frame (self, frame);
}

/* ---- disconnecting ---- */

static void
disconnect_closed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdpSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  /* the stream is closed whatever close says */
  if (!g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_debug ("session: closing the stream: %s", error->message);
  g_clear_error (&error);
  close_with (self, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
disconnect_written_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  /* a server that went first makes this fail: closing goes on */
  if (!rdp_framed_write_all_finish (RDP_FRAMED (source), result, &error))
    g_debug ("session: sending the Disconnect Provider Ultimatum: %s", error->message);
  g_clear_error (&error);
  g_io_stream_close_async (rdp_framed_get_stream (RDP_FRAMED (source)), G_PRIORITY_DEFAULT,
                           cancellable, disconnect_closed_cb, task);
}

/**
 * rdp_session_disconnect_async:
 * @self: a session
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the session is closed
 * @user_data: data for @callback
 *
 * Ends the session gracefully: sends the MCS Disconnect Provider
 * Ultimatum (user requested) that a leaving client sends, closes the
 * connection, and emits [signal@Session::closed] with a %NULL reason. The
 * remote session stays for a later reconnection, as when a client window
 * is closed.
 *
 * Cancelling it closes the connection at once.
 */
void
rdp_session_disconnect_async (RdpSession          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) ultimatum = NULL;
  RdpFramed *framed;

  g_return_if_fail (RDP_IS_SESSION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_session_disconnect_async);

  if (self->mode == MODE_CLOSED || self->framed == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  framed = g_object_ref (self->framed);
  ultimatum = self->stage ? rdp_active_stage_encode_disconnect (self->stage) : NULL;
  /* stop reading (and any queued write) first: what comes now is of no
   * interest */
  self->disconnecting = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (ultimatum != NULL)
    rdp_framed_write_all_async (framed, ultimatum, G_PRIORITY_DEFAULT, cancellable,
                                disconnect_written_cb, g_steal_pointer (&task));
  else
    g_io_stream_close_async (rdp_framed_get_stream (framed), G_PRIORITY_DEFAULT, cancellable,
                             disconnect_closed_cb, g_steal_pointer (&task));
  g_object_unref (framed);
}

/**
 * rdp_session_disconnect_finish:
 * @self: a session
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Session.disconnect_async].
 *
 * Returns: %TRUE when the session is closed
 */
gboolean
rdp_session_disconnect_finish (RdpSession    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (RDP_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_session_disconnect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
