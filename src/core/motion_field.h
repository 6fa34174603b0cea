// Motion between two consecutive source frames of a video, as plain data: the video module
// estimates it (optical flow), the engine warps the dream's residual with it. Neither needs the
// other's library to exchange it.
#pragma once
#include <cstdint>
#include <vector>

namespace livedream {

struct MotionField {
  int width = 0, height = 0;  // the newer frame's size (the dream's size)
  // For each pixel (x, y) of frame t, where its content was in frame t-1, as an offset: it came
  // from (x + dx, y + dy). Row-major, 2 floats per pixel (dx, dy). This is the backward flow:
  // warping frame t-1 onto frame t samples it at these positions.
  std::vector<float> backward;
  // 1 where the content of frame t was not visible in frame t-1 (the forward-backward
  // consistency check of Ruder et al. 2016 failed, or it came from outside the frame): the dream
  // restarts from the source there. Row-major, one byte per pixel.
  std::vector<uint8_t> occluded;
  // How much of the dream to carry at each pixel, 0..255: the flow's confidence, falling from
  // 255 where the forward-backward check passes with room to 0 where it fails by twice its
  // tolerance (a soft edge instead of occluded's hard one); 0 where the content came from outside
  // the frame. Row-major, one byte per pixel; empty: 255 where not occluded, 0 where occluded.
  std::vector<uint8_t> carry_weight;

  bool empty() const { return width == 0 || height == 0; }
};

}  // namespace livedream
