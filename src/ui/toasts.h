// Status and error messages that appear over the dream for a few seconds (errors stay longer).
// Bad input anywhere in the viewer ends up here, never as a crash.
#pragma once
#include <array>
#include <deque>
#include <string>
#include <vector>

namespace livedream::ui {

enum class ToastLevel { Info, Warning, Error };

class Toasts {
 public:
  void push(ToastLevel level, std::string text);
  // Draws the live messages stacked at the bottom-right corner of the area (ImGui coordinates).
  void draw(float area_x, float area_y, float area_w, float area_h);
  size_t size() const { return items_.size(); }
  const std::deque<std::string>& log() const { return log_; }  // every message, newest last
  // Where the last draw() put them (ImGui coordinates: x, y, w, h each).
  const std::vector<std::array<float, 4>>& last_rects() const { return rects_; }

 private:
  struct Item {
    ToastLevel level;
    std::string text;
    double born = -1;  // ImGui time; set on first draw
  };
  std::deque<Item> items_;
  std::deque<std::string> log_;
  std::vector<std::array<float, 4>> rects_;
};

}  // namespace livedream::ui
