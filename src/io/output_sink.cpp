#include "output_sink.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pktscope {

namespace {

unexpected io_error() noexcept {
  return unexpected{error{errc::io, layer_id::none, 0, 0, 0}};
}

// Six characters for a temporary name; O_EXCL makes collisions harmless, the mix
// of pid, clock and counter only makes them rare.
std::string random_tag() {
  static std::uint64_t counter = 0;
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  std::uint64_t x = static_cast<std::uint64_t>(now.tv_nsec) ^
                    (static_cast<std::uint64_t>(getpid()) << 32) ^
                    (++counter * 0x9e3779b97f4a7c15U);
  static constexpr char alphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string tag(6, 'x');
  for (char& c : tag) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdU;
    x ^= x >> 29;
    c = alphabet[x % (sizeof alphabet - 1)];
  }
  return tag;
}

} // namespace

result<std::unique_ptr<capture_writer::sink>>
capture_writer::sink::open_file(const std::string& path, std::size_t buffer_bytes) {
  std::unique_ptr<sink> s{new sink};
  s->buffer_.resize(std::max<std::size_t>(buffer_bytes, 4096));
  if (path == "-") {
    s->fd_ = STDOUT_FILENO;
    return s;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      errno = EISDIR;
      return io_error();
    }
    // A FIFO or device: renaming onto it would replace it, so write in place.
    s->fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (s->fd_ < 0) {
      return io_error();
    }
    s->owns_fd_ = true;
    return s;
  }
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string{} : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = dir + "." + base + "." + random_tag() + ".part";
    // 0666 lets the umask decide permissions, as for any newly created file.
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      s->fd_ = fd;
      s->owns_fd_ = true;
      s->temp_path_ = std::move(temp);
      s->final_path_ = path;
      return s;
    }
    if (errno != EEXIST) {
      return io_error();
    }
  }
  return io_error();
}

std::unique_ptr<capture_writer::sink> capture_writer::sink::memory(std::vector<std::uint8_t>& out) {
  std::unique_ptr<sink> s{new sink};
  s->target_ = &out;
  return s;
}

capture_writer::sink::~sink() {
  if (!committed_) {
    discard();
  }
}

result<void> capture_writer::sink::fail(int err) noexcept {
  errno_ = err;
  failure_ = io_error();
  discard();
  errno = err;
  return failure_;
}

void capture_writer::sink::discard() noexcept {
  if (owns_fd_ && fd_ >= 0) {
    ::close(fd_);
  }
  fd_ = -1;
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
}

result<void> capture_writer::sink::write_all(bytes b) noexcept {
  while (!b.empty()) {
    const ssize_t n = ::write(fd_, b.data(), b.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(errno);
    }
    b = b.subspan(static_cast<std::size_t>(n));
  }
  return {};
}

result<void> capture_writer::sink::flush() noexcept {
  if (used_ == 0) {
    return {};
  }
  const std::size_t n = used_;
  used_ = 0;
  return write_all(bytes{buffer_}.first(n));
}

result<void> capture_writer::sink::put_slow(bytes b) noexcept {
  if (auto ok = flush(); !ok) {
    return ok;
  }
  if (b.size() >= buffer_.size()) {
    return write_all(b);
  }
  std::copy(b.begin(), b.end(), buffer_.begin());
  used_ = b.size();
  return {};
}

result<void> capture_writer::sink::commit() noexcept {
  if (!failure_ || committed_) {
    return failure_;
  }
  if (target_ == nullptr) {
    if (auto ok = flush(); !ok) {
      return ok;
    }
    if (owns_fd_) {
      const int fd = fd_;
      fd_ = -1;
      if (::close(fd) != 0 && errno != EINTR) {
        return fail(errno);
      }
    }
    if (!temp_path_.empty()) {
      if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
        return fail(errno);
      }
      temp_path_.clear();
    }
  }
  committed_ = true;
  return {};
}

} // namespace pktscope
