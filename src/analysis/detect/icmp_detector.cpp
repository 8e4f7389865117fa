#include <pktscope/analysis/detect/icmp_detector.hpp>

#include <pktscope/decode/decoded_packet.hpp>

#include <algorithm>
#include <string>

namespace pktscope::detect {

namespace {

std::size_t alen(std::uint8_t v) noexcept {
  return v == 4 ? 4 : 16;
}

template <class State> void copy_packets(const State& s, alert& a) {
  for (std::size_t i = 0; i < s.n; ++i) {
    a.packets.push_back(s.idx[i]);
  }
  std::sort(a.packets.begin(), a.packets.end());
}

bool power_of_two_step(std::uint64_t n) noexcept {
  return n != 0 && (n & (n - 1)) == 0;
}

} // namespace

bool common_icmp_type(std::uint8_t ip_version, std::uint8_t type) noexcept {
  if (ip_version == 4) {
    // RFC 792: echo reply/request, unreachable, source quench, redirect, time exceeded,
    // parameter problem; RFC 1256 router advertisement/solicitation.
    switch (type) {
    case 0:
    case 3:
    case 4:
    case 5:
    case 8:
    case 9:
    case 10:
    case 11:
    case 12: return true;
    default: return false;
    }
  }
  // RFC 4443 errors and echo; RFC 2710/3810 MLD; RFC 4861 neighbour discovery.
  switch (type) {
  case 1:
  case 2:
  case 3:
  case 4:
  case 128:
  case 129:
  case 130:
  case 131:
  case 132:
  case 133:
  case 134:
  case 135:
  case 136:
  case 137:
  case 143: return true;
  default: return false;
  }
}

icmp_detector::icmp_detector(const icmp_config& cfg)
    : cfg_(cfg), sweeps_(cfg.max_entries), sweep_pairs_(cfg.max_entries * 4),
      floods_(cfg.max_entries), tunnels_(cfg.max_entries), unusual_(cfg.max_entries / 16) {
  active_floods_.reserve(1024);
}

void icmp_detector::on_packet(const decoded_packet& d, timestamp_ns ts, std::uint64_t index,
                              alert_sink& sink) {
  if ((d.transport != layer_id::icmp && d.transport != layer_id::icmpv6) || d.is_fragment) {
    return;
  }
  const std::uint8_t v = d.ip_version;
  const std::uint8_t type = d.icmp_type;
  const bool request = (v == 4 && type == 8) || (v == 6 && type == 128);
  const bool reply = (v == 4 && type == 0) || (v == 6 && type == 129);
  const std::uint64_t src_h = address_hash(d.src_addr, v);
  const std::uint64_t dst_h = address_hash(d.dst_addr, v);

  if (!common_icmp_type(v, type)) {
    bool created = false;
    unusual_state& u = unusual_.get(hash_combine(src_h, v), ts, created);
    if (created) {
      u.src = endpoint::from_field(d.src_addr, v);
      u.ip_version = v;
      u.first_dst = d.dst_addr;
      u.first_ts = ts;
    } else if (u.first_dst != d.dst_addr) {
      u.one_dst = false;
    }
    ++u.count;
    ++u.by_type[type];
    u.last_ts = ts;
    u.pk.add(index);
    if (u.count >= cfg_.unusual_min && cfg_.unusual_min != 0 &&
        (!u.alarmed || power_of_two_step(u.count))) {
      u.alarmed = true;
      report_unusual(u, sink);
    }
  }

  if (request) {
    // Ping sweep: distinct destinations per source within the window.
    bool created = false;
    sweep_state& s = sweeps_.get(src_h, ts, created);
    if (created) {
      s.src = endpoint::from_field(d.src_addr, v);
      s.window_start = ts;
      s.first_ts = ts;
    }
    if (ts - s.window_start > cfg_.sweep_window.ns) {
      if (!s.alarmed) {
        s.hosts = 0;
        s.requests = 0;
        s.first_ts = ts;
        s.prefix_len = 128;
        s.pk = {};
      }
      s.window_start = ts;
    }
    ++s.requests;
    s.last_ts = ts;
    bool new_pair = false;
    timestamp_ns& counted_in = sweep_pairs_.get(hash_combine(src_h, dst_h), ts, new_pair);
    if (new_pair || counted_in != s.window_start) {
      counted_in = s.window_start;
      if (s.hosts == 0) {
        s.first_dst = d.dst_addr;
        s.prefix_len = static_cast<std::uint8_t>(alen(v) * 8);
      } else {
        s.prefix_len = std::min(s.prefix_len, common_prefix_bits(s.first_dst, d.dst_addr, v));
      }
      ++s.hosts;
      s.pk.add(index);
      if (s.hosts >= cfg_.sweep_hosts && cfg_.sweep_hosts != 0 &&
          (!s.alarmed || power_of_two_step(s.hosts))) {
        s.alarmed = true;
        report_sweep(s, sink);
      }
    }

    // Echo flood: requests per destination this interval.
    bool fcreated = false;
    flood_state& f = floods_.get(dst_h, ts, fcreated);
    if (fcreated) {
      f.dst = endpoint::from_field(d.dst_addr, v);
    }
    if (!f.active) {
      f.active = true;
      active_floods_.push_back(dst_h);
    }
    if (f.requests == 0) {
      f.first_ts = ts;
      f.first_src = d.src_addr;
      f.one_source = true;
      f.pk = {};
    } else if (f.first_src != d.src_addr) {
      f.one_source = false;
    }
    ++f.requests;
    f.last_ts = ts;
    f.payload_bytes += d.l4_payload_len;
    f.pk.add(index);
  }

  if ((request || reply) && d.l4_payload_len >= cfg_.tunnel_min_payload) {
    const double h = shannon_entropy(d.l4_payload());
    if (h >= cfg_.tunnel_min_entropy) {
      // Keyed by (requester, responder): a reply counts for the pair that asked.
      const auto& client = request ? d.src_addr : d.dst_addr;
      const auto& server = request ? d.dst_addr : d.src_addr;
      bool created = false;
      tunnel_state& t =
          tunnels_.get(hash_combine(address_hash(client, v), address_hash(server, v)), ts, created);
      if (created) {
        t.src = endpoint::from_field(client, v);
        t.dst = endpoint::from_field(server, v);
        t.first_ts = ts;
      }
      ++t.packets;
      (request ? t.requests : t.replies) += 1;
      t.payload_bytes += d.l4_payload_len;
      t.entropy_sum += h;
      t.max_payload = std::max(t.max_payload, d.l4_payload_len);
      t.last_ts = ts;
      t.pk.add(index);
      if (t.packets >= cfg_.tunnel_min_packets && cfg_.tunnel_min_packets != 0 &&
          (!t.alarmed || power_of_two_step(t.packets))) {
        t.alarmed = true;
        report_tunnel(t, sink);
      }
    }
  }
}

void icmp_detector::on_interval(timestamp_ns start, timestamp_ns end, bool whole,
                                alert_sink& sink) {
  const double secs = std::max(1e-9, static_cast<double>(end - start) / 1e9);
  std::size_t keep = 0;
  for (const std::uint64_t key : active_floods_) {
    flood_state* fp = floods_.find(key);
    if (fp == nullptr) {
      continue;
    }
    flood_state& f = *fp;
    if (!whole) { // no run can be under way yet: this is the first interval
      f.requests = 0;
      f.active = false;
      continue;
    }
    const double rate = f.requests / secs;
    const bool over =
        rate >= cfg_.flood_min_rate && (!f.baseline_init || rate >= cfg_.flood_factor * f.baseline);
    if (over) {
      if (f.over == 0) {
        f.run_start = f.first_ts;
        f.total = 0;
        f.peak_rate = 0;
        f.run_pk = f.pk;
        f.alarmed = false;
        f.payload_bytes = 0;
        f.run_src = f.first_src;
        f.run_one_source = f.one_source;
      } else if (!f.one_source || f.first_src != f.run_src) {
        f.run_one_source = false;
      }
      ++f.over;
      f.total += f.requests;
      f.peak_rate = std::max(f.peak_rate, rate);
      if (f.over >= cfg_.flood_intervals) {
        f.alarmed = true;
        report_flood(f, sink);
      }
    } else {
      f.over = 0;
      f.baseline = f.baseline_init
                       ? (1 - cfg_.baseline_alpha) * f.baseline + cfg_.baseline_alpha * rate
                       : rate;
      f.baseline_init = true;
    }
    f.requests = 0;
    if (f.over > 0) {
      active_floods_[keep++] = key;
    } else {
      f.active = false;
    }
  }
  active_floods_.resize(keep);
}

void icmp_detector::finish(alert_sink& sink) {
  static_cast<void>(sink);
}

void icmp_detector::report_sweep(const sweep_state& s, alert_sink& sink) const {
  alert a;
  a.kind = alert_kind::ping_sweep;
  a.detector = "icmp";
  a.sev = severity::medium;
  a.src = s.src;
  a.start_ns = s.first_ts;
  a.end_ns = s.last_ts;
  const std::string prefix = prefix_text(s.first_dst, s.src.ip_version, s.prefix_len);
  a.evidence.set("hosts", static_cast<std::int64_t>(s.hosts));
  a.evidence.set("requests", static_cast<std::int64_t>(s.requests));
  a.evidence.set("target_prefix", prefix);
  a.params.set("sweep_hosts", static_cast<std::int64_t>(cfg_.sweep_hosts));
  a.params.set("sweep_window_s", cfg_.sweep_window.seconds());
  copy_packets(s.pk, a);
  a.summary = s.src.address_string() + " pinged " + std::to_string(s.hosts) + " hosts in " + prefix;
  sink.raise(std::move(a));
}

void icmp_detector::report_flood(const flood_state& f, alert_sink& sink) const {
  alert a;
  a.kind = alert_kind::icmp_flood;
  a.detector = "icmp";
  a.sev = severity::high;
  a.dst = f.dst;
  if (f.run_one_source) {
    a.src = endpoint::from_field(f.run_src, f.dst.ip_version);
  }
  a.start_ns = f.run_start;
  a.end_ns = f.last_ts;
  a.evidence.set("requests", static_cast<std::int64_t>(f.total));
  a.evidence.set("peak_rate", f.peak_rate);
  a.evidence.set("baseline_rate", f.baseline);
  a.evidence.set("intervals", static_cast<std::int64_t>(f.over));
  a.params.set("flood_min_rate", cfg_.flood_min_rate);
  a.params.set("flood_factor", cfg_.flood_factor);
  a.params.set("flood_intervals", static_cast<std::int64_t>(cfg_.flood_intervals));
  copy_packets(f.run_pk, a);
  a.summary = "ICMP echo flood on " + f.dst.address_string() + ": " + std::to_string(f.total) +
              " requests, peak " + std::to_string(static_cast<long long>(f.peak_rate)) + "/s" +
              (a.src ? " from " + a.src->address_string() : std::string());
  sink.raise(std::move(a));
}

void icmp_detector::report_tunnel(const tunnel_state& t, alert_sink& sink) const {
  alert a;
  a.kind = alert_kind::icmp_tunnel;
  a.detector = "icmp";
  a.sev = severity::high;
  a.src = t.src;
  a.dst = t.dst;
  a.start_ns = t.first_ts;
  a.end_ns = t.last_ts;
  a.evidence.set("reason", std::string("payload"));
  a.evidence.set("packets", static_cast<std::int64_t>(t.packets));
  a.evidence.set("requests", static_cast<std::int64_t>(t.requests));
  a.evidence.set("replies", static_cast<std::int64_t>(t.replies));
  a.evidence.set("payload_bytes", static_cast<std::int64_t>(t.payload_bytes));
  a.evidence.set("max_payload", static_cast<std::int64_t>(t.max_payload));
  a.evidence.set("mean_entropy", t.packets != 0 ? t.entropy_sum / t.packets : 0.0);
  a.params.set("tunnel_min_payload", static_cast<std::int64_t>(cfg_.tunnel_min_payload));
  a.params.set("tunnel_min_entropy", cfg_.tunnel_min_entropy);
  a.params.set("tunnel_min_packets", static_cast<std::int64_t>(cfg_.tunnel_min_packets));
  copy_packets(t.pk, a);
  a.summary = "ICMP tunnel suspected between " + t.src.address_string() + " and " +
              t.dst.address_string() + ": " + std::to_string(t.packets) +
              " echo messages with high-entropy payloads";
  sink.raise(std::move(a));
}

void icmp_detector::report_unusual(const unusual_state& u, alert_sink& sink) const {
  alert a;
  a.kind = alert_kind::icmp_tunnel;
  a.detector = "icmp";
  a.sev = severity::low;
  a.src = u.src;
  if (u.one_dst) {
    a.dst = endpoint::from_field(u.first_dst, u.ip_version);
  }
  a.start_ns = u.first_ts;
  a.end_ns = u.last_ts;
  std::vector<double> types;
  for (std::size_t t = 0; t < u.by_type.size(); ++t) {
    if (u.by_type[t] != 0) {
      types.push_back(static_cast<double>(t));
    }
  }
  a.evidence.set("reason", std::string("unusual_type"));
  a.evidence.set("messages", static_cast<std::int64_t>(u.count));
  a.evidence.set("types", types);
  a.evidence.set("icmp_version", static_cast<std::int64_t>(u.ip_version == 4 ? 4 : 6));
  a.params.set("unusual_min", static_cast<std::int64_t>(cfg_.unusual_min));
  copy_packets(u.pk, a);
  a.summary = u.src.address_string() + " sent " + std::to_string(u.count) +
              " ICMP messages of uncommon types";
  sink.raise(std::move(a));
}

} // namespace pktscope::detect
