#include <pktscope/io/capture_writer.hpp>

#include "output_sink.hpp"

#include <utility>

namespace pktscope {

namespace {
std::unique_ptr<capture_writer> make_writer(std::unique_ptr<capture_writer::sink> out,
                                            const writer_options& options) {
  return options.format == capture_format::pcap ? make_pcap_writer(std::move(out), options)
                                                : make_pcapng_writer(std::move(out), options);
}
} // namespace

result<std::unique_ptr<capture_writer>> capture_writer::create(const std::string& path,
                                                               const writer_options& options) {
  auto out = sink::open_file(path, options.buffer_bytes);
  if (!out) {
    return unexpected{out.error()};
  }
  return make_writer(std::move(*out), options);
}

std::unique_ptr<capture_writer> capture_writer::write_to_memory(std::vector<std::uint8_t>& out,
                                                                const writer_options& options) {
  return make_writer(sink::memory(out), options);
}

capture_writer::capture_writer(std::unique_ptr<sink> out, writer_options options) noexcept
    : options_(std::move(options)), out_(std::move(out)) {}

capture_writer::~capture_writer() = default;

result<void> capture_writer::write(const packet& pkt, std::string_view comment) noexcept {
  if (closed_) {
    return unexpected{error{errc::io, layer_id::none, 0, 0, out_->total()}};
  }
  if (!header_written_) {
    if (auto ok = write_header(&pkt); !ok) {
      return ok;
    }
    header_written_ = true;
  }
  auto ok = write_packet(pkt, comment);
  if (ok) {
    ++packets_;
  }
  return ok;
}

void capture_writer::describe_interface(std::uint32_t interface,
                                        interface_description description) {
  for (auto& [id, d] : descriptions_) {
    if (id == interface) {
      d = std::move(description);
      return;
    }
  }
  descriptions_.emplace_back(interface, std::move(description));
}

result<void> capture_writer::write_statistics(const interface_statistics& s) noexcept {
  if (closed_) {
    return unexpected{error{errc::io, layer_id::none, 0, 0, out_->total()}};
  }
  return write_stats(s);
}

result<void> capture_writer::write_stats(const interface_statistics&) noexcept {
  return unsupported_error(bytes_written());
}

result<void> capture_writer::close() noexcept {
  if (closed_) {
    return *closed_;
  }
  result<void> ok;
  if (!header_written_) {
    ok = write_header(nullptr);
    header_written_ = ok.has_value();
  }
  if (ok) {
    ok = out_->commit();
  }
  closed_ = ok;
  return ok;
}

std::uint64_t capture_writer::bytes_written() const noexcept {
  return out_->total();
}

int capture_writer::os_error() const noexcept {
  return out_->os_error();
}

} // namespace pktscope
