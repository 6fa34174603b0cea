// The viewer's output window (render/output_window.h): opened and closed from the command line or
// the View menu, fed the dream texture once a frame after the UI, dropped when the user closes it.
#include "core/error.h"
#include "core/paths.h"
#include "render/frame_presenter.h"
#include "render/output_window.h"
#include "render/window.h"
#include "viewer/viewer.h"

namespace livedream::viewer {

void Viewer::set_output_window(bool open, bool from_command_line) {
  if (!open) {
    output_.reset();
    return;
  }
  if (output_) return;
  if (!window_->handle()) {
    if (from_command_line)
      throw runtime_error("the output window needs a display (this viewer runs headless)", "leave out --output-window");
    toast(ui::ToastLevel::Error, "the output window needs a display (this viewer runs headless)");
    return;
  }
  try {
    const auto fit = render::parse_output_fit(options_.output_fit).value_or(render::OutputFit::Fit);
    const render::Size size = window_->window_size();
    std::string note;
    output_ = std::make_unique<render::OutputWindow>(window_->handle(), options_.output_display, fit, size.width * 3 / 4,
                                                     size.height * 3 / 4, shaders_dir(), &note);
    if (!note.empty()) toast(ui::ToastLevel::Warning, note);
  } catch (const std::exception& e) {
    if (from_command_line) throw;  // bad input on the command line: its one line and exit code
    toast(ui::ToastLevel::Error, first_line(e.what()));
  }
}

void Viewer::show_output(bool last_frame) {
  if (output_ && output_->closed()) {
    output_.reset();  // closed by the user: the dream goes on here
    toast(ui::ToastLevel::Info, "output window closed (View > Output window opens it again)");
  }
  if (!output_) return;
  output_->show(presenter_->texture(), presenter_->upload_stats().uploads,
                last_frame && !options_.screenshot_output.empty() ? &output_shot_ : nullptr);
}

}  // namespace livedream::viewer
