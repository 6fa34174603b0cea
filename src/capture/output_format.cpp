#include "capture/output_format.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/error.h"

namespace livedream::capture {
namespace fs = std::filesystem;

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

const char* const kAccepted = "use a .mp4 or .gif file, a folder, or a PNG pattern like frames/%06d.png";

// One conversion: %d, %Nd or %0Nd (N <= 2 digits); %% is a literal percent sign. Anything else
// would be handed to printf-style formatting, so it is refused here.
bool valid_pattern(const std::string& name) {
  int conversions = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '%') continue;
    if (i + 1 < name.size() && name[i + 1] == '%') {
      ++i;
      continue;
    }
    size_t j = i + 1, digits = 0;
    while (j < name.size() && std::isdigit(static_cast<unsigned char>(name[j]))) ++j, ++digits;
    if (digits > 2 || j >= name.size() || name[j] != 'd') return false;
    ++conversions;
    i = j;
  }
  return conversions == 1;
}
}  // namespace

OutputSpec parse_output(const std::string& out) {
  if (out.empty()) throw usage_error("--out is empty", kAccepted);
  OutputSpec spec;
  const fs::path path(out);
  const std::string name = path.filename().string();
  const std::string ext = lower(path.extension().string());
  std::error_code ec;
  if (out.back() == '/' || fs::is_directory(path, ec) || (ext.empty() && name.find('%') == std::string::npos)) {
    spec.format = OutputFormat::PngSequence;
    spec.path = out.back() == '/' && out.size() > 1 ? out.substr(0, out.find_last_not_of('/') + 1) : out;
    spec.png_pattern = kDefaultPngPattern;
    return spec;
  }
  if (name.find('%') != std::string::npos) {
    if (ext != ".png" || !valid_pattern(name))
      throw usage_error("--out " + out + " is not a PNG sequence pattern", "use one %d or %06d and end in .png, like frames/%06d.png");
    spec.format = OutputFormat::PngSequence;
    spec.path = path.has_parent_path() ? path.parent_path().string() : ".";
    spec.png_pattern = name;
    return spec;
  }
  if (ext == ".mp4")
    spec.format = OutputFormat::Mp4;
  else if (ext == ".gif")
    spec.format = OutputFormat::Gif;
  else if (ext == ".png")
    throw usage_error("--out " + out + " is one PNG, but a video has many frames",
                      "use a pattern like frames/%06d.png, a folder, .mp4 or .gif");
  else
    throw usage_error("cannot tell the video format of --out " + out, kAccepted);
  spec.path = out;
  return spec;
}

OutputSpec png_fallback_for(const OutputSpec& spec) {
  if (spec.format == OutputFormat::PngSequence) return spec;
  fs::path folder(spec.path);
  folder.replace_extension();
  OutputSpec png;
  png.format = OutputFormat::PngSequence;
  png.path = folder.string() + "-frames";
  png.png_pattern = kDefaultPngPattern;
  return png;
}

std::string png_frame_path(const OutputSpec& spec, int64_t index) {
  // Formats the validated pattern by hand: no user text ever reaches printf.
  std::string name;
  const std::string& p = spec.png_pattern;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '%') {
      name += p[i];
      continue;
    }
    if (p[i + 1] == '%') {
      name += '%';
      ++i;
      continue;
    }
    size_t j = i + 1;
    const bool zero = p[j] == '0';
    int width = 0;
    while (std::isdigit(static_cast<unsigned char>(p[j]))) width = width * 10 + (p[j++] - '0');
    const std::string digits = std::to_string(index);  // frame numbers are never negative
    const size_t pad = static_cast<size_t>(width) > digits.size() ? width - digits.size() : 0;
    name += std::string(pad, zero ? '0' : ' ') + digits;
    i = j;  // at the 'd'
  }
  return (fs::path(spec.path) / name).string();
}

std::string png_sequence_glob(const OutputSpec& spec) { return (fs::path(spec.path) / spec.png_pattern).string(); }

const char* to_string(OutputFormat format) {
  switch (format) {
    case OutputFormat::Mp4: return "MP4";
    case OutputFormat::Gif: return "GIF";
    case OutputFormat::PngSequence: return "PNG sequence";
  }
  return "?";
}

const char* file_extension(OutputFormat format) {
  switch (format) {
    case OutputFormat::Mp4: return ".mp4";
    case OutputFormat::Gif: return ".gif";
    case OutputFormat::PngSequence: return "/";
  }
  return ".mp4";
}

}  // namespace livedream::capture
