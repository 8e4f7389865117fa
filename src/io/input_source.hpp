#pragma once
// Internal: the input layer under the capture parsers. An input_window is a
// contiguous view of the stream at the read position; ensure(n) is an inline
// bounds check over the window (the whole mapping or caller memory) and only
// refills (streamed input) when the window holds fewer than n bytes.

#include <pktscope/core/bytes.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace pktscope {
struct live_options;
}

namespace pktscope::io_detail {

/// A source of bytes that must be copied out: a file descriptor or a decompressor.
class byte_stream {
public:
  byte_stream() = default;
  byte_stream(const byte_stream&) = delete;
  byte_stream& operator=(const byte_stream&) = delete;
  virtual ~byte_stream();
  /// Reads up to `cap` (> 0) bytes into `dst`; 0 means the end of the stream.
  [[nodiscard]] virtual result<std::size_t> read(std::uint8_t* dst, std::size_t cap) noexcept = 0;
  /// What failed, for diagnostics ("gzip data", "read from file").
  [[nodiscard]] virtual const char* what() const noexcept = 0;
};

class read_ahead;
struct read_ahead_slot;
/// Deletes a read_ahead where its type is complete (input_source.cpp).
struct read_ahead_deleter {
  void operator()(read_ahead* r) const noexcept;
};

class input_window {
public:
  input_window() = default;
  /// Over memory the caller keeps alive; never refills.
  explicit input_window(bytes whole) noexcept;
  /// Over a stream, refilled through a buffer of `block` bytes.
  input_window(std::unique_ptr<byte_stream> stream, std::size_t block);
  /// Over a read-only mapping that the window unmaps when destroyed.
  static input_window over_mapping(void* addr, std::size_t len) noexcept;

  input_window(input_window&& o) noexcept;
  input_window& operator=(input_window&& o) noexcept;
  input_window(const input_window&) = delete;
  input_window& operator=(const input_window&) = delete;
  ~input_window();

  /// Bytes at the read position; `available()` of them are valid.
  [[nodiscard]] const std::uint8_t* data() const noexcept { return cur_; }
  [[nodiscard]] std::size_t available() const noexcept {
    return static_cast<std::size_t>(end_ - cur_);
  }
  /// Stream offset of data().
  [[nodiscard]] std::uint64_t offset() const noexcept {
    return base_ + static_cast<std::uint64_t>(cur_ - begin_);
  }
  /// Makes `n` contiguous bytes available at data(); false at the end of the
  /// stream or on a stream error (then available() < n and stream_error() tells).
  /// A refill moves the window: pointers from data() taken before are void.
  [[nodiscard]] bool ensure(std::size_t n) { return available() >= n || refill(n); }
  /// Preconditions: n <= available().
  void advance(std::size_t n) noexcept { cur_ += n; }

  [[nodiscard]] bool has_stream_error() const noexcept { return has_error_; }
  [[nodiscard]] const error& stream_error() const noexcept { return error_; }
  [[nodiscard]] const char* stream_what() const noexcept { return error_what_; }
  /// True when the data comes from a refilled buffer (views die at the next read).
  [[nodiscard]] bool streamed() const noexcept { return stream_ != nullptr || ahead_ != nullptr; }

  /// From now on a background thread reads the stream (reader_options::read_ahead) into
  /// `slots` blocks of `block` bytes, each behind `headroom` bytes where refill()
  /// carries the unread tail of the previous block: records are handed out in place, and the
  /// kernel's copy (or decompression) overlaps the parsing. No-op over memory or a mapping.
  void start_read_ahead(std::size_t block, std::size_t headroom, unsigned slots);

private:
  bool refill(std::size_t n);
  bool refill_ahead(std::size_t n);
  void release() noexcept;

  const std::uint8_t* begin_ = nullptr;
  const std::uint8_t* cur_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  std::uint64_t base_ = 0; // stream offset of begin_
  std::unique_ptr<byte_stream> stream_;
  std::unique_ptr<std::uint8_t[]> buffer_;
  std::size_t capacity_ = 0;
  bool eof_ = false;
  bool has_error_ = false;
  error error_{};
  const char* error_what_ = "";
  void* map_addr_ = nullptr;
  std::size_t map_len_ = 0;
  std::unique_ptr<read_ahead, read_ahead_deleter> ahead_;
  read_ahead_slot* held_ = nullptr; ///< the read-ahead block the window is in, if any
};

/// Reads a file descriptor (closed at destruction unless it is standard input).
std::unique_ptr<byte_stream> make_fd_stream(int fd);
/// Decompressors reading their compressed input from `raw`.
std::unique_ptr<byte_stream> make_gzip_stream(input_window raw);
std::unique_ptr<byte_stream> make_zstd_stream(input_window raw);
/// A live capture (live_stream.cpp) as a pcapng stream; `message` gets libpcap's reason when
/// the capture cannot be started (errc::io) or the filter is rejected (errc::bad_format).
result<std::unique_ptr<byte_stream>> open_live_stream(const live_options& options,
                                                      std::string* message);

} // namespace pktscope::io_detail
