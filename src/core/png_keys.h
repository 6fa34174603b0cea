// The PNG text chunks livedream writes and reads: one place for their names. A dream PNG (from
// `dream`, a viewer screenshot or a render frame) carries the parameters, so `--params-from` and
// `render --resume-from` can go on from it.
#pragma once

namespace livedream::png_keys {

inline constexpr const char* kParams = "livedream";                    // to_json(DreamParams)
inline constexpr const char* kModelSha256 = "livedream-model-sha256";  // the model that dreamt it
inline constexpr const char* kInput = "livedream-input";               // the image it started from
inline constexpr const char* kVersion = "livedream-version";
inline constexpr const char* kRender = "livedream-render";      // a render's settings (JSON)
inline constexpr const char* kFrame = "livedream-frame";        // a render frame's number
inline constexpr const char* kTimeline = "livedream-timeline";  // a live session's timeline (JSON)
inline constexpr const char* kSoftware = "Software";            // the PNG standard's key

}  // namespace livedream::png_keys
