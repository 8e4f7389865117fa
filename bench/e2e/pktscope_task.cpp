// The common decode benchmark task (shared/bench/README.md) with pktscope: read a capture,
// decode each frame to the transport layer, count packets and captured bytes per protocol
// class (tcp, udp, icmp incl. ICMPv6, other), distinct direction-normalised TCP and UDP
// 5-tuples, and TCP SYNs (SYN set, ACK clear). Prints exactly the lines the peers in
// shared/bench/peers/ print, so outputs can be diffed.
//
//   usage: pktscope_task CAPTURE [--mmap] [--read-ahead] [--block BYTES] [--flows SLOTS]
//
// --read-ahead sets reader_options::read_ahead: a second thread reads the file ahead of the
// decoding (the one option here that uses more than one thread).
//
// Hot path: capture_reader hands out views into its refill buffer, decode() fills one
// stack-allocated decoded_packet, and the flow sets are open-addressing tables (16-byte IPv4
// keys, 40-byte IPv6 keys) sized up front from the file size (they double, by rehashing, only
// past half full). Nothing is allocated per packet.
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

/// A direction-normalised IPv6 5-tuple (the transport protocol is the set's): the lower
/// (address, port) endpoint first, as the peers order it (memcmp of the addresses, then ports).
struct key6 {
  std::array<std::uint64_t, 5> w{}; ///< lower address, higher address, 1 | ports << 16

  [[nodiscard]] bool empty() const noexcept { return w[4] == 0; }
  friend bool operator==(const key6&, const key6&) = default;
};

/// The same for IPv4 in 16 bytes, four slots to a cache line: the tables of the common case stay
/// a few MB (cache and TLB resident) where 40-byte keys for every family spread over tens of MB.
struct key4 {
  std::uint64_t addrs = 0; ///< lower address << 32 | higher address
  std::uint64_t ports = 0; ///< 1 | lower port << 16 | higher port << 32; zero: empty slot

  [[nodiscard]] bool empty() const noexcept { return ports == 0; }
  friend bool operator==(const key4&, const key4&) = default;
};

[[nodiscard]] inline std::uint64_t hash(const key6& k) noexcept {
  std::uint64_t h = k.w[4] * 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < 4; ++i) {
    h ^= k.w[i];
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  return h;
}

[[nodiscard]] inline std::uint64_t hash(const key4& k) noexcept {
  std::uint64_t h = (k.ports * 0x9e3779b97f4a7c15ULL) ^ k.addrs;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 32;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

/// Whether the endpoints are swapped to put the lower one first: the source address compares
/// greater (the peers' memcmp order), or the addresses are equal and the source port is higher.
[[nodiscard]] inline bool swapped(std::uint64_t s, std::uint64_t d, std::uint16_t sp,
                                  std::uint16_t dp) noexcept {
  return s > d || (s == d && sp > dp);
}

[[nodiscard]] inline std::uint64_t ports_word(bool swap, std::uint16_t sp,
                                              std::uint16_t dp) noexcept {
  const std::uint64_t lo = swap ? dp : sp, hi = swap ? sp : dp;
  return 1U | (lo << 16) | (hi << 32);
}

[[nodiscard]] inline key4 make_key4(const pktscope::decoded_packet& d) noexcept {
  const pktscope::bytes src(d.src_addr), dst(d.dst_addr);
  const std::uint64_t s = pktscope::load_be32(src, 0), t = pktscope::load_be32(dst, 0);
  const bool swap = swapped(s, t, d.src_port, d.dst_port);
  return {swap ? (t << 32 | s) : (s << 32 | t), ports_word(swap, d.src_port, d.dst_port)};
}

[[nodiscard]] inline key6 make_key6(const pktscope::decoded_packet& d) noexcept {
  // memcmp order of 16 bytes: two big-endian 64-bit halves.
  const pktscope::bytes src(d.src_addr), dst(d.dst_addr);
  const std::uint64_t s0 = pktscope::load_be64(src, 0), d0 = pktscope::load_be64(dst, 0);
  const std::uint64_t s1 = pktscope::load_be64(src, 8), d1 = pktscope::load_be64(dst, 8);
  const bool swap = s0 != d0 ? s0 > d0 : swapped(s1, d1, d.src_port, d.dst_port);
  key6 k;
  std::memcpy(&k.w[0], swap ? d.dst_addr.data() : d.src_addr.data(), 16);
  std::memcpy(&k.w[2], swap ? d.src_addr.data() : d.dst_addr.data(), 16);
  k.w[4] = ports_word(swap, d.src_port, d.dst_port);
  return k;
}

/// Open addressing with linear probing, load factor at most 1/2. The slots live in an anonymous
/// mapping: zero-filled by the kernel (no memset, untouched pages cost nothing) and eligible for
/// transparent huge pages.
///
/// add() inserts each key `lag` keys late: it computes the key's slot and prefetches it, then
/// inserts the key added `lag` calls before, whose slot has arrived in the cache meanwhile (the
/// next packets are read and decoded while those misses are served). size() is exact only after
/// flush().
template <class Key> class flow_set {
public:
  explicit flow_set(std::size_t capacity) { allocate(std::bit_ceil(capacity)); }
  flow_set(const flow_set&) = delete;
  flow_set& operator=(const flow_set&) = delete;
  ~flow_set() { release(slots_, capacity_); }

  void add(const Key& k) noexcept {
    pending& p = pending_[queued_++ % lag];
    if (!p.key.empty()) {
      insert(p.key, p.hash);
    }
    p = {k, hash(k)};
    __builtin_prefetch(&slots_[p.hash & (capacity_ - 1)], 1);
  }
  void flush() noexcept {
    for (pending& p : pending_) {
      if (!p.key.empty()) {
        insert(p.key, p.hash);
        p.key = Key{};
      }
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return count_; }

private:
  static constexpr std::size_t lag = 8; // a power of two
  struct pending {
    Key key;
    std::uint64_t hash = 0;
  };

  static std::size_t bytes_for(std::size_t slots) noexcept {
    constexpr std::size_t huge = std::size_t{2} << 20;
    return (slots * sizeof(Key) + huge - 1) / huge * huge;
  }
  void allocate(std::size_t slots) noexcept {
    void* m = ::mmap(nullptr, bytes_for(slots), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    if (m == MAP_FAILED) {
      std::perror("pktscope_task: mmap");
      std::exit(1);
    }
    (void)::madvise(m, bytes_for(slots), MADV_HUGEPAGE); // a hint; fine if refused
    slots_ = static_cast<Key*>(m);
    capacity_ = slots;
  }
  static void release(Key* slots, std::size_t capacity) noexcept {
    if (slots != nullptr) {
      ::munmap(slots, bytes_for(capacity));
    }
  }
  void insert(const Key& k, std::uint64_t h) noexcept {
    if ((count_ + 1) * 2 > capacity_) {
      grow();
    }
    put(k, h);
  }
  void put(const Key& k, std::uint64_t h) noexcept {
    const std::size_t mask = capacity_ - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Key& e = slots_[i];
      if (e.empty()) {
        e = k;
        ++count_;
        return;
      }
      if (e == k) {
        return;
      }
    }
  }
  void grow() noexcept {
    Key* old = slots_;
    const std::size_t old_capacity = capacity_;
    allocate(old_capacity * 2);
    count_ = 0;
    for (std::size_t i = 0; i < old_capacity; ++i) {
      if (!old[i].empty()) {
        put(old[i], hash(old[i]));
      }
    }
    release(old, old_capacity);
  }

  Key* slots_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t count_ = 0;
  std::array<pending, lag> pending_{};
  std::size_t queued_ = 0;
};

/// The flows of one transport protocol: IPv4 and IPv6 keys in separate sets (disjoint, so
/// the sizes add up).
struct flow_sets {
  flow_set<key4> v4;
  flow_set<key6> v6;

  explicit flow_sets(std::size_t capacity) : v4(capacity), v6(capacity / 8) {}
  void add(const pktscope::decoded_packet& d) noexcept {
    if (d.ip_version == 4) {
      v4.add(make_key4(d));
    } else {
      v6.add(make_key6(d));
    }
  }
  void flush() noexcept {
    v4.flush();
    v6.flush();
  }
  [[nodiscard]] std::size_t size() const noexcept { return v4.size() + v6.size(); }
};

enum cls : std::uint8_t { c_tcp, c_udp, c_icmp, c_other };

/// Initial capacity of each IPv4 flow set from the file size: the peers' workload has about one
/// flow per 10 KB of capture, split between TCP and UDP; the sets double (by rehashing) past
/// half full. IPv6 sets start at 1/8 of that.
std::size_t initial_capacity(const char* path) {
  struct stat st {};
  const std::size_t bytes = ::stat(path, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  return std::max<std::size_t>(std::size_t{1} << 16, bytes / 10000);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(
        "usage: pktscope_task CAPTURE [--mmap] [--read-ahead] [--block BYTES] [--flows SLOTS]\n",
        stderr);
    return 2;
  }
  pktscope::reader_options ropt;
  std::size_t flows = 0; // initial flow-set capacity; 0: from the file size
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--mmap") {
      ropt.use_mmap = true;
    } else if (a == "--read-ahead") {
      ropt.read_ahead = true;
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
  flow_sets tcp(cap), udp(cap);

  while (const pktscope::packet* p = reader->next()) {
    cls c = c_other;
    (void)pktscope::decode(p->data, p->link, dopt, d); // lax: never fails
    if (d.ip_version != 0) {
      const std::uint8_t proto = d.ip_protocol;
      if (proto == 6) {
        c = c_tcp;
        if (d.transport == pktscope::layer_id::tcp) {
          syn += (d.tcp_flags & 0x12U) == 0x02U ? 1U : 0U; // SYN without ACK
          tcp.add(d);
        }
      } else if (proto == 17) {
        c = c_udp;
        if (d.transport == pktscope::layer_id::udp) {
          udp.add(d);
        }
      } else if ((proto == 1 && d.ip_version == 4) || (proto == 58 && d.ip_version == 6)) {
        c = c_icmp;
      }
    }
    ++pk[c];
    by[c] += p->data.size();
  }
  tcp.flush();
  udp.flush();
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
