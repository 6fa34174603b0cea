// The viewer's moving input: a video file, a stream or a camera, opened off the render thread
// (probing a file or a camera takes a moment, a stream up to its timeout), then read by a
// video::LatestFrameReader so the render thread only ever picks up the newest decoded frame.
// Files play at their own rate and can be paused, looped and sought; the dream goes on either way.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/image.h"
#include "ui/ui_state.h"

#include "video/video_source.h"

namespace livedream::video {
class LatestFrameReader;
}  // namespace livedream::video

namespace livedream::viewer {

class VideoPlayer {
 public:
  // Starts opening INPUT on a helper thread; errors come out of poll().
  explicit VideoPlayer(std::string input);
  // Takes a source opened already (the command line's input, whose errors end the program).
  VideoPlayer(std::string input, std::unique_ptr<video::VideoSource> source);
  ~VideoPlayer();  // never waits for an open in progress (it finishes on its own and is dropped)
  VideoPlayer(const VideoPlayer&) = delete;
  VideoPlayer& operator=(const VideoPlayer&) = delete;

  struct Poll {
    std::optional<Image> frame;  // a new frame to dream from
    std::string error;           // one line, reported once (opening or reading failed)
    std::string warning;         // one line, reported once: ffmpeg complained about a file it read whole
    bool opened = false;         // the input opened in this poll (a new shot starts)
  };
  Poll poll();  // every render frame; never blocks

  // Files only (a camera or stream ignores them).
  void toggle_play();
  void toggle_loop();
  void set_playing(bool playing);  // playing an ended file starts it again
  void set_loop(bool loop);
  void set_rate(double rate);  // playback speed, 1 = the file's own
  void seek(double seconds);
  // The dream's pause holds a file's playback too (frames would only pile up as skipped).
  void hold(bool held);

  const std::string& name() const { return name_; }
  // The input's facts once it is open (nullopt while opening, or after it failed to open).
  std::optional<video::VideoInfo> info() const;
  bool failed() const { return failed_; }
  // Frames are coming: a file playing (not paused, held or ended), a camera or a stream.
  bool playing() const;
  // Everything but the cameras and the session's counts (frames_skipped gets the frames the
  // reader dropped because the viewer did not take them in time).
  void fill(ui::VideoView& view) const;

 private:
  void apply_pause();
  struct Opening;
  std::string name_;
  std::shared_ptr<Opening> opening_;  // shared with the opening thread
  std::unique_ptr<video::LatestFrameReader> reader_;
  bool user_paused_ = false, held_ = false, loop_ = true, failed_ = false;
  double rate_ = 1.0;
  int64_t position_ = -1;
  std::string warned_;  // the warning reported last (a looping file would say it every time round)
};

}  // namespace livedream::viewer
