// A one-line progress display for long dreams on a terminal: step, octave, loss, speed, ETA.
// Quiet when stderr is not a terminal (pipes, logs, tests), so scripted runs print nothing.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace livedream::app {

class ProgressBar {
 public:
  // Draws on `out` when enabled; by default, when stderr is a terminal.
  // By default: on a terminal, unless --quiet.
  explicit ProgressBar(bool enabled = shown_by_default(), std::FILE* out = stderr);
  ~ProgressBar();  // ends the line if something was drawn
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  bool enabled() const { return enabled_; }
  // After each step. Redraws at most ten times a second, and always at the last step.
  void update(int64_t step, int64_t total_steps, int octave, int octaves, float loss);
  // A video render: after each frame (total_frames <= 0: unknown, as for a stream; no ETA then).
  void update_frames(int64_t frame, int64_t total_frames);
  // Any count of finished items (the atlas's channel pictures): "[###...] 12/512 channels  0.8/s  ETA 9m40s".
  void update_items(int64_t done, int64_t total, const std::string& unit);
  void finish();

  // The text of one update (without the carriage return), for tests.
  static std::string format(int64_t step, int64_t total_steps, int octave, int octaves, float loss, double elapsed_s);
  static std::string format_frames(int64_t frame, int64_t total_frames, double elapsed_s);
  static std::string format_items(int64_t done, int64_t total, const std::string& unit, double elapsed_s);
  static bool stderr_is_terminal();
  static bool shown_by_default();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::FILE* out_;
  Clock::time_point start_ = Clock::now(), last_draw_{};
  void draw(const std::string& line);
  bool drawn_ = false;
  size_t last_width_ = 0;
};

}  // namespace livedream::app
