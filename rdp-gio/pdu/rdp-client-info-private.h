/* rdp-client-info-private.h: sans-I/O codec of the Client Info PDU
 * ([MS-RDPBCGR] 2.2.1.11): TS_INFO_PACKET (2.2.1.11.1.1) and
 * TS_EXTENDED_INFO_PACKET (2.2.1.11.1.1.1) behind a basic security header
 * with SEC_INFO_PKT, inside an MCS Send Data Request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"

G_BEGIN_DECLS

/* TS_INFO_PACKET flags */
#define RDP_INFO_MOUSE                  0x00000001
#define RDP_INFO_DISABLECTRLALTDEL      0x00000002
#define RDP_INFO_AUTOLOGON              0x00000008
#define RDP_INFO_UNICODE                0x00000010
#define RDP_INFO_MAXIMIZESHELL          0x00000020
#define RDP_INFO_LOGONNOTIFY            0x00000040
#define RDP_INFO_COMPRESSION            0x00000080
#define RDP_INFO_ENABLEWINDOWSKEY       0x00000100
#define RDP_INFO_REMOTECONSOLEAUDIO     0x00002000
#define RDP_INFO_FORCE_ENCRYPTED_CS_PDU 0x00004000
#define RDP_INFO_RAIL                   0x00008000
#define RDP_INFO_LOGONERRORS            0x00010000
#define RDP_INFO_MOUSE_HAS_WHEEL        0x00020000
#define RDP_INFO_PASSWORD_IS_SC_PIN     0x00040000
#define RDP_INFO_NOAUDIOPLAYBACK        0x00080000
#define RDP_INFO_USING_SAVED_CREDS      0x00100000
#define RDP_INFO_AUDIOCAPTURE           0x00200000
#define RDP_INFO_VIDEO_DISABLE          0x00400000
#define RDP_INFO_HIDEF_RAIL_SUPPORTED   0x02000000

/* performanceFlags */
#define RDP_PERF_DISABLE_WALLPAPER          0x00000001
#define RDP_PERF_DISABLE_FULLWINDOWDRAG     0x00000002
#define RDP_PERF_DISABLE_MENUANIMATIONS     0x00000004
#define RDP_PERF_DISABLE_THEMING            0x00000008
#define RDP_PERF_DISABLE_CURSOR_SHADOW      0x00000020
#define RDP_PERF_DISABLE_CURSORSETTINGS     0x00000040
#define RDP_PERF_ENABLE_FONT_SMOOTHING      0x00000080
#define RDP_PERF_ENABLE_DESKTOP_COMPOSITION 0x00000100

/* clientAddressFamily */
#define RDP_CLIENT_AF_INET  0x0002
#define RDP_CLIENT_AF_INET6 0x0017

/* Upper bounds of the fields, in bytes of UTF-16 without the terminator
 * ([MS-RDPBCGR] 2.2.1.11.1.1, RDP 5.1 and later). */
#define RDP_CLIENT_INFO_MAX_FIELD_SIZE 512
#define RDP_CLIENT_INFO_MAX_ADDRESS_SIZE 80

/* TS_TIME_ZONE_INFORMATION: names are at most 31 UTF-16 units; the
 * SYSTEMTIME dates are kept as their 16 bytes. */
typedef struct {
  gint32 bias;
  char *standard_name;
  guint8 standard_date[16];
  gint32 standard_bias;
  char *daylight_name;
  guint8 daylight_date[16];
  gint32 daylight_bias;
} RdpTimeZoneInfo;

/* How much of TS_EXTENDED_INFO_PACKET there is: peers stop at different
 * places (IronRDP after performanceFlags, the spec after
 * cbAutoReconnectCookie, mstsc after reserved2). */
typedef enum {
  RDP_CLIENT_INFO_EXTENDED_NONE,
  RDP_CLIENT_INFO_EXTENDED_DIR,           /* address family, address, dir */
  RDP_CLIENT_INFO_EXTENDED_TIME_ZONE,
  RDP_CLIENT_INFO_EXTENDED_SESSION_ID,
  RDP_CLIENT_INFO_EXTENDED_PERFORMANCE,
  RDP_CLIENT_INFO_EXTENDED_AUTO_RECONNECT, /* cbAutoReconnectCookie (+cookie) */
} RdpClientInfoExtended;

/* The strings are UTF-8 (NULL reads as empty). password is wiped by
 * rdp_client_info_clear(). extra: whatever follows the auto-reconnect
 * cookie (reserved1, reserved2, dynamic DST fields), kept as bytes. */
typedef struct {
  guint32 code_page;
  guint32 flags;
  char *domain;
  char *user_name;
  char *password;
  char *alternate_shell;
  char *working_dir;
  RdpClientInfoExtended extended;
  guint16 client_address_family;
  char *client_address;
  char *client_dir;
  RdpTimeZoneInfo time_zone;
  guint32 client_session_id;
  guint32 performance_flags;
  GBytes *auto_reconnect_cookie;
  GBytes *extra;
} RdpClientInfo;

/* Fills @info as rdp-gio's client sends it: flags MOUSE | MOUSE_HAS_WHEEL |
 * UNICODE | DISABLECTRLALTDEL | LOGONNOTIFY | LOGONERRORS | ENABLEWINDOWSKEY
 * | MAXIMIZESHELL (| AUTOLOGON with a password), code page 0, the strings
 * copied, client dir "rdp-gio", UTC time zone, performance flags
 * DISABLE_FULLWINDOWDRAG | DISABLE_MENUANIMATIONS | ENABLE_FONT_SMOOTHING,
 * no auto-reconnect cookie (cbAutoReconnectCookie 0). */
void     rdp_client_info_init  (RdpClientInfo *info,
                                const char    *domain,
                                const char    *user_name,
                                const char    *password,
                                const char    *client_address);
void     rdp_client_info_clear (RdpClientInfo *info);

/* The TS_INFO_PACKET alone (it holds the password: give it an @out large
 * enough, at least 6 KiB, and wipe it after use). Fails (RDP_ERROR_INVALID_DATA) on strings that
 * are not UTF-8 or longer than their limits. */
gboolean rdp_client_info_write  (GByteArray          *out,
                                 const RdpClientInfo *info,
                                 GError             **error);
/* Decodes a TS_INFO_PACKET (only INFO_UNICODE ones) filling all of it. */
gboolean rdp_client_info_decode (const guint8   *data,
                                 gsize           length,
                                 RdpClientInfo  *out_info,
                                 GError        **error);

/* The whole Client Info PDU: TPKT + X.224 + MCS Send Data Request from
 * @initiator on @channel_id + security header SEC_INFO_PKT + info packet.
 * Every intermediate buffer is wiped; the returned bytes hold the password
 * and wipe themselves when their last reference goes (rdp-secret). */
GBytes  *rdp_client_info_encode_pdu (guint16              initiator,
                                     guint16              channel_id,
                                     const RdpClientInfo *info,
                                     GError             **error);
/* Decodes a whole Client Info PDU (checks SEC_INFO_PKT; flagsHi ignored
 * unless SEC_FLAGSHI_VALID). */
gboolean rdp_client_info_decode_pdu (const guint8   *data,
                                     gsize           length,
                                     guint16        *out_initiator,
                                     guint16        *out_channel_id,
                                     RdpClientInfo  *out_info,
                                     GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpClientInfo, rdp_client_info_clear)

G_END_DECLS
