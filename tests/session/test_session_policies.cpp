// The session's policies on their own: dynamic resolution, the CPU budget, step statistics and
// the schedule's resolution. Pure logic, checked with made-up timings.
#include <chrono>

#include "core/error.h"
#include "session/cpu_budget.h"
#include "session/dynamic_resolution.h"
#include "session/schedule.h"
#include "session/step_stats.h"
#include "support/catch.h"

using namespace livedream;
using namespace livedream::session;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("dynamic resolution shrinks slow steps, grows fast ones, and holds near the target") {
  DynamicResolution dynamic;
  const auto t0 = Clock::now() + 10s;
  CHECK_FALSE(dynamic.after_step(500, 1024, 1024, t0).has_value());  // off: never changes
  dynamic.set_target(10);                                            // 100 ms a step
  // Steps of 400 ms: four times too slow -> the side shrinks by the most allowed (0.7), in 16 px.
  std::optional<int> side;
  for (int i = 0; i < 3; ++i) side = dynamic.after_step(400, 1024, 1024, t0 + std::chrono::milliseconds(400 * i));
  REQUIRE(side.has_value());
  CHECK(*side == 1024 * 7 / 10 / 16 * 16);
  // Within 1.5 s of a change nothing moves, however slow.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(dynamic.after_step(400, *side, 1024, t0 + 1s).has_value());
  dynamic.set_target(10);  // a new target forgets what was measured
  // Steps of 25 ms: too fast -> grows by at most 1.2, never past the ceiling.
  std::optional<int> grown;
  for (int i = 0; i < 3; ++i) grown = dynamic.after_step(25, 704, 768, t0 + 4s);
  REQUIRE(grown.has_value());
  CHECK(*grown == 768);
  // On target (100 ms): no churn.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(dynamic.after_step(100, 768, 1024, t0 + 8s).has_value());
  // Pauses (an interval over 10 s) are not a step's cost.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(dynamic.after_step(60'000, 768, 1024, t0 + 12s).has_value());
  dynamic.set_target(0);
  CHECK_FALSE(dynamic.enabled());
}

TEST_CASE("the CPU budget leaves one core to the window in async mode") {
  CHECK(engine_threads(true, 8) == 7);
  CHECK(engine_threads(false, 8) == 8);
  CHECK(engine_threads(true, 1) == 1);
  CHECK(engine_threads(true, 0) == 1);  // unknown core count
}

TEST_CASE("step statistics: the rate over recent steps, and histories as immutable snapshots") {
  StepStatistics stats;
  const auto t0 = Clock::now();
  CHECK(stats.on_step(t0, 10, 1.0f) == 0.0);
  const auto first = stats.history();
  CHECK(stats.on_step(t0 + 100ms, 12, std::nullopt) == Approx(100.0));
  for (int i = 2; i <= 10; ++i) stats.on_step(t0 + std::chrono::milliseconds(100 * i), 11, 2.0f);
  CHECK(stats.steps_per_s() == Approx(10.0).epsilon(0.01));
  // The snapshot taken earlier did not change under the reader.
  CHECK(first->loss == std::vector<float>{1.0f});
  CHECK(first->step_ms == std::vector<float>{10.0f});
  const auto now = stats.history();
  CHECK(now->loss.size() == 10);  // the step without a loss reading adds none
  CHECK(now->step_ms.size() == 11);
  for (int i = 0; i < 500; ++i) stats.on_step(t0 + 2s + std::chrono::milliseconds(i), 1, 0.5f);
  CHECK(stats.history()->step_ms.size() == StepHistory::kLength);
  CHECK(stats.history()->loss.back() == 0.5f);
}

TEST_CASE("schedules: auto resolves by device, names parse, unknown ones are usage errors") {
  CHECK(resolve_schedule(Schedule::Auto, true) == Schedule::Lockstep);
  CHECK(resolve_schedule(Schedule::Auto, false) == Schedule::Async);
  CHECK(resolve_schedule(Schedule::Async, true) == Schedule::Async);
  CHECK(parse_schedule("lockstep") == Schedule::Lockstep);
  CHECK(std::string(to_string(parse_schedule("async"))) == "async");
  CHECK_THROWS_AS(parse_schedule("sometimes"), Error);
}
