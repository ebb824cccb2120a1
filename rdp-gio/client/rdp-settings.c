/* rdp-settings.c: what a client asks of an RDP connection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include "rdp-settings-private.h"
#include "rdp-connector-private.h"
#include "rdp-secret-private.h"
#include "rdp-enum-types.h"
#include "rdp-i18n-private.h"

/**
 * RdpSettings:
 *
 * What a client asks of an RDP connection: credentials, the desktop it
 * wants, how it identifies itself, which security protocols it allows and
 * how it decides whether to trust the server.
 *
 * Every setting is a property with a sensible default; an application sets
 * what it needs and [method@Settings.validate] says, in a translated
 * message, what is out of range. A connection takes a snapshot of the
 * settings when it starts, so changing them later affects only later
 * connections.
 *
 * The password is write-only: it cannot be read back through the property,
 * it is never logged, and every copy rdp-gio keeps is overwritten with zeros
 * before it is freed.
 */

struct _RdpSettings {
  GObject parent_instance;

  /* what the connection sequence needs: a snapshot is a copy of it (the
   * password, a self-wiping secret, is shared) */
  RdpConnectorConfig *config;
  guint connect_timeout;
  RdpCertificateVerifier *certificate_verifier;
};

enum {
  PROP_0,
  PROP_USERNAME,
  PROP_PASSWORD,
  PROP_DOMAIN,
  PROP_CLIENT_NAME,
  PROP_DESKTOP_WIDTH,
  PROP_DESKTOP_HEIGHT,
  PROP_COLOR_DEPTH,
  PROP_KEYBOARD_LAYOUT,
  PROP_KEYBOARD_TYPE,
  PROP_KEYBOARD_SUBTYPE,
  PROP_KEYBOARD_FUNCTION_KEYS,
  PROP_CLIENT_BUILD,
  PROP_PERFORMANCE_FLAGS,
  PROP_SECURITY_PROTOCOLS,
  PROP_BITMAP_CODECS,
  PROP_STATIC_CHANNELS,
  PROP_CONNECT_TIMEOUT,
  PROP_CERTIFICATE_VERIFIER,
  PROP_KDC_PROXY_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RdpSettings, rdp_settings, G_TYPE_OBJECT)

#define DEFAULT_PROTOCOLS (RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID | \
                           RDP_SECURITY_PROTOCOL_HYBRID_EX)

static void
rdp_settings_init (RdpSettings *self)
{
  self->config = rdp_connector_config_new ();
  self->config->client_name = g_strdup ("rdp-gio");
  self->config->desktop_width = 1024;
  self->config->desktop_height = 768;
  self->config->color_depth = 32;
  self->config->keyboard_layout = 0x409;
  self->config->keyboard_type = 4;
  self->config->keyboard_function_keys = 12;
  self->config->client_build = 2600;
  self->config->performance_flags = 0x86;
  self->config->security_protocols = DEFAULT_PROTOCOLS;
  self->connect_timeout = 30;
}

static void
rdp_settings_finalize (GObject *object)
{
  RdpSettings *self = RDP_SETTINGS (object);

  g_clear_pointer (&self->config, rdp_connector_config_free);
  g_clear_object (&self->certificate_verifier);

  G_OBJECT_CLASS (rdp_settings_parent_class)->finalize (object);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* The previous password goes (wiped when its last holder, maybe a
 * connection under way, drops it); NULL is the empty password. */
static void
replace_password (RdpSettings *self,
                  const char  *password)
{
  g_bytes_unref (self->config->password);
  self->config->password = password != NULL ? rdp_secret_new_from_string (password)
                                             : rdp_secret_new (NULL, 0);
}

static guint *
uint_field (RdpSettings *self,
            guint        prop_id)
{
  switch (prop_id)
    {
    case PROP_DESKTOP_WIDTH: return &self->config->desktop_width;
    case PROP_DESKTOP_HEIGHT: return &self->config->desktop_height;
    case PROP_COLOR_DEPTH: return &self->config->color_depth;
    case PROP_KEYBOARD_LAYOUT: return &self->config->keyboard_layout;
    case PROP_KEYBOARD_TYPE: return &self->config->keyboard_type;
    case PROP_KEYBOARD_SUBTYPE: return &self->config->keyboard_subtype;
    case PROP_KEYBOARD_FUNCTION_KEYS: return &self->config->keyboard_function_keys;
    case PROP_CLIENT_BUILD: return &self->config->client_build;
    case PROP_PERFORMANCE_FLAGS: return &self->config->performance_flags;
    case PROP_CONNECT_TIMEOUT: return &self->connect_timeout;
    default: return NULL;
    }
}

static char **
string_field (RdpSettings *self,
              guint        prop_id)
{
  switch (prop_id)
    {
    case PROP_USERNAME: return &self->config->username;
    case PROP_DOMAIN: return &self->config->domain;
    case PROP_CLIENT_NAME: return &self->config->client_name;
    case PROP_KDC_PROXY_URL: return &self->config->kdc_proxy_url;
    default: return NULL;
    }
}

static void
rdp_settings_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RdpSettings *self = RDP_SETTINGS (object);
  guint *u;
  char **s;

  if ((u = uint_field (self, prop_id)))
    g_value_set_uint (value, *u);
  else if ((s = string_field (self, prop_id)))
    g_value_set_string (value, *s);
  else if (prop_id == PROP_SECURITY_PROTOCOLS)
    g_value_set_flags (value, self->config->security_protocols);
  else if (prop_id == PROP_BITMAP_CODECS)
    g_value_set_flags (value, self->config->bitmap_codecs);
  else if (prop_id == PROP_STATIC_CHANNELS)
    g_value_set_boxed (value, self->config->static_channels);
  else if (prop_id == PROP_CERTIFICATE_VERIFIER)
    g_value_set_object (value, self->certificate_verifier);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
rdp_settings_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RdpSettings *self = RDP_SETTINGS (object);
  gboolean changed = TRUE;
  guint *u;
  char **s;

  if ((u = uint_field (self, prop_id)))
    {
      changed = *u != g_value_get_uint (value);
      *u = g_value_get_uint (value);
    }
  else if ((s = string_field (self, prop_id)))
    changed = replace_string (s, g_value_get_string (value));
  else if (prop_id == PROP_PASSWORD)
    {
      replace_password (self, g_value_get_string (value));
    }
  else if (prop_id == PROP_SECURITY_PROTOCOLS)
    {
      changed = self->config->security_protocols != g_value_get_flags (value);
      self->config->security_protocols = g_value_get_flags (value);
    }
  else if (prop_id == PROP_BITMAP_CODECS)
    {
      changed = self->config->bitmap_codecs != g_value_get_flags (value);
      self->config->bitmap_codecs = g_value_get_flags (value);
    }
  else if (prop_id == PROP_STATIC_CHANNELS)
    {
      g_strfreev (self->config->static_channels);
      self->config->static_channels = g_value_dup_boxed (value);
    }
  else if (prop_id == PROP_CERTIFICATE_VERIFIER)
    changed = g_set_object (&self->certificate_verifier, g_value_get_object (value));
  else
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  if (changed)
    g_object_notify_by_pspec (object, pspec);
}

static GParamSpec *
uint_param (const char *name,
            guint       minimum,
            guint       maximum,
            guint       default_value)
{
  return g_param_spec_uint (name, NULL, NULL, minimum, maximum, default_value,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
string_param (const char *name,
              const char *default_value)
{
  return g_param_spec_string (name, NULL, NULL, default_value,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
rdp_settings_class_init (RdpSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rdp_settings_finalize;
  object_class->get_property = rdp_settings_get_property;
  object_class->set_property = rdp_settings_set_property;

  /**
   * RdpSettings:username:
   *
   * The user to log on as; also the `mstshash` cookie of the connection
   * request. %NULL or empty for none. `DOMAIN\\user` sets the domain too when
   * [property@Settings:domain] is empty. Default: %NULL.
   */
  properties[PROP_USERNAME] = string_param ("username", NULL);

  /**
   * RdpSettings:password:
   *
   * The user's password. Write-only; see the class description for how it
   * is kept.
   */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);

  /**
   * RdpSettings:domain:
   *
   * The user's domain, or %NULL. Default: %NULL.
   */
  properties[PROP_DOMAIN] = string_param ("domain", NULL);

  /**
   * RdpSettings:client-name:
   *
   * The name the client gives the server, at most
   * %RDP_SETTINGS_MAX_CLIENT_NAME characters; also the workstation name NLA
   * sends. Default: "rdp-gio".
   */
  properties[PROP_CLIENT_NAME] = string_param ("client-name", "rdp-gio");

  /**
   * RdpSettings:desktop-width:
   *
   * The desktop width the client asks for, in pixels (200 to 8192). The
   * server may settle on another; [struct@ConnectionResult] says which.
   * Default: 1024.
   */
  properties[PROP_DESKTOP_WIDTH] = uint_param ("desktop-width", 200, 8192, 1024);

  /**
   * RdpSettings:desktop-height:
   *
   * The desktop height the client asks for, in pixels (200 to 8192).
   * Default: 768.
   */
  properties[PROP_DESKTOP_HEIGHT] = uint_param ("desktop-height", 200, 8192, 768);

  /**
   * RdpSettings:color-depth:
   *
   * The colour depth the client asks for: 15, 16, 24 or 32 bits per pixel.
   * Default: 32.
   */
  properties[PROP_COLOR_DEPTH] = uint_param ("color-depth", 15, 32, 32);

  /**
   * RdpSettings:keyboard-layout:
   *
   * The keyboard layout identifier (for example 0x409 for US English).
   * Default: 0x409.
   */
  properties[PROP_KEYBOARD_LAYOUT] = uint_param ("keyboard-layout", 0, G_MAXUINT32, 0x409);

  /**
   * RdpSettings:keyboard-type:
   *
   * The keyboard type (4 is an IBM enhanced 101/102-key keyboard). Default:
   * 4.
   */
  properties[PROP_KEYBOARD_TYPE] = uint_param ("keyboard-type", 0, G_MAXUINT32, 4);

  /**
   * RdpSettings:keyboard-subtype:
   *
   * The original equipment manufacturer keyboard subtype. Default: 0.
   */
  properties[PROP_KEYBOARD_SUBTYPE] = uint_param ("keyboard-subtype", 0, G_MAXUINT32, 0);

  /**
   * RdpSettings:keyboard-function-keys:
   *
   * The number of function keys on the keyboard. Default: 12.
   */
  properties[PROP_KEYBOARD_FUNCTION_KEYS] = uint_param ("keyboard-function-keys", 0, 255, 12);

  /**
   * RdpSettings:client-build:
   *
   * The client build number sent to the server. Default: 2600.
   */
  properties[PROP_CLIENT_BUILD] = uint_param ("client-build", 0, G_MAXUINT32, 2600);

  /**
   * RdpSettings:performance-flags:
   *
   * The `TS_EXTENDED_INFO_PACKET` performance flags (`PERF_*` of
   * [MS-RDPBCGR] 2.2.1.11.1.1.1); the default disables full-window drag and
   * menu animations and enables font smoothing: 0x86.
   */
  properties[PROP_PERFORMANCE_FLAGS] = uint_param ("performance-flags", 0, G_MAXUINT32, 0x86);

  /**
   * RdpSettings:security-protocols:
   *
   * The security protocols the client allows. The default allows TLS and
   * NLA (%RDP_SECURITY_PROTOCOL_TLS, %RDP_SECURITY_PROTOCOL_HYBRID and
   * %RDP_SECURITY_PROTOCOL_HYBRID_EX), and never Standard RDP Security.
   *
   * **Allowing %RDP_SECURITY_PROTOCOL_STANDARD gives the password away.**
   * rdp-gio supports Standard RDP Security only in its form without
   * encryption, so the Client Info PDU, with the user name and the
   * password, crosses the network in clear, and nothing authenticates the
   * server. Worse, a man in the middle does not even need a server that
   * uses it: when the client allows it, an attacker who answers the X.224
   * Connection Request with a legacy Connection Confirm (no negotiation
   * response, which means Standard RDP Security) downgrades the connection
   * and reads the password. Allow it only on a network you control,
   * against a server that cannot do TLS, and never together with other
   * protocols "just in case".
   */
  properties[PROP_SECURITY_PROTOCOLS] =
    g_param_spec_flags ("security-protocols", NULL, NULL,
                        RDP_TYPE_SECURITY_PROTOCOL, DEFAULT_PROTOCOLS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpSettings:bitmap-codecs:
   *
   * The codecs the client offers in its Bitmap Codecs capability set; see
   * #RdpBitmapCodecs. With %RDP_BITMAP_CODECS_NONE the client sends no
   * such set, and a server that draws with surface commands (Weston) sends
   * raw 32-bit pixels: more bytes, but every pixel exact. Default:
   * %RDP_BITMAP_CODECS_NSCODEC.
   */
  properties[PROP_BITMAP_CODECS] =
    g_param_spec_flags ("bitmap-codecs", NULL, NULL,
                        RDP_TYPE_BITMAP_CODECS, RDP_BITMAP_CODECS_NSCODEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpSettings:static-channels:
   *
   * The names of the static virtual channels to join (at most 7 ASCII
   * characters each), or %NULL for none. Default: %NULL.
   */
  properties[PROP_STATIC_CHANNELS] =
    g_param_spec_boxed ("static-channels", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpSettings:connect-timeout:
   *
   * How long, in seconds, connecting may take from the first TCP packet to
   * the active stage; 0 for no limit. It bounds the whole connection, with
   * rdp_client_connect_async() and the blocking rdp_client_connect() alike,
   * however slowly the server sends; the %G_IO_ERROR_TIMED_OUT error names
   * the stage that was waiting. Default: 30 seconds. It is the only timeout
   * of a connection: single reads and writes have none of their own.
   *
   * The time the [property@Settings:certificate-verifier] takes to decide
   * about the server's certificate is not counted: the timeout is
   * suspended while it decides and goes on afterwards with the time that
   * was left. A person reading a certificate dialog is not a slow network.
   */
  properties[PROP_CONNECT_TIMEOUT] = uint_param ("connect-timeout", 0, 3600, 30);

  /**
   * RdpSettings:certificate-verifier:
   *
   * Decides whether to trust the server certificate, or %NULL to trust
   * only what the system's certificate database validates. Default: %NULL.
   */
  properties[PROP_CERTIFICATE_VERIFIER] =
    g_param_spec_object ("certificate-verifier", NULL, NULL, RDP_TYPE_CERTIFICATE_VERIFIER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * RdpSettings:kdc-proxy-url:
   *
   * The URL of a Kerberos KDC proxy ([MS-KKDCP]), such as
   * `https://gateway.example.com/KdcProxy`, or %NULL. When it is set,
   * Network Level Authentication uses Kerberos and sends every KDC request
   * there; without it, Kerberos is used when the krb5 configuration names
   * KDCs for the user's realm, and NTLM otherwise. See the Kerberos page
   * of this reference. Default: %NULL.
   */
  properties[PROP_KDC_PROXY_URL] = string_param ("kdc-proxy-url", NULL);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/**
 * rdp_settings_new:
 *
 * Creates settings with every property at its default.
 *
 * Returns: (transfer full): new settings
 */
RdpSettings *
rdp_settings_new (void)
{
  return g_object_new (RDP_TYPE_SETTINGS, NULL);
}

static gboolean
is_valid_channel_name (const char *name)
{
  gsize len = strlen (name);

  if (len == 0 || len > 7)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isprint (name[i]))
      return FALSE;
  return TRUE;
}

/**
 * rdp_settings_validate:
 * @self: a #RdpSettings
 * @error: return location for a #GError
 *
 * Checks that the settings can be sent: a client name of at most
 * %RDP_SETTINGS_MAX_CLIENT_NAME characters, a colour depth of 15, 16, 24 or
 * 32, at least one security protocol, valid channel names. Connecting
 * checks this too.
 *
 * Returns: %TRUE if the settings are valid, %FALSE with
 *   %G_IO_ERROR_INVALID_ARGUMENT and a translated message otherwise
 */
gboolean
rdp_settings_validate (RdpSettings  *self,
                       GError      **error)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->config->client_name != NULL &&
      g_utf8_strlen (self->config->client_name, -1) > RDP_SETTINGS_MAX_CLIENT_NAME)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The client name “%s” is longer than %u characters"),
                   self->config->client_name, (guint) RDP_SETTINGS_MAX_CLIENT_NAME);
      return FALSE;
    }
  if (self->config->color_depth != 15 && self->config->color_depth != 16 &&
      self->config->color_depth != 24 && self->config->color_depth != 32)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The colour depth must be 15, 16, 24 or 32 bits, not %u"),
                   self->config->color_depth);
      return FALSE;
    }
  if ((self->config->security_protocols & (RDP_SECURITY_PROTOCOL_STANDARD | RDP_SECURITY_PROTOCOL_TLS |
                                   RDP_SECURITY_PROTOCOL_HYBRID |
                                   RDP_SECURITY_PROTOCOL_HYBRID_EX)) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No security protocol is allowed"));
      return FALSE;
    }
  if (self->config->static_channels != NULL)
    {
      if (g_strv_length (self->config->static_channels) > 30)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("At most %u static virtual channels can be joined"), 30u);
          return FALSE;
        }
      for (char **c = self->config->static_channels; *c; c++)
        if (!is_valid_channel_name (*c))
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a valid channel name (1 to 7 ASCII characters)"), *c);
            return FALSE;
          }
    }
  if (self->config->kdc_proxy_url != NULL && self->config->kdc_proxy_url[0] != '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (self->config->kdc_proxy_url, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

      if (uri == NULL || g_uri_get_host (uri) == NULL ||
          (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not the URL of a KDC proxy (https://host/path)"),
                       self->config->kdc_proxy_url);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rdp_settings_get_username:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:username].
 *
 * Returns: (nullable): the user name
 */
const char *
rdp_settings_get_username (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), NULL);
  return self->config->username;
}

/**
 * rdp_settings_set_username:
 * @self: a #RdpSettings
 * @username: (nullable): the user name
 *
 * Sets [property@Settings:username].
 */
void
rdp_settings_set_username (RdpSettings *self,
                           const char  *username)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  if (replace_string (&self->config->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

/**
 * rdp_settings_set_password:
 * @self: a #RdpSettings
 * @password: (nullable): the password
 *
 * Sets [property@Settings:password]. The previous password is wiped.
 */
void
rdp_settings_set_password (RdpSettings *self,
                           const char  *password)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  replace_password (self, password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

/**
 * rdp_settings_get_domain:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:domain].
 *
 * Returns: (nullable): the domain
 */
const char *
rdp_settings_get_domain (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), NULL);
  return self->config->domain;
}

/**
 * rdp_settings_set_domain:
 * @self: a #RdpSettings
 * @domain: (nullable): the domain
 *
 * Sets [property@Settings:domain].
 */
void
rdp_settings_set_domain (RdpSettings *self,
                         const char  *domain)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  if (replace_string (&self->config->domain, domain))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

/**
 * rdp_settings_get_security_protocols:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:security-protocols].
 *
 * Returns: the allowed security protocols
 */
RdpSecurityProtocol
rdp_settings_get_security_protocols (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), RDP_SECURITY_PROTOCOL_NONE);
  return self->config->security_protocols;
}

/**
 * rdp_settings_set_security_protocols:
 * @self: a #RdpSettings
 * @protocols: the security protocols to allow
 *
 * Sets [property@Settings:security-protocols].
 */
void
rdp_settings_set_security_protocols (RdpSettings         *self,
                                     RdpSecurityProtocol  protocols)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  if (self->config->security_protocols == protocols)
    return;
  self->config->security_protocols = protocols;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY_PROTOCOLS]);
}

/**
 * rdp_settings_get_bitmap_codecs:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:bitmap-codecs].
 *
 * Returns: the codecs the client offers
 */
RdpBitmapCodecs
rdp_settings_get_bitmap_codecs (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), RDP_BITMAP_CODECS_NONE);
  return self->config->bitmap_codecs;
}

/**
 * rdp_settings_set_bitmap_codecs:
 * @self: a #RdpSettings
 * @codecs: the codecs to offer
 *
 * Sets [property@Settings:bitmap-codecs].
 */
void
rdp_settings_set_bitmap_codecs (RdpSettings     *self,
                                RdpBitmapCodecs  codecs)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  if (self->config->bitmap_codecs == codecs)
    return;
  self->config->bitmap_codecs = codecs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BITMAP_CODECS]);
}

/**
 * rdp_settings_get_certificate_verifier:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:certificate-verifier].
 *
 * Returns: (transfer none) (nullable): the verifier
 */
RdpCertificateVerifier *
rdp_settings_get_certificate_verifier (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), NULL);
  return self->certificate_verifier;
}

/**
 * rdp_settings_set_certificate_verifier:
 * @self: a #RdpSettings
 * @verifier: (nullable): the verifier
 *
 * Sets [property@Settings:certificate-verifier].
 */
void
rdp_settings_set_certificate_verifier (RdpSettings            *self,
                                       RdpCertificateVerifier *verifier)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  g_return_if_fail (verifier == NULL || RDP_IS_CERTIFICATE_VERIFIER (verifier));
  if (g_set_object (&self->certificate_verifier, verifier))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFICATE_VERIFIER]);
}

/* A typed setter of a guint property: the range of its GParamSpec is a
 * precondition, as GObject checks it for g_object_set(). */
static void
set_uint (RdpSettings *self,
          guint        prop_id,
          guint        value)
{
  GParamSpecUInt *pspec = G_PARAM_SPEC_UINT (properties[prop_id]);
  guint *field = uint_field (self, prop_id);

  g_return_if_fail (value >= pspec->minimum && value <= pspec->maximum);
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * rdp_settings_get_desktop_width:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:desktop-width].
 *
 * Returns: the desktop width, in pixels
 */
guint
rdp_settings_get_desktop_width (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->desktop_width;
}

/**
 * rdp_settings_set_desktop_width:
 * @self: a #RdpSettings
 * @width: the desktop width, in pixels, in the property's range
 *
 * Sets [property@Settings:desktop-width].
 */
void
rdp_settings_set_desktop_width (RdpSettings *self,
                               guint        width)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_DESKTOP_WIDTH, width);
}

/**
 * rdp_settings_get_desktop_height:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:desktop-height].
 *
 * Returns: the desktop height, in pixels
 */
guint
rdp_settings_get_desktop_height (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->desktop_height;
}

/**
 * rdp_settings_set_desktop_height:
 * @self: a #RdpSettings
 * @height: the desktop height, in pixels, in the property's range
 *
 * Sets [property@Settings:desktop-height].
 */
void
rdp_settings_set_desktop_height (RdpSettings *self,
                                guint        height)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_DESKTOP_HEIGHT, height);
}

/**
 * rdp_settings_get_color_depth:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:color-depth].
 *
 * Returns: the colour depth, in bits per pixel
 */
guint
rdp_settings_get_color_depth (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->color_depth;
}

/**
 * rdp_settings_set_color_depth:
 * @self: a #RdpSettings
 * @depth: the colour depth, in bits per pixel, in the property's range
 *
 * Sets [property@Settings:color-depth].
 */
void
rdp_settings_set_color_depth (RdpSettings *self,
                             guint        depth)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_COLOR_DEPTH, depth);
}

/**
 * rdp_settings_get_keyboard_layout:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:keyboard-layout].
 *
 * Returns: the keyboard layout identifier
 */
guint
rdp_settings_get_keyboard_layout (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->keyboard_layout;
}

/**
 * rdp_settings_set_keyboard_layout:
 * @self: a #RdpSettings
 * @layout: the keyboard layout identifier, in the property's range
 *
 * Sets [property@Settings:keyboard-layout].
 */
void
rdp_settings_set_keyboard_layout (RdpSettings *self,
                                 guint        layout)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_KEYBOARD_LAYOUT, layout);
}

/**
 * rdp_settings_get_keyboard_type:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:keyboard-type].
 *
 * Returns: the keyboard type
 */
guint
rdp_settings_get_keyboard_type (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->keyboard_type;
}

/**
 * rdp_settings_set_keyboard_type:
 * @self: a #RdpSettings
 * @type: the keyboard type, in the property's range
 *
 * Sets [property@Settings:keyboard-type].
 */
void
rdp_settings_set_keyboard_type (RdpSettings *self,
                               guint        type)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_KEYBOARD_TYPE, type);
}

/**
 * rdp_settings_get_keyboard_subtype:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:keyboard-subtype].
 *
 * Returns: the keyboard subtype
 */
guint
rdp_settings_get_keyboard_subtype (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->keyboard_subtype;
}

/**
 * rdp_settings_set_keyboard_subtype:
 * @self: a #RdpSettings
 * @subtype: the keyboard subtype, in the property's range
 *
 * Sets [property@Settings:keyboard-subtype].
 */
void
rdp_settings_set_keyboard_subtype (RdpSettings *self,
                                  guint        subtype)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_KEYBOARD_SUBTYPE, subtype);
}

/**
 * rdp_settings_get_keyboard_function_keys:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:keyboard-function-keys].
 *
 * Returns: the number of function keys
 */
guint
rdp_settings_get_keyboard_function_keys (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->keyboard_function_keys;
}

/**
 * rdp_settings_set_keyboard_function_keys:
 * @self: a #RdpSettings
 * @count: the number of function keys, in the property's range
 *
 * Sets [property@Settings:keyboard-function-keys].
 */
void
rdp_settings_set_keyboard_function_keys (RdpSettings *self,
                                        guint        count)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_KEYBOARD_FUNCTION_KEYS, count);
}

/**
 * rdp_settings_get_client_build:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:client-build].
 *
 * Returns: the client build number
 */
guint
rdp_settings_get_client_build (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->client_build;
}

/**
 * rdp_settings_set_client_build:
 * @self: a #RdpSettings
 * @build: the client build number, in the property's range
 *
 * Sets [property@Settings:client-build].
 */
void
rdp_settings_set_client_build (RdpSettings *self,
                              guint        build)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_CLIENT_BUILD, build);
}

/**
 * rdp_settings_get_performance_flags:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:performance-flags].
 *
 * Returns: the performance flags
 */
guint
rdp_settings_get_performance_flags (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->config->performance_flags;
}

/**
 * rdp_settings_set_performance_flags:
 * @self: a #RdpSettings
 * @flags: the performance flags, in the property's range
 *
 * Sets [property@Settings:performance-flags].
 */
void
rdp_settings_set_performance_flags (RdpSettings *self,
                                   guint        flags)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_PERFORMANCE_FLAGS, flags);
}

/**
 * rdp_settings_get_connect_timeout:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:connect-timeout].
 *
 * Returns: the timeout in seconds, 0 for none
 */
guint
rdp_settings_get_connect_timeout (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), 0);
  return self->connect_timeout;
}

/**
 * rdp_settings_set_connect_timeout:
 * @self: a #RdpSettings
 * @seconds: the timeout in seconds, 0 for none, in the property's range
 *
 * Sets [property@Settings:connect-timeout].
 */
void
rdp_settings_set_connect_timeout (RdpSettings *self,
                                 guint        seconds)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  set_uint (self, PROP_CONNECT_TIMEOUT, seconds);
}

/**
 * rdp_settings_get_client_name:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:client-name].
 *
 * Returns: (nullable): the client name
 */
const char *
rdp_settings_get_client_name (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), NULL);
  return self->config->client_name;
}

/**
 * rdp_settings_set_client_name:
 * @self: a #RdpSettings
 * @name: (nullable): the client name, at most %RDP_SETTINGS_MAX_CLIENT_NAME
 *   characters (rdp_settings_validate() checks it)
 *
 * Sets [property@Settings:client-name].
 */
void
rdp_settings_set_client_name (RdpSettings *self,
                              const char  *name)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  if (replace_string (&self->config->client_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_NAME]);
}

/**
 * rdp_settings_set_desktop_size:
 * @self: a #RdpSettings
 * @width: the desktop width, in pixels (200 to 8192)
 * @height: the desktop height, in pixels (200 to 8192)
 *
 * Sets [property@Settings:desktop-width] and
 * [property@Settings:desktop-height] at once.
 */
void
rdp_settings_set_desktop_size (RdpSettings *self,
                               guint        width,
                               guint        height)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  g_object_freeze_notify (G_OBJECT (self));
  set_uint (self, PROP_DESKTOP_WIDTH, width);
  set_uint (self, PROP_DESKTOP_HEIGHT, height);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rdp_settings_get_static_channels:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:static-channels].
 *
 * Returns: (nullable) (transfer none) (array zero-terminated=1): the
 *   channel names, or %NULL for none
 */
const char * const *
rdp_settings_get_static_channels (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), NULL);
  return (const char * const *) self->config->static_channels;
}

/**
 * rdp_settings_set_static_channels:
 * @self: a #RdpSettings
 * @channels: (nullable) (array zero-terminated=1): the channel names, or
 *   %NULL for none
 *
 * Sets [property@Settings:static-channels].
 */
void
rdp_settings_set_static_channels (RdpSettings        *self,
                                  const char * const *channels)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  g_strfreev (self->config->static_channels);
  self->config->static_channels = g_strdupv ((char **) channels);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATIC_CHANNELS]);
}

/**
 * rdp_settings_get_kdc_proxy_url:
 * @self: a #RdpSettings
 *
 * Gets [property@Settings:kdc-proxy-url].
 *
 * Returns: (nullable): the URL
 */
const char *
rdp_settings_get_kdc_proxy_url (RdpSettings *self)
{
  g_return_val_if_fail (RDP_IS_SETTINGS (self), NULL);
  return self->config->kdc_proxy_url;
}

/**
 * rdp_settings_set_kdc_proxy_url:
 * @self: a #RdpSettings
 * @url: (nullable): the URL of a KDC proxy, or %NULL
 *
 * Sets [property@Settings:kdc-proxy-url].
 */
void
rdp_settings_set_kdc_proxy_url (RdpSettings *self,
                                const char  *url)
{
  g_return_if_fail (RDP_IS_SETTINGS (self));
  if (replace_string (&self->config->kdc_proxy_url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KDC_PROXY_URL]);
}

RdpSettingsData *
rdp_settings_snapshot (RdpSettings *self)
{
  RdpSettingsData *data = g_new0 (RdpSettingsData, 1);

  data->connector = rdp_connector_config_copy (self->config);
  data->connect_timeout = self->connect_timeout;
  data->certificate_verifier = self->certificate_verifier ? g_object_ref (self->certificate_verifier) : NULL;
  return data;
}

void
rdp_settings_data_free (RdpSettingsData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->connector, rdp_connector_config_free);
  g_clear_object (&data->certificate_verifier);
  g_free (data);
}

/**
 * rdp_connector_new:
 * @settings: the settings of the connection
 *
 * Makes a connector at the start of the connection sequence. It takes a
 * snapshot of @settings: later changes to them do not reach it.
 *
 * Returns: (transfer full): a new connector
 */
RdpConnector *
rdp_connector_new (RdpSettings *settings)
{
  g_autoptr(RdpSettingsData) data = NULL;

  /* Here rather than in connector/rdp-connector.c: the connector is
   * sans-I/O and builds without GIO, RdpSettings does not. */
  g_return_val_if_fail (RDP_IS_SETTINGS (settings), NULL);

  data = rdp_settings_snapshot (settings);
  return rdp_connector_new_with_config (data->connector);
}
