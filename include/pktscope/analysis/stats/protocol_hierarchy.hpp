#pragma once
/// Protocol hierarchy statistics as `tshark -q -z io,phs` prints them: a tree of protocol
/// paths (eth > ip > tcp > tls), with the frames and bytes (frame length on the wire) of every
/// node. A frame counts once in each node along its path; siblings are kept in order of first
/// appearance, as tshark lists them.
///
/// Names are tshark's protocol filter names (layer_name()), plus the pseudo-protocols tshark
/// shows: "raw" for LINKTYPE_RAW, "ieee8021ad" for an 802.1ad service tag, one "mpls" per label
/// stack entry, "pppoed" for PPPoE discovery, "sll" for both Linux cooked-capture versions, the
/// application message of the datagram an ICMP/ICMPv6 error quotes below "icmp"/"icmpv6" (tshark
/// nests the quoted IP and transport headers inside the ICMP item, which io,phs does not descend
/// into, but the application dissector adds a top-level item), and "data" for transport payload no
/// application decoder claimed. tshark's "ethertype" pseudo-layer is in frame.protocols but
/// not in io,phs, so it is not a node here either.
///
/// IP fragments follow tshark's reassembly: a fragment's path ends at its IP layer (and IPv6
/// fragment header); the frame that completes a datagram gets the reassembled transport
/// protocol after it (eth:ip:udp), so transport frames and bytes are those of the last
/// fragment, as tshark counts them.
///
/// Memory: the node array is reserved at construction; a frame whose path needs a node beyond
/// the capacity is counted up to the last node that fits and in truncated_frames().
///
/// Speed: most frames repeat one of a few paths, so a small cache maps the shape of a decoded
/// frame (its layer ids, with the few facts that choose a layer's name, and whether the path
/// ends in "data", packed in two words) to its deepest node; and a frame is counted only in
/// the deepest node of its path, its ancestors' totals being added up when they are read. A
/// frame whose shape is cached is one compare and one increment, without naming its layers
/// or walking the tree.

#include <pktscope/io/packet.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace pktscope {
struct decoded_packet;
} // namespace pktscope

namespace pktscope::stats {

struct phs_node {
  static constexpr std::uint32_t none = 0xffffffffU;
  std::string_view name; ///< static storage
  std::uint32_t parent = none;
  std::uint32_t first_child = none, last_child = none, next_sibling = none;
  std::uint32_t depth = 0; ///< 0 for the top-level protocols (tshark hides "frame")
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;
};

/// Frames and bytes of every node with one name, added up (what the differential test
/// compares with tshark's tree).
struct phs_total {
  std::uint64_t frames = 0;
  std::uint64_t bytes = 0;
};

class protocol_hierarchy {
public:
  /// Longest path recorded (deeper layers are left out of the path).
  static constexpr std::size_t max_path = 40;

  /// Reserves `max_nodes` nodes. Precondition: max_nodes > 0.
  explicit protocol_hierarchy(std::size_t max_nodes = 8192);

  /// Counts one frame of `wire_len` octets. `inflated` is the decode of the datagram an
  /// IPComp header ending `d` compresses (inflated_datagram; or nullptr): tshark dissects it
  /// right below the ipcomp node. `quoted` is the decode of the datagram an ICMP/ICMPv6 error
  /// in the innermost of the two quotes (or nullptr); `link` chooses the root ("raw" for
  /// LINKTYPE_RAW). Never allocates.
  /// `reassembled` is the IP protocol of the datagram this fragment completed (0: none).
  void add(const decoded_packet& d, const decoded_packet* quoted, std::uint64_t wire_len,
           std::uint8_t reassembled = 0, const decoded_packet* inflated = nullptr) noexcept;
  /// Counts one frame along an explicit path (names must have static storage).
  void add_path(std::span<const std::string_view> path, std::uint64_t wire_len) noexcept;

  /// tshark's io,phs path names of a decoded frame into `out`; returns how many were written.
  static std::size_t path_of(const decoded_packet& d, const decoded_packet* quoted,
                             std::span<std::string_view> out, std::uint8_t reassembled = 0,
                             const decoded_packet* inflated = nullptr) noexcept;

  /// Every node with its totals, in order of creation (a parent before its children).
  [[nodiscard]] std::vector<phs_node> nodes() const;
  /// Calls f(const phs_node&) for every node, depth first, siblings in first-seen order (the
  /// order tshark prints).
  template <class F> void walk(F&& f) const {
    const std::vector<phs_node> all = nodes();
    std::uint32_t n = all.empty() ? phs_node::none : 0;
    while (n != phs_node::none) {
      f(all[n]);
      if (all[n].first_child != phs_node::none) {
        n = all[n].first_child;
        continue;
      }
      while (n != phs_node::none && all[n].next_sibling == phs_node::none) {
        n = all[n].parent;
      }
      if (n != phs_node::none) {
        n = all[n].next_sibling;
      }
    }
  }
  /// Sum over every node named `name`.
  [[nodiscard]] phs_total total(std::string_view name) const;
  [[nodiscard]] std::uint64_t frames() const noexcept { return frames_; }
  [[nodiscard]] std::uint64_t bytes() const noexcept { return bytes_; }
  /// Frames whose path did not fit (node capacity or an empty path).
  [[nodiscard]] std::uint64_t truncated_frames() const noexcept { return truncated_; }

private:
  /// The shape of a frame's path: each layer's id (a byte each, `lo` then the low half of
  /// `hi`), two bits per layer of what picks its name (see layer_variant in the .cpp), and in
  /// the top byte of `hi` the layer count, whether the path starts with "raw" and ends with
  /// "data", and a bit that marks the shape as present.
  struct path_shape {
    static constexpr std::size_t max_layers = 12;
    std::uint64_t lo = 0, hi = 0; ///< hi == 0: no shape (the frame takes the slow path)
    friend bool operator==(const path_shape&, const path_shape&) = default;
  };
  static_assert(path_shape::max_layers <= 12, "eight ids in lo, four in hi, two bits each above");
  struct cached_shape {
    path_shape shape; ///< no shape: the entry is empty
    std::uint32_t leaf = phs_node::none;
  };
  static constexpr std::size_t cache_entries = 64; // a power of two
  /// The shape of `d`'s path, or no shape when the cache does not apply to it.
  static path_shape shape_of(const decoded_packet& d, const decoded_packet* quoted,
                             std::uint8_t reassembled, const decoded_packet* inflated) noexcept;
  std::uint32_t child(std::uint32_t parent, std::string_view name) noexcept;
  /// Finds or makes the nodes of `path` and counts the frame in the deepest that fits, which
  /// it returns; none when the path is empty or did not fit (counted in truncated_).
  std::uint32_t count_along(std::span<const std::string_view> path,
                            std::uint64_t wire_len) noexcept;
  void count_in(std::uint32_t node, std::uint64_t wire_len) noexcept {
    nodes_[node].frames += 1;
    nodes_[node].bytes += wire_len;
  }
  std::array<cached_shape, cache_entries> cache_{};
  // Node 0 is the first top-level protocol; roots are siblings. A node's frames and bytes here
  // are those of the frames whose path ends in it (nodes() adds up the totals).
  std::vector<phs_node> nodes_;
  std::size_t capacity_;
  std::uint64_t frames_ = 0, bytes_ = 0, truncated_ = 0;
  std::array<std::string_view, max_path> path_; // add()'s, reused: not cleared per frame
};

} // namespace pktscope::stats
