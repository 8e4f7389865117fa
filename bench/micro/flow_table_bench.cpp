// Flow table insert and lookup, from preloaded observations (no decoding in the loop).
//   flow_table_bench --benchmark_filter=Flow

#include <pktscope/analysis/flow_table.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

struct counting_sink : pktscope::flow_sink {
  void flow_finished(const pktscope::flow_record& r) override { packets += r.total_packets(); }
  std::uint64_t packets = 0;
};

/// `flows` distinct UDP/TCP five-tuples (fixed seed), one observation each.
std::vector<pktscope::flow_table::observation> make_flows(std::size_t flows, bool tcp) {
  std::mt19937_64 rng(42);
  std::vector<pktscope::flow_table::observation> out(flows);
  for (std::size_t i = 0; i < flows; ++i) {
    auto& o = out[i];
    o.ep.ip_version = 4;
    o.ep.ip_protocol = tcp ? 6 : 17;
    const auto a = static_cast<std::uint32_t>(rng());
    const auto b = static_cast<std::uint32_t>(rng());
    for (int k = 0; k < 4; ++k) {
      o.ep.src_addr[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(a >> (8 * k));
      o.ep.dst_addr[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(b >> (8 * k));
    }
    o.ep.src_port = static_cast<std::uint16_t>(1024 + i % 60000);
    o.ep.dst_port = 443;
    o.ts = o.first_ts = static_cast<pktscope::timestamp_ns>(i);
    o.wire_bytes = o.captured_bytes = 100;
    o.ip_bytes = 86;
    o.payload_len = 46;
    if (tcp) {
      o.is_tcp = true;
      o.tcp.flags = 0x10; // ACK, midstream
      o.tcp.seq = static_cast<std::uint32_t>(rng());
      o.tcp.ack = static_cast<std::uint32_t>(rng());
      o.tcp.window = 1000;
      o.tcp.payload_len = 46;
    }
  }
  return out;
}

pktscope::flow_table_config config(std::size_t flows) {
  pktscope::flow_table_config cfg;
  cfg.max_flows = static_cast<std::uint32_t>(flows);
  cfg.tcp_timeout = cfg.udp_timeout = 0;
  return cfg;
}

/// New flows: every observation creates one (the table is flushed between rounds).
void BM_FlowInsert(benchmark::State& state) {
  const auto flows = static_cast<std::size_t>(state.range(0));
  const auto obs = make_flows(flows, state.range(1) != 0);
  counting_sink sink;
  pktscope::flow_table table(config(flows), &sink);
  for (auto _ : state) {
    for (const auto& o : obs) {
      benchmark::DoNotOptimize(table.observe(o));
    }
    state.PauseTiming();
    table.flush();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(flows));
}
BENCHMARK(BM_FlowInsert)
    ->Args({1 << 10, 0})
    ->Args({1 << 16, 0})
    ->Args({1 << 20, 0})
    ->Args({1 << 16, 1});

/// Existing flows: packets of flows already in the table (random order).
void BM_FlowLookup(benchmark::State& state) {
  const auto flows = static_cast<std::size_t>(state.range(0));
  const auto obs = make_flows(flows, state.range(1) != 0);
  counting_sink sink;
  pktscope::flow_table table(config(flows), &sink);
  for (const auto& o : obs) {
    table.observe(o);
  }
  std::vector<std::size_t> order(flows * 4);
  std::mt19937_64 rng(7);
  for (auto& i : order) {
    i = static_cast<std::size_t>(rng() % flows);
  }
  for (auto _ : state) {
    for (const std::size_t i : order) {
      benchmark::DoNotOptimize(table.observe(obs[i]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(order.size()));
}
BENCHMARK(BM_FlowLookup)
    ->Args({1 << 10, 0})
    ->Args({1 << 16, 0})
    ->Args({1 << 20, 0})
    ->Args({1 << 16, 1});

} // namespace

BENCHMARK_MAIN();
