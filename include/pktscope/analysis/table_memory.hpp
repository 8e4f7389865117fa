#pragma once
/// Backing store of the analysis layer's big tables (internal; not API): the flow table's
/// records and slots, the detectors' and statistics' hash tables. They are probed at random,
/// one or more cache misses a packet each; on 4 KiB pages most of those misses also miss the
/// TLB (a few hundred MB of tables against a TLB that covers a few MB), and a page walk costs
/// about as much as the miss itself. So blocks of 1 MiB and more are mapped on their own, on
/// 2 MiB boundaries and advised for transparent huge pages where the system offers them (a
/// table that grows in place over its block asks for them as its part in use grows);
/// smaller ones come from operator new. Mapped memory is zero-filled and committed by the
/// kernel as it is first touched: capacity reserved but not used stays address space only.

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <vector>

namespace pktscope::detail {

/// Blocks this large or larger are mapped on their own; smaller ones come from operator new.
inline constexpr std::size_t mapped_table_bytes = std::size_t{1} << 20;

/// Whether table_vector maps its large blocks. An AddressSanitizer build takes them from
/// operator new instead, so that its bounds checks (red zones around heap blocks) cover those
/// tables too. table_memory maps in every build (its reserve must stay address space).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool maps_large_tables = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool maps_large_tables = false;
#else
inline constexpr bool maps_large_tables = true;
#endif
#else
inline constexpr bool maps_large_tables = true;
#endif

/// What a failed allocation does here: throws std::bad_alloc, as operator new does, or aborts
/// in a build without exceptions.
[[noreturn]] void out_of_memory();

/// Room for `count` objects of `size` bytes aligned to `align`: mapped (zero-filled, on a
/// 2 MiB boundary, its length rounded up to whole 2 MiB pages, advised for huge pages) when
/// that is mapped_table_bytes or more and maps_large_tables. Failure behaves like operator
/// new's.
[[nodiscard]] void* allocate_table(std::size_t count, std::size_t size, std::size_t align);
/// Frees a block of allocate_table with the same arguments.
void free_table(void* p, std::size_t count, std::size_t size, std::size_t align) noexcept;

/// How a table uses its block, which decides how the block is mapped.
enum class block_use : unsigned char {
  /// The table may touch any part of it from the start: mapped from mapped_table_bytes, and
  /// advised for huge pages at once (each 2 MiB of it is one page from its first touch).
  whole,
  /// The table grows in place over a prefix of it, its capacity reserved up front: mapped
  /// from grown_block_mapped_bytes (from operator new it would be zeroed, so committed, whole),
  /// without a commit charge (a configured capacity beyond the machine's memory that a run
  /// never reaches must not fail), and advised for huge pages by advise_huge_pages() as the
  /// prefix grows (a huge page at the first touch would commit 2 MiB for a table a short
  /// capture barely uses).
  grows_in_place,
};
/// Blocks of block_use::grows_in_place this large or larger are mapped.
inline constexpr std::size_t grown_block_mapped_bytes = std::size_t{64} << 10;

/// A zero-filled block of `bytes`, owned: mapped as allocate_table maps (in every build) when
/// it is large enough for its block_use, else from operator new. For the flow table's record
/// pool and slot array, whose capacity is reserved up front and committed as flows arrive, and
/// the tables that grow in place.
class table_memory {
public:
  table_memory() noexcept = default;
  explicit table_memory(std::size_t bytes, block_use use = block_use::whole);
  ~table_memory();
  table_memory(const table_memory&) = delete;
  table_memory& operator=(const table_memory&) = delete;
  table_memory(table_memory&& o) noexcept;
  table_memory& operator=(table_memory&& o) noexcept;

  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// Advises huge pages for the whole 2 MiB pages of the block's first `bytes`, all of it once
  /// `bytes` reaches its size (a mapped block of block_use::grows_in_place; nothing for others).
  /// Advice only: pages already touched stay as they are until the kernel merges them.
  void advise_huge_pages(std::size_t bytes) const noexcept;

private:
  static constexpr std::size_t alignment = 64; // a cache line
  void release() noexcept;
  void* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
};

/// The allocator of table_vector (allocate_table).
template <class T> struct table_allocator {
  using value_type = T;
  table_allocator() noexcept = default;
  template <class U>
  table_allocator(const table_allocator<U>& /*other*/) noexcept {} // NOLINT: rebinding

  [[nodiscard]] T* allocate(std::size_t n) {
    return static_cast<T*>(allocate_table(n, sizeof(T), alignof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { free_table(p, n, sizeof(T), alignof(T)); }
  [[nodiscard]] static constexpr std::size_t max_size() noexcept {
    return static_cast<std::size_t>(-1) / sizeof(T);
  }
  template <class U> bool operator==(const table_allocator<U>& /*other*/) const noexcept {
    return true; // stateless: any instance frees what another allocated
  }
};

/// A std::vector for a table that is probed at random (see the file comment).
template <class T> using table_vector = std::vector<T, table_allocator<T>>;

/// Whether zero-filled memory already holds T{}: a T value-initialised over zero bytes
/// leaves them all zero (its members default to zero; padding, which GCC does not always
/// clear, stays as it was). For the assertions of zeroed_table's users.
template <class T> [[nodiscard]] bool value_is_zero_bytes() noexcept {
  alignas(T) unsigned char buf[sizeof(T)];
  std::memset(buf, 0, sizeof(T));
  ::new (static_cast<void*>(buf)) T();
  for (const unsigned char b : buf) {
    if (b != 0) {
      return false;
    }
  }
  return true;
}

/// A fixed-size table of `size` T on table_memory: it starts as zero bytes and nothing writes
/// it at construction, so a table that a short capture barely uses costs address space, not
/// memory (a std::vector would write every element first, tens of MB for the detectors'
/// tables). For T whose zero bytes are its empty value (see value_is_zero_bytes), or
/// storage that is written before it is read.
template <class T> class zeroed_table {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "elements come to life in zero-filled memory, untouched by a constructor");

public:
  zeroed_table() noexcept = default;
  explicit zeroed_table(std::size_t size, block_use use = block_use::whole)
      : mem_(size * sizeof(T), use), data_(static_cast<T*>(mem_.data())), size_(size) {}

  [[nodiscard]] T& operator[](std::size_t i) noexcept { return data_[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// table_memory::advise_huge_pages for the first `count` elements.
  void advise_huge_pages(std::size_t count) const noexcept {
    mem_.advise_huge_pages(count * sizeof(T));
  }

private:
  table_memory mem_;
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

} // namespace pktscope::detail
