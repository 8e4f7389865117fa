#include <pktscope/analysis/dns_tcp_segments.hpp>

#include <pktscope/core/endian.hpp>
#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/tcp.hpp>

#include <algorithm>
#include <bit>

namespace pktscope {

namespace {
bool seq_before(std::uint32_t a, std::uint32_t b) noexcept {
  return tcp::seq_delta(a, b) < 0;
}
} // namespace

dns_tcp_segments::dns_tcp_segments(std::size_t capacity)
    : slots_(std::bit_ceil(std::max(capacity, ways))), set_mask_(slots_.size() / ways - 1) {}

void dns_tcp_segments::clear() noexcept {
  std::fill(slots_.begin(), slots_.end(), direction{});
  clock_ = 0;
}

dns_tcp_segments::direction& dns_tcp_segments::find(const flow_key& k) noexcept {
  const std::size_t set = static_cast<std::size_t>(hash_flow_key(k)) & set_mask_;
  direction* const first = slots_.data() + set * ways;
  direction* oldest = first;
  for (direction* d = first; d != first + ways; ++d) {
    if (d->used && d->key == k) {
      d->last_use = ++clock_;
      return *d;
    }
    if (!d->used || (oldest->used && d->last_use < oldest->last_use)) {
      oldest = d;
    }
  }
  restart(*oldest, k, ++clock_);
  return *oldest;
}

void dns_tcp_segments::restart(direction& d, flow_key k, std::uint64_t use) noexcept {
  d = direction{};
  d.key = k;
  d.used = true;
  d.last_use = use;
}

dns_tcp_segment dns_tcp_segments::add(const decoded_packet& d) noexcept {
  flow_key k;
  k.addr_a = d.src_addr;
  k.addr_b = d.dst_addr;
  k.port_a = d.src_port;
  k.port_b = d.dst_port;
  k.ip_version = d.ip_version;
  k.ip_protocol = 6;
  direction& s = find(k);

  const std::uint32_t seq = d.tcp_seq;
  const std::uint32_t len = d.l4_payload_len;
  const auto flags = tcp::flag_set(d.tcp_flags);
  const bool syn = flags.has(tcp::flag::syn);
  const bool fin = flags.has(tcp::flag::fin);
  if (syn) {
    restart(s, s.key, s.last_use); // a new connection on these ports
  }

  dns_tcp_segment out;
  if (len != 0) {
    // tshark's keep-alive (one octet or none just below the next sequence number) is no
    // retransmission.
    const bool keep_alive = len <= 1 && !fin && seq == s.next_seq - 1;
    if (s.next_seq != 0 && seq_before(seq, s.next_seq) && !keep_alive) {
      out.kind = dns_tcp_segment::role::retransmission;
    } else if (s.has_message && seq_before(s.message_seq, seq) && seq_before(seq, s.message_end)) {
      if (!seq_before(s.message_end, seq + len)) {
        out.kind = dns_tcp_segment::role::continuation;
      } else {
        out.message_offset = s.message_end - seq;
      }
    }
    if (out.kind == dns_tcp_segment::role::message) {
      // Follow the length prefixes to a message this segment does not hold to its end.
      const bytes payload = d.l4_payload();
      std::size_t at = out.message_offset;
      while (payload.size() - at >= 2) {
        const std::size_t framed = 2U + load_be16(payload, at);
        if (framed > len - at) {
          s.message_seq = seq;
          s.message_end = seq + static_cast<std::uint32_t>(at + framed);
          s.has_message = true;
          break;
        }
        at += framed;
      }
    }
  }
  // tshark's next sequence number: SYN and FIN count one each; only ever moves forwards.
  const std::uint32_t end = seq + len + (syn ? 1U : 0U) + (fin ? 1U : 0U);
  if (s.next_seq == 0 || seq_before(s.next_seq, end)) {
    s.next_seq = end;
  }
  return out;
}

} // namespace pktscope
