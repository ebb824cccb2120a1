/* sans-io-link-check.c: links the whole sans-I/O library without libgio
 *
 * The build links every object of librdp-gio-sansio into this program
 * against GLib, GObject and the crypto libraries only: a GIO symbol used
 * anywhere in the sans-I/O layers fails the build here. Running it makes a
 * connector from a configuration and steps it once.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-connector-config-private.h"
#include "rdp-connector-private.h"

int
main (void)
{
  g_autoptr(RdpConnectorConfig) config = rdp_connector_config_new ();
  g_autoptr(RdpConnector) connector = NULL;
  g_autoptr(GBytes) request = NULL;

  config->security_protocols = RDP_SECURITY_PROTOCOL_TLS;
  config->desktop_width = 1024;
  config->desktop_height = 768;
  config->color_depth = 32;
  connector = rdp_connector_new_with_config (config);
  request = rdp_connector_step (connector, NULL, NULL);
  return request != NULL ? 0 : 1;
}
