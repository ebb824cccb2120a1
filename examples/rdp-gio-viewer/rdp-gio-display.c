/* rdp-gio-display.c: a GTK 4 widget that shows and drives an RdpSession
 *
 * RdpGioDisplay is the remote desktop as a widget, meant to be copied into
 * an application (two files, GTK >= 4.8 and rdp-gio). Give it the session
 * of a connected RdpClient:
 *
 *   display = rdp_gio_display_new ();
 *   rdp_gio_display_set_session (RDP_GIO_DISPLAY (display),
 *                                rdp_client_get_session (client));
 *
 * What it does:
 *
 * - Pixels. It shows the session's framebuffer scaled to its allocation,
 *   keeping the aspect ratio (black bars around it), as one GdkTexture.
 *   GTK 4.8 has no way to update part of a texture, so the texture is a
 *   GdkMemoryTexture made from a copy of the whole framebuffer; it is
 *   rebuilt at most once per frame: "framebuffer-updated" only marks it
 *   stale and queues a redraw, and the snapshot (which GTK runs once per
 *   frame clock tick) makes the new one. Why not a cairo image surface
 *   updated in the damaged rectangle only and drawn with
 *   gtk_snapshot_append_cairo()? Because the default (GL/NGL) renderers
 *   rasterize a cairo node on the CPU into a new surface of the widget's
 *   size every frame — the scaling then runs in pixman, which costs far
 *   more than a memcpy of the framebuffer (about 1 ms for 1920x1080) —
 *   and upload that anyway; with a texture the GPU scales and the renderer
 *   uploads each texture once. (Only GSK_RENDERER=cairo would favour the
 *   cairo surface.) With GTK >= 4.16, gdk_memory_texture_builder_set_update_
 *   region() would let the renderer upload just the damage.
 *
 * - Pointer. Motion, all buttons (1-3, and 8/9 as X1/X2) and the wheel go
 *   to the server at the desktop position under the pointer (widget
 *   coordinates mapped back through the scale and the bars). The wheel
 *   sends 120 per notch; smooth (touchpad) scrolling is accumulated until
 *   it makes a whole step. The server's pointer image becomes the widget's
 *   cursor (a blank cursor when the server hides it, GTK's default when it
 *   asks for the system pointer). A server-side pointer move
 *   ("pointer-moved") is not followed: GTK 4 cannot warp the pointer.
 *
 * - Keyboard. Key presses go out as set-1 scancodes, translated from the
 *   hardware keycode: on X11 and Wayland (Linux, evdev), keycode - 8 is the
 *   Linux input event code, which the table below maps. A key with no
 *   scancode that types a character goes out as a Unicode event. The
 *   widget takes the keyboard focus when clicked; when it gets the focus it
 *   tells the server the state of Caps, Num and Scroll Lock, and when it
 *   loses it it releases every key and button it holds down on the server.
 *   Every key is sent, Tab and F10 too: nothing the widget consumes reaches
 *   GTK's focus navigation or mnemonics.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-gio-display.h"

#include <math.h>

struct _RdpGioDisplay {
  GtkWidget parent_instance;

  RdpSession *session;
  GdkTexture *texture;
  gboolean texture_stale;

  RdpPointerButtons buttons;
  guint pointer_x, pointer_y;
  double wheel_x, wheel_y;         /* smooth scrolling not yet sent, in 1/120 notches */
  GArray *keys_down;               /* guint scancodes pressed on the server */
  GArray *unicode_down;            /* gunichar sent as pressed */
};

G_DEFINE_FINAL_TYPE (RdpGioDisplay, rdp_gio_display, GTK_TYPE_WIDGET)

/* ---- evdev key codes to set-1 scancodes ---- */

/* Linux input event codes 1 (KEY_ESC) to 88 (KEY_F12) are the set-1
 * scancodes of the same keys (the kernel took the PC's numbering). The rest
 * are listed; extended keys (sent after an 0xE0 prefix) as 0xE0nn. */
static const struct {
  guint16 evdev;
  guint16 scancode;
} evdev_extra[] = {
  { 89, 0x73 },     /* KEY_RO */
  { 91, 0x77 },     /* KEY_HIRAGANA */
  { 92, 0x79 },     /* KEY_HENKAN */
  { 93, 0x70 },     /* KEY_KATAKANAHIRAGANA */
  { 94, 0x7b },     /* KEY_MUHENKAN */
  { 96, 0xe01c },   /* KEY_KPENTER */
  { 97, 0xe01d },   /* KEY_RIGHTCTRL */
  { 98, 0xe035 },   /* KEY_KPSLASH */
  { 99, 0xe037 },   /* KEY_SYSRQ: Print Screen */
  { 100, 0xe038 },  /* KEY_RIGHTALT: AltGr */
  { 102, 0xe047 },  /* KEY_HOME */
  { 103, 0xe048 },  /* KEY_UP */
  { 104, 0xe049 },  /* KEY_PAGEUP */
  { 105, 0xe04b },  /* KEY_LEFT */
  { 106, 0xe04d },  /* KEY_RIGHT */
  { 107, 0xe04f },  /* KEY_END */
  { 108, 0xe050 },  /* KEY_DOWN */
  { 109, 0xe051 },  /* KEY_PAGEDOWN */
  { 110, 0xe052 },  /* KEY_INSERT */
  { 111, 0xe053 },  /* KEY_DELETE */
  { 113, 0xe020 },  /* KEY_MUTE */
  { 114, 0xe02e },  /* KEY_VOLUMEDOWN */
  { 115, 0xe030 },  /* KEY_VOLUMEUP */
  { 116, 0xe05e },  /* KEY_POWER */
  { 117, 0x59 },    /* KEY_KPEQUAL */
  { 119, 0xe11d },  /* KEY_PAUSE */
  { 121, 0x7e },    /* KEY_KPCOMMA */
  { 122, 0x72 },    /* KEY_HANGEUL */
  { 123, 0x71 },    /* KEY_HANJA */
  { 124, 0x7d },    /* KEY_YEN */
  { 125, 0xe05b },  /* KEY_LEFTMETA: left Windows key */
  { 126, 0xe05c },  /* KEY_RIGHTMETA */
  { 127, 0xe05d },  /* KEY_COMPOSE: Menu */
  { 140, 0xe021 },  /* KEY_CALC */
  { 142, 0xe05f },  /* KEY_SLEEP */
  { 143, 0xe063 },  /* KEY_WAKEUP */
  { 155, 0xe06c },  /* KEY_MAIL */
  { 156, 0xe066 },  /* KEY_BOOKMARKS */
  { 158, 0xe06a },  /* KEY_BACK */
  { 159, 0xe069 },  /* KEY_FORWARD */
  { 163, 0xe019 },  /* KEY_NEXTSONG */
  { 164, 0xe022 },  /* KEY_PLAYPAUSE */
  { 165, 0xe010 },  /* KEY_PREVIOUSSONG */
  { 166, 0xe024 },  /* KEY_STOPCD */
  { 172, 0xe032 },  /* KEY_HOMEPAGE */
  { 173, 0xe067 },  /* KEY_REFRESH */
  { 183, 0x64 },    /* KEY_F13 */
  { 184, 0x65 },    /* KEY_F14 */
  { 185, 0x66 },    /* KEY_F15 */
  { 186, 0x67 },    /* KEY_F16 */
  { 187, 0x68 },    /* KEY_F17 */
  { 188, 0x69 },    /* KEY_F18 */
  { 189, 0x6a },    /* KEY_F19 */
  { 190, 0x6b },    /* KEY_F20 */
  { 191, 0x6c },    /* KEY_F21 */
  { 192, 0x6d },    /* KEY_F22 */
  { 193, 0x6e },    /* KEY_F23 */
  { 194, 0x76 },    /* KEY_F24 */
  { 217, 0xe065 },  /* KEY_SEARCH */
};

guint
rdp_gio_evdev_to_scancode (guint evdev_code)
{
  if (evdev_code >= 1 && evdev_code <= 88 && evdev_code != 84)  /* 84: unused */
    return evdev_code;
  for (guint i = 0; i < G_N_ELEMENTS (evdev_extra); i++)
    if (evdev_extra[i].evdev == evdev_code)
      return evdev_extra[i].scancode;
  return 0;
}

/* Whether hardware keycodes are evdev codes + 8: true for the X11 (with the
 * evdev or libinput driver, and Xvfb's default keymap) and Wayland backends
 * on Linux. Checked by type name so that no backend header is needed. */
static gboolean
keycodes_are_evdev (GtkWidget *widget)
{
  const char *name = G_OBJECT_TYPE_NAME (gtk_widget_get_display (widget));

  return g_str_equal (name, "GdkX11Display") || g_str_equal (name, "GdkWaylandDisplay");
}

/* ---- geometry ---- */

/* Where the desktop is drawn in the widget: offset and scale. */
static gboolean
get_geometry (RdpGioDisplay *self,
              double        *x,
              double        *y,
              double        *scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  RdpFramebuffer *fb;
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  guint fw, fh;

  if (self->session == NULL)
    return FALSE;
  fb = rdp_session_get_framebuffer (self->session);
  fw = rdp_framebuffer_get_width (fb);
  fh = rdp_framebuffer_get_height (fb);
  if (fw == 0 || fh == 0 || w <= 0 || h <= 0)
    return FALSE;
  *scale = MIN (w / fw, h / fh);
  /* whole pixels, so that at scale 1 every pixel lands on one pixel */
  *x = floor ((w - fw * *scale) / 2);
  *y = floor ((h - fh * *scale) / 2);
  return TRUE;
}

/* Maps widget coordinates to the desktop, clamped to its edges. */
static gboolean
to_desktop (RdpGioDisplay *self,
            double         wx,
            double         wy,
            guint         *dx,
            guint         *dy)
{
  RdpFramebuffer *fb;
  double ox, oy, scale, x, y;

  if (!get_geometry (self, &ox, &oy, &scale))
    return FALSE;
  fb = rdp_session_get_framebuffer (self->session);
  x = floor ((wx - ox) / scale);
  y = floor ((wy - oy) / scale);
  *dx = (guint) CLAMP (x, 0, rdp_framebuffer_get_width (fb) - 1.0);
  *dy = (guint) CLAMP (y, 0, rdp_framebuffer_get_height (fb) - 1.0);
  return TRUE;
}

static gboolean
session_usable (RdpGioDisplay *self)
{
  return self->session != NULL && !rdp_session_is_closed (self->session);
}

/* ---- drawing ---- */

static void
rebuild_texture (RdpGioDisplay *self)
{
  RdpFramebuffer *fb = rdp_session_get_framebuffer (self->session);
  g_autoptr(GBytes) pixels = NULL;

  g_clear_object (&self->texture);
  self->texture_stale = FALSE;
  if (rdp_framebuffer_get_width (fb) == 0 || rdp_framebuffer_get_height (fb) == 0)
    return;
  pixels = rdp_framebuffer_get_pixels (fb);
  /* 0xFFRRGGBB words in the machine's order: GDK_MEMORY_DEFAULT is exactly
   * that (B8G8R8A8_PREMULTIPLIED on little-endian machines) */
  self->texture = gdk_memory_texture_new (rdp_framebuffer_get_width (fb),
                                          rdp_framebuffer_get_height (fb),
                                          GDK_MEMORY_DEFAULT, pixels,
                                          rdp_framebuffer_get_stride (fb));
}

static void
rdp_gio_display_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  RdpGioDisplay *self = RDP_GIO_DISPLAY (widget);
  GdkRGBA black = { 0, 0, 0, 1 };
  RdpFramebuffer *fb;
  double x, y, scale;

  gtk_snapshot_append_color (snapshot, &black,
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));
  if (!get_geometry (self, &x, &y, &scale))
    return;
  if (self->texture == NULL || self->texture_stale)
    rebuild_texture (self);
  if (self->texture == NULL)
    return;
  fb = rdp_session_get_framebuffer (self->session);
  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (x, y,
                                                    rdp_framebuffer_get_width (fb) * scale,
                                                    rdp_framebuffer_get_height (fb) * scale));
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
  RdpGioDisplay *self = RDP_GIO_DISPLAY (widget);

  /* It can shrink to nothing (it scales); it wants the desktop's size. */
  *minimum = 1;
  *natural = 640;
  if (self->session != NULL)
    {
      RdpFramebuffer *fb = rdp_session_get_framebuffer (self->session);

      *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? rdp_framebuffer_get_width (fb)
                                                           : rdp_framebuffer_get_height (fb);
    }
}

/* ---- the session's signals ---- */

static void
framebuffer_updated_cb (RdpSession    *session,
                        guint          x,
                        guint          y,
                        guint          width,
                        guint          height,
                        RdpGioDisplay *self)
{
  /* the texture is rebuilt in the next snapshot: once per frame however
   * many batches arrive before it */
  self->texture_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
desktop_resized_cb (RdpSession    *session,
                    guint          width,
                    guint          height,
                    RdpGioDisplay *self)
{
  self->texture_stale = TRUE;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
update_cursor (RdpGioDisplay *self)
{
  g_autoptr(GdkCursor) cursor = NULL;
  RdpPointerShape *shape;

  if (self->session == NULL || rdp_session_is_closed (self->session))
    {
      gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
      return;
    }
  shape = rdp_session_get_pointer_shape (self->session);
  if (!rdp_session_get_pointer_visible (self->session) ||
      (shape != NULL && (rdp_pointer_shape_get_width (shape) == 0 ||
                         rdp_pointer_shape_get_height (shape) == 0)))
    cursor = gdk_cursor_new_from_name ("none", NULL);
  else if (shape != NULL)
    {
      g_autoptr(GBytes) pixels = rdp_pointer_shape_get_pixels (shape);
      g_autoptr(GdkTexture) texture = NULL;
      guint width = rdp_pointer_shape_get_width (shape);

      /* premultiplied 0xAARRGGBB words in the machine's order */
      texture = gdk_memory_texture_new (width, rdp_pointer_shape_get_height (shape),
                                        GDK_MEMORY_DEFAULT, pixels, width * 4);
      cursor = gdk_cursor_new_from_texture (texture,
                                            rdp_pointer_shape_get_hotspot_x (shape),
                                            rdp_pointer_shape_get_hotspot_y (shape),
                                            NULL);
    }
  /* NULL: the system's default pointer */
  gtk_widget_set_cursor (GTK_WIDGET (self), cursor);
}

static void
pointer_changed_cb (RdpSession    *session,
                    RdpGioDisplay *self)
{
  update_cursor (self);
}

static void release_all (RdpGioDisplay *self);

static void
closed_cb (RdpSession    *session,
           const GError  *reason,
           RdpGioDisplay *self)
{
  g_array_set_size (self->keys_down, 0);
  g_array_set_size (self->unicode_down, 0);
  self->buttons = RDP_POINTER_BUTTON_NONE;
  update_cursor (self);
}

/* ---- input ---- */

static void
send_pointer_at (RdpGioDisplay *self,
                 double         wx,
                 double         wy)
{
  guint x, y;

  if (!session_usable (self) || !to_desktop (self, wx, wy, &x, &y))
    return;
  self->pointer_x = x;
  self->pointer_y = y;
  rdp_session_send_pointer (self->session, x, y, self->buttons);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           RdpGioDisplay            *self)
{
  send_pointer_at (self, x, y);
}

static RdpPointerButtons
button_flag (guint button)
{
  switch (button)
    {
    case GDK_BUTTON_PRIMARY: return RDP_POINTER_BUTTON_LEFT;
    case GDK_BUTTON_MIDDLE: return RDP_POINTER_BUTTON_MIDDLE;
    case GDK_BUTTON_SECONDARY: return RDP_POINTER_BUTTON_RIGHT;
    case 8: return RDP_POINTER_BUTTON_X1;   /* "back" */
    case 9: return RDP_POINTER_BUTTON_X2;   /* "forward" */
    default: return RDP_POINTER_BUTTON_NONE;
    }
}

/* Buttons come through a legacy controller rather than GtkGestureClick:
 * a click gesture stops following a press once the pointer moves beyond
 * the double-click distance, and a drag on the remote desktop needs every
 * press and release, of every button, in order. */
static gboolean
legacy_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 RdpGioDisplay            *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkEventType type = gdk_event_get_event_type (event);
  GtkNative *native;
  RdpPointerButtons flag;
  double x, y, nx, ny;
  gboolean pressed;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE)
    return GDK_EVENT_PROPAGATE;
  pressed = type == GDK_BUTTON_PRESS;
  if (pressed && !gtk_widget_has_focus (widget))
    gtk_widget_grab_focus (widget);

  flag = button_flag (gdk_button_event_get_button (event));
  if (flag == RDP_POINTER_BUTTON_NONE || !session_usable (self))
    return GDK_EVENT_STOP;
  if (pressed)
    self->buttons |= flag;
  else
    self->buttons &= ~flag;

  /* the event's position is in surface coordinates */
  native = gtk_widget_get_native (widget);
  if (gdk_event_get_position (event, &x, &y))
    {
      gtk_native_get_surface_transform (native, &nx, &ny);
      x -= nx;
      y -= ny;
#if GTK_CHECK_VERSION (4, 12, 0)
      {
        graphene_point_t in = GRAPHENE_POINT_INIT (x, y), out;

        if (gtk_widget_compute_point (GTK_WIDGET (native), widget, &in, &out))
          {
            send_pointer_at (self, out.x, out.y);
            return GDK_EVENT_STOP;
          }
      }
#else
      if (gtk_widget_translate_coordinates (GTK_WIDGET (native), widget, x, y, &x, &y))
        {
          send_pointer_at (self, x, y);
          return GDK_EVENT_STOP;
        }
#endif
    }
  rdp_session_send_pointer (self->session, self->pointer_x, self->pointer_y, self->buttons);
  return GDK_EVENT_STOP;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           RdpGioDisplay            *self)
{
  double per_unit = 120;   /* one wheel notch */
  gint step;

  if (!session_usable (self))
    return GDK_EVENT_STOP;
#if GTK_CHECK_VERSION (4, 8, 0)
  /* a touchpad scrolls in pixels: call 30 of them a notch */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    per_unit = 120.0 / 30.0;
#endif
  /* GDK: positive dy is down; RDP: positive is away from the user (up) */
  self->wheel_y -= dy * per_unit;
  self->wheel_x += dx * per_unit;
  step = (gint) self->wheel_y;
  if (step != 0)
    {
      rdp_session_send_wheel (self->session, step, FALSE);
      self->wheel_y -= step;
    }
  step = (gint) self->wheel_x;
  if (step != 0)
    {
      rdp_session_send_wheel (self->session, step, TRUE);
      self->wheel_x -= step;
    }
  return GDK_EVENT_STOP;
}

static void
array_remove_value (GArray *array,
                    guint   value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, guint, i) == value)
      {
        g_array_remove_index_fast (array, i);
        return;
      }
}

static gboolean
array_has_value (GArray *array,
                 guint   value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, guint, i) == value)
      return TRUE;
  return FALSE;
}

static gboolean
send_key (RdpGioDisplay *self,
          guint          keyval,
          guint          keycode,
          gboolean       pressed)
{
  guint scancode = 0;

  if (!session_usable (self))
    return GDK_EVENT_STOP;
  if (keycodes_are_evdev (GTK_WIDGET (self)) && keycode >= 8)
    scancode = rdp_gio_evdev_to_scancode (keycode - 8);
  if (scancode != 0)
    {
      rdp_session_send_scancode (self->session, scancode, pressed);
      if (pressed && !array_has_value (self->keys_down, scancode))
        g_array_append_val (self->keys_down, scancode);
      else if (!pressed)
        array_remove_value (self->keys_down, scancode);
      return GDK_EVENT_STOP;
    }
  else
    {
      gunichar c = gdk_keyval_to_unicode (keyval);

      if (c == 0)
        return GDK_EVENT_PROPAGATE;
      rdp_session_send_unicode (self->session, c, pressed);
      if (pressed && !array_has_value (self->unicode_down, c))
        g_array_append_val (self->unicode_down, c);
      else if (!pressed)
        array_remove_value (self->unicode_down, c);
      return GDK_EVENT_STOP;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RdpGioDisplay         *self)
{
  return send_key (self, keyval, keycode, TRUE);
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 RdpGioDisplay         *self)
{
  send_key (self, keyval, keycode, FALSE);
}

/* Releases on the server what this widget holds down there. */
static void
release_all (RdpGioDisplay *self)
{
  if (!session_usable (self))
    return;
  for (guint i = 0; i < self->keys_down->len; i++)
    rdp_session_send_scancode (self->session, g_array_index (self->keys_down, guint, i), FALSE);
  for (guint i = 0; i < self->unicode_down->len; i++)
    rdp_session_send_unicode (self->session, g_array_index (self->unicode_down, guint, i), FALSE);
  g_array_set_size (self->keys_down, 0);
  g_array_set_size (self->unicode_down, 0);
  if (self->buttons != RDP_POINTER_BUTTON_NONE)
    {
      self->buttons = RDP_POINTER_BUTTON_NONE;
      rdp_session_send_pointer (self->session, self->pointer_x, self->pointer_y, self->buttons);
    }
}

static void
send_lock_keys (RdpGioDisplay *self)
{
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (GTK_WIDGET (self)));
  GdkDevice *keyboard = seat ? gdk_seat_get_keyboard (seat) : NULL;
  RdpLockKeys keys = RDP_LOCK_KEYS_NONE;

  if (!session_usable (self) || keyboard == NULL)
    return;
  if (gdk_device_get_caps_lock_state (keyboard))
    keys |= RDP_LOCK_KEYS_CAPS;
  if (gdk_device_get_num_lock_state (keyboard))
    keys |= RDP_LOCK_KEYS_NUM;
  if (gdk_device_get_scroll_lock_state (keyboard))
    keys |= RDP_LOCK_KEYS_SCROLL;
  rdp_session_send_lock_keys (self->session, keys);
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                RdpGioDisplay           *self)
{
  send_lock_keys (self);
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                RdpGioDisplay           *self)
{
  release_all (self);
}

/* ---- the object ---- */

static void
disconnect_session (RdpGioDisplay *self)
{
  if (self->session == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
}

void
rdp_gio_display_set_session (RdpGioDisplay *self,
                             RdpSession    *session)
{
  g_return_if_fail (RDP_GIO_IS_DISPLAY (self));
  g_return_if_fail (session == NULL || RDP_IS_SESSION (session));

  if (session == self->session)
    return;
  disconnect_session (self);
  g_clear_object (&self->texture);
  self->buttons = RDP_POINTER_BUTTON_NONE;
  self->wheel_x = self->wheel_y = 0;
  g_array_set_size (self->keys_down, 0);
  g_array_set_size (self->unicode_down, 0);
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      g_signal_connect (session, "framebuffer-updated", G_CALLBACK (framebuffer_updated_cb), self);
      g_signal_connect (session, "desktop-resized", G_CALLBACK (desktop_resized_cb), self);
      g_signal_connect (session, "pointer-changed", G_CALLBACK (pointer_changed_cb), self);
      g_signal_connect (session, "closed", G_CALLBACK (closed_cb), self);
      self->texture_stale = TRUE;
      if (gtk_widget_has_focus (GTK_WIDGET (self)))
        send_lock_keys (self);
    }
  update_cursor (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

RdpSession *
rdp_gio_display_get_session (RdpGioDisplay *self)
{
  g_return_val_if_fail (RDP_GIO_IS_DISPLAY (self), NULL);
  return self->session;
}

GtkWidget *
rdp_gio_display_new (void)
{
  return g_object_new (RDP_GIO_TYPE_DISPLAY, NULL);
}

static void
rdp_gio_display_dispose (GObject *object)
{
  RdpGioDisplay *self = RDP_GIO_DISPLAY (object);

  disconnect_session (self);
  g_clear_object (&self->texture);
  G_OBJECT_CLASS (rdp_gio_display_parent_class)->dispose (object);
}

static void
rdp_gio_display_finalize (GObject *object)
{
  RdpGioDisplay *self = RDP_GIO_DISPLAY (object);

  g_array_unref (self->keys_down);
  g_array_unref (self->unicode_down);
  G_OBJECT_CLASS (rdp_gio_display_parent_class)->finalize (object);
}

static void
rdp_gio_display_class_init (RdpGioDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rdp_gio_display_dispose;
  object_class->finalize = rdp_gio_display_finalize;
  widget_class->snapshot = rdp_gio_display_snapshot;
  widget_class->measure = rdp_gio_display_measure;
  gtk_widget_class_set_css_name (widget_class, "rdp-gio-display");
}

static void
rdp_gio_display_init (RdpGioDisplay *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  self->keys_down = g_array_new (FALSE, FALSE, sizeof (guint));
  self->unicode_down = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_legacy_new ();
  g_signal_connect (controller, "event", G_CALLBACK (legacy_event_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (widget, controller);
}
