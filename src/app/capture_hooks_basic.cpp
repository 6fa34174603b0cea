#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "app/capture_hooks.h"
#include "core/error.h"

namespace livedream::app {
namespace {
namespace fs = std::filesystem;

class BasicCapture final : public CaptureHooks {
 public:
  explicit BasicCapture(std::string folder) : folder_(std::move(folder)) {}

  std::string on_screenshot(const Image& dream, const DreamParams& params, int64_t step) override {
    if (dream.empty()) throw runtime_error("nothing to save yet", "wait for the first dream frame");
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec) throw runtime_error("cannot create " + folder_ + ": " + ec.message(), "run livedream from a writable folder");
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    localtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    const std::string base = folder_ + "/livedream-" + stamp + "-s" + std::to_string(step);
    std::string path = base + ".png";
    for (int i = 2; fs::exists(path, ec); ++i) path = base + "-" + std::to_string(i) + ".png";
    save_png(path, dream, png_params_text(params));
    return "saved " + path;
  }

  std::string on_toggle_recording(const DreamParams&) override {
    throw runtime_error("recording is not available in this build yet", "use F12 for screenshots");
  }
  bool recording() const override { return false; }
  void on_engine_frame(const CaptureFrame&) override {}

 private:
  std::string folder_;
};

}  // namespace

std::map<std::string, std::string> png_params_text(const DreamParams& params) {
  return {{"livedream", to_json(params).dump()}, {"Software", "livedream"}};
}

std::unique_ptr<CaptureHooks> make_basic_capture(const std::string& folder) { return std::make_unique<BasicCapture>(folder); }

}  // namespace livedream::app
