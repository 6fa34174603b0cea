/* Debian's libimgui.a is built against the system stb headers and leaves stb_truetype and
   stb_rect_pack (its font atlas builder) to the program: their implementations live here, from
   the same system headers. */
#define STB_RECT_PACK_IMPLEMENTATION
#include <stb_rect_pack.h>
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb_truetype.h>
