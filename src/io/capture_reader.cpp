#include <pktscope/io/capture_reader.hpp>

#include "input_source.hpp"
#include "reader_state.hpp"

#include <algorithm>
#include <cerrno>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pktscope {

std::string_view capture_format_name(capture_format f) noexcept {
  switch (f) {
  case capture_format::pcap: return "pcap";
  case capture_format::pcapng: return "pcapng";
  }
  return "unknown";
}

std::string_view compression_name(compression c) noexcept {
  switch (c) {
  case compression::none: return "none";
  case compression::gzip: return "gzip";
  case compression::zstd: return "zstd";
  }
  return "unknown";
}

class capture_reader::impl {
public:
  io_detail::reader_state st;
  bool regular_file = false; ///< reader_options::read_ahead applies
};

namespace {

constexpr std::size_t magic_len = 4;
/// reader_options::read_ahead: blocks in flight, their size, and the room before each for the
/// partial record carried over from the previous block (larger records are gathered by a
/// copy). Small blocks keep the data the other core just wrote close to the parser (on the
/// 2 GB benchmark file, 1 MiB blocks doubled the parser's CPU time, 64 KiB ones added 15%).
constexpr unsigned read_ahead_blocks = 8;
constexpr std::size_t read_ahead_block = 64U * 1024;
constexpr std::size_t read_ahead_headroom = 64U * 1024;

bool is_gzip(const std::uint8_t* p) noexcept {
  return p[0] == 0x1f && p[1] == 0x8b;
}
bool is_zstd(const std::uint8_t* p) noexcept {
  return load_le<std::uint32_t>(p) == 0xFD2FB528U; // RFC 8878 §3.1.1
}
bool is_pcap(const std::uint8_t* p) noexcept {
  for (const std::uint32_t m : {0xa1b2c3d4U, 0xa1b23c4dU, 0xa1b2cd34U}) {
    if (load_le<std::uint32_t>(p) == m || load_be<std::uint32_t>(p) == m) {
      return true;
    }
  }
  return false;
}
bool is_pcapng(const std::uint8_t* p) noexcept {
  return load_le<std::uint32_t>(p) == 0x0A0D0D0AU;
}

unexpected short_input(const io_detail::input_window& in) {
  if (in.has_stream_error()) {
    return unexpected{in.stream_error()};
  }
  return truncated(layer_id::none, in.offset(), magic_len, in.available());
}

unexpected os_error(std::uint64_t offset) {
  // For errc::io from open(), `have` carries errno so callers can name the cause.
  return unexpected{error{errc::io, layer_id::none, 0, static_cast<std::uint32_t>(errno), offset}};
}

} // namespace

capture_reader::capture_reader(std::unique_ptr<impl> p) noexcept : impl_(std::move(p)) {}
capture_reader::capture_reader(capture_reader&&) noexcept = default;
capture_reader& capture_reader::operator=(capture_reader&&) noexcept = default;
capture_reader::~capture_reader() = default;

result<capture_reader> capture_reader::start(std::unique_ptr<impl> p) {
  auto& st = p->st;
  if (!st.in.ensure(magic_len)) {
    return short_input(st.in);
  }
  if (is_gzip(st.in.data()) || is_zstd(st.in.data())) {
    const bool gz = is_gzip(st.in.data());
    st.info.compressed = gz ? compression::gzip : compression::zstd;
    auto stream = gz ? io_detail::make_gzip_stream(std::move(st.in))
                     : io_detail::make_zstd_stream(std::move(st.in));
    st.in = io_detail::input_window(std::move(stream), st.options.block_bytes);
    if (!st.in.ensure(magic_len)) {
      return short_input(st.in);
    }
  }
  if (st.options.read_ahead && p->regular_file) {
    st.in.start_read_ahead(std::min<std::size_t>(read_ahead_block, st.options.block_bytes),
                           read_ahead_headroom, read_ahead_blocks);
  }
  result<void> opened;
  if (is_pcap(st.in.data())) {
    opened = io_detail::pcap_open(st);
  } else if (is_pcapng(st.in.data())) {
    opened = io_detail::pcapng_open(st);
  } else {
    return unexpected{error{errc::bad_format, layer_id::none, magic_len,
                            static_cast<std::uint32_t>(st.in.available()), st.in.offset()}};
  }
  if (!opened) {
    return unexpected{opened.error()};
  }
  return capture_reader{std::move(p)};
}

result<capture_reader> capture_reader::open(const std::string& path,
                                            const reader_options& options) {
  auto p = std::make_unique<impl>();
  p->st.options = options;
  const std::size_t block = options.block_bytes < 4096 ? 4096 : options.block_bytes;
  p->st.options.block_bytes = static_cast<std::uint32_t>(block);
  if (path == "-") {
    p->st.in = io_detail::input_window(io_detail::make_fd_stream(STDIN_FILENO), block);
    return start(std::move(p));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); // NOLINT: C API
  if (fd < 0) {
    return os_error(0);
  }
  struct stat sb {};
  if (::fstat(fd, &sb) != 0) {
    const auto e = os_error(0);
    ::close(fd);
    return e;
  }
  if (options.use_mmap && S_ISREG(sb.st_mode) && sb.st_size > 0) {
    const auto len = static_cast<std::size_t>(sb.st_size);
    void* addr = ::mmap(nullptr, len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (addr != MAP_FAILED) { // NOLINT: C macro
      ::close(fd);
      ::madvise(addr, len, MADV_SEQUENTIAL);
      p->st.in = io_detail::input_window::over_mapping(addr, len);
      return start(std::move(p));
    }
  }
  // Pipes, devices, and files we were asked not to map: big block reads.
  p->regular_file = S_ISREG(sb.st_mode);
  p->st.in = io_detail::input_window(io_detail::make_fd_stream(fd), block);
  return start(std::move(p));
}

result<capture_reader> capture_reader::open_live(const live_options& options,
                                                 std::string* message) {
  auto stream = io_detail::open_live_stream(options, message);
  if (!stream) {
    return unexpected{stream.error()};
  }
  auto p = std::make_unique<impl>();
  // Small blocks: a refill returns with the packets there are, not a block-full later.
  p->st.options.block_bytes = 4096;
  p->st.in = io_detail::input_window(std::move(*stream), p->st.options.block_bytes);
  return start(std::move(p));
}

result<capture_reader> capture_reader::from_memory(bytes data, const reader_options& options) {
  auto p = std::make_unique<impl>();
  p->st.options = options;
  p->st.options.block_bytes = options.block_bytes < 4096 ? 4096 : options.block_bytes;
  p->st.in = io_detail::input_window(data);
  return start(std::move(p));
}

const capture_info& capture_reader::info() const noexcept {
  return impl_->st.info;
}

const packet* capture_reader::next() noexcept {
  auto& st = impl_->st;
  if (st.done) {
    return nullptr;
  }
  return st.info.format == capture_format::pcap ? io_detail::pcap_next(st)
                                                : io_detail::pcapng_next(st);
}

const std::optional<diagnostic>& capture_reader::failure() const noexcept {
  return impl_->st.failure;
}
const std::vector<diagnostic>& capture_reader::warnings() const noexcept {
  return impl_->st.warnings;
}
std::uint64_t capture_reader::skipped_blocks() const noexcept {
  return impl_->st.skipped_blocks;
}
std::uint64_t capture_reader::skipped_bytes() const noexcept {
  return impl_->st.skipped_bytes;
}
std::uint64_t capture_reader::offset() const noexcept {
  return impl_->st.in.offset();
}
std::uint64_t capture_reader::packets_read() const noexcept {
  return impl_->st.packets;
}

} // namespace pktscope
