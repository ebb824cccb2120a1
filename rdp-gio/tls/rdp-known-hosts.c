/* rdp-known-hosts.c: pinned server certificates
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rdp-known-hosts.h"
#include "rdp-known-hosts-private.h"
#include "rdp-certificate-utils-private.h"
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
 * that cannot be read (for example one with a NUL byte) is skipped (and
 * counted, see [method@KnownHosts.get_n_skipped_lines]) but kept byte for
 * byte when the file is rewritten.
 *
 * The file must be a regular file of at most 1 MiB: anything else (a
 * directory, a FIFO, a device) fails the lookup and every change with a
 * %G_IO_ERROR (%G_IO_ERROR_NOT_REGULAR_FILE, %G_IO_ERROR_IS_DIRECTORY or
 * %G_IO_ERROR_MESSAGE_TOO_LARGE) without being read, and without being
 * changed.
 *
 * Every lookup reads the file afresh, so entries added by another process
 * are seen at once. Changes hold an exclusive lock (`flock(2)` on the file
 * `PATH.lock`) while they read the file, change it and atomically replace it,
 * so that concurrent writers, in this or other processes, lose no entries.
 *
 * The file is small and local, so the methods are synchronous; the TLS
 * upgrade reads it without blocking its caller's main context.
 */

/* A file of known hosts is a few kilobytes; this is tens of thousands of
 * entries. */
#define MAX_FILE_SIZE (1024 * 1024)

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

typedef struct {
  char *host;           /* normalized; NULL for comments and bad lines */
  guint port;
  char *fingerprint;    /* normalized */
  char *text;           /* the line as it was, without the newline; it may
                         * hold NUL bytes */
  gsize text_len;
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

/* Parses one line of @length bytes (not NUL-terminated); returns FALSE
 * for a line that is neither blank, a comment, nor an entry. */
static gboolean
parse_line (const char *text,
            gsize       length,
            Entry      *entry)
{
  g_autofree char *line = NULL;
  char *fields[4];
  guint n_fields = 0;
  char *p;
  guint64 port;
  char *end;

  /* A NUL byte ends no line here: such a line is damaged, not short. */
  if (memchr (text, '\0', length) != NULL)
    return FALSE;
  line = g_strndup (text, length);

  /* Fields are separated by runs of spaces and tabs; a fourth one is one
   * too many. */
  p = line;
  while (g_ascii_isspace (*p))
    p++;
  for (;;)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0' || n_fields == G_N_ELEMENTS (fields))
        break;
      fields[n_fields++] = p;
      while (*p != '\0' && *p != ' ' && *p != '\t')
        p++;
      if (*p != '\0')
        *p++ = '\0';
    }
  if (n_fields == 0 || fields[0][0] == '#')
    return TRUE;
  if (n_fields != 3 || !host_is_valid (fields[0]))
    return FALSE;

  errno = 0;
  port = g_ascii_strtoull (fields[1], &end, 10);
  if (errno != 0 || end == fields[1] || *end != '\0' || port == 0 || port > G_MAXUINT16)
    return FALSE;

  entry->fingerprint = rdp_certificate_normalize_fingerprint (fields[2]);
  if (entry->fingerprint == NULL)
    return FALSE;
  entry->host = normalize_host (fields[0]);
  entry->port = (guint) port;
  return TRUE;
}

static void
set_read_error (GError     **error,
                const char  *path,
                int          errsv)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not read the known hosts file %s: %s"), path, g_strerror (errsv));
}

/* Reads the whole file at @path, which must be a regular file of at most
 * MAX_FILE_SIZE bytes. It never blocks on what is not a regular file: it
 * opens without blocking (a FIFO without a writer, a terminal) and looks at
 * what it opened before reading from it. A missing file is empty. */
static GBytes *
read_contents (const char  *path,
               GError     **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  struct stat st;
  int fd;
  int errsv;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      errsv = errno;
      if (errsv == ENOENT)
        return g_bytes_new (NULL, 0);
      set_read_error (error, path, errsv);
      return NULL;
    }

  if (fstat (fd, &st) < 0)
    {
      errsv = errno;
      close (fd);
      set_read_error (error, path, errsv);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("The known hosts file %s is a directory"), path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("The known hosts file %s is not a regular file"), path);
      return NULL;
    }

  /* The size may change while it is read: the limit holds for the bytes
   * read, not for what fstat() said. */
  buffer = g_byte_array_sized_new ((guint) MIN (st.st_size, MAX_FILE_SIZE) + 1);
  for (;;)
    {
      guint8 chunk[16384];
      gssize n;

      n = read (fd, chunk, sizeof chunk);
      if (n < 0)
        {
          errsv = errno;
          if (errsv == EINTR)
            continue;
          close (fd);
          set_read_error (error, path, errsv);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > MAX_FILE_SIZE)
        {
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                       _("The known hosts file %s is larger than %u bytes"),
                       path, (guint) MAX_FILE_SIZE);
          return NULL;
        }
      g_byte_array_append (buffer, chunk, (guint) n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* Reads the file into a list of entries, one per line. A missing file is an
 * empty list. Lines end at '\n' and nowhere else. */
static GPtrArray *
read_entries (RdpKnownHosts  *self,
              GError        **error)
{
  g_autoptr(GBytes) contents = NULL;
  const char *data, *p, *end;
  GPtrArray *entries;
  guint n_skipped = 0;
  guint line_number = 0;
  gsize length;

  contents = read_contents (self->path, error);
  if (contents == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func (entry_free);
  data = g_bytes_get_data (contents, &length);
  p = data;
  end = data != NULL ? data + length : NULL;
  while (p < end)
    {
      const char *newline = memchr (p, '\n', (gsize) (end - p));
      gsize line_len = newline != NULL ? (gsize) (newline - p) : (gsize) (end - p);
      Entry *entry = g_new0 (Entry, 1);

      line_number++;
      if (!parse_line (p, line_len, entry))
        {
          n_skipped++;
          g_debug ("%s:%u: skipping a line that is not a known host entry",
                   self->path, line_number);
          g_clear_pointer (&entry->host, g_free);
          g_clear_pointer (&entry->fingerprint, g_free);
        }
      entry->text = g_memdup2 (p, line_len);
      entry->text_len = line_len;
      g_ptr_array_add (entries, entry);

      /* the end of the file after a final newline is not a line */
      p += line_len + (newline != NULL ? 1 : 0);
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

/* The lookup itself, shared by the synchronous and asynchronous forms;
 * @host is normalized. */
static char *
lookup (RdpKnownHosts  *self,
        const char     *host,
        guint           port,
        GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  Entry *entry;

  entries = read_entries (self, error);
  if (entries == NULL)
    return NULL;

  entry = find_entry (entries, host, port);
  return entry != NULL ? g_strdup (entry->fingerprint) : NULL;
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
 * A file that is not a regular file, or larger than 1 MiB, is not read and
 * fails the lookup with a %G_IO_ERROR.
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
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (RDP_IS_KNOWN_HOSTS (self), NULL);
  g_return_val_if_fail (host_is_valid (host), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normalized = normalize_host (host);
  return lookup (self, normalized, port, error);
}

typedef struct {
  char *host;           /* normalized */
  guint port;
} LookupData;

static void
lookup_data_free (gpointer data)
{
  LookupData *d = data;

  g_free (d->host);
  g_free (d);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LookupData *d = task_data;
  GError *error = NULL;
  char *fingerprint;

  fingerprint = lookup (RDP_KNOWN_HOSTS (source_object), d->host, d->port, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fingerprint, g_free);
}

/* The asynchronous form of rdp_known_hosts_lookup(), for the TLS upgrade:
 * the file is read in a worker thread of GIO's pool, as GFile reads files,
 * so that neither a slow file system nor a FIFO put in the file's place
 * stalls the caller's main context. Cancelling completes it at once. A host
 * that cannot be in the file has no entry. */
void
rdp_known_hosts_lookup_async (RdpKnownHosts       *self,
                              const char          *host,
                              guint16              port,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *d;

  g_return_if_fail (RDP_IS_KNOWN_HOSTS (self));
  g_return_if_fail (host != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rdp_known_hosts_lookup_async);
  g_task_set_name (task, "rdp_known_hosts_lookup_async");

  if (!host_is_valid (host))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  d = g_new0 (LookupData, 1);
  d->host = normalize_host (host);
  d->port = port;
  g_task_set_task_data (task, d, lookup_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, lookup_thread);
}

char *
rdp_known_hosts_lookup_finish (RdpKnownHosts  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_known_hosts_lookup_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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

      g_string_append_len (contents, entry->text, (gssize) entry->text_len);
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
  entry->text_len = strlen (entry->text);
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

  normalized = rdp_certificate_normalize_fingerprint (fingerprint);
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

  fingerprint = rdp_certificate_get_fingerprint (certificate);
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
