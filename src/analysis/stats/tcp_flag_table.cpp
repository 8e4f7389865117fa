#include <pktscope/analysis/stats/tcp_flag_table.hpp>

#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/tcp.hpp>

#include <algorithm>

namespace pktscope::stats {

void tcp_flag_table::add(std::uint16_t flags) noexcept {
  counts_[flags & 0x1ffU] += 1;
}

void tcp_flag_table::add(const decoded_packet& d) noexcept {
  if (d.transport == layer_id::tcp) {
    add(d.tcp_flags);
  }
}

bool tcp_flag_table::anomalous(std::uint16_t flags) noexcept {
  const tcp::flag_set f(static_cast<std::uint16_t>(flags & tcp::named_flags_mask));
  if (tcp::is_null_scan(f) || tcp::is_xmas(f) || tcp::has_syn_fin(f) || tcp::has_syn_rst(f)) {
    return true;
  }
  // FIN, PSH or URG need an established connection, hence ACK (RFC 9293 §3.10.7.4): without
  // it they are scan probes (nmap -sF) or broken stacks.
  const bool needs_ack = f.has(tcp::flag::fin) || f.has(tcp::flag::psh) || f.has(tcp::flag::urg);
  return needs_ack && !f.has(tcp::flag::ack);
}

std::vector<tcp_flag_row> tcp_flag_table::rows() const {
  std::vector<tcp_flag_row> out;
  for (std::uint16_t v = 0; v < counts_.size(); ++v) {
    if (counts_[v] == 0) {
      continue;
    }
    tcp_flag_row r;
    r.flags = v;
    std::array<char, tcp::max_flags_text> text{};
    r.names.assign(text.data(), tcp::format_flags(tcp::flag_set(v), text.data()));
    r.packets = counts_[v];
    r.anomalous = anomalous(v);
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const tcp_flag_row& a, const tcp_flag_row& b) {
    return a.packets > b.packets;
  });
  return out;
}

} // namespace pktscope::stats
