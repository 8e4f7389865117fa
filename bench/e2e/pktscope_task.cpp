// The common decode benchmark task (shared/bench/README.md) with pktscope: read a capture,
// decode each frame to the transport layer, count packets and captured bytes per protocol
// class (tcp, udp, icmp incl. ICMPv6, other), distinct direction-normalised TCP and UDP
// 5-tuples, and TCP SYNs (SYN set, ACK clear). Prints exactly the lines the peers in
// shared/bench/peers/ print, so outputs can be diffed.
//
//   usage: pktscope_task CAPTURE [--mmap] [--block BYTES] [--flows SLOTS]
//
// Hot path: capture_reader hands out views into its refill buffer, decode() fills one
// stack-allocated decoded_packet, and the flow sets are open-addressing tables sized up front
// from the file size (they double, by rehashing, only past half full). Nothing is allocated
// per packet.
#include <pktscope/core/endian.hpp>
#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>

namespace {

/// A direction-normalised 5-tuple: the lower (address, port) endpoint first. Same layout and
/// ordering rule as the peers' FlowKey (shared/bench/peers/flow_key.hpp), so the counts agree.
struct flow_key {
  std::array<std::uint64_t, 5> w{}; ///< lower address, higher address, proto|alen|ports
};

[[nodiscard]] inline std::uint64_t hash(const flow_key& k) noexcept {
  std::uint64_t h = k.w[4] * 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < 4; ++i) {
    h ^= k.w[i];
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  return h;
}

/// Makes the key of the innermost IP/transport header pair of a decoded packet.
[[nodiscard]] inline flow_key make_key(const pktscope::decoded_packet& d) noexcept {
  const std::size_t alen = d.ip_version == 4 ? 4 : 16;
  // The peers' memcmp(src, dst, alen) order: addresses as two big-endian 64-bit halves (the
  // zero tail of an IPv4 address compares equal).
  const pktscope::bytes src(d.src_addr), dst(d.dst_addr);
  const std::uint64_t s0 = pktscope::load_be64(src, 0), d0 = pktscope::load_be64(dst, 0);
  const std::uint64_t s1 = pktscope::load_be64(src, 8), d1 = pktscope::load_be64(dst, 8);
  const bool src_greater = s0 != d0 ? s0 > d0 : s1 > d1;
  const bool same = s0 == d0 && s1 == d1;
  const bool swap = src_greater || (same && d.src_port > d.dst_port);
  const std::uint8_t* lo = swap ? d.dst_addr.data() : d.src_addr.data();
  const std::uint8_t* hi = swap ? d.src_addr.data() : d.dst_addr.data();
  flow_key k;
  // The summary keeps IPv4 addresses in the first 4 bytes with the rest zero, so copying all
  // 16 bytes gives the same words as the peers' copy of alen bytes into a zeroed key.
  std::memcpy(&k.w[0], lo, 16);
  std::memcpy(&k.w[2], hi, 16);
  const std::uint64_t plo = swap ? d.dst_port : d.src_port;
  const std::uint64_t phi = swap ? d.src_port : d.dst_port;
  k.w[4] = std::uint64_t{d.ip_protocol} | (std::uint64_t{alen} << 8) | (plo << 16) | (phi << 32);
  return k;
}

/// Open addressing with linear probing, load factor at most 1/2. A slot is empty when w[4] is
/// zero (a real key always has alen != 0 there). The slots live in an anonymous mapping:
/// zero-filled by the kernel (no memset, untouched pages cost nothing) and eligible for
/// transparent huge pages, so that probes spread over tens of MB do not also miss the TLB.
class flow_set {
public:
  explicit flow_set(std::size_t capacity) { allocate(std::bit_ceil(capacity)); }
  flow_set(const flow_set&) = delete;
  flow_set& operator=(const flow_set&) = delete;
  ~flow_set() { release(slots_, capacity_); }

  void insert(const flow_key& k, std::uint64_t h) {
    if ((count_ + 1) * 2 > capacity_) {
      grow();
    }
    put(k, h);
  }
  /// Starts loading the slot where a key of hash `h` would go: the table is far larger than
  /// the caches, so the probe that follows a packet later finds it there.
  void prefetch(std::uint64_t h) const noexcept {
    __builtin_prefetch(&slots_[h & (capacity_ - 1)], 1);
  }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }

private:
  static std::size_t bytes_for(std::size_t slots) noexcept {
    constexpr std::size_t huge = std::size_t{2} << 20;
    return (slots * sizeof(flow_key) + huge - 1) / huge * huge;
  }
  void allocate(std::size_t slots) {
    void* m = ::mmap(nullptr, bytes_for(slots), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (m == MAP_FAILED) {
      std::perror("pktscope_task: mmap");
      std::exit(1);
    }
    (void)::madvise(m, bytes_for(slots), MADV_HUGEPAGE); // a hint; fine if refused
    slots_ = static_cast<flow_key*>(m);
    capacity_ = slots;
  }
  static void release(flow_key* slots, std::size_t capacity) noexcept {
    if (slots != nullptr) {
      ::munmap(slots, bytes_for(capacity));
    }
  }
  void put(const flow_key& k, std::uint64_t h) noexcept {
    const std::size_t mask = capacity_ - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      flow_key& e = slots_[i];
      if (e.w[4] == 0) {
        e = k;
        ++count_;
        return;
      }
      if (e.w[4] == k.w[4] && e.w[0] == k.w[0] && e.w[1] == k.w[1] && e.w[2] == k.w[2] &&
          e.w[3] == k.w[3]) {
        return;
      }
    }
  }
  void grow() {
    flow_key* old = slots_;
    const std::size_t old_capacity = capacity_;
    allocate(old_capacity * 2);
    count_ = 0;
    for (std::size_t i = 0; i < old_capacity; ++i) {
      if (old[i].w[4] != 0) {
        put(old[i], hash(old[i]));
      }
    }
    release(old, old_capacity);
  }

  flow_key* slots_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t count_ = 0;
};

enum cls : std::uint8_t { c_tcp, c_udp, c_icmp, c_other };

/// Initial flow-set capacity from the file size: the peers' workload has about one flow per
/// 10 KB of capture; start at twice that (load <= 1/2), at least 64 Ki slots.
std::size_t initial_capacity(const char* path) {
  struct stat st {};
  const std::size_t bytes = ::stat(path, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  return std::max<std::size_t>(std::size_t{1} << 16, bytes / 5000);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: pktscope_task CAPTURE [--mmap] [--block BYTES] [--flows SLOTS]\n", stderr);
    return 2;
  }
  pktscope::reader_options ropt;
  std::size_t flows = 0; // initial flow-set capacity; 0: from the file size
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--mmap") {
      ropt.use_mmap = true;
    } else if (a == "--block" && i + 1 < argc) {
      ropt.block_bytes = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (a == "--flows" && i + 1 < argc) {
      flows = std::strtoull(argv[++i], nullptr, 10);
    }
  }
  auto reader = pktscope::capture_reader::open(argv[1], ropt);
  if (!reader) {
    std::fprintf(stderr, "pktscope_task: cannot read %s\n", argv[1]);
    return 1;
  }

  // Transport is as deep as the task goes; the peers do not enter tunnels either.
  const pktscope::decode_options dopt{.deepest = pktscope::stop_at::transport,
                                      .follow_tunnels = false};
  pktscope::decoded_packet d;
  std::array<std::uint64_t, 4> pk{}, by{};
  std::uint64_t syn = 0;
  const std::size_t cap = flows != 0 ? flows : initial_capacity(argv[1]);
  flow_set tcp(cap), udp(cap);

  // Each packet's flow is inserted `lag` packets late: its slot is prefetched first, and the
  // next packets are read and decoded while those cache misses are served.
  struct pending_insert {
    flow_set* set;
    flow_key key;
    std::uint64_t hash;
  };
  constexpr std::size_t lag = 8; // a power of two
  std::array<pending_insert, lag> pending{};
  std::size_t queued = 0; // flows queued so far
  while (const pktscope::packet* p = reader->next()) {
    cls c = c_other;
    flow_set* set = nullptr;
    (void)pktscope::decode(p->data, p->link, dopt, d); // lax: never fails
    if (d.ip_version != 0) {
      const std::uint8_t proto = d.ip_protocol;
      if (proto == 6) {
        c = c_tcp;
        if (d.transport == pktscope::layer_id::tcp) {
          syn += (d.tcp_flags & 0x12U) == 0x02U ? 1U : 0U; // SYN without ACK
          set = &tcp;
        }
      } else if (proto == 17) {
        c = c_udp;
        if (d.transport == pktscope::layer_id::udp) {
          set = &udp;
        }
      } else if ((proto == 1 && d.ip_version == 4) || (proto == 58 && d.ip_version == 6)) {
        c = c_icmp;
      }
    }
    ++pk[c];
    by[c] += p->data.size();
    if (set != nullptr) {
      pending_insert& slot = pending[queued++ % lag];
      if (slot.set != nullptr) {
        slot.set->insert(slot.key, slot.hash); // queued `lag` flows ago
      }
      slot = {set, make_key(d), 0};
      slot.hash = hash(slot.key);
      set->prefetch(slot.hash);
    }
  }
  for (const pending_insert& slot : pending) {
    if (slot.set != nullptr) {
      slot.set->insert(slot.key, slot.hash);
    }
  }
  if (const auto& f = reader->failure()) {
    std::fprintf(stderr, "pktscope_task: %s\n", f->what.c_str());
    return 1;
  }

  const char* names[4] = {"tcp", "udp", "icmp", "other"};
  std::printf("packets %llu\nbytes %llu\n",
              static_cast<unsigned long long>(pk[0] + pk[1] + pk[2] + pk[3]),
              static_cast<unsigned long long>(by[0] + by[1] + by[2] + by[3]));
  for (std::size_t i = 0; i < 4; ++i) {
    std::printf("%s_packets %llu\n%s_bytes %llu\n", names[i],
                static_cast<unsigned long long>(pk[i]), names[i],
                static_cast<unsigned long long>(by[i]));
  }
  std::printf("tcp_flows %zu\nudp_flows %zu\nflows %zu\ntcp_syn %llu\n", tcp.size(), udp.size(),
              tcp.size() + udp.size(), static_cast<unsigned long long>(syn));
  return 0;
}
