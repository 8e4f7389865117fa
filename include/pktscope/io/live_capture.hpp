#pragma once
/// Capturing packets from a network interface (libpcap), read through the same capture_reader
/// as files:
///
///   std::atomic<bool> stop{false};           // set from a signal handler to end the capture
///   pktscope::live_options o;  o.interface = "eth0";  o.stop = &stop;
///   std::string why;
///   auto reader = pktscope::capture_reader::open_live(o, &why);
///   if (!reader) { /* why: libpcap's reason, e.g. no permission */ }
///   for (const pktscope::packet& pkt : *reader) { ... }
///
/// The packets reach the reader as a pcapng stream (one interface, named after the capture
/// interface, nanosecond timestamps when the system offers them): what the reader checks for
/// files holds for them, and capture_info describes the interface. open_live() returns once
/// the first packet has arrived (the stream's headers go out with it) or the capture has
/// ended. When it ends, the kernel's counters follow the last packet as an Interface
/// Statistics Block, so after the loop `reader->info().interfaces[0]` holds them
/// (stats_received, stats_dropped by the interface, stats_os_dropped for want of buffer room).
/// Capturing needs the privilege to (CAP_NET_RAW on Linux, or root).

#include <pktscope/core/bytes.hpp>

#include <atomic>
#include <cstdint>
#include <string>

namespace pktscope {

struct live_options {
  std::string interface;          ///< "eth0", "lo", "any", ...
  std::uint32_t snaplen = 262144; ///< bytes kept of each packet (libpcap's maximum)
  bool promiscuous = true;        ///< also packets not addressed to this host
  timestamp_ns duration = 0;      ///< end after this long (wall clock); 0 = no limit
  /// BPF expression (tcpdump syntax) applied in the kernel; empty = every packet. `count`
  /// counts the packets that pass it.
  std::string filter;
  std::uint64_t count = 0;                 ///< end after this many packets; 0 = no limit
  const std::atomic<bool>* stop = nullptr; ///< end when it becomes true (seen within 0.1 s)
};

} // namespace pktscope
