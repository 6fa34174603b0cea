// Dynamic resolution on the session's worker: the dream carried over to a smaller longest side
// to hold the steps per second asked for, and back to the full size when that is turned off.
// Either way a replay of the timeline can no longer be exact, and the timeline says so.
#include <algorithm>
#include <exception>
#include <mutex>

#include "core/error.h"
#include "core/image_resize.h"
#include "session/dream_session.h"

namespace livedream::session {
namespace {

// Carries the dream over to a new longest side (dynamic resolution, and back to full size).
Image resized_to_side(Image image, int side) {
  const int longest = std::max(image.width, image.height);
  if (longest <= 0 || side == longest) return image;
  return resize_image(image, std::max(1, image.width * side / longest), std::max(1, image.height * side / longest));
}

}  // namespace

void DreamSession::restore_full_resolution() {
  double target;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    target = dynamic_target_;
  }
  if (target != dynamic_.target()) dynamic_.set_target(target);
  if (target > 0 || dynamic_max_dim_ == 0) return;
  try {
    const DreamParams full = accepted_;
    dynamic_max_dim_ = 0;
    const Image carry = backend_->frame_rgb();
    backend_->set_params(full);
    const int side = full.max_dim > 0 ? full.max_dim : std::max(source_.width, source_.height);
    backend_->set_source(resized_to_side(carry, side));
    source_replaced_ = true;
    record_inexact("dynamic resolution went back to the full size at step " + std::to_string(timeline_.steps));
    std::lock_guard<std::mutex> lock(mutex_);
    stats_.dynamic_max_dim = 0;
  } catch (const std::exception& e) {
    post_event(SessionEvent::Kind::Error, first_line(e.what()));
  }
}

void DreamSession::change_resolution(int longest_side) {
  try {
    const Image carry = backend_->frame_rgb();
    dynamic_max_dim_ = longest_side;
    backend_->set_params(effective_params());
    backend_->set_source(resized_to_side(carry, longest_side));  // the dream carries over at the new size
    source_replaced_ = true;
    record_inexact("dynamic resolution resized the dream to " + std::to_string(longest_side) + " px at step " +
                   std::to_string(timeline_.steps));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stats_.dynamic_max_dim = longest_side;
    }
    publish();
  } catch (const std::exception& e) {
    post_event(SessionEvent::Kind::Warning, "dynamic resolution stopped: " + first_line(e.what()));
    dynamic_.set_target(0);
    std::lock_guard<std::mutex> lock(mutex_);
    dynamic_target_ = 0;
  }
}

}  // namespace livedream::session
