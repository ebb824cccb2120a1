/* rdp-enums.c: the public enumerations in words
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-enums.h"
#include "rdp-i18n-private.h"

/**
 * rdp_client_stage_to_string:
 * @stage: a stage of a connection, as [signal@Client::progress] reports it
 *
 * Names @stage in words for a user interface, for instance a status line
 * (“Authenticating”), translated into the user's language.
 *
 * Returns: (transfer none): the translated name of @stage (“Unknown stage”
 *   for a value that is not a stage)
 */
const char *
rdp_client_stage_to_string (RdpClientStage stage)
{
  switch (stage)
    {
    case RDP_CLIENT_STAGE_CONNECTING:
      return _("Connecting");
    case RDP_CLIENT_STAGE_NEGOTIATING:
      return _("Negotiating the security protocol");
    case RDP_CLIENT_STAGE_SECURITY_UPGRADE:
      return _("Securing the connection");
    case RDP_CLIENT_STAGE_AUTHENTICATING:
      return _("Authenticating");
    case RDP_CLIENT_STAGE_BASIC_SETTINGS_EXCHANGE:
      return _("Exchanging the basic settings");
    case RDP_CLIENT_STAGE_CHANNEL_CONNECTION:
      return _("Connecting the channels");
    case RDP_CLIENT_STAGE_SECURE_SETTINGS_EXCHANGE:
      return _("Sending the client information");
    case RDP_CLIENT_STAGE_LICENSING:
      return _("Licensing");
    case RDP_CLIENT_STAGE_CAPABILITIES_EXCHANGE:
      return _("Exchanging the capabilities");
    case RDP_CLIENT_STAGE_FINALIZATION:
      return _("Finishing the connection");
    case RDP_CLIENT_STAGE_CONNECTED:
      return _("Connected");
    default:
      return _("Unknown stage");
    }
}

/**
 * rdp_security_protocol_to_string:
 * @protocols: one security protocol, for instance the one the server
 *   selected ([method@ConnectionResult.get_selected_protocol]), or several
 *
 * Names @protocols in words for a user interface, translated into the
 * user's language: “TLS”, “Network Level Authentication (CredSSP)”, … Several
 * flags are named in a comma-separated list, from the weakest protocol to
 * the strongest; %RDP_SECURITY_PROTOCOL_NONE is “None”.
 *
 * Returns: (transfer full): the translated name of @protocols
 */
char *
rdp_security_protocol_to_string (RdpSecurityProtocol protocols)
{
  static const struct {
    RdpSecurityProtocol flag;
    const char *name;
  } names[] = {
    { RDP_SECURITY_PROTOCOL_STANDARD, N_("Standard RDP Security") },
    { RDP_SECURITY_PROTOCOL_TLS, N_("TLS") },
    { RDP_SECURITY_PROTOCOL_HYBRID, N_("Network Level Authentication (CredSSP)") },
    { RDP_SECURITY_PROTOCOL_HYBRID_EX,
      N_("Network Level Authentication (CredSSP) with Early User Authorization") },
  };
  GString *s = g_string_new (NULL);
  guint known = 0;
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      known |= names[i].flag;
      if ((protocols & names[i].flag) == 0)
        continue;
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, _(names[i].name));
    }
  if ((protocols & ~known) != 0)
    {
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, _("an unknown protocol"));
    }
  if (s->len == 0)
    g_string_append (s, _("None"));
  return g_string_free (s, FALSE);
}
