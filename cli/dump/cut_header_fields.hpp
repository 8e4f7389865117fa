#pragma once
// The fields tshark still shows of a header the decoder refused because the capture cut it
// short or it contradicts itself (decoded_packet::cut_header()): those within its captured
// octets, as far as the Wireshark 4.0 dissector gets before its first failed read or its
// first length check.

#include "dump/fields.hpp"

#include <pktscope/decode/decoded_packet.hpp>

namespace pktscope::cli::dump {

/// Adds field `f`'s occurrence in the header `d`'s decode refused to `out`, when tshark shows
/// it; nothing when `d` stopped at no such header or the field is not one of that header's.
void add_cut_header_field(const decoded_packet& d, field f, values& out) noexcept;

} // namespace pktscope::cli::dump
