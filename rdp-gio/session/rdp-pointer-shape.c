/* rdp-pointer-shape.c: the remote pointer's image
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-pointer-shape-private.h"

/**
 * RdpPointerShape:
 *
 * An image of the pointer that the server asks the client to show over
 * its desktop (see [signal@Session::pointer-changed]): premultiplied
 * 32-bit ARGB pixels, each a `guint32` in the machine's byte order, rows
 * of four times the width bytes, top row first, and the hot spot, the
 * pixel that points.
 *
 * The format is cairo's `CAIRO_FORMAT_ARGB32` and, on a little-endian
 * machine, GDK's `GDK_MEMORY_B8G8R8A8_PREMULTIPLIED`: with GTK 4,
 * `gdk_cursor_new_from_texture()` of a `GdkMemoryTexture` made from
 * [method@PointerShape.get_pixels] shows it.
 *
 * It is immutable.
 */

struct _RdpPointerShape {
  GObject parent_instance;

  guint width;
  guint height;
  guint hotspot_x;
  guint hotspot_y;
  GBytes *pixels;
};

G_DEFINE_FINAL_TYPE (RdpPointerShape, rdp_pointer_shape, G_TYPE_OBJECT)

static void
rdp_pointer_shape_finalize (GObject *object)
{
  RdpPointerShape *self = RDP_POINTER_SHAPE (object);

  g_bytes_unref (self->pixels);
  G_OBJECT_CLASS (rdp_pointer_shape_parent_class)->finalize (object);
}

static void
rdp_pointer_shape_class_init (RdpPointerShapeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rdp_pointer_shape_finalize;
}

static void
rdp_pointer_shape_init (RdpPointerShape *self)
{
}

RdpPointerShape *
rdp_pointer_shape_new (guint   width,
                       guint   height,
                       guint   hotspot_x,
                       guint   hotspot_y,
                       GBytes *pixels)
{
  RdpPointerShape *self = g_object_new (RDP_TYPE_POINTER_SHAPE, NULL);

  self->width = width;
  self->height = height;
  self->hotspot_x = hotspot_x;
  self->hotspot_y = hotspot_y;
  self->pixels = pixels;
  return self;
}

/**
 * rdp_pointer_shape_get_width:
 * @self: a pointer shape
 *
 * Gets the width of the image.
 *
 * Returns: the width in pixels
 */
guint
rdp_pointer_shape_get_width (RdpPointerShape *self)
{
  g_return_val_if_fail (RDP_IS_POINTER_SHAPE (self), 0);
  return self->width;
}

/**
 * rdp_pointer_shape_get_height:
 * @self: a pointer shape
 *
 * Gets the height of the image.
 *
 * Returns: the height in pixels
 */
guint
rdp_pointer_shape_get_height (RdpPointerShape *self)
{
  g_return_val_if_fail (RDP_IS_POINTER_SHAPE (self), 0);
  return self->height;
}

/**
 * rdp_pointer_shape_get_hotspot_x:
 * @self: a pointer shape
 *
 * Gets the column of the hot spot, the pixel that points.
 *
 * Returns: the hot spot's x coordinate in the image
 */
guint
rdp_pointer_shape_get_hotspot_x (RdpPointerShape *self)
{
  g_return_val_if_fail (RDP_IS_POINTER_SHAPE (self), 0);
  return self->hotspot_x;
}

/**
 * rdp_pointer_shape_get_hotspot_y:
 * @self: a pointer shape
 *
 * Gets the row of the hot spot, the pixel that points.
 *
 * Returns: the hot spot's y coordinate in the image
 */
guint
rdp_pointer_shape_get_hotspot_y (RdpPointerShape *self)
{
  g_return_val_if_fail (RDP_IS_POINTER_SHAPE (self), 0);
  return self->hotspot_y;
}

/**
 * rdp_pointer_shape_get_pixels:
 * @self: a pointer shape
 *
 * Gets the image: height rows of four times the width bytes, each pixel a
 * premultiplied `0xAARRGGBB` `guint32` in the machine's byte order.
 *
 * Returns: (transfer full): the pixels
 */
GBytes *
rdp_pointer_shape_get_pixels (RdpPointerShape *self)
{
  g_return_val_if_fail (RDP_IS_POINTER_SHAPE (self), NULL);
  return g_bytes_ref (self->pixels);
}
