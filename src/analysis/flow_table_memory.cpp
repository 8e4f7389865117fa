#include <pktscope/analysis/flow_table_memory.hpp>

#include <cstring>
#include <memory>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace pktscope::detail {

namespace {
constexpr std::size_t huge_page = std::size_t{2} << 20;
} // namespace

table_memory::table_memory(std::size_t bytes) : size_(bytes) {
  if (bytes == 0) {
    return;
  }
  // Anonymous mappings are zero-filled and committed page by page. Over-allocate one huge
  // page to start on a 2 MiB boundary, so that whole huge pages back the array.
  const std::size_t len = bytes + huge_page;
  void* m = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m != MAP_FAILED) {
    map_ = m;
    map_len_ = len;
    void* p = m;
    std::size_t space = len;
    data_ = std::align(huge_page, bytes, p, space); // room for it: one huge page extra
#ifdef MADV_HUGEPAGE
    // Advice only: without transparent huge pages the mapping works the same.
    (void)::madvise(data_, bytes, MADV_HUGEPAGE);
#endif
    return;
  }
  data_ = ::operator new (bytes, std::align_val_t{64});
  std::memset(data_, 0, bytes);
}

table_memory::~table_memory() {
  release();
}

table_memory::table_memory(table_memory&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)), map_(std::exchange(o.map_, nullptr)),
      map_len_(std::exchange(o.map_len_, 0)), size_(std::exchange(o.size_, 0)) {}

table_memory& table_memory::operator=(table_memory&& o) noexcept {
  if (this != &o) {
    release();
    data_ = std::exchange(o.data_, nullptr);
    map_ = std::exchange(o.map_, nullptr);
    map_len_ = std::exchange(o.map_len_, 0);
    size_ = std::exchange(o.size_, 0);
  }
  return *this;
}

void table_memory::release() noexcept {
  if (map_ != nullptr) {
    ::munmap(map_, map_len_);
  } else if (data_ != nullptr) {
    ::operator delete (data_, std::align_val_t{64});
  }
  data_ = map_ = nullptr;
  map_len_ = size_ = 0;
}

} // namespace pktscope::detail
