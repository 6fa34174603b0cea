// Whether two consecutive frames belong to the same shot. A cut changes what is in the picture,
// so its brightness distribution jumps; motion within a shot barely moves it. A cut between two
// shots that happen to look alike is caught later, by the flow: little of it is consistent.
#pragma once
#include "video/optical_flow.h"

namespace livedream::video {

// Bhattacharyya distance of the two frames' grey histograms: 0 for the same distribution, 1 for
// disjoint ones. Consecutive frames of real footage score a few hundredths.
double histogram_distance(const FlowFrame& a, const FlowFrame& b);

// Above this distance the frames are different shots.
constexpr double kCutHistogramDistance = 0.3;
// Above this fraction of occluded pixels the flow found no common content: a cut as well.
constexpr double kCutOccludedFraction = 0.5;

}  // namespace livedream::video
