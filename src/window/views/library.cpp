// The scenario library: filters, the list, and the chosen scenario's summary and goals.
#include "window/views/views.hpp"

#include <salesim/diagnostic.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace salesim::window {

namespace {

constexpr std::array<const char*, 3> contexts{"b2b", "b2c", "retail"};

bool passes(const LibraryFilter& f, const Scenario& s) {
    if (f.context > 0 && s.context != contexts[static_cast<std::size_t>(f.context - 1)]) return false;
    if (f.difficulty > 0 && s.difficulty != f.difficulty) return false;
    if (f.stage > 0 && !s.has_stage(all_stages[static_cast<std::size_t>(f.stage - 1)])) return false;
    return true;
}

// A combo over labels, returning the new index.
int combo(const char* id, int current, const std::vector<std::string>& labels) {
    int out = current;
    if (ImGui::BeginCombo(id, labels[static_cast<std::size_t>(current)].c_str())) {
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const bool sel = static_cast<int>(i) == current;
            if (ImGui::Selectable(labels[i].c_str(), sel)) out = static_cast<int>(i);
            if (sel) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return out;
}

void draw_filters(ViewContext& ctx) {
    LibraryFilter& f = ctx.ui.filter;
    const float w = ImGui::GetContentRegionAvail().x;
    std::vector<std::string> labels{ctx.tr("library.all")};
    for (const char* c : contexts) labels.emplace_back(ctx.tr(std::string("context.") + c));
    ImGui::TextUnformatted(ctx.tr("library.filter_context"));
    ImGui::SetNextItemWidth(w);
    f.context = combo("##context", f.context, labels);

    labels = {ctx.tr("library.all")};
    for (int d = 1; d <= 5; ++d)
        labels.push_back(ctx.fmt("library.difficulty_n", {{"n", std::to_string(d)}}));
    ImGui::TextUnformatted(ctx.tr("library.filter_difficulty"));
    ImGui::SetNextItemWidth(w);
    f.difficulty = combo("##difficulty", f.difficulty, labels);

    labels = {ctx.tr("library.all")};
    for (const Stage s : all_stages)
        labels.push_back(std::to_string(stage_number(s)) + ". " + stage_name(ctx, s));
    ImGui::TextUnformatted(ctx.tr("library.filter_stage"));
    ImGui::SetNextItemWidth(w);
    f.stage = combo("##stage", f.stage, labels);
}

// The mode the next attempt is played in: the settings' unless picked here, or the group's.
void draw_start_mode(ViewContext& ctx) {
    const std::optional<results::Group> group = ctx.game.required_mode_group();
    const Mode mode = ctx.game.mode_for(ctx.ui.start_mode);
    ImGui::TextUnformatted(ctx.tr("mode.label"));
    if (group) {
        text_dim_wrapped(
            ctx, ctx.fmt("mode.required",
                         {{"group", group->name}, {"mode", ctx.tr("mode." + std::string(to_string(mode)))}}));
        return;
    }
    for (const Mode m : all_modes) {
        const std::string id(to_string(m));
        if (ImGui::RadioButton((std::string(ctx.tr("mode." + id)) + "##start_mode").c_str(), mode == m))
            ctx.send(cmd::PickStartMode{m});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    text_dim_wrapped(ctx, ctx.tr("mode." + std::string(to_string(mode)) + "_tip"));
}

void draw_details(ViewContext& ctx, const Scenario& s) {
    const std::string lang = s.language_or_default(ctx.game.prefs().lang);
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextWrapped("%s", s.title.get(lang).c_str());
    ImGui::SetWindowFontScale(1.0f);
    text_dim_wrapped(ctx, std::string(ctx.tr(std::string("context.") + s.context)) + "  \xC2\xB7  " +
                              ctx.fmt("library.difficulty_n", {{"n", std::to_string(s.difficulty)}}) +
                              "  \xC2\xB7  " + s.product_name.get(lang));
    ImGui::TextWrapped(
        "%s",
        ctx.fmt("library.buyer", {{"name", s.persona.name}, {"role", s.persona.role.get(lang)}}).c_str());
    if (lang != ctx.game.prefs().lang) {
        text_dim_wrapped(ctx, ctx.tr("library.not_in_language"));
    }
    ImGui::Separator();
    ImGui::TextUnformatted(ctx.tr("library.summary"));
    ImGui::TextWrapped("%s", s.summary.get(lang).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("library.goals"));
    for (const Text& g : s.goals) ImGui::BulletText("%s", g.get(lang).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("library.stages"));
    for (const StageContent& st : s.stages) {
        ImGui::BulletText("%d. %s", stage_number(st.stage), stage_name(ctx, st.stage));
    }
    ImGui::Spacing();
    ImGui::TextWrapped("%s", ctx.fmt("library.pass", {{"pass", std::to_string(s.rubric.pass)}}).c_str());
    ImGui::Spacing();
    draw_start_mode(ctx);
    ImGui::Spacing();
    if (ImGui::Button(ctx.tr("library.start"),
                      ImVec2(ImGui::CalcTextSize(ctx.tr("library.start")).x + 40.0f * ctx.scale, 0))) {
        ctx.send(cmd::StartScenario{s.id, ctx.ui.start_mode});
    }
}

}  // namespace

void draw_library(ViewContext& ctx) {
    const Library& lib = ctx.game.library();
    const float left_w = std::max(260.0f * ctx.scale, ImGui::GetContentRegionAvail().x * 0.32f);

    ImGui::BeginChild("##library_list", ImVec2(left_w, 0), true);
    ImGui::TextUnformatted(ctx.fmt("library.greeting", {{"name", ctx.game.prefs().name}}).c_str());
    if (ImGui::Button(ctx.tr("class.join.open"))) ctx.send(cmd::OpenJoinClass{});
    ImGui::Separator();
    draw_filters(ctx);
    ImGui::Separator();
    int shown = 0;
    for (const auto& sp : lib.scenarios) {
        const Scenario& s = *sp;
        if (!passes(ctx.ui.filter, s)) continue;
        ++shown;
        const std::string lang = s.language_or_default(ctx.game.prefs().lang);
        const std::string label = s.title.get(lang) + "##" + s.id;
        if (ctx.ui.selected.empty()) ctx.ui.selected = s.id;
        if (ImGui::Selectable(label.c_str(), ctx.ui.selected == s.id,
                              ImGuiSelectableFlags_AllowDoubleClick)) {
            ctx.ui.selected = s.id;
            if (ImGui::IsMouseDoubleClicked(0)) ctx.send(cmd::StartScenario{s.id, ctx.ui.start_mode});
        }
        // Focus starts on the scenario picked, so the arrows go through the list from there.
        if (ctx.ui.selected == s.id && wants_focus(ctx)) focus_last_item();
        if (ImGui::IsItemFocused()) ctx.ui.selected = s.id;
        if (ImGui::IsItemHovered() &&
            ImGui::CalcTextSize(label.c_str(), nullptr, true).x > ImGui::GetItemRectSize().x) {
            ImGui::SetTooltip("%s", s.title.get(lang).c_str());
        }
    }
    // Enter starts the scenario picked in the list (Dear ImGui's own navigation activates with
    // Space only), unless a filter's drop-down is open.
    const bool enter = std::find(ctx.ui.keys.begin(), ctx.ui.keys.end(), '\n') != ctx.ui.keys.end();
    if (enter && !ctx.ui.selected.empty() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup) &&
        lib.find(ctx.ui.selected) != nullptr) {
        ctx.send(cmd::StartScenario{ctx.ui.selected, ctx.ui.start_mode});
    }
    if (shown == 0)
        ImGui::TextWrapped("%s", ctx.tr(lib.scenarios.empty() ? "library.empty" : "library.none_match"));
    if (has_errors(lib.diagnostics)) {
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("library.problems"));
        ImGui::PopStyleColor();
        if (ImGui::Button(ctx.tr("library.show_problems"))) ctx.ui.diagnostics_shown = false;
    }
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##library_details", ImVec2(0, 0), true);
    const Scenario* sel = lib.find(ctx.ui.selected);
    if (sel && passes(ctx.ui.filter, *sel)) {
        draw_details(ctx, *sel);
    } else {
        ImGui::TextWrapped("%s", ctx.tr("library.pick"));
    }
    ImGui::EndChild();
}

}  // namespace salesim::window
