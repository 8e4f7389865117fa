#include "input_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <sys/mman.h>
#include <unistd.h>

namespace pktscope::io_detail {

byte_stream::~byte_stream() = default;

input_window::input_window(bytes whole) noexcept
    : begin_(whole.data()), cur_(whole.data()), end_(whole.data() + whole.size()) {}

input_window::input_window(std::unique_ptr<byte_stream> stream, std::size_t block)
    : stream_(std::move(stream)), buffer_(std::make_unique_for_overwrite<std::uint8_t[]>(block)),
      capacity_(block) {
  begin_ = cur_ = end_ = buffer_.get();
}

input_window input_window::over_mapping(void* addr, std::size_t len) noexcept {
  input_window w(bytes(static_cast<const std::uint8_t*>(addr), len));
  w.map_addr_ = addr;
  w.map_len_ = len;
  return w;
}

input_window::input_window(input_window&& o) noexcept {
  *this = std::move(o);
}

input_window& input_window::operator=(input_window&& o) noexcept {
  if (this != &o) {
    release();
    begin_ = std::exchange(o.begin_, nullptr);
    cur_ = std::exchange(o.cur_, nullptr);
    end_ = std::exchange(o.end_, nullptr);
    base_ = o.base_;
    stream_ = std::move(o.stream_);
    buffer_ = std::move(o.buffer_);
    capacity_ = std::exchange(o.capacity_, 0);
    eof_ = o.eof_;
    has_error_ = o.has_error_;
    error_ = o.error_;
    error_what_ = o.error_what_;
    map_addr_ = std::exchange(o.map_addr_, nullptr);
    map_len_ = std::exchange(o.map_len_, 0);
  }
  return *this;
}

input_window::~input_window() {
  release();
}

void input_window::release() noexcept {
  if (map_addr_ != nullptr) {
    ::munmap(map_addr_, map_len_);
    map_addr_ = nullptr;
  }
}

bool input_window::refill(std::size_t n) {
  if (stream_ == nullptr || eof_) {
    return false;
  }
  const std::size_t keep = available();
  base_ = offset();
  if (n > capacity_) {
    // Only a record larger than the block gets here; the parsers bound n by
    // reader_options::max_record_bytes before asking.
    auto bigger = std::make_unique_for_overwrite<std::uint8_t[]>(n);
    std::memcpy(bigger.get(), cur_, keep);
    buffer_ = std::move(bigger);
    capacity_ = n;
  } else if (keep != 0 && cur_ != buffer_.get()) {
    std::memmove(buffer_.get(), cur_, keep);
  }
  std::uint8_t* buf = buffer_.get();
  begin_ = cur_ = buf;
  std::size_t have = keep;
  while (have < n) {
    auto got = stream_->read(buf + have, capacity_ - have);
    if (!got) {
      has_error_ = true;
      error_ = got.error();
      error_what_ = stream_->what();
      eof_ = true;
      break;
    }
    if (*got == 0) {
      eof_ = true;
      break;
    }
    have += *got;
  }
  end_ = buf + have;
  return have >= n;
}

namespace {

class fd_stream final : public byte_stream {
public:
  explicit fd_stream(int fd) noexcept : fd_(fd) {}
  ~fd_stream() override {
    if (fd_ > 0) {
      ::close(fd_);
    }
  }
  result<std::size_t> read(std::uint8_t* dst, std::size_t cap) noexcept override {
    for (;;) {
      const ssize_t n = ::read(fd_, dst, cap);
      if (n >= 0) {
        offset_ += static_cast<std::uint64_t>(n);
        return static_cast<std::size_t>(n);
      }
      if (errno != EINTR) {
        return unexpected{error{errc::io, layer_id::none, 0, 0, offset_}};
      }
    }
  }
  const char* what() const noexcept override { return "read from file"; }

private:
  int fd_;
  std::uint64_t offset_ = 0;
};

} // namespace

std::unique_ptr<byte_stream> make_fd_stream(int fd) {
  return std::make_unique<fd_stream>(fd);
}

} // namespace pktscope::io_detail
