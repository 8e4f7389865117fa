#pragma once
// The walk over a DNS name in a message, shared by dns_name.cpp (read_name, check_name) and
// dns.cpp (record_cursor): one pass that follows compression pointers, writes the text form
// and finds where the name ends in place and the first fault.
// Internal: not API.

#include <pktscope/proto/dns.hpp>

#include <cstddef>
#include <string_view>

namespace pktscope::dns::detail {

// Bounded writer: counts every character, stores those that fit.
struct text_sink {
  char* out;
  std::size_t cap;
  std::size_t n = 0;
  void put(char c) noexcept {
    if (n < cap) {
      out[n] = c;
    }
    ++n;
  }
  void put(std::string_view s) noexcept {
    for (const char c : s) {
      put(c);
    }
  }
};

// One walk over a name for read_name, check_name and record_cursor: the text (when `text`
// has room), where the name ends in place, and the first fault met.
struct name_walk {
  name_info info;
  name_fault fault = name_fault::none;
  std::size_t fault_at = 0;         // the offending octet
  std::size_t needed = 0, have = 0; // for name_fault::truncated

  [[nodiscard]] unexpected to_error() const noexcept {
    return fault == name_fault::truncated ? truncated(layer_id::dns, fault_at, needed, have)
                                          : malformed(layer_id::dns, fault_at);
  }
  // The field after the name can be read: the name is valid, or its fault left its in-place
  // octets intact (end_offset is then set).
  [[nodiscard]] bool end_known() const noexcept {
    return fault == name_fault::none || fault == name_fault::too_long ||
           fault == name_fault::pointer_loop ||
           (fault == name_fault::extended_label && info.end_offset != 0);
  }
};

name_walk walk_name(bytes msg, std::size_t offset, text_sink& text) noexcept;

} // namespace pktscope::dns::detail
