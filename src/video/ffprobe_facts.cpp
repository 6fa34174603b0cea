#include "video/ffprobe_facts.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "core/child_process.h"
#include "core/error.h"

namespace livedream::video {
namespace {

// "30000/1001" -> 29.97; 0 for "0/0" or anything unreadable.
double rate_value(const std::string& rate) {
  const auto slash = rate.find('/');
  try {
    if (slash == std::string::npos) return std::stod(rate);
    const double num = std::stod(rate.substr(0, slash)), den = std::stod(rate.substr(slash + 1));
    return den > 0 ? num / den : 0.0;
  } catch (const std::exception&) {
    return 0.0;
  }
}

double number_field(const nlohmann::json& object, const char* key, double fallback) {
  if (!object.contains(key)) return fallback;
  const auto& value = object[key];
  try {
    if (value.is_number()) return value.get<double>();
    if (value.is_string()) return std::stod(value.get<std::string>());
  } catch (const std::exception&) {
  }
  return fallback;
}

std::string string_field(const nlohmann::json& object, const char* key) {
  return object.contains(key) && object[key].is_string() ? object[key].get<std::string>() : std::string();
}

}  // namespace

std::string explain_ffmpeg_error(const std::string& line) {
  auto has = [&](const char* text) { return line.find(text) != std::string::npos; };
  if (has("No such file or directory")) return "no such file";
  if (has("Permission denied")) return "permission denied";
  if (has("Connection refused")) return "connection refused";
  if (has("timed out") || has("Operation timed out") || has("Connection timed out")) return "the connection timed out";
  if (has("Name or service not known") || has("Failed to resolve")) return "unknown host";
  if (has("Server returned 404") || has("404 Not Found")) return "not found on the server (HTTP 404)";
  if (has("Server returned")) {
    const auto at = line.find("Server returned");
    return "the server refused it (" + line.substr(at + 16) + ")";
  }
  if (has("Device or resource busy")) return "the camera is busy (another program is using it)";
  if (has("moov atom not found") || has("Invalid data found") || has("could not find codec parameters"))
    return "not a video ffmpeg can read (damaged, truncated or another kind of file)";
  // "[mov,mp4 @ 0x55d0] message" -> "message"; "path: message" -> "message".
  std::string text = line;
  if (!text.empty() && text[0] == '[') {
    const auto close = text.find("] ");
    if (close != std::string::npos) text = text.substr(close + 2);
  }
  return text.empty() ? std::string("ffmpeg could not read it") : "ffmpeg: " + text;
}

VideoInfo parse_probe_json(const std::string& json_text, const std::string& name) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(json_text);
  } catch (const std::exception& e) {
    throw runtime_error("cannot read what ffprobe says about " + name + " (" + first_line(e.what()) + ")",
                        "check that ffprobe is the one from ffmpeg");
  }
  VideoInfo info;
  info.name = name;
  const nlohmann::json* video = nullptr;
  if (json.contains("streams") && json["streams"].is_array()) {
    for (const auto& stream : json["streams"]) {
      const std::string type = string_field(stream, "codec_type");
      if (type == "video" && !video) video = &stream;
      if (type == "audio") info.has_audio = true;
    }
  }
  if (!video) throw runtime_error(name + " has no video stream", "give a video file, an image sequence, a stream or a camera");
  info.width = static_cast<int>(number_field(*video, "width", 0));
  info.height = static_cast<int>(number_field(*video, "height", 0));
  if (info.width <= 0 || info.height <= 0)
    throw runtime_error(name + ": ffprobe cannot tell the size of its frames", "convert it with ffmpeg and retry");
  // Phones store portrait video as landscape with a rotation that ffmpeg applies when decoding.
  if (video->contains("side_data_list") && (*video)["side_data_list"].is_array())
    for (const auto& side : (*video)["side_data_list"]) {
      const long rotation = std::lround(number_field(side, "rotation", 0));
      if (rotation % 180 != 0) std::swap(info.width, info.height);
    }
  // The stream's own rate (r_frame_rate), which players and ffmpeg's conversions keep: a 25/1
  // file cut by stream copy averages 7500/299, and a variable-rate one averages below its rate.
  // The average only where the rate is a timestamp grid rather than a frame rate (over 210 fps
  // for under 70 on average), as ffmpeg's av_guess_frame_rate decides.
  const std::string own_rate = string_field(*video, "r_frame_rate"), average = string_field(*video, "avg_frame_rate");
  const double own = rate_value(own_rate), avg = rate_value(average);
  info.frame_rate = own > 0 && !(own > 210 && avg > 0 && avg < 70) ? own_rate : average;
  info.fps = rate_value(info.frame_rate);
  if (info.fps <= 0 || info.fps > 1000) {  // a still image, or a rate nobody can play: 25, as ffmpeg does
    info.frame_rate = "25/1";
    info.fps = 25.0;
  }
  double duration = number_field(*video, "duration", -1);
  if (duration <= 0 && json.contains("format")) duration = number_field(json["format"], "duration", -1);
  info.duration_s = duration > 0 ? duration : -1;
  // Frames are decoded one per tick of the rate through the duration (pipe_decoder.h), so the
  // count follows from those; the container's nb_frames counts packets, which an edit list or a
  // variable rate make differ. A duration ending half-way through a tick gives the tick before.
  if (info.duration_s > 0) info.frame_count = std::max<int64_t>(1, std::llround(info.duration_s * info.fps - 0.01));
  return info;
}

VideoInfo probe_input(const std::string& ffprobe, const std::string& name, InputKind kind, const std::vector<std::string>& input_args,
                      const std::string& input, double timeout_s) {
  std::vector<std::string> args = {"-v",
                                   "error",
                                   "-of",
                                   "json",
                                   "-show_entries",
                                   "stream=codec_type,width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:"
                                   "stream_side_data=rotation:format=duration"};
  args.insert(args.end(), input_args.begin(), input_args.end());
  args.push_back("-i");
  args.push_back(input);
  const auto result = run_child(ffprobe, args, timeout_s);
  const std::string what = std::string(to_string(kind)) + " " + name;
  if (result.timed_out) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", timeout_s);
    throw runtime_error(what + " did not answer within " + seconds + " s", kind == InputKind::Camera
                                                                               ? "check that the camera works (another program may hold it)"
                                                                               : "check the address and the network, then retry");
  }
  if (!result.ok() || result.out.find("\"codec_type\"") == std::string::npos) {
    const std::string reason = result.error_line.empty() ? std::string("no video stream found") : explain_ffmpeg_error(result.error_line);
    // What the input named cannot be read: a runtime failure (exit 1), as for an unreadable
    // image; the fix differs by kind.
    const bool network = kind == InputKind::Stream;
    if (network) throw runtime_error("cannot open " + what + ": " + reason, "check the address and the network, then retry");
    if (kind == InputKind::Camera)
      throw runtime_error("cannot open " + what + ": " + reason, "check that the camera is connected and no other program holds it");
    throw runtime_error("cannot open " + what + ": " + reason, kind == InputKind::ImageSequence
                                                                   ? "check the pattern: frames/%06d.png names frames/000000.png, ..."
                                                                   : "give a video file ffmpeg can play");
  }
  return parse_probe_json(result.out, name);
}

}  // namespace livedream::video
