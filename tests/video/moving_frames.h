// Frames with known motion for the video tests: windows onto the sky photo (a camera panning over
// it: the content moves the other way), and a textured patch sliding over a still background.
#pragma once
#include "core/image.h"
#include "core/motion_field.h"

namespace livedream::test {

// The width x height window of `photo` whose top-left corner is (left, top).
Image crop(const Image& photo, int left, int top, int width, int height);

// `background` with the top-left `size` x `size` pixels of `patch` pasted at (left, top).
Image paste(const Image& background, const Image& patch, int left, int top, int size);

// The motion a camera makes moving its window by (dx, dy) whole pixels: every pixel's content was
// (dx, dy) away in the last frame; what came into view from outside is occluded.
MotionField camera_shift(int width, int height, int dx, int dy);

}  // namespace livedream::test
