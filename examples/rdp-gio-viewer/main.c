/* rdp-gio-viewer: a GTK 4 remote desktop viewer on rdp-gio
 *
 *   rdp-gio-viewer                       a connect form
 *   rdp-gio-viewer HOST[:PORT] [--user USER] [--domain DOMAIN]
 *                  [--password-file FILE | --password-stdin]
 *                  [--security any|tls|nla|rdp] [--kdc-proxy URL]
 *                  [--width W] [--height H] [--codecs nscodec|none]
 *                  [--ca FILE] [--known-hosts FILE]
 *                  [--accept-certificate SHA256]
 *
 * With a host on the command line it connects at once (unless --user is
 * given without a password source: then the form opens, filled in, for the
 * password). The window shows the stages of the connection, then the
 * remote desktop (RdpGioDisplay, in rdp-gio-display.c: the widget to copy
 * into an application), scaled to the window. When the session ends, a
 * banner says why, with "Reconnect" and "Change…".
 *
 * The server certificate is trusted when it validates against --ca (or the
 * system's CAs) or the known-hosts file pins it (default:
 * rdp-gio/known_hosts in the user's config directory); otherwise a dialog
 * asks, while the main loop keeps running, and "Always trust" pins it.
 * --accept-certificate accepts the certificate with that SHA-256
 * fingerprint without asking (for tests and scripts; any other still gets
 * the dialog).
 *
 * --codecs chooses the bitmap codecs the viewer offers (RdpSettings:
 * bitmap-codecs): nscodec (the default) offers NSCodec, none offers no
 * codec, so that the server sends raw surface bits. Some servers encode
 * NSCodec lossily (Weston 10 does, whatever the client's capability says);
 * with none their picture is exact.
 *
 * The password comes from the form, --password-file (its first line) or
 * --password-stdin (one line), never from the command line; the copies the
 * viewer makes are wiped once RdpSettings has its own.
 *
 * Closing the window while connected disconnects gracefully first (and
 * prints "disconnected" on standard output once the server has been told);
 * so do SIGINT and SIGTERM.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <gtk/gtk.h>
#include <rdp-gio.h>

#include "rdp-gio-display.h"

typedef struct {
  char *server;                   /* HOST[:PORT] */
  char *user;
  char *domain;
  char *password_file;
  gboolean password_stdin;
  char *security;
  char *kdc_proxy;
  char *ca;
  char *known_hosts;
  char *accept_certificate;
  char *codecs;                   /* "nscodec" or "none" */
  int width;
  int height;
} Options;

typedef struct {
  Options options;
  GtkApplication *app;
  GtkWindow *window;
  GtkStack *stack;

  /* the form */
  GtkEditable *host_entry;
  GtkSpinButton *port_spin;
  GtkEditable *user_entry;
  GtkEditable *domain_entry;
  GtkEditable *password_entry;
  GtkDropDown *security_drop;
  GtkEditable *kdc_entry;

  /* the session page */
  RdpGioDisplay *display;
  GtkWidget *status_box;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  GtkRevealer *banner;
  GtkLabel *banner_label;

  /* the connection */
  RdpSettings *settings;
  RdpClient *client;
  RdpSession *session;
  GCancellable *cancellable;
  char *host;
  guint16 port;
  gboolean quitting;
} Viewer;

static const char *security_names[] = { "any", "tls", "nla", "rdp", NULL };
static const char *security_labels[] = {
  "TLS or NLA", "TLS only", "NLA only", "Standard RDP Security (insecure)", NULL
};

static gboolean
parse_security (const char          *text,
                RdpSecurityProtocol *out)
{
  if (g_str_equal (text, "tls"))
    *out = RDP_SECURITY_PROTOCOL_TLS;
  else if (g_str_equal (text, "rdp"))
    *out = RDP_SECURITY_PROTOCOL_STANDARD;
  else if (g_str_equal (text, "nla"))
    *out = RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;
  else if (g_str_equal (text, "any"))
    /* never Standard RDP Security: it must be asked for by name */
    *out = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;
  else
    return FALSE;
  return TRUE;
}

static char *
normalize_fingerprint (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static void
wipe_free (char *text)
{
  if (text != NULL)
    {
      explicit_bzero (text, strlen (text));
      g_free (text);
    }
}

static const char *
stage_name (RdpClientStage stage)
{
  switch (stage)
    {
    case RDP_CLIENT_STAGE_CONNECTING: return "Connecting…";
    case RDP_CLIENT_STAGE_NEGOTIATING: return "Negotiating security…";
    case RDP_CLIENT_STAGE_SECURITY_UPGRADE: return "Setting up TLS…";
    case RDP_CLIENT_STAGE_AUTHENTICATING: return "Authenticating…";
    case RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE: return "Exchanging settings…";
    case RDP_CLIENT_STAGE_CHANNEL_CONNECTION: return "Joining channels…";
    case RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE: return "Logging on…";
    case RDP_CLIENT_STAGE_LICENSING: return "Licensing…";
    case RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE: return "Exchanging capabilities…";
    case RDP_CLIENT_STAGE_FINALIZATION: return "Finishing…";
    case RDP_CLIENT_STAGE_CONNECTED: return "Connected";
    default: return "…";
    }
}

/* ---- status and banner ---- */

static void
show_status (Viewer     *viewer,
             const char *text)
{
  gtk_label_set_text (viewer->status_label, text);
  gtk_widget_set_visible (viewer->status_box, text != NULL);
  gtk_spinner_set_spinning (viewer->spinner, text != NULL);
}

static void
show_banner (Viewer     *viewer,
             const char *text)
{
  if (text != NULL)
    gtk_label_set_text (viewer->banner_label, text);
  gtk_revealer_set_reveal_child (viewer->banner, text != NULL);
}

/* ---- the certificate question ---- */

static void
certificate_answer (GtkWidget *dialog,
                    int        answer)      /* 0 reject, 1 once, 2 always */
{
  RdpCertificateRequest *request = g_object_get_data (G_OBJECT (dialog), "request");

  if (request != NULL && !rdp_certificate_request_is_finished (request))
    {
      if (answer == 0)
        rdp_certificate_request_reject (request);
      else
        rdp_certificate_request_accept (request, answer == 2);
    }
  g_object_set_data (G_OBJECT (dialog), "request", NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
certificate_button_cb (GtkButton *button,
                       gpointer   user_data)
{
  certificate_answer (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (button))), GPOINTER_TO_INT (user_data));
}

static gboolean
certificate_close_cb (GtkWindow *dialog,
                      gpointer   user_data)
{
  certificate_answer (GTK_WIDGET (dialog), 0);
  return TRUE;
}

static void
certificate_cancelled_cb (GCancellable *cancellable,
                          GtkWindow    *dialog)
{
  /* the connection gave up waiting: the request is answered already */
  gtk_window_destroy (dialog);
}

static void
show_certificate_dialog (Viewer                *viewer,
                         RdpCertificateRequest *request)
{
  gboolean changed = rdp_certificate_request_get_reason (request) == RDP_CERTIFICATE_REQUEST_REASON_CHANGED;
  g_autofree char *errors = rdp_certificate_request_describe_errors (request);
  g_autofree char *text = NULL;
  GtkWidget *dialog, *box, *label, *buttons, *button;
  GCancellable *cancellable;

  if (errors != NULL && g_ascii_islower (errors[0]))
    errors[0] = g_ascii_toupper (errors[0]);
  dialog = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (dialog), changed ? "Certificate changed" : "Untrusted certificate");
  gtk_window_set_transient_for (GTK_WINDOW (dialog), viewer->window);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_resizable (GTK_WINDOW (dialog), FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "request", g_object_ref (request), g_object_unref);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_window_set_child (GTK_WINDOW (dialog), box);

  if (changed)
    text = g_markup_printf_escaped ("<b>The certificate of %s:%u has changed.</b>\n\n"
                                    "Someone may be intercepting the connection, or the server "
                                    "has a new certificate.\n\n%s\n\n"
                                    "Trusted before:\n<tt>%s</tt>\nPresented now:\n<tt>%s</tt>",
                                    rdp_certificate_request_get_host (request),
                                    rdp_certificate_request_get_port (request), errors,
                                    rdp_certificate_request_get_known_fingerprint (request),
                                    rdp_certificate_request_get_fingerprint (request));
  else
    text = g_markup_printf_escaped ("<b>The certificate of %s:%u is not trusted.</b>\n\n%s\n\n"
                                    "SHA-256 fingerprint:\n<tt>%s</tt>",
                                    rdp_certificate_request_get_host (request),
                                    rdp_certificate_request_get_port (request), errors,
                                    rdp_certificate_request_get_fingerprint (request));
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), buttons);

  button = gtk_button_new_with_mnemonic ("_Cancel");
  g_signal_connect (button, "clicked", G_CALLBACK (certificate_button_cb), GINT_TO_POINTER (0));
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), button);
  gtk_widget_grab_focus (button);

  button = gtk_button_new_with_mnemonic ("Connect _once");
  g_signal_connect (button, "clicked", G_CALLBACK (certificate_button_cb), GINT_TO_POINTER (1));
  gtk_box_append (GTK_BOX (buttons), button);

  button = gtk_button_new_with_mnemonic ("_Always trust");
  g_signal_connect (button, "clicked", G_CALLBACK (certificate_button_cb), GINT_TO_POINTER (2));
  gtk_box_append (GTK_BOX (buttons), button);

  g_signal_connect (dialog, "close-request", G_CALLBACK (certificate_close_cb), NULL);
  cancellable = rdp_certificate_request_get_cancellable (request);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (certificate_cancelled_cb),
                             dialog, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
certificate_request_cb (RdpCertificateVerifier *verifier,
                        RdpCertificateRequest  *request,
                        Viewer                 *viewer)
{
  if (viewer->options.accept_certificate != NULL)
    {
      g_autofree char *wanted = normalize_fingerprint (viewer->options.accept_certificate);
      g_autofree char *got = normalize_fingerprint (rdp_certificate_request_get_fingerprint (request));

      if (g_str_equal (wanted, got))
        {
          rdp_certificate_request_accept (request, FALSE);
          return TRUE;
        }
    }
  show_status (viewer, "Waiting for your decision on the certificate…");
  show_certificate_dialog (viewer, request);
  return TRUE;
}

/* ---- the connection ---- */

static void
session_closed_cb (RdpSession   *session,
                   const GError *reason,
                   Viewer       *viewer)
{
  g_autofree char *text = NULL;

  if (viewer->quitting)
    return;
  if (reason != NULL)
    {
      text = g_strdup_printf ("The session ended: %s", reason->message);
      g_printerr ("rdp-gio-viewer: %s\n", text);
    }
  show_banner (viewer, text ? text : "Disconnected.");
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Viewer *viewer = user_data;
  RdpClient *client = RDP_CLIENT (source);
  g_autoptr(RdpConnectionResult) connection = NULL;
  g_autoptr(GError) error = NULL;
  RdpFramebuffer *fb;

  connection = rdp_client_connect_finish (client, result, &error);
  if (client != viewer->client)
    return;   /* an abandoned attempt */
  if (connection == NULL)
    {
      g_autofree char *text = NULL;

      if (viewer->quitting)
        return;
      show_status (viewer, NULL);
      text = g_strdup_printf ("Could not connect to %s: %s", viewer->host, error->message);
      g_printerr ("rdp-gio-viewer: %s\n", text);
      show_banner (viewer, text);
      return;
    }

  show_status (viewer, NULL);
  viewer->session = g_object_ref (rdp_client_get_session (client));
  g_signal_connect (viewer->session, "closed", G_CALLBACK (session_closed_cb), viewer);
  rdp_gio_display_set_session (viewer->display, viewer->session);
  gtk_widget_grab_focus (GTK_WIDGET (viewer->display));

  /* a window the size of the desktop (the user may resize it: it scales) */
  fb = rdp_session_get_framebuffer (viewer->session);
  gtk_window_set_default_size (viewer->window, rdp_framebuffer_get_width (fb),
                               rdp_framebuffer_get_height (fb));
}

static void
progress_cb (RdpClient      *client,
             RdpClientStage  stage,
             Viewer         *viewer)
{
  if (client == viewer->client && stage != RDP_CLIENT_STAGE_CONNECTED)
    show_status (viewer, stage_name (stage));
}

static void
drop_connection (Viewer *viewer)
{
  if (viewer->cancellable != NULL)
    g_cancellable_cancel (viewer->cancellable);
  g_clear_object (&viewer->cancellable);
  if (viewer->display != NULL)
    rdp_gio_display_set_session (viewer->display, NULL);
  if (viewer->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (viewer->session, viewer);
      if (!rdp_session_is_closed (viewer->session))
        rdp_session_disconnect_async (viewer->session, NULL, NULL, NULL);
      g_clear_object (&viewer->session);
    }
  if (viewer->client != NULL)
    g_signal_handlers_disconnect_by_data (viewer->client, viewer);
  g_clear_object (&viewer->client);
}

/* Connects with viewer->settings to viewer->host:viewer->port. */
static void
start_connect (Viewer *viewer)
{
  g_autofree char *title = NULL;

  drop_connection (viewer);
  show_banner (viewer, NULL);
  gtk_stack_set_visible_child_name (viewer->stack, "session");
  title = g_strdup_printf ("%s — RDP", viewer->host);
  gtk_window_set_title (viewer->window, title);

  viewer->cancellable = g_cancellable_new ();
  viewer->client = rdp_client_new (viewer->settings);
  g_signal_connect (viewer->client, "progress", G_CALLBACK (progress_cb), viewer);
  show_status (viewer, stage_name (RDP_CLIENT_STAGE_CONNECTING));
  rdp_client_connect_async (viewer->client, viewer->host, viewer->port, viewer->cancellable,
                            connected_cb, viewer);
}

/* Makes viewer->settings; takes @password (wiped and freed). */
static gboolean
prepare_settings (Viewer               *viewer,
                  const char           *server,
                  const char           *user,
                  const char           *domain,
                  char                 *password,
                  RdpSecurityProtocol   protocols,
                  const char           *kdc_proxy,
                  GError              **error)
{
  g_autoptr(GSocketConnectable) address = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpKnownHosts) known_hosts = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;

  address = g_network_address_parse (server, 3389, error);
  if (address == NULL)
    {
      wipe_free (password);
      return FALSE;
    }
  if (viewer->options.ca != NULL)
    {
      database = g_tls_file_database_new (viewer->options.ca, error);
      if (database == NULL)
        {
          wipe_free (password);
          return FALSE;
        }
    }
  g_free (viewer->host);
  viewer->host = g_strdup (g_network_address_get_hostname (G_NETWORK_ADDRESS (address)));
  viewer->port = g_network_address_get_port (G_NETWORK_ADDRESS (address));

  g_clear_object (&viewer->settings);
  viewer->settings = rdp_settings_new ();
  if (user != NULL && *user != '\0')
    rdp_settings_set_username (viewer->settings, user);
  if (domain != NULL && *domain != '\0')
    rdp_settings_set_domain (viewer->settings, domain);
  if (password != NULL)
    rdp_settings_set_password (viewer->settings, password);
  wipe_free (password);
  if (kdc_proxy != NULL && *kdc_proxy != '\0')
    rdp_settings_set_kdc_proxy_url (viewer->settings, kdc_proxy);
  rdp_settings_set_security_protocols (viewer->settings, protocols);
  rdp_settings_set_desktop_size (viewer->settings, viewer->options.width, viewer->options.height);
  /* without --codecs: the library's default (NSCodec) */
  if (viewer->options.codecs != NULL)
    rdp_settings_set_bitmap_codecs (viewer->settings,
                                    g_str_equal (viewer->options.codecs, "none")
                                    ? RDP_BITMAP_CODECS_NONE : RDP_BITMAP_CODECS_NSCODEC);

  known_hosts = rdp_known_hosts_new (viewer->options.known_hosts);
  verifier = rdp_certificate_verifier_new (database, known_hosts);
  g_signal_connect (verifier, "certificate-request", G_CALLBACK (certificate_request_cb), viewer);
  rdp_settings_set_certificate_verifier (viewer->settings, verifier);
  return TRUE;
}

/* ---- the form ---- */

static void
connect_clicked_cb (GtkButton *button,
                    Viewer    *viewer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  const char *host = gtk_editable_get_text (viewer->host_entry);
  guint security = gtk_drop_down_get_selected (viewer->security_drop);
  RdpSecurityProtocol protocols;
  char *password;

  if (*host == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (viewer->host_entry));
      return;
    }
  parse_security (security_names[MIN (security, G_N_ELEMENTS (security_names) - 2)], &protocols);
  if (strchr (host, ':') != NULL && host[0] != '[')
    server = g_strdup_printf ("[%s]:%d", host, gtk_spin_button_get_value_as_int (viewer->port_spin));
  else
    server = g_strdup_printf ("%s:%d", host, gtk_spin_button_get_value_as_int (viewer->port_spin));
  password = g_strdup (gtk_editable_get_text (viewer->password_entry));
  gtk_editable_set_text (viewer->password_entry, "");
  if (!prepare_settings (viewer, server,
                         gtk_editable_get_text (viewer->user_entry),
                         gtk_editable_get_text (viewer->domain_entry),
                         password, protocols,
                         gtk_editable_get_text (viewer->kdc_entry), &error))
    {
      show_banner (viewer, error->message);
      return;
    }
  start_connect (viewer);
}

static GtkWidget *
form_row (GtkGrid    *grid,
          int         row,
          const char *mnemonic,
          GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (grid, label, 0, row, 1, 1);
  gtk_grid_attach (grid, field, 1, row, 1, 1);
  return field;
}

static GtkWidget *
build_form (Viewer *viewer)
{
  GtkWidget *grid, *button, *clamp, *title;
  GtkStringList *security;

  clamp = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (clamp, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (clamp, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (clamp, 420, -1);

  title = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (title), "<big><b>Connect to a remote desktop</b></big>");
  gtk_box_append (GTK_BOX (clamp), title);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_box_append (GTK_BOX (clamp), grid);

  viewer->host_entry = GTK_EDITABLE (form_row (GTK_GRID (grid), 0, "_Host", gtk_entry_new ()));
  viewer->port_spin = GTK_SPIN_BUTTON (form_row (GTK_GRID (grid), 1, "_Port",
                                                 gtk_spin_button_new_with_range (1, 65535, 1)));
  gtk_spin_button_set_value (viewer->port_spin, 3389);
  viewer->user_entry = GTK_EDITABLE (form_row (GTK_GRID (grid), 2, "_User", gtk_entry_new ()));
  viewer->domain_entry = GTK_EDITABLE (form_row (GTK_GRID (grid), 3, "_Domain", gtk_entry_new ()));
  viewer->password_entry = GTK_EDITABLE (form_row (GTK_GRID (grid), 4, "Pass_word", gtk_password_entry_new ()));
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (viewer->password_entry), TRUE);
  security = gtk_string_list_new (security_labels);
  viewer->security_drop = GTK_DROP_DOWN (form_row (GTK_GRID (grid), 5, "_Security",
                                                   gtk_drop_down_new (G_LIST_MODEL (security), NULL)));
  viewer->kdc_entry = GTK_EDITABLE (form_row (GTK_GRID (grid), 6, "_KDC proxy", gtk_entry_new ()));
  gtk_entry_set_placeholder_text (GTK_ENTRY (viewer->kdc_entry), "https://…/KdcProxy (optional)");

  button = gtk_button_new_with_mnemonic ("_Connect");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  g_signal_connect (button, "clicked", G_CALLBACK (connect_clicked_cb), viewer);
  gtk_box_append (GTK_BOX (clamp), button);
  gtk_window_set_default_widget (viewer->window, button);
  gtk_entry_set_activates_default (GTK_ENTRY (viewer->host_entry), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (viewer->user_entry), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (viewer->domain_entry), TRUE);
  g_object_set (viewer->password_entry, "activates-default", TRUE, NULL);

  /* what the command line gave */
  if (viewer->options.server != NULL)
    {
      g_autoptr(GSocketConnectable) address = g_network_address_parse (viewer->options.server, 3389, NULL);

      if (address != NULL)
        {
          gtk_editable_set_text (viewer->host_entry,
                                 g_network_address_get_hostname (G_NETWORK_ADDRESS (address)));
          gtk_spin_button_set_value (viewer->port_spin, g_network_address_get_port (G_NETWORK_ADDRESS (address)));
        }
    }
  if (viewer->options.user != NULL)
    gtk_editable_set_text (viewer->user_entry, viewer->options.user);
  if (viewer->options.domain != NULL)
    gtk_editable_set_text (viewer->domain_entry, viewer->options.domain);
  if (viewer->options.kdc_proxy != NULL)
    gtk_editable_set_text (viewer->kdc_entry, viewer->options.kdc_proxy);
  if (viewer->options.security != NULL)
    for (guint i = 0; security_names[i] != NULL; i++)
      if (g_str_equal (security_names[i], viewer->options.security))
        gtk_drop_down_set_selected (viewer->security_drop, i);
  return clamp;
}

/* ---- the session page ---- */

static void
reconnect_clicked_cb (GtkButton *button,
                      Viewer    *viewer)
{
  if (viewer->settings != NULL)
    start_connect (viewer);
}

static void
change_clicked_cb (GtkButton *button,
                   Viewer    *viewer)
{
  drop_connection (viewer);
  show_banner (viewer, NULL);
  show_status (viewer, NULL);
  gtk_window_set_title (viewer->window, "Remote desktop");
  gtk_stack_set_visible_child_name (viewer->stack, "form");
}

static GtkWidget *
build_session_page (Viewer *viewer)
{
  GtkWidget *overlay, *box, *button;

  /* The display fills the page; status and banner float over it, so that
   * a window the desktop's size shows the desktop at scale 1. */
  overlay = gtk_overlay_new ();
  viewer->display = RDP_GIO_DISPLAY (rdp_gio_display_new ());
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (viewer->display));

  viewer->status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (viewer->status_box, "rdp-status");
  gtk_widget_set_halign (viewer->status_box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (viewer->status_box, GTK_ALIGN_CENTER);
  viewer->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_box_append (GTK_BOX (viewer->status_box), GTK_WIDGET (viewer->spinner));
  viewer->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (viewer->status_box), GTK_WIDGET (viewer->status_label));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), viewer->status_box);
  gtk_widget_set_visible (viewer->status_box, FALSE);

  viewer->banner = GTK_REVEALER (gtk_revealer_new ());
  gtk_widget_set_valign (GTK_WIDGET (viewer->banner), GTK_ALIGN_START);
  gtk_revealer_set_transition_type (viewer->banner, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (box, "rdp-banner");
  viewer->banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (viewer->banner_label, TRUE);
  gtk_label_set_xalign (viewer->banner_label, 0);
  gtk_label_set_selectable (viewer->banner_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (viewer->banner_label), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (viewer->banner_label));
  button = gtk_button_new_with_mnemonic ("_Reconnect");
  g_signal_connect (button, "clicked", G_CALLBACK (reconnect_clicked_cb), viewer);
  gtk_box_append (GTK_BOX (box), button);
  button = gtk_button_new_with_mnemonic ("C_hange…");
  g_signal_connect (button, "clicked", G_CALLBACK (change_clicked_cb), viewer);
  gtk_box_append (GTK_BOX (box), button);
  gtk_revealer_set_child (viewer->banner, box);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (viewer->banner));
  return overlay;
}

/* ---- the window ---- */

static void
disconnected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Viewer *viewer = user_data;
  g_autoptr(GError) error = NULL;

  if (rdp_session_disconnect_finish (RDP_SESSION (source), result, &error))
    g_print ("rdp-gio-viewer: disconnected from %s\n", viewer->host);
  else
    g_printerr ("rdp-gio-viewer: disconnecting: %s\n", error->message);
  if (viewer->window != NULL)
    gtk_window_destroy (viewer->window);
  g_application_release (G_APPLICATION (viewer->app));
}

static void
window_destroy_cb (GtkWidget *window,
                   Viewer    *viewer)
{
  viewer->window = NULL;
  viewer->display = NULL;
}

static gboolean
close_request_cb (GtkWindow *window,
                  Viewer    *viewer)
{
  if (viewer->quitting)
    return TRUE;
  viewer->quitting = TRUE;
  if (viewer->cancellable != NULL)
    g_cancellable_cancel (viewer->cancellable);
  if (viewer->session != NULL && !rdp_session_is_closed (viewer->session))
    {
      /* leave gracefully, then close */
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      g_application_hold (G_APPLICATION (viewer->app));
      rdp_session_disconnect_async (viewer->session, NULL, disconnected_cb, viewer);
      return TRUE;
    }
  return FALSE;
}

static gboolean
quit_signal_cb (gpointer user_data)
{
  Viewer *viewer = user_data;

  /* as if the window were closed */
  if (viewer->window != NULL && !close_request_cb (viewer->window, viewer))
    gtk_window_destroy (viewer->window);
  return G_SOURCE_CONTINUE;
}

static const char css[] =
  ".rdp-banner { background-color: #c01c28; color: white; padding: 6px 12px; }\n"
  ".rdp-status { background-color: rgba(0, 0, 0, 0.7); color: white; padding: 12px 18px;"
  "  border-radius: 9px; }\n";

static char *
read_password (Viewer   *viewer,
               GError  **error)
{
  char *password = NULL;
  gsize length;

  if (viewer->options.password_file != NULL)
    {
      if (!g_file_get_contents (viewer->options.password_file, &password, &length, error))
        return NULL;
    }
  else if (viewer->options.password_stdin)
    {
      char buf[1024];

      if (fgets (buf, sizeof buf, stdin) == NULL)
        buf[0] = '\0';
      password = g_strdup (buf);
      length = strlen (buf);
      explicit_bzero (buf, sizeof buf);
    }
  else
    return NULL;
  /* the first line only */
  password[strcspn (password, "\r\n")] = '\0';
  if (length > strlen (password))
    explicit_bzero (password + strlen (password), length - strlen (password));
  return password;
}

static void
activate_cb (GtkApplication *app,
             Viewer         *viewer)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  gboolean have_password = viewer->options.password_file != NULL || viewer->options.password_stdin;

  if (viewer->window != NULL)
    {
      gtk_window_present (viewer->window);
      return;
    }
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  viewer->window = GTK_WINDOW (gtk_application_window_new (app));
  gtk_window_set_title (viewer->window, "Remote desktop");
  gtk_window_set_default_size (viewer->window, viewer->options.width, viewer->options.height);
  g_signal_connect (viewer->window, "close-request", G_CALLBACK (close_request_cb), viewer);
  g_signal_connect (viewer->window, "destroy", G_CALLBACK (window_destroy_cb), viewer);

  viewer->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (viewer->stack, build_form (viewer), "form");
  gtk_stack_add_named (viewer->stack, build_session_page (viewer), "session");
  gtk_window_set_child (viewer->window, GTK_WIDGET (viewer->stack));

  if (viewer->options.server != NULL && (viewer->options.user == NULL || have_password))
    {
      g_autoptr(GError) error = NULL;
      RdpSecurityProtocol protocols = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID |
                                      RDP_SECURITY_PROTOCOL_HYBRID_EX;
      char *password = read_password (viewer, &error);

      if (error == NULL && viewer->options.security != NULL)
        parse_security (viewer->options.security, &protocols);
      if (error == NULL &&
          prepare_settings (viewer, viewer->options.server, viewer->options.user,
                            viewer->options.domain, g_steal_pointer (&password), protocols,
                            viewer->options.kdc_proxy, &error))
        start_connect (viewer);
      else
        {
          wipe_free (password);
          gtk_stack_set_visible_child_name (viewer->stack, "session");
          show_banner (viewer, error->message);
        }
    }
  else
    {
      gtk_stack_set_visible_child_name (viewer->stack, "form");
      if (viewer->options.server != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (viewer->password_entry));
    }
  gtk_window_present (viewer->window);
}

int
main (int   argc,
      char *argv[])
{
  Viewer viewer = { 0 };
  Options *o = &viewer.options;
  GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &o->user, "Log on as USER", "USER" },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &o->domain, "The user's domain", "DOMAIN" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &o->password_file,
      "Read the password from the first line of FILE", "FILE" },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &o->password_stdin,
      "Read the password from the first line of standard input", NULL },
    { "security", 0, 0, G_OPTION_ARG_STRING, &o->security,
      "The security protocols to allow: any (TLS or NLA, the default), tls, nla or rdp "
      "(Standard RDP Security alone: INSECURE, the password is sent in clear)", "PROTO" },
    { "kdc-proxy", 0, 0, G_OPTION_ARG_STRING, &o->kdc_proxy,
      "Authenticate with Kerberos through this KDC proxy (MS-KKDCP)", "URL" },
    { "width", 0, 0, G_OPTION_ARG_INT, &o->width, "The desktop width to ask for (default 1024)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &o->height, "The desktop height to ask for (default 768)", "H" },
    { "codecs", 0, 0, G_OPTION_ARG_STRING, &o->codecs,
      "The bitmap codecs to offer: nscodec (the default) or none (raw surface bits: "
      "exact pixels from servers whose NSCodec is lossy)", "CODECS" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &o->ca, "Trust the CAs (or self-signed certificate) in FILE", "FILE" },
    { "known-hosts", 0, 0, G_OPTION_ARG_FILENAME, &o->known_hosts,
      "The known-hosts file (default: rdp-gio/known_hosts in the config directory)", "FILE" },
    { "accept-certificate", 0, 0, G_OPTION_ARG_STRING, &o->accept_certificate,
      "Accept the certificate with this SHA-256 fingerprint without asking", "SHA256" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *app_argv[] = { argv[0], NULL };
  int status;

  setlocale (LC_ALL, "");
  o->width = 1024;
  o->height = 768;

  context = g_option_context_new ("[HOST[:PORT]] — show a remote desktop");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 2)
    {
      g_printerr ("%s\n", error ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return 1;
    }
  if (o->width < 200 || o->width > 8192 || o->height < 200 || o->height > 8192)
    {
      g_printerr ("rdp-gio-viewer: --width and --height must be between 200 and 8192\n");
      return 1;
    }
  if (o->security != NULL && !g_strv_contains (security_names, o->security))
    {
      g_printerr ("rdp-gio-viewer: --security must be any, tls, nla or rdp\n");
      return 1;
    }
  if (o->codecs != NULL && !g_str_equal (o->codecs, "nscodec") && !g_str_equal (o->codecs, "none"))
    {
      g_printerr ("rdp-gio-viewer: --codecs must be nscodec or none\n");
      return 1;
    }
  if (o->security != NULL && g_str_equal (o->security, "rdp"))
    g_printerr ("rdp-gio-viewer: WARNING: --security rdp: Standard RDP Security sends the "
                "password in clear and does not authenticate the server.\n");
  if (argc == 2)
    o->server = g_strdup (argv[1]);

  viewer.app = gtk_application_new ("org.rdpgio.Viewer", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (viewer.app, "activate", G_CALLBACK (activate_cb), &viewer);
  g_unix_signal_add (SIGINT, quit_signal_cb, &viewer);
  g_unix_signal_add (SIGTERM, quit_signal_cb, &viewer);
  status = g_application_run (G_APPLICATION (viewer.app), 1, app_argv);

  drop_connection (&viewer);
  g_clear_object (&viewer.settings);
  g_object_unref (viewer.app);
  g_free (viewer.host);
  g_free (o->server);
  g_free (o->user);
  g_free (o->domain);
  g_free (o->password_file);
  g_free (o->security);
  g_free (o->kdc_proxy);
  g_free (o->ca);
  g_free (o->known_hosts);
  g_free (o->accept_certificate);
  g_free (o->codecs);
  return status;
}
