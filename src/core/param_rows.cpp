// The rows of the parameter table: one per dream parameter, its data and its accessors. The
// mechanism that checks, finds and lists them is param_table.cpp.
#include "core/param_rows.h"

#include <type_traits>

#include "core/error.h"

namespace livedream::param {
namespace {

// Readers and writers of one DreamParams field, by member pointer: the rows below name the field
// once and the templates give its get and set.
template <auto Member>
Value get_number(const DreamParams& p, size_t) {
  return {static_cast<double>(p.*Member), {}};
}
template <auto Member>
void set_number(DreamParams& p, size_t, const Value& v) {
  using Field = std::remove_reference_t<decltype(p.*Member)>;
  p.*Member = static_cast<Field>(v.number);  // the range was checked first: the cast is defined
}
template <auto Member>
Value get_text(const DreamParams& p, size_t) {
  return {0, p.*Member};
}
template <auto Member>
void set_text(DreamParams& p, size_t, const Value& v) {
  p.*Member = v.text;
}
template <auto Member>
Value get_word(const DreamParams& p, size_t) {
  return {0, to_string(p.*Member)};
}
template <auto Member, auto Parse>
void set_word(DreamParams& p, size_t, const Value& v) {
  p.*Member = Parse(v.text);
}

std::string channels_text(const std::vector<int>& channels) {
  std::string out;
  for (int c : channels) {
    if (!out.empty()) out += '+';
    out += std::to_string(c);
  }
  return out;
}

const char* const kFeedback = "Feedback between steps (endless dreams)";
const char* const kMoving = "Moving input (videos, cameras)";
// 2^53 - 1: the largest seed every surface carries exactly (JSON readers and OSC's doubles).
constexpr double kMaxSeed = 9007199254740991.0;

}  // namespace

// Each row names only the fields it sets; the others keep Row's defaults. GCC 12 warns about that
// even with designated initializers, where it is the point.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<Row> make_rows() {
  using K = Kind;
  return {
      {.key = "model",
       .kind = K::Text,
       .label = "Model",
       .what = "TorchScript model file (empty: the default model)",
       .shape = "a model file",
       .flag = "--model",
       .help = "TorchScript model: a path, or a file name looked up in the models folders "
               "(default: models/googlenet_bvlc.pt or $LIVEDREAM_MODEL)",
       .get = get_text<&DreamParams::model>,
       .set = set_text<&DreamParams::model>},
      {.key = "layers",
       .kind = K::Text,
       .label = "Layers",
       .what = "all layers at once, as --layers: name[:channels][:weight],...",
       .shape = "a layer spec",
       .flag = "--layers",
       .help = "Layers to amplify: name[:channels][:weight],... Channels are integers joined by '+', weights have "
               "a decimal point: inception_4c | inception_4c:97 (channel 97 only) | inception_4c:97+12 | "
               "mixed3:1.0,mixed5:1.5 (livedream layers lists them) | inception_4c:97@0.3,0.6 (the neuron at "
               "relative x,y) | inception_4c:strong8 (the picture's 8 strongest channels) | class:tabby (a "
               "class's logit)",
       .live = true,
       .get =
           [](const DreamParams& p, size_t) {
             return Value{0, format_layers(p.layers)};
           },
       .set = [](DreamParams& p, size_t, const Value& v) { p.layers = parse_layers(v.text); }},
      {.key = "loss",
       .kind = K::Word,
       .label = "Loss",
       .what = "the objective's loss",
       .words = {"mean", "mean-square"},
       .aliases = {"tutorial", "caffe"},
       .flag = "--loss",
       .help = "mean: the TensorFlow tutorial's (mean activation, gradient / std); mean-square: the Caffe "
               "notebook's (mean squared activation, gradient / mean |gradient|)",
       .live = true,
       .get = get_word<&DreamParams::loss>,
       .set = set_word<&DreamParams::loss, &parse_loss>},
      {.key = "step_size",
       .kind = K::Number,
       .label = "Step size",
       .what = "ascent step size, with the image in [-1, 1] (the tutorial's 0.01)",
       .min = 0.00001,
       .max = 1,
       .flag = "--step-size",
       .live = true,
       .get = get_number<&DreamParams::step_size>,
       .set = set_number<&DreamParams::step_size>},
      {.key = "steps",
       .kind = K::Whole,
       .label = "Steps",
       .what = "ascent steps per octave (progressive) or in all (cycle)",
       .min = 0,
       .max = 1'000'000,
       .flag = "--steps",
       .live = true,
       .get = get_number<&DreamParams::steps>,
       .set = set_number<&DreamParams::steps>},
      {.key = "octaves",
       .kind = K::Whole,
       .label = "Octaves",
       .what = "number of octaves (image scales)",
       .min = 1,
       .max = 16,
       .flag = "--octaves",
       .live = true,
       .get = get_number<&DreamParams::octaves>,
       .set = set_number<&DreamParams::octaves>},
      {.key = "octave_scale",
       .kind = K::Number,
       .label = "Octave scale",
       .what = "size ratio between octaves (from 1.01: nearer 1 the octaves are the same size)",
       .min = 1.01,
       .max = 4,
       .flag = "--octave-scale",
       .live = true,
       .get = get_number<&DreamParams::octave_scale>,
       .set = set_number<&DreamParams::octave_scale>},
      {.key = "octave_mode",
       .kind = K::Word,
       .label = "Octave mode",
       .what = "octave schedule",
       .words = {"progressive", "cycle"},
       .flag = "--octave-mode",
       .help = "progressive: small to large, detail carried up (the classic); cycle: each step at the next "
               "octave in turn (live dreaming)",
       .live = true,
       .get = get_word<&DreamParams::octave_mode>,
       .set = set_word<&DreamParams::octave_mode, &parse_octave_mode>},
      {.key = "jitter",
       .kind = K::Whole,
       .label = "Jitter",
       .what = "random roll of up to this many pixels before each step, undone after",
       .unit = "px",
       .min = 0,
       .max = 4096,
       .flag = "--jitter",
       .live = true,
       .get = get_number<&DreamParams::jitter>,
       .set = set_number<&DreamParams::jitter>},
      {.key = "precondition",
       .kind = K::Word,
       .label = "Precondition",
       .what = "how the gradient is shaped before each step",
       .words = {"none", "laplacian", "fourier", "smooth"},
       .flag = "--precondition",
       .help = "Shape the gradient before each step: none (the tutorial), laplacian (Laplacian-pyramid "
               "normalisation), fourier (Lucid's decorrelated 1/f spectrum), smooth (a cascade of Gaussian "
               "blurs): the last three grow larger, less noisy structures",
       .live = true,
       .get = get_word<&DreamParams::precondition>,
       .set = set_word<&DreamParams::precondition, &parse_precondition>},
      {.key = "transforms",
       .kind = K::Word,
       .label = "Transforms",
       .what = "the roll only, or Lucid's pad/jitter/scale/rotate",
       .words = {"roll", "robust"},
       .flag = "--transforms",
       .help = "What moves the picture before each gradient: roll (the tutorial's --jitter roll) or robust "
               "(Lucid's pad, jitter, random scale +-10% and rotation +-10 degrees, seeded)",
       .live = true,
       .get = get_word<&DreamParams::transforms>,
       .set = set_word<&DreamParams::transforms, &parse_transforms>},
      {.key = "tile",
       .kind = K::Whole,
       .label = "Tiles",
       .what = "gradient tile size (bounds memory); 0: no tiling",
       .unit = "px",
       .min = 64,
       .max = 8192,
       .zero_means_off = true,
       .flag = "--tile",
       .live = true,
       .get = get_number<&DreamParams::tile>,
       .set = set_number<&DreamParams::tile>},
      {.key = "max_dim",
       .kind = K::Whole,
       .label = "Resolution",
       .what = "the dream's longest side, the input scaled down to it; 0: the source's own",
       .unit = "px",
       .min = 0,
       .max = 16384,
       .flag = "--max-dim",
       .live = true,
       .not_keyed = "every frame of a video has one size (use --max-dim)",
       .get = get_number<&DreamParams::max_dim>,
       .set = set_number<&DreamParams::max_dim>},
      {.key = "seed",
       .kind = K::Whole,
       .label = "Seed",
       .what = "seed of the jitter: the same seed and parameters give the same dream",
       .min = 0,
       .max = kMaxSeed,
       .flag = "--seed",
       .live = true,
       .get = get_number<&DreamParams::seed>,
       .set = set_number<&DreamParams::seed>},
      {.key = "zoom",
       .kind = K::Number,
       .label = "Zoom",
       .what = "zoom per step, about the centre (>1 zooms in)",
       .unit = "x per step",
       .min = 0.5,
       .max = 2,
       .flag = "--zoom",
       .group = kFeedback,
       .live = true,
       .get = get_number<&DreamParams::zoom>,
       .set = set_number<&DreamParams::zoom>},
      {.key = "rotate",
       .kind = K::Number,
       .label = "Rotate",
       .what = "rotation per step, counter-clockwise",
       .unit = "degrees per step",
       .min = -45,
       .max = 45,
       .flag = "--rotate",
       .group = kFeedback,
       .live = true,
       .get = get_number<&DreamParams::rotate_deg>,
       .set = set_number<&DreamParams::rotate_deg>},
      {.key = "pan_x",
       .kind = K::Number,
       .label = "Pan x",
       .what = "pan per step (positive: the view moves right)",
       .unit = "px per step",
       .min = -512,
       .max = 512,
       .flag = "--pan-x",
       .group = kFeedback,
       .live = true,
       .get = get_number<&DreamParams::pan_x>,
       .set = set_number<&DreamParams::pan_x>},
      {.key = "pan_y",
       .kind = K::Number,
       .label = "Pan y",
       .what = "pan per step (positive: the view moves down)",
       .unit = "px per step",
       .min = -512,
       .max = 512,
       .flag = "--pan-y",
       .group = kFeedback,
       .live = true,
       .get = get_number<&DreamParams::pan_y>,
       .set = set_number<&DreamParams::pan_y>},
      {.key = "source_blend",
       .kind = K::Number,
       .label = "Source blend",
       .what = "fraction of the way back to the source image per step",
       .min = 0,
       .max = 1,
       .flag = "--source-blend",
       .group = kFeedback,
       .live = true,
       .get = get_number<&DreamParams::source_blend>,
       .set = set_number<&DreamParams::source_blend>},
      {.key = "border",
       .kind = K::Word,
       .label = "Border",
       .what = "what fills the frame a zoom-out, turn or pan uncovers",
       .words = {"reflect", "source", "edge"},
       .flag = "--border",
       .help = "What fills the frame where a zoom-out, turn or pan uncovers it: source (the source image at "
               "that place, fresh material for the dream), reflect (the picture mirrored at its edge), edge "
               "(the edge pixels stretched out: streaks)",
       .group = kFeedback,
       .live = true,
       .get = get_word<&DreamParams::border>,
       .set = set_word<&DreamParams::border, &parse_border_fill>},
      {.key = "guide",
       .kind = K::Text,
       .label = "Guide",
       .what = "guide image (path or URL); empty: no guide",
       .shape = "an image path or URL",
       .flag = "--guide",
       .help = "Guide image (path or URL): dream towards the features of this picture (the Google notebook's "
               "controlled dreams)",
       .not_keyed = "give it with --guide",
       .get = get_text<&DreamParams::guide>,
       .set = set_text<&DreamParams::guide>},
      {.key = "guide_cosine_power",
       .kind = K::Number,
       .label = "Cosine power",
       .what = "guided dreams: 0 the best match, >0 Lucid's cosine-weighted direction",
       .min = 0,
       .max = 8,
       .flag = "--guide-cosine-power",
       .help = "0: the guide's best match (the notebook's); p in 0..8: Lucid's direction objective, the "
               "guide's mean direction weighted by cosine^p (1: a guided dream that keeps closer to the guide)",
       .live = true,
       .get = get_number<&DreamParams::guide_cosine_power>,
       .set = set_number<&DreamParams::guide_cosine_power>},
      {.key = "temporal",
       .kind = K::Word,
       .label = "Coherence",
       .what = "moving input: how a frame's dream starts from the last",
       .words = {"flow", "blend", "off"},
       .flag = "--temporal",
       .help = "How each video frame's dream starts from the last: flow (the last dream's residual carried "
               "along the optical flow; steady, no ghosts), blend (mixed with the last dream, DeepDreamVideo's "
               "way), off (every frame dreamt alone: flickers)",
       .group = kMoving,
       .live = true,
       .get = get_word<&DreamParams::temporal>,
       .set = set_word<&DreamParams::temporal, &parse_temporal_mode>},
      {.key = "temporal_decay",
       .kind = K::Number,
       .label = "Carry over",
       .what = "flow: fraction of the residual carried over per frame",
       .min = 0,
       .max = 1,
       .flag = "--temporal-decay",
       .help = "flow: fraction of the carried residual kept per frame, 0..1 (lower: the dream follows the "
               "video more closely and stays weaker)",
       .group = kMoving,
       .live = true,
       .get = get_number<&DreamParams::temporal_decay>,
       .set = set_number<&DreamParams::temporal_decay>},
      {.key = "temporal_blend",
       .kind = K::Number,
       .label = "Blend",
       .what = "blend: weight of the last dream",
       .min = 0,
       .max = 1,
       .flag = "--temporal-blend",
       .group = kMoving,
       .live = true,
       .get = get_number<&DreamParams::temporal_blend>,
       .set = set_number<&DreamParams::temporal_blend>},
      {.key = "temporal_step",
       .kind = K::Number,
       .label = "Carried step",
       .what = "flow and blend: the step size on a carried frame, a fraction of step_size, once the shot's dream is grown",
       .min = 0,
       .max = 1,
       .flag = "--temporal-step",
       .help = "flow and blend: the step size on each carried video frame as a fraction of --step-size, once the "
               "shot's dream has had its whole schedule (1: every frame steps fully and re-draws detail: flickers; "
               "0: the dream only moves with the picture)",
       .group = kMoving,
       .live = true,
       .get = get_number<&DreamParams::temporal_step>,
       .set = set_number<&DreamParams::temporal_step>},
      {.key = "device",
       .kind = K::Word,
       .label = "Device",
       .what = "where the network runs",
       .words = {"auto", "cpu", "cuda"},
       .flag = "--device",
       .not_keyed = "the render keeps one device and one precision",
       .get = get_text<&DreamParams::device>,
       .set = set_text<&DreamParams::device>},
      {.key = "dtype",
       .kind = K::Word,
       .label = "Precision",
       .what = "the network's number type",
       .words = {"float32", "float16", "float64", "bfloat16"},
       .flag = "--dtype",
       .help = "float32 | float16 (CUDA; on the CPU slow, for verification) | bfloat16 | float64 (slow; for verification)",
       .not_keyed = "the render keeps one device and one precision",
       .get = get_text<&DreamParams::dtype>,
       .set = set_text<&DreamParams::dtype>},
      {.key = "layer/N/weight",
       .kind = K::Number,
       .label = "Weight",
       .what = "weight of layer N (from 0)",
       .min = -100,
       .max = 100,
       .live = true,
       .per_layer = true,
       .get =
           [](const DreamParams& p, size_t l) {
             return Value{p.layers.at(l).weight, {}};
           },
       .set = [](DreamParams& p, size_t l, const Value& v) { p.layers.at(l).weight = static_cast<float>(v.number); }},
      {.key = "layer/N/channels",
       .kind = K::Text,
       .label = "Channels",
       .what = "channels of layer N (from 0)",
       .shape = "97 or 97+12; empty: all",
       .live = true,
       .per_layer = true,
       .get =
           [](const DreamParams& p, size_t l) {
             return Value{0, channels_text(p.layers.at(l).channels)};
           },
       .set =
           [](DreamParams& p, size_t l, const Value& v) {
             // The channel syntax of a layer spec, parsed by the same code ("x:" + channels).
             p.layers.at(l).channels = v.text.empty() ? std::vector<int>{} : parse_layers("x:" + v.text).at(0).channels;
           }},
      {.key = "layer/N/name",
       .kind = K::Text,
       .label = "Layer",
       .what = "the layer N dreams on",
       .shape = "a layer of the model",
       .live = true,
       .per_layer = true,
       .get =
           [](const DreamParams& p, size_t l) {
             return Value{0, p.layers.at(l).layer};
           },
       .set =
           [](DreamParams& p, size_t l, const Value& v) {
             if (v.text.empty()) throw usage_error("a layer name is empty", "name a layer of the model: livedream layers lists them");
             p.layers.at(l).layer = v.text;
           }},
  };
}
#pragma GCC diagnostic pop

}  // namespace livedream::param
