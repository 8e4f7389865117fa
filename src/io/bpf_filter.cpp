#include <pktscope/io/bpf_filter.hpp>

#include <pcap/pcap.h>

#include <string>

namespace pktscope {

namespace {

struct program {
  link_type link;
  bpf_program code{};
  bool ok = false;
};

// pcap_compile wants a NUL-terminated string; the expression is kept as std::string.
bool compile_one(const std::string& expression, link_type link, std::uint32_t snaplen, program& out,
                 std::string& message) {
  pcap_t* dead = pcap_open_dead(bpf_filter::dlt_of(link), static_cast<int>(snaplen));
  if (dead == nullptr) {
    message = "cannot create a libpcap handle";
    return false;
  }
  const int rc = pcap_compile(dead, &out.code, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN);
  if (rc != 0) {
    message = pcap_geterr(dead);
  }
  pcap_close(dead);
  out.ok = rc == 0;
  return out.ok;
}

} // namespace

struct bpf_filter::impl {
  std::string expression;
  std::uint32_t snaplen = 0;
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
    if (!compile_one(expression, link, snaplen, p, message)) {
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
                                       std::uint32_t snaplen, std::string* message) {
  auto p = std::make_unique<impl>();
  p->expression.assign(expression);
  p->snaplen = snaplen;
  const program& first = p->program_for(link);
  if (!first.ok) {
    if (message != nullptr) {
      *message = p->failures.back().second;
    }
    return unexpected{error{errc::bad_format, layer_id::none, 0, 0, 0}};
  }
  return bpf_filter{std::move(p)};
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
