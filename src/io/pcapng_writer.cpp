// pcapng: one Section Header Block, an Interface Description Block per distinct
// (link type, interface) in order of first use, an Enhanced Packet Block per
// packet and, when asked, Interface Statistics Blocks (draft-ietf-opsawg-pcapng §4.1,
// §4.2, §4.3, §4.6). Written little-endian.

#include "output_sink.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

namespace pktscope {

namespace {

inline constexpr std::uint32_t shb_type = 0x0A0D0D0A;
inline constexpr std::uint32_t idb_type = 0x00000001;
inline constexpr std::uint32_t epb_type = 0x00000006;
inline constexpr std::uint32_t isb_type = 0x00000005;
inline constexpr std::uint32_t byte_order_magic = 0x1A2B3C4D;

// Option codes (§3.5, §4.1, §4.2, §4.3, §4.6).
inline constexpr std::uint16_t opt_endofopt = 0;
inline constexpr std::uint16_t opt_comment = 1;
inline constexpr std::uint16_t shb_userappl = 4;
inline constexpr std::uint16_t if_name = 2;
inline constexpr std::uint16_t if_description = 3;
inline constexpr std::uint16_t if_tsresol = 9;
inline constexpr std::uint16_t if_fcslen = 13;
inline constexpr std::uint16_t isb_ifrecv = 4;
inline constexpr std::uint16_t isb_ifdrop = 5;
inline constexpr std::uint16_t isb_osdrop = 7;

// Fixed parts: block type + total length + trailing total length = 12 bytes.
inline constexpr std::size_t block_overhead = 12;
inline constexpr std::size_t shb_body = 16; // byte-order magic, versions, section length
inline constexpr std::size_t idb_body = 8;  // link type, reserved, snaplen
inline constexpr std::size_t epb_body = 20; // interface, ts high/low, lengths
inline constexpr std::size_t isb_body = 12; // interface, ts high/low

constexpr std::size_t pad4(std::size_t n) noexcept {
  return (n + 3) & ~std::size_t{3};
}

/// Option values longer than the 16-bit length field allows are cut.
std::string_view clip(std::string_view v) noexcept {
  return v.substr(0, 0xffff);
}

constexpr std::size_t option_size(std::size_t value_len) noexcept {
  return 4 + pad4(value_len);
}

class pcapng_writer final : public capture_writer {
public:
  pcapng_writer(std::unique_ptr<sink> out, const writer_options& options)
      : capture_writer(std::move(out), options) {}

private:
  struct iface {
    link_type link;
    std::uint32_t interface;
  };

  result<void> put_option(std::uint16_t code, bytes value) noexcept {
    if (auto ok = out().put_le16(code); !ok) {
      return ok;
    }
    if (auto ok = out().put_le16(static_cast<std::uint16_t>(value.size())); !ok) {
      return ok;
    }
    if (auto ok = out().put(value); !ok) {
      return ok;
    }
    return out().pad32(value.size());
  }
  result<void> put_option(std::uint16_t code, std::string_view value) noexcept {
    if (auto ok = out().put_le16(code); !ok) {
      return ok;
    }
    if (auto ok = out().put_le16(static_cast<std::uint16_t>(value.size())); !ok) {
      return ok;
    }
    if (auto ok = out().put_text(value); !ok) {
      return ok;
    }
    return out().pad32(value.size());
  }
  result<void> put_end_of_options() noexcept { return out().put_le32(opt_endofopt); }

  result<void> write_header(const packet*) noexcept override {
    std::size_t options = 0;
    for (const auto& c : options_.comments) {
      options += option_size(clip(c).size());
    }
    if (!options_.application.empty()) {
      options += option_size(clip(options_.application).size());
    }
    if (options != 0) {
      options += 4;
    }
    const auto total = static_cast<std::uint32_t>(block_overhead + shb_body + options);
    std::array<std::uint8_t, 24> h{};
    store_le32(h, 0, shb_type);
    store_le32(h, 4, total);
    store_le32(h, 8, byte_order_magic);
    store_le16(h, 12, 1);                 // major version
    store_le16(h, 14, 0);                 // minor version
    store_le64(h, 16, ~std::uint64_t{0}); // section length: not stated (-1)
    if (auto ok = out().put(h); !ok) {
      return ok;
    }
    for (const auto& c : options_.comments) {
      if (auto ok = put_option(opt_comment, clip(c)); !ok) {
        return ok;
      }
    }
    if (!options_.application.empty()) {
      if (auto ok = put_option(shb_userappl, clip(options_.application)); !ok) {
        return ok;
      }
    }
    if (options != 0) {
      if (auto ok = put_end_of_options(); !ok) {
        return ok;
      }
    }
    return out().put_le32(total);
  }

  result<void> write_idb(const iface& i) noexcept {
    const interface_description* d = nullptr;
    for (const auto& [id, desc] : descriptions_) {
      if (id == i.interface) {
        d = &desc;
      }
    }
    const std::string_view name = d != nullptr ? clip(d->name) : std::string_view{};
    const std::string_view descr = d != nullptr ? clip(d->description) : std::string_view{};
    const std::uint8_t fcs = d != nullptr ? d->fcs_len_bytes : 0;
    std::size_t options = 0;
    options += name.empty() ? 0 : option_size(name.size());
    options += descr.empty() ? 0 : option_size(descr.size());
    options += options_.nanosecond ? option_size(1) : 0;
    options += fcs != 0 ? option_size(1) : 0;
    if (options != 0) {
      options += 4;
    }
    const auto total = static_cast<std::uint32_t>(block_overhead + idb_body + options);
    std::array<std::uint8_t, 16> h{};
    store_le32(h, 0, idb_type);
    store_le32(h, 4, total);
    store_le16(h, 8, static_cast<std::uint16_t>(i.link));
    store_le16(h, 10, 0);
    store_le32(h, 12, options_.snaplen);
    if (auto ok = out().put(h); !ok) {
      return ok;
    }
    if (!name.empty()) {
      if (auto ok = put_option(if_name, name); !ok) {
        return ok;
      }
    }
    if (!descr.empty()) {
      if (auto ok = put_option(if_description, descr); !ok) {
        return ok;
      }
    }
    if (options_.nanosecond) {
      const std::array<std::uint8_t, 1> nine{9}; // 10^-9 s units
      if (auto ok = put_option(if_tsresol, nine); !ok) {
        return ok;
      }
    }
    if (fcs != 0) {
      const std::array<std::uint8_t, 1> len{fcs};
      if (auto ok = put_option(if_fcslen, len); !ok) {
        return ok;
      }
    }
    if (options != 0) {
      if (auto ok = put_end_of_options(); !ok) {
        return ok;
      }
    }
    return out().put_le32(total);
  }

  /// The output interface id of (link, interface) packets, if its IDB was written; the one
  /// found last is tried first.
  std::optional<std::uint32_t> find_interface(link_type link, std::uint32_t interface) noexcept {
    const auto is = [&](std::size_t i) {
      return ifaces_[i].link == link && ifaces_[i].interface == interface;
    };
    if (last_ < ifaces_.size() && is(last_)) {
      return static_cast<std::uint32_t>(last_);
    }
    for (std::size_t i = 0; i < ifaces_.size(); ++i) {
      if (is(i)) {
        last_ = i;
        return static_cast<std::uint32_t>(i);
      }
    }
    return std::nullopt;
  }

  /// The output interface id for the packet, writing its IDB on first use.
  result<std::uint32_t> interface_id(const packet& pkt) noexcept {
    if (const auto id = find_interface(pkt.link, pkt.interface)) {
      return *id;
    }
    const iface added{pkt.link, pkt.interface};
    if (auto ok = write_idb(added); !ok) {
      return unexpected{ok.error()};
    }
    ifaces_.push_back(added);
    last_ = ifaces_.size() - 1;
    return static_cast<std::uint32_t>(last_);
  }

  result<void> write_packet(const packet& pkt, std::string_view comment) noexcept override {
    if (pkt.ts < 0) {
      return unsupported_error(bytes_written());
    }
    const auto units = static_cast<std::uint64_t>(options_.nanosecond ? pkt.ts : pkt.ts / 1000);
    bytes data = pkt.data;
    if (options_.snaplen != 0 && data.size() > options_.snaplen) {
      data = data.first(options_.snaplen);
    }
    comment = clip(comment);
    const std::size_t options = comment.empty() ? 0 : option_size(comment.size()) + 4;
    const std::size_t total = block_overhead + epb_body + pad4(data.size()) + options;
    if (total > 0xffffffffU) {
      return unsupported_error(bytes_written());
    }
    const auto id = interface_id(pkt);
    if (!id) {
      return unexpected{id.error()};
    }
    std::array<std::uint8_t, 28> h{};
    store_le32(h, 0, epb_type);
    store_le32(h, 4, static_cast<std::uint32_t>(total));
    store_le32(h, 8, *id);
    store_le32(h, 12, static_cast<std::uint32_t>(units >> 32));
    store_le32(h, 16, static_cast<std::uint32_t>(units));
    store_le32(h, 20, static_cast<std::uint32_t>(data.size()));
    store_le32(h, 24, pkt.original_len);
    if (auto ok = out().put(h); !ok) {
      return ok;
    }
    if (auto ok = out().put(data); !ok) {
      return ok;
    }
    if (auto ok = out().pad32(data.size()); !ok) {
      return ok;
    }
    if (!comment.empty()) {
      if (auto ok = put_option(opt_comment, comment); !ok) {
        return ok;
      }
      if (auto ok = put_end_of_options(); !ok) {
        return ok;
      }
    }
    return out().put_le32(static_cast<std::uint32_t>(total));
  }

  result<void> write_stats(const interface_statistics& s) noexcept override {
    const auto id = find_interface(s.link, s.interface);
    if (!id || s.at < 0) {
      return unsupported_error(bytes_written());
    }
    const std::array<std::pair<std::uint16_t, std::optional<std::uint64_t>>, 3> counters = {
        {{isb_ifrecv, s.received},
         {isb_ifdrop, s.dropped_by_interface},
         {isb_osdrop, s.dropped_by_os}}};
    std::size_t options = 0;
    for (const auto& [code, value] : counters) {
      options += value ? option_size(8) : 0;
    }
    options += options != 0 ? 4 : 0;
    const auto total = static_cast<std::uint32_t>(block_overhead + isb_body + options);
    const auto units = static_cast<std::uint64_t>(options_.nanosecond ? s.at : s.at / 1000);
    std::array<std::uint8_t, 20> h{};
    store_le32(h, 0, isb_type);
    store_le32(h, 4, total);
    store_le32(h, 8, *id);
    store_le32(h, 12, static_cast<std::uint32_t>(units >> 32));
    store_le32(h, 16, static_cast<std::uint32_t>(units));
    if (auto ok = out().put(h); !ok) {
      return ok;
    }
    for (const auto& [code, value] : counters) {
      if (!value) {
        continue;
      }
      std::array<std::uint8_t, 8> v{};
      store_le64(v, 0, *value);
      if (auto ok = put_option(code, bytes(v)); !ok) {
        return ok;
      }
    }
    if (options != 0) {
      if (auto ok = put_end_of_options(); !ok) {
        return ok;
      }
    }
    return out().put_le32(total);
  }

  std::vector<iface> ifaces_;
  std::size_t last_ = 0;
};

} // namespace

std::unique_ptr<capture_writer> make_pcapng_writer(std::unique_ptr<capture_writer::sink> out,
                                                   const writer_options& options) {
  return std::make_unique<pcapng_writer>(std::move(out), options);
}

} // namespace pktscope
