/* rdp-gio-viewer: a GTK 4 remote desktop viewer on rdp-gio
 *
 *   rdp-gio-viewer [HOST[:PORT]] [--user USER] [--domain DOMAIN]
 *                  [--password-file FILE] [--security tls|nla|any]
 *                  [--kdc-proxy URL] [--accept-certificate SHA256]
 *                  [--known-hosts FILE] [--undecorated]
 *
 * Without a host it shows a connect form. It shows the connection's
 * progress, asks about an untrusted certificate in a dialog (answered
 * asynchronously: the connection waits, the window does not), then the
 * remote desktop (rdp-gio-display.c, which an application can copy), and
 * why the session ended in a banner.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gtk/gtk.h>
#include <rdp-gio.h>

#include "rdp-gio-display.h"

typedef struct {
  GtkApplication *app;
  GtkWindow *window;
  GtkStack *stack;
  GtkWidget *display;
  GtkLabel *status;
  GtkWidget *banner;
  GtkLabel *banner_label;
  GtkEntry *host_entry, *user_entry, *domain_entry, *kdc_entry;
  GtkPasswordEntry *password_entry;
  GtkDropDown *security;
  RdpClient *client;

  /* the command line */
  char *host;
  char *user;
  char *domain;
  char *password_file;
  char *security_name;
  char *kdc_proxy;
  char *accept_fingerprint;
  char *known_hosts;
  gboolean undecorated;
} Viewer;

static void
show_banner (Viewer     *v,
             const char *text)
{
  gtk_label_set_text (v->banner_label, text);
  gtk_widget_set_visible (v->banner, TRUE);
}

static char *
plain_fingerprint (const char *fingerprint)
{
  GString *out = g_string_new (NULL);

  for (const char *p = fingerprint; *p; p++)
    if (*p != ':')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static void
certificate_response_cb (GtkDialog             *dialog,
                         int                    response,
                         RdpCertificateRequest *request)
{
  if (!rdp_certificate_request_is_finished (request))
    {
      if (response == 1)
        rdp_certificate_request_accept (request, FALSE);
      else if (response == 2)
        rdp_certificate_request_accept (request, TRUE);
      else
        rdp_certificate_request_reject (request);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
certificate_request_cb (RdpCertificateVerifier *verifier,
                        RdpCertificateRequest  *request,
                        Viewer                 *v)
{
  g_autofree char *errors = rdp_certificate_request_describe_errors (request);
  GtkWidget *dialog;

  if (v->accept_fingerprint != NULL)
    {
      g_autofree char *want = plain_fingerprint (v->accept_fingerprint);
      g_autofree char *got = plain_fingerprint (rdp_certificate_request_get_fingerprint (request));

      if (g_str_equal (want, got))
        rdp_certificate_request_accept (request, FALSE);
      else
        rdp_certificate_request_reject (request);
      return TRUE;
    }

  dialog = gtk_message_dialog_new (v->window, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   rdp_certificate_request_get_reason (request) ==
                                     RDP_CERTIFICATE_REQUEST_REASON_CHANGED ?
                                   "The certificate of %s has changed" :
                                   "The certificate of %s is not trusted",
                                   rdp_certificate_request_get_host (request));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            "%s\n\nSHA-256 fingerprint:\n%s", errors,
                                            rdp_certificate_request_get_fingerprint (request));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), "_Cancel", 0, "Connect _Once", 1,
                          "_Always Trust", 2, NULL);
  g_signal_connect_data (dialog, "response", G_CALLBACK (certificate_response_cb),
                         g_object_ref (request), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;   /* answered later */
}

static void
progress_cb (RdpClient      *client,
             RdpClientStage  stage,
             Viewer         *v)
{
  g_autofree char *text = g_strdup_printf ("%s…", rdp_client_stage_to_string (stage));

  gtk_label_set_text (v->status, text);
}

static void
closed_cb (RdpSession   *session,
           const GError *reason,
           Viewer       *v)
{
  show_banner (v, reason ? reason->message : "Disconnected");
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Viewer *v = user_data;
  g_autoptr(RdpConnectionResult) connection = NULL;
  g_autoptr(GError) error = NULL;
  RdpSession *session;

  connection = rdp_client_connect_finish (RDP_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      gtk_label_set_text (v->status, "");
      show_banner (v, error->message);
      gtk_stack_set_visible_child_name (v->stack, "form");
      return;
    }
  session = rdp_client_get_session (v->client);
  if (session == NULL)
    {
      show_banner (v, "The session could not start");
      return;
    }
  g_signal_connect (session, "closed", G_CALLBACK (closed_cb), v);
  rdp_gio_display_set_session (RDP_GIO_DISPLAY (v->display), session);
  gtk_window_set_default_size (v->window,
                               rdp_connection_result_get_desktop_width (connection),
                               rdp_connection_result_get_desktop_height (connection));
  gtk_stack_set_visible_child_name (v->stack, "desktop");
  gtk_widget_grab_focus (v->display);
}

static void
start_connect (Viewer     *v,
               const char *target,
               const char *user,
               const char *domain,
               const char *password,
               const char *security,
               const char *kdc_proxy)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpKnownHosts) known_hosts = v->known_hosts ? rdp_known_hosts_new (v->known_hosts) : NULL;
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, known_hosts);
  g_autofree char *host = NULL;
  g_autofree char *title = NULL;
  guint16 port = 3389;
  const char *colon = strrchr (target, ':');
  RdpSecurityProtocol protocols = RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID |
                                  RDP_SECURITY_PROTOCOL_HYBRID_EX;

  if (colon != NULL)
    {
      host = g_strndup (target, colon - target);
      port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
    }
  else
    host = g_strdup (target);
  if (g_strcmp0 (security, "tls") == 0)
    protocols = RDP_SECURITY_PROTOCOL_TLS;
  else if (g_strcmp0 (security, "nla") == 0)
    protocols = RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;

  g_signal_connect (verifier, "certificate-request", G_CALLBACK (certificate_request_cb), v);
  rdp_settings_set_certificate_verifier (settings, verifier);
  rdp_settings_set_security_protocols (settings, protocols);
  if (user != NULL && *user)
    rdp_settings_set_username (settings, user);
  if (domain != NULL && *domain)
    rdp_settings_set_domain (settings, domain);
  if (password != NULL)
    rdp_settings_set_password (settings, password);
  if (kdc_proxy != NULL && *kdc_proxy)
    rdp_settings_set_kdc_proxy_url (settings, kdc_proxy);

  g_clear_object (&v->client);
  v->client = rdp_client_new (settings);
  g_signal_connect (v->client, "progress", G_CALLBACK (progress_cb), v);
  gtk_widget_set_visible (v->banner, FALSE);
  gtk_stack_set_visible_child_name (v->stack, "progress");
  title = g_strdup_printf ("%s — rdp-gio viewer", host);
  gtk_window_set_title (v->window, title);
  rdp_client_connect_async (v->client, host, port ? port : 3389, NULL, connected_cb, v);
}

static void
connect_clicked_cb (GtkButton *button,
                    Viewer    *v)
{
  static const char *const securities[] = { "any", "tls", "nla" };
  const char *password = gtk_editable_get_text (GTK_EDITABLE (v->password_entry));

  start_connect (v, gtk_editable_get_text (GTK_EDITABLE (v->host_entry)),
                 gtk_editable_get_text (GTK_EDITABLE (v->user_entry)),
                 gtk_editable_get_text (GTK_EDITABLE (v->domain_entry)), password,
                 securities[MIN (gtk_drop_down_get_selected (v->security), 2)],
                 gtk_editable_get_text (GTK_EDITABLE (v->kdc_entry)));
}

static GtkWidget *
form_row (GtkGrid    *grid,
          int         row,
          const char *label,
          GtkWidget  *widget)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_grid_attach (grid, l, 0, row, 1, 1);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (grid, widget, 1, row, 1, 1);
  return widget;
}

static GtkWidget *
make_form (Viewer *v)
{
  static const char *const securities[] = { "Any (TLS or NLA)", "TLS", "NLA", NULL };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Connect");

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (grid), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 24);
  gtk_widget_set_valign (GTK_WIDGET (grid), GTK_ALIGN_CENTER);
  v->host_entry = GTK_ENTRY (form_row (grid, 0, "_Server", gtk_entry_new ()));
  gtk_entry_set_placeholder_text (v->host_entry, "host[:port]");
  v->user_entry = GTK_ENTRY (form_row (grid, 1, "_User", gtk_entry_new ()));
  v->domain_entry = GTK_ENTRY (form_row (grid, 2, "_Domain", gtk_entry_new ()));
  v->password_entry = GTK_PASSWORD_ENTRY (form_row (grid, 3, "_Password", gtk_password_entry_new ()));
  gtk_password_entry_set_show_peek_icon (v->password_entry, TRUE);
  v->security = GTK_DROP_DOWN (form_row (grid, 4, "Se_curity", gtk_drop_down_new_from_strings (securities)));
  v->kdc_entry = GTK_ENTRY (form_row (grid, 5, "_KDC proxy", gtk_entry_new ()));
  gtk_entry_set_placeholder_text (v->kdc_entry, "https://…/KdcProxy (optional)");
  g_signal_connect (button, "clicked", G_CALLBACK (connect_clicked_cb), v);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_grid_attach (grid, button, 1, 6, 1, 1);
  return GTK_WIDGET (grid);
}

static void
activate_cb (GtkApplication *app,
             Viewer         *v)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *progress = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();

  v->window = GTK_WINDOW (gtk_application_window_new (app));
  gtk_window_set_title (v->window, "rdp-gio viewer");
  gtk_window_set_default_size (v->window, 1024, 768);
  if (v->undecorated)
    gtk_window_set_decorated (v->window, FALSE);

  v->banner = gtk_info_bar_new ();
  gtk_info_bar_set_message_type (GTK_INFO_BAR (v->banner), GTK_MESSAGE_ERROR);
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (v->banner), TRUE);
  g_signal_connect (v->banner, "response", G_CALLBACK (gtk_widget_hide), NULL);
  v->banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (v->banner_label, TRUE);
  gtk_info_bar_add_child (GTK_INFO_BAR (v->banner), GTK_WIDGET (v->banner_label));
  gtk_widget_set_visible (v->banner, FALSE);
  gtk_box_append (GTK_BOX (box), v->banner);

  v->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (v->stack), TRUE);
  gtk_stack_add_named (v->stack, make_form (v), "form");
  v->status = GTK_LABEL (gtk_label_new ("Connecting…"));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_valign (progress, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (progress), spinner);
  gtk_box_append (GTK_BOX (progress), GTK_WIDGET (v->status));
  gtk_stack_add_named (v->stack, progress, "progress");
  v->display = rdp_gio_display_new ();
  gtk_stack_add_named (v->stack, v->display, "desktop");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (v->stack));
  gtk_window_set_child (v->window, box);
  gtk_window_present (v->window);

  if (v->host != NULL)
    {
      g_autofree char *password = NULL;

      if (v->password_file != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (!g_file_get_contents (v->password_file, &password, NULL, &error))
            {
              show_banner (v, error->message);
              return;
            }
          g_strchomp (password);
        }
      start_connect (v, v->host, v->user, v->domain, password, v->security_name, v->kdc_proxy);
      if (password != NULL)
        memset (password, 0, strlen (password));
    }
}

static int
command_line_cb (GApplication            *app,
                 GApplicationCommandLine *cmdline,
                 Viewer                  *v)
{
  g_auto(GStrv) argv = g_application_command_line_get_arguments (cmdline, NULL);

  if (argv[0] != NULL && argv[1] != NULL)
    v->host = g_strdup (argv[1]);
  activate_cb (GTK_APPLICATION (app), v);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  Viewer v = { 0 };
  GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &v.user, "User name", "USER" },
    { "domain", 'd', 0, G_OPTION_ARG_STRING, &v.domain, "Domain", "DOMAIN" },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &v.password_file, "Read the password from FILE", "FILE" },
    { "security", 0, 0, G_OPTION_ARG_STRING, &v.security_name, "tls, nla or any (the default)", "PROTOCOL" },
    { "kdc-proxy", 0, 0, G_OPTION_ARG_STRING, &v.kdc_proxy, "Kerberos through this KDC proxy", "URL" },
    { "accept-certificate", 0, 0, G_OPTION_ARG_STRING, &v.accept_fingerprint,
      "Accept an untrusted certificate with this SHA-256 fingerprint (and no other)", "SHA256" },
    { "known-hosts", 0, 0, G_OPTION_ARG_FILENAME, &v.known_hosts, "The known hosts file", "FILE" },
    { "undecorated", 0, 0, G_OPTION_ARG_NONE, &v.undecorated, "A window without decorations", NULL },
    { NULL }
  };
  int status;

  v.app = gtk_application_new ("org.rdpgio.Viewer", G_APPLICATION_HANDLES_COMMAND_LINE |
                                                    G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option_entries (G_APPLICATION (v.app), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (v.app), "[HOST[:PORT]]");
  g_signal_connect (v.app, "command-line", G_CALLBACK (command_line_cb), &v);
  status = g_application_run (G_APPLICATION (v.app), argc, argv);
  g_clear_object (&v.client);
  g_object_unref (v.app);
  return status;
}
