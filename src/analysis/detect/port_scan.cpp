#include <pktscope/analysis/detect/port_scan.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace pktscope::detect {

namespace {

// The source's per-generation part of its keys in the host, port and failure maps: a source
// forgotten and seen again starts with none of its earlier entries.
std::uint64_t generation_hash(const port_scan_detector::source_state& s) noexcept {
  return mix64(s.generation * 0x9e3779b97f4a7c15ULL);
}

std::string scan_type_of(const port_scan_detector::source_state& s) {
  const auto it = std::max_element(s.by_probe.begin(), s.by_probe.end());
  const auto kind = static_cast<probe_kind>(it - s.by_probe.begin());
  if (kind == probe_kind::syn) {
    // nmap -sT completes the handshake on open ports; -sS answers SYN+ACK with RST.
    return s.completed > s.abandoned ? "connect" : "syn";
  }
  return std::string(probe_kind_name(kind));
}

} // namespace

trw_bounds make_trw_bounds(const port_scan_config& c) noexcept {
  trw_bounds b;
  // Jung et al. 2004 eq. (3)-(4): eta1 = P_D / P_F, eta0 = (1 - P_D) / (1 - P_F).
  b.log_eta1 = std::log(c.trw_p_d / c.trw_p_f);
  b.log_eta0 = std::log((1 - c.trw_p_d) / (1 - c.trw_p_f));
  // Y = 1 (failure): Pr[Y=1|H1] / Pr[Y=1|H0] = (1 - theta1) / (1 - theta0);
  // Y = 0 (success): theta1 / theta0.
  b.log_fail = std::log((1 - c.trw_theta1) / (1 - c.trw_theta0));
  b.log_success = std::log(c.trw_theta1 / c.trw_theta0);
  return b;
}

std::uint32_t trw_failures_to_detect(const port_scan_config& c) noexcept {
  const trw_bounds b = make_trw_bounds(c);
  if (!(b.log_fail > 0) || !(b.log_eta1 > 0)) {
    return 0;
  }
  // The smallest n with n * log_fail >= log_eta1 (a hair of tolerance for rounding).
  return static_cast<std::uint32_t>(std::ceil(b.log_eta1 / b.log_fail - 1e-9));
}

port_scan_detector::port_scan_detector(const port_scan_config& cfg)
    : cfg_(cfg), trw_(make_trw_bounds(cfg)), sources_(cfg.max_sources), contacts_(cfg.max_contacts),
      pairs_(cfg.max_contacts / 2), src_ports_(cfg.max_contacts / 2),
      port_fails_(cfg.max_contacts / 2), host_fails_(cfg.max_contacts / 2),
      prefix_rtt_(cfg.early_failure ? cfg.max_prefixes : 1) {}

namespace {

// The destination's /24 (IPv4) or /64 (IPv6): hosts of one LAN segment answer alike.
std::uint64_t prefix_key(const attempt_event& e) noexcept {
  return hash_bytes(bytes(e.dst).first(e.ip_version == 4 ? 3 : 8), e.ip_version + 0x70U);
}

bool early_kind(const attempt_event& e) noexcept {
  // TCP probes the kernel answers (SYN+ACK or RST) whatever listens; a bare ACK needs no
  // answer and UDP answers come from applications.
  return e.ip_protocol == 6 && e.probe != probe_kind::ack;
}

} // namespace

void port_scan_detector::learn_rtt(const attempt_event& e) noexcept {
  if (!cfg_.early_failure || !early_kind(e) || e.ts < e.probe_ts) {
    return;
  }
  // RFC 6298 §2.2-2.3 with alpha = 1/8, beta = 1/4, over the prefix's answered attempts.
  const auto r = static_cast<double>(e.ts - e.probe_ts);
  bool created = false;
  rtt_stats& st = prefix_rtt_.get(prefix_key(e), e.ts, created);
  if (created) {
    st.srtt = r;
    st.rttvar = r / 2;
  } else {
    st.rttvar = 0.75 * st.rttvar + 0.25 * std::abs(st.srtt - r);
    st.srtt = 0.875 * st.srtt + 0.125 * r;
  }
}

timestamp_ns port_scan_detector::early_wait(const attempt_event& e) noexcept {
  if (!cfg_.early_failure || !early_kind(e)) {
    return 0;
  }
  const rtt_stats* st = prefix_rtt_.find(prefix_key(e));
  if (st == nullptr) {
    return 0; // no answer times for this prefix: attempt_timeout decides
  }
  const double rto = st->srtt + cfg_.early_rtt_k * st->rttvar;
  const auto wait = std::max(cfg_.early_min_wait.ns, static_cast<timestamp_ns>(rto));
  return wait < cfg_.attempt_timeout.ns ? wait : 0;
}

void port_scan_detector::judge_pending(source_state& s, timestamp_ns now, alert_sink& sink) {
  std::uint8_t keep = 0;
  for (std::uint8_t i = 0; i < s.pending_count; ++i) {
    const pending_contact p = s.pending[i];
    contact* c = contacts_.find(p.contact_key);
    if (c == nullptr || c->state != 1 || c->ts != p.probe_ts) {
      continue; // answered, timed out or replaced meanwhile
    }
    if (s.first_contacts - p.seq >= cfg_.early_contacts && now - p.probe_ts >= p.wait) {
      c->state = 3;
      const bool was_scanner = s.scanner;
      ++s.early_failures;
      trw_step(s, true);
      after_observation(s, was_scanner, now, sink);
      continue;
    }
    s.pending[keep++] = p;
  }
  s.pending_count = keep;
}

const port_scan_detector::source_state*
port_scan_detector::state_of(const endpoint& src) const noexcept {
  return sources_.find(address_hash(src.addr, src.ip_version));
}

port_scan_detector::source_state& port_scan_detector::source(const attempt_event& e,
                                                             alert_sink& sink) {
  bool created = false;
  source_state& s = sources_.get(address_hash(e.src, e.ip_version), e.ts, created,
                                 [&](std::uint64_t, const source_state& evicted) {
                                   if (evicted.scanner) {
                                     report(evicted, sink);
                                   }
                                 });
  if (!created && s.probes != 0 && s.last_ts + cfg_.window.ns < e.ts) {
    // Idle for the whole window: forgotten (a scanner had its final report when it settled).
    if (s.scanner && s.dirty) {
      report(s, sink);
    }
    s = source_state{};
    created = true;
  }
  if (created) {
    s.src = e.source();
    s.generation = ++generation_;
  }
  return s;
}

void port_scan_detector::on_attempt(const attempt_event& e, alert_sink& sink) {
  const std::uint64_t src_h = address_hash(e.src, e.ip_version);
  const std::uint64_t dst_h = address_hash(e.dst, e.ip_version);
  const std::uint64_t contact_key =
      hash_combine(hash_combine(src_h, dst_h), (std::uint64_t{e.ip_protocol} << 16) | e.dport);
  if (e.outcome == attempt_outcome::started) {
    source_state& s = source(e, sink);
    if (s.probes == 0) {
      s.first_ts = e.probe_ts;
    }
    ++s.probes;
    s.last_ts = std::max(s.last_ts, e.probe_ts);
    s.dirty = true;
    ++s.by_probe[static_cast<std::size_t>(e.probe)];
    if (s.packet_count < kept_packets) {
      s.packets[s.packet_count++] = e.probe_index;
    }
    bool created = false;
    contact& c = contacts_.get(contact_key, e.ts, created);
    if (!created && e.probe_ts - c.ts <= cfg_.window.ns) {
      return; // not a first contact: not an observation
    }
    c.ts = e.probe_ts;
    c.state = 1;
    ++s.first_contacts;
    if (cfg_.early_failure) {
      judge_pending(s, e.probe_ts, sink);
      if (const timestamp_ns wait = early_wait(e); wait > 0 && s.pending_count < kept_pending) {
        s.pending[s.pending_count++] =
            pending_contact{contact_key, e.probe_ts, wait, s.first_contacts};
      }
    }
    const std::uint64_t generation_h = generation_hash(s);
    bool new_host = false;
    pairs_.get(hash_combine(generation_h, dst_h), e.ts, new_host);
    bool new_port = false;
    src_ports_.get(hash_combine(generation_h, e.dport), e.ts, new_port);
    if (new_host) {
      if (s.hosts == 0) {
        s.first_dst = e.dst;
      } else {
        s.one_host = false;
        s.prefix_len = std::min(s.prefix_len, common_prefix_bits(s.first_dst, e.dst, e.ip_version));
      }
      if (s.target_count < kept_targets) {
        s.targets[s.target_count++] = e.dst;
      }
      ++s.hosts;
    }
    if (new_port) {
      if (s.ports == 0) {
        s.first_port = e.dport;
      } else {
        s.one_port = false;
      }
      ++s.ports;
    }
    return;
  }

  if (e.outcome == attempt_outcome::answered || e.outcome == attempt_outcome::rejected) {
    learn_rtt(e);
  }
  contact* c = contacts_.find(contact_key);
  source_state* sp = sources_.find(src_h);
  if (sp == nullptr) {
    return;
  }
  source_state& s = *sp;
  switch (e.outcome) {
  case attempt_outcome::completed: ++s.completed; return;
  case attempt_outcome::abandoned: ++s.abandoned; return;
  case attempt_outcome::started: return;
  case attempt_outcome::answered:
  case attempt_outcome::rejected:
  case attempt_outcome::unanswered: break;
  }
  if (c == nullptr || (c->state != 1 && c->state != 3) || c->ts != e.probe_ts) {
    return; // a repeat contact, or its first-contact record was replaced
  }
  const bool judged_early = c->state == 3;
  c->state = 2;
  if (e.outcome == attempt_outcome::unanswered && e.probe == probe_kind::ack) {
    return; // a bare ACK needs no answer: no observation
  }
  const bool failure = e.outcome != attempt_outcome::answered;
  if (!judged_early) {
    observe(s, e, failure, sink);
    return;
  }
  // Judged failed early: the TRW step is taken. A failure now also counts towards the
  // thresholds; an answer corrects the step while the test is still running.
  const bool was_scanner = s.scanner;
  if (failure) {
    count_failure(s, e);
  } else if (!s.scanner) {
    --s.failures;
    --s.early_failures;
    ++s.early_corrected;
    s.log_lambda -= trw_.log_fail;
    trw_step(s, false);
  }
  after_observation(s, was_scanner, e.ts, sink);
}

void port_scan_detector::trw_step(source_state& s, bool failure) noexcept {
  if (failure) {
    ++s.failures;
    s.log_lambda += trw_.log_fail;
  } else {
    ++s.successes;
    s.log_lambda += trw_.log_success;
  }
  if (!s.scanner) {
    if (s.log_lambda >= trw_.log_eta1 - 1e-12) {
      s.scanner = true;
      s.reason |= 1;
    } else if (s.log_lambda <= trw_.log_eta0 + 1e-12) {
      s.log_lambda = 0; // benign: start a new test (Jung et al. §4, continued monitoring)
    }
  }
}

void port_scan_detector::observe(source_state& s, const attempt_event& e, bool failure,
                                 alert_sink& sink) {
  const bool was_scanner = s.scanner;
  trw_step(s, failure);
  if (failure) {
    count_failure(s, e);
  }
  after_observation(s, was_scanner, e.ts, sink);
}

void port_scan_detector::count_failure(source_state& s, const attempt_event& e) noexcept {
  // Zeek scan.zeek: distinct failed ports per (scanner, victim) and distinct failed hosts
  // per (scanner, port) within the window.
  const std::uint64_t dst_h = address_hash(e.dst, e.ip_version);
  const std::uint64_t generation_h = generation_hash(s);
  const auto bump = [&](bounded_map<window_count, 8>& m, std::uint64_t key) -> std::uint32_t {
    bool created = false;
    window_count& w = m.get(hash_combine(generation_h, key), e.ts, created);
    if (created || e.probe_ts - w.window_start > cfg_.window.ns) {
      w.window_start = e.probe_ts;
      w.count = 0;
    }
    return ++w.count;
  };
  const std::uint32_t ports_on_host = bump(port_fails_, dst_h);
  const std::uint32_t hosts_on_port =
      bump(host_fails_, (std::uint64_t{e.ip_protocol} << 16) | e.dport);
  s.max_ports_on_host = std::max(s.max_ports_on_host, ports_on_host);
  s.max_hosts_on_port = std::max(s.max_hosts_on_port, hosts_on_port);
  if (ports_on_host >= cfg_.port_threshold && cfg_.port_threshold != 0) {
    s.reason |= 2;
    s.scanner = true;
  }
  if (hosts_on_port >= cfg_.host_threshold && cfg_.host_threshold != 0) {
    s.reason |= 4;
    s.scanner = true;
  }
  s.last_ts = std::max(s.last_ts, e.probe_ts);
}

void port_scan_detector::after_observation(source_state& s, bool was_scanner, timestamp_ns ts,
                                           alert_sink& sink) {
  s.dirty = true;
  if (s.scanner && !was_scanner) {
    ++scanners_;
    const std::uint64_t key = address_hash(s.src.addr, s.src.ip_version);
    if (std::find(scanner_keys_.begin(), scanner_keys_.end(), key) == scanner_keys_.end()) {
      scanner_keys_.push_back(key);
    }
    s.detect_probes = s.probes;
    s.detect_ts = ts;
    s.reported_failures = s.failures;
    report(s, sink);
    s.dirty = false;
  } else if (s.scanner && s.failures >= 2 * s.reported_failures) {
    s.reported_failures = s.failures;
    report(s, sink);
    s.dirty = false;
  }
}

void port_scan_detector::advance(timestamp_ns now, alert_sink& sink) {
  // A scanner quiet for longer than the attempt timeout (its last outcomes are in) gets its
  // final report now, well before the alert sink could close the event. Only scanners are
  // visited; other sources idle for the window are reset when they next appear (source()).
  const timestamp_ns settle = cfg_.attempt_timeout.ns + 1'000'000'000;
  std::size_t keep = 0;
  for (const std::uint64_t key : scanner_keys_) {
    source_state* s = sources_.find(key);
    if (s == nullptr || !s->scanner) {
      continue; // evicted or reset (reported then)
    }
    if (s->dirty && s->last_ts + settle < now) {
      report(*s, sink);
      s->dirty = false;
    }
    scanner_keys_[keep++] = key;
  }
  scanner_keys_.resize(keep);
}

void port_scan_detector::finish(alert_sink& sink) {
  sources_.for_each([&](std::uint64_t, source_state& s) {
    if (s.scanner && s.dirty) {
      report(s, sink);
      s.dirty = false;
    }
  });
}

void port_scan_detector::report(const source_state& s, alert_sink& sink) const {
  alert a;
  a.kind = alert_kind::port_scan;
  a.detector = "port_scan";
  a.src = s.src;
  a.start_ns = s.first_ts;
  a.end_ns = s.last_ts;
  const std::uint8_t v = s.src.ip_version;
  std::string direction;
  if (s.one_host) {
    direction = "vertical";
    a.dst = endpoint::from_field(s.first_dst, v);
  } else if (s.one_port) {
    direction = "horizontal";
  } else {
    direction = "block";
  }
  const std::string type = scan_type_of(s);
  a.sev = (s.reason & 1) != 0 && (s.reason & 6) != 0 ? severity::high : severity::medium;
  std::vector<std::string> reasons;
  if ((s.reason & 1) != 0) {
    reasons.emplace_back("trw");
  }
  if ((s.reason & 2) != 0) {
    reasons.emplace_back("port_threshold");
  }
  if ((s.reason & 4) != 0) {
    reasons.emplace_back("host_threshold");
  }
  a.evidence.set("scan_type", type);
  a.evidence.set("direction", direction);
  a.evidence.set("probes", static_cast<std::int64_t>(s.probes));
  a.evidence.set("first_contacts", static_cast<std::int64_t>(s.first_contacts));
  a.evidence.set("failures", static_cast<std::int64_t>(s.failures));
  a.evidence.set("successes", static_cast<std::int64_t>(s.successes));
  a.evidence.set("hosts", static_cast<std::int64_t>(s.hosts));
  a.evidence.set("ports", static_cast<std::int64_t>(s.ports));
  a.evidence.set("max_ports_on_host", static_cast<std::int64_t>(s.max_ports_on_host));
  a.evidence.set("max_hosts_on_port", static_cast<std::int64_t>(s.max_hosts_on_port));
  a.evidence.set("trw_log_lambda", s.log_lambda);
  a.evidence.set("reasons", reasons);
  a.evidence.set("detected_after_probes", static_cast<std::int64_t>(s.detect_probes));
  a.evidence.set("detected_ns", static_cast<std::int64_t>(s.detect_ts));
  a.evidence.set("early_failures", static_cast<std::int64_t>(s.early_failures));
  a.evidence.set("early_corrected", static_cast<std::int64_t>(s.early_corrected));
  if (!s.one_host) {
    a.evidence.set("target_prefix", prefix_text(s.first_dst, v, s.prefix_len));
    std::vector<std::string> targets;
    for (std::size_t i = 0; i < s.target_count; ++i) {
      targets.push_back(endpoint::from_field(s.targets[i], v).address_string());
    }
    a.evidence.set("targets", targets);
  }
  if (s.one_port) {
    a.evidence.set("port", static_cast<std::int64_t>(s.first_port));
  }
  a.params.set("trw_p_d", cfg_.trw_p_d);
  a.params.set("trw_p_f", cfg_.trw_p_f);
  a.params.set("trw_theta0", cfg_.trw_theta0);
  a.params.set("trw_theta1", cfg_.trw_theta1);
  a.params.set("port_threshold", static_cast<std::int64_t>(cfg_.port_threshold));
  a.params.set("host_threshold", static_cast<std::int64_t>(cfg_.host_threshold));
  a.params.set("window_s", cfg_.window.seconds());
  a.params.set("attempt_timeout_s", cfg_.attempt_timeout.seconds());
  a.params.set("early_failure", cfg_.early_failure);
  a.params.set("early_contacts", static_cast<std::int64_t>(cfg_.early_contacts));
  a.params.set("early_min_wait_s", cfg_.early_min_wait.seconds());
  a.params.set("early_rtt_k", cfg_.early_rtt_k);
  for (std::size_t i = 0; i < s.packet_count; ++i) {
    a.packets.push_back(s.packets[i]);
  }
  std::sort(a.packets.begin(), a.packets.end());
  a.summary = s.src.address_string() + " " + type + " scan, " + direction + ": " +
              std::to_string(s.probes) + " probes to " + std::to_string(s.ports) + " port(s) on " +
              std::to_string(s.hosts) + " host(s)" +
              (a.dst ? " (" + a.dst->address_string() + ")" : std::string()) + ", " +
              std::to_string(s.failures) + " failed";
  sink.raise(std::move(a));
}

} // namespace pktscope::detect
