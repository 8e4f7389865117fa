#pragma once
// The byte sink behind capture_writer: a buffered file descriptor (atomic
// temp-file-then-rename for regular files, streaming otherwise) or a vector.
// Internal to src/io.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>
#include <pktscope/io/capture_writer.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope {

class capture_writer::sink {
public:
  /// "-" = standard output. Regular or missing files get a temporary sibling.
  [[nodiscard]] static result<std::unique_ptr<sink>> open_file(const std::string& path,
                                                               std::size_t buffer_bytes);
  [[nodiscard]] static std::unique_ptr<sink> memory(std::vector<std::uint8_t>& out);

  sink(const sink&) = delete;
  sink& operator=(const sink&) = delete;
  /// Uncommitted: closes and removes the temporary file.
  ~sink();

  /// Appends `b`. After the first failure every call returns that failure.
  [[nodiscard]] result<void> put(bytes b) noexcept {
    if (!failure_) {
      return failure_;
    }
    total_ += b.size();
    if (target_ != nullptr) {
      target_->insert(target_->end(), b.begin(), b.end());
      return {};
    }
    if (b.size() <= buffer_.size() - used_) {
      std::copy(b.begin(), b.end(), buffer_.begin() + static_cast<std::ptrdiff_t>(used_));
      used_ += b.size();
      return {};
    }
    return put_slow(b);
  }
  [[nodiscard]] result<void> put_le16(std::uint16_t v) noexcept {
    std::array<std::uint8_t, 2> b{};
    store_le16(b, 0, v);
    return put(b);
  }
  [[nodiscard]] result<void> put_le32(std::uint32_t v) noexcept {
    std::array<std::uint8_t, 4> b{};
    store_le32(b, 0, v);
    return put(b);
  }
  /// Appends the characters of `text` as bytes.
  [[nodiscard]] result<void> put_text(std::string_view text) noexcept {
    std::array<std::uint8_t, 256> chunk{};
    while (!text.empty()) {
      const std::size_t n = std::min(text.size(), chunk.size());
      std::transform(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(n), chunk.begin(),
                     [](char c) { return static_cast<std::uint8_t>(c); });
      if (auto ok = put(bytes{chunk}.first(n)); !ok) {
        return ok;
      }
      text.remove_prefix(n);
    }
    return {};
  }
  /// Zero bytes up to the next multiple of 4 after `len` (pcapng padding).
  [[nodiscard]] result<void> pad32(std::size_t len) noexcept {
    static constexpr std::array<std::uint8_t, 3> zeros{};
    return put(bytes{zeros}.first((4 - len % 4) % 4));
  }

  /// Flushes; for a temporary file also closes it and renames it onto the final
  /// name. The sink accepts nothing afterwards.
  [[nodiscard]] result<void> commit() noexcept;

  [[nodiscard]] std::uint64_t total() const noexcept { return total_; }
  [[nodiscard]] int os_error() const noexcept { return errno_; }

private:
  sink() = default;
  [[nodiscard]] result<void> put_slow(bytes b) noexcept;
  [[nodiscard]] result<void> write_all(bytes b) noexcept;
  [[nodiscard]] result<void> flush() noexcept;
  result<void> fail(int err) noexcept;
  void discard() noexcept;

  std::vector<std::uint8_t>* target_ = nullptr; // memory mode
  std::vector<std::uint8_t> buffer_;            // fd mode
  std::size_t used_ = 0;
  int fd_ = -1;
  bool owns_fd_ = false;   // close fd_ when done (not for standard output)
  std::string temp_path_;  // non-empty while a temporary file exists
  std::string final_path_; // rename target of temp_path_
  std::uint64_t total_ = 0;
  result<void> failure_; // sticky first error
  int errno_ = 0;
  bool committed_ = false;
};

/// Format writers (pcap_writer.cpp, pcapng_writer.cpp).
std::unique_ptr<capture_writer> make_pcap_writer(std::unique_ptr<capture_writer::sink> out,
                                                 const writer_options& options);
std::unique_ptr<capture_writer> make_pcapng_writer(std::unique_ptr<capture_writer::sink> out,
                                                   const writer_options& options);

/// The writer's error for "this cannot be represented": errc::unsupported.
inline unexpected unsupported_error(std::uint64_t offset) noexcept {
  return unexpected{error{errc::unsupported, layer_id::none, 0, 0, offset}};
}

} // namespace pktscope
