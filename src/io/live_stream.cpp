// Live capture as a byte stream: libpcap delivers the packets, the pcapng writer frames them,
// and capture_reader parses the result as it parses any streamed capture. One framing and one
// parser for files and interfaces alike; the cost is a copy per packet, small beside what an
// interface delivers.

#include "input_source.hpp"

#include <pktscope/io/capture_writer.hpp>
#include <pktscope/io/live_capture.hpp>

#include <pcap/pcap.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace pktscope::io_detail {

namespace {

/// How soon a stop request or the end of the duration is noticed on a quiet interface.
constexpr int poll_ms = 100;

/// The LINKTYPE_ value (what capture files store) of a DLT_ value (what an interface
/// reports); they differ for raw IP only, among the types Linux and the BSDs give.
link_type linktype_of(int dlt) noexcept {
  return dlt == DLT_RAW ? link_type::raw : static_cast<link_type>(dlt);
}

struct pcap_closer {
  void operator()(pcap_t* p) const noexcept { pcap_close(p); }
};
using pcap_handle = std::unique_ptr<pcap_t, pcap_closer>;

class live_stream final : public byte_stream {
public:
  live_stream(pcap_handle handle, const live_options& options)
      : handle_(std::move(handle)), options_(options),
        link_(linktype_of(pcap_datalink(handle_.get()))),
        nanosecond_(pcap_get_tstamp_precision(handle_.get()) == PCAP_TSTAMP_PRECISION_NANO),
        started_(std::chrono::steady_clock::now()) {
    writer_options w;
    w.format = capture_format::pcapng;
    w.nanosecond = nanosecond_;
    w.snaplen = options.snaplen;
    w.application = "pktscope (live capture)";
    // One packet at a time: its block, and the headers before the first one.
    framed_.reserve(std::size_t{options.snaplen} + 1024);
    writer_ = capture_writer::write_to_memory(framed_, w);
    writer_->describe_interface(0, interface_description{options.interface, "", 0});
  }

  result<std::size_t> read(std::uint8_t* dst, std::size_t cap) noexcept override {
    while (sent_ == framed_.size()) {
      framed_.clear();
      sent_ = 0;
      if (ended_) {
        return std::size_t{0};
      }
      if (auto ok = capture_next(); !ok) {
        return unexpected{ok.error()};
      }
    }
    const std::size_t n = std::min(cap, framed_.size() - sent_);
    std::memcpy(dst, framed_.data() + sent_, n);
    sent_ += n;
    return n;
  }

  const char* what() const noexcept override { return what_.c_str(); }

private:
  [[nodiscard]] bool should_end() const noexcept {
    if ((options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) ||
        (options_.count != 0 && captured_ >= options_.count)) {
      return true;
    }
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    return options_.duration > 0 &&
           std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count() >=
               options_.duration;
  }

  /// Frames the next packet into framed_, or (at the end) the headers of a capture that got
  /// none.
  result<void> capture_next() noexcept {
    for (;;) {
      if (should_end()) {
        ended_ = true;
        write_statistics();
        return writer_->close(); // the stream's headers, if no packet wrote them
      }
      pcap_pkthdr* h = nullptr;
      const std::uint8_t* data = nullptr;
      const int rc = pcap_next_ex(handle_.get(), &h, &data);
      if (rc == 0) {
        // Non-blocking: nothing there yet. Wait for the descriptor, a while at most, so that a
        // stop request is seen on a quiet interface too.
        pollfd fd{pcap_get_selectable_fd(handle_.get()), POLLIN, 0};
        (void)::poll(&fd, 1, poll_ms);
        continue;
      }
      if (rc != 1) {
        what_ = std::string("live capture: ") + pcap_geterr(handle_.get());
        return unexpected{error{errc::io, layer_id::none, 0, 0, 0}};
      }
      packet pkt;
      const timestamp_ns frac = nanosecond_ ? h->ts.tv_usec : timestamp_ns{h->ts.tv_usec} * 1000;
      pkt.ts = timestamp_ns{h->ts.tv_sec} * 1'000'000'000 + frac;
      pkt.data = bytes(data, h->caplen);
      pkt.original_len = h->len;
      pkt.link = link_;
      ++captured_;
      if (writer_->write(pkt)) {
        return {};
      }
      // Only a timestamp the format cannot hold (before 1970) is refused: skip that packet.
    }
  }

  /// The kernel's counters at the end, as the stream's Interface Statistics Block: whoever
  /// reads the capture learns how many packets it lost.
  void write_statistics() noexcept {
    pcap_stat counters{};
    if (pcap_stats(handle_.get(), &counters) != 0) {
      return; // not every capture source keeps them: the stream then says nothing
    }
    interface_statistics s;
    s.link = link_;
    s.at = std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
               .count();
    s.received = counters.ps_recv;
    s.dropped_by_os = counters.ps_drop;
    s.dropped_by_interface = counters.ps_ifdrop;
    // Refused only when no packet was captured: the stream then has no interface block for
    // the counters to name, and the reader no interface to keep them on.
    (void)writer_->write_statistics(s);
  }

  pcap_handle handle_;
  live_options options_;
  link_type link_;
  bool nanosecond_;
  std::chrono::steady_clock::time_point started_;
  std::vector<std::uint8_t> framed_; // what the writer produced and read() has not handed out
  std::size_t sent_ = 0;
  std::unique_ptr<capture_writer> writer_;
  std::uint64_t captured_ = 0;
  bool ended_ = false;
  std::string what_ = "live capture";
};

} // namespace

result<std::unique_ptr<byte_stream>> open_live_stream(const live_options& options,
                                                      std::string* message) {
  const auto fail = [&](std::string why,
                        errc code = errc::io) -> result<std::unique_ptr<byte_stream>> {
    if (message != nullptr) {
      *message = std::move(why);
    }
    return unexpected{error{code, layer_id::none, 0, 0, 0}};
  };
  std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
  pcap_handle handle(pcap_create(options.interface.c_str(), errbuf.data()));
  if (!handle) {
    return fail(errbuf.data());
  }
  pcap_t* p = handle.get();
  pcap_set_snaplen(p, static_cast<int>(std::min<std::uint32_t>(options.snaplen, 262144)));
  pcap_set_promisc(p, options.promiscuous ? 1 : 0);
  // Not immediate mode: on Linux that means one ring frame of snaplen bytes per packet, and a
  // burst of more packets than the default buffer's few frames is lost. Packets come in
  // blocks instead, each handed over when full or after this timeout.
  pcap_set_timeout(p, poll_ms);
  pcap_set_buffer_size(p, 32 << 20);
  (void)pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO); // else microseconds
  if (const int rc = pcap_activate(p); rc < 0) {
    if (rc == PCAP_ERROR_PERM_DENIED) {
      return fail("no permission to capture (needs root or CAP_NET_RAW)");
    }
    const std::string why = pcap_geterr(p);
    return fail(why.empty() ? pcap_statustostr(rc) : why);
  }
  if (pcap_setnonblock(p, 1, errbuf.data()) != 0) {
    return fail(errbuf.data());
  }
  if (!options.filter.empty()) {
    bpf_program program{};
    const bool set =
        pcap_compile(p, &program, options.filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0 &&
        pcap_setfilter(p, &program) == 0;
    pcap_freecode(&program);
    if (!set) {
      return fail(pcap_geterr(p), errc::bad_format);
    }
  }
  return std::unique_ptr<byte_stream>(std::make_unique<live_stream>(std::move(handle), options));
}

} // namespace pktscope::io_detail
