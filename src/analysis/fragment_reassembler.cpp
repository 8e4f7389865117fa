#include <pktscope/analysis/fragment_reassembler.hpp>

#include <pktscope/decode/decoded_packet.hpp>
#include <pktscope/proto/ipv4.hpp>
#include <pktscope/proto/ipv6.hpp>
#include <pktscope/proto/ipv6_ext.hpp>

#include <algorithm>
#include <cstring>

namespace pktscope {

fragment_reassembler::fragment_reassembler(const fragment_config& cfg) : cfg_(cfg) {
  cfg_.max_datagrams = std::max<std::uint32_t>(cfg_.max_datagrams, 1);
  cfg_.max_fragments = std::max<std::uint16_t>(cfg_.max_fragments, 1);
  slots_.resize(cfg_.max_datagrams);
  ranges_.resize(std::size_t{cfg_.max_datagrams} * cfg_.max_fragments);
  // Each buffer: room for the header the datagram is rebuilt with, then its data.
  const std::size_t buffer = std::size_t{cfg_.max_header_bytes} + cfg_.max_datagram_bytes;
  data_.reset(new std::uint8_t[std::size_t{cfg_.max_datagrams} * buffer + 1]);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slots_[i].data = i * buffer + cfg_.max_header_bytes;
    slots_[i].ranges = i * cfg_.max_fragments;
  }
}

std::size_t fragment_reassembler::pending() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const slot& s) { return s.used; }));
}

namespace {

bool is_unfragmentable_extension(layer_id id) noexcept {
  return id == layer_id::ipv6_hop_by_hop || id == layer_id::ipv6_destination ||
         id == layer_id::ipv6_routing;
}

/// The IPv6 Fragment header of the IP header d.layers[ip] (an index; d.size() when there is
/// none): it follows the extension headers of the unfragmentable part.
std::size_t fragment_header_of(const decoded_packet& d, std::size_t ip) noexcept {
  for (std::size_t i = ip + 1; i < d.size(); ++i) {
    const layer& l = d.layers[i];
    if (l.tunnel_depth != d.layers[ip].tunnel_depth) {
      break;
    }
    if (l.id == layer_id::ipv6_fragment) {
      return i;
    }
    if (!is_unfragmentable_extension(l.id)) {
      break;
    }
  }
  return d.size();
}

} // namespace

std::size_t fragment_reassembler::fragmented_ip(const decoded_packet& d) noexcept {
  for (std::size_t i = 0; i < d.size(); ++i) {
    const layer& l = d.layers[i];
    if (l.id == layer_id::ipv4) {
      if (const auto v = d.view_of<ipv4::view>(l); v && v->is_fragment()) {
        return i;
      }
    } else if (l.id == layer_id::ipv6 && fragment_header_of(d, i) != d.size()) {
      return i;
    }
  }
  return d.size();
}

bool fragment_reassembler::extract(const decoded_packet& d, std::size_t ip, timestamp_ns ts,
                                   std::uint32_t wire_len, fragment& out) noexcept {
  if (ip >= d.size()) {
    return false;
  }
  const layer& l = d.layers[ip];
  out.ts = ts;
  out.wire_len = wire_len;
  out.captured_len = static_cast<std::uint32_t>(d.frame.size());
  if (l.id == layer_id::ipv4) {
    const auto v = d.view_of<ipv4::view>(l);
    if (!v || !v->is_fragment() || v->captured_len() < v->declared_len() ||
        v->declared_len() < v->header_len()) {
      return false; // cut by the snaplen: the fragment's data is not all here
    }
    out.ip_version = 4;
    out.src = {};
    out.dst = {};
    std::copy_n(v->src_bytes().begin(), 4, out.src.begin());
    std::copy_n(v->dst_bytes().begin(), 4, out.dst.begin());
    out.id = v->identification();
    out.protocol = static_cast<std::uint8_t>(v->protocol());
    out.offset = static_cast<std::uint32_t>(v->fragment_offset_bytes());
    out.more = v->more_fragments();
    out.payload = v->payload();
    out.ip_header_len = static_cast<std::uint32_t>(v->header_len());
    out.header = v->header_bytes();
    out.next_header_at = 0;
    return true;
  }
  if (l.id != layer_id::ipv6) {
    return false;
  }
  const auto v6 = d.view_of<ipv6::view>(l);
  const std::size_t fi = fragment_header_of(d, ip);
  if (!v6 || v6->captured_len() < v6->declared_len() || fi == d.size()) {
    return false;
  }
  const layer& fl = d.layers[fi];
  const auto f = d.view_of<ipv6_frag::view>(fl);
  const std::size_t data_begin = fl.offset + ipv6_frag::header_len;
  const std::size_t data_end = l.offset + v6->declared_len();
  if (!f || data_end < data_begin || data_end > d.frame.size()) {
    return false;
  }
  out.ip_version = 6;
  std::copy_n(v6->src_bytes().begin(), 16, out.src.begin());
  std::copy_n(v6->dst_bytes().begin(), 16, out.dst.begin());
  out.id = f->identification();
  out.protocol = static_cast<std::uint8_t>(f->next_header());
  out.offset = static_cast<std::uint32_t>(f->fragment_offset_bytes());
  out.more = f->more_fragments();
  out.payload = d.frame.subspan(data_begin, data_end - data_begin);
  out.ip_header_len = static_cast<std::uint32_t>(data_begin - l.offset);
  out.header = d.frame.subspan(l.offset, fl.offset - l.offset);
  // The header before the Fragment header names it: the IPv6 header or an extension header
  // (whose Next Header is its first octet, RFC 8200 §4.2).
  const layer& before = d.layers[fi - 1];
  out.next_header_at = fi - 1 == ip ? static_cast<std::uint32_t>(ipv6::fields::next_header)
                                    : before.offset - l.offset;
  return true;
}

void fragment_reassembler::drop(slot& s) noexcept {
  s.used = false;
}

void fragment_reassembler::expire(timestamp_ns now) noexcept {
  if (cfg_.timeout == 0) {
    return;
  }
  for (slot& s : slots_) {
    if (s.used && elapsed(s.first_ts, now) > cfg_.timeout) {
      ++counters_.timed_out;
      counters_.dropped_frames += s.frames;
      drop(s);
    }
  }
}

fragment_reassembler::slot* fragment_reassembler::find_or_make(const fragment& f) noexcept {
  slot* free_slot = nullptr;
  slot* oldest = nullptr;
  for (slot& s : slots_) {
    if (!s.used) {
      if (free_slot == nullptr) {
        free_slot = &s;
      }
      continue;
    }
    if (s.id == f.id && s.protocol == f.protocol && s.ip_version == f.ip_version &&
        s.src == f.src && s.dst == f.dst) {
      return &s;
    }
    if (oldest == nullptr || s.first_ts < oldest->first_ts) {
      oldest = &s;
    }
  }
  if (free_slot == nullptr) {
    // Every buffer is busy: drop the oldest incomplete datagram.
    ++counters_.evicted;
    counters_.dropped_frames += oldest->frames;
    drop(*oldest);
    free_slot = oldest;
  }
  slot& s = *free_slot;
  s.used = true;
  s.ip_version = f.ip_version;
  s.protocol = f.protocol;
  s.src = f.src;
  s.dst = f.dst;
  s.id = f.id;
  s.first_ts = f.ts;
  s.total = 0;
  s.have_last = false;
  s.count = 0;
  s.frames = 0;
  s.wire_bytes = s.captured_bytes = s.ip_bytes = 0;
  return &s;
}

bool fragment_reassembler::complete(const slot& s) const noexcept {
  if (!s.have_last) {
    return false;
  }
  std::uint32_t covered = 0;
  for (std::size_t i = 0; i < s.count; ++i) {
    const range& r = ranges_[s.ranges + i]; // sorted by begin
    if (r.begin > covered) {
      return false;
    }
    covered = std::max(covered, r.end);
  }
  return covered >= s.total;
}

const reassembled* fragment_reassembler::add(const fragment& f) noexcept {
  ++counters_.fragments;
  expire(f.ts);
  const auto len = static_cast<std::uint32_t>(f.payload.size());
  const std::uint64_t end64 = std::uint64_t{f.offset} + len;
  // RFC 791 / RFC 8200: every fragment but the last carries a multiple of 8 octets.
  if ((f.more && (len == 0 || len % 8 != 0))) {
    ++counters_.malformed;
    ++counters_.dropped_frames;
    return nullptr;
  }
  slot* sp = find_or_make(f);
  slot& s = *sp;
  if (end64 > cfg_.max_datagram_bytes) {
    ++counters_.too_large;
    counters_.dropped_frames += s.frames + 1U;
    drop(s);
    return nullptr;
  }
  const auto end = static_cast<std::uint32_t>(end64);
  if (!f.more) {
    if (s.have_last && s.total != end) {
      ++counters_.malformed; // two different ends: keep the first
      ++counters_.dropped_frames;
      return nullptr;
    }
    s.have_last = true;
    s.total = end;
  }
  if (s.count == cfg_.max_fragments) {
    ++counters_.too_many;
    counters_.dropped_frames += s.frames + 1U;
    drop(s);
    return nullptr;
  }

  // Copy the octets no earlier fragment supplied (first copy wins); compare the others.
  range* rs = ranges_.data() + s.ranges;
  std::uint8_t* buf = data_.get() + s.data;
  std::uint32_t pos = f.offset;
  bool overlap = false;
  bool conflict = false;
  const auto copy = [&](std::uint32_t b, std::uint32_t e) {
    if (e > b) {
      std::memcpy(buf + b, f.payload.data() + (b - f.offset), e - b);
    }
  };
  for (std::size_t i = 0; i < s.count && pos < end; ++i) {
    const range& r = rs[i];
    if (r.end <= pos || r.begin >= end) {
      continue;
    }
    if (r.begin > pos) {
      copy(pos, r.begin);
      pos = r.begin;
    }
    const std::uint32_t ov_end = std::min(r.end, end);
    overlap = true;
    if (std::memcmp(buf + pos, f.payload.data() + (pos - f.offset), ov_end - pos) != 0) {
      conflict = true;
    }
    pos = ov_end;
  }
  copy(pos, end);
  if (overlap) {
    ++counters_.overlaps;
  }
  if (conflict) {
    ++counters_.conflicts;
  }
  // Insert the range, keeping the list sorted by begin.
  std::size_t at = s.count;
  while (at > 0 && rs[at - 1].begin > f.offset) {
    rs[at] = rs[at - 1];
    --at;
  }
  rs[at] = range{f.offset, end};
  ++s.count;
  ++s.frames;
  s.wire_bytes += f.wire_len;
  s.captured_bytes += f.captured_len;
  s.ip_bytes += f.ip_header_len + len;
  s.first_ts = std::min(s.first_ts, f.ts);

  if (!complete(s)) {
    return nullptr;
  }
  if (!rebuild(s, f)) {
    ++counters_.too_large;
    counters_.dropped_frames += s.frames;
    drop(s);
    return nullptr;
  }
  ++counters_.completed;
  counters_.completed_frames += s.frames;
  out_.frames = s.frames;
  out_.wire_bytes = s.wire_bytes;
  out_.captured_bytes = s.captured_bytes;
  out_.ip_bytes = s.ip_bytes;
  out_.first_ts = s.first_ts;
  drop(s); // the bytes stay valid until the slot is reused (next add)
  return &out_;
}

bool fragment_reassembler::rebuild(const slot& s, const fragment& f) noexcept {
  // Every fragment repeats the unfragmentable part (RFC 791 §3.2, RFC 8200 §4.5): the one
  // that completed the datagram heads it.
  const std::size_t hlen = f.header.size();
  // IPv4's total length counts the header; IPv6's payload length the extension headers. A
  // datagram longer than the field can say (RFC 8200 §4.5 has it discarded; tshark keeps it,
  // zeek__zeek's ipv6-reassembly-state-leak.pcap) gets the largest value: what is decoded
  // then ends up to a few octets early, in the data.
  const std::size_t counted = f.ip_version == 4 ? hlen : hlen - ipv6::header_len;
  if (hlen > cfg_.max_header_bytes) {
    return false;
  }
  const auto len = static_cast<std::uint16_t>(std::min<std::size_t>(counted + s.total, 0xffff));
  const mut_bytes whole(data_.get() + s.data - hlen, hlen + s.total);
  std::memcpy(whole.data(), f.header.data(), hlen);
  if (f.ip_version == 4) {
    // Parses: extract() took the header from a view, and `whole` holds the old total length.
    auto v = ipv4::mut_view::parse(whole);
    if (!v) {
      return false;
    }
    v->set_total_length(len);
    const auto flags = static_cast<std::uint8_t>(v->as_view().flags() & ~ipv4::flag_mf);
    v->set_flags_fragment(flags, 0); // DF and the reserved bit as sent
    v->fill_checksum();
  } else {
    auto v = ipv6::mut_view::parse(whole); // parses: the header holds at least 40 octets
    if (!v) {
      return false;
    }
    v->set_payload_length(len);
    whole[f.next_header_at] = s.protocol;
  }
  out_.datagram = whole;
  return true;
}

} // namespace pktscope
