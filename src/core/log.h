// How livedream speaks on the terminal: one line per message, "livedream: LEVEL: text" (a plain
// "livedream: text" for progress and results), written whole so that lines from two threads never
// mix. --quiet keeps the errors only; --verbose adds the details (debug). Every command and the
// viewer print through here; text meant for a caller to print later (notes built into a string)
// is made with line().
#pragma once
#include <sstream>
#include <string>

namespace livedream::log {

enum class Level { Error, Warning, Note, Info, Debug };
enum class Verbosity { Quiet, Normal, Verbose };

void set_verbosity(Verbosity verbosity);
Verbosity verbosity();
bool enabled(Level level);  // whether a message of this level would be printed now

// The line as printed, newline included ("livedream: warning: disk nearly full\n").
std::string line(Level level, const std::string& text);
// Prints line(level, text) to stderr when `level` is enabled.
void print(Level level, const std::string& text);

// The parts streamed into one string, as an ostream would write them (numbers included):
// log::info(log::words("wrote ", frames, " frames")).
template <class... Parts>
std::string words(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

inline void error(const std::string& text) { print(Level::Error, text); }
inline void warning(const std::string& text) { print(Level::Warning, text); }
inline void note(const std::string& text) { print(Level::Note, text); }
inline void info(const std::string& text) { print(Level::Info, text); }
inline void debug(const std::string& text) { print(Level::Debug, text); }

}  // namespace livedream::log
