// The start screen: the trainee's name, the language, and the offer to resume an unfinished session.
#include "window/views/views.hpp"

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
    if (!ctx.game.results().available()) text_dim_wrapped(ctx, ctx.tr("start.autosave_only"));
    if (offer->session && offer->attempt_id) {
        // An attempt kept in the results store: the store, not the autosave, is what resumes.
        const Session& s = *offer->session;
        const std::string lang = s.scenario().language_or_default(ctx.game.prefs().lang);
        std::string started;
        if (const auto a = ctx.game.results().store().attempt(*offer->attempt_id))
            started = a->started.substr(0, 10);
        ImGui::TextWrapped("%s",
                           ctx.fmt("start.resume_stored", {{"title", s.scenario().title.get(lang)},
                                                           {"count", std::to_string(s.choices().size())},
                                                           {"started", started}})
                               .c_str());
        if (offer->older > 0)
            text_dim_wrapped(ctx, ctx.fmt_n("start.resume_older", static_cast<long long>(offer->older),
                                            {{"count", std::to_string(offer->older)}}));
        if (ImGui::Button(ctx.tr("start.resume"))) ctx.send(cmd::Resume{});
        ImGui::SameLine();
    } else if (offer->session) {
        const Session& s = *offer->session;
        const std::string lang = s.scenario().language_or_default(ctx.game.prefs().lang);
        ImGui::TextWrapped("%s",
                           ctx.fmt("start.resume_offer", {{"title", s.scenario().title.get(lang)},
                                                          {"count", std::to_string(s.choices().size())}})
                               .c_str());
        if (ImGui::Button(ctx.tr("start.resume"))) ctx.send(cmd::Resume{});
        ImGui::SameLine();
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("start.resume_broken"));
        ImGui::PopStyleColor();
        ImGui::TextWrapped("%s", offer->problem.c_str());
    }
    if (ImGui::Button(ctx.tr(offer->attempt_id ? "start.abandon" : "start.discard")))
        ctx.send(cmd::DiscardResume{});
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

    // With the results store open the trainee picks a profile; without it, a plain name.
    const bool profiles = draw_profiles(ctx);
    bool entered = false;
    if (!profiles) {
        ImGui::TextUnformatted(ctx.tr("start.name_label"));
        ImGui::SetNextItemWidth(width * 0.7f);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        entered = ImGui::InputTextWithHint("##name", ctx.tr("start.name_hint"), &ui.name_edit,
                                           ImGuiInputTextFlags_EnterReturnsTrue);
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("start.language"));
    for (const std::string& lang : ctx.game.strings().langs()) {
        if (ImGui::RadioButton(ctx.game.strings().lang_name(lang).c_str(), ctx.game.prefs().lang == lang)) {
            ctx.send(cmd::SetLang{lang});
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Spacing();
    if (ImGui::Button(ctx.tr("class.join.open"))) ctx.send(cmd::OpenJoinClass{});
    ImGui::Spacing();

    const bool has_name = ui.name_edit.find_first_not_of(" \t") != std::string::npos;
    if (profiles) {
        draw_resume(ctx);
        ImGui::EndChild();
        return;
    }
    if (!has_name) ImGui::BeginDisabled();
    if (ImGui::Button(ctx.tr("start.continue")) || (entered && has_name)) {
        ctx.send(cmd::SetName{ui.name_edit});
        ctx.send(cmd::GoTo{Screen::Library});
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
