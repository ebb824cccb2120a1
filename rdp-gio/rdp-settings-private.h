/* rdp-settings-private.h: the settings as the connection code reads them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-settings.h"

G_BEGIN_DECLS

/* A snapshot of the settings, taken when a connection starts, so that later
 * changes to the object do not reach a connection under way. Free with
 * rdp_settings_data_free(), which wipes the password. */
typedef struct {
  char *username;
  char *password;
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
  char **static_channels;
  guint connect_timeout;
  RdpCertificateVerifier *certificate_verifier;
} RdpSettingsData;

RdpSettingsData *rdp_settings_snapshot       (RdpSettings     *self);
void             rdp_settings_data_free      (RdpSettingsData *data);
void             rdp_wipe_string             (char            *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpSettingsData, rdp_settings_data_free)

G_END_DECLS
