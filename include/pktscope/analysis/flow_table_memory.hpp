#pragma once
/// Backing store of the flow table's big arrays (internal; not API): zero-filled memory
/// reserved up front and committed by the kernel as it is first touched, on transparent huge
/// pages where the system offers them. The table probes its slots and records at random, so
/// 2 MiB pages save most of the TLB misses 4 KiB pages cost; untouched capacity stays
/// address space only.

#include <cstddef>

namespace pktscope::detail {

class table_memory {
public:
  table_memory() noexcept = default;
  /// Reserves `bytes` zeroed bytes (aligned to 64 at least). Allocation failure behaves like
  /// operator new's.
  explicit table_memory(std::size_t bytes);
  ~table_memory();
  table_memory(const table_memory&) = delete;
  table_memory& operator=(const table_memory&) = delete;
  table_memory(table_memory&& o) noexcept;
  table_memory& operator=(table_memory&& o) noexcept;

  [[nodiscard]] void* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

private:
  void release() noexcept;
  void* data_ = nullptr; // inside the mapping (aligned)
  void* map_ = nullptr;  // the mapping itself, or nullptr when data_ came from operator new
  std::size_t map_len_ = 0;
  std::size_t size_ = 0;
};

} // namespace pktscope::detail
