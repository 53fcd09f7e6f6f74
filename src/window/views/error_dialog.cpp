// The error dialog: every exception the window catches ends up here instead of ending the program.
#include "window/views/views.hpp"

#include <string>

namespace salesim::window {

void draw_error_dialog(ViewContext& ctx) {
    if (ctx.ui.error.empty()) return;
    const char* id = "###error";
    if (!ctx.ui.error_shown) {
        ImGui::OpenPopup(id);
        ctx.ui.error_shown = true;
    }
    const std::string title = std::string(ctx.tr("error.title")) + id;
    const ImVec2 vp = ImGui::GetMainViewport()->Size;
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp.x * 0.7f, vp.y * 0.6f), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr)) return;
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
    ImGui::TextWrapped("%s", ctx.tr("error.intro"));
    ImGui::PopStyleColor();
    const float button_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("##error_text", ImVec2(0, -button_h), true);
    // The monospaced font, when loaded, keeps a diagnostic's caret under the column it points at.
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    const bool mono = fonts->Fonts.Size > 1;
    if (mono) ImGui::PushFont(fonts->Fonts[1]);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(ctx.ui.error.c_str());
    ImGui::PopTextWrapPos();
    if (mono) ImGui::PopFont();
    ImGui::EndChild();
    if (ImGui::Button(ctx.tr("error.copy"))) ImGui::SetClipboardText(ctx.ui.error.c_str());
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("error.ok")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
        ctx.send(cmd::DismissError{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace salesim::window
