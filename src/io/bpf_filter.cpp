#include <pktscope/io/bpf_filter.hpp>

#include <pktscope/core/endian.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <pcap/pcap.h>

#include <array>
#include <bit>
#include <cstdio>
#include <string>

namespace pktscope {

namespace {

struct program {
  link_type link;
  bpf_program code{};
  bool ok = false;
};

// Programs are compiled against a pcap_t of a capture *file* (a 24-byte pcap header
// in memory), not pcap_open_dead: libpcap's code generation differs for files. For
// BSD loopback, a file may come from any BSD, so every BSD AF_INET6 value is tested,
// and a file in the other byte order than this machine's has its host-order address
// family compared byte-swapped, exactly as `tcpdump -r` does.
pcap_t* open_header_only(link_type link, std::uint32_t snaplen, bool swapped,
                         std::string& message) {
  std::array<std::uint8_t, 24> header{};
  const auto put32 = [&](std::size_t off, std::uint32_t v) {
    if (swapped == (std::endian::native == std::endian::little)) {
      store_be32(header, off, v);
    } else {
      store_le32(header, off, v);
    }
  };
  const auto put16 = [&](std::size_t off, std::uint16_t v) {
    if (swapped == (std::endian::native == std::endian::little)) {
      store_be16(header, off, v);
    } else {
      store_le16(header, off, v);
    }
  };
  put32(0, 0xa1b2c3d4);
  put16(4, 2);
  put16(6, 4);
  put32(16, snaplen);
  put32(20, static_cast<std::uint32_t>(link));
  FILE* f = fmemopen(header.data(), header.size(), "rb");
  if (f == nullptr) {
    message = "cannot create an in-memory capture for libpcap";
    return nullptr;
  }
  std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
  pcap_t* p = pcap_fopen_offline(f, errbuf.data()); // owns f from here, even on failure
  if (p == nullptr) {
    message = errbuf.data();
  }
  return p;
}

// pcap_compile wants a NUL-terminated string; the expression is kept as std::string.
bool compile_one(const std::string& expression, link_type link, std::uint32_t snaplen, bool swapped,
                 program& out, std::string& message) {
  pcap_t* handle = open_header_only(link, snaplen, swapped, message);
  if (handle == nullptr) {
    return false;
  }
  const int rc = pcap_compile(handle, &out.code, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN);
  if (rc != 0) {
    message = pcap_geterr(handle);
  }
  pcap_close(handle);
  out.ok = rc == 0;
  return out.ok;
}

} // namespace

struct bpf_filter::impl {
  std::string expression;
  std::uint32_t snaplen = 0;
  bool swapped = false;
  std::vector<program> programs; // one per link type met, failed ones included
  std::size_t last = 0;
  std::vector<std::pair<link_type, std::string>> failures;

  impl() = default;
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;
  ~impl() {
    for (auto& p : programs) {
      if (p.ok) {
        pcap_freecode(&p.code);
      }
    }
  }

  const program& program_for(link_type link) {
    if (last < programs.size() && programs[last].link == link) {
      return programs[last];
    }
    for (std::size_t i = 0; i < programs.size(); ++i) {
      if (programs[i].link == link) {
        last = i;
        return programs[i];
      }
    }
    program p{link};
    std::string message;
    if (!compile_one(expression, link, snaplen, swapped, p, message)) {
      failures.emplace_back(link, std::move(message));
    }
    programs.push_back(p);
    last = programs.size() - 1;
    return programs.back();
  }
};

int bpf_filter::dlt_of(link_type link) noexcept {
  // pcap-common.c's linktype_to_dlt: LINKTYPE_ values 100..104 stand for DLT_
  // values that differ between platforms; the rest are the same numbers.
  switch (static_cast<std::uint16_t>(link)) {
  case 100: return DLT_ATM_RFC1483;
  case 101: return DLT_RAW;
  case 102: return DLT_SLIP_BSDOS;
  case 103: return DLT_PPP_BSDOS;
  default: return static_cast<int>(link);
  }
}

result<bpf_filter> bpf_filter::compile(std::string_view expression, link_type link,
                                       std::uint32_t snaplen, std::string* message, bool swapped) {
  auto p = std::make_unique<impl>();
  p->expression.assign(expression);
  p->snaplen = snaplen;
  p->swapped = swapped;
  const program& first = p->program_for(link);
  if (!first.ok) {
    if (message != nullptr) {
      *message = p->failures.back().second;
    }
    return unexpected{error{errc::bad_format, layer_id::none, 0, 0, 0}};
  }
  return bpf_filter{std::move(p)};
}

result<bpf_filter> bpf_filter::compile_for(std::string_view expression, const capture_info& file,
                                           std::string* message) {
  // Host-order link fields are compared as the file stores them.
  const bool swapped = file.big_endian != (std::endian::native == std::endian::big);
  return compile(expression, file.first_link(), 262144, message, swapped);
}

bpf_filter::bpf_filter(std::unique_ptr<impl> p) noexcept : impl_(std::move(p)) {}
bpf_filter::bpf_filter(bpf_filter&&) noexcept = default;
bpf_filter& bpf_filter::operator=(bpf_filter&&) noexcept = default;
bpf_filter::~bpf_filter() = default;

bool bpf_filter::matches(const packet& pkt) noexcept {
  const program& p = impl_->program_for(pkt.link);
  if (!p.ok) {
    return false;
  }
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<decltype(header.ts.tv_sec)>(pkt.ts / 1'000'000'000);
  header.ts.tv_usec = static_cast<decltype(header.ts.tv_usec)>(pkt.ts % 1'000'000'000 / 1000);
  header.caplen = pkt.captured_len();
  header.len = pkt.original_len;
  return pcap_offline_filter(&p.code, &header, pkt.data.data()) != 0;
}

const std::string& bpf_filter::expression() const noexcept {
  return impl_->expression;
}

const std::vector<std::pair<link_type, std::string>>& bpf_filter::failures() const noexcept {
  return impl_->failures;
}

} // namespace pktscope
