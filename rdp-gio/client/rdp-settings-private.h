/* rdp-settings-private.h: the settings as the connection code reads them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "rdp-settings.h"
#include "rdp-connector-config-private.h"

G_BEGIN_DECLS

/* A snapshot of the settings, taken when a connection starts, so that later
 * changes to the object do not reach a connection under way: what the
 * connection sequence needs (the sans-I/O connector's configuration, with
 * the password as a self-wiping secret) and what only the drivers need. */
typedef struct {
  RdpConnectorConfig *connector;
  guint connect_timeout;
  RdpCertificateVerifier *certificate_verifier;
} RdpSettingsData;

RdpSettingsData *rdp_settings_snapshot       (RdpSettings     *self);
void             rdp_settings_data_free      (RdpSettingsData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpSettingsData, rdp_settings_data_free)

G_END_DECLS
