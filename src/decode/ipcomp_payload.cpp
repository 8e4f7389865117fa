#include <pktscope/decode/ipcomp_payload.hpp>

#include <pktscope/decode/decoder.hpp>
#include <pktscope/proto/ip_protocol.hpp>
#include <pktscope/proto/ipcomp.hpp>

#include <array>
#include <cstdint>
#include <optional>

#include <zlib.h>

namespace pktscope {

namespace {

// The largest IP datagram (RFC 3173 §3.1: the decompressed datagram is an IP packet).
constexpr std::size_t max_datagram = 65535;
// zlib window bits: a raw DEFLATE stream (RFC 2394 §4, no zlib header), or one with a zlib
// header (what tshark's inflate accepts first).
constexpr int raw_deflate = -15, zlib_wrapped = 15;

} // namespace

struct inflated_datagram::state {
  z_stream z{};
  bool ready = false;
  std::array<std::uint8_t, max_datagram> out{};

  state() noexcept { ready = inflateInit2(&z, raw_deflate) == Z_OK; }
  ~state() {
    if (ready) {
      inflateEnd(&z);
    }
  }
  state(const state&) = delete;
  state& operator=(const state&) = delete;

  /// The whole of `in` inflated with these window bits, if it is one complete stream whose
  /// output fits the buffer.
  std::optional<bytes> inflate_all(bytes in, int window_bits) noexcept {
    if (inflateReset2(&z, window_bits) != Z_OK) {
      return std::nullopt;
    }
    z.next_in = const_cast<Bytef*>(in.data()); // zlib's API is not const-correct
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    if (inflate(&z, Z_FINISH) != Z_STREAM_END) {
      return std::nullopt; // corrupt, not DEFLATE, or larger than an IP datagram
    }
    return bytes(out.data(), out.size() - z.avail_out);
  }
};

inflated_datagram::inflated_datagram() : state_(std::make_unique<state>()) {}
inflated_datagram::~inflated_datagram() = default;

bool inflated_datagram::decode(const decoded_packet& outer, const decode_options& opt,
                               decoded_packet& inner) noexcept {
  inner.reset({}, link_type::raw);
  if (!state_->ready || outer.layer_count == 0) {
    return false;
  }
  const layer& last = outer.layers[outer.layer_count - 1];
  if (last.id != layer_id::ipcomp) {
    return false;
  }
  const auto v = outer.view_of<ipcomp::view>(last);
  const auto version = v->next_header() == static_cast<std::uint8_t>(ip_protocol::ipv4)   ? 4
                       : v->next_header() == static_cast<std::uint8_t>(ip_protocol::ipv6) ? 6
                                                                                          : 0;
  if (version == 0 || v->payload().empty()) {
    return false;
  }
  std::optional<bytes> datagram = state_->inflate_all(v->payload(), raw_deflate);
  if (!datagram) {
    datagram = state_->inflate_all(v->payload(), zlib_wrapped);
  }
  if (!datagram || datagram->empty() || ((*datagram)[0] >> 4) != version) {
    return false;
  }
  static_cast<void>(pktscope::decode(*datagram, link_type::raw, opt, inner));
  return true;
}

} // namespace pktscope
