// soak_session: the viewer's dream session (session/dream_session.h, the worker thread the viewer's UI
// drives) with the real LibTorch backend, its parameters changed every few seconds for a given
// time, as a user turning the viewer's controls would: layers and channels, step size, octaves
// and their mode, feedback (zoom, rotation, pan, source blend), jitter, tiling, resolution, loss,
// new source images, guides, resets, pauses, and now and then an invalid value (which must come
// back as an error event while the dream goes on). Prints the figures; exit 1 when resident
// memory grew 5% or more after the warm-up, when the worker stopped stepping, or on a crash.
//
//   soak_session --minutes M [--model PATH] [--interval S] [--warmup-minutes W]
//
// Memory is compared at the same point of the change cycle (its first, fixed parameter set), so
// that the size of the current picture does not pass for a leak. Used by scripts/soak.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "session/dream_session.h"
#include "session/torch_backend.h"
#include "core/error.h"
#include "core/image.h"
#include "core/procedural_image.h"
#include "support/process_memory.h"

using namespace livedream;
using namespace livedream::session;
using Clock = std::chrono::steady_clock;

namespace {

double arg(int argc, char** argv, const std::string& name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::atof(argv[i + 1]);
  return fallback;
}
std::string arg_text(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const double minutes = arg(argc, argv, "--minutes", 5);
  const double interval_s = arg(argc, argv, "--interval", 3);
  const double warmup_minutes = arg(argc, argv, "--warmup-minutes", std::min(2.0, minutes / 5));
  const std::string model = arg_text(argc, argv, "--model", "");
  const std::string guide_path = "/tmp/livedream-soak-guide-" + std::to_string(::getpid()) + ".png";
  save_png(guide_path, make_clouds(160, 120, 9));

  DreamParams base;
  base.model = model;
  base.layers = {{"inception_3b", 1.0f, {}}};
  base.max_dim = 256;
  base.octaves = 1;
  base.jitter = 16;
  base.tile = 0;
  base.device = "cpu";

  // The change cycle: each entry turns some controls, starting from the params now in force.
  using Change = std::function<void(DreamParams&, DreamSession&)>;
  const std::vector<std::pair<std::string, Change>> changes = {
      {"base",
       [&](DreamParams& p, DreamSession& s) {
         p = base;
         s.set_source(make_clouds(256, 256, 1), "clouds");
       }},
      {"layer 4a, channels",
       [](DreamParams& p, DreamSession&) {
         p.layers = {{"inception_4a", 1.0f, {12, 97}}};
       }},
      {"two layers, weights",
       [](DreamParams& p, DreamSession&) {
         p.layers = {{"inception_3a", 0.5f, {}}, {"inception_4b", 1.5f, {}}};
       }},
      {"step size", [](DreamParams& p, DreamSession&) { p.step_size = 0.03f; }},
      {"loss mean-square", [](DreamParams& p, DreamSession&) { p.loss = LossKind::MeanSquare; }},
      {"octaves cycle",
       [](DreamParams& p, DreamSession&) {
         p.octaves = 3;
         p.octave_mode = OctaveMode::Cycle;
       }},
      {"feedback zoom+rotate",
       [](DreamParams& p, DreamSession&) {
         p.zoom = 1.01f;
         p.rotate_deg = 0.5f;
       }},
      {"pan + source blend",
       [](DreamParams& p, DreamSession&) {
         p.pan_x = 1.5f;
         p.pan_y = -1.0f;
         p.source_blend = 0.05f;
       }},
      {"resolution 320", [](DreamParams& p, DreamSession&) { p.max_dim = 320; }},
      {"tiles 128", [](DreamParams& p, DreamSession&) { p.tile = 128; }},
      {"invalid step size NaN (must be refused)", [](DreamParams& p, DreamSession&) { p.step_size = std::nanf(""); }},
      {"new source 300x200", [](DreamParams&, DreamSession& s) { s.set_source(make_clouds(300, 200, 5), "clouds 300x200"); }},
      {"guide", [&](DreamParams&, DreamSession& s) { s.set_guide(load_image(guide_path), guide_path); }},
      {"clear guide", [](DreamParams&, DreamSession& s) { s.clear_guide(); }},
      {"pause",
       [](DreamParams&, DreamSession& s) {
         s.set_paused(true);
         s.single_step();
       }},
      {"resume + reset",
       [](DreamParams&, DreamSession& s) {
         s.set_paused(false);
         s.reset();
       }},
      {"octaves progressive 2, jitter 0",
       [](DreamParams& p, DreamSession&) {
         p.octaves = 2;
         p.octave_mode = OctaveMode::Progressive;
         p.jitter = 0;
       }},
      {"resolution 192, seed",
       [](DreamParams& p, DreamSession&) {
         p.max_dim = 192;
         p.seed += 1;
       }},
  };

  DreamSession session(torch_backend_factory(), Schedule::Async);
  DreamParams params = base;
  session.load(params, make_clouds(256, 256, 1));

  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(minutes * 60));
  const auto warm = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup_minutes * 60));
  int64_t peak = 0, first_rss = 0;
  std::vector<std::pair<double, int64_t>> cycle_rss;  // (minutes, RSS at the cycle's base set)
  size_t index = 0, applied = 0, errors = 0, refused_expected = 0, invalid_tried = 0;
  int64_t steps_at_last_check = 0;
  bool stalled = false;
  std::printf("soak_session: %.1f min, a change every %.1f s, warm-up %.1f min\n", minutes, interval_s, warmup_minutes);
  std::fflush(stdout);
  while (Clock::now() < end) {
    const auto& [name, change] = changes[index % changes.size()];
    if (index % changes.size() == 0) {
      // The base set, after the previous cycle: settle a little, then measure.
      change(params, session);
      session.set_params(params);
      std::this_thread::sleep_for(std::chrono::duration<double>(interval_s));
      const int64_t rss = test::rss_kib();
      const double at = std::chrono::duration<double>(Clock::now() - start).count() / 60;
      if (first_rss == 0) first_rss = rss;
      if (Clock::now() >= warm) cycle_rss.push_back({at, rss});
      const SessionStats st = session.stats();
      std::printf("  %6.2f min  cycle %zu  RSS %.1f MiB  steps %lld  %.1f steps/s  %dx%d\n", at, index / changes.size(), rss / 1024.0,
                  static_cast<long long>(st.steps), st.steps_per_s, st.width, st.height);
      std::fflush(stdout);
      if (index > 0 && st.steps == steps_at_last_check) stalled = true;
      steps_at_last_check = st.steps;
    } else {
      DreamParams next = params;
      change(next, session);
      session.set_params(next);
      std::this_thread::sleep_for(std::chrono::duration<double>(interval_s));
      bool refused = false;
      for (const auto& e : session.take_events()) {
        if (e.kind == SessionEvent::Kind::Error || e.kind == SessionEvent::Kind::ModelFailed) {
          ++errors;
          refused = true;
          if (name.find("invalid") == std::string::npos) std::printf("  error event after '%s': %s\n", name.c_str(), e.text.c_str());
        }
      }
      if (name.find("invalid") != std::string::npos) {
        ++invalid_tried;
        if (refused)
          ++refused_expected;
        else
          std::printf("  '%s' was not refused\n", name.c_str());
      } else {
        params = next;
      }
    }
    for (const auto& e : session.take_events()) (void)e;
    peak = std::max(peak, test::rss_kib());
    ++applied;
    ++index;
  }
  const SessionStats st = session.stats();
  std::remove(guide_path.c_str());

  double growth = 0;
  if (cycle_rss.size() >= 2) growth = (cycle_rss.back().second - cycle_rss.front().second) * 100.0 / cycle_rss.front().second;
  const size_t cycles = applied / changes.size();
  std::printf("soak_session: %.1f min, %zu parameter changes (%zu full cycles), %lld steps (%.1f steps/s)\n",
              std::chrono::duration<double>(Clock::now() - start).count() / 60, applied, cycles, static_cast<long long>(st.steps),
              st.steps / std::max(1e-9, std::chrono::duration<double>(Clock::now() - start).count()));
  std::printf("  RSS: first %.1f MiB, after warm-up %.1f MiB, at the end %.1f MiB, peak %.1f MiB: growth after warm-up %.2f%%\n",
              first_rss / 1024.0, cycle_rss.empty() ? 0.0 : cycle_rss.front().second / 1024.0,
              cycle_rss.empty() ? 0.0 : cycle_rss.back().second / 1024.0, peak / 1024.0, growth);
  std::printf("  invalid changes refused: %zu of %zu; other error events: %zu\n", refused_expected, invalid_tried,
              errors - refused_expected);
  const bool ok = cycle_rss.size() >= 2 && growth < 5.0 && !stalled && errors == refused_expected && refused_expected == invalid_tried;
  if (cycle_rss.size() < 2) std::printf("  too short to compare: run more minutes than the warm-up plus two cycles\n");
  if (stalled) std::printf("  the worker stopped stepping\n");
  std::printf("soak_session: %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
