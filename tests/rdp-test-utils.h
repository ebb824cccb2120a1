/* rdp-test-utils.h: helpers shared by the tests, the fuzz targets and the
 * benchmarks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* RdpTestChunkedStream: a GInputStream over fixed bytes that hands them out
 * in chunks no larger than it is told — a fixed size, or random sizes from a
 * seed — to show the framing every way a socket could split a stream. At the
 * end it reports end-of-file, an error, or nothing at all until the read is
 * cancelled (a peer that went quiet). Its asynchronous reads complete from an
 * idle source, never in a thread. */

typedef enum {
  RDP_TEST_END_EOF,
  RDP_TEST_END_ERROR,
  RDP_TEST_END_HANG,
} RdpTestEnd;

#define RDP_TEST_TYPE_CHUNKED_STREAM (rdp_test_chunked_stream_get_type ())
G_DECLARE_FINAL_TYPE (RdpTestChunkedStream, rdp_test_chunked_stream, RDP_TEST, CHUNKED_STREAM, GInputStream)

/* max_chunk 0 means unlimited; seed 0 means every chunk is max_chunk long,
 * otherwise sizes are drawn uniformly from 1..max_chunk. */
GInputStream *rdp_test_chunked_stream_new      (GBytes     *data,
                                                gsize       max_chunk,
                                                guint32     seed,
                                                RdpTestEnd  end);
/* Makes more bytes available (as if the peer sent them). */
void          rdp_test_chunked_stream_append   (RdpTestChunkedStream *self,
                                                GBytes               *data);
gsize         rdp_test_chunked_stream_get_reads (RdpTestChunkedStream *self);
gsize         rdp_test_chunked_stream_get_offset (RdpTestChunkedStream *self);

/* A GIOStream whose input is @input and whose output collects into a
 * resizable GMemoryOutputStream. */
GIOStream    *rdp_test_io_stream_new           (GInputStream *input);

/* Reads tests/vectors/NAME.hex (without the extension); aborts the test if it
 * is missing or malformed. */
GBytes       *rdp_test_load_vector             (const char *name);
/* The names (without .hex) of all vectors whose names start with @prefix. */
GPtrArray    *rdp_test_list_vectors            (const char *prefix);
/* Parses whitespace-separated hex. */
GBytes       *rdp_test_parse_hex               (const char *text,
                                                GError    **error);

/* A connected pair of socket streams (socketpair(2)), for tests that want the
 * real kernel in between. */
void          rdp_test_socket_pair             (GIOStream **out_a,
                                                GIOStream **out_b);

/* Concatenates GBytes. */
GBytes       *rdp_test_concat                  (GBytes *first, ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
