#include <pktscope/proto/tls.hpp>

#include "support/hex.hpp"
#include "support/truncation.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;
using bytes_vec = std::vector<std::uint8_t>;

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/SSL-ClientHello1.pcap frame 1, TCP
// payload: a TLS 1.2 ClientHello in a TLS 1.0 record.
const char* const client_hello_12 =
    "16030100b7010000b303033e7b4a3efdf77a8878eb8c7d4033e053580eb00eb78f688a1871a8e562f2f7f50000"
    "16c02bc02fc00ac009c013c01400330039002f0035000a0100007400000013001100000e7777772e676f6f676c"
    "652e636f6dff01000100000a00080006001700180019000b000201000023000033740000001000170015026832"
    "08737064792f332e3108687474702f312e31000500050100000000000d00160014040105010601020104030503"
    "0603020304020202";
// seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/tls.pcap frame 29: a TLS 1.3
// ClientHello (the whole 517-octet payload is one record).
const char* const client_hello_13 =
    "1603010200010001fc03038da82d295b1e4cde5949bd1e65fb4788d07e567cc41cca7de438f84b8721f46120e7"
    "8fbce5405eaa88e12ae7056a65ac340482d8541834fe7b5f978fda618276d70024130113031302c02bc02fcca9"
    "cca8c02cc030c00ac009c013c014009c009d002f0035000a0100018f00000014001200000f7777772e67737461"
    "7469632e636f6d00170000ff01000100000a000e000c001d00170018001901000101000b000201000010000e00"
    "0c02683208687474702f312e310005000501000000000033006b0069001d0020a28db9502ffa80313e0bb91692"
    "1a09d463a1b7871f0ed9b9f3c5b7a59357075200170041045203634effbfb6e6364aa61ff9bc653262da77fdef"
    "2403e0e68018c17e137ac408e0cb6035df6d03e2e8802eec4d06fbc183012fe2ee39b2bda7947cfc067a14002b"
    "00050403040303000d0018001604030503060308040805080604010501060102030201001c000240010015009d"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "00000000000000000000000000000000000000000000";
// Same file, frame 31: the first record (127 of 1220 payload octets), a TLS 1.3 ServerHello.
const char* const server_hello_13 =
    "160303007a02000076030347ee8ee8eeb3a227c3f2e64f87e81c17775ed151f90e81fb0edc9dd98136f6b420e7"
    "8fbce5405eaa88e12ae7056a65ac340482d8541834fe7b5f978fda618276d7130100002e00330024001d002098"
    "8e1b0f7b6329fc7896e2636c3e625896a31a1c56363eb16205c26357266210002b00020304";
// Same file, frame 11: the first record (85 of 1360 octets), a TLS 1.2 ServerHello with ALPN.
const char* const server_hello_12 =
    "16030300500200004c030354a7e93f5f4d7a7b6f4fc30f055ec43dc8239e7000a0a0be34b95278c88c546700c0"
    "2b00002400000000ff01000100000b000403000102002300000010000b000908737064792f332e31";

tls::handshake_view handshake_of(const bytes_vec& record) {
  const auto r = tls::record_view::parse(record);
  EXPECT_TRUE(r);
  const auto h = tls::handshake_view::parse(r->fragment());
  EXPECT_TRUE(h);
  return *h;
}

std::vector<std::string> alpn_names(tls::alpn_reader r) {
  std::vector<std::string> out;
  while (!r.at_end()) {
    const auto n = r.next();
    EXPECT_TRUE(n);
    if (!n) {
      break;
    }
    out.emplace_back(*n);
  }
  return out;
}

// Expected: tshark -T fields -e tls.record.version -e tls.record.length -e
// tls.handshake.type -e tls.handshake.length -e tls.handshake.version -e
// tls.handshake.session_id_length -e tls.handshake.cipher_suites_length -e
// tls.handshake.extensions_server_name -e tls.handshake.extensions_alpn_str -e
// tls.handshake.extensions.supported_version -e tls.handshake.ciphersuite.
TEST(Tls, DecodesClientHello12) {
  const auto p = from_hex(client_hello_12);
  const auto r = tls::record_view::parse(p);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->content_type(), tls::content_type::handshake);
  EXPECT_EQ(r->version(), 0x0301);
  EXPECT_EQ(r->length(), 183);
  EXPECT_TRUE(r->complete());
  const auto h = tls::handshake_view::parse(r->fragment());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->msg_type(), tls::handshake_type::client_hello);
  EXPECT_EQ(h->length(), 179U);
  const auto ch = tls::parse_client_hello(*h);
  ASSERT_TRUE(ch);
  EXPECT_TRUE(ch->complete);
  EXPECT_EQ(ch->legacy_version, 0x0303);
  EXPECT_EQ(ch->session_id.size(), 0U);
  EXPECT_EQ(ch->cipher_suites.size(), 22U);
  EXPECT_EQ(ch->cipher_suite(0), 0xc02b);
  EXPECT_EQ(ch->compression_methods.size(), 1U);
  EXPECT_EQ(ch->extensions.size(), 116U);
  EXPECT_EQ(ch->server_name, "www.google.com");
  EXPECT_EQ(alpn_names(ch->alpn_protocols()),
            (std::vector<std::string>{"h2", "spdy/3.1", "http/1.1"}));
  EXPECT_TRUE(ch->supported_versions.empty());
  EXPECT_EQ(ch->max_version(), tls::version::tls12);
}

TEST(Tls, DecodesClientHello13) {
  const auto p = from_hex(client_hello_13);
  const auto ch = tls::parse_client_hello(handshake_of(p));
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->legacy_version, 0x0303);
  EXPECT_EQ(ch->session_id.size(), 32U);
  EXPECT_EQ(ch->cipher_suite_count(), 18U);
  EXPECT_EQ(ch->cipher_suite(0), 0x1301);
  EXPECT_EQ(ch->extensions.size(), 399U);
  EXPECT_EQ(ch->server_name, "www.gstatic.com");
  EXPECT_EQ(alpn_names(ch->alpn_protocols()), (std::vector<std::string>{"h2", "http/1.1"}));
  std::vector<std::uint16_t> versions;
  for (std::size_t i = 0; i < ch->supported_versions.size(); i += 2) {
    versions.push_back(load_be16(ch->supported_versions, i));
  }
  EXPECT_EQ(versions, (std::vector<std::uint16_t>{0x0304, 0x0303}));
  EXPECT_EQ(ch->max_version(), tls::version::tls13);
}

TEST(Tls, DecodesServerHellos) {
  const auto p13 = from_hex(server_hello_13);
  const auto sh = tls::parse_server_hello(handshake_of(p13));
  ASSERT_TRUE(sh);
  EXPECT_EQ(sh->legacy_version, 0x0303);
  EXPECT_EQ(sh->selected_version, 0x0304);
  EXPECT_EQ(sh->cipher_suite, 0x1301);
  EXPECT_EQ(sh->session_id.size(), 32U);
  EXPECT_EQ(sh->extensions.size(), 46U);
  EXPECT_FALSE(sh->hello_retry_request);
  EXPECT_FALSE(sh->alpn);
  const auto p12 = from_hex(server_hello_12);
  const auto s12 = tls::parse_server_hello(handshake_of(p12));
  ASSERT_TRUE(s12);
  EXPECT_EQ(s12->selected_version, 0x0303);
  EXPECT_EQ(s12->cipher_suite, 0xc02b);
  EXPECT_EQ(s12->session_id.size(), 0U);
  EXPECT_EQ(s12->extensions.size(), 36U);
  EXPECT_EQ(s12->alpn, "spdy/3.1");
}

// Every cut of a ClientHello: before the extensions it is truncated; inside them the hello is
// returned incomplete with whatever it found. It is never malformed and never reads past the
// cut (run under ASan).
TEST(Tls, ClientHelloCuts) {
  for (const char* hex : {client_hello_12, client_hello_13}) {
    const auto full = from_hex(hex);
    const std::size_t ext_start =
        full.size() - tls::parse_client_hello(handshake_of(full))->extensions.size();
    for (std::size_t n = 0; n < full.size(); ++n) {
      const bytes_vec cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      const auto r = tls::record_view::parse(cut);
      if (n < tls::record_header_len) {
        EXPECT_EQ(r.error().code, errc::truncated);
        continue;
      }
      ASSERT_TRUE(r);
      EXPECT_FALSE(r->complete());
      const auto h = tls::handshake_view::parse(r->fragment());
      if (n < tls::record_header_len + tls::handshake_header_len) {
        EXPECT_EQ(h.error().code, errc::truncated);
        continue;
      }
      ASSERT_TRUE(h);
      EXPECT_FALSE(h->complete());
      const auto ch = tls::parse_client_hello(*h);
      if (n < ext_start) {
        ASSERT_FALSE(ch) << n;
        EXPECT_EQ(ch.error().code, errc::truncated) << n;
      } else {
        ASSERT_TRUE(ch) << n;
        EXPECT_FALSE(ch->complete) << n;
      }
    }
  }
}

TEST(Tls, ServerHelloCutsAreTruncated) {
  const auto full = from_hex(server_hello_13);
  for (std::size_t n = tls::record_header_len + tls::handshake_header_len; n < full.size(); ++n) {
    const bytes_vec cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    const auto sh = tls::parse_server_hello(handshake_of(cut));
    ASSERT_FALSE(sh) << n;
    EXPECT_EQ(sh.error().code, errc::truncated) << n;
  }
}

// Lengths that lie: each inner length is made larger than the one enclosing it, while the
// bytes are all captured. That must be malformed, never truncated and never a read past.
TEST(Tls, NestedLengthsThatLie) {
  const auto base = from_hex(client_hello_12);
  // Offsets in client_hello_12: record header 0-4, handshake header 5-8, version 9-10,
  // random 11-42, session id length 43, suites length 44-45, suites 46-67, compression
  // length 68, method 69, extensions length 70-71, first extension (server_name) at 72:
  // type 72-73, length 74-75, list length 76-77, name type 78, name length 79-80.
  const struct {
    std::size_t at;
    std::uint8_t value;
    std::size_t expected_offset;
  } lies[] = {
      {43, 0x21, 43}, // session id 33 > 32
      {45, 0xb8, 44}, // suites length past the body
      {45, 0x17, 44}, // odd suite list
      {68, 0xff, 68}, // compression methods past the body
      {71, 0x75, 70}, // extensions block one octet longer than the body
      {75, 0xff, 74}, // server_name extension past the block
      {77, 0x12, 76}, // server name list past its extension
      {80, 0x10, 79}, // host name past its list
  };
  for (const auto& l : lies) {
    auto p = base;
    p[l.at] = l.value;
    const auto ch = tls::parse_client_hello(handshake_of(p));
    ASSERT_FALSE(ch) << l.at;
    EXPECT_EQ(ch.error(), (error{errc::malformed, layer_id::tls, 0, 0, l.expected_offset - 5}))
        << l.at;
  }
  // The handshake length larger than the record is not a lie (messages span records): the
  // hello is then incomplete.
  auto spanning = base;
  spanning[8] = 0xb4; // 180 > 179 captured
  const auto ch = tls::parse_client_hello(handshake_of(spanning));
  ASSERT_TRUE(ch);
  EXPECT_FALSE(ch->complete);
  // Handshake length smaller than its content: the extensions block passes the body.
  auto shrunk = base;
  shrunk[8] = 0xb2;
  EXPECT_EQ(tls::parse_client_hello(handshake_of(shrunk)).error().code, errc::malformed);
}

TEST(Tls, RecordChecks) {
  auto p = from_hex(client_hello_12);
  p[0] = 19;
  EXPECT_EQ(tls::record_view::parse(p).error(), (error{errc::malformed, layer_id::tls, 0, 0, 0}));
  p[0] = 25;
  EXPECT_EQ(tls::record_view::parse(p).error().code, errc::malformed);
  p[0] = 22;
  p[1] = 2;
  EXPECT_EQ(tls::record_view::parse(p).error(), (error{errc::malformed, layer_id::tls, 0, 0, 1}));
  p[1] = 3;
  p[3] = 0x48; // 0x4801 > 2^14 + 2048
  EXPECT_EQ(tls::record_view::parse(p).error(), (error{errc::malformed, layer_id::tls, 0, 0, 3}));
  test::expect_truncation_sweep<tls::record_view>(from_hex(client_hello_12),
                                                  tls::record_header_len);
  const bytes_vec four(4, 0x16);
  EXPECT_EQ(tls::record_view::parse(four).error(),
            (error{errc::truncated, layer_id::tls, 5, 4, 0}));
  // A handshake_view of the wrong type is refused by the hello parsers.
  const auto sh_bytes = from_hex(server_hello_13);
  const auto h = handshake_of(sh_bytes);
  EXPECT_EQ(tls::parse_client_hello(h).error().code, errc::unsupported);
  const auto ch_bytes = from_hex(client_hello_12);
  const auto c = handshake_of(ch_bytes);
  EXPECT_EQ(tls::parse_server_hello(c).error().code, errc::unsupported);
}

TEST(Tls, AlpnAndExtensionReaders) {
  // RFC 7301 §3.1: names are non-empty and must stay inside the list.
  const auto list = from_hex("02 6832 00 05 61");
  tls::alpn_reader a(list);
  EXPECT_EQ(*a.next(), "h2");
  EXPECT_EQ(a.next().error(), (error{errc::malformed, layer_id::tls, 0, 0, 3}));
  EXPECT_TRUE(a.at_end());
  const auto past = from_hex("05 61");
  EXPECT_EQ(tls::alpn_reader(past).next().error().code, errc::malformed);
  const auto exts = from_hex("0000 0003 616263 0010 00");
  tls::extension_reader e(exts);
  const auto first = e.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->type, 0);
  EXPECT_EQ(first->data.size(), 3U);
  EXPECT_EQ(e.next().error(), (error{errc::malformed, layer_id::tls, 0, 0, 9}));
  EXPECT_TRUE(e.at_end());
}

TEST(Tls, Describe) {
  EXPECT_EQ(tls::describe(tls::content_type::handshake), "Handshake");
  EXPECT_EQ(tls::describe(tls::handshake_type::client_hello), "Client Hello");
  EXPECT_EQ(tls::describe_version(0x0304), "TLS 1.3");
  EXPECT_EQ(tls::describe_version(0x3a3a), "GREASE");
  EXPECT_EQ(tls::describe_version(0x0305), "Unknown");
}

} // namespace
} // namespace pktscope
