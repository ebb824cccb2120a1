/* rdp-active-stage-private.h: the sans-I/O active stage
 * ([MS-RDPBCGR] 1.3.1.1 "Data Exchange", 2.2.9): server PDUs in, the
 * framebuffer, pointer and responses out; client input to PDUs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "rdp-connection-result.h"
#include "rdp-framebuffer-private.h"
#include "rdp-pointer-shape-private.h"
#include "rdp-input-private.h"
#include "rdp-error-info-private.h"

G_BEGIN_DECLS

/* The most bytes of a fast-path update the client reassembles from
 * fragments: what it advertises in its Multifragment Update set. */
#define RDP_ACTIVE_STAGE_MAX_REASSEMBLY (8 * 1024 * 1024)

typedef struct _RdpActiveStage RdpActiveStage;

typedef enum {
  /* go on reading */
  RDP_ACTIVE_STAGE_CONTINUE,
  /* the PDU was a Deactivate All: hand it, and what follows, to the
   * connector (rdp_connector_handle_deactivate_all()), then make a new
   * active stage from its new result */
  RDP_ACTIVE_STAGE_DEACTIVATE_ALL,
  /* the server ended the session (Disconnect Provider Ultimatum, or Set
   * Error Info + ...): the error says why */
  RDP_ACTIVE_STAGE_TERMINATE,
} RdpActiveStageStatus;

/* What changed besides pixels since rdp_active_stage_take_changes(). */
typedef enum {
  RDP_ACTIVE_STAGE_POINTER_CHANGED = 1 << 0,
  RDP_ACTIVE_STAGE_POINTER_MOVED = 1 << 1,
} RdpActiveStageChanges;

/* A stage for @result, drawing into @framebuffer (resized to the
 * result's desktop when it differs). */
RdpActiveStage *rdp_active_stage_new     (RdpConnectionResult *result,
                                          RdpFramebuffer      *framebuffer,
                                          GError             **error);
void            rdp_active_stage_free    (RdpActiveStage      *self);

/* Processes one whole PDU as RdpFramed reads it (fast-path or
 * TPKT/X.224); appends whole frames to send to @responses (GBytes).
 * Malformed PDUs fail with RDP_ERROR_INVALID_DATA; TERMINATE sets @error
 * to the reason (RDP_ERROR_DISCONNECTED, translated). */
RdpActiveStageStatus rdp_active_stage_process (RdpActiveStage *self,
                                               GBytes         *pdu,
                                               GPtrArray      *responses,
                                               GError        **error);

RdpActiveStageChanges rdp_active_stage_take_changes (RdpActiveStage *self);
/* What was drawn with which codec, to the debug log. */
void             rdp_active_stage_log_stats (RdpActiveStage *self);
/* NULL: the system's default pointer. */
RdpPointerShape *rdp_active_stage_get_pointer_shape   (RdpActiveStage *self);
gboolean         rdp_active_stage_get_pointer_visible (RdpActiveStage *self);
void             rdp_active_stage_get_pointer_position (RdpActiveStage *self,
                                                        guint          *x,
                                                        guint          *y);

/* The reason to give when the connection ends without a Disconnect
 * Provider Ultimatum: the last Set Error Info, or @io_error itself
 * (a new reference of the error). */
GError         *rdp_active_stage_close_reason (RdpActiveStage *self,
                                               const GError   *io_error);

/* Client to server: input events as one PDU (fast-path when the server
 * takes it, else slow-path), Refresh Rect, Suppress Output, Shutdown
 * Request, and the MCS Disconnect Provider Ultimatum of a client that
 * leaves. */
GBytes *rdp_active_stage_encode_input          (RdpActiveStage      *self,
                                                const RdpInputEvent *events,
                                                guint                n_events);
GBytes *rdp_active_stage_encode_refresh_rect   (RdpActiveStage *self,
                                                const RdpRect  *rect);
GBytes *rdp_active_stage_encode_suppress_output (RdpActiveStage *self,
                                                 gboolean        suppress);
GBytes *rdp_active_stage_encode_disconnect     (RdpActiveStage *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpActiveStage, rdp_active_stage_free)

G_END_DECLS
