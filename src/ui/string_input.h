// Text fields that edit a std::string. Dear ImGui edits a char buffer; its optional
// misc/cpp/imgui_stdlib is not in the vendored archive (third_party/README.md), so this is the
// same overload, growing the string through ImGui's resize callback.
#pragma once
#include <imgui.h>

#include <string>

namespace ImGui {

bool InputTextWithHint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags = 0);

}  // namespace ImGui
