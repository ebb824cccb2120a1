/* rdp-connector-config-private.h: what the connection sequence is told
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "rdp-enums.h"

G_BEGIN_DECLS

/* A snapshot of what the connection sequence needs of the settings, taken
 * when a connection starts, so that later changes to the RdpSettings do not
 * reach a connection under way. It is plain data without GIO, so that the
 * sans-I/O connector can hold it; RdpSettings makes it
 * (rdp_settings_snapshot()). */
typedef struct {
  char *username;
  GBytes *password;                 /* UTF-8 without NUL, self-wiping; never NULL */
  char *domain;
  char *client_name;
  guint desktop_width;
  guint desktop_height;
  guint color_depth;
  guint keyboard_layout;
  guint keyboard_type;
  guint keyboard_subtype;
  guint keyboard_function_keys;
  guint client_build;
  guint performance_flags;
  RdpSecurityProtocol security_protocols;
  RdpBitmapCodecs bitmap_codecs;    /* offered in the Bitmap Codecs set */
  char **static_channels;
  char *kdc_proxy_url;              /* [MS-KKDCP] URL, or NULL */
} RdpConnectorConfig;

RdpConnectorConfig *rdp_connector_config_new  (void);
RdpConnectorConfig *rdp_connector_config_copy (const RdpConnectorConfig *config);
void                rdp_connector_config_free (RdpConnectorConfig       *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpConnectorConfig, rdp_connector_config_free)

G_END_DECLS
