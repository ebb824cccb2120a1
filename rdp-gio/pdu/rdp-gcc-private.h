/* rdp-gcc-private.h: sans-I/O codec of the T.124 GCC Conference Create
 * Request and Response that ride in the MCS Connect-Initial and
 * Connect-Response user data, and of the client and server data blocks they
 * carry ([MS-RDPBCGR] 2.2.1.3.1 to 2.2.1.3.6, 2.2.1.4.1 to 2.2.1.4.4)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The functions here take and give the bytes of the MCS userData OCTET
 * STRING (see rdp-mcs-private.h), without TPKT, X.224 or MCS headers.
 * Decoders check every length against the bytes they were given, never
 * read past them and fail with RDP_ERROR_INVALID_DATA. Blocks of a type this
 * codec does not know are skipped by their length and kept as bytes; a
 * known block that is present twice is refused. Optional trailing fields of
 * a known block are read while they are whole; bytes after the last whole
 * field are ignored (a newer peer's fields). */

/* TS_UD_HEADER types */
#define RDP_GCC_CS_CORE           0xC001
#define RDP_GCC_CS_SECURITY       0xC002
#define RDP_GCC_CS_NET            0xC003
#define RDP_GCC_CS_CLUSTER        0xC004
#define RDP_GCC_CS_MONITOR        0xC005
#define RDP_GCC_CS_MCS_MSGCHANNEL 0xC006
#define RDP_GCC_CS_MONITOR_EX     0xC008
#define RDP_GCC_CS_MULTITRANSPORT 0xC00A
#define RDP_GCC_SC_CORE           0x0C01
#define RDP_GCC_SC_SECURITY       0x0C02
#define RDP_GCC_SC_NET            0x0C03
#define RDP_GCC_SC_MCS_MSGCHANNEL 0x0C04
#define RDP_GCC_SC_MULTITRANSPORT 0x0C08

/* version of CS_CORE and SC_CORE */
#define RDP_GCC_VERSION_RDP_4  0x00080001u
#define RDP_GCC_VERSION_RDP_5  0x00080004u
#define RDP_GCC_VERSION_RDP_10 0x00080005u

/* colorDepth and postBeta2ColorDepth */
#define RDP_GCC_COLOR_4BPP   0xCA00
#define RDP_GCC_COLOR_8BPP   0xCA01
#define RDP_GCC_COLOR_16BPP_555 0xCA02
#define RDP_GCC_COLOR_16BPP_565 0xCA03
#define RDP_GCC_COLOR_24BPP  0xCA04
#define RDP_GCC_SAS_DEL      0xAA03

/* earlyCapabilityFlags of CS_CORE */
#define RDP_GCC_RNS_UD_CS_SUPPORT_ERRINFO_PDU          0x0001
#define RDP_GCC_RNS_UD_CS_WANT_32BPP_SESSION           0x0002
#define RDP_GCC_RNS_UD_CS_SUPPORT_STATUSINFO_PDU       0x0004
#define RDP_GCC_RNS_UD_CS_STRONG_ASYMMETRIC_KEYS       0x0008
#define RDP_GCC_RNS_UD_CS_VALID_CONNECTION_TYPE        0x0020
#define RDP_GCC_RNS_UD_CS_SUPPORT_MONITOR_LAYOUT_PDU   0x0040
#define RDP_GCC_RNS_UD_CS_SUPPORT_NETCHAR_AUTODETECT   0x0080
#define RDP_GCC_RNS_UD_CS_SUPPORT_DYNVC_GFX_PROTOCOL   0x0100
#define RDP_GCC_RNS_UD_CS_SUPPORT_DYNAMIC_TIME_ZONE    0x0200
#define RDP_GCC_RNS_UD_CS_SUPPORT_HEARTBEAT_PDU        0x0400
#define RDP_GCC_RNS_UD_CS_SUPPORT_SKIP_CHANNELJOIN     0x0800

/* earlyCapabilityFlags of SC_CORE */
#define RDP_GCC_RNS_UD_SC_EDGE_ACTIONS_SUPPORTED_V1    0x00000001u
#define RDP_GCC_RNS_UD_SC_DYNAMIC_DST_SUPPORTED        0x00000002u
#define RDP_GCC_RNS_UD_SC_EDGE_ACTIONS_SUPPORTED_V2    0x00000004u
#define RDP_GCC_RNS_UD_SC_SKIP_CHANNELJOIN_SUPPORTED   0x00000008u

/* encryptionMethods / encryptionMethod */
#define RDP_GCC_ENCRYPTION_METHOD_NONE   0x00000000u
#define RDP_GCC_ENCRYPTION_METHOD_40BIT  0x00000001u
#define RDP_GCC_ENCRYPTION_METHOD_128BIT 0x00000002u
#define RDP_GCC_ENCRYPTION_METHOD_56BIT  0x00000008u
#define RDP_GCC_ENCRYPTION_METHOD_FIPS   0x00000010u

/* encryptionLevel */
#define RDP_GCC_ENCRYPTION_LEVEL_NONE              0
#define RDP_GCC_ENCRYPTION_LEVEL_LOW               1
#define RDP_GCC_ENCRYPTION_LEVEL_CLIENT_COMPATIBLE 2
#define RDP_GCC_ENCRYPTION_LEVEL_HIGH              3
#define RDP_GCC_ENCRYPTION_LEVEL_FIPS              4

/* CHANNEL_DEF options */
#define RDP_GCC_CHANNEL_OPTION_INITIALIZED   0x80000000u
#define RDP_GCC_CHANNEL_OPTION_ENCRYPT_RDP   0x40000000u
#define RDP_GCC_CHANNEL_OPTION_ENCRYPT_SC    0x20000000u
#define RDP_GCC_CHANNEL_OPTION_ENCRYPT_CS    0x10000000u
#define RDP_GCC_CHANNEL_OPTION_PRI_HIGH      0x08000000u
#define RDP_GCC_CHANNEL_OPTION_PRI_MED       0x04000000u
#define RDP_GCC_CHANNEL_OPTION_PRI_LOW       0x02000000u
#define RDP_GCC_CHANNEL_OPTION_COMPRESS_RDP  0x00800000u
#define RDP_GCC_CHANNEL_OPTION_COMPRESS      0x00400000u
#define RDP_GCC_CHANNEL_OPTION_SHOW_PROTOCOL 0x00200000u
#define RDP_GCC_CHANNEL_OPTION_REMOTE_CONTROL_PERSISTENT 0x00100000u

/* CS_CLUSTER Flags */
#define RDP_GCC_REDIRECTION_SUPPORTED         0x00000001u
#define RDP_GCC_REDIRECTED_SESSIONID_FIELD_VALID 0x00000002u
#define RDP_GCC_REDIRECTED_SMARTCARD          0x00000040u
#define RDP_GCC_REDIRECTION_VERSION_SHIFT     2

/* A static virtual channel: an ANSI name of at most 7 characters in an
 * 8-byte NUL-padded field (a decoder keeps the bytes before the first NUL,
 * all 8 if there is none). */
#define RDP_GCC_CHANNEL_NAME_SIZE 8
typedef struct {
  char name[RDP_GCC_CHANNEL_NAME_SIZE + 1];
  guint32 options;
} RdpGccChannelDef;

/* The optional fields of CS_CORE, in wire order: last_field says which is
 * the last one present (all before it are present too). */
typedef enum {
  RDP_GCC_CORE_IME_FILE_NAME,  /* only the mandatory fields */
  RDP_GCC_CORE_POST_BETA2_COLOR_DEPTH,
  RDP_GCC_CORE_CLIENT_PRODUCT_ID,
  RDP_GCC_CORE_SERIAL_NUMBER,
  RDP_GCC_CORE_HIGH_COLOR_DEPTH,
  RDP_GCC_CORE_SUPPORTED_COLOR_DEPTHS,
  RDP_GCC_CORE_EARLY_CAPABILITY_FLAGS,
  RDP_GCC_CORE_CLIENT_DIG_PRODUCT_ID,
  RDP_GCC_CORE_CONNECTION_TYPE,
  RDP_GCC_CORE_PAD1OCTET,
  RDP_GCC_CORE_SERVER_SELECTED_PROTOCOL,
  RDP_GCC_CORE_DESKTOP_PHYSICAL_WIDTH,
  RDP_GCC_CORE_DESKTOP_PHYSICAL_HEIGHT,
  RDP_GCC_CORE_DESKTOP_ORIENTATION,
  RDP_GCC_CORE_DESKTOP_SCALE_FACTOR,
  RDP_GCC_CORE_DEVICE_SCALE_FACTOR,
} RdpGccCoreField;

/* TS_UD_CS_CORE. The strings are UTF-8 here and UTF-16LE on the wire, in
 * fixed fields of 32 (client_name: at most 15 characters) and 64 bytes (at
 * most 31), NUL-padded; NULL encodes as empty. A decoder stops each at its
 * first NUL and fails on invalid UTF-16. */
typedef struct {
  guint32 version;
  guint16 desktop_width;
  guint16 desktop_height;
  guint16 color_depth;
  guint16 sas_sequence;
  guint32 keyboard_layout;
  guint32 client_build;
  char *client_name;
  guint32 keyboard_type;
  guint32 keyboard_subtype;
  guint32 keyboard_function_keys;
  char *ime_file_name;
  RdpGccCoreField last_field;
  guint16 post_beta2_color_depth;
  guint16 client_product_id;
  guint32 serial_number;
  guint16 high_color_depth;
  guint16 supported_color_depths;
  guint16 early_capability_flags;
  char *client_dig_product_id;
  guint8 connection_type;
  guint8 pad1octet;
  guint32 server_selected_protocol;
  guint32 desktop_physical_width;
  guint32 desktop_physical_height;
  guint16 desktop_orientation;
  guint32 desktop_scale_factor;
  guint32 device_scale_factor;
} RdpGccClientCore;

/* The client data blocks (of the Conference Create Request). has_* says
 * whether a block is (to be) present. other_blocks: the whole blocks
 * (header included) of unknown types, in order, or NULL; an encoder writes
 * them after the known ones. An encoder writes the known blocks in mstsc's
 * order: core, cluster, security, network, message channel,
 * multitransport. */
typedef struct {
  gboolean has_core;
  RdpGccClientCore core;

  gboolean has_security;
  guint32 encryption_methods;
  guint32 ext_encryption_methods;

  gboolean has_network;
  GArray *channels;             /* of RdpGccChannelDef, NULL for none */

  gboolean has_cluster;
  guint32 cluster_flags;
  guint32 redirected_session_id;

  gboolean has_message_channel;
  guint32 message_channel_flags;

  gboolean has_multitransport;
  guint32 multitransport_flags;

  GPtrArray *other_blocks;      /* of GBytes */
} RdpGccClientData;

/* The server data blocks (of the Conference Create Response), and the
 * response's own fields. An encoder writes the known blocks in Windows'
 * order: core, network, security, message channel, multitransport.
 *
 * server_random, server_certificate: present (possibly empty) when the
 * SC_SECURITY block has its serverRandomLen and serverCertLen fields, NULL
 * otherwise (Enhanced RDP Security: method and level 0, no more fields). The
 * certificate is kept as bytes (a proprietary or an X.509 chain one). */
typedef struct {
  guint16 node_id;              /* GCC nodeID (1001..65535) */
  guint32 tag;
  guint8 result;                /* 0: success */

  gboolean has_core;
  guint32 version;
  gboolean has_client_requested_protocols;
  guint32 client_requested_protocols;
  gboolean has_early_capability_flags;
  guint32 early_capability_flags;

  gboolean has_security;
  guint32 encryption_method;
  guint32 encryption_level;
  GBytes *server_random;
  GBytes *server_certificate;

  gboolean has_network;
  guint16 io_channel_id;
  GArray *channel_ids;          /* of guint16, NULL for none */

  gboolean has_message_channel;
  guint16 message_channel_id;

  gboolean has_multitransport;
  guint32 multitransport_flags;

  GPtrArray *other_blocks;      /* of GBytes */
} RdpGccServerData;

/* The GCC nodeID and tag that Windows and FreeRDP send. */
#define RDP_GCC_DEFAULT_NODE_ID 0x79f3
#define RDP_GCC_DEFAULT_TAG 1

void     rdp_gcc_client_data_clear (RdpGccClientData *data);
void     rdp_gcc_server_data_clear (RdpGccServerData *data);

/* Adds a channel to data->channels (making it, and setting has_network);
 * fails (RDP_ERROR_INVALID_DATA) when the name is empty, longer than 7
 * bytes or not printable ASCII. */
gboolean rdp_gcc_client_data_add_channel (RdpGccClientData *data,
                                          const char       *name,
                                          guint32           options,
                                          GError          **error);

/* The client data blocks alone (TS_UD_CS_*, back to back). */
gboolean rdp_gcc_write_client_data  (GByteArray             *out,
                                     const RdpGccClientData *data,
                                     GError                **error);
gboolean rdp_gcc_decode_client_data (const guint8      *blocks,
                                     gsize              length,
                                     RdpGccClientData  *out_data,
                                     GError           **error);
gboolean rdp_gcc_write_server_data  (GByteArray             *out,
                                     const RdpGccServerData *data,
                                     GError                **error);
gboolean rdp_gcc_decode_server_data (const guint8      *blocks,
                                     gsize              length,
                                     RdpGccServerData  *out_data,
                                     GError           **error);

/* ConnectData (T.124 OID 0.0.20.124.0.1) holding a ConnectGCCPDU
 * conferenceCreateRequest with conference name "1" and one user data set
 * keyed "Duca" whose value is the client data blocks. The connectPDU length
 * is written correctly but not checked when decoding. */
GBytes  *rdp_gcc_encode_conference_create_request (const RdpGccClientData *data,
                                                   GError                **error);
gboolean rdp_gcc_decode_conference_create_request (const guint8      *user_data,
                                                   gsize              length,
                                                   RdpGccClientData  *out_data,
                                                   GError           **error);

/* ConnectData holding a conferenceCreateResponse (nodeID, tag, result) with
 * one user data set keyed "McDn". Windows writes the connectPDU length as
 * the single byte 0x2a whatever the real length ([MS-RDPBCGR] 4.1.4); the
 * encoder does the same and the decoder ignores it, relying on the user data
 * length. */
GBytes  *rdp_gcc_encode_conference_create_response (const RdpGccServerData *data,
                                                    GError                **error);
gboolean rdp_gcc_decode_conference_create_response (const guint8      *user_data,
                                                    gsize              length,
                                                    RdpGccServerData  *out_data,
                                                    GError           **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpGccClientData, rdp_gcc_client_data_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpGccServerData, rdp_gcc_server_data_clear)

G_END_DECLS
