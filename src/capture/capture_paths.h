// Where captures go and what they are called: one folder (created on demand) and names that sort
// by time and never collide, so a screenshot or a recording never overwrites an earlier one.
#pragma once
#include <ctime>
#include <string>

namespace livedream::capture {

// $LIVEDREAM_CAPTURES if set, else "captures" (relative to the working folder).
std::string default_captures_dir();

// Creates `dir` (and its parents) if missing and checks that files can be created in it.
// Throws livedream::Error (runtime) naming the folder, the reason and the fix.
void ensure_writable_dir(const std::string& dir);

// Checks, by creating and removing a probe file, that new files can be created in `dir`, which
// must exist. Throws livedream::Error (runtime): "cannot write to folder DIR: REASON (fix)".
void check_writable_dir(const std::string& dir);

// "livedream-YYYYMMDD-HHMMSS-NNN" (local time of `when`, NNN from 001) such that no entry of `dir`
// is named that stem or starts with "stem." — so "<stem>.png", "<stem>.json" and a folder
// "<stem>" are all free. Checking is not reserving: writers still create files exclusively.
std::string unique_capture_stem(const std::string& dir, std::time_t when);
std::string capture_stem(std::time_t when, int counter);  // the name for one counter value

}  // namespace livedream::capture
