/* rdp-connector-config.c: what the connection sequence is told
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-config-private.h"
#include "rdp-secret-private.h"

RdpConnectorConfig *
rdp_connector_config_new (void)
{
  RdpConnectorConfig *config = g_new0 (RdpConnectorConfig, 1);

  config->password = rdp_secret_new (NULL, 0);
  config->bitmap_codecs = RDP_BITMAP_CODECS_NSCODEC;
  return config;
}

RdpConnectorConfig *
rdp_connector_config_copy (const RdpConnectorConfig *config)
{
  RdpConnectorConfig *copy = g_new0 (RdpConnectorConfig, 1);

  *copy = *config;
  copy->username = g_strdup (config->username);
  /* a secret is immutable: sharing it is safe, and the last owner wipes it */
  copy->password = g_bytes_ref (config->password);
  copy->domain = g_strdup (config->domain);
  copy->client_name = g_strdup (config->client_name);
  copy->static_channels = g_strdupv (config->static_channels);
  copy->kdc_proxy_url = g_strdup (config->kdc_proxy_url);
  return copy;
}

void
rdp_connector_config_free (RdpConnectorConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->username);
  g_clear_pointer (&config->password, g_bytes_unref);
  g_free (config->domain);
  g_free (config->client_name);
  g_strfreev (config->static_channels);
  g_free (config->kdc_proxy_url);
  g_free (config);
}
