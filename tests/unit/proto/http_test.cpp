#include <pktscope/proto/http.hpp>

#include <pktscope/core/chars.hpp>

#include "support/hex.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace pktscope {
namespace {

using test::from_hex;
using bytes_vec = std::vector<std::uint8_t>;

bytes_vec text(std::string_view s) {
  return bytes_vec(s.begin(), s.end());
}

// kbandla__dpkt/examples/data/http.pcap frame 4, TCP payload (479 octets): a whole request.
const char* const request_hex =
    "474554202f646f776e6c6f61642e68746d6c20485454502f312e310d0a486f73743a207777772e657468657265"
    "616c2e636f6d0d0a557365722d4167656e743a204d6f7a696c6c612f352e30202857696e646f77733b20553b20"
    "57696e646f7773204e5420352e313b20656e2d55533b2072763a312e3629204765636b6f2f3230303430313133"
    "0d0a4163636570743a20746578742f786d6c2c6170706c69636174696f6e2f786d6c2c6170706c69636174696f"
    "6e2f7868746d6c2b786d6c2c746578742f68746d6c3b713d302e392c746578742f706c61696e3b713d302e382c"
    "696d6167652f706e672c696d6167652f6a7065672c696d6167652f6769663b713d302e322c2a2f2a3b713d302e"
    "310d0a4163636570742d4c616e67756167653a20656e2d75732c656e3b713d302e350d0a4163636570742d456e"
    "636f64696e673a20677a69702c6465666c6174650d0a4163636570742d436861727365743a2049534f2d383835"
    "392d312c7574662d383b713d302e372c2a3b713d302e370d0a4b6565702d416c6976653a203330300d0a436f6e"
    "6e656374696f6e3a206b6565702d616c6976650d0a526566657265723a20687474703a2f2f7777772e65746865"
    "7265616c2e636f6d2f646576656c6f706d656e742e68746d6c0d0a0d0a";
// Same file, frame 6: first 302 of 1380 payload octets (the 294-octet head and 8 body
// octets) of the response tshark reassembles and reports at frame 27.
const char* const response_hex =
    "485454502f312e3120323030204f4b0d0a446174653a205468752c203133204d617920323030342031303a3137"
    "3a313220474d540d0a5365727665723a204170616368650d0a4c6173742d4d6f6469666965643a205475652c20"
    "32302041707220323030342031333a31373a303020474d540d0a455461673a202239613031612d343639362d37"
    "65333534623030220d0a4163636570742d52616e6765733a2062797465730d0a436f6e74656e742d4c656e6774"
    "683a2031383037300d0a4b6565702d416c6976653a2074696d656f75743d31352c206d61783d3130300d0a436f"
    "6e6e656374696f6e3a204b6565702d416c6976650d0a436f6e74656e742d547970653a20746578742f68746d6c"
    "3b20636861727365743d49534f2d383835392d310d0a0d0a3c3f786d6c207665";

// Expected: tshark -T fields -e http.request.method -e http.request.uri
// -e http.request.version -e http.host -e http.response.version -e http.response.code
// -e http.response.phrase.
TEST(Http, DecodesCorpusRequest) {
  const auto p = from_hex(request_hex);
  const auto v = http::view::parse(p);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->is_request());
  EXPECT_EQ(v->method(), "GET");
  EXPECT_EQ(v->target(), "/download.html");
  EXPECT_EQ(v->version(), "HTTP/1.1");
  EXPECT_EQ(v->host(), "www.ethereal.com");
  EXPECT_TRUE(v->start_line_complete());
  EXPECT_TRUE(v->headers_complete());
  EXPECT_FALSE(v->truncated());
  EXPECT_EQ(v->head_len(), 479U);
  EXPECT_TRUE(v->body().empty());
  EXPECT_TRUE(http::looks_like_http(p));
}

TEST(Http, DecodesCorpusResponse) {
  const auto p = from_hex(response_hex);
  const auto v = http::view::parse(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind(), http::message_kind::response);
  EXPECT_EQ(v->version(), "HTTP/1.1");
  EXPECT_EQ(v->status_code(), 200);
  EXPECT_EQ(v->reason(), "OK");
  EXPECT_FALSE(v->host());
  EXPECT_EQ(v->head_len(), 294U);
  EXPECT_EQ(as_chars(v->body()), "<?xml ve");
  EXPECT_TRUE(http::looks_like_http(p));
}

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/TwoHttpRequests.pcap frame 1
// (first line and Host line of its payload): tshark http.host www.ynet.co.il.
TEST(Http, HostHeaderIsCaseInsensitiveAndTrimmed) {
  const auto p = text("GET /home/0,7340,L-8,00.html HTTP/1.1\r\nhOST: \t www.ynet.co.il \r\n\r\n");
  const auto v = http::view::parse(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->target(), "/home/0,7340,L-8,00.html");
  EXPECT_EQ(v->host(), "www.ynet.co.il");
  // Bare LF line ends are tolerated (RFC 9112 §2.2).
  const auto lf = text("HEAD / HTTP/1.0\nHost: a\n\nbody");
  const auto w = http::view::parse(lf);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->host(), "a");
  EXPECT_EQ(as_chars(w->body()), "body");
}

// Every cut of a valid head still parses (after the first token) with fields that are
// prefixes of the full ones, and reports truncation; nothing reads past the cut.
TEST(Http, CutPayloadsReportTruncation) {
  for (const char* hex : {request_hex, response_hex}) {
    const auto full = from_hex(hex);
    const auto whole = http::view::parse(full);
    ASSERT_TRUE(whole);
    for (std::size_t n = 0; n < whole->head_len(); ++n) {
      const bytes_vec cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      const auto v = http::view::parse(cut);
      if (!v) {
        EXPECT_EQ(v.error().code, errc::truncated) << n;
        EXPECT_EQ(v.error().offset, 0U);
        continue;
      }
      EXPECT_TRUE(v->truncated()) << n;
      EXPECT_EQ(v->kind(), whole->kind());
      EXPECT_TRUE(whole->method().starts_with(v->method())) << n;
      EXPECT_TRUE(whole->target().starts_with(v->target())) << n;
      EXPECT_TRUE(whole->version().starts_with(v->version())) << n;
      EXPECT_TRUE(whole->reason().starts_with(v->reason())) << n;
      if (v->host()) {
        EXPECT_EQ(v->host(), whole->host());
      }
    }
  }
  // Cut inside the target and inside the status code.
  const auto a = text("GET /very/lo");
  EXPECT_EQ(http::view::parse(a)->target(), "/very/lo");
  EXPECT_FALSE(http::view::parse(a)->start_line_complete());
  const auto b = text("HTTP/1.1 20");
  EXPECT_EQ(http::view::parse(b)->status_code(), 0);
  const auto c = text("GE");
  EXPECT_EQ(http::view::parse(c).error(), (error{errc::truncated, layer_id::http, 3, 2, 0}));
}

TEST(Http, MalformedStartLines) {
  const struct {
    const char* payload;
    std::size_t offset;
  } cases[] = {
      {"G(T / HTTP/1.1\r\n", 1},    // not a token
      {" / HTTP/1.1\r\n", 0},       // empty method
      {"GET /\r\n", 5},             // HTTP/0.9 style, no version
      {"GET  HTTP/1.1\r\n", 4},     // empty target
      {"GET / HTTP/2\r\n", 12},     // not 1.x syntax
      {"GET / FTP/1.1\r\n", 6},     // wrong protocol name
      {"GET / HTTP/1.1x\r\n", 14},  // trailing junk
      {"HTTP/1.1 2x0 OK\r\n", 10},  // status not 3 digits
      {"HTTP/1.1 2000 OK\r\n", 12}, // 4 digits
      {"HTTP/1.x 200 OK\r\n", 7},   // bad minor version
      {"\x16\x03\x01\x02\x00", 0},  // TLS
  };
  for (const auto& c : cases) {
    const auto p = text(c.payload);
    const auto r = http::view::parse(p);
    ASSERT_FALSE(r) << c.payload;
    EXPECT_EQ(r.error(), (error{errc::malformed, layer_id::http, 0, 0, c.offset})) << c.payload;
  }
}

TEST(Http, ResponseWithoutReason) {
  // RFC 9112 §4: the reason phrase may be empty, and the SP before it is kept by senders
  // that follow the grammar; both forms parse.
  for (const char* s : {"HTTP/1.1 204 \r\n\r\n", "HTTP/1.1 204\r\n\r\n"}) {
    const auto p = text(s);
    const auto v = http::view::parse(p);
    ASSERT_TRUE(v) << s;
    EXPECT_EQ(v->status_code(), 204);
    EXPECT_EQ(v->reason(), "");
    EXPECT_TRUE(v->headers_complete());
  }
}

TEST(Http, LooksLikeHttp) {
  for (const char* s : {"GET / HTTP/1.1", "POST /x", "OPTIONS * HTTP/1.1", "HTTP/1.0 404",
                        "PROPFIND /dav HTTP/1.1"}) {
    EXPECT_TRUE(http::looks_like_http(text(s))) << s;
  }
  for (const char* s :
       {"", "GET", "GETX / HTTP/1.1", "get / HTTP/1.1", "HTTP/2 200", "SSH-2.0-OpenSSH"}) {
    EXPECT_FALSE(http::looks_like_http(text(s))) << s;
  }
}

// Random octet strings: parse never crashes and any view it returns is self-consistent.
TEST(Http, RandomPayloadsAreSafe) {
  std::mt19937 rng(9112);
  const std::string alphabet = "GET HTP/1.0\r\n:host ";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<std::size_t> len(0, 40);
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (std::size_t n = len(rng); n > 0; --n) {
      s += alphabet[pick(rng)];
    }
    const auto p = text(s);
    const auto v = http::view::parse(p);
    if (v) {
      EXPECT_LE(v->head_len(), p.size());
      EXPECT_LE(v->body().size(), p.size());
    }
  }
}

} // namespace
} // namespace pktscope
