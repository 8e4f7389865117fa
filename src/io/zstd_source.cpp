// Zstandard input (RFC 8878), any number of frames.
#include "input_source.hpp"

#include <utility>

#include <zstd.h>

namespace pktscope::io_detail {

namespace {

class zstd_stream final : public byte_stream {
public:
  explicit zstd_stream(input_window raw) noexcept
      : raw_(std::move(raw)), ctx_(ZSTD_createDStream()) {}
  ~zstd_stream() override { ZSTD_freeDStream(ctx_); }

  result<std::size_t> read(std::uint8_t* dst, std::size_t cap) noexcept override {
    if (ctx_ == nullptr) {
      return fail(errc::io);
    }
    ZSTD_outBuffer out{dst, cap, 0};
    while (out.pos < out.size) {
      if (raw_.available() == 0 && !raw_.ensure(1)) {
        if (raw_.has_stream_error()) {
          return unexpected{raw_.stream_error()};
        }
        if (pending_ != 0) {
          if (out.pos != 0) {
            break; // hand out what was decoded; the next read reports it
          }
          return fail(errc::truncated); // the compressed data stops mid-frame
        }
        break;
      }
      ZSTD_inBuffer in{raw_.data(), raw_.available(), 0};
      const std::size_t before_out = out.pos;
      const std::size_t rc = ZSTD_decompressStream(ctx_, &out, &in);
      raw_.advance(in.pos);
      if (ZSTD_isError(rc) != 0U) {
        return fail(errc::malformed);
      }
      if (in.pos == 0 && out.pos == before_out) {
        return fail(errc::malformed); // no progress possible
      }
      pending_ = rc;
    }
    return out.pos;
  }
  const char* what() const noexcept override { return "zstd data"; }

private:
  unexpected fail(errc code) const noexcept {
    return unexpected{error{code, layer_id::none, 0, 0, raw_.offset()}};
  }

  input_window raw_;
  ZSTD_DStream* ctx_;
  std::size_t pending_ = 0; // 0: at a frame boundary
};

} // namespace

std::unique_ptr<byte_stream> make_zstd_stream(input_window raw) {
  return std::make_unique<zstd_stream>(std::move(raw));
}

} // namespace pktscope::io_detail
