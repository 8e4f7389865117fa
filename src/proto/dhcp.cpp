#include <pktscope/proto/dhcp.hpp>

#include <pktscope/core/chars.hpp>

#include <algorithm>
#include <cstring>

namespace pktscope::dhcp {

namespace {
std::string_view up_to_nul(bytes field) noexcept {
  const auto nul = std::find(field.begin(), field.end(), std::uint8_t{0});
  return as_chars(field.first(static_cast<std::size_t>(nul - field.begin())));
}
} // namespace

std::string_view describe(message_type t) noexcept {
  switch (t) {
  case message_type::discover: return "Discover";
  case message_type::offer: return "Offer";
  case message_type::request: return "Request";
  case message_type::decline: return "Decline";
  case message_type::ack: return "ACK";
  case message_type::nak: return "NAK";
  case message_type::release: return "Release";
  case message_type::inform: return "Inform";
  case message_type::force_renew: return "Force Renew";
  case message_type::lease_query: return "Lease query";
  case message_type::lease_unassigned: return "Lease Unassigned";
  case message_type::lease_unknown: return "Lease Unknown";
  case message_type::lease_active: return "Lease Active";
  case message_type::bulk_lease_query: return "Bulk Lease Query";
  case message_type::lease_query_done: return "Lease Query Done";
  case message_type::active_lease_query: return "Active LeaseQuery";
  case message_type::lease_query_status: return "Lease Query Status";
  case message_type::tls: return "TLS";
  }
  return "Unknown";
}

void option_reader::skip_pad() noexcept {
  while (off_ < area_.size() && area_[off_] == static_cast<std::uint8_t>(option_code::pad)) {
    ++off_;
  }
  if (off_ < area_.size() && area_[off_] == static_cast<std::uint8_t>(option_code::end)) {
    saw_end_ = true;
    off_ = area_.size();
  }
}

result<option> option_reader::next() noexcept {
  const std::size_t at = off_; // in bounds: precondition !at_end()
  if (area_.size() - at < 2) {
    off_ = area_.size();
    return truncated(layer_id::dhcp, at, 2, area_.size() - at);
  }
  const std::size_t len = area_[at + 1];
  if (area_.size() - at - 2 < len) {
    off_ = area_.size();
    return truncated(layer_id::dhcp, at, 2 + len, area_.size() - at);
  }
  option o{area_[at], area_.subspan(at + 2, len), at};
  off_ = at + 2 + len;
  skip_pad();
  return o;
}

void header::write_to(mut_bytes out) const noexcept {
  out[fields::op] = static_cast<std::uint8_t>(op);
  out[fields::htype] = htype;
  out[fields::hlen] = hlen;
  out[fields::hops] = hops;
  store_be32(out, fields::xid, xid);
  store_be16(out, fields::secs, secs);
  store_be16(out, fields::flags, flags);
  store_be32(out, fields::ciaddr, ciaddr.to_u32());
  store_be32(out, fields::yiaddr, yiaddr.to_u32());
  store_be32(out, fields::siaddr, siaddr.to_u32());
  store_be32(out, fields::giaddr, giaddr.to_u32());
  std::memcpy(out.data() + fields::chaddr, chaddr.data(), chaddr_len);
  std::memcpy(out.data() + fields::sname, sname.data(), sname_len);
  std::memcpy(out.data() + fields::file, file.data(), file_len);
  store_be32(out, fields::magic_cookie, cookie);
}

result<view> view::parse(bytes b) noexcept {
  if (b.size() < header_len) {
    return truncated(layer_id::dhcp, 0, header_len, b.size());
  }
  return view(b);
}

std::optional<mac_address> view::client_mac() const noexcept {
  constexpr std::uint8_t ethernet = 1;
  if (htype() != ethernet || hlen() != 6) {
    return std::nullopt;
  }
  return mac_address::from_bytes(chaddr());
}

std::string_view view::sname_text() const noexcept {
  return up_to_nul(sname());
}
std::string_view view::file_text() const noexcept {
  return up_to_nul(file());
}

std::optional<option> view::find(option_code code) const noexcept {
  for (auto r = options(); !r.at_end();) {
    const auto o = r.next();
    if (!o) {
      return std::nullopt;
    }
    if (o->code == static_cast<std::uint8_t>(code)) {
      return *o;
    }
  }
  return std::nullopt;
}

std::optional<message_type> view::message_type() const noexcept {
  const auto o = find(option_code::message_type);
  if (!o || o->data.size() != 1) {
    return std::nullopt;
  }
  return static_cast<dhcp::message_type>(o->data[0]);
}

std::uint8_t view::overload() const noexcept {
  const auto o = find(option_code::overload);
  return o && o->data.size() == 1 ? o->data[0] : 0;
}

header view::to_header() const noexcept {
  header h;
  h.op = op();
  h.htype = htype();
  h.hlen = hlen();
  h.hops = hops();
  h.xid = xid();
  h.secs = secs();
  h.flags = flags();
  h.ciaddr = ciaddr();
  h.yiaddr = yiaddr();
  h.siaddr = siaddr();
  h.giaddr = giaddr();
  std::copy_n(b_.begin() + fields::chaddr, chaddr_len, h.chaddr.begin());
  std::copy_n(b_.begin() + fields::sname, sname_len, h.sname.begin());
  std::copy_n(b_.begin() + fields::file, file_len, h.file.begin());
  h.cookie = cookie();
  return h;
}

} // namespace pktscope::dhcp
