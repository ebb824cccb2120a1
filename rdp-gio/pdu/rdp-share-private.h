/* rdp-share-private.h: sans-I/O codec of the Share Control and Share Data
 * headers ([MS-RDPBCGR] 2.2.8.1.1.1) and of the PDUs of the connection
 * finalization, deactivation and shutdown (2.2.1.14 to 2.2.1.22, 2.2.3.1,
 * 2.2.2.1, 2.2.2.2, 2.2.5.1.1, 2.2.10.1)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-pdu-cursor-private.h"

G_BEGIN_DECLS

/* Every decoder works on the user data of one MCS Send Data PDU (or a slice
 * of it), never reads past it and fails with RDP_ERROR_INVALID_DATA. One
 * Send Data Indication may hold several Share Control PDUs back to back
 * (RdpShareIter). Decoded pointers point into the decoder's input.
 *
 * Quirks of real peers that the decoders accept: uncompressedLength and pad1
 * of the Share Data header are garbage as often as not (never validated,
 * kept so that a PDU re-encodes to its bytes); the server Synchronize
 * targetUser is garbage too. */

/* TS_SHARECONTROLHEADER pduType, low 4 bits (the high bits hold the version,
 * TS_PROTOCOL_VERSION 0x10). */
typedef enum {
  RDP_SHARE_PDU_DEMAND_ACTIVE = 0x1,
  RDP_SHARE_PDU_CONFIRM_ACTIVE = 0x3,
  RDP_SHARE_PDU_DEACTIVATE_ALL = 0x6,
  RDP_SHARE_PDU_DATA = 0x7,
  RDP_SHARE_PDU_SERVER_REDIRECT = 0xa,
  /* Not a pduType: a TS_FLOW_PDU (totalLength 0x8000 is its flowMarker). */
  RDP_SHARE_PDU_FLOW = 0x100,
} RdpSharePduType;

#define RDP_SHARE_PROTOCOL_VERSION 0x0010
#define RDP_SHARE_CONTROL_HEADER_SIZE 6
#define RDP_SHARE_DATA_HEADER_SIZE 12
#define RDP_SHARE_FLOW_MARKER 0x8000
#define RDP_SHARE_FLOW_PDU_SIZE 8

/* TS_SHAREDATAHEADER pduType2 */
typedef enum {
  RDP_SHARE_DATA_UPDATE = 2,
  RDP_SHARE_DATA_CONTROL = 20,
  RDP_SHARE_DATA_POINTER = 27,
  RDP_SHARE_DATA_INPUT = 28,
  RDP_SHARE_DATA_SYNCHRONIZE = 31,
  RDP_SHARE_DATA_REFRESH_RECT = 33,
  RDP_SHARE_DATA_PLAY_SOUND = 34,
  RDP_SHARE_DATA_SUPPRESS_OUTPUT = 35,
  RDP_SHARE_DATA_SHUTDOWN_REQUEST = 36,
  RDP_SHARE_DATA_SHUTDOWN_DENIED = 37,
  RDP_SHARE_DATA_SAVE_SESSION_INFO = 38,
  RDP_SHARE_DATA_FONT_LIST = 39,
  RDP_SHARE_DATA_FONT_MAP = 40,
  RDP_SHARE_DATA_SET_KEYBOARD_INDICATORS = 41,
  RDP_SHARE_DATA_BITMAP_CACHE_PERSISTENT_LIST = 43,
  RDP_SHARE_DATA_BITMAP_CACHE_ERROR = 44,
  RDP_SHARE_DATA_SET_KEYBOARD_IME_STATUS = 45,
  RDP_SHARE_DATA_OFFSCREEN_CACHE_ERROR = 46,
  RDP_SHARE_DATA_SET_ERROR_INFO = 47,
  RDP_SHARE_DATA_DRAW_NINEGRID_ERROR = 48,
  RDP_SHARE_DATA_DRAW_GDIPLUS_ERROR = 49,
  RDP_SHARE_DATA_ARC_STATUS = 50,
  RDP_SHARE_DATA_STATUS_INFO = 54,
  RDP_SHARE_DATA_MONITOR_LAYOUT = 55,
} RdpShareDataType;

/* streamId */
#define RDP_SHARE_STREAM_UNDEFINED 0x00
#define RDP_SHARE_STREAM_LOW       0x01
#define RDP_SHARE_STREAM_MED       0x02
#define RDP_SHARE_STREAM_HI        0x04

/* compressedType bits ([MS-RDPBCGR] 2.2.8.1.1.1.2) */
#define RDP_SHARE_PACKET_COMPR_TYPE_MASK 0x0f
#define RDP_SHARE_PACKET_COMPRESSED      0x20
#define RDP_SHARE_PACKET_AT_FRONT        0x40
#define RDP_SHARE_PACKET_FLUSHED         0x80

/* One Share Control PDU (or flow PDU). For a flow PDU, type is
 * RDP_SHARE_PDU_FLOW, total_length is 8 and the flow_* fields are set; the
 * body is empty. Otherwise version holds pduType's high bits (0x10) and the
 * body is what follows the 6-byte header, up to totalLength. */
typedef struct {
  RdpSharePduType type;
  guint16 total_length;
  guint16 version;
  guint16 source;
  guint8 flow_type;
  guint8 flow_id;
  guint8 flow_number;
  const guint8 *body;
  gsize body_length;
} RdpShareControlPdu;

/* Reads one Share Control PDU at the reader's position. totalLength must be
 * at least 6 and fit in what remains. */
gboolean rdp_share_control_read (RdpPduReader       *reader,
                                 RdpShareControlPdu *out_pdu,
                                 GError            **error);
/* Decodes a buffer that holds exactly one Share Control PDU. */
gboolean rdp_share_control_decode (const guint8       *data,
                                   gsize               length,
                                   RdpShareControlPdu *out_pdu,
                                   GError            **error);

/* Walks the Share Control PDUs of one Send Data user data buffer. */
typedef struct {
  RdpPduReader reader;
} RdpShareIter;

void     rdp_share_iter_init (RdpShareIter *iter,
                              const guint8 *data,
                              gsize         length);
/* TRUE with the next PDU; FALSE at the end (error unset) or on malformed
 * data (error set, and the iteration is over). */
gboolean rdp_share_iter_next (RdpShareIter       *iter,
                              RdpShareControlPdu *out_pdu,
                              GError            **error);

/* Appends a Share Control PDU: header (pduType | 0x10, @source) + @body. */
void     rdp_share_control_write (GByteArray     *out,
                                  RdpSharePduType type,
                                  guint16         source,
                                  const guint8   *body,
                                  gsize           body_length);

/* TS_SHAREDATAHEADER, all of it kept for byte-exact re-encoding. */
typedef struct {
  guint32 share_id;
  guint8 pad1;
  guint8 stream_id;
  guint16 uncompressed_length;
  guint8 pdu_type2;
  guint8 compressed_type;
  guint16 compressed_length;
} RdpShareDataHeader;

/* A Share Data PDU: @pdu must be of type RDP_SHARE_PDU_DATA. @out_payload
 * is set to a reader over what follows the 12-byte Share Data header (still
 * compressed when compressed_type has RDP_SHARE_PACKET_COMPRESSED). */
gboolean rdp_share_data_read (const RdpShareControlPdu *pdu,
                              RdpShareDataHeader       *out_header,
                              RdpPduReader             *out_payload,
                              GError                  **error);
/* Appends a whole Share Data PDU (control header, @header as given, payload). */
void     rdp_share_data_write (GByteArray               *out,
                               guint16                   source,
                               const RdpShareDataHeader *header,
                               const guint8             *payload,
                               gsize                     payload_length);
/* Sets up an uncompressed header the way mstsc fills it in:
 * uncompressedLength = @payload_length + 4, pad1 0. */
void     rdp_share_data_header_init (RdpShareDataHeader *header,
                                     guint32             share_id,
                                     guint8              stream_id,
                                     RdpShareDataType    pdu_type2,
                                     gsize               payload_length);

/* ---- payloads (what follows the Share Data header) ---- */

#define RDP_SHARE_SYNCMSGTYPE_SYNC 1

typedef struct {
  guint16 message_type;
  guint16 target_user;
} RdpShareSynchronize;

typedef enum {
  RDP_SHARE_CTRLACTION_REQUEST_CONTROL = 1,
  RDP_SHARE_CTRLACTION_GRANTED_CONTROL = 2,
  RDP_SHARE_CTRLACTION_DETACH = 3,
  RDP_SHARE_CTRLACTION_COOPERATE = 4,
} RdpShareControlAction;

typedef struct {
  guint16 action;
  guint16 grant_id;
  guint32 control_id;
} RdpShareControl;

/* Font List (numberFonts, totalNumFonts, listFlags, entrySize) and Font Map
 * (numberEntries, totalNumEntries, mapFlags, entrySize) share a layout. */
#define RDP_SHARE_FONTLIST_FIRST 0x0001
#define RDP_SHARE_FONTLIST_LAST  0x0002
typedef struct {
  guint16 number;
  guint16 total_number;
  guint16 flags;
  guint16 entry_size;
} RdpShareFontList;

/* Save Session Info: infoType and the rest as bytes (pointing into the
 * input). */
#define RDP_SHARE_INFOTYPE_LOGON              0
#define RDP_SHARE_INFOTYPE_LOGON_LONG         1
#define RDP_SHARE_INFOTYPE_LOGON_PLAINNOTIFY  2
#define RDP_SHARE_INFOTYPE_LOGON_EXTENDED_INF 3
typedef struct {
  guint32 info_type;
  const guint8 *data;
  gsize data_length;
} RdpShareSaveSessionInfo;

/* Deactivate All (a Share Control PDU of its own, type 6): the source
 * descriptor is optional in practice (some servers send the share id only). */
typedef struct {
  guint32 share_id;
  gboolean has_source_descriptor;
  const guint8 *source_descriptor;
  gsize source_descriptor_length;
} RdpShareDeactivateAll;

/* Each decoder reads the whole payload and refuses trailing bytes (except
 * Save Session Info, whose rest is kept). */
gboolean rdp_share_read_synchronize     (RdpPduReader        *payload,
                                         RdpShareSynchronize *out,
                                         GError             **error);
gboolean rdp_share_read_control         (RdpPduReader    *payload,
                                         RdpShareControl *out,
                                         GError         **error);
gboolean rdp_share_read_font_list       (RdpPduReader     *payload,
                                         RdpShareFontList *out,
                                         GError          **error);
gboolean rdp_share_read_set_error_info  (RdpPduReader *payload,
                                         guint32      *out_error_info,
                                         GError      **error);
gboolean rdp_share_read_save_session_info (RdpPduReader            *payload,
                                           RdpShareSaveSessionInfo *out,
                                           GError                 **error);
/* Shutdown Request and Denied have no payload: checks that it is empty. */
gboolean rdp_share_read_empty           (RdpPduReader *payload,
                                         GError      **error);
gboolean rdp_share_read_deactivate_all  (const RdpShareControlPdu *pdu,
                                         RdpShareDeactivateAll    *out,
                                         GError                  **error);

void     rdp_share_write_synchronize    (GByteArray                *out,
                                         const RdpShareSynchronize *sync);
void     rdp_share_write_control        (GByteArray            *out,
                                         const RdpShareControl *control);
void     rdp_share_write_font_list      (GByteArray             *out,
                                         const RdpShareFontList *fonts);
void     rdp_share_write_deactivate_all (GByteArray                  *out,
                                         guint16                      source,
                                         const RdpShareDeactivateAll *deactivate);

/* The client's finalization and shutdown PDUs, whole Share Control PDUs
 * ready to go into an MCS Send Data Request on the I/O channel:
 * Synchronize (targetUser = @server_channel_id), Control Cooperate and
 * Request Control, Font List (0, 0, FIRST|LAST, 50) and Shutdown Request. */
GBytes  *rdp_share_encode_client_synchronize   (guint16 user_id,
                                                guint32 share_id,
                                                guint16 server_channel_id);
GBytes  *rdp_share_encode_client_control       (guint16               user_id,
                                                guint32               share_id,
                                                RdpShareControlAction action);
GBytes  *rdp_share_encode_client_font_list     (guint16 user_id,
                                                guint32 share_id);
GBytes  *rdp_share_encode_shutdown_request     (guint16 user_id,
                                                guint32 share_id);

/* A whole slow-path PDU from the client, ready to write: TPKT, X.224 Data,
 * MCS Send Data Request (from @user_channel_id to @io_channel_id), Share
 * Data header (source @user_channel_id, @share_id, stream low,
 * uncompressed, uncompressedLength as mstsc fills it in) and @body, the
 * payload of @pdu_type2 (for instance a TS_INPUT_PDU_DATA from
 * rdp_input_encode_slow_path()). Fails with RDP_ERROR_INVALID_DATA when the
 * PDU would be longer than a TPKT allows. */
GBytes  *rdp_share_data_frame (guint16            user_channel_id,
                               guint16            io_channel_id,
                               guint32            share_id,
                               RdpShareDataType   pdu_type2,
                               GBytes            *body,
                               GError           **error);

const char *rdp_share_data_type_to_string (guint8 pdu_type2);

G_END_DECLS
