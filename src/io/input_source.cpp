#include "input_source.hpp"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

namespace pktscope::io_detail {

byte_stream::~byte_stream() = default;

/// One block of a read_ahead ring: `headroom` bytes for the carried tail of the previous
/// block, then what one read() of the stream returned.
struct read_ahead_slot {
  std::unique_ptr<std::uint8_t[]> mem;
  std::uint8_t* data = nullptr; ///< mem + headroom
  std::size_t len = 0;
  bool end = false; ///< the stream ended (or failed) after these bytes
  bool failed = false;
  error err{};
  const char* what = "";
};

/// A producer thread filling a ring of slots from a stream, in order; the consumer takes them
/// in the same order and gives each back when done. All stream calls happen on the thread.
class read_ahead {
public:
  read_ahead(std::unique_ptr<byte_stream> stream, std::size_t block, std::size_t headroom,
             unsigned slots)
      : stream_(std::move(stream)), block_(block), slots_(slots) {
    for (read_ahead_slot& s : slots_) {
      s.mem = std::make_unique_for_overwrite<std::uint8_t[]>(headroom + block);
      s.data = s.mem.get() + headroom;
    }
    thread_ = std::thread([this] { produce(); });
  }
  read_ahead(const read_ahead&) = delete;
  read_ahead& operator=(const read_ahead&) = delete;
  ~read_ahead() {
    {
      const std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  /// The next filled slot, in stream order (waits for it). The consumer may hold two.
  read_ahead_slot* take() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [this] { return ready_ > 0; });
    --ready_;
    ++held_;
    return &slots_[(head_ + held_ - 1) % slots_.size()];
  }
  /// Gives back the oldest slot taken. The producer is woken only once half the ring is
  /// free, so that it reads several blocks per wake-up instead of one per block parsed.
  void give_back() {
    bool wake = false;
    {
      const std::lock_guard<std::mutex> lock(m_);
      head_ = (head_ + 1) % slots_.size();
      --held_;
      wake = 2 * (slots_.size() - held_ - ready_) >= slots_.size();
    }
    if (wake) {
      cv_.notify_all();
    }
  }

private:
  void produce() {
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      cv_.wait(lock, [this] { return stop_ || held_ + ready_ < slots_.size(); });
      if (stop_) {
        return;
      }
      read_ahead_slot& s = slots_[(head_ + held_ + ready_) % slots_.size()];
      lock.unlock();
      // One read per slot: a pipe hands over what has arrived; a file fills the block.
      const auto got = stream_->read(s.data, block_);
      s.failed = !got;
      s.len = got ? *got : 0;
      s.end = !got || *got == 0;
      if (!got) {
        s.err = got.error();
        s.what = stream_->what();
      }
      lock.lock();
      ++ready_;
      cv_.notify_all();
      if (s.end) {
        return;
      }
    }
  }

  std::unique_ptr<byte_stream> stream_;
  std::size_t block_;
  std::vector<read_ahead_slot> slots_;
  std::mutex m_;
  std::condition_variable cv_;
  std::size_t head_ = 0;  ///< oldest slot the consumer holds or will take next
  std::size_t held_ = 0;  ///< slots the consumer holds, from head_ on
  std::size_t ready_ = 0; ///< filled slots after those
  bool stop_ = false;
  std::thread thread_;
};

void read_ahead_deleter::operator()(read_ahead* r) const noexcept {
  delete r; // NOLINT(cppcoreguidelines-owning-memory): the unique_ptr's deleter
}

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
    ahead_ = std::move(o.ahead_);
    held_ = std::exchange(o.held_, nullptr);
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
  held_ = nullptr;
  ahead_.reset(); // stops and joins the thread
}

void input_window::start_read_ahead(std::size_t block, std::size_t headroom, unsigned slots) {
  if (stream_ == nullptr || eof_ || ahead_ != nullptr) {
    return;
  }
  // Three slots at least: the one being parsed, the next (refill() holds both while it
  // carries a tail over) and one being filled.
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): owned by ahead_ at once
  ahead_.reset(new read_ahead(std::move(stream_), block, headroom, std::max(slots, 3U)));
}

// Refill with read-ahead: the unread tail (at most one partial record) moves into the next
// block's headroom and the window continues there, so the common refill copies a few hundred
// bytes. A record larger than the headroom plus one block (or one short pipe read) is gathered
// into the window's own buffer instead.
bool input_window::refill_ahead(std::size_t n) {
  const std::size_t keep = available();
  base_ = offset();
  read_ahead_slot* s = ahead_->take();
  const auto note_end = [this](const read_ahead_slot& x) {
    if (x.failed) {
      has_error_ = true;
      error_ = x.err;
      error_what_ = x.what;
    }
    eof_ = eof_ || x.end;
  };
  note_end(*s);
  if (keep <= static_cast<std::size_t>(s->data - s->mem.get()) && keep + s->len >= n) {
    std::memcpy(s->data - keep, cur_, keep);
    if (held_ != nullptr) {
      ahead_->give_back();
    }
    held_ = s;
    begin_ = cur_ = s->data - keep;
    end_ = s->data + s->len;
    return true;
  }
  // Gather: the tail and then whole slots into buffer_, until n bytes or the end.
  std::size_t have = keep;
  const auto reserve = [&](std::size_t need) {
    if (need > capacity_) {
      auto bigger = std::make_unique_for_overwrite<std::uint8_t[]>(need);
      std::memcpy(bigger.get(), buffer_.get(), have);
      buffer_ = std::move(bigger);
      capacity_ = need;
    }
  };
  if (held_ == nullptr) { // the tail is in buffer_ already
    if (keep != 0 && cur_ != buffer_.get()) {
      std::memmove(buffer_.get(), cur_, keep);
    }
    reserve(keep + s->len);
  } else { // the tail is in the slot held until now
    auto tail = std::make_unique_for_overwrite<std::uint8_t[]>(std::max(capacity_, keep + s->len));
    std::memcpy(tail.get(), cur_, keep);
    capacity_ = std::max(capacity_, keep + s->len);
    buffer_ = std::move(tail);
    ahead_->give_back();
    held_ = nullptr;
  }
  for (;;) {
    reserve(have + s->len);
    std::memcpy(buffer_.get() + have, s->data, s->len);
    have += s->len;
    ahead_->give_back();
    if (have >= n || eof_) {
      break;
    }
    s = ahead_->take();
    note_end(*s);
  }
  begin_ = cur_ = buffer_.get();
  end_ = buffer_.get() + have;
  return have >= n;
}

bool input_window::refill(std::size_t n) {
  if (ahead_ != nullptr) {
    return !eof_ && refill_ahead(n);
  }
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
