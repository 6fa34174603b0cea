// Screenshots: a PNG in the captures folder under a fresh name (never overwriting anything),
// with every dream parameter in its "livedream" text chunk — the chunk `livedream dream
// --params-from` reads — and a JSON sidecar with the same parameters plus what the PNG shows.
#pragma once
#include <ctime>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dream_params.h"
#include "core/image.h"

namespace livedream::capture {

enum class ScreenshotKind {
  Dream,   // the engine's picture at its full resolution
  Window,  // the whole window, UI included (what the user saw)
};

struct ScreenshotInfo {
  DreamParams params;
  ScreenshotKind kind = ScreenshotKind::Dream;
  nlohmann::json extra = nlohmann::json::object();  // added to the sidecar (source, step, ...)
  // The session timeline that dreamt the picture (session/timeline.h, as JSON text): into the
  // PNG, so `dream --params-from` and `replay` can dream it again step for step. Empty: none.
  std::string timeline_json;
};

struct SavedScreenshot {
  std::string png;   // the image
  std::string json;  // its sidecar
};

// Creates `dir` if missing. Throws livedream::Error (runtime) with one line naming the file and
// the reason (unwritable folder, disk full); the PNG is kept if only the sidecar failed.
SavedScreenshot save_screenshot(const std::string& dir, const Image& image, const ScreenshotInfo& info,
                                std::time_t when = std::time(nullptr));

// The text chunks of a dream PNG: "livedream" (the parameters) and "Software", and the session
// timeline when one is given.
std::map<std::string, std::string> params_png_text(const DreamParams& params, const std::string& timeline_json = {});

const char* to_string(ScreenshotKind kind);  // "dream" | "window"

}  // namespace livedream::capture
