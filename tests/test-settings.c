/* test-settings.c: RdpSettings defaults, validation and the password
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <rdp-gio.h>

#include "rdp-settings-private.h"

static void
test_defaults (void)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  RdpSecurityProtocol protocols;
  guint width, height, timeout;

  g_object_get (settings,
                "security-protocols", &protocols,
                "desktop-width", &width,
                "desktop-height", &height,
                "connect-timeout", &timeout,
                NULL);
  g_assert_cmpuint (protocols, ==, RDP_SECURITY_PROTOCOL_TLS | RDP_SECURITY_PROTOCOL_HYBRID |
                                   RDP_SECURITY_PROTOCOL_HYBRID_EX);
  g_assert_cmpuint (width, ==, 1024);
  g_assert_cmpuint (height, ==, 768);
  g_assert_cmpuint (timeout, ==, 30);
  g_assert_null (rdp_settings_get_username (settings));
  g_assert_null (rdp_settings_get_certificate_verifier (settings));
  g_assert_true (rdp_settings_validate (settings, NULL));
}

static void
test_properties (void)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  g_autoptr(RdpCertificateVerifier) verifier = rdp_certificate_verifier_new (NULL, NULL);
  g_autoptr(RdpCertificateVerifier) got_verifier = NULL;
  g_autofree char *user = NULL, *domain = NULL;
  g_auto(GStrv) channels = NULL;
  const char *want_channels[] = { "rdpdr", "cliprdr", NULL };
  guint width;

  g_object_set (settings,
                "username", "alice",
                "password", "s3cret",
                "domain", "EXAMPLE",
                "desktop-width", 1920,
                "static-channels", want_channels,
                "certificate-verifier", verifier,
                "security-protocols", RDP_SECURITY_PROTOCOL_TLS,
                NULL);
  g_object_get (settings,
                "username", &user,
                "domain", &domain,
                "desktop-width", &width,
                "static-channels", &channels,
                "certificate-verifier", &got_verifier,
                NULL);
  g_assert_cmpstr (user, ==, "alice");
  g_assert_cmpstr (domain, ==, "EXAMPLE");
  g_assert_cmpuint (width, ==, 1920);
  g_assert_true (g_strv_equal ((const char * const *) channels, want_channels));
  g_assert_true (got_verifier == verifier);
  g_assert_cmpuint (rdp_settings_get_security_protocols (settings), ==, RDP_SECURITY_PROTOCOL_TLS);
}

static void
test_password_write_only (void)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (settings), "password");
  RdpSettingsData *data;

  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_WRITABLE);
  g_assert_false (pspec->flags & G_PARAM_READABLE);

  rdp_settings_set_password (settings, "first");
  g_object_set (settings, "password", "second", NULL);
  data = rdp_settings_snapshot (settings);
  g_assert_cmpmem (g_bytes_get_data (data->connector->password, NULL),
                   g_bytes_get_size (data->connector->password), "second", 6);

  /* The snapshot does not follow later changes. */
  rdp_settings_set_password (settings, "third");
  rdp_settings_set_username (settings, "bob");
  g_assert_cmpmem (g_bytes_get_data (data->connector->password, NULL),
                   g_bytes_get_size (data->connector->password), "second", 6);
  g_assert_null (data->connector->username);
  rdp_settings_data_free (data);
}

static void
expect_invalid (RdpSettings *settings,
                const char  *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rdp_settings_validate (settings, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_validate (void)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  const char *bad_channels[] = { "rdpdr", "waytoolongname", NULL };

  g_object_set (settings, "client-name", "exactly-15-char", NULL);
  g_assert_true (rdp_settings_validate (settings, NULL));
  g_object_set (settings, "client-name", "sixteen-chars-xx", NULL);
  expect_invalid (settings, "sixteen-chars-xx");
  g_object_set (settings, "client-name", "ok", NULL);

  g_object_set (settings, "color-depth", 17, NULL);
  expect_invalid (settings, "17");
  g_object_set (settings, "color-depth", 24, NULL);
  g_assert_true (rdp_settings_validate (settings, NULL));

  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_NONE);
  expect_invalid (settings, "protocol");
  rdp_settings_set_security_protocols (settings, RDP_SECURITY_PROTOCOL_STANDARD);
  g_assert_true (rdp_settings_validate (settings, NULL));

  g_object_set (settings, "static-channels", bad_channels, NULL);
  expect_invalid (settings, "waytoolongname");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_notify (void)
{
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  guint count = 0;

  g_signal_connect (settings, "notify::username", G_CALLBACK (count_notify), &count);
  rdp_settings_set_username (settings, "carol");
  rdp_settings_set_username (settings, "carol");
  g_object_set (settings, "username", "carol", NULL);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (settings, "username", "dave", NULL);
  g_assert_cmpuint (count, ==, 2);
  rdp_settings_set_username (settings, NULL);
  g_assert_cmpuint (count, ==, 3);
}

/* Every property has a typed getter and setter that agree with
 * g_object_get()/g_object_set(), and the setters notify once per change. */
static void
test_typed_accessors (void)
{
  static const struct {
    const char *name;
    guint (*get) (RdpSettings *);
    void (*set) (RdpSettings *, guint);
    guint default_value, value;
  } uints[] = {
    { "desktop-width", rdp_settings_get_desktop_width, rdp_settings_set_desktop_width, 1024, 1280 },
    { "desktop-height", rdp_settings_get_desktop_height, rdp_settings_set_desktop_height, 768, 720 },
    { "color-depth", rdp_settings_get_color_depth, rdp_settings_set_color_depth, 32, 16 },
    { "keyboard-layout", rdp_settings_get_keyboard_layout, rdp_settings_set_keyboard_layout, 0x409, 0x407 },
    { "keyboard-type", rdp_settings_get_keyboard_type, rdp_settings_set_keyboard_type, 4, 7 },
    { "keyboard-subtype", rdp_settings_get_keyboard_subtype, rdp_settings_set_keyboard_subtype, 0, 2 },
    { "keyboard-function-keys", rdp_settings_get_keyboard_function_keys, rdp_settings_set_keyboard_function_keys, 12, 24 },
    { "client-build", rdp_settings_get_client_build, rdp_settings_set_client_build, 2600, 19041 },
    { "performance-flags", rdp_settings_get_performance_flags, rdp_settings_set_performance_flags, 0x86, 0x1 },
    { "connect-timeout", rdp_settings_get_connect_timeout, rdp_settings_set_connect_timeout, 30, 5 },
  };
  g_autoptr(RdpSettings) settings = rdp_settings_new ();
  const char *channels[] = { "rdpdr", "cliprdr", NULL };
  g_auto(GStrv) got_channels = NULL;
  g_autofree char *got_name = NULL;
  guint notified = 0;
  guint got;

  g_signal_connect (settings, "notify", G_CALLBACK (count_notify), &notified);
  for (guint i = 0; i < G_N_ELEMENTS (uints); i++)
    {
      /* the documented default */
      g_assert_cmpuint (uints[i].get (settings), ==, uints[i].default_value);
      notified = 0;
      uints[i].set (settings, uints[i].value);
      uints[i].set (settings, uints[i].value);
      g_assert_cmpuint (notified, ==, 1);
      g_object_get (settings, uints[i].name, &got, NULL);
      g_assert_cmpuint (got, ==, uints[i].value);
      g_object_set (settings, uints[i].name, uints[i].default_value, NULL);
      g_assert_cmpuint (uints[i].get (settings), ==, uints[i].default_value);
    }

  g_assert_cmpstr (rdp_settings_get_client_name (settings), ==, "rdp-gio");
  rdp_settings_set_client_name (settings, "kiosk-7");
  g_object_get (settings, "client-name", &got_name, NULL);
  g_assert_cmpstr (got_name, ==, "kiosk-7");

  notified = 0;
  rdp_settings_set_desktop_size (settings, 1920, 1080);
  g_assert_cmpuint (rdp_settings_get_desktop_width (settings), ==, 1920);
  g_assert_cmpuint (rdp_settings_get_desktop_height (settings), ==, 1080);
  g_assert_cmpuint (notified, ==, 2);

  /* the codecs offered: NSCodec unless turned off */
  {
    RdpBitmapCodecs codecs;

    g_assert_cmpuint (rdp_settings_get_bitmap_codecs (settings), ==, RDP_BITMAP_CODECS_NSCODEC);
    notified = 0;
    rdp_settings_set_bitmap_codecs (settings, RDP_BITMAP_CODECS_NONE);
    rdp_settings_set_bitmap_codecs (settings, RDP_BITMAP_CODECS_NONE);
    g_assert_cmpuint (notified, ==, 1);
    g_object_get (settings, "bitmap-codecs", &codecs, NULL);
    g_assert_cmpuint (codecs, ==, RDP_BITMAP_CODECS_NONE);
    g_object_set (settings, "bitmap-codecs", RDP_BITMAP_CODECS_NSCODEC, NULL);
    g_assert_cmpuint (rdp_settings_get_bitmap_codecs (settings), ==, RDP_BITMAP_CODECS_NSCODEC);
  }

  g_assert_null (rdp_settings_get_static_channels (settings));
  rdp_settings_set_static_channels (settings, channels);
  g_object_get (settings, "static-channels", &got_channels, NULL);
  g_assert_true (g_strv_equal ((const char * const *) got_channels, channels));
  g_assert_true (g_strv_equal (rdp_settings_get_static_channels (settings), channels));
  rdp_settings_set_static_channels (settings, NULL);
  g_assert_null (rdp_settings_get_static_channels (settings));

  /* out of range is a programming error, as with g_object_set () */
  if (g_test_undefined ())
    {
      g_test_expect_message ("RdpGio", G_LOG_LEVEL_CRITICAL, "*value >= pspec->minimum*");
      rdp_settings_set_desktop_width (settings, 100);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (rdp_settings_get_desktop_width (settings), ==, 1920);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/defaults", test_defaults);
  g_test_add_func ("/settings/properties", test_properties);
  g_test_add_func ("/settings/password-write-only", test_password_write_only);
  g_test_add_func ("/settings/validate", test_validate);
  g_test_add_func ("/settings/notify", test_notify);

  g_test_add_func ("/settings/typed-accessors", test_typed_accessors);
  return g_test_run ();
}
