// Built packets of every stack, written to one pcap per link type (the file format written by
// hand here: the build area's tests do not link the io area), then dissected by tshark with
// checksum validation on. No packet may be malformed and no expert info may reach warning
// level (bad checksums are errors). Skipped when tshark is not installed.

#include <pktscope/build/builder.hpp>

#include "unit/build/build_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace pktscope {
namespace {

using test::mac;
using test::v4;
using test::v6;

/// libpcap file format (tcpdump.org/manpages/pcap-savefile.5): little-endian, microseconds.
class pcap_file {
public:
  explicit pcap_file(link_type link) {
    put32(0xa1b2c3d4);
    put16(2);
    put16(4);
    put32(0);
    put32(0);
    put32(65535);
    put32(static_cast<std::uint32_t>(link));
  }
  void add(const std::vector<std::uint8_t>& pkt) {
    put32(++count_);
    put32(0);
    put32(static_cast<std::uint32_t>(pkt.size()));
    put32(static_cast<std::uint32_t>(pkt.size()));
    bytes_.insert(bytes_.end(), pkt.begin(), pkt.end());
  }
  void save(const std::filesystem::path& p) const {
    FILE* f = std::fopen(p.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(std::fwrite(bytes_.data(), 1, bytes_.size(), f), bytes_.size());
    std::fclose(f);
  }
  [[nodiscard]] std::uint32_t count() const { return count_; }

private:
  void put16(std::uint16_t v) {
    bytes_.push_back(static_cast<std::uint8_t>(v));
    bytes_.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  void put32(std::uint32_t v) {
    put16(static_cast<std::uint16_t>(v));
    put16(static_cast<std::uint16_t>(v >> 16));
  }
  std::vector<std::uint8_t> bytes_;
  std::uint32_t count_ = 0;
};

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) {
    return "popen failed";
  }
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p) != nullptr) {
    out += buf.data();
  }
  pclose(p);
  return out;
}

bool have_tshark() {
  return std::system("tshark -v >/dev/null 2>&1") == 0;
}

/// What tshark says about a file.
struct dissection {
  std::size_t frames = 0;
  std::string complaints; ///< one line per malformed frame or expert info >= warning
};

/// Expert severities as tshark prints them (epan/proto.h: PI_WARN 0x00600000).
constexpr unsigned long warning_severity = 0x00600000UL;

dissection dissect(const std::filesystem::path& file) {
  const std::string out =
      run("tshark -r '" + file.string() +
          "' -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE"
          " -o udp.check_checksum:TRUE -o sctp.checksum:CRC-32C"
          " -o tcp.analyze_sequence_numbers:FALSE -T fields -E occurrence=a -E aggregator=,"
          " -e frame.number -e _ws.malformed -e _ws.expert.severity -e _ws.expert.message"
          " -e frame.protocols 2>/dev/null");
  dissection d;
  std::size_t pos = 0;
  while (pos < out.size()) {
    const std::size_t end = std::min(out.find('\n', pos), out.size());
    const std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    ++d.frames;
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = line.find('\t', t1 + 1);
    const std::size_t t3 = line.find('\t', t2 + 1);
    bool bad = t2 > t1 + 1; // _ws.malformed present
    std::string sev = line.substr(t2 + 1, t3 - t2 - 1);
    for (std::size_t s = 0; s < sev.size();) {
      const std::size_t comma = std::min(sev.find(',', s), sev.size());
      bad = bad || std::stoul(sev.substr(s, comma - s)) >= warning_severity;
      s = comma + 1;
    }
    if (bad) {
      d.complaints += line + "\n";
    }
  }
  return d;
}

class BuildTshark : public ::testing::Test {
protected:
  void SetUp() override {
    if (!have_tshark()) {
      GTEST_SKIP() << "tshark not installed";
    }
    dir_ = std::filesystem::temp_directory_path() /
           ("pktscope_build_tshark_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void check(const pcap_file& f, const std::string& name) {
    const auto path = dir_ / name;
    f.save(path);
    const dissection d = dissect(path);
    EXPECT_EQ(d.complaints, "") << name;
    EXPECT_EQ(d.frames, f.count()) << name;
  }
  std::filesystem::path dir_;
};

const mac_address ma = mac("02:00:00:00:00:01"), mb = mac("02:00:00:00:00:02");
const ipv4_address a4 = v4("192.0.2.1"), b4 = v4("198.51.100.2");
const ipv6_address a6 = v6("2001:db8::1"), b6 = v6("2001:db8::2");

TEST_F(BuildTshark, EthernetStacks) {
  pcap_file f(link_type::ethernet);
  const std::uint8_t data[] = {'h', 'e', 'l', 'l', 'o', ' ', 'p',
                               'k', 't', 's', 'c', 'o', 'p', 'e'};
  const std::uint8_t router_alert[] = {0x05, 0x02, 0x00, 0x00};
  const std::uint8_t geneve_opt[] = {0x01, 0x02, 0x03, 0x01, 0xde, 0xad, 0xbe, 0xef};
  const std::uint8_t chunk_data[] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 'x', 'y', 'z'};
  // RFC 9260 §3.3.5: one Heartbeat Info parameter (type 1, length 8).
  const std::uint8_t heartbeat_info[] = {0x00, 0x01, 0x00, 0x08, 1, 2, 3, 4};
  std::array<std::uint8_t, 512> buf{};
  for (std::uint16_t i = 1; i <= 3; ++i) {
    dns::message_builder m(buf, i, 0x0100);
    static_cast<void>(m.add_question("www.example.com", dns::qtype::a));
    const auto e = build::ethernet(ma, mb);
    const std::uint16_t port = static_cast<std::uint16_t>(40000 + i);
    const std::uint32_t seq = 1000U * i;
    ipv4::header opts{.identification = i, .ttl = 64};
    opts.options_len = 4;
    opts.options = {0x94, 0x04, 0x00, 0x00}; // Router Alert (RFC 2113)

    f.add(e.vlan(42).ipv4(a4, b4, {.ttl = 64}).udp(port, 53).dns(m).to_vector());
    f.add(e.service_vlan(100).vlan(i).ipv4(a4, b4, opts).tcp(port, 80, {.seq = seq}).to_vector());
    f.add(e.mpls(16 + i)
              .mpls(17)
              .ipv4(a4, b4)
              .tcp(port, 443,
                   {.seq = seq,
                    .flags = {tcp::flag::syn},
                    .options = {.mss = 1460,
                                .window_scale = 7,
                                .sack_permitted = true,
                                .timestamps = tcp::timestamps{i, 0}}})
              .to_vector());
    f.add(e.pppoe(0x1234).ipv6(a6, b6).udp(port, 53).dns(m).to_vector());
    f.add(e.pppoe(7).ipv4(a4, b4).icmp(build::icmp_echo(i, i)).payload(data).to_vector());
    f.add(e.arp(arp::operation::request, ma, a4, mac_address{}, b4).to_vector());
    f.add(
        e.ipv4(a4, b4,
               {.identification = 77, .flags = ipv4::flag_mf, .protocol = ip_protocol::experiment1})
            .payload(data)
            .to_vector());
    f.add(e.ipv4(a4, b4,
                 {.identification = 77, .fragment_offset = 2, .protocol = ip_protocol::experiment1})
              .payload(data)
              .to_vector());
    f.add(e.ipv6(a6, b6)
              .hop_by_hop(router_alert)
              .destination_options()
              .tcp(port, 80, {.seq = seq, .flags = {tcp::flag::ack, tcp::flag::psh}})
              .payload(data)
              .to_vector());
    f.add(e.ipv6(a6, b6).fragment({.identification = i}).udp(port, 9).payload(data).to_vector());
    f.add(e.ipv4(b4, a4)
              .icmp({.type = 3, .code = 3})
              .inner(build::raw().ipv4(a4, b4).udp(port, 33434).payload(data))
              .to_vector());
    f.add(e.ipv4(b4, a4)
              .icmp({.type = 11, .code = 0})
              .ipv4(a4, b4, {.ttl = 1})
              .udp(port, 33435)
              .payload(data)
              .to_vector());
    f.add(e.ipv6(a6, b6).icmpv6(build::icmpv6_echo(i, i)).payload(data).to_vector());
    f.add(e.ipv6(a6, b6, {.hop_limit = 255}).neighbor_solicitation(b6, ma).to_vector());
    f.add(e.ipv6(b6, a6, {.hop_limit = 255})
              .neighbor_advertisement(b6, icmpv6::na_solicited | icmpv6::na_override, mb)
              .to_vector());
    f.add(e.ipv6(b6, a6)
              .icmpv6({.type = 1, .code = 4})
              .ipv6(a6, b6)
              .udp(port, 9)
              .payload(data)
              .to_vector());
    f.add(e.ipv4(a4, b4)
              .sctp(port, 45678, 0xabcd0000U + i)
              .chunk(sctp::chunk_type::data, 3, chunk_data)
              .chunk(sctp::chunk_type::heartbeat, 0, heartbeat_info)
              .to_vector());
    f.add(e.ipv4(a4, b4)
              .gre({.checksum = true, .key = i, .sequence = i})
              .ipv4(v4("10.0.0.1"), v4("10.0.0.2"))
              .udp(port, 53)
              .dns(m)
              .to_vector());
    f.add(e.ipv6(a6, b6).gre().ethernet(mb, ma).ipv4(a4, b4).tcp(port, 80).to_vector());
    f.add(e.ipv4(a4, b4)
              .udp(port, vxlan::udp_port)
              .vxlan(5000 + i)
              .ethernet(mb, ma)
              .ipv4(a4, b4)
              .tcp(port, 80, {.seq = seq})
              .payload(data)
              .to_vector());
    f.add(e.ipv4(a4, b4)
              .udp(port, geneve::udp_port)
              .geneve(10, geneve_opt)
              .ethernet(mb, ma)
              .ipv6(a6, b6)
              .udp(port, 53)
              .dns(m)
              .to_vector());
    f.add(
        e.ipv4(a4, b4).ipv4(v4("10.1.1.1"), v4("10.2.2.2")).udp(port, 9).payload(data).to_vector());
    f.add(e.ipv4(a4, b4).ipv6(a6, b6).udp(port, 9).payload(data).to_vector());
    f.add(e.ipv6(a6, b6).ipv4(a4, b4).tcp(port, 80).to_vector());
    f.add(e.ipv6(a6, b6).ipv6(b6, a6).icmpv6(build::icmpv6_echo(i, i, true)).to_vector());
    f.add(e.ipv4(a4, b4)
              .tcp(port, 53, {.seq = seq, .flags = {tcp::flag::ack, tcp::flag::psh}})
              .dns_tcp(m)
              .to_vector());
  }
  check(f, "ethernet.pcap");
}

TEST_F(BuildTshark, DetectsAWrongChecksum) {
  // The check itself must be able to fail: checksums kept at 0 are reported.
  pcap_file f(link_type::ethernet);
  f.add(build::ethernet(ma, mb).ipv4(a4, b4).tcp(1, 2).to_vector(build::checksum_policy::keep));
  const auto path = dir_ / "bad.pcap";
  f.save(path);
  EXPECT_NE(dissect(path).complaints, "");
}

TEST_F(BuildTshark, OtherLinkTypes) {
  const std::uint8_t data[] = {1, 2, 3, 4, 5, 6, 7, 8};
  pcap_file raw(link_type::raw), sll(link_type::linux_sll), sll2(link_type::linux_sll2),
      null(link_type::null_loopback), loop(link_type::loop);
  for (std::uint16_t i = 1; i <= 3; ++i) {
    raw.add(build::raw().ipv4(a4, b4).tcp(i, 80).payload(data).to_vector());
    raw.add(build::raw().ipv6(a6, b6).udp(i, 9).payload(data).to_vector());
    sll.add(build::linux_sll(linux_sll::packet_type::outgoing, ma)
                .ipv4(a4, b4)
                .udp(i, 9)
                .payload(data)
                .to_vector());
    sll.add(build::linux_sll(linux_sll::packet_type::host, mb)
                .vlan(5)
                .ipv6(a6, b6)
                .tcp(i, 22)
                .to_vector());
    sll2.add(build::linux_sll2(2, linux_sll::packet_type::host, ma)
                 .ipv6(a6, b6)
                 .icmpv6(build::icmpv6_echo(i, i))
                 .to_vector());
    sll2.add(build::linux_sll2(3, linux_sll::packet_type::outgoing, mb)
                 .arp(arp::operation::reply, mb, b4, ma, a4)
                 .to_vector());
    null.add(build::null_loopback().ipv4(a4, b4).udp(i, 9).payload(data).to_vector());
    null.add(build::null_loopback(null_loopback::address_family::inet6_darwin)
                 .ipv6(a6, b6)
                 .tcp(i, 80)
                 .to_vector());
    loop.add(build::loop().ipv4(a4, b4).icmp(build::icmp_echo(i, i)).to_vector());
    loop.add(build::loop().ipv6(a6, b6).udp(i, 9).to_vector());
  }
  check(raw, "raw.pcap");
  check(sll, "sll.pcap");
  check(sll2, "sll2.pcap");
  check(null, "null.pcap");
  check(loop, "loop.pcap");
}

} // namespace
} // namespace pktscope
