#pragma once
// Shared helpers of the analysis tests: frames made with the packet builder, decoded and fed
// to a flow table whose finished flows are collected.

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/tcp.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace pktscope::test {

inline constexpr timestamp_ns ms = 1'000'000;
inline constexpr timestamp_ns sec = 1'000'000'000;

/// The "same result two ways" tests (deferred against direct updates, talkers by flow against
/// by packet) run `compare(capture, config)`, which returns how much it compared, over these
/// corpus captures (fragments, tunnels, many interfaces, long TCP exchanges) under three
/// configurations: the defaults, no fragment reassembly, and one that cuts flows into
/// active-timeout parts and evicts and reuses slots all the time. The defaults must compare
/// more than `at_least` items, so that the captures give them plenty to compare.
template <class Compare> void expect_equivalent_everywhere(Compare compare, std::size_t at_least) {
  static const char* const captures[] = {
      "zeek__zeek/testing/btest/Traces/ipv4/fragmented-1.pcap",
      "zeek__zeek/testing/btest/Traces/ipv4/fragmented-syn.pcap",
      "zeek__zeek/testing/btest/Traces/ipv6-fragmented-dns.pcap",
      "zeek__zeek/testing/btest/Traces/ipv6-reassembly-state-leak.pcap",
      "seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/IPv4Frag.pcap",
      "seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/ip6_fragments.pcap",
      "zeek__zeek/testing/btest/Traces/tunnels/gtp/gtp1_gn_normal_incl_fragmentation.pcap",
      "kbandla__dpkt/examples/data/dns_icmp.pcap",
      "kbandla__dpkt/examples/data/http.pcap",
      "seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/many_interfaces-1.pcapng",
      "seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/650HttpResponses.pcap",
      "the-tcpdump-group__tcpdump/tests/afs.pcap",
  };
  flow_table_config no_reassembly;
  no_reassembly.reassemble = false;
  flow_table_config churn;
  churn.active_timeout = sec / 10;
  churn.max_flows = 3;
  churn.tcp_timeout = sec;
  const flow_table_config configs[] = {{}, no_reassembly, churn};
  for (const flow_table_config& cfg : configs) {
    SCOPED_TRACE(&cfg - configs);
    std::size_t compared = 0;
    for (const char* capture : captures) {
      compared += compare(std::string(capture), cfg);
    }
    if (&cfg == configs) {
      EXPECT_GT(compared, at_least);
    }
  }
}

struct collecting_sink : flow_sink {
  void flow_opened(const flow_record& r) override { opened.push_back(r.id); }
  void flow_finished(const flow_record& r) override { finished.push_back(r); }
  std::vector<std::uint64_t> opened;
  std::vector<flow_record> finished;
};

/// A flow table fed with built frames (raw IPv4 link type unless a frame says otherwise).
struct harness {
  explicit harness(flow_table_config cfg = {}) : table(cfg, &sink) {}

  const flow_record* feed(const std::vector<std::uint8_t>& frame, timestamp_ns ts,
                          link_type link = link_type::raw) {
    frames.push_back(frame); // keep the bytes alive while the table may look at them
    decoded_packet d;
    decode_options opt;
    EXPECT_TRUE(decode(frames.back(), link, opt, d).has_value());
    return table.update(d, ts, static_cast<std::uint32_t>(frames.back().size()));
  }

  /// One TCP segment between client 10.0.0.1:40000 and server 10.0.0.2:80.
  const flow_record* tcp(bool from_client, std::initializer_list<tcp::flag> flags,
                         std::uint32_t seq, std::uint32_t ack, std::size_t payload_len,
                         timestamp_ns ts, std::uint16_t window = 65535) {
    std::vector<std::uint8_t> data(payload_len, 0x61);
    const ipv4_address c{{10, 0, 0, 1}}, s{{10, 0, 0, 2}};
    build::tcp_params p;
    p.seq = seq;
    p.ack = ack;
    p.flags = tcp::flag_set(flags);
    p.window = window;
    const auto frame = from_client
                           ? build::raw().ipv4(c, s).tcp(40000, 80, p).payload(data).to_vector()
                           : build::raw().ipv4(s, c).tcp(80, 40000, p).payload(data).to_vector();
    return feed(frame, ts);
  }

  /// The one flow finished after flush().
  const flow_record& only() {
    table.flush();
    EXPECT_EQ(sink.finished.size(), 1U);
    return sink.finished.at(0);
  }

  collecting_sink sink;
  flow_table table;
  std::vector<std::vector<std::uint8_t>> frames;
};

/// The first of `flows` with IP protocol `proto`, or nullptr.
inline const flow_record* find_flow(const std::vector<flow_record>& flows, std::uint8_t proto) {
  const auto it = std::find_if(flows.begin(), flows.end(),
                               [&](const flow_record& r) { return r.key.ip_protocol == proto; });
  return it == flows.end() ? nullptr : &*it;
}

} // namespace pktscope::test
