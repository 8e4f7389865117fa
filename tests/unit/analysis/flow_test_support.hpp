#pragma once
// Shared helpers of the analysis tests: frames made with the packet builder, decoded and fed
// to a flow table whose finished flows are collected.

#include <pktscope/analysis/flow_table.hpp>
#include <pktscope/build/builder.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/tcp.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace pktscope::test {

inline constexpr timestamp_ns ms = 1'000'000;
inline constexpr timestamp_ns sec = 1'000'000'000;

/// The configurations under which the "same result two ways" tests compare (deferred against
/// direct updates, talkers by flow against by packet): the defaults, no fragment reassembly,
/// and one that cuts flows into active-timeout parts and evicts and reuses slots all the time.
inline std::vector<flow_table_config> equivalence_configs() {
  flow_table_config no_reassembly;
  no_reassembly.reassemble = false;
  flow_table_config churn;
  churn.active_timeout = sec / 10;
  churn.max_flows = 3;
  churn.tcp_timeout = sec;
  return {{}, no_reassembly, churn};
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

} // namespace pktscope::test
