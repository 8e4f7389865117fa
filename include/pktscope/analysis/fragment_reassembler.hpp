#pragma once
/// Bounded IPv4/IPv6 fragment reassembly, so that fragmented datagrams count at the transport
/// layer and a tunnel inside a fragmented datagram can be decoded. Memory is reserved at
/// construction (max_datagrams buffers of max_header_bytes + max_datagram_bytes); adding a
/// fragment never allocates. A completed datagram is rebuilt whole in its buffer (IP header,
/// then the data), ready to decode with link_type::raw.
///
/// Policy: the first copy of an octet wins (later overlapping data is ignored, as BSD/Linux
/// do for overlaps that would rewrite received data; overlaps and conflicting overlaps are
/// counted). A datagram is complete when the fragment without MF has been seen and every
/// octet before its end is covered. Incomplete datagrams expire after `timeout`; when all
/// buffers are in use the oldest incomplete datagram is dropped to make room.

#include <pktscope/analysis/table_memory.hpp>
#include <pktscope/core/bytes.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace pktscope {

struct decoded_packet;

struct fragment_config {
  std::uint32_t max_datagrams = 256;        ///< datagrams under reassembly at once
  std::uint32_t max_datagram_bytes = 65535; ///< largest reassembled payload accepted
  std::uint16_t max_fragments = 128;        ///< fragments per datagram
  /// Longest unfragmentable part (IPv4 header with options: at most 60; IPv6 header and the
  /// extension headers before the Fragment header) a datagram is rebuilt with.
  std::uint32_t max_header_bytes = 256;
  /// Incomplete datagrams expire this long after their first fragment (0 = never): 60 s,
  /// RFC 8200 §4.5 for IPv6 and the low end of RFC 1122 §3.3.2's 60-120 s for IPv4.
  timestamp_ns timeout = 60'000'000'000;
};

struct fragment_counters {
  std::uint64_t fragments = 0;        ///< fragments offered
  std::uint64_t completed = 0;        ///< datagrams reassembled
  std::uint64_t completed_frames = 0; ///< fragments of those datagrams
  std::uint64_t timed_out = 0;        ///< incomplete datagrams dropped after the timeout
  std::uint64_t evicted = 0;          ///< incomplete datagrams dropped for want of a buffer
  std::uint64_t overlaps = 0;         ///< fragments overlapping data already held
  std::uint64_t conflicts = 0;        ///< ... with different octets in the overlap
  std::uint64_t too_large = 0;        ///< datagrams dropped: beyond max_datagram_bytes or
                                      ///< with a header beyond max_header_bytes
  std::uint64_t too_many = 0;         ///< datagrams dropped: more than max_fragments
  std::uint64_t malformed = 0;        ///< fragments dropped: bad offsets/lengths, duplicate end
  std::uint64_t dropped_frames = 0;   ///< frames of dropped datagrams
};

/// One fragment, as cut from a decoded frame.
struct fragment {
  std::uint8_t ip_version = 4;
  std::array<std::uint8_t, 16> src{}, dst{};
  std::uint32_t id = 0;            ///< IPv4 identification or IPv6 fragment header id
  std::uint8_t protocol = 0;       ///< IPv4 protocol / next header after the fragment header
  std::uint32_t offset = 0;        ///< in octets
  bool more = false;               ///< MF
  bytes payload;                   ///< the fragment's data (after IP and fragment headers)
  std::uint32_t ip_header_len = 0; ///< unfragmentable part (for ip_bytes accounting)
  /// The IP header to rebuild the datagram with: the IPv4 header, or the IPv6 header and the
  /// extension headers before the Fragment header (RFC 8200 §4.5's unfragmentable part).
  bytes header;
  /// IPv6: where in `header` the Next Header field naming the Fragment header is.
  std::uint32_t next_header_at = 0;
  timestamp_ns ts = 0;
  std::uint32_t wire_len = 0, captured_len = 0; ///< of the frame
};

/// A reassembled datagram: valid until the next add() or expire().
struct reassembled {
  /// The whole datagram as if it had never been fragmented: the header of the fragment that
  /// completed it (IPv4: total length, MF and offset set for the whole, checksum recomputed;
  /// IPv6: payload length set, the Fragment header left out; either length at most 65535, the
  /// field's limit, even when the data is longer), then the data.
  bytes datagram;
  std::uint32_t frames = 0;     ///< fragments it was made of
  std::uint64_t wire_bytes = 0; ///< sum of their frames' wire lengths
  std::uint64_t captured_bytes = 0;
  std::uint64_t ip_bytes = 0; ///< sum of the fragments' IP lengths
  timestamp_ns first_ts = 0;  ///< first fragment's time
};

class fragment_reassembler {
public:
  explicit fragment_reassembler(const fragment_config& cfg = {});

  /// Adds a fragment; returns the whole datagram when this fragment completes it, else
  /// nullptr. Expires timed-out datagrams first (by f.ts).
  [[nodiscard]] const reassembled* add(const fragment& f) noexcept;
  /// Drops incomplete datagrams older than the timeout at time `now`.
  void expire(timestamp_ns now) noexcept;

  /// The outermost IP header of `d` whose packet is a fragment (an index into d.layers), or
  /// d.size() when there is none. It is the innermost IP header for a plain fragment; for the
  /// first fragment of a tunnel's outer datagram the decoder went on into the tunnel, so
  /// it is an outer one.
  [[nodiscard]] static std::size_t fragmented_ip(const decoded_packet& d) noexcept;
  /// Cuts the fragment of the IP header d.layers[ip] out of a decoded frame; false when that
  /// header is no fragment or its fragment data is not within the capture.
  [[nodiscard]] static bool extract(const decoded_packet& d, std::size_t ip, timestamp_ns ts,
                                    std::uint32_t wire_len, fragment& out) noexcept;

  [[nodiscard]] const fragment_counters& counters() const noexcept { return counters_; }
  [[nodiscard]] std::size_t pending() const noexcept;

private:
  struct range {
    std::uint32_t begin, end;
  };
  struct slot {
    bool used = false;
    std::uint8_t ip_version = 0, protocol = 0;
    std::array<std::uint8_t, 16> src{}, dst{};
    std::uint32_t id = 0;
    timestamp_ns first_ts = 0;
    std::uint32_t total = 0; ///< end of the last fragment, 0 until it is seen
    bool have_last = false;
    std::uint16_t count = 0; ///< fragments held (= ranges used)
    std::uint32_t frames = 0;
    std::uint64_t wire_bytes = 0, captured_bytes = 0, ip_bytes = 0;
    std::size_t data = 0;   ///< offset of its data in data_ (max_header_bytes in front)
    std::size_t ranges = 0; ///< offset of its ranges in ranges_
  };
  [[nodiscard]] slot* find_or_make(const fragment& f) noexcept;
  void drop(slot& s) noexcept;
  [[nodiscard]] bool complete(const slot& s) const noexcept;
  [[nodiscard]] bool rebuild(const slot& s, const fragment& f) noexcept;

  fragment_config cfg_;
  detail::table_vector<slot> slots_;
  std::unique_ptr<std::uint8_t[]> data_; ///< uninitialised: pages are touched only when used
  std::vector<range> ranges_;
  reassembled out_{};
  fragment_counters counters_{};
};

} // namespace pktscope
