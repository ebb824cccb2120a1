/* rdp-framebuffer.c: the remote desktop's pixels
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-framebuffer-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"

/**
 * RdpFramebuffer:
 *
 * The remote desktop as the server drew it: 32-bit pixels, each a
 * `guint32` `0xFFRRGGBB` in the machine's byte order, rows of
 * [method@Framebuffer.get_stride] bytes, top row first.
 *
 * That is cairo's `CAIRO_FORMAT_ARGB32` (and `CAIRO_FORMAT_RGB24`) and,
 * on a little-endian machine, GDK's `GDK_MEMORY_B8G8R8A8_PREMULTIPLIED`
 * (every pixel is opaque, so premultiplied or not makes no difference).
 *
 * An [class@Session] owns its framebuffer and draws into it on the
 * thread-default main context it runs on; read it there, in a handler of
 * [signal@Session::framebuffer-updated] for instance. It is replaced by a
 * new size when the server resizes the desktop
 * ([signal@Session::desktop-resized]); the object stays the same.
 */

struct _RdpFramebuffer {
  GObject parent_instance;

  guint width;
  guint height;
  gsize stride;
  guint8 *data;

  gboolean damaged;
  RdpRect damage;
};

G_DEFINE_FINAL_TYPE (RdpFramebuffer, rdp_framebuffer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
rdp_framebuffer_finalize (GObject *object)
{
  RdpFramebuffer *self = RDP_FRAMEBUFFER (object);

  g_free (self->data);
  G_OBJECT_CLASS (rdp_framebuffer_parent_class)->finalize (object);
}

static void
rdp_framebuffer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RdpFramebuffer *self = RDP_FRAMEBUFFER (object);

  switch (prop_id)
    {
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_framebuffer_class_init (RdpFramebufferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rdp_framebuffer_finalize;
  object_class->get_property = rdp_framebuffer_get_property;

  /**
   * RdpFramebuffer:width:
   *
   * The width of the desktop in pixels.
   */
  props[PROP_WIDTH] =
    g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RdpFramebuffer:height:
   *
   * The height of the desktop in pixels.
   */
  props[PROP_HEIGHT] =
    g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
rdp_framebuffer_init (RdpFramebuffer *self)
{
}

static gboolean
check_size (guint    width,
            guint    height,
            GError **error)
{
  if (width == 0 || height == 0 ||
      width > RDP_FRAMEBUFFER_MAX_SIDE || height > RDP_FRAMEBUFFER_MAX_SIDE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("The server asked for a desktop of %u × %u pixels (at most %u × %u are possible)"),
                   width, height, RDP_FRAMEBUFFER_MAX_SIDE, RDP_FRAMEBUFFER_MAX_SIDE);
      return FALSE;
    }
  return TRUE;
}

static void
set_size (RdpFramebuffer *self,
          guint           width,
          guint           height)
{
  g_free (self->data);
  self->width = width;
  self->height = height;
  self->stride = (gsize) width * 4;
  self->data = g_malloc0 (self->stride * height);
  /* black, opaque */
  for (gsize i = 0; i < (gsize) width * height; i++)
    ((guint32 *) self->data)[i] = 0xff000000u;
}

RdpFramebuffer *
rdp_framebuffer_new (guint    width,
                     guint    height,
                     GError **error)
{
  RdpFramebuffer *self;

  if (!check_size (width, height, error))
    return NULL;
  self = g_object_new (RDP_TYPE_FRAMEBUFFER, NULL);
  set_size (self, width, height);
  return self;
}

gboolean
rdp_framebuffer_resize (RdpFramebuffer *self,
                        guint           width,
                        guint           height,
                        GError        **error)
{
  guint old_width = self->width, old_height = self->height;

  if (!check_size (width, height, error))
    return FALSE;
  set_size (self, width, height);
  /* all of it changed (to black) */
  self->damaged = TRUE;
  self->damage = (RdpRect) { 0, 0, width, height };
  if (old_width != width)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WIDTH]);
  if (old_height != height)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_HEIGHT]);
  return TRUE;
}

/**
 * rdp_framebuffer_get_width:
 * @self: a framebuffer
 *
 * Gets the width of the desktop.
 *
 * Returns: the width in pixels
 */
guint
rdp_framebuffer_get_width (RdpFramebuffer *self)
{
  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (self), 0);
  return self->width;
}

/**
 * rdp_framebuffer_get_height:
 * @self: a framebuffer
 *
 * Gets the height of the desktop.
 *
 * Returns: the height in pixels
 */
guint
rdp_framebuffer_get_height (RdpFramebuffer *self)
{
  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (self), 0);
  return self->height;
}

/**
 * rdp_framebuffer_get_stride:
 * @self: a framebuffer
 *
 * Gets the distance in bytes from one row of pixels to the next (at
 * least four times the width).
 *
 * Returns: the stride in bytes
 */
gsize
rdp_framebuffer_get_stride (RdpFramebuffer *self)
{
  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (self), 0);
  return self->stride;
}

/**
 * rdp_framebuffer_get_data:
 * @self: a framebuffer
 *
 * Gets the pixels: [method@Framebuffer.get_height] rows of
 * [method@Framebuffer.get_stride] bytes, each pixel a `guint32`
 * `0xFFRRGGBB` in the machine's byte order. They change as the session
 * draws and move when the desktop is resized: do not keep the pointer
 * beyond the handler or idle callback that reads it.
 *
 * Bindings get a copy through [method@Framebuffer.get_pixels].
 *
 * Returns: (transfer none) (nullable): the pixels
 */
const guint8 *
rdp_framebuffer_get_data (RdpFramebuffer *self)
{
  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (self), NULL);
  return self->data;
}

guint8 *
rdp_framebuffer_get_data_mut (RdpFramebuffer *self)
{
  return self->data;
}

/**
 * rdp_framebuffer_get_pixels:
 * @self: a framebuffer
 *
 * Copies the pixels as they are now (see [method@Framebuffer.get_data] for
 * their layout). Python gets them as `bytes`, GJS as a `GLib.Bytes`; with
 * GTK 4, `Gdk.MemoryTexture.new (width, height,
 * Gdk.MemoryFormat.B8G8R8A8_PREMULTIPLIED, pixels, stride)` shows them
 * (on a little-endian machine).
 *
 * Returns: (transfer full): a copy of the pixels
 */
GBytes *
rdp_framebuffer_get_pixels (RdpFramebuffer *self)
{
  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (self), NULL);
  return g_bytes_new (self->data, self->stride * self->height);
}

/**
 * rdp_framebuffer_copy_area:
 * @self: a framebuffer
 * @x: the left edge of the area
 * @y: the top edge of the area
 * @width: the width of the area
 * @height: the height of the area
 *
 * Copies a rectangle of pixels, clipped to the framebuffer, as rows of
 * `4 × width` bytes (the clipped width) with no padding: for instance the
 * area that [signal@Session::framebuffer-updated] named.
 *
 * Returns: (transfer full): the pixels of the area (empty when it lies
 *   outside the framebuffer)
 */
GBytes *
rdp_framebuffer_copy_area (RdpFramebuffer *self,
                           guint           x,
                           guint           y,
                           guint           width,
                           guint           height)
{
  RdpRect rect = { x, y, width, height };
  guint8 *out;

  g_return_val_if_fail (RDP_IS_FRAMEBUFFER (self), NULL);

  if (!rdp_framebuffer_clip (self, &rect))
    return g_bytes_new (NULL, 0);
  out = g_malloc ((gsize) rect.width * 4 * rect.height);
  for (guint row = 0; row < rect.height; row++)
    memcpy (out + (gsize) row * rect.width * 4,
            self->data + (gsize) (rect.y + row) * self->stride + (gsize) rect.x * 4,
            (gsize) rect.width * 4);
  return g_bytes_new_take (out, (gsize) rect.width * 4 * rect.height);
}

gboolean
rdp_framebuffer_clip (RdpFramebuffer *self,
                      RdpRect        *rect)
{
  if (rect->x >= self->width || rect->y >= self->height ||
      rect->width == 0 || rect->height == 0)
    return FALSE;
  rect->width = MIN (rect->width, self->width - rect->x);
  rect->height = MIN (rect->height, self->height - rect->y);
  return TRUE;
}

void
rdp_framebuffer_add_damage (RdpFramebuffer *self,
                            const RdpRect  *rect)
{
  RdpRect r = *rect;
  guint x2, y2;

  if (!rdp_framebuffer_clip (self, &r))
    return;
  if (!self->damaged)
    {
      self->damage = r;
      self->damaged = TRUE;
      return;
    }
  x2 = MAX (self->damage.x + self->damage.width, r.x + r.width);
  y2 = MAX (self->damage.y + self->damage.height, r.y + r.height);
  self->damage.x = MIN (self->damage.x, r.x);
  self->damage.y = MIN (self->damage.y, r.y);
  self->damage.width = x2 - self->damage.x;
  self->damage.height = y2 - self->damage.y;
}

gboolean
rdp_framebuffer_take_damage (RdpFramebuffer *self,
                             RdpRect        *out_rect)
{
  if (!self->damaged)
    return FALSE;
  *out_rect = self->damage;
  self->damaged = FALSE;
  return TRUE;
}

void
rdp_framebuffer_blit (RdpFramebuffer *self,
                      guint           x,
                      guint           y,
                      const guint8   *src,
                      gssize          src_stride,
                      guint           width,
                      guint           height)
{
  RdpRect rect = { x, y, width, height };

  if (!rdp_framebuffer_clip (self, &rect))
    return;
  for (guint row = 0; row < rect.height; row++)
    memcpy (self->data + (gsize) (y + row) * self->stride + (gsize) x * 4,
            src + (gssize) row * src_stride, (gsize) rect.width * 4);
  rdp_framebuffer_add_damage (self, &rect);
}
