// The atlas picture: the channel pictures in a grid, each with its channel number under it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/image.h"

namespace livedream::atlas {

// `cells[i]` is channel `channels[i]`'s picture (all the same size). `columns` <= 0: about
// square. The label strip under each cell holds the channel number in white on dark grey.
// Throws livedream::Error (usage) when the counts differ or the cells differ in size.
Image compose_atlas_grid(const std::vector<int64_t>& channels, const std::vector<Image>& cells, int columns = 0);

// Draws `text` (digits, letters, punctuation: stb_easy_font's set) onto `image` with its top-left
// corner at (x, y), `scale` image pixels per font pixel; clipped at the image's edges.
void draw_label(Image& image, int x, int y, const std::string& text, int scale, const uint8_t rgb[3]);
// The label's width and height in image pixels at that scale.
int label_width(const std::string& text, int scale);
int label_height(int scale);

}  // namespace livedream::atlas
