#include <pktscope/build/tcp_options.hpp>

#include <pktscope/core/assert.hpp>

namespace pktscope::build {

namespace {

class option_writer {
public:
  explicit option_writer(encoded_tcp_options& e) noexcept : e_(e) {}
  void u8(std::uint8_t v) noexcept {
    PKTSCOPE_ASSERT(e_.size < e_.octets.size());
    e_.octets[e_.size++] = v;
  }
  void kind(tcp::option_kind k, std::uint8_t length) noexcept {
    u8(static_cast<std::uint8_t>(k));
    if (k != tcp::option_kind::nop && k != tcp::option_kind::eol) {
      u8(length);
    }
  }
  void nop() noexcept { kind(tcp::option_kind::nop, 1); }
  void be16(std::uint16_t v) noexcept {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void be32(std::uint32_t v) noexcept {
    be16(static_cast<std::uint16_t>(v >> 16));
    be16(static_cast<std::uint16_t>(v));
  }

private:
  encoded_tcp_options& e_;
};

} // namespace

encoded_tcp_options encode(const tcp_options& o) noexcept {
  encoded_tcp_options e;
  option_writer w(e);
  if (o.mss) {
    w.kind(tcp::option_kind::mss, 4);
    w.be16(*o.mss);
  }
  if (o.sack_permitted && o.timestamps) {
    w.kind(tcp::option_kind::sack_permitted, 2);
  } else if (o.sack_permitted) {
    w.nop();
    w.nop();
    w.kind(tcp::option_kind::sack_permitted, 2);
  } else if (o.timestamps) {
    w.nop();
    w.nop();
  }
  if (o.timestamps) {
    w.kind(tcp::option_kind::timestamps, 10);
    w.be32(o.timestamps->tsval);
    w.be32(o.timestamps->tsecr);
  }
  if (o.window_scale) {
    w.nop();
    w.kind(tcp::option_kind::window_scale, 3);
    w.u8(*o.window_scale);
  }
  for (const std::uint8_t b : o.raw) {
    w.u8(b);
  }
  while (e.size % 4 != 0) {
    w.u8(static_cast<std::uint8_t>(tcp::option_kind::eol));
  }
  return e;
}

} // namespace pktscope::build
