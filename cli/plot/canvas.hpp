#pragma once
// Drawing surfaces for `pktscope plot`: PNG through cairo's image surface, and SVG written
// directly so that every label stays a <text> element (cairo's SVG surface turns text into
// glyph outlines). Both measure text with cairo, in the same font, so layouts agree.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pktscope::cli::plot {

struct rgb {
  double r = 0, g = 0, b = 0;
  [[nodiscard]] static rgb hex(std::uint32_t v) noexcept {
    return {static_cast<double>((v >> 16) & 0xff) / 255.0,
            static_cast<double>((v >> 8) & 0xff) / 255.0, static_cast<double>(v & 0xff) / 255.0};
  }
};

struct point {
  double x = 0, y = 0;
};

enum class anchor : std::uint8_t { start, middle, end };

class canvas {
public:
  virtual ~canvas() = default;
  canvas() = default;
  canvas(const canvas&) = delete;
  canvas& operator=(const canvas&) = delete;

  virtual void rect(double x, double y, double w, double h, rgb fill) = 0;
  virtual void line(double x0, double y0, double x1, double y1, rgb stroke, double width) = 0;
  virtual void polyline(const std::vector<point>& pts, rgb stroke, double width) = 0;
  /// A closed polygon, filled (with `opacity`), without outline.
  virtual void polygon(const std::vector<point>& pts, rgb fill, double opacity) = 0;
  /// Text with its baseline at y; `rotate_90` turns it to read upwards (y axis titles).
  virtual void text(double x, double y, std::string_view s, double size, rgb color, anchor a,
                    bool bold = false, bool rotate_90 = false) = 0;
  /// The finished file's bytes (PNG or SVG); throws cli_error(io) when encoding fails.
  virtual std::string finish() = 0;

  /// Width of `s` in pixels at `size` (cairo's measurement, DejaVu Sans).
  [[nodiscard]] static double text_width(std::string_view s, double size, bool bold = false);
};

/// Frees the font caches of cairo and fontconfig (so that leak checkers see no leak). Call
/// once, after every canvas is gone.
void release_fonts() noexcept;

/// "png" or "svg" surface of the given size (white background).
std::unique_ptr<canvas> make_png_canvas(int width, int height);
std::unique_ptr<canvas> make_svg_canvas(int width, int height);

} // namespace pktscope::cli::plot
