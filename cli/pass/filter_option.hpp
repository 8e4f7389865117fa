#pragma once
// The --filter option of the commands that open capture files one by one (dump, convert):
// the expression compiled for a file as `tcpdump -r` would compile it, with one wording for
// an expression libpcap rejects. (The analysis commands get theirs through capture_pass.)

#include <pktscope/io/bpf_filter.hpp>

#include <optional>
#include <string_view>

namespace pktscope {
struct capture_info;
} // namespace pktscope

namespace pktscope::cli::pass {

/// nullopt for an empty expression (every packet passes); else the compiled filter. Throws
/// cli_error(usage) naming the expression, libpcap's reason and the file's link type.
std::optional<bpf_filter> filter_for_file(std::string_view expression, const capture_info& file);

} // namespace pktscope::cli::pass
