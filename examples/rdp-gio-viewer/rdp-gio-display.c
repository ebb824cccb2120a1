/* rdp-gio-display.c: a GTK 4 widget that shows an RdpSession and drives it
 *
 * - The desktop: each batch of updates (RdpSession::framebuffer-updated)
 *   marks the picture stale and queues a redraw; the next snapshot makes
 *   one GdkMemoryTexture of the framebuffer, so there is at most one per
 *   frame of the display, however many updates came. (GTK 4.8 has no way to
 *   update part of a texture; a texture is one copy of the framebuffer,
 *   which the GPU — or cairo — then scales at no further cost.)
 * - It scales the desktop to the widget keeping its aspect ratio, black
 *   bars around, and maps pointer positions back to the desktop.
 * - The keyboard: GDK's hardware key code minus 8 is the Linux evdev code
 *   on X11 and Wayland; rdp_gio_evdev_to_scancode() turns it into a set-1
 *   scancode, which the server maps with its own keyboard layout. The lock
 *   keys' state goes to the server when the widget gets the focus.
 * - The remote pointer is the widget's cursor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-gio-display.h"

struct _RdpGioDisplay {
  GtkWidget parent_instance;

  RdpSession *session;
  gulong handlers[3];
  GdkTexture *texture;
  gboolean stale;
  RdpPointerButtons buttons;
  double scroll_x, scroll_y;     /* smooth scrolling, in notches */
};

G_DEFINE_FINAL_TYPE (RdpGioDisplay, rdp_gio_display, GTK_TYPE_WIDGET)

/* evdev KEY_* codes 1 to 88 are the set-1 scancodes themselves; these are
 * the others */
static const struct {
  guint evdev;
  guint scancode;
} extended_keys[] = {
  { 96, 0xe01c },    /* KP Enter */
  { 97, 0xe01d },    /* right Ctrl */
  { 98, 0xe035 },    /* KP / */
  { 99, 0xe037 },    /* SysRq / Print Screen */
  { 100, 0xe038 },   /* right Alt (AltGr) */
  { 102, 0xe047 },   /* Home */
  { 103, 0xe048 },   /* Up */
  { 104, 0xe049 },   /* Page Up */
  { 105, 0xe04b },   /* Left */
  { 106, 0xe04d },   /* Right */
  { 107, 0xe04f },   /* End */
  { 108, 0xe050 },   /* Down */
  { 109, 0xe051 },   /* Page Down */
  { 110, 0xe052 },   /* Insert */
  { 111, 0xe053 },   /* Delete */
  { 119, 0xe11d },   /* Pause */
  { 125, 0xe05b },   /* left Super */
  { 126, 0xe05c },   /* right Super */
  { 127, 0xe05d },   /* Menu */
  { 86, 0x56 },      /* the 102nd key (< > |) */
  { 87, 0x57 },      /* F11 */
  { 88, 0x58 },      /* F12 */
};

guint
rdp_gio_evdev_to_scancode (guint evdev)
{
  for (guint i = 0; i < G_N_ELEMENTS (extended_keys); i++)
    if (extended_keys[i].evdev == evdev)
      return extended_keys[i].scancode;
  if (evdev >= 1 && evdev <= 83)
    return evdev;
  return 0;
}

/* ---- drawing ---- */

static void
desktop_size (RdpGioDisplay *self,
              int           *width,
              int           *height)
{
  RdpFramebuffer *fb = self->session ? rdp_session_get_framebuffer (self->session) : NULL;

  *width = fb ? (int) rdp_framebuffer_get_width (fb) : 0;
  *height = fb ? (int) rdp_framebuffer_get_height (fb) : 0;
}

/* Where the desktop is drawn in the widget: scale and offset. */
static gboolean
placement (RdpGioDisplay *self,
           double        *scale,
           double        *x0,
           double        *y0)
{
  int dw, dh;
  int ww = gtk_widget_get_width (GTK_WIDGET (self));
  int wh = gtk_widget_get_height (GTK_WIDGET (self));

  desktop_size (self, &dw, &dh);
  if (dw == 0 || dh == 0 || ww == 0 || wh == 0)
    return FALSE;
  *scale = MIN ((double) ww / dw, (double) wh / dh);
  *x0 = (ww - dw * *scale) / 2;
  *y0 = (wh - dh * *scale) / 2;
  return TRUE;
}

static void
rdp_gio_display_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  RdpGioDisplay *self = RDP_GIO_DISPLAY (widget);
  GdkRGBA black = { 0, 0, 0, 1 };
  double scale, x0, y0;
  int dw, dh;

  gtk_snapshot_append_color (snapshot, &black,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  if (!placement (self, &scale, &x0, &y0))
    return;
  desktop_size (self, &dw, &dh);
  if (self->stale || self->texture == NULL)
    {
      RdpFramebuffer *fb = rdp_session_get_framebuffer (self->session);
      g_autoptr(GBytes) pixels = rdp_framebuffer_get_pixels (fb);

      g_clear_object (&self->texture);
      self->texture = gdk_memory_texture_new (dw, dh,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                              GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                              GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                              pixels, rdp_framebuffer_get_stride (fb));
      self->stale = FALSE;
    }
  /* at scale 1 on whole pixels: the desktop exactly */
  if (scale == 1.0)
    gtk_snapshot_append_texture (snapshot, self->texture,
                                 &GRAPHENE_RECT_INIT ((int) x0, (int) y0, dw, dh));
  else
    gtk_snapshot_append_texture (snapshot, self->texture,
                                 &GRAPHENE_RECT_INIT (x0, y0, dw * scale, dh * scale));
}

static void
rdp_gio_display_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  int dw, dh;

  desktop_size (RDP_GIO_DISPLAY (widget), &dw, &dh);
  *minimum = 1;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? MAX (dw, 1) : MAX (dh, 1);
}

static void
updated_cb (RdpSession    *session,
            guint          x,
            guint          y,
            guint          width,
            guint          height,
            RdpGioDisplay *self)
{
  self->stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
resized_cb (RdpSession    *session,
            guint          width,
            guint          height,
            RdpGioDisplay *self)
{
  self->stale = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
pointer_changed_cb (RdpSession    *session,
                    RdpGioDisplay *self)
{
  RdpPointerShape *shape = rdp_session_get_pointer_shape (session);
  g_autoptr(GdkCursor) cursor = NULL;

  if (!rdp_session_get_pointer_visible (session))
    cursor = gdk_cursor_new_from_name ("none", NULL);
  else if (shape != NULL)
    {
      g_autoptr(GBytes) pixels = rdp_pointer_shape_get_pixels (shape);
      guint w = rdp_pointer_shape_get_width (shape);
      g_autoptr(GdkTexture) texture =
        gdk_memory_texture_new (w, rdp_pointer_shape_get_height (shape),
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                pixels, (gsize) w * 4);

      cursor = gdk_cursor_new_from_texture (texture, rdp_pointer_shape_get_hotspot_x (shape),
                                            rdp_pointer_shape_get_hotspot_y (shape), NULL);
    }
  gtk_widget_set_cursor (GTK_WIDGET (self), cursor);
}

/* ---- input ---- */

static gboolean
to_desktop (RdpGioDisplay *self,
            double         wx,
            double         wy,
            guint         *x,
            guint         *y)
{
  double scale, x0, y0;
  int dw, dh;

  if (self->session == NULL || !placement (self, &scale, &x0, &y0))
    return FALSE;
  desktop_size (self, &dw, &dh);
  *x = (guint) CLAMP ((wx - x0) / scale, 0, dw - 1);
  *y = (guint) CLAMP ((wy - y0) / scale, 0, dh - 1);
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    wx,
           double                    wy,
           RdpGioDisplay            *self)
{
  guint x, y;

  if (to_desktop (self, wx, wy, &x, &y))
    rdp_session_send_pointer (self->session, x, y, self->buttons);
}

static RdpPointerButtons
button_of (guint button)
{
  switch (button)
    {
    case GDK_BUTTON_PRIMARY: return RDP_POINTER_BUTTON_LEFT;
    case GDK_BUTTON_MIDDLE: return RDP_POINTER_BUTTON_MIDDLE;
    case GDK_BUTTON_SECONDARY: return RDP_POINTER_BUTTON_RIGHT;
    case 8: return RDP_POINTER_BUTTON_X1;
    case 9: return RDP_POINTER_BUTTON_X2;
    default: return RDP_POINTER_BUTTON_NONE;
    }
}

static void
button_cb (GtkGestureClick *gesture,
           int              n_press,
           double           wx,
           double           wy,
           RdpGioDisplay   *self,
           gboolean         pressed)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  guint x, y;

  if (pressed)
    {
      self->buttons |= button_of (button);
      gtk_widget_grab_focus (GTK_WIDGET (self));
    }
  else
    self->buttons &= ~button_of (button);
  if (to_desktop (self, wx, wy, &x, &y))
    rdp_session_send_pointer (self->session, x, y, self->buttons);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           wx,
            double           wy,
            RdpGioDisplay   *self)
{
  button_cb (gesture, n_press, wx, wy, self, TRUE);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           wx,
             double           wy,
             RdpGioDisplay   *self)
{
  button_cb (gesture, n_press, wx, wy, self, FALSE);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           RdpGioDisplay            *self)
{
  if (self->session == NULL)
    return FALSE;
  /* GDK: positive dy scrolls down; RDP: positive turns away from the user */
  self->scroll_x += dx;
  self->scroll_y += dy;
  if ((int) (self->scroll_y * 120) != 0)
    {
      rdp_session_send_wheel (self->session, (int) (-self->scroll_y * 120), FALSE);
      self->scroll_y = 0;
    }
  if ((int) (self->scroll_x * 120) != 0)
    {
      rdp_session_send_wheel (self->session, (int) (self->scroll_x * 120), TRUE);
      self->scroll_x = 0;
    }
  return TRUE;
}

static gboolean
key_cb (RdpGioDisplay *self,
        guint          keycode,
        gboolean       pressed)
{
  guint scancode = keycode >= 8 ? rdp_gio_evdev_to_scancode (keycode - 8) : 0;

  if (self->session == NULL || scancode == 0)
    return FALSE;
  rdp_session_send_scancode (self->session, scancode, pressed);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RdpGioDisplay         *self)
{
  return key_cb (self, keycode, TRUE);
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 RdpGioDisplay         *self)
{
  key_cb (self, keycode, FALSE);
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                RdpGioDisplay           *self)
{
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (GTK_WIDGET (self)));
  GdkDevice *keyboard = seat ? gdk_seat_get_keyboard (seat) : NULL;
  RdpLockKeys keys = RDP_LOCK_KEYS_NONE;

  if (self->session == NULL || keyboard == NULL)
    return;
  if (gdk_device_get_caps_lock_state (keyboard))
    keys |= RDP_LOCK_KEYS_CAPS;
  if (gdk_device_get_num_lock_state (keyboard))
    keys |= RDP_LOCK_KEYS_NUM;
  if (gdk_device_get_scroll_lock_state (keyboard))
    keys |= RDP_LOCK_KEYS_SCROLL;
  rdp_session_send_lock_keys (self->session, keys);
}

/* ---- the object ---- */

static void
disconnect_session (RdpGioDisplay *self)
{
  if (self->session == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->handlers); i++)
    g_clear_signal_handler (&self->handlers[i], self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->texture);
}

void
rdp_gio_display_set_session (RdpGioDisplay *self,
                             RdpSession    *session)
{
  g_return_if_fail (RDP_GIO_IS_DISPLAY (self));

  disconnect_session (self);
  if (session == NULL)
    return;
  self->session = g_object_ref (session);
  self->handlers[0] = g_signal_connect (session, "framebuffer-updated", G_CALLBACK (updated_cb), self);
  self->handlers[1] = g_signal_connect (session, "desktop-resized", G_CALLBACK (resized_cb), self);
  self->handlers[2] = g_signal_connect (session, "pointer-changed", G_CALLBACK (pointer_changed_cb), self);
  self->stale = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

RdpSession *
rdp_gio_display_get_session (RdpGioDisplay *self)
{
  return self->session;
}

static void
rdp_gio_display_dispose (GObject *object)
{
  disconnect_session (RDP_GIO_DISPLAY (object));
  G_OBJECT_CLASS (rdp_gio_display_parent_class)->dispose (object);
}

static void
rdp_gio_display_class_init (RdpGioDisplayClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rdp_gio_display_dispose;
  widget_class->snapshot = rdp_gio_display_snapshot;
  widget_class->measure = rdp_gio_display_measure;
}

static void
rdp_gio_display_init (RdpGioDisplay *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (widget, motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);   /* every button */
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, scroll);

  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (key, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, key);

  g_signal_connect (focus, "enter", G_CALLBACK (focus_enter_cb), self);
  gtk_widget_add_controller (widget, focus);
}

GtkWidget *
rdp_gio_display_new (void)
{
  return g_object_new (RDP_GIO_TYPE_DISPLAY, NULL);
}
