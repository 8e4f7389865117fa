#include <pktscope/analysis/capture_set.hpp>

#include <pktscope/io/live_capture.hpp>

#include <utility>

namespace pktscope {

namespace {
/// Records why opening input `i` failed, for open_failure.
unexpected failed(open_failure* failure, std::size_t i, std::string message, error e) {
  if (failure != nullptr) {
    failure->index = i;
    failure->message = std::move(message);
  }
  return unexpected{e};
}
} // namespace

result<capture_set> capture_set::open(const std::vector<std::string>& paths,
                                      capture_set_options options, open_failure* failure) {
  if (paths.empty()) {
    return failed(failure, 0, "no capture given", error{errc::unsupported});
  }
  capture_set set;
  set.options_ = std::move(options);
  bool stdin_used = false;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (paths[i] == "-") {
      if (stdin_used) {
        return failed(failure, i, "standard input ('-') given more than once",
                      error{errc::unsupported});
      }
      stdin_used = true;
    }
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto r = capture_reader::open(paths[i], set.options_.reader);
    if (!r) {
      const error e = r.error();
      std::string why;
      switch (e.code) {
      case errc::io: why = "cannot be read"; break;
      case errc::bad_format: why = "is not a pcap or pcapng capture"; break;
      default: why = "has a damaged file header"; break;
      }
      return failed(failure, i, why, e);
    }
    std::optional<bpf_filter> filter;
    if (!set.options_.filter.empty()) {
      std::string message;
      auto f = bpf_filter::compile_for(set.options_.filter, r->info(), &message);
      if (!f) {
        return failed(failure, i, message, f.error());
      }
      filter.emplace(std::move(*f));
    }
    set.sources_.push_back(input{paths[i], std::move(*r), std::move(filter), nullptr, false});
  }
  return set;
}

result<capture_set> capture_set::open_live(const live_options& live, capture_set_options options,
                                           open_failure* failure) {
  capture_set set;
  set.options_ = std::move(options);
  std::string why;
  live_options with_filter = live;
  with_filter.filter = set.options_.filter;
  auto r = capture_reader::open_live(with_filter, &why);
  if (!r) {
    return failed(failure, 0, why.empty() ? "cannot capture" : why, r.error());
  }
  // No filter program here: the kernel ran it already.
  set.sources_.push_back(input{live.interface, std::move(*r), std::nullopt, nullptr, false});
  return set;
}

void capture_set::advance(input& s) noexcept {
  while (!s.done) {
    const packet* p = s.reader.next();
    if (p == nullptr) {
      s.done = true;
      s.current = nullptr;
      return;
    }
    ++read_;
    if (options_.progress && read_ >= next_report_) {
      next_report_ = read_ + options_.progress_every;
      report();
    }
    if (!s.filter || s.filter->matches(*p)) {
      s.current = p;
      return;
    }
  }
}

capture_progress capture_set::progress() const noexcept {
  capture_progress p;
  p.packets_read = read_;
  p.packets_matched = matched_;
  p.files = sources_.size();
  for (const input& s : sources_) {
    p.bytes_read += s.reader.offset();
    p.files_done += s.done ? 1U : 0U;
  }
  return p;
}

void capture_set::report() noexcept {
  if (options_.progress) {
    options_.progress(progress());
  }
}

const packet* capture_set::next() noexcept {
  if (!started_) {
    started_ = true;
    next_report_ = options_.progress_every;
    for (input& s : sources_) {
      advance(s);
    }
  } else if (last_ != npos_) {
    advance(sources_[last_]); // the packet handed out last is no longer needed
  }
  std::size_t best = npos_;
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const input& s = sources_[i];
    if (s.current != nullptr && (best == npos_ || s.current->ts < sources_[best].current->ts)) {
      best = i;
    }
  }
  last_ = best;
  if (best == npos_) {
    if (!finished_) {
      finished_ = true;
      report();
    }
    return nullptr;
  }
  ++matched_;
  return sources_[best].current;
}

} // namespace pktscope
