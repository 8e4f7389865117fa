// Decoder throughput on real traffic: packets of several corpus captures (plain TCP/HTTP,
// DNS/ICMP, IPv6/TLS, GRE, VXLAN, Geneve) preloaded in memory, decoded to L4 and fully.
// Corpus location: $PKTSCOPE_CORPUS, else ../shared/corpus next to the source tree.

#include <pktscope/decode/decoder.hpp>
#include <pktscope/io/capture_reader.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct frame {
  std::vector<std::uint8_t> data;
  pktscope::link_type link;
};

std::string corpus_dir() {
  if (const char* env = std::getenv("PKTSCOPE_CORPUS")) {
    return env;
  }
  std::string here = __FILE__; // .../bench/micro/decode_bench.cpp
  for (int i = 0; i < 3; ++i) {
    here = here.substr(0, here.find_last_of('/'));
  }
  return here + "/../shared/corpus";
}

const std::vector<frame>& frames() {
  static const std::vector<frame> all = [] {
    std::vector<frame> out;
    for (const char* file : {
             "kbandla__dpkt/examples/data/http.pcap",
             "kbandla__dpkt/examples/data/dns_icmp.pcap",
             "seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/tls.pcap",
             "zeek__zeek/testing/btest/Traces/tunnels/gre-sample.pcap",
             "the-tcpdump-group__tcpdump/tests/vxlan.pcap",
             "the-tcpdump-group__tcpdump/tests/geneve.pcap",
         }) {
      auto reader = pktscope::capture_reader::open(corpus_dir() + "/" + file);
      if (!reader) {
        continue;
      }
      while (const pktscope::packet* p = reader->next()) {
        out.push_back({{p->data.begin(), p->data.end()}, p->link});
      }
    }
    return out;
  }();
  return all;
}

void run(benchmark::State& state, const pktscope::decode_options& opt) {
  const auto& fs = frames();
  if (fs.empty()) {
    state.SkipWithError("corpus not found (set PKTSCOPE_CORPUS)");
    return;
  }
  std::size_t total_bytes = 0;
  for (const frame& f : fs) {
    total_bytes += f.data.size();
  }
  pktscope::decoded_packet out;
  std::uint64_t layers = 0;
  for (auto _ : state) {
    for (const frame& f : fs) {
      const auto r = pktscope::decode(pktscope::bytes(f.data), f.link, opt, out);
      benchmark::DoNotOptimize(r);
      layers += out.layer_count;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * fs.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes));
  state.counters["layers/pkt"] =
      static_cast<double>(layers) / static_cast<double>(state.iterations() * fs.size());
  state.counters["packets"] = static_cast<double>(fs.size());
}

void BM_decode_link_only(benchmark::State& state) {
  pktscope::decode_options o;
  o.deepest = pktscope::stop_at::link;
  run(state, o);
}
void BM_decode_to_l4(benchmark::State& state) {
  pktscope::decode_options o;
  o.deepest = pktscope::stop_at::transport;
  run(state, o);
}
void BM_decode_full(benchmark::State& state) {
  run(state, {});
}
void BM_decode_full_checksums(benchmark::State& state) {
  pktscope::decode_options o;
  o.verify_checksums = true;
  run(state, o);
}

} // namespace

BENCHMARK(BM_decode_link_only);
BENCHMARK(BM_decode_to_l4);
BENCHMARK(BM_decode_full);
BENCHMARK(BM_decode_full_checksums);
BENCHMARK_MAIN();
