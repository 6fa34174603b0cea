#pragma once

namespace livedream::app {

// Parses the command line, runs the chosen command and returns the process exit code:
// 0 success, 1 runtime failure, 2 usage error. Never lets an exception escape.
int run(int argc, char** argv);

}  // namespace livedream::app
