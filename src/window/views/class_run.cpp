// The trainer's "Run a class" panel: the form that starts a class served from this machine, and while
// it runs, the join address and code in large type, the board's addresses and the class's controls.
#include "window/views/views.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

namespace salesim::window {

namespace {

std::string title_of(const ViewContext& ctx, const Scenario& s) {
    return s.title.get(s.language_or_default(ctx.game.strings().lang()));
}

void draw_run_form(ViewContext& ctx) {
    RunForm& f = ctx.ui.run;
    const char* id = "###run_class";
    if (!f.open) return;
    if (!begin_form_modal(ctx, id, "class.run.title", 620.0f)) return;
    const float w = ImGui::GetContentRegionAvail().x;
    const Library& lib = ctx.game.library();
    if (f.scenario.empty() && !lib.scenarios.empty())
        f.scenario = ctx.ui.selected.empty() ? lib.scenarios.front()->id : ctx.ui.selected;
    text_dim_wrapped(ctx, ctx.tr("class.run.intro"));
    ImGui::Spacing();

    ImGui::TextUnformatted(ctx.tr("class.run.scenario"));
    ImGui::SetNextItemWidth(w);
    const Scenario* picked = lib.find(f.scenario);
    if (ImGui::BeginCombo("##class_scenario", picked ? title_of(ctx, *picked).c_str() : "")) {
        for (const auto& s : lib.scenarios) {
            ImGui::PushID(s->id.c_str());
            if (ImGui::Selectable(title_of(ctx, *s).c_str(), s->id == f.scenario)) f.scenario = s->id;
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted(ctx.tr("class.run.group"));
    ImGui::SetNextItemWidth(w);
    ImGui::InputTextWithHint("##class_group", ctx.tr("class.run.group_hint"), &f.group);

    ImGui::TextUnformatted(ctx.tr("class.run.mode"));
    for (const Mode m : all_modes) {
        const std::string label = std::string(ctx.tr("mode." + std::string(to_string(m)))) + "##class_mode";
        if (ImGui::RadioButton(label.c_str(), f.mode == m)) f.mode = m;
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::TextUnformatted(ctx.tr("class.run.pacing"));
    // The explanations are long: each wraps beside its radio button.
    const auto pacing = [](const char* radio_id, const char* text, bool active) {
        const bool pressed = ImGui::RadioButton(radio_id, active);
        ImGui::SameLine();
        ImGui::TextWrapped("%s", text);
        return pressed;
    };
    if (pacing("##pacing_self", ctx.tr("class.run.pacing_self"), !f.trainer_pacing)) f.trainer_pacing = false;
    if (pacing("##pacing_trainer", ctx.tr("class.run.pacing_trainer"), f.trainer_pacing))
        f.trainer_pacing = true;
    if (!f.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", f.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    // Focus starts on Start: what the form offers is ready to go, and Enter starts it.
    if (key_button(ctx, ctx.tr("class.run.start"))) ctx.send(cmd::StartClass{});
    if (ImGui::IsWindowAppearing()) focus_last_item();
    ImGui::SameLine();
    if (key_button(ctx, ctx.tr("class.run.cancel")) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ctx.send(cmd::CloseRunClass{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

/// A label and a value that can be selected and copied (a read-only field).
void copyable(const char* id, const char* label, const std::string& value, float width) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(width - ImGui::GetCursorPosX(), 100.0f));
    std::string copy = value;
    ImGui::InputText(id, &copy, ImGuiInputTextFlags_ReadOnly);
}

void draw_running(ViewContext& ctx, const RunningClass& c) {
    const float w = ImGui::GetContentRegionAvail().x;
    const auto& row = c.room().session_row();
    const Scenario* s = ctx.game.library().find(row.scenario_id);
    const std::string what =
        ctx.fmt("class.run.running", {{"scenario", s ? title_of(ctx, *s) : row.scenario_id},
                                      {"mode", ctx.tr("mode." + std::string(to_string(row.mode)))},
                                      {"pacing", ctx.tr(row.pacing == "trainer" ? "class.run.paced_by_trainer"
                                                                                : "class.run.paced_by_self")},
                                      {"group", row.group.empty() ? "-" : row.group}});
    ImGui::TextWrapped("%s", what.c_str());
    if (c.ended()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("class.run.ended"));
        ImGui::PopStyleColor();
    }
    // What trainees type, large enough to read from the back of the room.
    ImGui::BeginGroup();
    ImGui::TextColored(col(ctx.pal.text_dim), "%s", ctx.tr("class.run.join_at"));
    ImGui::SetWindowFontScale(2.0f);
    ImGui::TextUnformatted(c.join_address().c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndGroup();
    ImGui::SameLine(0, 48.0f * ctx.scale);
    ImGui::BeginGroup();
    ImGui::TextColored(col(ctx.pal.text_dim), "%s", ctx.tr("class.run.code"));
    ImGui::SetWindowFontScale(2.0f);
    ImGui::TextColored(col(ctx.pal.accent), "%s", c.code().c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndGroup();
    ImGui::TextUnformatted(ctx.fmt("class.run.joined", {{"joined", std::to_string(c.joined())},
                                                        {"finished", std::to_string(c.finished())}})
                               .c_str());
    copyable("##board_url", ctx.tr("class.run.board_url"), c.board_url(), w);
    copyable("##trainer_url", ctx.tr("class.run.trainer_url"), c.trainer_url(), w);
    text_dim_wrapped(ctx, ctx.tr("class.run.trainer_url_help"));
    if (key_button(ctx, ctx.tr("class.run.open_board"))) ctx.send(cmd::OpenBoard{});
    ImGui::SameLine();
    if (!c.ended()) {
        if (key_button(ctx, ctx.tr("class.run.end"))) ctx.send(cmd::EndClass{});
        ImGui::SameLine();
    }
    if (key_button(ctx, ctx.tr("class.run.stop"))) ctx.send(cmd::StopClass{});
}

}  // namespace

void draw_class_run(ViewContext& ctx) {
    if (const RunningClass* c = ctx.game.running_class()) {
        ImGui::Separator();
        draw_running(ctx, *c);
        ImGui::Separator();
    } else {
        if (key_button(ctx, ctx.tr("class.run.open"))) ctx.send(cmd::OpenRunClass{});
    }
    draw_run_form(ctx);
}

}  // namespace salesim::window
