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
  data_.reset(new std::uint8_t[std::size_t{cfg_.max_datagrams} * cfg_.max_datagram_bytes + 1]);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slots_[i].data = i * cfg_.max_datagram_bytes;
    slots_[i].ranges = i * cfg_.max_fragments;
  }
}

std::size_t fragment_reassembler::pending() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(slots_.begin(), slots_.end(), [](const slot& s) { return s.used; }));
}

bool fragment_reassembler::extract(const decoded_packet& d, timestamp_ns ts, std::uint32_t wire_len,
                                   fragment& out) noexcept {
  if (!d.is_fragment) {
    return false;
  }
  const layer* ip = nullptr;
  for (const layer& l : d) {
    if (l.offset == d.ip_offset && (l.id == layer_id::ipv4 || l.id == layer_id::ipv6)) {
      ip = &l;
    }
  }
  if (ip == nullptr) {
    return false;
  }
  out.src = d.src_addr;
  out.dst = d.dst_addr;
  out.ts = ts;
  out.wire_len = wire_len;
  out.captured_len = static_cast<std::uint32_t>(d.frame.size());
  if (ip->id == layer_id::ipv4) {
    const auto v = d.view_of<ipv4::view>(*ip);
    if (!v || v->captured_len() < v->declared_len() || v->declared_len() < v->header_len()) {
      return false; // cut by the snaplen: the fragment's data is not all here
    }
    out.ip_version = 4;
    out.id = v->identification();
    out.protocol = static_cast<std::uint8_t>(v->protocol());
    out.offset = static_cast<std::uint32_t>(v->fragment_offset_bytes());
    out.more = v->more_fragments();
    out.payload = v->payload();
    out.ip_header_len = static_cast<std::uint32_t>(v->header_len());
    return true;
  }
  const auto v6 = d.view_of<ipv6::view>(*ip);
  if (!v6 || v6->captured_len() < v6->declared_len()) {
    return false;
  }
  const layer* fl = nullptr;
  for (const layer& l : d) {
    if (l.id == layer_id::ipv6_fragment && l.offset > ip->offset) {
      fl = &l;
    }
  }
  if (fl == nullptr) {
    return false;
  }
  const auto f = d.view_of<ipv6_frag::view>(*fl);
  const std::size_t data_begin = fl->offset + ipv6_frag::header_len;
  const std::size_t data_end = ip->offset + v6->declared_len();
  if (!f || data_end < data_begin || data_end > d.frame.size()) {
    return false;
  }
  out.ip_version = 6;
  out.id = f->identification();
  out.protocol = static_cast<std::uint8_t>(f->next_header());
  out.offset = static_cast<std::uint32_t>(f->fragment_offset_bytes());
  out.more = f->more_fragments();
  out.payload = d.frame.subspan(data_begin, data_end - data_begin);
  out.ip_header_len = static_cast<std::uint32_t>(data_begin - ip->offset);
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
    if (s.used && now - s.first_ts > cfg_.timeout) {
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
  ++counters_.completed;
  counters_.completed_frames += s.frames;
  out_.protocol = s.protocol;
  out_.payload = bytes(buf, s.total);
  out_.frames = s.frames;
  out_.wire_bytes = s.wire_bytes;
  out_.captured_bytes = s.captured_bytes;
  out_.ip_bytes = s.ip_bytes;
  out_.first_ts = s.first_ts;
  drop(s); // the bytes stay valid until the slot is reused (next add)
  return &out_;
}

} // namespace pktscope
