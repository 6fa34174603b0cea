#include "atlas/atlas_grid.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.h"

// Debian's stb ships the font as a header of static functions: no implementation file needed.
#include <stb_easy_font.h>

namespace livedream::atlas {
namespace {

constexpr int kGap = 2;                           // pixels between cells
constexpr uint8_t kBackground[3] = {32, 32, 32};  // dark grey: neither dark nor bright cells merge into it
constexpr uint8_t kLabelColour[3] = {235, 235, 235};

// stb_easy_font's vertex: x, y, z as floats and an RGBA colour.
struct FontVertex {
  float x, y, z;
  unsigned char colour[4];
};

void fill_rect(Image& image, int x0, int y0, int x1, int y1, const uint8_t rgb[3]) {
  x0 = std::max(x0, 0), y0 = std::max(y0, 0);
  x1 = std::min(x1, image.width), y1 = std::min(y1, image.height);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) std::memcpy(image.pixel(x, y), rgb, 3);
}

}  // namespace

int label_width(const std::string& text, int scale) { return stb_easy_font_width(const_cast<char*>(text.c_str())) * scale; }

int label_height(int scale) { return 7 * scale; }  // the font's capital height without descenders

void draw_label(Image& image, int x, int y, const std::string& text, int scale, const uint8_t rgb[3]) {
  // About 270 bytes per character is stb_easy_font's own worst case.
  std::vector<FontVertex> vertices(text.size() * 70 + 4);
  const int quads = stb_easy_font_print(0, 0, const_cast<char*>(text.c_str()), nullptr, vertices.data(),
                                        static_cast<int>(vertices.size() * sizeof(FontVertex)));
  for (int q = 0; q < quads; ++q) {
    const FontVertex* v = &vertices[static_cast<size_t>(q) * 4];
    // Each quad is an axis-aligned rectangle: corners 0 and 2 are opposite.
    const int qx0 = x + static_cast<int>(std::lround(std::min(v[0].x, v[2].x) * scale));
    const int qy0 = y + static_cast<int>(std::lround(std::min(v[0].y, v[2].y) * scale));
    const int qx1 = x + static_cast<int>(std::lround(std::max(v[0].x, v[2].x) * scale));
    const int qy1 = y + static_cast<int>(std::lround(std::max(v[0].y, v[2].y) * scale));
    fill_rect(image, qx0, qy0, qx1, qy1, rgb);
  }
}

Image compose_atlas_grid(const std::vector<int64_t>& channels, const std::vector<Image>& cells, int columns) {
  if (channels.size() != cells.size() || cells.empty())
    throw usage_error("an atlas grid needs one picture per channel (" + std::to_string(channels.size()) + " channels, " +
                          std::to_string(cells.size()) + " pictures)",
                      "pass the pictures the atlas builder returned for those channels");
  const int cell = cells.front().width;
  for (const auto& picture : cells)
    if (picture.width != cell || picture.height != cell)
      throw usage_error("the atlas pictures differ in size", "build them all with one --size");
  const int count = static_cast<int>(cells.size());
  if (columns <= 0) columns = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  columns = std::min(columns, count);
  const int rows = (count + columns - 1) / columns;
  const int scale = cell >= 160 ? 2 : 1;
  const int label_strip = label_height(scale) + 4 * scale;
  const int pitch_x = cell + kGap, pitch_y = cell + label_strip + kGap;

  Image grid;
  grid.width = kGap + columns * pitch_x;
  grid.height = kGap + rows * pitch_y;
  grid.rgb.resize(static_cast<size_t>(grid.width) * grid.height * 3);
  fill_rect(grid, 0, 0, grid.width, grid.height, kBackground);
  for (int i = 0; i < count; ++i) {
    const int x0 = kGap + (i % columns) * pitch_x, y0 = kGap + (i / columns) * pitch_y;
    for (int y = 0; y < cell; ++y)
      std::memcpy(grid.pixel(x0, y0 + y), cells[static_cast<size_t>(i)].pixel(0, y), static_cast<size_t>(cell) * 3);
    const std::string label = std::to_string(channels[static_cast<size_t>(i)]);
    const int text_x = x0 + (cell - label_width(label, scale)) / 2;
    draw_label(grid, text_x, y0 + cell + 2 * scale, label, scale, kLabelColour);
  }
  return grid;
}

}  // namespace livedream::atlas
