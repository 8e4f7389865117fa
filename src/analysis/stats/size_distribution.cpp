#include <pktscope/analysis/stats/size_distribution.hpp>

#include <pktscope/analysis/table_memory.hpp>

#include <algorithm>
#include <cmath>

namespace pktscope::stats {

size_distribution::size_distribution()
    : counts_(static_cast<std::uint64_t*>(std::calloc(max_exact + 1U, sizeof(std::uint64_t)))) {
  if (counts_ == nullptr) {
    detail::out_of_memory();
  }
  seen_.reserve(max_exact + 1U);
}

void size_distribution::note_first(std::uint32_t s) noexcept {
  if (!seen_.empty() && s < seen_.back()) {
    sorted_ = false;
  }
  seen_.push_back(s); // at most max_exact + 1 distinct sizes: within the reserve
}

void size_distribution::clear() noexcept {
  for (const std::uint32_t s : seen_) {
    counts_[s] = 0;
  }
  seen_.clear();
  sorted_ = true;
  count_ = sum_ = 0;
  min_ = max_exact;
  max_ = 0;
}

double size_distribution::mean() const noexcept {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

std::uint64_t size_distribution::at(std::uint32_t size) const noexcept {
  return counts_[std::min(size, max_exact)];
}

void size_distribution::sort_seen() noexcept {
  if (!sorted_) {
    std::sort(seen_.begin(), seen_.end());
    sorted_ = true;
  }
}

namespace {
/// 1-based rank of the q-quantile by the nearest-rank method: ceil(q * n), at least 1.
std::uint64_t rank_of(double q, std::uint64_t n) noexcept {
  if (q <= 0.0) {
    return 1;
  }
  const double r = std::ceil(q * static_cast<double>(n));
  if (r >= static_cast<double>(n)) {
    return n;
  }
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(r));
}
} // namespace

std::uint32_t size_distribution::percentile(double q) noexcept {
  if (count_ == 0) {
    return 0;
  }
  sort_seen();
  const std::uint64_t rank = rank_of(q, count_);
  std::uint64_t cum = 0;
  for (const std::uint32_t s : seen_) {
    cum += counts_[s];
    if (cum >= rank) {
      return s;
    }
  }
  return max_;
}

size_quantiles size_distribution::quantiles() noexcept {
  size_quantiles out;
  if (count_ == 0) {
    return out;
  }
  sort_seen();
  const std::array<std::uint64_t, 3> ranks = {rank_of(0.5, count_), rank_of(0.9, count_),
                                              rank_of(0.99, count_)};
  std::array<std::uint32_t, 3> at_rank{};
  std::size_t next = 0;
  std::uint64_t cum = 0;
  for (const std::uint32_t s : seen_) {
    cum += counts_[s];
    while (next < ranks.size() && cum >= ranks[next]) {
      at_rank[next++] = s;
    }
    if (next == ranks.size()) {
      break;
    }
  }
  out.min = min_;
  out.p50 = at_rank[0];
  out.p90 = at_rank[1];
  out.p99 = at_rank[2];
  out.max = max_;
  return out;
}

std::array<std::uint64_t, plen_bucket_max.size()> size_distribution::plen_buckets() const noexcept {
  std::array<std::uint64_t, plen_bucket_max.size()> out{};
  for (const std::uint32_t s : seen_) {
    std::size_t b = 0;
    while (s > plen_bucket_max[b]) {
      ++b;
    }
    out[b] += counts_[s];
  }
  return out;
}

} // namespace pktscope::stats
