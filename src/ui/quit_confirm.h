// Quitting a live dream asks once: Esc (or the window's Quit) on a dream that has run for more
// than a few seconds shows this box instead of closing; Esc again or Enter confirms, the button
// or any click outside keeps dreaming. It says where the last capture went, since the dream
// itself is not saved.
#pragma once
#include "ui/ui_state.h"

namespace livedream::ui {

class QuitConfirm {
 public:
  static constexpr double kAskAfterSeconds = 3.0;

  // A quit was asked for (Esc). True when it should happen now (a young dream, or confirmed).
  bool quit_requested(const ViewerUiState& state);
  // Draws the box while it is open, reading Enter (confirms) and the buttons; sets requests.quit.
  void draw(const ViewerUiState& state, UiRequests& requests);
  bool open() const { return open_; }

 private:
  bool open_ = false;
};

}  // namespace livedream::ui
