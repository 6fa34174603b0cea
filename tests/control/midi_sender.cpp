// A MIDI controller stand-in for the end-to-end test: a JACK MIDI output port (RtMidi's virtual
// port) that sends what it reads on stdin, one message per line:
//   cc CH NUM VAL | note CH NUM VEL | off CH NUM | bend CH VALUE14 | raw HEX... | sleep MS | quit
// (channels from 1). Prints "ready" once the port exists. Usage: midi_sender PORT_NAME
#include <rtmidi/RtMidi.h>

#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: midi_sender PORT_NAME\n";
    return 2;
  }
  try {
    RtMidiOut out(RtMidi::UNIX_JACK, argv[1]);
    out.openVirtualPort("out");
    std::cout << "ready" << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
      std::istringstream in(line);
      std::string what;
      in >> what;
      std::vector<unsigned char> m;
      int ch = 1, a = 0, b = 0;
      if (what == "cc" && in >> ch >> a >> b)
        m = {static_cast<unsigned char>(0xB0 | (ch - 1)), (unsigned char)a, (unsigned char)b};
      else if (what == "note" && in >> ch >> a >> b)
        m = {static_cast<unsigned char>(0x90 | (ch - 1)), (unsigned char)a, (unsigned char)b};
      else if (what == "off" && in >> ch >> a)
        m = {static_cast<unsigned char>(0x80 | (ch - 1)), (unsigned char)a, 0};
      else if (what == "bend" && in >> ch >> a)
        m = {static_cast<unsigned char>(0xE0 | (ch - 1)), (unsigned char)(a & 0x7f), (unsigned char)((a >> 7) & 0x7f)};
      else if (what == "raw")
        for (std::string hex; in >> hex;) m.push_back(static_cast<unsigned char>(std::stoi(hex, nullptr, 16)));
      else if (what == "sleep" && in >> a)
        std::this_thread::sleep_for(std::chrono::milliseconds(a));
      else if (what == "quit")
        break;
      if (!m.empty()) out.sendMessage(&m);
      std::cout << "sent " << line << std::endl;
    }
  } catch (const RtMidiError& e) {
    std::cerr << "midi_sender: " << e.getMessage() << "\n";
    return 1;
  }
  return 0;
}
