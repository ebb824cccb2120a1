/* rdp-secret-private.h: buffers that hold secrets and wipe themselves
 *
 * Every buffer that holds a password, a hash, a key, a ticket or a PDU that
 * carries one of them is a GBytes made here: its free function overwrites
 * the bytes before it frees them, so whoever drops the last reference wipes
 * the secret, on every path (sent, cancelled, failed). This module is the
 * only place in rdp-gio that wipes memory.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Overwrites @size bytes at @data with zeros in a way the compiler cannot
 * drop. @data may be NULL when @size is 0. */
void        rdp_secret_wipe              (gpointer       data,
                                          gsize          size);

/* A self-wiping copy of @size bytes at @data. */
GBytes     *rdp_secret_new               (gconstpointer  data,
                                          gsize          size);

/* Takes @data (g_malloc()ed, @size bytes) into a self-wiping GBytes. */
GBytes     *rdp_secret_new_take          (gpointer       data,
                                          gsize          size);

/* A self-wiping copy of the bytes of @string without its NUL; NULL for
 * NULL. */
GBytes     *rdp_secret_new_from_string   (const char    *string);

/* A self-wiping GBytes of the contents of @array, which it takes. The
 * unused tail of the array's allocation is wiped too. An array that holds a
 * secret must not grow while it does (a realloc leaves a copy behind): make
 * it with rdp_secret_byte_array_new() and a capacity that fits. */
GBytes     *rdp_secret_byte_array_free_to_bytes (GByteArray *array);

/* A GByteArray with room for @capacity bytes, to build a secret in. */
GByteArray *rdp_secret_byte_array_new    (guint          capacity);

/* Wipes and unrefs @array (any reference count). */
void        rdp_secret_byte_array_free   (GByteArray    *array);

/* Wipes the string and frees it (g_free()); NULL is ignored. */
void        rdp_secret_free_string       (char          *string);

/* The concatenation of the NULL-terminated list of GBytes (NULLs in the
 * list before the end are not allowed), self-wiping. */
GBytes     *rdp_secret_concat            (GBytes        *first,
                                          ...) G_GNUC_NULL_TERMINATED;

/* UTF-16LE units of the UTF-8 secret (without a NUL), self-wiping; NULL
 * with @error set if @secret is not valid UTF-8. */
GBytes     *rdp_secret_to_utf16le        (GBytes        *secret,
                                          GError       **error);

G_END_DECLS
