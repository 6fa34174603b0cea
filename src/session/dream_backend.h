// The seam between the session and the engine: one dream, driven from the session's worker
// thread only. The program's backend is LibTorch's dream::Engine (torch_backend.h); tests use fakes.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/dream_params.h"
#include "core/image.h"
#include "core/motion_field.h"
#include "core/rgba_frame.h"

namespace livedream::session {

struct LayerDescription {
  std::string name;
  int64_t channels = 0, stride = 0;
};

struct ModelDescription {
  std::string path;
  std::string sha256;
  std::string device;  // "cpu", "cuda:0"
  bool on_cuda = false;
  std::vector<LayerDescription> layers;
  std::string canonical_path;  // filled in by the session (off the render thread)
};

struct BackendTimings {
  double forward_ms = 0, backward_ms = 0, update_ms = 0, total_ms = 0;
  bool phases = false;  // the split was measured (always on the CPU)
};

class DreamBackend {
 public:
  virtual ~DreamBackend() = default;
  virtual ModelDescription describe() = 0;
  virtual void set_params(const DreamParams& params) = 0;  // throws livedream::Error when invalid
  virtual void set_source(const Image& image) = 0;         // the dream restarts from it
  virtual void set_guide(const Image* guide) = 0;          // nullptr: no guide
  virtual void reset() = 0;
  // Moving input: the next frame of a video; the dream carries over as params.temporal says,
  // along `motion` (null: the first frame of a shot, or a cut). See dream::Engine::next_frame.
  virtual void next_frame(const Image& source, const MotionField* motion) = 0;
  virtual void step() = 0;
  virtual BackendTimings last_timings() = 0;
  virtual float loss() = 0;  // may wait for the device
  // The dream as RGBA; device_ok: it may stay on the CUDA device (for the interop upload).
  virtual RgbaFrame frame(bool device_ok) = 0;
  // A host copy of a device frame this backend made (one device-to-host copy on the engine's
  // stream, on the calling thread); a host frame is returned as it is.
  virtual RgbaFrame host_copy(const RgbaFrame& frame) { return frame; }
  virtual Image frame_rgb() = 0;
  virtual void set_cpu_threads(int threads) { (void)threads; }
  // The layer spec in force with strongN's chosen channels written in (they are chosen when the
  // layers or the source change, not per step); empty when the backend does not resolve any.
  virtual const std::string& resolved_layers() const {
    static const std::string none;
    return none;
  }
};

// Loads the model `params` names (empty: the default) on its device and starts a dream on
// `source`. Slow (seconds); throws livedream::Error. May adjust `params` (layers the model lacks).
using BackendFactory = std::function<std::unique_ptr<DreamBackend>(DreamParams& params, const Image& source)>;

}  // namespace livedream::session
