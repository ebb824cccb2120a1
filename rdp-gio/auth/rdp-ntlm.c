/* rdp-ntlm.c: an NTLMv2 client ([MS-NLMP]), sans-I/O
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <nettle/arcfour.h>
#include <nettle/hmac.h>
#include <nettle/md4.h>
#include <nettle/md5.h>

#include "rdp-ntlm-private.h"
#include "rdp-secret-private.h"
#include "rdp-error.h"
#include "rdp-i18n-private.h"
#include "rdp-pdu-cursor-private.h"

static const guint8 ntlmssp_signature[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

#define NTLM_NEGOTIATE 1
#define NTLM_CHALLENGE 2
#define NTLM_AUTHENTICATE 3

/* Windows 10 1809 (10.0.17763), NTLMSSP_REVISION_W2K3 */
static const guint8 default_version[8] = { 0x0a, 0x00, 0x63, 0x45, 0x00, 0x00, 0x00, 0x0f };

/* The difference between the FILETIME epoch (1601) and the Unix epoch, in
 * seconds. */
#define FILETIME_UNIX_OFFSET G_GUINT64_CONSTANT (11644473600)

/* ---- primitives ---- */

void
rdp_ntlm_hmac_md5 (const guint8 *key,
                   gsize         key_length,
                   const guint8 *data1,
                   gsize         length1,
                   const guint8 *data2,
                   gsize         length2,
                   guint8        out[16])
{
  /* nettle rather than GHmac: GHmac keeps copies of the key (its inner and
   * outer pads) that it frees without wiping; this context is on the stack
   * and wiped. */
  struct hmac_md5_ctx hmac;

  hmac_md5_set_key (&hmac, key_length, key);
  if (length1 > 0)
    hmac_md5_update (&hmac, length1, data1);
  if (length2 > 0)
    hmac_md5_update (&hmac, length2, data2);
  hmac_md5_digest (&hmac, 16, out);
  rdp_secret_wipe (&hmac, sizeof hmac);
}

static void
md5_two (const guint8 *data1,
         gsize         length1,
         const guint8 *data2,
         gsize         length2,
         guint8        out[16])
{
  struct md5_ctx md5;

  md5_init (&md5);
  md5_update (&md5, length1, data1);
  if (length2 > 0)
    md5_update (&md5, length2, data2);
  md5_digest (&md5, 16, out);
  rdp_secret_wipe (&md5, sizeof md5);
}

/* UTF-16LE of a non-secret UTF-8 string (NULL = empty). */
static GBytes *
utf16le (const char  *string,
         GError     **error)
{
  GBytes *utf8, *result;

  if (string == NULL || string[0] == '\0')
    return g_bytes_new (NULL, 0);
  utf8 = g_bytes_new_static (string, strlen (string));
  result = rdp_secret_to_utf16le (utf8, error);
  g_bytes_unref (utf8);
  if (result == NULL)
    {
      g_clear_error (error);
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED,
                   _("A user, domain or workstation name is not valid UTF-8"));
    }
  return result;
}

gboolean
rdp_ntlm_nt_hash (GBytes  *password,
                  guint8   out[16],
                  GError **error)
{
  GBytes *units;
  struct md4_ctx md4;
  gsize size;
  const guint8 *data;

  units = rdp_secret_to_utf16le (password, NULL);
  if (units == NULL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("The password is not valid UTF-8"));
      return FALSE;
    }
  data = g_bytes_get_data (units, &size);
  md4_init (&md4);
  md4_update (&md4, size, data);
  md4_digest (&md4, 16, out);
  rdp_secret_wipe (&md4, sizeof md4);
  g_bytes_unref (units);
  return TRUE;
}

gboolean
rdp_ntlm_ntowfv2_from_hash (const guint8  nt_hash[16],
                            const char   *user,
                            const char   *domain,
                            guint8        out[16],
                            GError      **error)
{
  g_autofree char *upper = g_utf8_strup (user != NULL ? user : "", -1);
  g_autofree char *joined = g_strconcat (upper, domain != NULL ? domain : "", NULL);
  g_autoptr(GBytes) identity = utf16le (joined, error);
  const guint8 *data;
  gsize size;

  if (identity == NULL)
    return FALSE;
  data = g_bytes_get_data (identity, &size);
  rdp_ntlm_hmac_md5 (nt_hash, 16, data, size, NULL, 0, out);
  return TRUE;
}

gboolean
rdp_ntlm_ntowfv2 (GBytes     *password,
                  const char *user,
                  const char *domain,
                  guint8      out[16],
                  GError    **error)
{
  guint8 nt_hash[16];
  gboolean ok;

  if (!rdp_ntlm_nt_hash (password, nt_hash, error))
    return FALSE;
  ok = rdp_ntlm_ntowfv2_from_hash (nt_hash, user, domain, out, error);
  rdp_secret_wipe (nt_hash, sizeof nt_hash);
  return ok;
}

static const char client_sign_magic[] = "session key to client-to-server signing key magic constant";
static const char server_sign_magic[] = "session key to server-to-client signing key magic constant";
static const char client_seal_magic[] = "session key to client-to-server sealing key magic constant";
static const char server_seal_magic[] = "session key to server-to-client sealing key magic constant";

void
rdp_ntlm_sign_key (const guint8 exported_session_key[16],
                   gboolean     client_to_server,
                   guint8       out[16])
{
  const char *magic = client_to_server ? client_sign_magic : server_sign_magic;

  /* the magic constants include their NUL */
  md5_two (exported_session_key, 16, (const guint8 *) magic, strlen (magic) + 1, out);
}

void
rdp_ntlm_seal_key (const guint8 exported_session_key[16],
                   guint32      flags,
                   gboolean     client_to_server,
                   guint8       out[16])
{
  const char *magic = client_to_server ? client_seal_magic : server_seal_magic;
  gsize key_length;

  if (flags & RDP_NTLM_NEGOTIATE_128)
    key_length = 16;
  else if (flags & RDP_NTLM_NEGOTIATE_56)
    key_length = 7;
  else
    key_length = 5;
  md5_two (exported_session_key, key_length, (const guint8 *) magic, strlen (magic) + 1, out);
}

static void
rc4_once (const guint8 key[16],
          const guint8 *in,
          gsize         length,
          guint8       *out)
{
  struct arcfour_ctx rc4;

  arcfour_set_key (&rc4, 16, key);
  arcfour_crypt (&rc4, length, out, in);
  rdp_secret_wipe (&rc4, sizeof rc4);
}

/* ---- sealing ---- */

struct _RdpNtlmSealing {
  guint32 flags;
  guint8 send_sign_key[16];
  guint8 recv_sign_key[16];
  struct arcfour_ctx send_seal;
  struct arcfour_ctx recv_seal;
  guint32 send_seq;
  guint32 recv_seq;
};

RdpNtlmSealing *
rdp_ntlm_sealing_new (const guint8 exported_session_key[16],
                      guint32      flags,
                      gboolean     is_client)
{
  RdpNtlmSealing *self = g_new0 (RdpNtlmSealing, 1);
  guint8 key[16];

  self->flags = flags;
  rdp_ntlm_sign_key (exported_session_key, is_client, self->send_sign_key);
  rdp_ntlm_sign_key (exported_session_key, !is_client, self->recv_sign_key);
  rdp_ntlm_seal_key (exported_session_key, flags, is_client, key);
  arcfour_set_key (&self->send_seal, 16, key);
  rdp_ntlm_seal_key (exported_session_key, flags, !is_client, key);
  arcfour_set_key (&self->recv_seal, 16, key);
  rdp_secret_wipe (key, sizeof key);
  return self;
}

void
rdp_ntlm_sealing_free (RdpNtlmSealing *self)
{
  if (self == NULL)
    return;
  rdp_secret_wipe (self, sizeof *self);
  g_free (self);
}

/* The 8 checksum bytes of an NTLMv2 signature with extended session
 * security ([MS-NLMP] 3.4.4.2); RC4'd with @seal on key exchange. */
static void
signature_checksum (const guint8        sign_key[16],
                    struct arcfour_ctx *seal,
                    guint32             flags,
                    guint32             seq,
                    const guint8       *message,
                    gsize               length,
                    guint8              out[8])
{
  guint8 seq_le[4] = { seq & 0xff, (seq >> 8) & 0xff, (seq >> 16) & 0xff, seq >> 24 };
  guint8 mac[16];

  rdp_ntlm_hmac_md5 (sign_key, 16, seq_le, 4, message, length, mac);
  if (flags & RDP_NTLM_NEGOTIATE_KEY_EXCH)
    arcfour_crypt (seal, 8, out, mac);
  else
    memcpy (out, mac, 8);
  rdp_secret_wipe (mac, sizeof mac);
}

GBytes *
rdp_ntlm_sealing_wrap (RdpNtlmSealing *self,
                       const guint8   *data,
                       gsize           length)
{
  guint8 *out = g_malloc (16 + length);
  guint32 seq = self->send_seq++;

  /* sealed first: the checksum's RC4 continues the same stream */
  arcfour_crypt (&self->send_seal, length, out + 16, data);
  out[0] = 1;
  out[1] = out[2] = out[3] = 0;
  signature_checksum (self->send_sign_key, &self->send_seal, self->flags, seq, data, length, out + 4);
  out[12] = seq & 0xff;
  out[13] = (seq >> 8) & 0xff;
  out[14] = (seq >> 16) & 0xff;
  out[15] = seq >> 24;
  return rdp_secret_new_take (out, 16 + length);
}

GBytes *
rdp_ntlm_sealing_unwrap (RdpNtlmSealing *self,
                         const guint8   *data,
                         gsize           length,
                         GError        **error)
{
  guint8 *plain;
  guint8 expected[8];
  guint32 version, seq;
  guint8 diff = 0;

  if (length < 16)
    {
      rdp_pdu_set_invalid (error, _("An NTLM sealed message is shorter than its signature"));
      return NULL;
    }
  version = data[0] | (data[1] << 8) | (data[2] << 16) | ((guint32) data[3] << 24);
  seq = data[12] | (data[13] << 8) | (data[14] << 16) | ((guint32) data[15] << 24);
  plain = g_malloc (length > 16 ? length - 16 : 1);
  arcfour_crypt (&self->recv_seal, length - 16, plain, data + 16);
  signature_checksum (self->recv_sign_key, &self->recv_seal, self->flags, self->recv_seq,
                      plain, length - 16, expected);
  for (guint i = 0; i < 8; i++)
    diff |= expected[i] ^ data[4 + i];
  if (version != 1 || seq != self->recv_seq || diff != 0)
    {
      rdp_secret_wipe (plain, length - 16);
      g_free (plain);
      rdp_pdu_set_invalid (error, _("An NTLM sealed message failed its integrity check"));
      return NULL;
    }
  self->recv_seq++;
  return rdp_secret_new_take (plain, length - 16);
}

/* ---- CHALLENGE ---- */

void
rdp_ntlm_challenge_clear (RdpNtlmChallenge *challenge)
{
  if (challenge->av_pairs != NULL)
    g_array_unref (challenge->av_pairs);
  memset (challenge, 0, sizeof *challenge);
}

/* Reads a (Len, MaxLen, Offset) field and checks that it lies in the
 * message. */
static gboolean
read_field (RdpPduReader  *reader,
            const guint8  *message,
            gsize          length,
            const char    *what,
            const guint8 **out_data,
            gsize         *out_length,
            GError       **error)
{
  guint16 len, max_len;
  guint32 offset;

  if (!rdp_pdu_reader_read_u16le (reader, &len, error) ||
      !rdp_pdu_reader_read_u16le (reader, &max_len, error) ||
      !rdp_pdu_reader_read_u32le (reader, &offset, error))
    return FALSE;
  if (len > 0 && (offset > length || len > length - offset))
    {
      rdp_pdu_set_invalid (error, _("NTLM message: the %s field (%u bytes at offset %u) lies outside the %lu-byte message"),
                           what, len, offset, (gulong) length);
      return FALSE;
    }
  *out_data = len > 0 ? message + offset : NULL;
  *out_length = len;
  return TRUE;
}

static gboolean
parse_av_pairs (RdpNtlmChallenge *out,
                GError          **error)
{
  RdpPduReader reader;

  out->av_pairs = g_array_new (FALSE, TRUE, sizeof (RdpNtlmAvPair));
  if (out->target_info_length == 0)
    return TRUE;
  rdp_pdu_reader_init (&reader, out->target_info, out->target_info_length);
  for (;;)
    {
      RdpNtlmAvPair pair;

      if (!rdp_pdu_reader_read_u16le (&reader, &pair.id, error) ||
          !rdp_pdu_reader_read_u16le (&reader, &pair.length, error))
        {
          g_prefix_error (error, _("NTLM CHALLENGE: the target information has no end: "));
          return FALSE;
        }
      if (pair.length > rdp_pdu_reader_remaining (&reader))
        {
          rdp_pdu_set_invalid (error, _("NTLM CHALLENGE: an AV pair (id %u) claims %u bytes but only %lu remain"),
                               pair.id, pair.length, (gulong) rdp_pdu_reader_remaining (&reader));
          return FALSE;
        }
      pair.value = rdp_pdu_reader_peek_ptr (&reader);
      reader.pos += pair.length;
      if (pair.id == RDP_NTLM_AV_EOL)
        {
          if (pair.length != 0)
            {
              rdp_pdu_set_invalid (error, _("NTLM CHALLENGE: MsvAvEOL has a length of %u"), pair.length);
              return FALSE;
            }
          /* what follows the EOL (padding) is not part of the list */
          out->target_info_length = reader.pos;
          return TRUE;
        }
      if (out->av_pairs->len >= RDP_NTLM_MAX_AV_PAIRS)
        {
          rdp_pdu_set_invalid (error, _("NTLM CHALLENGE: more than %d AV pairs"), RDP_NTLM_MAX_AV_PAIRS);
          return FALSE;
        }
      if (pair.id == RDP_NTLM_AV_TIMESTAMP)
        {
          if (pair.length != 8)
            {
              rdp_pdu_set_invalid (error, _("NTLM CHALLENGE: MsvAvTimestamp is %u bytes long, not 8"), pair.length);
              return FALSE;
            }
          out->has_timestamp = TRUE;
          out->timestamp = 0;
          for (int i = 7; i >= 0; i--)
            out->timestamp = (out->timestamp << 8) | pair.value[i];
        }
      else if (pair.id == RDP_NTLM_AV_FLAGS && pair.length != 4)
        {
          rdp_pdu_set_invalid (error, _("NTLM CHALLENGE: MsvAvFlags is %u bytes long, not 4"), pair.length);
          return FALSE;
        }
      g_array_append_val (out->av_pairs, pair);
    }
}

gboolean
rdp_ntlm_challenge_decode (const guint8      *data,
                           gsize              length,
                           RdpNtlmChallenge  *out,
                           GError           **error)
{
  RdpPduReader reader;
  const guint8 *signature, *server_challenge;
  guint32 type;

  memset (out, 0, sizeof *out);
  rdp_pdu_reader_init (&reader, data, length);
  if (!rdp_pdu_reader_read_bytes (&reader, 8, &signature, error))
    goto fail;
  if (memcmp (signature, ntlmssp_signature, 8) != 0)
    {
      rdp_pdu_set_invalid (error, _("NTLM CHALLENGE: no NTLMSSP signature"));
      goto fail;
    }
  if (!rdp_pdu_reader_read_u32le (&reader, &type, error))
    goto fail;
  if (type != NTLM_CHALLENGE)
    {
      rdp_pdu_set_invalid (error, _("NTLM: expected a CHALLENGE message (type 2), got type %u"), type);
      goto fail;
    }
  if (!read_field (&reader, data, length, "TargetName", &out->target_name, &out->target_name_length, error) ||
      !rdp_pdu_reader_read_u32le (&reader, &out->flags, error) ||
      !rdp_pdu_reader_read_bytes (&reader, 8, &server_challenge, error) ||
      !rdp_pdu_reader_skip (&reader, 8, error) ||
      !read_field (&reader, data, length, "TargetInfo", &out->target_info, &out->target_info_length, error))
    goto fail;
  memcpy (out->server_challenge, server_challenge, 8);
  if ((out->flags & RDP_NTLM_NEGOTIATE_VERSION) && rdp_pdu_reader_remaining (&reader) >= 8)
    {
      out->has_version = TRUE;
      memcpy (out->version, rdp_pdu_reader_peek_ptr (&reader), 8);
    }
  if (!parse_av_pairs (out, error))
    goto fail;
  return TRUE;

fail:
  rdp_ntlm_challenge_clear (out);
  return FALSE;
}

/* ---- the client ---- */

typedef enum {
  NTLM_STATE_INITIAL,
  NTLM_STATE_NEGOTIATE_SENT,
  NTLM_STATE_COMPLETE,
  NTLM_STATE_FAILED,
} NtlmState;

struct _RdpNtlm {
  RdpAuthMechanism parent;      /* when used as a mechanism */
  NtlmState state;
  char *domain;
  char *user;
  GBytes *password;
  char *workstation;
  char *target_name;
  GBytes *channel_bindings;
  GBytes *single_host;
  guint32 flags;
  guint8 version[8];
  guint target_info_padding;
  gboolean has_inputs;
  RdpNtlmInputs inputs;
  GBytes *negotiate;
  guint32 negotiated_flags;
  guint8 exported_session_key[16];
  RdpNtlmSealing *sealing;
};

RdpNtlm *
rdp_ntlm_new (const RdpNtlmConfig *config)
{
  RdpNtlm *self = g_new0 (RdpNtlm, 1);

  self->domain = g_strdup (config->domain != NULL ? config->domain : "");
  self->user = g_strdup (config->user != NULL ? config->user : "");
  self->password = config->password != NULL ? g_bytes_ref (config->password)
                                            : rdp_secret_new (NULL, 0);
  self->workstation = g_strdup (config->workstation);
  self->target_name = g_strdup (config->target_name);
  self->channel_bindings = config->channel_bindings != NULL ? g_bytes_ref (config->channel_bindings) : NULL;
  self->single_host = config->single_host != NULL ? g_bytes_ref (config->single_host) : NULL;
  self->flags = config->flags != 0 ? config->flags : RDP_NTLM_DEFAULT_FLAGS;
  memcpy (self->version, config->has_version ? config->version : default_version, 8);
  self->target_info_padding = config->target_info_padding;
  return self;
}

void
rdp_ntlm_free (RdpNtlm *self)
{
  if (self == NULL)
    return;
  g_free (self->domain);
  g_free (self->user);
  g_bytes_unref (self->password);
  g_free (self->workstation);
  g_free (self->target_name);
  g_clear_pointer (&self->channel_bindings, g_bytes_unref);
  g_clear_pointer (&self->single_host, g_bytes_unref);
  g_clear_pointer (&self->negotiate, g_bytes_unref);
  g_clear_pointer (&self->sealing, rdp_ntlm_sealing_free);
  rdp_secret_wipe (self, sizeof *self);
  g_free (self);
}

void
rdp_ntlm_set_inputs (RdpNtlm             *self,
                     const RdpNtlmInputs *inputs)
{
  self->has_inputs = inputs != NULL;
  if (inputs != NULL)
    self->inputs = *inputs;
  else
    rdp_secret_wipe (&self->inputs, sizeof self->inputs);
}

GBytes *
rdp_ntlm_negotiate (RdpNtlm  *self,
                    GError  **error)
{
  GByteArray *out;

  if (self->state != NTLM_STATE_INITIAL)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("NTLM: the NEGOTIATE message was already sent"));
      return NULL;
    }
  out = g_byte_array_sized_new (40);
  rdp_pdu_write_bytes (out, ntlmssp_signature, 8);
  rdp_pdu_write_u32le (out, NTLM_NEGOTIATE);
  rdp_pdu_write_u32le (out, self->flags);
  /* DomainNameFields, WorkstationFields: not supplied */
  rdp_pdu_write_zeros (out, 16);
  if (self->flags & RDP_NTLM_NEGOTIATE_VERSION)
    rdp_pdu_write_bytes (out, self->version, 8);
  self->negotiate = g_byte_array_free_to_bytes (out);
  self->state = NTLM_STATE_NEGOTIATE_SENT;
  return g_bytes_ref (self->negotiate);
}

static void
write_av_pair (GByteArray   *out,
               guint16       id,
               const guint8 *value,
               gsize         length)
{
  rdp_pdu_write_u16le (out, id);
  rdp_pdu_write_u16le (out, length);
  if (length > 0)
    rdp_pdu_write_bytes (out, value, length);
}

/* The client's AV pairs for the NTLMv2 response ([MS-NLMP] 3.1.5.1.2):
 * the server's, then MsvAvFlags (MIC), MsvAvSingleHost,
 * MsvAvChannelBindings, MsvAvTargetName, MsvAvEOL. */
static gboolean
build_target_info (RdpNtlm                *self,
                   const RdpNtlmChallenge *challenge,
                   GByteArray             *out,
                   GError                **error)
{
  guint32 av_flags = challenge->has_timestamp ? RDP_NTLM_AV_FLAG_MIC : 0;
  gboolean flags_written = FALSE;

  for (guint i = 0; i < challenge->av_pairs->len; i++)
    {
      const RdpNtlmAvPair *pair = &g_array_index (challenge->av_pairs, RdpNtlmAvPair, i);

      if (pair->id == RDP_NTLM_AV_FLAGS)
        {
          guint32 value = pair->value[0] | (pair->value[1] << 8) | (pair->value[2] << 16) |
                          ((guint32) pair->value[3] << 24);
          guint8 le[4];

          value |= av_flags;
          le[0] = value & 0xff;
          le[1] = (value >> 8) & 0xff;
          le[2] = (value >> 16) & 0xff;
          le[3] = value >> 24;
          write_av_pair (out, pair->id, le, 4);
          flags_written = TRUE;
        }
      else if (pair->id == RDP_NTLM_AV_TARGET_NAME || pair->id == RDP_NTLM_AV_CHANNEL_BINDINGS ||
               pair->id == RDP_NTLM_AV_SINGLE_HOST)
        continue;   /* the client's own */
      else
        write_av_pair (out, pair->id, pair->value, pair->length);
    }
  if (!flags_written && av_flags != 0)
    {
      guint8 le[4] = { av_flags & 0xff, (av_flags >> 8) & 0xff, (av_flags >> 16) & 0xff, av_flags >> 24 };

      write_av_pair (out, RDP_NTLM_AV_FLAGS, le, 4);
    }
  if (self->single_host != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (self->single_host, &size);

      write_av_pair (out, RDP_NTLM_AV_SINGLE_HOST, data, size);
    }
  if (self->channel_bindings != NULL || challenge->has_timestamp)
    {
      guint8 hash[16] = { 0 };

      if (self->channel_bindings != NULL)
        {
          gsize size;
          const guint8 *data = g_bytes_get_data (self->channel_bindings, &size);

          md5_two (data, size, NULL, 0, hash);
        }
      write_av_pair (out, RDP_NTLM_AV_CHANNEL_BINDINGS, hash, 16);
    }
  if (self->target_name != NULL)
    {
      g_autoptr(GBytes) name = utf16le (self->target_name, error);
      gsize size;
      const guint8 *data;

      if (name == NULL)
        return FALSE;
      data = g_bytes_get_data (name, &size);
      write_av_pair (out, RDP_NTLM_AV_TARGET_NAME, data, size);
    }
  write_av_pair (out, RDP_NTLM_AV_EOL, NULL, 0);
  rdp_pdu_write_zeros (out, self->target_info_padding);
  return TRUE;
}

/* The flags of the AUTHENTICATE: what both sides support, the client's
 * REQUEST_TARGET, the server's TARGET_INFO; Unicode over OEM, extended
 * session security over the LM key. */
static guint32
authenticate_flags (guint32 client,
                    guint32 server)
{
  guint32 flags = (client & server) | (client & RDP_NTLM_REQUEST_TARGET) |
                  (server & RDP_NTLM_NEGOTIATE_TARGET_INFO);

  if (flags & RDP_NTLM_NEGOTIATE_UNICODE)
    flags &= ~RDP_NTLM_NEGOTIATE_OEM;
  if (flags & RDP_NTLM_NEGOTIATE_EXTENDED_SESSIONSECURITY)
    flags &= ~RDP_NTLM_NEGOTIATE_LM_KEY;
  return flags;
}

static void
write_field (GByteArray *out,
             gsize       field_offset,
             gsize       length,
             gsize       offset)
{
  guint8 *p = out->data + field_offset;

  p[0] = length & 0xff;
  p[1] = (length >> 8) & 0xff;
  p[2] = p[0];
  p[3] = p[1];
  p[4] = offset & 0xff;
  p[5] = (offset >> 8) & 0xff;
  p[6] = (offset >> 16) & 0xff;
  p[7] = (offset >> 24) & 0xff;
}

static gboolean
fail (RdpNtlm *self)
{
  self->state = NTLM_STATE_FAILED;
  return FALSE;
}

GBytes *
rdp_ntlm_authenticate (RdpNtlm       *self,
                       const guint8  *challenge_data,
                       gsize          challenge_length,
                       GError       **error)
{
  g_auto(RdpNtlmChallenge) challenge = { 0 };
  g_autoptr(GBytes) domain = NULL, user = NULL, workstation = NULL;
  GByteArray *temp = NULL, *out = NULL;
  guint8 ntowfv2[16], nt_proof[16], session_base_key[16], lm[24], encrypted_key[16], mic[16];
  RdpNtlmInputs inputs;
  guint64 timestamp;
  guint32 flags;
  gboolean mic_present, key_exchange;
  gsize header_size, offset, domain_len, user_len, ws_len, nt_len, lm_len, key_len;
  const guint8 *domain_data, *user_data, *ws_data;
  GBytes *result;

  if (self->state == NTLM_STATE_COMPLETE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA,
                   _("NTLM: the server sent a second CHALLENGE after the exchange was complete"));
      fail (self);
      return NULL;
    }
  if (self->state != NTLM_STATE_NEGOTIATE_SENT)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("NTLM: a CHALLENGE arrived out of order"));
      fail (self);
      return NULL;
    }
  if (!rdp_ntlm_challenge_decode (challenge_data, challenge_length, &challenge, error))
    {
      fail (self);
      return NULL;
    }
  if (!(challenge.flags & RDP_NTLM_NEGOTIATE_EXTENDED_SESSIONSECURITY) ||
      !(challenge.flags & RDP_NTLM_NEGOTIATE_UNICODE))
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_NOT_SUPPORTED,
                   _("NTLM: the server supports neither Unicode nor extended session security (flags 0x%08x)"),
                   challenge.flags);
      fail (self);
      return NULL;
    }

  if (self->has_inputs)
    inputs = self->inputs;
  else
    {
      gint64 now = g_get_real_time ();

      inputs.timestamp = ((guint64) now / G_USEC_PER_SEC + FILETIME_UNIX_OFFSET) * 10000000 +
                         ((guint64) now % G_USEC_PER_SEC) * 10;
      if (gnutls_rnd (GNUTLS_RND_NONCE, inputs.client_challenge, 8) != 0 ||
          gnutls_rnd (GNUTLS_RND_KEY, inputs.random_session_key, 16) != 0)
        {
          g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("No random numbers for NTLM"));
          fail (self);
          return NULL;
        }
    }
  timestamp = challenge.has_timestamp ? challenge.timestamp : inputs.timestamp;
  flags = authenticate_flags (self->flags, challenge.flags);
  mic_present = challenge.has_timestamp;
  key_exchange = (flags & RDP_NTLM_NEGOTIATE_KEY_EXCH) != 0;

  if (!rdp_ntlm_ntowfv2 (self->password, self->user, self->domain, ntowfv2, error))
    goto out_fail;
  if ((domain = utf16le (self->domain, error)) == NULL ||
      (user = utf16le (self->user, error)) == NULL ||
      (workstation = utf16le (self->workstation, error)) == NULL)
    goto out_fail;

  /* temp = 01 01 Z(6) Time ClientChallenge Z(4) AvPairs Z(4) */
  temp = g_byte_array_sized_new (64 + challenge.target_info_length);
  rdp_pdu_write_u8 (temp, 1);
  rdp_pdu_write_u8 (temp, 1);
  rdp_pdu_write_zeros (temp, 6);
  rdp_pdu_write_u32le (temp, timestamp & 0xffffffff);
  rdp_pdu_write_u32le (temp, timestamp >> 32);
  rdp_pdu_write_bytes (temp, inputs.client_challenge, 8);
  rdp_pdu_write_zeros (temp, 4);
  if (!build_target_info (self, &challenge, temp, error))
    goto out_fail;
  rdp_pdu_write_zeros (temp, 4);

  rdp_ntlm_hmac_md5 (ntowfv2, 16, challenge.server_challenge, 8, temp->data, temp->len, nt_proof);
  rdp_ntlm_hmac_md5 (ntowfv2, 16, nt_proof, 16, NULL, 0, session_base_key);
  if (mic_present)
    memset (lm, 0, sizeof lm);
  else
    {
      rdp_ntlm_hmac_md5 (ntowfv2, 16, challenge.server_challenge, 8, inputs.client_challenge, 8, lm);
      memcpy (lm + 16, inputs.client_challenge, 8);
    }
  /* NTLMv2: KeyExchangeKey = SessionBaseKey */
  if (key_exchange)
    {
      rc4_once (session_base_key, inputs.random_session_key, 16, encrypted_key);
      memcpy (self->exported_session_key, inputs.random_session_key, 16);
    }
  else
    memcpy (self->exported_session_key, session_base_key, 16);

  domain_data = g_bytes_get_data (domain, &domain_len);
  user_data = g_bytes_get_data (user, &user_len);
  ws_data = g_bytes_get_data (workstation, &ws_len);
  lm_len = 24;
  nt_len = 16 + temp->len;
  key_len = key_exchange ? 16 : 0;
  header_size = 64 + ((flags & RDP_NTLM_NEGOTIATE_VERSION) || mic_present ? 8 : 0) + (mic_present ? 16 : 0);
  if (domain_len > G_MAXUINT16 || user_len > G_MAXUINT16 || ws_len > G_MAXUINT16 || nt_len > G_MAXUINT16)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("NTLM: a name or the target information is too long"));
      goto out_fail;
    }

  out = g_byte_array_sized_new (header_size + domain_len + user_len + ws_len + lm_len + nt_len + key_len);
  rdp_pdu_write_bytes (out, ntlmssp_signature, 8);
  rdp_pdu_write_u32le (out, NTLM_AUTHENTICATE);
  rdp_pdu_write_zeros (out, 48);                  /* six fields, filled in below */
  rdp_pdu_write_u32le (out, flags);
  if (header_size > 64)
    {
      if (flags & RDP_NTLM_NEGOTIATE_VERSION)
        rdp_pdu_write_bytes (out, self->version, 8);
      else
        rdp_pdu_write_zeros (out, 8);
    }
  if (mic_present)
    rdp_pdu_write_zeros (out, 16);
  offset = header_size;
  write_field (out, 28, domain_len, offset);
  rdp_pdu_write_bytes (out, domain_data, domain_len);
  offset += domain_len;
  write_field (out, 36, user_len, offset);
  rdp_pdu_write_bytes (out, user_data, user_len);
  offset += user_len;
  write_field (out, 44, ws_len, offset);
  rdp_pdu_write_bytes (out, ws_data, ws_len);
  offset += ws_len;
  write_field (out, 12, lm_len, offset);
  rdp_pdu_write_bytes (out, lm, lm_len);
  offset += lm_len;
  write_field (out, 20, nt_len, offset);
  rdp_pdu_write_bytes (out, nt_proof, 16);
  rdp_pdu_write_bytes (out, temp->data, temp->len);
  offset += nt_len;
  write_field (out, 52, key_len, offset);
  if (key_exchange)
    rdp_pdu_write_bytes (out, encrypted_key, 16);

  if (mic_present)
    {
      struct hmac_md5_ctx hmac;

      hmac_md5_set_key (&hmac, 16, self->exported_session_key);
      hmac_md5_update (&hmac, g_bytes_get_size (self->negotiate), g_bytes_get_data (self->negotiate, NULL));
      hmac_md5_update (&hmac, challenge_length, challenge_data);
      hmac_md5_update (&hmac, out->len, out->data);
      hmac_md5_digest (&hmac, 16, mic);
      rdp_secret_wipe (&hmac, sizeof hmac);
      memcpy (out->data + 72, mic, 16);
    }

  self->negotiated_flags = flags;
  self->sealing = rdp_ntlm_sealing_new (self->exported_session_key, flags, TRUE);
  self->state = NTLM_STATE_COMPLETE;
  /* the AUTHENTICATE holds no secret as such, but it is wiped anyway (it
   * is a dictionary-attack target) */
  result = rdp_secret_byte_array_free_to_bytes (out);
  g_byte_array_unref (temp);
  rdp_secret_wipe (ntowfv2, sizeof ntowfv2);
  rdp_secret_wipe (session_base_key, sizeof session_base_key);
  rdp_secret_wipe (&inputs, sizeof inputs);
  return result;

out_fail:
  if (temp != NULL)
    g_byte_array_unref (temp);
  rdp_secret_wipe (ntowfv2, sizeof ntowfv2);
  rdp_secret_wipe (session_base_key, sizeof session_base_key);
  rdp_secret_wipe (&inputs, sizeof inputs);
  rdp_secret_wipe (self->exported_session_key, 16);
  fail (self);
  return NULL;
}

gboolean
rdp_ntlm_is_complete (RdpNtlm *self)
{
  return self->state == NTLM_STATE_COMPLETE;
}

guint32
rdp_ntlm_get_flags (RdpNtlm *self)
{
  return self->negotiated_flags;
}

GBytes *
rdp_ntlm_get_session_key (RdpNtlm *self)
{
  if (self->state != NTLM_STATE_COMPLETE)
    return NULL;
  return rdp_secret_new (self->exported_session_key, 16);
}

static gboolean
check_complete (RdpNtlm  *self,
                GError  **error)
{
  if (self->state != NTLM_STATE_COMPLETE)
    {
      g_set_error (error, RDP_ERROR, RDP_ERROR_FAILED, _("NTLM: the security context is not established"));
      return FALSE;
    }
  return TRUE;
}

GBytes *
rdp_ntlm_wrap (RdpNtlm       *self,
               const guint8  *data,
               gsize          length,
               GError       **error)
{
  if (!check_complete (self, error))
    return NULL;
  return rdp_ntlm_sealing_wrap (self->sealing, data, length);
}

GBytes *
rdp_ntlm_unwrap (RdpNtlm       *self,
                 const guint8  *data,
                 gsize          length,
                 GError       **error)
{
  if (!check_complete (self, error))
    return NULL;
  return rdp_ntlm_sealing_unwrap (self->sealing, data, length, error);
}

/* ---- as a CredSSP mechanism ---- */

static GBytes *
mechanism_step (RdpAuthMechanism *mechanism,
                GBytes           *input,
                GError          **error)
{
  RdpNtlm *self = (RdpNtlm *) mechanism;

  if (input == NULL)
    return rdp_ntlm_negotiate (self, error);
  return rdp_ntlm_authenticate (self, g_bytes_get_data (input, NULL), g_bytes_get_size (input), error);
}

static gboolean
mechanism_is_complete (RdpAuthMechanism *mechanism)
{
  return rdp_ntlm_is_complete ((RdpNtlm *) mechanism);
}

static GBytes *
mechanism_wrap (RdpAuthMechanism *mechanism,
                GBytes           *plaintext,
                GError          **error)
{
  return rdp_ntlm_wrap ((RdpNtlm *) mechanism, g_bytes_get_data (plaintext, NULL),
                        g_bytes_get_size (plaintext), error);
}

static GBytes *
mechanism_unwrap (RdpAuthMechanism *mechanism,
                  GBytes           *message,
                  GError          **error)
{
  return rdp_ntlm_unwrap ((RdpNtlm *) mechanism, g_bytes_get_data (message, NULL),
                          g_bytes_get_size (message), error);
}

static void
mechanism_free (RdpAuthMechanism *mechanism)
{
  rdp_ntlm_free ((RdpNtlm *) mechanism);
}

static const RdpAuthMechanismClass ntlm_mechanism_class = {
  .name = "NTLM",
  .step = mechanism_step,
  .is_complete = mechanism_is_complete,
  .wrap = mechanism_wrap,
  .unwrap = mechanism_unwrap,
  .free = mechanism_free,
};

RdpAuthMechanism *
rdp_ntlm_mechanism_new (const RdpNtlmConfig *config)
{
  RdpNtlm *self = rdp_ntlm_new (config);

  self->parent.klass = &ntlm_mechanism_class;
  return &self->parent;
}

RdpNtlm *
rdp_ntlm_mechanism_get_ntlm (RdpAuthMechanism *mechanism)
{
  g_return_val_if_fail (mechanism->klass == &ntlm_mechanism_class, NULL);
  return (RdpNtlm *) mechanism;
}
