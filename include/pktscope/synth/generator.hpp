#pragma once
/// The traffic synthesizer: turns a scenario (scenario.hpp) into a strictly time-ordered
/// stream of Ethernet frames plus exact ground-truth labels (labels.hpp).
///
///   pktscope::synth::scenario s;
///   s.seed = 7;
///   s.events = pktscope::synth::default_attacks();
///   pktscope::synth::generator g(s);             // precondition: validate(s).empty()
///   while (const auto* p = g.next()) { writer.write(p->pkt); }
///   for (const auto& l : g.labels()) { ... }     // complete once next() returned nullptr
///
/// Normal traffic is a set of conversations (web over TCP with handshake, requests,
/// segmented responses, delayed ACKs and FIN or RST teardown; bulk downloads; DNS over UDP;
/// ICMP/ICMPv6 echo) that start as a Poisson process whose rate follows a smooth day-like
/// curve over the capture. Events add their own conversations (probes and the victims'
/// answers). Active conversations sit in a priority queue ordered by their next packet time,
/// so memory grows with the number of concurrent conversations, not with the capture, and
/// next() allocates nothing once the queue has reached its peak size.
///
/// The same scenario (seed included) gives the same packets, byte for byte.

#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/packet.hpp>
#include <pktscope/synth/labels.hpp>
#include <pktscope/synth/scenario.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope {
class capture_writer;
}

namespace pktscope::synth {

/// One generated frame. pkt.data is valid until the next call of next().
struct synth_packet {
  packet pkt;
  std::int32_t event = -1; ///< index of the event the packet belongs to, -1 for normal traffic
  bool attack = false;     ///< one of the event's counted attack packets
};

/// A host of the synthetic network (for the label file).
struct host_info {
  std::string role; ///< "client", "web", "dns"
  ipv4_address ipv4;
  ipv6_address ipv6;
  mac_address mac;
  bool internal = true; ///< on the LAN (else behind the router)
};

class generator {
public:
  /// Precondition: validate(s).empty().
  explicit generator(const scenario& s);
  ~generator();
  generator(generator&&) noexcept;
  generator& operator=(generator&&) noexcept;
  generator(const generator&) = delete;
  generator& operator=(const generator&) = delete;

  /// The next frame in time order, or nullptr at the end of the capture.
  [[nodiscard]] const synth_packet* next() noexcept;

  /// One label per scenario event, in scenario order. Counts cover the frames returned so far.
  [[nodiscard]] const std::vector<event_label>& labels() const noexcept;
  [[nodiscard]] const capture_summary& summary() const noexcept;
  [[nodiscard]] const std::vector<host_info>& hosts() const noexcept;
  /// Normal-traffic conversations started per second at the curve's peak, as calibrated.
  [[nodiscard]] double peak_conversation_rate() const noexcept;
  [[nodiscard]] static constexpr link_type link() noexcept { return link_type::ethernet; }

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Runs `g` to the end, writing every frame to `w` (which is not closed). Errors: those of
/// capture_writer::write.
[[nodiscard]] result<void> write_all(generator& g, capture_writer& w) noexcept;

} // namespace pktscope::synth
