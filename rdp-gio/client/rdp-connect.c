/* rdp-connect.c: drivers that run an RdpConnector over an RdpFramed
 *
 * They move bytes between the framed stream and the connector and parse
 * nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connect.h"
#include "rdp-connector-private.h"
#include "rdp-network-client.h"
#include "rdp-network-request.h"
#if RDP_HAS_SOUP_NETWORK_CLIENT
#include "rdp-soup-network-client.h"
#endif
#ifdef RDP_GIO_HAVE_KERBEROS
#include "rdp-kerberos-private.h"
#endif
#include "rdp-error.h"
#include "rdp-enum-types.h"
#include "rdp-client-info-private.h"
#include "rdp-i18n-private.h"

typedef enum {
  DRIVE_BEGIN,
  DRIVE_FINALIZE,
} DriveMode;

/* What a drive does next; the asynchronous and the blocking loops share
 * the decision (drive_next()) and what is done with each PDU
 * (drive_step(), drive_read_failed(), drive_result()) and differ only in
 * their I/O. */
typedef enum {
  NEXT_DONE,   /* the drive is over: success */
  NEXT_FAIL,   /* the drive is over: error set */
  NEXT_READ,   /* read a PDU by the hint and step with it */
  NEXT_STEP,   /* step without input */
  NEXT_KDC,    /* send the Kerberos KDC request (drive_kdc_request()) */
  NEXT_DISCOVER, /* look up the realm's KDCs in DNS (drive_srv_service()) */
} DriveNext;

/* A drive: the connector and, at the CredSSP point, the CredSSP exchange
 * that runs in its place until the server accepted the credentials. */
typedef struct {
  RdpConnector *connector;
  DriveMode mode;
  GBytes *server_public_key;        /* nullable */
  RdpNetworkClient *network;        /* for Kerberos; made when first needed */
  RdpCredssp *credssp;              /* while NLA runs */
  gboolean credssp_started;         /* the first TSRequest is out */
  gboolean early_result_checked;    /* HYBRID_EX's 4 bytes read and good */
  char *discovery_realm;            /* the realm whose KDCs DNS is asked for */
  guint srv_index;                  /* which SRV service: kdc_srv_protocols */
} Drive;

static void
drive_init (Drive            *drive,
            RdpConnector     *connector,
            DriveMode         mode,
            GBytes           *server_public_key,
            RdpNetworkClient *network)
{
  drive->connector = g_object_ref (connector);
  drive->mode = mode;
  drive->server_public_key = server_public_key ? g_bytes_ref (server_public_key) : NULL;
  drive->network = network ? g_object_ref (network) : NULL;
}

static void
drive_clear (Drive *drive)
{
  g_clear_object (&drive->connector);
  g_clear_object (&drive->network);
  g_clear_pointer (&drive->server_public_key, g_bytes_unref);
  g_clear_pointer (&drive->credssp, rdp_credssp_free);
  g_clear_pointer (&drive->discovery_realm, g_free);
}

/* What NLA needs next, at the CredSSP point: the first TSRequest, the
 * server's TSRequests until the credentials are out, with HYBRID_EX the
 * Early User Authorization Result; then the connector goes on. */
static DriveNext
drive_next_credssp (Drive       *drive,
                    RdpPduHint  *out_hint,
                    GError     **error)
{
  if (drive->credssp == NULL)
    {
#ifdef RDP_GIO_HAVE_KERBEROS
      /* no KDC configured for the realm: DNS first (the connector then
       * picks Kerberos or NTLM) */
      char *realm = rdp_connector_get_kdc_discovery_realm (drive->connector);

      if (realm != NULL)
        {
          g_free (drive->discovery_realm);
          drive->discovery_realm = realm;
          return NEXT_DISCOVER;
        }
#endif
      drive->credssp = rdp_connector_new_credssp (drive->connector, drive->server_public_key, error);
      if (drive->credssp == NULL)
        return NEXT_FAIL;
      rdp_credssp_set_hybrid_ex (drive->credssp,
                                 rdp_connector_get_selected_protocol (drive->connector) ==
                                 RDP_SECURITY_PROTOCOL_HYBRID_EX);
    }
#ifdef RDP_GIO_HAVE_KERBEROS
  {
    RdpKerberos *kerberos = rdp_kerberos_from_mechanism (rdp_credssp_get_mechanism (drive->credssp));

    /* Kerberos first gets its tickets from the KDC, through the network
     * client */
    if (kerberos != NULL && !rdp_kerberos_has_tickets (kerberos))
      return NEXT_KDC;
  }
#endif
  if (!drive->credssp_started)
    return NEXT_STEP;
  if (!rdp_credssp_is_done (drive->credssp))
    {
      *out_hint = RDP_PDU_HINT_CREDSSP;
      return NEXT_READ;
    }
  if (rdp_credssp_expects_early_user_auth_result (drive->credssp) && !drive->early_result_checked)
    {
      *out_hint = RDP_PDU_HINT_EARLY_USER_AUTH_RESULT;
      return NEXT_READ;
    }
  /* the server accepted the credentials: the connector goes on */
  g_clear_pointer (&drive->credssp, rdp_credssp_free);
  rdp_connector_mark_credssp_done (drive->connector);
  return NEXT_STEP;
}

/* Asks the connector what is due, as ironrdp's drivers do, instead of
 * comparing the order of its states: a failed or finished connector is not
 * "past the negotiation". */
static DriveNext
drive_next (Drive       *drive,
            RdpPduHint  *out_hint,
            GError     **error)
{
  RdpConnector *connector = drive->connector;
  DriveMode mode = drive->mode;
  RdpConnectorState state = rdp_connector_get_state (connector);

  if (state == RDP_CONNECTOR_STATE_FAILED)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("The connector failed in an earlier step and is of no more use"));
      return NEXT_FAIL;
    }
  if (state == RDP_CONNECTOR_STATE_CONNECTED)
    {
      if (mode == DRIVE_FINALIZE)
        return NEXT_DONE;
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("The connection sequence of this connector is already over"));
      return NEXT_FAIL;
    }
  if (rdp_connector_should_upgrade_security (connector))
    {
      if (mode == DRIVE_BEGIN)
        return NEXT_DONE;
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("The security upgrade is due: upgrade the stream and call "
                             "rdp_connector_mark_as_upgraded() first"));
      return NEXT_FAIL;
    }
  if (rdp_connector_should_perform_credssp (connector))
    {
      if (mode == DRIVE_BEGIN)
        return NEXT_DONE;
      return drive_next_credssp (drive, out_hint, error);
    }
  /* the negotiation is over once the server selected a protocol: with
   * Standard RDP Security no upgrade is due, and begin is done */
  if (rdp_connector_get_selected_protocol (connector) != RDP_SECURITY_PROTOCOL_NONE)
    {
      if (mode == DRIVE_BEGIN)
        return NEXT_DONE;
    }
  else if (mode == DRIVE_FINALIZE)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("The security negotiation is not over: run rdp_connect_begin() first"));
      return NEXT_FAIL;
    }
  if (!rdp_connector_wants_input (connector))
    return NEXT_STEP;
  *out_hint = rdp_connector_get_pdu_hint (connector);
  return NEXT_READ;
}

#ifdef RDP_GIO_HAVE_KERBEROS
/* The network request for a KDC entry of the krb5 configuration ("host",
 * "host:port", "tcp/host:port", "udp/host", "https://host/path"), or NULL. */
static RdpNetworkRequest *
kdc_entry_request (const char *entry,
                   const char *realm,
                   GBytes     *message,
                   gboolean    tcp_only)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  RdpNetworkProtocol protocol = RDP_NETWORK_PROTOCOL_TCP;

  if (g_str_has_prefix (entry, "https://") || g_str_has_prefix (entry, "http://"))
    {
      uri = g_uri_parse (entry, G_URI_FLAGS_NONE, NULL);
      protocol = g_str_has_prefix (entry, "https://") ? RDP_NETWORK_PROTOCOL_HTTPS : RDP_NETWORK_PROTOCOL_HTTP;
    }
  else
    {
      /* TCP unless the configuration says UDP: TCP takes a reply of any
       * size (a UDP one may come back as "too big") */
      if (g_str_has_prefix (entry, "udp/") && !tcp_only)
        {
          protocol = RDP_NETWORK_PROTOCOL_UDP;
          entry += 4;
        }
      else if (g_str_has_prefix (entry, "tcp/") || g_str_has_prefix (entry, "udp/"))
        entry += 4;
      text = g_strdup_printf ("%s://%s", protocol == RDP_NETWORK_PROTOCOL_UDP ? "udp" : "tcp", entry);
      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      if (uri != NULL && g_uri_get_port (uri) < 0)
        {
          GUri *with_port = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                         g_uri_get_host (uri), 88, "", NULL, NULL);

          g_uri_unref (uri);
          uri = with_port;
        }
    }
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  return rdp_network_request_new (protocol, uri, realm, message);
}

/* The request for the KDC that Kerberos waits for: to the KDC proxy of the
 * settings, else to the first KDC of the realm in the krb5 configuration. */
static RdpNetworkRequest *
drive_kdc_request (Drive   *drive,
                   GError **error)
{
  RdpKerberos *kerberos = rdp_kerberos_from_mechanism (rdp_credssp_get_mechanism (drive->credssp));
  const char *proxy = rdp_connector_get_kdc_proxy_url (drive->connector);
  g_autofree char *realm = NULL;
  g_autoptr(GBytes) message = NULL;
  RdpNetworkRequest *request = NULL;
  gboolean tcp_only = FALSE;

  message = rdp_kerberos_next_kdc_request (kerberos, &realm, &tcp_only);
  if (message == NULL)
    {
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("Kerberos has no request for the KDC and no tickets"));
      return NULL;
    }
  if (proxy != NULL)
    request = kdc_entry_request (proxy, realm, message, TRUE);
  else
    {
      g_auto(GStrv) kdcs = rdp_kerberos_get_kdcs (kerberos, realm);
      const char * const *found = rdp_connector_get_discovered_kdcs (drive->connector);

      for (guint i = 0; kdcs != NULL && kdcs[i] != NULL && request == NULL; i++)
        request = kdc_entry_request (kdcs[i], realm, message, tcp_only);
      /* else the KDCs DNS named for the user's realm */
      if (request == NULL && found != NULL && g_ascii_strcasecmp (realm, rdp_kerberos_get_realm (kerberos)) == 0)
        for (guint i = 0; found[i] != NULL && request == NULL; i++)
          request = kdc_entry_request (found[i], realm, message, tcp_only);
    }
  if (request == NULL)
    g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                 _("No KDC is known for the Kerberos realm %s: set a KDC proxy URL or name its "
                   "KDCs in the krb5 configuration"), realm);
  if (request != NULL && drive->network == NULL)
    {
#if RDP_HAS_SOUP_NETWORK_CLIENT
      drive->network = rdp_soup_network_client_new (NULL);
#else
      g_set_error_literal (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                           _("Kerberos needs a network client for the KDC, and rdp-gio was "
                             "built without libsoup: pass one"));
      g_clear_pointer (&request, rdp_network_request_unref);
#endif
    }
  return request;
}

/* KDC discovery through DNS: the SRV services asked for, in order — TCP
 * first, as it takes a reply of any size. */
static const char * const kdc_srv_protocols[] = { "tcp", "udp" };

/* The SRV service to look up next: "tcp", "udp". */
static const char *
drive_srv_service (Drive *drive)
{
  return kdc_srv_protocols[MIN (drive->srv_index, G_N_ELEMENTS (kdc_srv_protocols) - 1)];
}

/* What a lookup of drive_srv_service() gave (@targets, or @lookup_error):
 * TRUE when the discovery is over (the KDCs, or none, handed to the
 * connector, which picks the mechanism), FALSE with *@out_again set when
 * the next service is to be asked, FALSE with @error on cancellation.
 * Takes @lookup_error, not @targets. */
static gboolean
drive_srv_result (Drive     *drive,
                  GList     *targets,
                  GError    *lookup_error,
                  gboolean  *out_again,
                  GError   **error)
{
  const char *service = drive_srv_service (drive);
  g_autoptr(GPtrArray) kdcs = g_ptr_array_new_with_free_func (g_free);

  *out_again = FALSE;
  if (g_error_matches (lookup_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, lookup_error);
      return FALSE;
    }
  if (lookup_error != NULL)
    {
      /* no record (or no answer from DNS): the next service, then NTLM */
      g_debug ("connect: no KDC for %s in DNS (_kerberos._%s): %s", drive->discovery_realm, service,
               lookup_error->message);
      g_error_free (lookup_error);
    }
  /* GResolver sorted them by priority and weight (RFC 2782) */
  for (GList *l = targets; l != NULL; l = l->next)
    {
      const char *host = g_srv_target_get_hostname (l->data);
      guint16 port = g_srv_target_get_port (l->data);

      /* "." says the service is decidedly not there */
      if (host == NULL || host[0] == '\0' || strcmp (host, ".") == 0 || port == 0)
        continue;
      g_ptr_array_add (kdcs, g_strdup_printf (strchr (host, ':') != NULL ? "%s/[%s]:%u" : "%s/%s:%u",
                                              service, host, port));
    }
  if (kdcs->len == 0 && drive->srv_index + 1 < G_N_ELEMENTS (kdc_srv_protocols))
    {
      drive->srv_index++;
      *out_again = TRUE;
      return FALSE;
    }
  g_debug ("connect: %u KDC(s) for %s in DNS%s%s", kdcs->len, drive->discovery_realm,
           kdcs->len > 0 ? ", first " : "", kdcs->len > 0 ? (char *) kdcs->pdata[0] : "");
  g_ptr_array_add (kdcs, NULL);
  rdp_connector_set_discovered_kdcs (drive->connector, (const char * const *) kdcs->pdata);
  return TRUE;
}

/* Feeds the KDC's @reply (or the error of sending the request) to
 * Kerberos. Takes @send_error. */
static gboolean
drive_kdc_reply (Drive   *drive,
                 GBytes  *reply,
                 GError  *send_error,
                 GError **error)
{
  RdpKerberos *kerberos = rdp_kerberos_from_mechanism (rdp_credssp_get_mechanism (drive->credssp));

  if (reply == NULL)
    {
      if (!g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&send_error, _("Kerberos, asking the KDC of %s: "),
                        rdp_kerberos_get_realm (kerberos));
      g_propagate_error (error, send_error);
      return FALSE;
    }
  return rdp_kerberos_kdc_reply (kerberos, reply, error);
}
#endif

/* What NLA makes of a failure while the server's answer is due (@error;
 * NULL for the end of the stream). Once the client sent its credentials'
 * proof (the NTLM AUTHENTICATE), a server that closes the connection or
 * answers with something that is not a CredSSP message (FreeRDP's shadow
 * server closes; gnome-remote-desktop sends a Deactivate All PDU) has
 * refused them: RDP_ERROR_AUTHENTICATION_FAILED. Takes @error. */
static GError *
drive_credssp_failed (Drive  *drive,
                      GError *error)
{
  GError *closed = rdp_credssp_closed_error (drive->credssp);
  gboolean refused = g_error_matches (closed, RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED);
  gboolean ended = error == NULL ||
    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  gboolean not_credssp = g_error_matches (error, RDP_ERROR, RDP_ERROR_UNEXPECTED_PDU) ||
    g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  GError *result;

  if (ended && !refused)
    {
      /* closed before the client proved anything: RDP_ERROR_DISCONNECTED */
      g_clear_error (&error);
      return closed;
    }
  if (refused && ended)
    {
      result = g_error_new_literal (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                                    _("The server refused the credentials: it closed the connection "
                                      "instead of answering the authentication"));
      g_clear_error (&error);
      g_error_free (closed);
      return result;
    }
  if (refused && not_credssp)
    {
      /* the detail (what came instead) goes to the debug log, not the UI */
      g_debug ("credssp: the server answered the authentication with: %s", error->message);
      result = g_error_new_literal (RDP_ERROR, RDP_ERROR_AUTHENTICATION_FAILED,
                                    _("The server refused the credentials: it ended the authentication "
                                      "with a message that is not part of it"));
      g_clear_error (&error);
      g_error_free (closed);
      return result;
    }
  g_error_free (closed);
  return error;
}

/* Steps whoever's turn it is with @pdu (or none) and returns what to send
 * (or NULL), with @error set on failure. */
static GBytes *
drive_step (Drive    *drive,
            GBytes   *pdu,
            GError  **error)
{
  if (drive->credssp != NULL)
    {
      GError *local_error = NULL;
      GBytes *output;

      if (rdp_credssp_is_done (drive->credssp))
        {
          /* the Early User Authorization Result */
          gsize size;
          const guint8 *data = g_bytes_get_data (pdu, &size);

          if (rdp_credssp_check_early_user_auth_result (data, size, error))
            drive->early_result_checked = TRUE;
          return NULL;
        }
      output = rdp_credssp_step (drive->credssp, pdu, &local_error);
      drive->credssp_started = TRUE;
      if (local_error != NULL)
        g_propagate_error (error, pdu != NULL ? drive_credssp_failed (drive, local_error)
                                              : local_error);
      return output;
    }
  return rdp_connector_step (drive->connector, pdu, error);
}

/* The error of a read that returned no PDU (@read_error, or none for the
 * end of the stream), saying where in the sequence it failed ("… in state
 * licensing: the connection was closed by the peer"); domain and code stay.
 * Takes @read_error. */
static GError *
drive_read_failed (Drive  *drive,
                   GError *read_error)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return read_error;
  if (drive->credssp != NULL)
    return drive_credssp_failed (drive, read_error);
  if (read_error == NULL)
    read_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                      _("The server closed the connection"));
  klass = g_type_class_ref (RDP_TYPE_CONNECTOR_STATE);
  value = g_enum_get_value (klass, rdp_connector_get_state (drive->connector));
  g_prefix_error (&read_error, _("Connection sequence, waiting in state %s: "),
                  value ? value->value_nick : "?");
  return read_error;
}

/* What a drive that is done returns: TRUE for begin, the result for
 * finalize (as a pointer). */
static gpointer
drive_result (Drive *drive)
{
  if (drive->mode == DRIVE_BEGIN)
    return GINT_TO_POINTER (TRUE);
  return rdp_connection_result_ref (rdp_connector_get_result (drive->connector));
}

/* ---- the asynchronous loop ---- */

typedef struct {
  RdpFramed *framed;
  Drive drive;
  GBytes *written;   /* what is being written (self-wiping) */
} DriveData;

static void
drive_data_free (DriveData *data)
{
  g_clear_pointer (&data->written, g_bytes_unref);
  g_clear_object (&data->framed);
  drive_clear (&data->drive);
  g_free (data);
}

static void drive_iterate (GTask *task);

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DriveData *data = g_task_get_task_data (task);
  GError *error = NULL;

  /* what the connector and CredSSP send wipes itself (the Client Info PDU
   * and the TSCredentials hold the password): whoever drops the last
   * reference wipes it */
  g_clear_pointer (&data->written, g_bytes_unref);
  if (!rdp_framed_write_all_finish (RDP_FRAMED (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  drive_iterate (g_steal_pointer (&task));
}

/* Steps with @pdu (or none), writes what that produced (if anything) and
 * goes on. Takes @task. */
static void
step_and_continue (GTask  *task,
                   GBytes *pdu)
{
  DriveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) output = NULL;
  GError *error = NULL;

  output = drive_step (&data->drive, pdu, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (output == NULL)
    {
      drive_iterate (task);
      return;
    }
  data->written = g_steal_pointer (&output);
  rdp_framed_write_all_async (data->framed, data->written, g_task_get_priority (task),
                              g_task_get_cancellable (task), write_cb, task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  DriveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) pdu = NULL;
  GError *error = NULL;

  pdu = rdp_framed_read_by_hint_finish (RDP_FRAMED (source), result, &error);
  if (pdu == NULL)
    {
      g_task_return_error (task, drive_read_failed (&data->drive, error));
      g_object_unref (task);
      return;
    }
  step_and_continue (task, pdu);
}

#ifdef RDP_GIO_HAVE_KERBEROS
static void
srv_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  DriveData *data = g_task_get_task_data (task);
  GList *targets;
  GError *lookup_error = NULL;
  GError *error = NULL;
  gboolean again;

  targets = g_resolver_lookup_service_finish (G_RESOLVER (source), result, &lookup_error);
  if (!drive_srv_result (&data->drive, targets, lookup_error, &again, &error) && !again)
    {
      g_resolver_free_targets (targets);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_resolver_free_targets (targets);
  drive_iterate (task);
}

static void
kdc_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  DriveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) reply = NULL;
  GError *send_error = NULL;
  GError *error = NULL;

  reply = rdp_network_client_send_finish (RDP_NETWORK_CLIENT (source), result, &send_error);
  if (!drive_kdc_reply (&data->drive, reply, send_error, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  drive_iterate (task);
}
#endif

/* One turn: stop, read, or step without input. Takes @task. */
static void
drive_iterate (GTask *task)
{
  DriveData *data = g_task_get_task_data (task);
  RdpPduHint hint = RDP_PDU_HINT_ANY;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  switch (drive_next (&data->drive, &hint, &error))
    {
    case NEXT_DONE:
      if (data->drive.mode == DRIVE_BEGIN)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_pointer (task, drive_result (&data->drive),
                               (GDestroyNotify) rdp_connection_result_unref);
      g_object_unref (task);
      break;
    case NEXT_FAIL:
      g_task_return_error (task, error);
      g_object_unref (task);
      break;
    case NEXT_READ:
      rdp_framed_read_by_hint_async (data->framed, hint,
                                     g_task_get_priority (task), g_task_get_cancellable (task),
                                     read_cb, task);
      break;
#ifdef RDP_GIO_HAVE_KERBEROS
    case NEXT_KDC:
      {
        RdpNetworkRequest *request = drive_kdc_request (&data->drive, &error);

        if (request == NULL)
          {
            g_task_return_error (task, error);
            g_object_unref (task);
            break;
          }
        rdp_network_client_send_async (data->drive.network, request, g_task_get_cancellable (task),
                                       kdc_cb, task);
        rdp_network_request_unref (request);
      }
      break;
    case NEXT_DISCOVER:
      {
        /* GIO's resolver, asynchronous: no thread of ours, cancellable */
        g_autoptr(GResolver) resolver = g_resolver_get_default ();

        g_resolver_lookup_service_async (resolver, "kerberos", drive_srv_service (&data->drive),
                                         data->drive.discovery_realm, g_task_get_cancellable (task),
                                         srv_cb, task);
      }
      break;
#endif
    case NEXT_STEP:
    default:
      step_and_continue (task, NULL);
      break;
    }
}

static void
drive_start (RdpFramed           *framed,
             RdpConnector        *connector,
             DriveMode            mode,
             GBytes              *server_public_key,
             RdpNetworkClient    *network,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  DriveData *data = g_new0 (DriveData, 1);

  g_task_set_source_tag (task, source_tag);
  data->framed = g_object_ref (framed);
  drive_init (&data->drive, connector, mode, server_public_key, network);
  g_task_set_task_data (task, data, (GDestroyNotify) drive_data_free);
  drive_iterate (task);
}

/**
 * rdp_connect_begin_async:
 * @framed: the framed stream of a new TCP connection
 * @connector: a connector at the start of the connection sequence
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the negotiation is over
 * @user_data: data for @callback
 *
 * Runs @connector over @framed until the security upgrade is due (or,
 * with Standard RDP Security, until the negotiation is over): sends the
 * X.224 Connection Request and processes the Connection Confirm.
 *
 * Then, when rdp_connector_should_upgrade_security() says so, upgrade the
 * stream (rdp_tls_upgrade_framed_async()), call
 * rdp_connector_mark_as_upgraded() and go on with
 * rdp_connect_finalize_async() on the upgraded framed stream.
 *
 * The driver asks the connector what is due
 * (rdp_connector_should_upgrade_security(), the selected protocol) rather
 * than looking at the order of its states: a connector that already failed
 * (%RDP_CONNECTOR_STATE_FAILED) or whose sequence is over fails with
 * %RDP_ERROR_FAILED.
 *
 * Cancelling leaves the connector in the middle of the sequence: it is of
 * no more use.
 */
void
rdp_connect_begin_async (RdpFramed           *framed,
                         RdpConnector        *connector,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (RDP_IS_FRAMED (framed));
  g_return_if_fail (RDP_IS_CONNECTOR (connector));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  drive_start (framed, connector, DRIVE_BEGIN, NULL, NULL, rdp_connect_begin_async,
               cancellable, callback, user_data);
}

/**
 * rdp_connect_begin_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes rdp_connect_begin_async().
 *
 * Returns: %TRUE when the negotiation is over, %FALSE on error (an
 *   %RDP_ERROR from the connector, or an I/O error)
 */
gboolean
rdp_connect_begin_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_connect_begin_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rdp_connect_finalize_async:
 * @framed: the framed stream, upgraded to TLS when the connector asked for
 *   it
 * @connector: a connector past rdp_connect_begin_async() (and
 *   rdp_connector_mark_as_upgraded())
 * @server_public_key: (nullable): the server's public key from the TLS
 *   upgrade (rdp_tls_get_server_public_key()), which Network Level
 *   Authentication binds to; %NULL with Standard RDP Security
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the connection sequence is over
 * @user_data: data for @callback
 *
 * Runs @connector over @framed to the end of the connection sequence.
 *
 * When the server selected Network Level Authentication (HYBRID or
 * HYBRID_EX), it first runs CredSSP with NTLM over @framed: the user name,
 * domain and password of the connector's settings, proven to the server
 * only after the server proved it holds the private key of
 * @server_public_key (else %RDP_ERROR_SERVER_KEY_MISMATCH and no password
 * leaves the process). Credentials the server refuses — with an error code,
 * an Early User Authorization Result of "access denied", or by ending the
 * exchange — give %RDP_ERROR_AUTHENTICATION_FAILED. A
 * connector that failed, that has not finished the negotiation, or whose
 * security upgrade is due fails with %RDP_ERROR_FAILED.
 */
void
rdp_connect_finalize_async (RdpFramed           *framed,
                            RdpConnector        *connector,
                            GBytes              *server_public_key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RDP_IS_FRAMED (framed));
  g_return_if_fail (RDP_IS_CONNECTOR (connector));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  drive_start (framed, connector, DRIVE_FINALIZE, server_public_key, NULL, rdp_connect_finalize_async,
               cancellable, callback, user_data);
}

/**
 * rdp_connect_finalize_full_async:
 * @framed: the framed stream, upgraded to TLS when the connector asked for
 *   it
 * @connector: a connector past rdp_connect_begin_async() (and
 *   rdp_connector_mark_as_upgraded())
 * @server_public_key: (nullable): the server's public key from the TLS
 *   upgrade; %NULL with Standard RDP Security
 * @network_client: (nullable): what sends Kerberos's requests to the KDC,
 *   or %NULL for an [class@SoupNetworkClient] made when Kerberos needs one
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the connection sequence is over
 * @user_data: data for @callback
 *
 * rdp_connect_finalize_async() with the network client for Kerberos, as
 * ironrdp-tokio's `connect_finalize` takes one: when Network Level
 * Authentication uses Kerberos (see [property@Settings:kdc-proxy-url]),
 * every KDC round trip goes through @network_client, asynchronously, on the
 * thread-default main context of the call. Finish with
 * rdp_connect_finalize_finish().
 */
void
rdp_connect_finalize_full_async (RdpFramed           *framed,
                                 RdpConnector        *connector,
                                 GBytes              *server_public_key,
                                 RdpNetworkClient    *network_client,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RDP_IS_FRAMED (framed));
  g_return_if_fail (RDP_IS_CONNECTOR (connector));
  g_return_if_fail (network_client == NULL || RDP_IS_NETWORK_CLIENT (network_client));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  drive_start (framed, connector, DRIVE_FINALIZE, server_public_key, network_client,
               rdp_connect_finalize_async, cancellable, callback, user_data);
}

/**
 * rdp_connect_finalize_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Finishes rdp_connect_finalize_async().
 *
 * Returns: (transfer full): what the connection sequence settled, or %NULL
 *   on error
 */
RdpConnectionResult *
rdp_connect_finalize_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rdp_connect_finalize_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The blocking twins: the same decisions (drive_next(), drive_step()) with
 * the blocking I/O of RdpFramed. Returns what drive_result() returns, or
 * NULL. */
static gpointer
drive_sync (RdpFramed         *framed,
            RdpConnector      *connector,
            DriveMode          mode,
            GBytes            *server_public_key,
            RdpNetworkClient  *network,
            GCancellable      *cancellable,
            GError           **error)
{
  Drive drive = { 0 };
  gpointer result = NULL;

  drive_init (&drive, connector, mode, server_public_key, network);
  for (;;)
    {
      g_autoptr(GBytes) pdu = NULL;
      g_autoptr(GBytes) output = NULL;
      RdpPduHint hint = RDP_PDU_HINT_ANY;
      GError *local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      switch (drive_next (&drive, &hint, error))
        {
        case NEXT_DONE:
          result = drive_result (&drive);
          goto out;
        case NEXT_FAIL:
          goto out;
        case NEXT_READ:
          pdu = rdp_framed_read_by_hint (framed, hint, cancellable, &local_error);
          if (pdu == NULL)
            {
              g_propagate_error (error, drive_read_failed (&drive, local_error));
              goto out;
            }
          break;
#ifdef RDP_GIO_HAVE_KERBEROS
        case NEXT_KDC:
          {
            RdpNetworkRequest *request = drive_kdc_request (&drive, error);
            g_autoptr(GBytes) reply = NULL;

            if (request == NULL)
              goto out;
            reply = rdp_network_client_send (drive.network, request, cancellable, &local_error);
            rdp_network_request_unref (request);
            if (!drive_kdc_reply (&drive, reply, local_error, error))
              goto out;
          }
          continue;
        case NEXT_DISCOVER:
          {
            g_autoptr(GResolver) resolver = g_resolver_get_default ();
            GList *targets;
            gboolean again;

            targets = g_resolver_lookup_service (resolver, "kerberos", drive_srv_service (&drive),
                                                 drive.discovery_realm, cancellable, &local_error);
            if (!drive_srv_result (&drive, targets, local_error, &again, error) && !again)
              {
                g_resolver_free_targets (targets);
                goto out;
              }
            g_resolver_free_targets (targets);
          }
          continue;
#endif
        case NEXT_STEP:
        default:
          break;
        }
      output = drive_step (&drive, pdu, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          goto out;
        }
      if (output != NULL && !rdp_framed_write_all (framed, output, cancellable, error))
        goto out;
    }

out:
  drive_clear (&drive);
  return result;
}

/**
 * rdp_connect_begin:
 * @framed: the framed stream of a new TCP connection
 * @connector: a connector at the start of the connection sequence
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of rdp_connect_begin_async().
 *
 * Returns: %TRUE when the negotiation is over, %FALSE on error
 */
gboolean
rdp_connect_begin (RdpFramed     *framed,
                   RdpConnector  *connector,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (RDP_IS_FRAMED (framed), FALSE);
  g_return_val_if_fail (RDP_IS_CONNECTOR (connector), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  return drive_sync (framed, connector, DRIVE_BEGIN, NULL, NULL, cancellable, error) != NULL;
}

/**
 * rdp_connect_finalize:
 * @framed: the framed stream, upgraded to TLS when the connector asked for
 *   it
 * @connector: a connector past rdp_connect_begin()
 * @server_public_key: (nullable): the server's public key from the TLS
 *   upgrade, for CredSSP
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of rdp_connect_finalize_async().
 *
 * Returns: (transfer full): what the connection sequence settled, or %NULL
 *   on error
 */
RdpConnectionResult *
rdp_connect_finalize (RdpFramed     *framed,
                      RdpConnector  *connector,
                      GBytes        *server_public_key,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (RDP_IS_FRAMED (framed), NULL);
  g_return_val_if_fail (RDP_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  return drive_sync (framed, connector, DRIVE_FINALIZE, server_public_key, NULL, cancellable, error);
}

/**
 * rdp_connect_finalize_full:
 * @framed: the framed stream, upgraded to TLS when the connector asked for
 *   it
 * @connector: a connector past rdp_connect_begin()
 * @server_public_key: (nullable): the server's public key from the TLS
 *   upgrade
 * @network_client: (nullable): what sends Kerberos's requests to the KDC,
 *   or %NULL for a default one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking version of rdp_connect_finalize_full_async().
 *
 * Returns: (transfer full): what the connection sequence settled, or %NULL
 *   on error
 */
RdpConnectionResult *
rdp_connect_finalize_full (RdpFramed         *framed,
                           RdpConnector      *connector,
                           GBytes            *server_public_key,
                           RdpNetworkClient  *network_client,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_return_val_if_fail (RDP_IS_FRAMED (framed), NULL);
  g_return_val_if_fail (RDP_IS_CONNECTOR (connector), NULL);
  g_return_val_if_fail (network_client == NULL || RDP_IS_NETWORK_CLIENT (network_client), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  return drive_sync (framed, connector, DRIVE_FINALIZE, server_public_key, network_client,
                     cancellable, error);
}
