// livedream_temporal_bench: how much a dreamt video flickers with each temporal mode, and what
// the motion costs. Reads a folder of PNG frames (bench/temporal makes them from a video with
// ffmpeg) and runs the pipeline `livedream render VIDEO` runs per frame: MotionTracker::next on
// the source, Engine::next_frame, --steps-per-frame ascent steps; the FlickerMeter measures the
// warping error of Lai et al. 2018 against the source's (the flicker ratio) and the strength.
//
//   livedream_temporal_bench MODEL FRAMES_DIR [--preset NAME] [--frames N] [--steps-per-frame K]
//       [--modes still,off,blend,flow] [--decay D] [--blend B] [--max-dim N] [--octave-mode M]
//       [--step-size S] [--jitter J]
//       [--keep FIRST,COUNT --keep-dir DIR] [--cost-size PX] [--cost-frames N] [--json FILE]
//       [--settle N] [--given OUTPUT_FRAMES_DIR]
//
// --given measures a dreamt video made elsewhere against FRAMES_DIR instead of dreaming (mode
// "given"): the floor of issue 24, a still dream panned rigidly through the same scaling and coding.
//
// --settle N also reports the frames from N on alone: a progressive schedule spends its first
// steps (10 x 4 octaves for the classic preset: 8 frames at 5 steps each) growing the dream from
// the smallest octave, and a clip of a few seconds would otherwise be mostly that start.
// Modes: off, blend and flow as --temporal; "still" dreams every frame alone with the preset's
// whole schedule (Engine::run per frame), the way frames dreamt one by one look.
// --cost-size times the tracker (optical flow, consistency check, cut test) and next_frame
// (upload, warp) on frames scaled to PX against one ascent step at that size (flow mode).
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "core/error.h"
#include "core/image.h"
#include "core/image_resize.h"
#include "core/presets.h"
#include "dream/engine.h"
#include "dream/model.h"
#include "video/flicker_meter.h"
#include "video/motion_tracker.h"

namespace {
namespace fs = std::filesystem;
using namespace livedream;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  return parts;
}

struct Options {
  std::string model, frames_dir, preset = "classic", json, keep_dir, octave_mode, given_dir;
  std::vector<std::string> modes = {"still", "off", "blend", "flow"};
  int settle = 0;
  int frames = 40, steps_per_frame = 5, max_dim = -1, keep_first = -1, keep_count = 0, cost_size = 0, cost_frames = 12;
  float decay = -1.0f, blend = -1.0f, step_size = -1.0f;
  int jitter = -1;
};

Options parse(int argc, char** argv) {
  if (argc < 3) throw usage_error("usage: livedream_temporal_bench MODEL FRAMES_DIR [options]", "see bench/temporal.cpp");
  Options o;
  o.model = argv[1];
  o.frames_dir = argv[2];
  for (int i = 3; i < argc; ++i) {
    const std::string key = argv[i];
    if (i + 1 >= argc) throw usage_error(key + " needs a value", "see bench/temporal.cpp");
    const std::string value = argv[++i];
    if (key == "--preset")
      o.preset = value;
    else if (key == "--frames")
      o.frames = std::stoi(value);
    else if (key == "--steps-per-frame")
      o.steps_per_frame = std::stoi(value);
    else if (key == "--modes")
      o.modes = split(value, ',');
    else if (key == "--decay")
      o.decay = std::stof(value);
    else if (key == "--blend")
      o.blend = std::stof(value);
    else if (key == "--step-size")
      o.step_size = std::stof(value);
    else if (key == "--jitter")
      o.jitter = std::stoi(value);
    else if (key == "--max-dim")
      o.max_dim = std::stoi(value);
    else if (key == "--octave-mode")
      o.octave_mode = value;
    else if (key == "--json")
      o.json = value;
    else if (key == "--keep-dir")
      o.keep_dir = value;
    else if (key == "--keep") {
      const auto parts = split(value, ',');
      o.keep_first = std::stoi(parts.at(0));
      o.keep_count = parts.size() > 1 ? std::stoi(parts[1]) : 1;
    } else if (key == "--cost-size")
      o.cost_size = std::stoi(value);
    else if (key == "--cost-frames")
      o.cost_frames = std::stoi(value);
    else if (key == "--settle")
      o.settle = std::stoi(value);
    else if (key == "--given") {
      o.given_dir = value;
      o.modes = {"given"};
    } else
      throw usage_error("unknown option " + key, "see bench/temporal.cpp");
  }
  return o;
}

std::vector<std::string> frame_files(const std::string& dir, int limit) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".png") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw runtime_error("no PNG frames in " + dir, "make them with bench/temporal");
  if (limit > 0 && static_cast<int>(files.size()) > limit) files.resize(static_cast<size_t>(limit));
  return files;
}

struct ModeResult {
  video::FlickerReport flicker, settled;
  int steps_per_frame = 0;
  double seconds = 0.0;
};

ModeResult run_mode(const std::string& mode, const std::vector<Image>& frames, const std::shared_ptr<dream::Model>& model,
                    DreamParams params, const Options& o) {
  const bool still = mode == "still", given = mode == "given";
  if (!still && !given) params.temporal = parse_temporal_mode(mode);
  const std::vector<std::string> given_files =
      given ? frame_files(o.given_dir, static_cast<int>(frames.size())) : std::vector<std::string>{};
  if (given && given_files.size() < frames.size()) throw runtime_error(o.given_dir + " has fewer frames than the source", "give as many");
  dream::Engine engine(model, params);
  video::MotionTracker tracker;
  video::FlickerMeter meter(mode), settled(mode + " settled");
  const auto start = Clock::now();
  for (size_t i = 0; i < frames.size(); ++i) {
    const Image& source = frames[i];
    const auto change = tracker.next(source);
    Image output;
    if (given) {  // an output made elsewhere (the rigid pan of a still dream): measured only
      output = load_image(given_files[i]);
      if (output.width != source.width || output.height != source.height) output = resize_image(output, source.width, source.height);
    } else if (still) {
      engine.set_source(source);
      engine.run();
    } else {
      engine.next_frame(source, change.kind == video::FrameChange::Kind::Motion ? &change.motion : nullptr);
      for (int s = 0; s < o.steps_per_frame; ++s) engine.step();
    }
    if (!given) output = engine.frame();
    meter.add(source, output, change);
    if (static_cast<int>(i) >= o.settle) settled.add(source, output, change);
    const int n = static_cast<int>(i);
    if (!o.keep_dir.empty() && n >= o.keep_first && n < o.keep_first + o.keep_count) {
      char name[64];
      std::snprintf(name, sizeof name, "/%s-%04d.png", mode.c_str(), n);
      save_png(o.keep_dir + name, output);
      std::snprintf(name, sizeof name, "/source-%04d.png", n);
      save_png(o.keep_dir + name, source);
    }
  }
  ModeResult r;
  r.flicker = meter.report();
  r.settled = settled.report();
  r.steps_per_frame = given   ? 0
                      : still ? (params.octave_mode == OctaveMode::Progressive ? params.steps * params.octaves : params.steps)
                              : o.steps_per_frame;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

struct Cost {
  int width = 0, height = 0;
  double tracker_ms = 0, next_frame_ms = 0, step_ms = 0;
};

// Flow mode at `size` px: the tracker and next_frame per frame against one full-size step.
Cost measure_cost(const std::vector<Image>& frames, const std::shared_ptr<dream::Model>& model, DreamParams params, int size, int count) {
  params.temporal = TemporalMode::Flow;
  params.octaves = 1;  // every step at full size
  params.max_dim = 0;  // the frames come at `size`
  dream::Engine engine(model, params);
  video::MotionTracker tracker;
  std::vector<double> tracker_ms, next_ms, step_ms;
  Cost cost;
  for (int i = 0; i < count; ++i) {
    const Image& frame = frames[static_cast<size_t>(i) % frames.size()];
    const double scale = static_cast<double>(size) / std::max(frame.width, frame.height);
    const Image source = resize_image(frame, static_cast<int>(frame.width * scale + 0.5), static_cast<int>(frame.height * scale + 0.5));
    cost.width = source.width;
    cost.height = source.height;
    auto t = Clock::now();
    const auto change = tracker.next(source);
    const double tracked = ms_since(t);
    t = Clock::now();
    engine.next_frame(source, change.kind == video::FrameChange::Kind::Motion ? &change.motion : nullptr);
    const double carried = ms_since(t);
    t = Clock::now();
    engine.step();
    const double stepped = ms_since(t);
    if (change.kind == video::FrameChange::Kind::Motion && i >= 2) {  // the first ones warm up
      tracker_ms.push_back(tracked);
      next_ms.push_back(carried);
      step_ms.push_back(stepped);
    }
  }
  cost.tracker_ms = median(tracker_ms);
  cost.next_frame_ms = median(next_ms);
  cost.step_ms = median(step_ms);
  return cost;
}

int run(int argc, char** argv) {
  const Options o = parse(argc, argv);
  DreamParams params = load_preset(o.preset);
  params.model = o.model;
  if (o.max_dim >= 0) params.max_dim = o.max_dim;
  if (o.decay >= 0.0f) params.temporal_decay = o.decay;
  if (o.blend >= 0.0f) params.temporal_blend = o.blend;
  if (o.step_size >= 0.0f) params.step_size = o.step_size;
  if (o.jitter >= 0) params.jitter = o.jitter;
  if (!o.octave_mode.empty()) params.octave_mode = parse_octave_mode(o.octave_mode);
  validate(params);
  auto model = std::make_shared<dream::Model>(dream::Model::load(o.model, torch::kCPU, torch::kFloat32));
  std::vector<Image> frames;
  for (const auto& file : frame_files(o.frames_dir, o.frames)) frames.push_back(fit_longest_side(load_image(file), params.max_dim));
  std::cerr << "temporal bench: " << frames.size() << " frames of " << frames[0].width << "x" << frames[0].height << " from "
            << o.frames_dir << ", preset " << o.preset << ", " << at::get_num_threads() << " threads\n";
  if (!o.keep_dir.empty()) fs::create_directories(o.keep_dir);

  nlohmann::json out = {{"frames_dir", o.frames_dir}, {"frames", frames.size()},   {"width", frames[0].width},
                        {"height", frames[0].height}, {"params", to_json(params)}, {"modes", nlohmann::json::array()}};
  std::printf(
      "| mode | steps/frame | flicker ratio, blurred | flicker ratio | strength (levels) | output warp error | source warp error | "
      "from frame %d: flicker ratio, blurred | strength | s |\n",
      o.settle);
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& mode : o.modes) {
    const ModeResult r = run_mode(mode, frames, model, params, o);
    const auto& f = r.flicker;
    std::printf("| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f |\n", mode.c_str(), r.steps_per_frame,
                f.blurred_flicker_ratio, f.flicker_ratio, f.strength, f.output_error, f.source_error, r.settled.blurred_flicker_ratio,
                r.settled.strength, r.seconds);
    std::fflush(stdout);
    auto j = video::to_json(f);
    j["steps_per_frame"] = r.steps_per_frame;
    j["seconds"] = r.seconds;
    j["settled"] = video::to_json(r.settled);
    j["settle"] = o.settle;
    out["modes"].push_back(j);
  }
  if (o.cost_size > 0) {
    const Cost c = measure_cost(frames, model, params, o.cost_size, o.cost_frames);
    std::printf(
        "\ncost at %dx%d (median of %d frames): tracker %.1f ms, next_frame %.1f ms, one ascent step %.1f ms: "
        "flow + warp = %.1f%% of a step\n",
        c.width, c.height, o.cost_frames - 2, c.tracker_ms, c.next_frame_ms, c.step_ms,
        100.0 * (c.tracker_ms + c.next_frame_ms) / c.step_ms);
    out["cost"] = {{"width", c.width},           {"height", c.height},
                   {"tracker_ms", c.tracker_ms}, {"next_frame_ms", c.next_frame_ms},
                   {"step_ms", c.step_ms},       {"share_of_step", (c.tracker_ms + c.next_frame_ms) / c.step_ms}};
  }
  if (!o.json.empty()) std::ofstream(o.json) << out.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "livedream_temporal_bench: error: " << e.what() << "\n";
    return 2;
  }
}
