#include <pktscope/analysis/table_memory.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace pktscope::detail {

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;

// table_vector's blocks: mapped unless the build keeps them on the sanitizer's heap.
bool vector_block_mapped(std::size_t bytes) noexcept {
  return maps_large_tables && bytes >= mapped_table_bytes;
}

// table_memory's blocks: mapped in every build, since on a sanitizer's heap the whole reserve
// would be committed (and zeroed) at once, hundreds of MB for the flow table's default capacity.
bool memory_block_mapped(std::size_t bytes, block_use use) noexcept {
  return bytes >=
         (use == block_use::grows_in_place ? grown_block_mapped_bytes : mapped_table_bytes);
}

std::size_t mapped_length(std::size_t bytes) noexcept {
  return (bytes + huge_page - 1) & ~(huge_page - 1);
}

void advise_huge(void* p, std::size_t len) noexcept {
#ifdef MADV_HUGEPAGE
  // Advice only: without transparent huge pages the mapping works the same.
  (void)::madvise(p, len, MADV_HUGEPAGE);
#else
  static_cast<void>(p);
  static_cast<void>(len);
#endif
}

// Anonymous mappings are zero-filled and committed page by page. Over-allocate one huge page,
// then give back the head and tail around the first 2 MiB boundary, so that whole huge pages
// can back the block (and free_block needs only its address and length).
void* map_table(std::size_t bytes, block_use use) {
  const std::size_t len = mapped_length(bytes);
  const bool grows = use == block_use::grows_in_place;
  // No commit charge for a reserve: the kernel's overcommit check would refuse a capacity
  // beyond the machine's memory that a run may never use.
  const int reserve = grows ? MAP_NORESERVE : 0;
  void* m = ::mmap(nullptr, len + huge_page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | reserve, -1, 0);
  if (m == MAP_FAILED) {
    out_of_memory();
  }
  const auto start = reinterpret_cast<std::uintptr_t>(m);
  const std::uintptr_t aligned = (start + huge_page - 1) & ~(huge_page - 1);
  if (const std::size_t head = aligned - start; head != 0) {
    ::munmap(m, head);
  }
  if (const std::size_t tail = huge_page - (aligned - start); tail != 0) {
    ::munmap(reinterpret_cast<void*>(aligned + len), tail);
  }
  void* p = reinterpret_cast<void*>(aligned);
  if (!grows) {
    advise_huge(p, len);
  }
  return p;
}

// Both kinds of table take and give back their blocks here; they differ only in which
// blocks they map.
void* allocate_block(std::size_t bytes, std::size_t align, bool map,
                     block_use use = block_use::whole) {
  return map ? map_table(bytes, use) : ::operator new (bytes, std::align_val_t{align});
}

void free_block(void* p, std::size_t bytes, std::size_t align, bool map) noexcept {
  if (map) {
    ::munmap(p, mapped_length(bytes));
  } else {
    ::operator delete (p, std::align_val_t{align});
  }
}

} // namespace

void out_of_memory() {
#if defined(__cpp_exceptions)
  throw std::bad_alloc();
#else
  std::abort();
#endif
}

void* allocate_table(std::size_t count, std::size_t size, std::size_t align) {
  if (size != 0 && count > static_cast<std::size_t>(-1) / size / 2) {
    out_of_memory(); // no block that large can exist
  }
  const std::size_t bytes = count * size;
  return allocate_block(bytes, align, vector_block_mapped(bytes));
}

void free_table(void* p, std::size_t count, std::size_t size, std::size_t align) noexcept {
  const std::size_t bytes = count * size;
  free_block(p, bytes, align, vector_block_mapped(bytes));
}

table_memory::table_memory(std::size_t bytes, block_use use) : size_(bytes) {
  if (bytes == 0) {
    return;
  }
  mapped_ = memory_block_mapped(bytes, use);
  data_ = allocate_block(bytes, alignment, mapped_, use);
  if (!mapped_) {
    std::memset(data_, 0, bytes); // mapped blocks are zero already
  }
}

void table_memory::advise_huge_pages(std::size_t bytes) const noexcept {
  if (!mapped_) {
    return;
  }
  // A mapped block starts on a 2 MiB boundary and its mapping ends on one.
  const std::size_t len = bytes >= size_ ? mapped_length(size_) : bytes & ~(huge_page - 1);
  if (len != 0) {
    advise_huge(data_, len);
  }
}

table_memory::~table_memory() {
  release();
}

table_memory::table_memory(table_memory&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)),
      mapped_(std::exchange(o.mapped_, false)) {}

table_memory& table_memory::operator=(table_memory&& o) noexcept {
  if (this != &o) {
    release();
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    mapped_ = std::exchange(o.mapped_, false);
  }
  return *this;
}

void table_memory::release() noexcept {
  if (data_ != nullptr) {
    free_block(data_, size_, alignment, mapped_);
  }
  data_ = nullptr;
  size_ = 0;
  mapped_ = false;
}

} // namespace pktscope::detail
