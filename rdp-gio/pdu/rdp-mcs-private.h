/* rdp-mcs-private.h: sans-I/O codec of the T.125 MCS PDUs of RDP:
 * Connect-Initial and Connect-Response (BER, [MS-RDPBCGR] 2.2.1.3 and
 * 2.2.1.4) and the domain PDUs (ALIGNED PER, 2.2.1.5 to 2.2.1.8, 2.2.2.3,
 * 2.2.8.1.1.1.1)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "rdp-ber-private.h"
#include "rdp-per-private.h"

G_BEGIN_DECLS

/* Every encoder here returns a whole PDU, TPKT and X.224 Data TPDU header
 * included (03 00 LL LL 02 f0 80 …), and every decoder takes one, as
 * RdpFramed hands them out; the *_body variants of the domain PDU codec work
 * on the MCS bytes alone. Decoders check every length against the bytes
 * they were given, never read past them, refuse trailing bytes and fail
 * with RDP_ERROR_INVALID_DATA. User data is kept as bytes: GCC is
 * rdp-gcc-private.h's business. */

/* Channel ids: PER sends user ids as (id - 1001). */
#define RDP_MCS_BASE_CHANNEL_ID 1001
#define RDP_MCS_GLOBAL_CHANNEL_ID 1003

/* T.125 Result (Attach User Confirm, Channel Join Confirm, Connect-Response) */
typedef enum {
  RDP_MCS_RESULT_SUCCESSFUL,
  RDP_MCS_RESULT_DOMAIN_MERGING,
  RDP_MCS_RESULT_DOMAIN_NOT_HIERARCHICAL,
  RDP_MCS_RESULT_NO_SUCH_CHANNEL,
  RDP_MCS_RESULT_NO_SUCH_DOMAIN,
  RDP_MCS_RESULT_NO_SUCH_USER,
  RDP_MCS_RESULT_NOT_ADMITTED,
  RDP_MCS_RESULT_OTHER_USER_ID,
  RDP_MCS_RESULT_PARAMETERS_UNACCEPTABLE,
  RDP_MCS_RESULT_TOKEN_NOT_AVAILABLE,
  RDP_MCS_RESULT_TOKEN_NOT_POSSESSED,
  RDP_MCS_RESULT_TOO_MANY_CHANNELS,
  RDP_MCS_RESULT_TOO_MANY_TOKENS,
  RDP_MCS_RESULT_TOO_MANY_USERS,
  RDP_MCS_RESULT_UNSPECIFIED_FAILURE,
  RDP_MCS_RESULT_USER_REJECTED,
} RdpMcsResult;
#define RDP_MCS_RESULT_COUNT 16

/* T.125 Reason (Disconnect Provider Ultimatum) */
typedef enum {
  RDP_MCS_REASON_DOMAIN_DISCONNECTED,
  RDP_MCS_REASON_PROVIDER_INITIATED,
  RDP_MCS_REASON_TOKEN_PURGED,
  RDP_MCS_REASON_USER_REQUESTED,
  RDP_MCS_REASON_CHANNEL_PURGED,
} RdpMcsReason;
#define RDP_MCS_REASON_COUNT 5

/* DomainParameters ([T125] 7, part 1). */
typedef struct {
  guint32 max_channel_ids;
  guint32 max_user_ids;
  guint32 max_token_ids;
  guint32 num_priorities;
  guint32 min_throughput;
  guint32 max_height;
  guint32 max_mcs_pdu_size;
  guint32 protocol_version;
} RdpMcsDomainParameters;

/* Connect-Initial ::= [APPLICATION 101] IMPLICIT SEQUENCE.
 *
 * The domain selectors are NULL for the usual single byte 01 (what an
 * encoder writes for NULL; a decoder always sets them). user_data is the
 * GCC Conference Create Request (rdp_gcc_encode_conference_create_request()).
 * integer_form says how the encoder writes the INTEGERs; the decoder sets
 * it to RDP_BER_INTEGER_UNSIGNED when any INTEGER came in that form (mstsc,
 * [MS-RDPBCGR] 4.1.3), so that a decoded PDU encodes to the same bytes. */
typedef struct {
  GBytes *calling_domain_selector;
  GBytes *called_domain_selector;
  gboolean upward_flag;
  RdpMcsDomainParameters target_parameters;
  RdpMcsDomainParameters minimum_parameters;
  RdpMcsDomainParameters maximum_parameters;
  GBytes *user_data;
  RdpBerIntegerForm integer_form;
} RdpMcsConnectInitial;

/* Connect-Response ::= [APPLICATION 102] IMPLICIT SEQUENCE. user_data is the
 * GCC Conference Create Response. */
typedef struct {
  RdpMcsResult result;
  guint32 called_connect_id;
  RdpMcsDomainParameters domain_parameters;
  GBytes *user_data;
} RdpMcsConnectResponse;

/* DomainMCSPDU CHOICE indexes ([T125] 11) of the PDUs this codec knows. */
typedef enum {
  RDP_MCS_ERECT_DOMAIN_REQUEST = 1,
  RDP_MCS_DISCONNECT_PROVIDER_ULTIMATUM = 8,
  RDP_MCS_ATTACH_USER_REQUEST = 10,
  RDP_MCS_ATTACH_USER_CONFIRM = 11,
  RDP_MCS_CHANNEL_JOIN_REQUEST = 14,
  RDP_MCS_CHANNEL_JOIN_CONFIRM = 15,
  RDP_MCS_SEND_DATA_REQUEST = 25,
  RDP_MCS_SEND_DATA_INDICATION = 26,
} RdpMcsDomainPduType;

/* Send Data dataPriority and segmentation ([T125] 7, part 6) */
typedef enum {
  RDP_MCS_PRIORITY_TOP,
  RDP_MCS_PRIORITY_HIGH,
  RDP_MCS_PRIORITY_MEDIUM,
  RDP_MCS_PRIORITY_LOW,
} RdpMcsPriority;
#define RDP_MCS_SEGMENTATION_BEGIN 0x2
#define RDP_MCS_SEGMENTATION_END   0x1

/* A domain PDU. Which fields a type uses:
 *
 *   ERECT_DOMAIN_REQUEST           sub_height, sub_interval
 *   DISCONNECT_PROVIDER_ULTIMATUM  reason
 *   ATTACH_USER_REQUEST            (none)
 *   ATTACH_USER_CONFIRM            result, has_initiator, initiator
 *   CHANNEL_JOIN_REQUEST           initiator, channel_id
 *   CHANNEL_JOIN_CONFIRM           result, initiator, requested_channel_id,
 *                                  has_channel_id, channel_id
 *   SEND_DATA_REQUEST/INDICATION   initiator, channel_id, priority,
 *                                  segmentation, long_length, user_data,
 *                                  user_data_length
 *
 * initiator is the real user id (1001 and up). In a decoded Send Data PDU,
 * user_data points into the decoder's input. long_length: the userData
 * length was (or is to be) written in the two-byte PER form even though it
 * is below 128 (mstsc does so, [MS-RDPBCGR] 4.1.9). */
typedef struct {
  RdpMcsDomainPduType type;
  guint32 sub_height;
  guint32 sub_interval;
  RdpMcsReason reason;
  RdpMcsResult result;
  gboolean has_initiator;
  guint16 initiator;
  guint16 requested_channel_id;
  gboolean has_channel_id;
  guint16 channel_id;
  RdpMcsPriority priority;
  guint8 segmentation;
  gboolean long_length;
  const guint8 *user_data;
  gsize user_data_length;
} RdpMcsDomainPdu;

/* The largest Send Data userData: what the 15 bits of a PER length hold as
 * RDP peers read it (less than a TPKT could carry). */
#define RDP_MCS_MAX_SEND_DATA_SIZE RDP_PER_MAX_LENGTH

/* The domain parameters mstsc sends ([MS-RDPBCGR] 4.1.3). */
void     rdp_mcs_domain_parameters_init_target  (RdpMcsDomainParameters *params);
void     rdp_mcs_domain_parameters_init_minimum (RdpMcsDomainParameters *params);
void     rdp_mcs_domain_parameters_init_maximum (RdpMcsDomainParameters *params);

gboolean rdp_mcs_read_domain_parameters  (RdpPduReader           *reader,
                                          RdpMcsDomainParameters *out_params,
                                          gboolean               *out_unsigned_form,
                                          GError                **error);
void     rdp_mcs_write_domain_parameters (GByteArray                   *out,
                                          const RdpMcsDomainParameters *params,
                                          RdpBerIntegerForm             form);

/* Sets up a Connect-Initial as mstsc sends it, with the given user data
 * (NULL: none yet) and RDP_BER_INTEGER_DER integers. */
void     rdp_mcs_connect_initial_init  (RdpMcsConnectInitial *initial,
                                        GBytes               *user_data);
void     rdp_mcs_connect_initial_clear (RdpMcsConnectInitial *initial);
GBytes  *rdp_mcs_encode_connect_initial (const RdpMcsConnectInitial *initial,
                                         GError                    **error);
gboolean rdp_mcs_decode_connect_initial (const guint8          *data,
                                         gsize                  length,
                                         RdpMcsConnectInitial  *out_initial,
                                         GError               **error);

void     rdp_mcs_connect_response_clear (RdpMcsConnectResponse *response);
GBytes  *rdp_mcs_encode_connect_response (const RdpMcsConnectResponse *response,
                                          GError                     **error);
gboolean rdp_mcs_decode_connect_response (const guint8           *data,
                                          gsize                   length,
                                          RdpMcsConnectResponse  *out_response,
                                          GError                **error);

/* Domain PDUs. The encoder fails (RDP_ERROR_INVALID_DATA) on a type it does
 * not know, a user id below 1001 or user data too long for a TPKT. */
GBytes  *rdp_mcs_encode_domain_pdu      (const RdpMcsDomainPdu *pdu,
                                         GError               **error);
gboolean rdp_mcs_write_domain_pdu_body  (GByteArray            *out,
                                         const RdpMcsDomainPdu *pdu,
                                         GError               **error);
gboolean rdp_mcs_decode_domain_pdu      (const guint8     *data,
                                         gsize             length,
                                         RdpMcsDomainPdu  *out_pdu,
                                         GError          **error);
gboolean rdp_mcs_decode_domain_pdu_body (const guint8     *data,
                                         gsize             length,
                                         RdpMcsDomainPdu  *out_pdu,
                                         GError          **error);

/* Shorthands for the client's PDUs. */
GBytes  *rdp_mcs_encode_erect_domain_request (GError **error);
GBytes  *rdp_mcs_encode_attach_user_request  (GError **error);
GBytes  *rdp_mcs_encode_channel_join_request (guint16  initiator,
                                              guint16  channel_id,
                                              GError **error);
/* A Send Data Request with priority high and segmentation begin|end, as
 * every RDP client sends it. */
GBytes  *rdp_mcs_encode_send_data_request    (guint16       initiator,
                                              guint16       channel_id,
                                              const guint8 *user_data,
                                              gsize         user_data_length,
                                              GError      **error);

const char *rdp_mcs_result_to_string (RdpMcsResult result);
const char *rdp_mcs_reason_to_string (RdpMcsReason reason);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpMcsConnectInitial, rdp_mcs_connect_initial_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RdpMcsConnectResponse, rdp_mcs_connect_response_clear)

G_END_DECLS
