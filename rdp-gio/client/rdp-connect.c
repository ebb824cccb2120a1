/* rdp-connect.c: drivers that run an RdpConnector over an RdpFramed
 *
 * They move bytes between the framed stream and the connector and parse
 * nothing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connect.h"
#include "rdp-error.h"
#include "rdp-enum-types.h"
#include "rdp-client-info-private.h"
#include "rdp-i18n-private.h"

/* Says where in the sequence a read failed ("… in state licensing: the
 * connection was closed by the peer"); domain and code stay. */
static void
annotate_read_error (RdpConnector  *connector,
                     GError       **error)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *value;

  if (*error == NULL || g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  klass = g_type_class_ref (RDP_TYPE_CONNECTOR_STATE);
  value = g_enum_get_value (klass, rdp_connector_get_state (connector));
  g_prefix_error (error, _("Connection sequence, waiting in state %s: "), value ? value->value_nick : "?");
}

typedef enum {
  DRIVE_BEGIN,
  DRIVE_FINALIZE,
} DriveMode;

typedef struct {
  RdpFramed *framed;
  RdpConnector *connector;
  DriveMode mode;
  GBytes *written;   /* what is being written (self-wiping) */
} DriveData;

static void
drive_data_free (DriveData *data)
{
  g_clear_pointer (&data->written, g_bytes_unref);
  g_clear_object (&data->framed);
  g_clear_object (&data->connector);
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

  /* the connector's output wipes itself (the Client Info PDU holds the
   * password): whoever drops the last reference wipes it */
  g_clear_pointer (&data->written, g_bytes_unref);
  if (!rdp_framed_write_all_finish (RDP_FRAMED (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  drive_iterate (g_steal_pointer (&task));
}

/* Writes @output (if any) and goes on. Takes @task. */
static void
write_and_continue (GTask  *task,
                    GBytes *output)
{
  DriveData *data = g_task_get_task_data (task);

  if (output == NULL)
    {
      drive_iterate (task);
      return;
    }
  data->written = g_bytes_ref (output);
  rdp_framed_write_all_async (data->framed, output, g_task_get_priority (task),
                              g_task_get_cancellable (task), write_cb, task);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DriveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) pdu = NULL;
  g_autoptr(GBytes) output = NULL;
  GError *error = NULL;

  pdu = rdp_framed_read_by_hint_finish (RDP_FRAMED (source), result, &error);
  if (pdu == NULL)
    {
      if (error == NULL)
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                             _("The server closed the connection"));
      annotate_read_error (data->connector, &error);
      g_task_return_error (task, error);
      return;
    }
  output = rdp_connector_step (data->connector, pdu, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  write_and_continue (g_steal_pointer (&task), output);
}

/* One turn: stop, read, or step without input. Takes @task. */
static void
drive_iterate (GTask *task)
{
  DriveData *data = g_task_get_task_data (task);
  RdpConnectorState state = rdp_connector_get_state (data->connector);
  g_autoptr(GBytes) output = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (data->mode == DRIVE_BEGIN && state > RDP_CONNECTOR_STATE_CONNECTION_CONFIRM)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (data->mode == DRIVE_FINALIZE)
    {
      if (state == RDP_CONNECTOR_STATE_CONNECTED)
        {
          g_task_return_pointer (task,
                                 rdp_connection_result_ref (rdp_connector_get_result (data->connector)),
                                 (GDestroyNotify) rdp_connection_result_unref);
          g_object_unref (task);
          return;
        }
      if (state == RDP_CONNECTOR_STATE_CREDSSP)
        {
          g_task_return_new_error (task, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                                   _("The server selected Network Level Authentication (CredSSP), "
                                     "which is not supported yet"));
          g_object_unref (task);
          return;
        }
      if (state == RDP_CONNECTOR_STATE_SECURITY_UPGRADE)
        {
          g_task_return_new_error (task, RDP_ERROR, RDP_ERROR_FAILED,
                                   _("The security upgrade is due: upgrade the stream and call "
                                     "rdp_connector_mark_as_upgraded() first"));
          g_object_unref (task);
          return;
        }
    }

  if (rdp_connector_wants_input (data->connector))
    {
      rdp_framed_read_by_hint_async (data->framed, rdp_connector_get_pdu_hint (data->connector),
                                     g_task_get_priority (task), g_task_get_cancellable (task),
                                     read_cb, task);
      return;
    }

  output = rdp_connector_step (data->connector, NULL, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  write_and_continue (task, output);
}

static void
drive_start (RdpFramed           *framed,
             RdpConnector        *connector,
             DriveMode            mode,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  DriveData *data = g_new0 (DriveData, 1);

  g_task_set_source_tag (task, source_tag);
  data->framed = g_object_ref (framed);
  data->connector = g_object_ref (connector);
  data->mode = mode;
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

  drive_start (framed, connector, DRIVE_BEGIN, rdp_connect_begin_async,
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
 *   upgrade, for CredSSP; %NULL with Standard RDP Security
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the connection sequence is over
 * @user_data: data for @callback
 *
 * Runs @connector over @framed to the end of the connection sequence.
 *
 * When the server selected Network Level Authentication, this fails with
 * %RDP_ERROR_NOT_SUPPORTED: rdp-gio does not implement CredSSP yet.
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

  /* The public key is for CredSSP, which does not exist yet. */
  (void) server_public_key;
  drive_start (framed, connector, DRIVE_FINALIZE, rdp_connect_finalize_async,
               cancellable, callback, user_data);
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

/* The blocking twins: the same loop with the blocking I/O of RdpFramed. */
static gboolean
drive_sync (RdpFramed     *framed,
            RdpConnector  *connector,
            DriveMode      mode,
            GCancellable  *cancellable,
            GError       **error)
{
  for (;;)
    {
      RdpConnectorState state = rdp_connector_get_state (connector);
      g_autoptr(GBytes) pdu = NULL;
      g_autoptr(GBytes) output = NULL;
      GError *local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (mode == DRIVE_BEGIN && state > RDP_CONNECTOR_STATE_CONNECTION_CONFIRM)
        return TRUE;
      if (mode == DRIVE_FINALIZE)
        {
          if (state == RDP_CONNECTOR_STATE_CONNECTED)
            return TRUE;
          if (state == RDP_CONNECTOR_STATE_CREDSSP)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                           _("The server selected Network Level Authentication (CredSSP), "
                             "which is not supported yet"));
              return FALSE;
            }
          if (state == RDP_CONNECTOR_STATE_SECURITY_UPGRADE)
            {
              g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                           _("The security upgrade is due: upgrade the stream and call "
                             "rdp_connector_mark_as_upgraded() first"));
              return FALSE;
            }
        }

      if (rdp_connector_wants_input (connector))
        {
          pdu = rdp_framed_read_by_hint (framed, rdp_connector_get_pdu_hint (connector),
                                         cancellable, &local_error);
          if (pdu == NULL)
            {
              if (local_error == NULL)
                local_error = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                           _("The server closed the connection"));
              annotate_read_error (connector, &local_error);
              g_propagate_error (error, local_error);
              return FALSE;
            }
        }
      output = rdp_connector_step (connector, pdu, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (output != NULL)
        {
          gboolean written = rdp_framed_write_all (framed, output, cancellable, error);

          g_clear_pointer (&output, g_bytes_unref);
          if (!written)
            return FALSE;
        }
    }
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

  return drive_sync (framed, connector, DRIVE_BEGIN, cancellable, error);
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

  (void) server_public_key;
  if (!drive_sync (framed, connector, DRIVE_FINALIZE, cancellable, error))
    return NULL;
  return rdp_connection_result_ref (rdp_connector_get_result (connector));
}
