#include "app/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "core/log.h"

namespace livedream::app {
namespace {

std::string duration_text(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else if (s >= 60)
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%lds", s);
  return text;
}

std::string bar_text(double fraction) {
  constexpr int kBarWidth = 24;
  const int filled = std::clamp(static_cast<int>(std::floor(fraction * kBarWidth)), 0, kBarWidth);
  std::string bar = "[";
  for (int i = 0; i < kBarWidth; ++i) bar += i < filled ? '#' : '.';
  return bar + "]";
}

}  // namespace

ProgressBar::ProgressBar(bool enabled, std::FILE* out) : enabled_(enabled), out_(out) {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }
bool ProgressBar::shown_by_default() { return stderr_is_terminal() && log::enabled(log::Level::Info); }

std::string ProgressBar::format(int64_t step, int64_t total_steps, int octave, int octaves, float loss, double elapsed_s) {
  const double fraction = total_steps > 0 ? static_cast<double>(step) / static_cast<double>(total_steps) : 1.0;
  const std::string bar = bar_text(fraction);
  const double rate = elapsed_s > 0 ? static_cast<double>(step) / elapsed_s : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_steps - step) / rate : 0.0;
  char text[160];
  std::snprintf(text, sizeof text, "%s step %lld/%lld  octave %d/%d  loss %.4g  %.2f steps/s  ETA %s", bar.c_str(),
                static_cast<long long>(step), static_cast<long long>(total_steps), octave + 1, octaves, static_cast<double>(loss), rate,
                duration_text(eta).c_str());
  return text;
}

std::string ProgressBar::format_frames(int64_t frame, int64_t total_frames, double elapsed_s) {
  const double rate = elapsed_s > 0 ? static_cast<double>(frame) / elapsed_s : 0.0;
  char text[160];
  if (total_frames > 0) {
    const double eta = rate > 0 ? static_cast<double>(total_frames - frame) / rate : 0.0;
    std::snprintf(text, sizeof text, "%s frame %lld/%lld  %.2f fps  ETA %s",
                  bar_text(static_cast<double>(frame) / static_cast<double>(total_frames)).c_str(), static_cast<long long>(frame),
                  static_cast<long long>(total_frames), rate, duration_text(eta).c_str());
  } else {
    std::snprintf(text, sizeof text, "frame %lld  %.2f fps  %s", static_cast<long long>(frame), rate, duration_text(elapsed_s).c_str());
  }
  return text;
}

std::string ProgressBar::format_items(int64_t done, int64_t total, const std::string& unit, double elapsed_s) {
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  char text[160];
  std::snprintf(text, sizeof text, "%s %lld/%lld %s  %.2f/s  ETA %s",
                bar_text(total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0).c_str(), static_cast<long long>(done),
                static_cast<long long>(total), unit.c_str(), rate, duration_text(eta).c_str());
  return text;
}

void ProgressBar::update_items(int64_t done, int64_t total, const std::string& unit) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(format_items(done, total, unit, std::chrono::duration<double>(now - start_).count()));
}

void ProgressBar::update_frames(int64_t frame, int64_t total_frames) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (drawn_ && frame != total_frames && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(format_frames(frame, total_frames, std::chrono::duration<double>(now - start_).count()));
}

void ProgressBar::update(int64_t step, int64_t total_steps, int octave, int octaves, float loss) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (drawn_ && step < total_steps && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(format(step, total_steps, octave, octaves, loss, std::chrono::duration<double>(now - start_).count()));
}

void ProgressBar::draw(const std::string& line) {
  // Pad over the previous line's tail: lines can get shorter (the ETA, the loss).
  const size_t pad = last_width_ > line.size() ? last_width_ - line.size() : 0;
  std::fprintf(out_, "\r%s%s", line.c_str(), std::string(pad, ' ').c_str());
  std::fflush(out_);
  last_width_ = line.size();
  drawn_ = true;
}

void ProgressBar::finish() {
  if (!drawn_) return;
  std::fputc('\n', out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace livedream::app
