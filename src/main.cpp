// livedream: real-time DeepDream. All behaviour lives in the app module; main only hands over.
#include "app/cli.h"

int main(int argc, char** argv) { return livedream::app::run(argc, argv); }
