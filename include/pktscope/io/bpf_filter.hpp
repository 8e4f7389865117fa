#pragma once
/// Packet filters in tcpdump's expression language, compiled by libpcap:
///
///   std::string message;
///   auto f = pktscope::bpf_filter::compile("tcp port 80", pktscope::link_type::ethernet,
///                                          262144, &message);
///   if (!f) { /* message holds libpcap's explanation */ }
///   for (const pktscope::packet& pkt : reader) { if (f->matches(pkt)) { ... } }
///
/// A BPF program is specific to a link type, and a pcapng file may mix several, so
/// the filter keeps one program per link type and compiles the others lazily, the
/// first time a packet of that link type is matched. A link type the expression
/// cannot be compiled for (e.g. "vlan" on raw IP) matches nothing; failures()
/// lists those.

#include <pktscope/core/link_type.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/packet.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pktscope {

struct capture_info;

class bpf_filter {
public:
  /// Compiles `expression` (optimised, netmask unknown) for `link` at once, so that
  /// syntax errors surface here. An empty expression matches everything. On
  /// failure returns errc::bad_format and, if `message` is given, stores libpcap's
  /// error text there. Programs are those `tcpdump -r` uses for a capture file;
  /// `swapped` says the file is in the other byte order than this machine's, which
  /// matters where a link header holds host-order values (BSD loopback's address
  /// family): pass capture_info::big_endian != (std::endian::native == big).
  [[nodiscard]] static result<bpf_filter> compile(std::string_view expression, link_type link,
                                                  std::uint32_t snaplen = 262144,
                                                  std::string* message = nullptr,
                                                  bool swapped = false);
  /// compile() as `tcpdump -r` does it for a capture file: for the link type of its first
  /// interface (capture_info::first_link), in the file's byte order.
  [[nodiscard]] static result<bpf_filter> compile_for(std::string_view expression,
                                                      const capture_info& file,
                                                      std::string* message = nullptr);

  bpf_filter(bpf_filter&&) noexcept;
  bpf_filter& operator=(bpf_filter&&) noexcept;
  ~bpf_filter();

  /// Whether the filter accepts `pkt` (its data, captured and original lengths,
  /// per pkt.link). Allocates only when compiling for a link type not seen before.
  [[nodiscard]] bool matches(const packet& pkt) noexcept;

  [[nodiscard]] const std::string& expression() const noexcept;
  /// Link types the expression failed to compile for, with libpcap's message.
  [[nodiscard]] const std::vector<std::pair<link_type, std::string>>& failures() const noexcept;

  /// libpcap's DLT_ value for a LINKTYPE_ value (they differ for a few, e.g. raw IP).
  [[nodiscard]] static int dlt_of(link_type link) noexcept;

private:
  struct impl;
  explicit bpf_filter(std::unique_ptr<impl> p) noexcept;
  std::unique_ptr<impl> impl_;
};

} // namespace pktscope
