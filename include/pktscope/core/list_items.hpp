#pragma once
/// The items of a separated list as options and settings write them ("tcp,udp", "22,80-90",
/// "type=syn,rate=50"):
///
///   for (const std::string_view item : pktscope::list_items("tcp,,udp")) { ... } // tcp, udp
///
/// Items are views into the list, in order; empty ones are skipped, spaces are kept.

#include <cstddef>
#include <iterator>
#include <string_view>

namespace pktscope {

class list_items {
public:
  constexpr explicit list_items(std::string_view list, char separator = ',') noexcept
      : list_(list), separator_(separator) {}

  class iterator {
  public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;

    constexpr iterator() noexcept = default; // the end
    constexpr iterator(std::string_view rest, char separator) noexcept
        : rest_(rest), separator_(separator), done_(false) {
      advance();
    }
    constexpr std::string_view operator*() const noexcept { return item_; }
    constexpr iterator& operator++() noexcept {
      advance();
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      iterator before = *this;
      advance();
      return before;
    }
    constexpr bool operator==(const iterator& o) const noexcept {
      return done_ == o.done_ && (done_ || item_.data() == o.item_.data());
    }

  private:
    constexpr void advance() noexcept {
      while (!rest_.empty()) {
        const std::size_t at = rest_.find(separator_);
        item_ = rest_.substr(0, at);
        rest_ = at == std::string_view::npos ? std::string_view{} : rest_.substr(at + 1);
        if (!item_.empty()) {
          return;
        }
      }
      done_ = true;
    }
    std::string_view rest_, item_;
    char separator_ = ',';
    bool done_ = true; // no item left
  };

  [[nodiscard]] constexpr iterator begin() const noexcept { return {list_, separator_}; }
  [[nodiscard]] static constexpr iterator end() noexcept { return {}; }

private:
  std::string_view list_;
  char separator_;
};

} // namespace pktscope
