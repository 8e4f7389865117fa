#include "plot/canvas.hpp"

#include "cli_error.hpp"
#include "output/text.hpp"

#include <cairo.h>
#include <fmt/format.h>
#include <fontconfig/fontconfig.h>

#include <cmath>

namespace pktscope::cli::plot {

namespace {

constexpr const char* font_family = "DejaVu Sans";

void select_font(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

/// A 1x1 surface kept for measuring text.
struct measurer {
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t* cr = cairo_create(surface);
  measurer() = default;
  measurer(const measurer&) = delete;
  measurer& operator=(const measurer&) = delete;
  ~measurer() {
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
  }
};

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::string*>(closure);
  for (unsigned int i = 0; i < length; ++i) {
    out->push_back(static_cast<char>(data[i]));
  }
  return CAIRO_STATUS_SUCCESS;
}

class png_canvas final : public canvas {
public:
  png_canvas(int w, int h)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h)),
        cr_(cairo_create(surface_)) {
    cairo_set_source_rgb(cr_, 1, 1, 1);
    cairo_paint(cr_);
  }
  ~png_canvas() override {
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  png_canvas(const png_canvas&) = delete;
  png_canvas& operator=(const png_canvas&) = delete;

  void rect(double x, double y, double w, double h, rgb fill) override {
    cairo_set_source_rgb(cr_, fill.r, fill.g, fill.b);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
  }
  void line(double x0, double y0, double x1, double y1, rgb stroke, double width) override {
    cairo_set_source_rgb(cr_, stroke.r, stroke.g, stroke.b);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }
  void polyline(const std::vector<point>& pts, rgb stroke, double width) override {
    if (pts.size() < 2) {
      return;
    }
    cairo_set_source_rgb(cr_, stroke.r, stroke.g, stroke.b);
    cairo_set_line_width(cr_, width);
    cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr_, pts[0].x, pts[0].y);
    for (std::size_t i = 1; i < pts.size(); ++i) {
      cairo_line_to(cr_, pts[i].x, pts[i].y);
    }
    cairo_stroke(cr_);
  }
  void polygon(const std::vector<point>& pts, rgb fill, double opacity) override {
    if (pts.size() < 3) {
      return;
    }
    cairo_set_source_rgba(cr_, fill.r, fill.g, fill.b, opacity);
    cairo_move_to(cr_, pts[0].x, pts[0].y);
    for (std::size_t i = 1; i < pts.size(); ++i) {
      cairo_line_to(cr_, pts[i].x, pts[i].y);
    }
    cairo_close_path(cr_);
    cairo_fill(cr_);
  }
  void text(double x, double y, std::string_view s, double size, rgb color, anchor a, bool bold,
            bool rotate_90) override {
    const std::string str(s);
    select_font(cr_, size, bold);
    cairo_text_extents_t ext;
    cairo_text_extents(cr_, str.c_str(), &ext);
    const double shift = a == anchor::start    ? 0
                         : a == anchor::middle ? ext.x_advance / 2
                                               : ext.x_advance;
    cairo_save(cr_);
    cairo_translate(cr_, x, y);
    if (rotate_90) {
      cairo_rotate(cr_, -M_PI / 2);
    }
    cairo_move_to(cr_, -shift, 0);
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_show_text(cr_, str.c_str());
    cairo_restore(cr_);
  }
  std::string finish() override {
    cairo_surface_flush(surface_);
    std::string out;
    if (cairo_surface_write_to_png_stream(surface_, append_png, &out) != CAIRO_STATUS_SUCCESS) {
      throw cli_error(exit_code::io, "cannot encode the PNG image");
    }
    return out;
  }

private:
  cairo_surface_t* surface_;
  cairo_t* cr_;
};

std::string svg_color(rgb c) {
  const auto ch = [](double v) { return static_cast<unsigned>(std::lround(v * 255)); };
  return fmt::format("#{:02x}{:02x}{:02x}", ch(c.r), ch(c.g), ch(c.b));
}

class svg_canvas final : public canvas {
public:
  svg_canvas(int w, int h) {
    out_ = fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
                       "viewBox=\"0 0 {0} {1}\" font-family=\"{2}, sans-serif\">\n"
                       "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
                       w, h, font_family);
  }
  void rect(double x, double y, double w, double h, rgb fill) override {
    out_ += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" "
                        "fill=\"{}\"/>\n",
                        x, y, w, h, svg_color(fill));
  }
  void line(double x0, double y0, double x1, double y1, rgb stroke, double width) override {
    out_ += fmt::format("<line x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" "
                        "stroke=\"{}\" stroke-width=\"{:.2f}\"/>\n",
                        x0, y0, x1, y1, svg_color(stroke), width);
  }
  void polyline(const std::vector<point>& pts, rgb stroke, double width) override {
    out_ += "<polyline fill=\"none\" stroke-linejoin=\"round\" points=\"";
    append_points(pts);
    out_ += fmt::format("\" stroke=\"{}\" stroke-width=\"{:.2f}\"/>\n", svg_color(stroke), width);
  }
  void polygon(const std::vector<point>& pts, rgb fill, double opacity) override {
    out_ += "<polygon points=\"";
    append_points(pts);
    out_ += fmt::format("\" fill=\"{}\" fill-opacity=\"{:.2f}\"/>\n", svg_color(fill), opacity);
  }
  void text(double x, double y, std::string_view s, double size, rgb color, anchor a, bool bold,
            bool rotate_90) override {
    const char* an = a == anchor::start ? "start" : a == anchor::middle ? "middle" : "end";
    out_ += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"{:.1f}\" fill=\"{}\" "
                        "text-anchor=\"{}\"{}{}>",
                        x, y, size, svg_color(color), an, bold ? " font-weight=\"bold\"" : "",
                        rotate_90 ? fmt::format(" transform=\"rotate(-90 {:.2f} {:.2f})\"", x, y)
                                  : std::string{});
    output::append_markup_text(out_, s);
    out_ += "</text>\n";
  }
  std::string finish() override {
    out_ += "</svg>\n";
    return std::move(out_);
  }

private:
  void append_points(const std::vector<point>& pts) {
    for (const point& p : pts) {
      out_ += fmt::format("{:.2f},{:.2f} ", p.x, p.y);
    }
  }
  std::string out_;
};

std::unique_ptr<measurer>& the_measurer() {
  static std::unique_ptr<measurer> m;
  return m;
}

} // namespace

double canvas::text_width(std::string_view s, double size, bool bold) {
  auto& mp = the_measurer();
  if (!mp) {
    mp = std::make_unique<measurer>();
  }
  const measurer& m = *mp;
  select_font(m.cr, size, bold);
  const std::string str(s);
  cairo_text_extents_t ext;
  cairo_text_extents(m.cr, str.c_str(), &ext);
  return ext.x_advance;
}

void release_fonts() noexcept {
  the_measurer().reset();
  cairo_debug_reset_static_data();
  FcFini();
}

std::unique_ptr<canvas> make_png_canvas(int width, int height) {
  return std::make_unique<png_canvas>(width, height);
}

std::unique_ptr<canvas> make_svg_canvas(int width, int height) {
  return std::make_unique<svg_canvas>(width, height);
}

} // namespace pktscope::cli::plot
