#pragma once
/// Ground truth of a synthesized capture: one label per injected event, exact to the packet.

#include <pktscope/core/bytes.hpp>
#include <pktscope/synth/scenario.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pktscope::synth {

/// What one event put into the capture. The attack packets are the packets the event's
/// attacker(s) sent that a detector should count (`counted` says which, in words); they all
/// lie in [start_ns, end_ns] and are exactly the packets `filter` (a Wireshark display filter)
/// selects in that window: `tshark -Y '<filter> && frame.time_epoch >= S && frame.time_epoch
/// <= E'` counts `packets` frames.
struct event_label {
  std::uint32_t id = 0; ///< index in scenario::events
  event_kind kind = event_kind::port_scan;
  std::vector<std::string> attackers; ///< addresses, or a prefix ("100.65.0.0/16") if spoofed
  std::vector<std::string> victims;   ///< addresses the attack packets went to
  timestamp_ns start_ns = 0;          ///< first attack packet (0 when none was emitted)
  timestamp_ns end_ns = 0;            ///< last attack packet
  std::uint64_t packets = 0;          ///< attack packets emitted
  std::uint64_t response_packets = 0; ///< packets the victims sent back
  std::uint64_t other_packets = 0;    ///< further attacker packets (handshake ACKs, RSTs)
  std::string counted;                ///< what `packets` counts, e.g. "SYNs from the scanner"
  std::string filter;                 ///< display filter selecting exactly the attack packets
  /// The event's parameters after defaults were applied (type, rate, ports, ...).
  std::vector<std::pair<std::string, std::string>> params;
};

/// Totals of one generated capture.
struct capture_summary {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;          ///< frame octets
  std::uint64_t normal_packets = 0; ///< packets of no event
  std::uint64_t conversations = 0;  ///< normal conversations started
  timestamp_ns first_ns = 0;        ///< first packet's timestamp
  timestamp_ns last_ns = 0;         ///< last packet's timestamp
};

} // namespace pktscope::synth
