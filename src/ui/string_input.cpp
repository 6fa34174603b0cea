#include "ui/string_input.h"

namespace ImGui {
namespace {

// ImGui asks for a larger buffer when the text outgrows it: grow the string and hand its storage
// back (the capacity is what the field may fill; the size follows the text).
int resize_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag != ImGuiInputTextFlags_CallbackResize) return 0;
  auto* text = static_cast<std::string*>(data->UserData);
  text->resize(static_cast<size_t>(data->BufTextLen));
  data->Buf = text->data();
  return 0;
}

}  // namespace

bool InputTextWithHint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags) {
  IM_ASSERT((flags & ImGuiInputTextFlags_CallbackResize) == 0);
  return InputTextWithHint(label, hint, text->data(), text->capacity() + 1, flags | ImGuiInputTextFlags_CallbackResize, resize_string,
                           text);
}

}  // namespace ImGui
