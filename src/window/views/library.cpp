// The scenario library: filters and sorting, the list with the trainee's progress and the scenarios
// assigned to the trainee's groups (from the index and the results store, no scenario parsed), and
// the chosen scenario's summary and goals.
#include "window/views/views.hpp"

#include <salesim/diagnostic.hpp>

#include <algorithm>
#include <array>
#include <set>
#include <string>

namespace salesim::window {

namespace {

using app::ScenarioSummary;

constexpr std::array<const char*, 3> contexts{"b2b", "b2c", "retail"};

bool passes(const LibraryFilter& f, const ScenarioSummary& s) {
    if (s.pending || s.broken)
        return f.context == 0 && f.difficulty == 0 && f.stage == 0 && f.practises.empty();
    if (f.context > 0 && s.context != contexts[static_cast<std::size_t>(f.context - 1)]) return false;
    if (f.difficulty > 0 && s.difficulty != f.difficulty) return false;
    if (f.stage > 0) {
        const std::string_view id = to_string(all_stages[static_cast<std::size_t>(f.stage - 1)]);
        if (std::find(s.stages.begin(), s.stages.end(), id) == s.stages.end()) return false;
    }
    return f.practises.empty() || s.practises(f.practises);
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

std::string title_of(const ViewContext& ctx, const ScenarioSummary& s) {
    if (s.title.empty()) return s.id;
    return s.title.get(ctx.game.prefs().lang);
}

// What the library can be filtered by practising: every competency, then every method and
// technique, each once, as (id, label).
std::vector<std::pair<std::string, std::string>> practice_choices(const ViewContext& ctx) {
    std::set<std::string> competencies;
    std::vector<std::pair<std::string, std::string>> methods;
    for (const ScenarioSummary& s : ctx.game.index().entries()) {
        competencies.insert(s.competencies.begin(), s.competencies.end());
        for (std::size_t i = 0; i < s.methods.size(); ++i) {
            if (std::any_of(methods.begin(), methods.end(),
                            [&](const auto& m) { return m.first == s.methods[i]; }))
                continue;
            const std::string name =
                i < s.method_names.size() ? s.method_names[i].get(ctx.game.prefs().lang) : "";
            methods.emplace_back(s.methods[i], name.empty() ? s.methods[i] : name);
        }
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& c : competencies) out.emplace_back(c, ctx.tr("competency." + c));
    std::sort(methods.begin(), methods.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    out.insert(out.end(), methods.begin(), methods.end());
    return out;
}

// A filter's label with its drop-down beside it: one line each keeps the list in view at 200%.
// When the widest choice would not fit beside the label, the drop-down goes under it.
void label_beside(const char* label, float label_w, const std::vector<std::string>& choices) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    float widest = 0.0f;
    for (const std::string& c : choices) widest = std::max(widest, ImGui::CalcTextSize(c.c_str()).x);
    const float needed = widest + ImGui::GetStyle().FramePadding.x * 2.0f + ImGui::GetFrameHeight();
    if (label_w + needed <= ImGui::GetWindowContentRegionMax().x) ImGui::SameLine(label_w);
    ImGui::SetNextItemWidth(-1.0f);
}

void draw_filters(ViewContext& ctx) {
    LibraryFilter& f = ctx.ui.filter;
    float label_w = 0.0f;
    for (const char* k : {"library.sort", "library.filter_context", "library.filter_difficulty",
                          "library.filter_stage", "library.filter_practises"})
        label_w = std::max(label_w, ImGui::CalcTextSize(ctx.tr(k)).x);
    label_w += ImGui::GetStyle().ItemSpacing.x * 2.0f;
    std::vector<std::string> labels{ctx.tr("library.sort_recommended"), ctx.tr("library.sort_difficulty"),
                                    ctx.tr("library.sort_title")};
    label_beside(ctx.tr("library.sort"), label_w, labels);
    f.sort = combo("##sort", f.sort, labels);

    labels = {ctx.tr("library.all")};
    for (const char* c : contexts) labels.emplace_back(ctx.tr(std::string("context.") + c));
    label_beside(ctx.tr("library.filter_context"), label_w, labels);
    f.context = combo("##context", f.context, labels);

    labels = {ctx.tr("library.all")};
    for (int d = 1; d <= 5; ++d)
        labels.push_back(ctx.fmt("library.difficulty_n", {{"n", std::to_string(d)}}));
    label_beside(ctx.tr("library.filter_difficulty"), label_w, labels);
    f.difficulty = combo("##difficulty", f.difficulty, labels);

    labels = {ctx.tr("library.all")};
    for (const Stage s : all_stages)
        labels.push_back(std::to_string(stage_number(s)) + ". " + stage_name(ctx, s));
    label_beside(ctx.tr("library.filter_stage"), label_w, labels);
    f.stage = combo("##stage", f.stage, labels);

    const auto choices = practice_choices(ctx);
    labels = {ctx.tr("library.all")};
    int current = 0;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        labels.push_back(choices[i].second);
        if (choices[i].first == f.practises) current = static_cast<int>(i + 1);
    }
    label_beside(ctx.tr("library.filter_practises"), label_w, labels);
    const int picked = combo("##practises", current, labels);
    if (picked != current)
        f.practises = picked == 0 ? std::string() : choices[static_cast<std::size_t>(picked - 1)].first;
}

// The list in the order asked for; the tutorial stays first ("Start here").
std::vector<const ScenarioSummary*> ordered(const ViewContext& ctx, const std::string& recommended) {
    std::vector<const ScenarioSummary*> out;
    for (const ScenarioSummary& s : ctx.game.index().entries())
        if (passes(ctx.ui.filter, s)) out.push_back(&s);
    const app::TraineeProgress& p = ctx.game.progress();
    auto passed = [&](const ScenarioSummary* s) {
        const auto it = p.scenarios.find(s->id);
        return it != p.scenarios.end() && it->second.passed;
    };
    // Where a scenario stands among those the trainer assigned and the trainee has not passed yet
    // (the assignments' order); the others after them all.
    auto due = [&](const ScenarioSummary* s) {
        const auto it = std::find(p.assigned.begin(), p.assigned.end(), s->id);
        return it == p.assigned.end() || passed(s) ? p.assigned.size()
                                                   : static_cast<std::size_t>(it - p.assigned.begin());
    };
    const int sort = ctx.ui.filter.sort;
    std::stable_sort(out.begin(), out.end(), [&](const ScenarioSummary* a, const ScenarioSummary* b) {
        if (a->tutorial() != b->tutorial()) return a->tutorial();
        // Files not read yet, or broken, have no difficulty or title to sort by: they go last.
        const bool a_unread = a->pending || a->broken;
        if (a_unread != (b->pending || b->broken)) return !a_unread;
        if (sort == 2) return title_of(ctx, *a) < title_of(ctx, *b);
        if (sort == 0) {
            // Right after the tutorial: what the trainer assigned and is still to be passed.
            if (due(a) != due(b)) return due(a) < due(b);
            if ((a->id == recommended) != (b->id == recommended)) return a->id == recommended;
            if (passed(a) != passed(b)) return !passed(a);
        }
        return a->difficulty < b->difficulty;
    });
    return out;
}

// One row: the title (with the tutorial's badge), its difficulty, the best score and the pass mark.
/// One row's cells; the caller has started the row and is in its first column.
void draw_row(ViewContext& ctx, const ScenarioSummary& s, bool first_tutorial) {
    const app::TraineeProgress& p = ctx.game.progress();
    const std::string title = title_of(ctx, s);
    // The row is a selectable as tall as the title wrapped to the column, with the title drawn over it:
    // a long title wraps instead of being cut.
    const std::string label = "##" + s.path;
    const float title_h =
        ImGui::CalcTextSize(title.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
    const ImVec2 title_at = ImGui::GetCursorScreenPos();
    if (ImGui::Selectable(label.c_str(), ctx.ui.selected == s.id,
                          ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick,
                          ImVec2(0, title_h))) {
        ctx.ui.selected = s.id;
        if (ImGui::IsMouseDoubleClicked(0) && !s.broken)
            ctx.send(cmd::StartScenario{s.id, ctx.ui.start_mode});
    }
    // Focus starts on the scenario picked, so the arrows go through the list from there.
    if (ctx.ui.selected == s.id && wants_focus(ctx)) focus_last_item();
    if (ImGui::IsItemFocused()) ctx.ui.selected = s.id;
    if (ImGui::IsItemHovered() && !s.problem.empty()) ImGui::SetTooltip("%s", s.problem.c_str());
    ImGui::SetCursorScreenPos(title_at);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopTextWrapPos();
    // The badges go under the title: beside it a long title would cut them off.
    if (first_tutorial) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent));
        ImGui::TextUnformatted(ctx.tr("library.start_here"));
        ImGui::PopStyleColor();
    }
    if (std::find(p.assigned.begin(), p.assigned.end(), s.id) != p.assigned.end()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent));
        ImGui::TextUnformatted(ctx.tr("library.assigned"));
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.tr("library.assigned_note"));
    }
    // A copy has the title of the shipped scenario it came from: the mark tells them apart.
    if (ctx.game.own_scenario(s.path)) {
        ImGui::TextColored(col(ctx.pal.text_dim), "%s", ctx.tr("library.own"));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.path.c_str());
    }
    ImGui::TableSetColumnIndex(1);
    if (s.broken) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextUnformatted(ctx.tr("library.broken"));
        ImGui::PopStyleColor();
        return;
    }
    if (s.pending) {
        ImGui::TextDisabled("%s", ctx.tr("library.reading_one"));
        return;
    }
    ImGui::TextUnformatted(ctx.fmt("library.level_n", {{"n", std::to_string(s.difficulty)}}).c_str());
    ImGui::TableSetColumnIndex(2);
    const auto it = p.scenarios.find(s.id);
    if (it == p.scenarios.end()) {
        ImGui::TextDisabled("%s", ctx.tr("library.not_played"));
        return;
    }
    ImGui::TextUnformatted(std::to_string(it->second.best).c_str());
    if (it->second.passed) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.good));
        ImGui::TextUnformatted(ctx.tr("mark.done"));
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.tr("library.passed"));
    }
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

void draw_details(ViewContext& ctx, const app::ScenarioDetails& s) {
    const std::string lang = s.language_or_default(ctx.game.prefs().lang);
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextWrapped("%s", s.title.get(lang).c_str());
    ImGui::SetWindowFontScale(1.0f);
    text_dim_wrapped(ctx, std::string(ctx.tr(std::string("context.") + s.context)) + "  \xC2\xB7  " +
                              ctx.fmt("library.difficulty_n", {{"n", std::to_string(s.difficulty)}}) +
                              "  \xC2\xB7  " + s.product_name.get(lang));
    const auto& assigned = ctx.game.progress().assigned;
    if (std::find(assigned.begin(), assigned.end(), s.id) != assigned.end()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent));
        ImGui::TextWrapped("%s", ctx.tr("library.assigned_note"));
        ImGui::PopStyleColor();
    }
    const auto& progress = ctx.game.progress().scenarios;
    if (const auto it = progress.find(s.id); it != progress.end()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(it->second.passed ? ctx.pal.good : ctx.pal.text_dim));
        ImGui::TextWrapped("%s", ctx.fmt_n(it->second.passed ? "library.progress_passed" : "library.progress",
                                           static_cast<long long>(it->second.attempts),
                                           {{"best", std::to_string(it->second.best)},
                                            {"n", std::to_string(it->second.attempts)}})
                                     .c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TextWrapped(
        "%s", ctx.fmt("library.buyer", {{"name", s.buyer_name}, {"role", s.buyer_role.get(lang)}}).c_str());
    if (lang != ctx.game.prefs().lang) {
        text_dim_wrapped(ctx, ctx.tr("library.not_in_language"));
    }
    ImGui::Separator();
    ImGui::TextUnformatted(ctx.tr("library.summary"));
    ImGui::TextWrapped("%s", s.summary.get(lang).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("library.goals"));
    for (const Text& g : s.goals) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", g.get(lang).c_str());
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("library.stages"));
    for (const Stage st : s.stages) {
        ImGui::BulletText("%d. %s", stage_number(st), stage_name(ctx, st));
    }
    ImGui::Spacing();
    ImGui::TextWrapped("%s", ctx.fmt("library.pass", {{"pass", std::to_string(s.pass)}}).c_str());
    ImGui::Spacing();
    draw_start_mode(ctx);
    ImGui::Spacing();
    if (ImGui::Button(ctx.tr("library.start"),
                      ImVec2(ImGui::CalcTextSize(ctx.tr("library.start")).x + 40.0f * ctx.scale, 0))) {
        ctx.send(cmd::StartScenario{s.id, ctx.ui.start_mode});
    }
}

// A new profile starts at the tutorial; a trainee who has played starts at the first scenario the
// trainer assigned and the trainee has not passed, else at the recommendation.
void preselect(ViewContext& ctx, const std::vector<const ScenarioSummary*>& rows,
               const std::string& recommended) {
    if (!ctx.ui.selected.empty() || rows.empty()) return;
    const app::TraineeProgress& p = ctx.game.progress();
    if (p.scenarios.empty()) {
        for (const ScenarioSummary* s : rows)
            if (s->tutorial()) {
                ctx.ui.selected = s->id;
                return;
            }
    }
    for (const std::string& id : p.assigned) {
        const auto it = p.scenarios.find(id);
        const bool passed = it != p.scenarios.end() && it->second.passed;
        if (!passed && std::any_of(rows.begin(), rows.end(), [&](const auto* s) { return s->id == id; })) {
            ctx.ui.selected = id;
            return;
        }
    }
    ctx.ui.selected = recommended.empty() ? rows.front()->id : recommended;
}

}  // namespace

std::string scenario_title(const ViewContext& ctx, const std::string& id) {
    const ScenarioSummary* s = ctx.game.index().find(id);
    return s ? title_of(ctx, *s) : id;
}

std::string recommendation_reason(const ViewContext& ctx, const app::Recommendation& r) {
    if (r.reason == "next.reason_method") {
        // The rule book's name of the method, from any scenario that practises it.
        std::string name = r.method;
        for (const ScenarioSummary& s : ctx.game.index().entries())
            for (std::size_t i = 0; i < s.methods.size() && i < s.method_names.size(); ++i)
                if (s.methods[i] == r.method && !s.method_names[i].empty())
                    name = s.method_names[i].get(ctx.game.prefs().lang);
        return ctx.fmt(r.reason, {{"method", name}, {"n", std::to_string(r.times)}});
    }
    if (r.reason == "next.reason_competency")
        return ctx.fmt(r.reason, {{"competency", ctx.tr("competency." + r.competency)},
                                  {"score", std::to_string(r.score)}});
    return ctx.tr(r.reason);
}

void draw_library(ViewContext& ctx) {
    const app::LibraryIndex& index = ctx.game.index();
    const float left_w = std::max(300.0f * ctx.scale, ImGui::GetContentRegionAvail().x * 0.36f);
    const std::optional<app::Recommendation> next = ctx.game.next_scenario({});
    const std::string recommended = next ? next->scenario_id : std::string();

    ImGui::BeginChild("##library_list", ImVec2(left_w, 0), true);
    ImGui::TextUnformatted(ctx.fmt("library.greeting", {{"name", ctx.game.prefs().name}}).c_str());
    if (ImGui::Button(ctx.tr("class.join.open"))) ctx.send(cmd::OpenJoinClass{});
    ImGui::Separator();
    draw_filters(ctx);
    ImGui::Separator();
    const std::vector<const ScenarioSummary*> rows = ordered(ctx, recommended);
    preselect(ctx, rows, recommended);
    if (index.refreshing() && std::any_of(rows.begin(), rows.end(), [](const auto* s) { return s->pending; }))
        text_dim_wrapped(ctx, ctx.tr("library.reading"));
    // The list's width, which the titles wrap to: the rows' heights hold for it only.
    const float width = ImGui::GetContentRegionAvail().x;
    if (!rows.empty() &&
        ImGui::BeginTable("##scenarios", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn(ctx.tr("library.col_title"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(ctx.tr("library.col_level"), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn(ctx.tr("library.col_best"), ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        // A row far from the view (more than the list's height above or below it) is left empty, as
        // tall as it was when last drawn: a library of 500 costs the frame the rows around the view.
        // The picked row is always drawn (focus may be sent to it), and so are the rows next to the
        // view, which the arrows and Page Down move to. Drawn rows are measured each frame.
        const float view_top = ImGui::GetWindowPos().y;
        const float view_h = ImGui::GetWindowHeight();
        LibraryRows& measured = ctx.ui.library_rows;
        if (measured.width != width || measured.scale != ctx.scale)
            measured = LibraryRows{{}, width, ctx.scale, 0};
        measured.drawn = 0;
        const std::string* last_id = nullptr;  // the row before, when it was drawn
        float last_y = 0.0f;
        float next_y = -1.0f;  // where this row is expected to start; < 0 before the first row
        bool badge = true;
        for (const ScenarioSummary* s : rows) {
            const auto known = measured.heights.find(s->id);
            const float h =
                known != measured.heights.end() ? known->second : ImGui::GetFrameHeightWithSpacing();
            const bool near = next_y < 0.0f || s->id == ctx.ui.selected ||
                              (next_y + h >= view_top - view_h && next_y <= view_top + 2.0f * view_h);
            ImGui::TableNextRow(ImGuiTableRowFlags_None, near ? 0.0f : h);
            ImGui::TableSetColumnIndex(0);
            const float y = ImGui::GetCursorScreenPos().y;
            if (last_id != nullptr) measured.heights[*last_id] = y - last_y;
            last_id = nullptr;
            next_y = y + h;
            const bool tutorial_badge = badge && s->tutorial();
            if (s->tutorial()) badge = false;
            if (!near) continue;
            draw_row(ctx, *s, tutorial_badge);
            ++measured.drawn;
            last_id = &s->id;
            last_y = y;
        }
        ImGui::EndTable();
    }
    // Enter starts the scenario picked in the list (Dear ImGui's own navigation activates with
    // Space only), unless a filter's drop-down is open.
    const bool enter = std::find(ctx.ui.keys.begin(), ctx.ui.keys.end(), '\n') != ctx.ui.keys.end();
    if (enter && !ctx.ui.selected.empty() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup) &&
        index.find(ctx.ui.selected) != nullptr) {
        ctx.send(cmd::StartScenario{ctx.ui.selected, ctx.ui.start_mode});
    }
    if (rows.empty())
        ImGui::TextWrapped("%s", ctx.tr(index.entries().empty() ? "library.empty" : "library.none_match"));
    if (std::any_of(index.entries().begin(), index.entries().end(), [](const auto& s) { return s.broken; })) {
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("library.problems"));
        ImGui::PopStyleColor();
        if (ImGui::Button(ctx.tr("library.show_problems"))) ctx.ui.diagnostics_shown = false;
    }
    ImGui::EndChild();

    ImGui::SameLine();
    ImGui::BeginChild("##library_details", ImVec2(0, 0), true);
    const ScenarioSummary* picked = nullptr;
    for (const ScenarioSummary* s : rows)
        if (s->id == ctx.ui.selected) picked = s;
    // Only the scenario shown is read: its details from the cache, else parsed once.
    const std::shared_ptr<const app::ScenarioDetails> sel =
        picked && !picked->broken ? ctx.game.details(picked->id) : nullptr;
    if (sel) {
        if (next && next->scenario_id == sel->id && !picked->tutorial())
            text_dim_wrapped(ctx, ctx.tr("library.recommended"));
        draw_details(ctx, *sel);
    } else if (picked && (picked->broken || !ctx.game.scenario_problem(picked->id).empty())) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("library.broken"));
        ImGui::PopStyleColor();
        const std::string problem = picked->broken ? picked->problem : ctx.game.scenario_problem(picked->id);
        ImGui::TextWrapped("%s", problem.c_str());
    } else {
        ImGui::TextWrapped("%s", ctx.tr("library.pick"));
    }
    ImGui::EndChild();
}

}  // namespace salesim::window
