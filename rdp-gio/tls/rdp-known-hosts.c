/* rdp-known-hosts.c: pinned server certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rdp-known-hosts.h"
#include "rdp-known-hosts-private.h"
#include "rdp-tls.h"
#include "rdp-i18n-private.h"

/**
 * RdpKnownHosts:
 *
 * A file of pinned server certificates: for each server, named by host and
 * port, the SHA-256 fingerprint of the certificate the user decided to
 * trust (like OpenSSH's `known_hosts`).
 *
 * [func@tls_upgrade_async] accepts a certificate that the store pins for the
 * server even if no certificate authority vouches for it, and fails with
 * %RDP_ERROR_CERTIFICATE_CHANGED if the server presents another one. Entries
 * are added by the application, typically after the user accepted a
 * certificate in a [class@CertificateVerifier]:
 *
 * ```c
 * rdp_known_hosts_add (known_hosts, host, port, certificate, &error);
 * ```
 *
 * The file is a text file with one entry a line: the host (lower case), the
 * port and the fingerprint as 32 colon-separated pairs of upper-case hex
 * digits, separated by spaces. Lines starting with `#` are comments. A line
 * that cannot be read is skipped (and counted, see
 * [method@KnownHosts.get_n_skipped_lines]) but kept when the file is
 * rewritten.
 *
 * Every lookup reads the file afresh, so entries added by another process
 * are seen at once. Changes hold an exclusive lock (`flock(2)` on the file
 * `PATH.lock`) while they read the file, change it and atomically replace it,
 * so that concurrent writers, in this or other processes, lose no entries.
 *
 * The file is small and local, so the methods are synchronous.
 */

#define FINGERPRINT_LENGTH 32

struct _RdpKnownHosts {
  GObject parent_instance;

  char *path;
  guint n_skipped;      /* atomic */
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdpKnownHosts, rdp_known_hosts, G_TYPE_OBJECT)

static void
rdp_known_hosts_init (RdpKnownHosts *self)
{
}

static void
rdp_known_hosts_constructed (GObject *object)
{
  RdpKnownHosts *self = RDP_KNOWN_HOSTS (object);

  G_OBJECT_CLASS (rdp_known_hosts_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "rdp-gio", "known_hosts", NULL);
}

static void
rdp_known_hosts_finalize (GObject *object)
{
  RdpKnownHosts *self = RDP_KNOWN_HOSTS (object);

  g_free (self->path);

  G_OBJECT_CLASS (rdp_known_hosts_parent_class)->finalize (object);
}

static void
rdp_known_hosts_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RdpKnownHosts *self = RDP_KNOWN_HOSTS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_known_hosts_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RdpKnownHosts *self = RDP_KNOWN_HOSTS (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rdp_known_hosts_class_init (RdpKnownHostsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rdp_known_hosts_constructed;
  object_class->finalize = rdp_known_hosts_finalize;
  object_class->get_property = rdp_known_hosts_get_property;
  object_class->set_property = rdp_known_hosts_set_property;

  /**
   * RdpKnownHosts:path:
   *
   * The file the store reads and writes. If it is not set at construction,
   * it is `known_hosts` in the `rdp-gio` directory under
   * g_get_user_config_dir().
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/**
 * rdp_known_hosts_new:
 * @path: (nullable) (type filename): the file to use, or %NULL for the
 *   default, `rdp-gio/known_hosts` under g_get_user_config_dir()
 *
 * Creates a store of known hosts backed by @path. Neither the file nor its
 * directory need exist yet; the first change creates them (the file with
 * mode 0600).
 *
 * Returns: (transfer full): a new #RdpKnownHosts
 */
RdpKnownHosts *
rdp_known_hosts_new (const char *path)
{
  return g_object_new (RDP_TYPE_KNOWN_HOSTS, "path", path, NULL);
}

/**
 * rdp_known_hosts_get_path:
 * @self: a #RdpKnownHosts
 *
 * Gets the file that backs @self.
 *
 * Returns: (type filename): the path of the file
 */
const char *
rdp_known_hosts_get_path (RdpKnownHosts *self)
{
  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), NULL);

  return self->path;
}

/**
 * rdp_known_hosts_get_n_skipped_lines:
 * @self: a #RdpKnownHosts
 *
 * Gets how many lines of the file could not be read the last time @self
 * read it. Such lines are ignored by lookups and kept as they are when the
 * file is rewritten; a number above zero means the file was damaged or
 * edited by hand.
 *
 * Returns: the number of lines skipped in the last read
 */
guint
rdp_known_hosts_get_n_skipped_lines (RdpKnownHosts *self)
{
  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), 0);

  return (guint) g_atomic_int_get (&self->n_skipped);
}

static gboolean
host_is_valid (const char *host)
{
  const char *p;

  if (host == NULL || host[0] == '\0' || host[0] == '#')
    return FALSE;
  if (!g_utf8_validate (host, -1, NULL))
    return FALSE;
  for (p = host; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

/* Host names are compared without case and without a final dot. */
static char *
normalize_host (const char *host)
{
  char *normalized = g_ascii_strdown (host, -1);
  gsize len = strlen (normalized);

  if (len > 1 && normalized[len - 1] == '.')
    normalized[len - 1] = '\0';
  return normalized;
}

/* Parses a SHA-256 fingerprint given as hex, with or without colons, in
 * either case. */
static gboolean
parse_fingerprint (const char *text,
                   guint8      out[FINGERPRINT_LENGTH])
{
  gsize n = 0;
  const char *p = text;

  while (*p != '\0')
    {
      int hi, lo;

      if (n == FINGERPRINT_LENGTH)
        return FALSE;
      hi = g_ascii_xdigit_value (p[0]);
      lo = hi >= 0 ? g_ascii_xdigit_value (p[1]) : -1;
      if (lo < 0)
        return FALSE;
      out[n++] = (guint8) (hi << 4 | lo);
      p += 2;
      if (*p == ':' && p[1] != '\0')
        p++;
    }
  return n == FINGERPRINT_LENGTH;
}

static char *
format_fingerprint (const guint8 fingerprint[FINGERPRINT_LENGTH])
{
  GString *s = g_string_sized_new (FINGERPRINT_LENGTH * 3);
  gsize i;

  for (i = 0; i < FINGERPRINT_LENGTH; i++)
    g_string_append_printf (s, i == 0 ? "%02X" : ":%02X", fingerprint[i]);
  return g_string_free (s, FALSE);
}

/* Returns the normalized form of @fingerprint, or NULL if it is not one. */
char *
rdp_known_hosts_normalize_fingerprint (const char *fingerprint)
{
  guint8 raw[FINGERPRINT_LENGTH];

  if (fingerprint == NULL || !parse_fingerprint (fingerprint, raw))
    return NULL;
  return format_fingerprint (raw);
}

char *
rdp_known_hosts_fingerprint_for_der (const guint8 *der,
                                     gsize         length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[FINGERPRINT_LENGTH];
  gsize digest_len = sizeof digest;

  g_checksum_update (checksum, der, length);
  g_checksum_get_digest (checksum, digest, &digest_len);
  return format_fingerprint (digest);
}

typedef struct {
  char *host;           /* normalized; NULL for comments and bad lines */
  guint port;
  char *fingerprint;    /* normalized */
  char *text;           /* the line as it was, without the newline */
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->host);
  g_free (entry->fingerprint);
  g_free (entry->text);
  g_free (entry);
}

/* Parses one line; returns FALSE for a line that is neither blank, a
 * comment, nor an entry. */
static gboolean
parse_line (const char *line,
            Entry      *entry)
{
  g_auto(GStrv) fields = NULL;
  const char *stripped;
  guint64 port;
  char *end;

  stripped = line;
  while (g_ascii_isspace (*stripped))
    stripped++;
  if (*stripped == '\0' || *stripped == '#')
    return TRUE;

  fields = g_strsplit_set (stripped, " \t", -1);
  {
    /* drop empty fields from runs of spaces */
    guint i, j = 0;

    for (i = 0; fields[i] != NULL; i++)
      {
        if (fields[i][0] == '\0')
          g_free (fields[i]);
        else
          fields[j++] = fields[i];
      }
    fields[j] = NULL;
  }
  if (g_strv_length (fields) != 3 || !host_is_valid (fields[0]))
    return FALSE;

  errno = 0;
  port = g_ascii_strtoull (fields[1], &end, 10);
  if (errno != 0 || end == fields[1] || *end != '\0' || port == 0 || port > G_MAXUINT16)
    return FALSE;

  entry->fingerprint = rdp_known_hosts_normalize_fingerprint (fields[2]);
  if (entry->fingerprint == NULL)
    return FALSE;
  entry->host = normalize_host (fields[0]);
  entry->port = (guint) port;
  return TRUE;
}

/* Reads the file into a list of entries, one per line. A missing file is an
 * empty list. */
static GPtrArray *
read_entries (RdpKnownHosts  *self,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries;
  guint n_skipped = 0;
  gsize length;
  guint i;

  entries = g_ptr_array_new_with_free_func (entry_free);

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_atomic_int_set (&self->n_skipped, 0);
          return entries;
        }
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not read the known hosts file: %s"), local_error->message);
      g_ptr_array_unref (entries);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      Entry *entry;

      /* the empty string after the final newline is not a line */
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;

      entry = g_new0 (Entry, 1);
      if (!parse_line (lines[i], entry))
        {
          n_skipped++;
          g_debug ("%s:%u: skipping a line that is not a known host entry", self->path, i + 1);
          g_clear_pointer (&entry->host, g_free);
          g_clear_pointer (&entry->fingerprint, g_free);
        }
      entry->text = g_strdup (lines[i]);
      g_ptr_array_add (entries, entry);
    }

  g_atomic_int_set (&self->n_skipped, (int) n_skipped);
  return entries;
}

static Entry *
find_entry (GPtrArray  *entries,
            const char *host,
            guint       port)
{
  guint i;

  for (i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];

      if (entry->host != NULL && entry->port == port && strcmp (entry->host, host) == 0)
        return entry;
    }
  return NULL;
}

/**
 * rdp_known_hosts_lookup:
 * @self: a #RdpKnownHosts
 * @host: the server's host name or address
 * @port: the server's port
 * @error: return location for a #GError
 *
 * Looks up the fingerprint pinned for @host and @port. Host names are
 * compared without regard to case.
 *
 * Returns: (transfer full) (nullable): the SHA-256 fingerprint of the pinned
 *   certificate as 32 colon-separated pairs of upper-case hex digits, or
 *   %NULL if the server has no entry (without an error) or if the file could
 *   not be read (with @error set)
 */
char *
rdp_known_hosts_lookup (RdpKnownHosts  *self,
                        const char     *host,
                        guint16         port,
                        GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *normalized = NULL;
  Entry *entry;

  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), NULL);
  g_return_val_if_fail (host_is_valid (host), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  entries = read_entries (self, error);
  if (entries == NULL)
    return NULL;

  normalized = normalize_host (host);
  entry = find_entry (entries, normalized, port);
  return entry != NULL ? g_strdup (entry->fingerprint) : NULL;
}

/* Runs @change on the entries under the lock and writes them back. */
typedef void (*ChangeFunc) (GPtrArray  *entries,
                            const char *host,
                            guint       port,
                            const char *fingerprint);

static gboolean
change_file (RdpKnownHosts  *self,
             const char     *host,
             guint           port,
             const char     *fingerprint,
             ChangeFunc      change,
             GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  g_autofree char *normalized = normalize_host (host);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) contents = NULL;
  gboolean ok;
  guint i;
  int fd;
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the directory of the known hosts file: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not lock the known hosts file: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  while (flock (fd, LOCK_EX) < 0)
    {
      saved_errno = errno;
      if (saved_errno == EINTR)
        continue;
      close (fd);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not lock the known hosts file: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  /* Under the lock, read what the other writers left. */
  entries = read_entries (self, error);
  if (entries == NULL)
    {
      close (fd);
      return FALSE;
    }

  change (entries, normalized, port, fingerprint);

  contents = g_string_new (NULL);
  for (i = 0; i < entries->len; i++)
    {
      Entry *entry = entries->pdata[i];

      g_string_append (contents, entry->text);
      g_string_append_c (contents, '\n');
    }

  ok = g_file_set_contents_full (self->path, contents->str, (gssize) contents->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  close (fd);   /* releases the lock */
  return ok;
}

static void
change_add (GPtrArray  *entries,
            const char *host,
            guint       port,
            const char *fingerprint)
{
  Entry *entry = find_entry (entries, host, port);

  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->host = g_strdup (host);
      entry->port = port;
      g_ptr_array_add (entries, entry);
    }
  g_free (entry->fingerprint);
  entry->fingerprint = g_strdup (fingerprint);
  g_free (entry->text);
  entry->text = g_strdup_printf ("%s %u %s", host, port, fingerprint);
}

static void
change_remove (GPtrArray  *entries,
               const char *host,
               guint       port,
               const char *fingerprint)
{
  Entry *entry;

  while ((entry = find_entry (entries, host, port)) != NULL)
    g_ptr_array_remove (entries, entry);
}

/**
 * rdp_known_hosts_add_fingerprint:
 * @self: a #RdpKnownHosts
 * @host: the server's host name or address
 * @port: the server's port
 * @fingerprint: the SHA-256 fingerprint of the server's certificate, as hex
 *   digits in either case, with or without colons between the pairs
 * @error: return location for a #GError
 *
 * Pins the certificate with @fingerprint for @host and @port, replacing any
 * entry the server had.
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_known_hosts_add_fingerprint (RdpKnownHosts  *self,
                                 const char     *host,
                                 guint16         port,
                                 const char     *fingerprint,
                                 GError        **error)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), FALSE);
  g_return_val_if_fail (host_is_valid (host), FALSE);
  g_return_val_if_fail (port != 0, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = rdp_known_hosts_normalize_fingerprint (fingerprint);
  if (normalized == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 fingerprint"), fingerprint);
      return FALSE;
    }
  return change_file (self, host, port, normalized, change_add, error);
}

/**
 * rdp_known_hosts_add:
 * @self: a #RdpKnownHosts
 * @host: the server's host name or address
 * @port: the server's port
 * @certificate: the certificate to pin
 * @error: return location for a #GError
 *
 * Pins @certificate for @host and @port, replacing any entry the server
 * had. Only the leaf certificate counts; its issuer is not recorded.
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_known_hosts_add (RdpKnownHosts    *self,
                     const char       *host,
                     guint16           port,
                     GTlsCertificate  *certificate,
                     GError          **error)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), FALSE);
  g_return_val_if_fail (host_is_valid (host), FALSE);
  g_return_val_if_fail (port != 0, FALSE);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  fingerprint = rdp_tls_get_certificate_fingerprint (certificate);
  return change_file (self, host, port, fingerprint, change_add, error);
}

/**
 * rdp_known_hosts_remove:
 * @self: a #RdpKnownHosts
 * @host: the server's host name or address
 * @port: the server's port
 * @error: return location for a #GError
 *
 * Removes the entry of @host and @port, if there is one. A server without
 * an entry is not an error.
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 */
gboolean
rdp_known_hosts_remove (RdpKnownHosts  *self,
                        const char     *host,
                        guint16         port,
                        GError        **error)
{
  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), FALSE);
  g_return_val_if_fail (host_is_valid (host), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return change_file (self, host, port, NULL, change_remove, error);
}
