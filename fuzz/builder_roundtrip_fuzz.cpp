// libFuzzer target: field values taken from the input are built into packets (several stacks,
// chosen by the input) and parsed back with the protocol views; every given field must come
// back unchanged and every filled length and checksum must verify. A mismatch aborts.
#include <pktscope/build/builder.hpp>
#include <pktscope/proto/pseudo_header.hpp>

#include "require.hpp"
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

using pktscope::fuzz::require;

using namespace pktscope;

/// Hands out input octets as field values; zeros once the input is used up.
class field_source {
public:
  field_source(const std::uint8_t* d, std::size_t n) : d_(d), n_(n) {}
  template <class T> T next() {
    T v{};
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      v = static_cast<T>((static_cast<std::uint64_t>(v) << 8) | (pos_ < n_ ? d_[pos_++] : 0U));
    }
    return v;
  }
  template <class A> A address() {
    A a{};
    for (auto& o : a.octets) {
      o = next<std::uint8_t>();
    }
    return a;
  }
  /// The rest of the input, up to `max` octets.
  bytes rest(std::size_t max) {
    const std::size_t n = std::min(max, n_ - pos_);
    const bytes b(d_ + pos_, n);
    pos_ += n;
    return b;
  }

private:
  const std::uint8_t* d_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

/// Common tail: an IP packet at `ip` carrying UDP or TCP (or ICMP/ICMPv6) checked in place.
void check_ipv4(bytes ip, const ipv4::header& given, ip_protocol upper) {
  const auto v = ipv4::view::parse(ip);
  require(v.has_value());
  require(v->checksum_ok());
  require(v->total_length() == ip.size());
  require(v->protocol() == upper);
  require(v->identification() == given.identification && v->ttl() == given.ttl &&
          v->tos() == given.tos && v->flags() == (given.flags & 7U) &&
          v->fragment_offset() == (given.fragment_offset & 0x1fffU));
  const bytes seg = v->payload();
  if (upper == ip_protocol::udp) {
    const auto u = udp::view::parse(seg);
    require(u.has_value() && u->length() == seg.size());
    require(u->verify_checksum(pseudo_header::ipv4(v->src(), v->dst(), udp::ip_protocol,
                                                   u->length())) == checksum_status::good);
  } else if (upper == ip_protocol::tcp) {
    const auto t = tcp::view::parse(seg);
    require(t.has_value());
    require(t->verify_checksum(pseudo_header::ipv4(v->src(), v->dst(), tcp::ip_protocol,
                                                   static_cast<std::uint16_t>(seg.size())),
                               seg.size()) == checksum_status::good);
  } else {
    const auto m = icmp::view::parse(seg);
    require(m.has_value() && m->checksum_ok());
  }
}

void ipv4_stacks(field_source& f, std::uint8_t choice) {
  ipv4::header h{.tos = f.next<std::uint8_t>(),
                 .identification = f.next<std::uint16_t>(),
                 .flags = static_cast<std::uint8_t>(f.next<std::uint8_t>() & 7U),
                 .fragment_offset = static_cast<std::uint16_t>(f.next<std::uint16_t>() & 0x1fffU),
                 .ttl = f.next<std::uint8_t>()};
  h.options_len = static_cast<std::uint8_t>(4 * (f.next<std::uint8_t>() % 11));
  std::memset(h.options.data(), static_cast<int>(ipv4::option_type::nop), h.options_len);
  const auto a = f.address<ipv4_address>(), b = f.address<ipv4_address>();
  const auto vid = static_cast<std::uint16_t>(f.next<std::uint16_t>() & 0xfffU);
  const auto sp = f.next<std::uint16_t>(), dp = f.next<std::uint16_t>();
  build::tcp_params p{.seq = f.next<std::uint32_t>(), .ack = f.next<std::uint32_t>()};
  if ((choice & 0x10U) != 0) {
    p.options.mss = f.next<std::uint16_t>();
    p.options.sack_permitted = true;
    p.options.timestamps = tcp::timestamps{f.next<std::uint32_t>(), f.next<std::uint32_t>()};
    p.options.window_scale = f.next<std::uint8_t>();
  }
  const bytes data = f.rest(1400);
  const auto e = build::ethernet(f.address<mac_address>(), f.address<mac_address>()).vlan(vid);
  std::vector<std::uint8_t> out;
  ip_protocol upper = ip_protocol::udp;
  switch (choice % 3) {
  case 0: out = e.ipv4(a, b, h).udp(sp, dp).payload(data).to_vector(); break;
  case 1:
    out = e.ipv4(a, b, h).tcp(sp, dp, p).payload(data).to_vector();
    upper = ip_protocol::tcp;
    break;
  default:
    out = e.ipv4(a, b, h).icmp(build::icmp_echo(sp, dp)).payload(data).to_vector();
    upper = ip_protocol::icmp;
    break;
  }
  const auto eth = ethernet::view::parse(out);
  require(eth.has_value() && eth->ether_type() == ether_type::vlan);
  const auto tag = vlan::view::parse(eth->payload());
  require(tag.has_value() && tag->vid() == vid && tag->ether_type() == ether_type::ipv4);
  check_ipv4(tag->payload(), h, upper);
}

void ipv6_stacks(field_source& f, std::uint8_t choice) {
  const ipv6::header h{.traffic_class = f.next<std::uint8_t>(),
                       .flow_label = f.next<std::uint32_t>() & 0xfffffU,
                       .hop_limit = f.next<std::uint8_t>()};
  const auto a = f.address<ipv6_address>(), b = f.address<ipv6_address>();
  const auto label = f.next<std::uint32_t>() & mpls::max_label;
  const auto sp = f.next<std::uint16_t>(), dp = f.next<std::uint16_t>();
  const bytes data = f.rest(1400);
  const auto m = build::ethernet(mac_address{}, mac_address{}).mpls(label).ipv6(a, b, h);
  std::vector<std::uint8_t> out;
  std::uint8_t upper = udp::ip_protocol;
  if ((choice & 1U) != 0) {
    out = m.hop_by_hop().udp(sp, dp).payload(data).to_vector();
  } else {
    out = m.icmpv6(build::icmpv6_echo(sp, dp)).payload(data).to_vector();
    upper = static_cast<std::uint8_t>(ip_protocol::icmpv6);
  }
  const auto eth = ethernet::view::parse(out);
  require(eth.has_value());
  const auto stack = mpls::walk_stack(eth->payload());
  require(stack.has_value() && stack->depth == 1 && stack->bottom().label() == label);
  const auto ip = ipv6::view::parse(stack->payload);
  require(ip.has_value());
  ipv6::header want = h;
  want.src = a;
  want.dst = b;
  want.payload_length = static_cast<std::uint16_t>(stack->payload.size() - ipv6::header_len);
  want.next_header = (choice & 1U) != 0 ? ip_protocol::hopopt : ip_protocol::icmpv6;
  require(ip->to_header() == want);
  const auto chain = ipv6_ext::walk(*ip);
  require(chain.has_value());
  const bytes seg = stack->payload.subspan(chain->upper_offset);
  const auto pseudo = pseudo_header::ipv6(a, b, upper, static_cast<std::uint32_t>(seg.size()));
  if (upper == udp::ip_protocol) {
    const auto u = udp::view::parse(seg);
    require(u.has_value() && u->verify_checksum(pseudo) == checksum_status::good);
  } else {
    const auto msg = icmpv6::view::parse(seg);
    require(msg.has_value() && msg->checksum_ok(pseudo));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  field_source f(data, size);
  const auto choice = f.next<std::uint8_t>();
  if ((choice & 0x80U) != 0) {
    ipv6_stacks(f, choice);
  } else {
    ipv4_stacks(f, choice);
  }
  return 0;
}
