/* rdp-secret.c: buffers that hold secrets and wipe themselves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdarg.h>
#include <string.h>

#include "rdp-secret-private.h"

void
rdp_secret_wipe (gpointer data,
                 gsize    size)
{
  if (data == NULL || size == 0)
    return;
  /* explicit_bzero (glibc ≥ 2.25) is a memset the compiler keeps */
  explicit_bzero (data, size);
}

/* The user data of a secret GBytes: its size, so that the free function
 * knows how much to wipe. */
typedef struct {
  gpointer data;
  gsize size;
} Secret;

static void
secret_free (gpointer user_data)
{
  Secret *secret = user_data;

  rdp_secret_wipe (secret->data, secret->size);
  g_free (secret->data);
  g_free (secret);
}

/* A GBytes of the first @size bytes of @data that wipes @wipe_size bytes. */
static GBytes *
secret_new_take_sized (gpointer data,
                       gsize    size,
                       gsize    wipe_size)
{
  Secret *secret = g_new (Secret, 1);

  secret->data = data;
  secret->size = wipe_size;
  return g_bytes_new_with_free_func (data, size, secret_free, secret);
}

GBytes *
rdp_secret_new_take (gpointer data,
                     gsize    size)
{
  return secret_new_take_sized (data, size, size);
}

GBytes *
rdp_secret_new (gconstpointer data,
                gsize         size)
{
  /* g_memdup2 (NULL, 0) is NULL, which a GBytes of size 0 accepts */
  return rdp_secret_new_take (g_memdup2 (data, size), size);
}

GBytes *
rdp_secret_new_from_string (const char *string)
{
  if (string == NULL)
    return NULL;
  return rdp_secret_new (string, strlen (string));
}

GByteArray *
rdp_secret_byte_array_new (guint capacity)
{
  return g_byte_array_sized_new (capacity);
}

void
rdp_secret_byte_array_free (GByteArray *array)
{
  if (array == NULL)
    return;
  rdp_secret_wipe (array->data, array->len);
  g_byte_array_unref (array);
}

GBytes *
rdp_secret_byte_array_free_to_bytes (GByteArray *array)
{
  gsize len = array->len;

  return rdp_secret_new_take (g_byte_array_free (array, FALSE), len);
}

void
rdp_secret_free_string (char *string)
{
  if (string == NULL)
    return;
  rdp_secret_wipe (string, strlen (string));
  g_free (string);
}

GBytes *
rdp_secret_concat (GBytes *first,
                   ...)
{
  va_list args;
  gsize total = 0, offset = 0;
  GBytes *part;
  guint8 *data;

  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, GBytes *))
    total += g_bytes_get_size (part);
  va_end (args);

  data = g_malloc (total > 0 ? total : 1);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, GBytes *))
    {
      gsize size;
      gconstpointer bytes = g_bytes_get_data (part, &size);

      if (size > 0)
        memcpy (data + offset, bytes, size);
      offset += size;
    }
  va_end (args);
  return rdp_secret_new_take (data, total);
}

GBytes *
rdp_secret_to_utf16le (GBytes  *secret,
                       GError **error)
{
  gsize size;
  const char *utf8 = g_bytes_get_data (secret, &size);
  glong n_units = 0;
  gunichar2 *units;
  guint8 *le;
  glong i;

  if (size == 0)
    return rdp_secret_new (NULL, 0);
  units = g_utf8_to_utf16 (utf8, size, NULL, &n_units, error);
  if (units == NULL)
    return NULL;
  /* byte order fixed in place, so that no second copy exists */
  le = (guint8 *) units;
  for (i = 0; i < n_units; i++)
    {
      gunichar2 unit = units[i];

      le[2 * i] = unit & 0xff;
      le[2 * i + 1] = unit >> 8;
    }
  /* the NUL g_utf8_to_utf16() added is not part of the secret, but is
   * wiped with it */
  return secret_new_take_sized (units, n_units * 2, (n_units + 1) * 2);
}
