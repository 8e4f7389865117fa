// gzip input (RFC 1952), including concatenated members as gzip(1) writes them.
#include "input_source.hpp"

#include <limits>
#include <utility>

#include <zlib.h>

namespace pktscope::io_detail {

namespace {

class gzip_stream final : public byte_stream {
public:
  explicit gzip_stream(input_window raw) noexcept : raw_(std::move(raw)) {
    ok_ = inflateInit2(&z_, 15 + 16) == Z_OK; // 15-bit window, gzip wrapper
  }
  ~gzip_stream() override {
    if (ok_) {
      inflateEnd(&z_);
    }
  }

  result<std::size_t> read(std::uint8_t* dst, std::size_t cap) noexcept override {
    if (!ok_) {
      return fail(errc::io);
    }
    constexpr std::size_t max_chunk = std::numeric_limits<uInt>::max();
    z_.next_out = dst;
    z_.avail_out = static_cast<uInt>(cap < max_chunk ? cap : max_chunk);
    while (z_.avail_out != 0) {
      if (raw_.available() == 0 && !raw_.ensure(1)) {
        if (raw_.has_stream_error()) {
          return unexpected{raw_.stream_error()};
        }
        if (!member_done_ && z_.next_out == dst) {
          return fail(errc::truncated); // the compressed data stops mid-member
        }
        break; // (a cut member is reported by the next read, after these bytes)
      }
      if (member_done_) {
        // Another member follows (concatenated gzip files are one stream).
        inflateReset(&z_);
        member_done_ = false;
      }
      const std::size_t in = raw_.available();
      z_.next_in = const_cast<Bytef*>(raw_.data()); // zlib's API is not const-correct
      z_.avail_in = static_cast<uInt>(in < max_chunk ? in : max_chunk);
      const uInt before_in = z_.avail_in;
      const uInt before_out = z_.avail_out;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      raw_.advance(before_in - z_.avail_in);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
      } else if ((rc != Z_OK && rc != Z_BUF_ERROR) ||
                 (z_.avail_in == before_in && z_.avail_out == before_out)) {
        return fail(errc::malformed); // corrupt, or no progress possible
      }
    }
    return static_cast<std::size_t>(z_.next_out - dst);
  }
  const char* what() const noexcept override { return "gzip data"; }

private:
  unexpected fail(errc code) const noexcept {
    return unexpected{error{code, layer_id::none, 0, 0, raw_.offset()}};
  }

  input_window raw_;
  z_stream z_{};
  bool ok_ = false;
  bool member_done_ = false;
};

} // namespace

std::unique_ptr<byte_stream> make_gzip_stream(input_window raw) {
  return std::make_unique<gzip_stream>(std::move(raw));
}

} // namespace pktscope::io_detail
