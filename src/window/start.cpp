// The start screen: the trainee's name, the language, and the offer to resume an unfinished session.
#include "window/views.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace salesim::window {

namespace {

void draw_resume(ViewContext& ctx) {
    const auto& offer = ctx.game.resume_offer();
    if (!offer) return;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    if (offer->session) {
        const Session& s = *offer->session;
        const std::string lang = s.scenario().language_or_default(ctx.game.prefs().lang);
        ImGui::TextWrapped("%s",
                           ctx.fmt("start.resume_offer", {{"title", s.scenario().title.get(lang)},
                                                          {"count", std::to_string(s.choices().size())}})
                               .c_str());
        if (ImGui::Button(ctx.tr("start.resume"))) ctx.send({Command::Kind::Resume});
        ImGui::SameLine();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("start.resume_broken"));
        ImGui::PopStyleColor();
        ImGui::TextWrapped("%s", offer->problem.c_str());
    }
    if (ImGui::Button(ctx.tr("start.discard"))) ctx.send({Command::Kind::DiscardResume});
}

}  // namespace

void draw_start(ViewContext& ctx) {
    UiState& ui = ctx.ui;
    if (!ui.name_edit_loaded) {
        ui.name_edit = ctx.game.prefs().name;
        ui.name_edit_loaded = true;
    }
    const float width = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ctx.scale);
    ImGui::SetCursorPosX((ImGui::GetContentRegionAvail().x - width) * 0.5f + ImGui::GetCursorPosX());
    ImGui::BeginChild("##start", ImVec2(width, 0), false);
    ImGui::Dummy(ImVec2(0, 20.0f * ctx.scale));
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextUnformatted(ctx.tr("app.title"));
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextWrapped("%s", ctx.tr("start.welcome"));
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();

    ImGui::TextUnformatted(ctx.tr("start.name_label"));
    ImGui::SetNextItemWidth(width * 0.7f);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputTextWithHint("##name", ctx.tr("start.name_hint"), &ui.name_edit,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("start.language"));
    for (const auto lang : ui_langs) {
        const std::string key = "lang." + std::string(lang);
        if (ImGui::RadioButton(ctx.tr(key), ctx.game.prefs().lang == lang)) {
            ctx.send({Command::Kind::SetLang, 0, 0, std::string(lang)});
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Spacing();

    const bool has_name = ui.name_edit.find_first_not_of(" \t") != std::string::npos;
    if (!has_name) ImGui::BeginDisabled();
    if (ImGui::Button(ctx.tr("start.continue")) || (entered && has_name)) {
        ctx.send({Command::Kind::SetName, 0, 0, ui.name_edit});
        ctx.send({Command::Kind::GoTo, 0, static_cast<int>(Screen::Library)});
    }
    if (!has_name) ImGui::EndDisabled();
    if (!has_name) {
        ImGui::SameLine();
        ImGui::TextColored(col(ctx.pal.text_dim), "%s", ctx.tr("start.name_needed"));
    }
    draw_resume(ctx);
    ImGui::EndChild();
}

}  // namespace salesim::window
