// The trainer's view: per trainee and per group, attempts and scores per scenario, stage and
// competency bars, progress over time, the objection-method grid with its legend, filters and
// exports, and the Groups panel (groups, their members, assigned scenarios and required mode).
#include "window/views/views.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace salesim::window {

namespace {

using results::ProgressPoint;
using results::Report;
using results::SectionReport;

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

/// A method's display name from the rule book, in the UI language (the id when no book has it).
std::string method_name(const ViewContext& ctx, Method m) {
    const std::string id(to_string(m));
    if (const auto& book = ctx.game.library().book) {
        if (const MoveInfo* info = book->find_move(id)) return info->name.get(ctx.game.strings().lang());
    }
    return id;
}

std::string scenario_title(const ViewContext& ctx, const std::string& id, const std::string& stored) {
    if (const Scenario* s = ctx.game.library().find(id)) {
        return s->title.get(s->language_or_default(ctx.game.strings().lang()));
    }
    return stored.empty() ? id : stored;
}

/// A text field on the page's own Tab ring (tab_stop), where Tab takes typing at once and goes on
/// to the next control; Dear ImGui's tabbing, which jumps between text fields only, is kept out.
/// True when Enter was pressed in it.
bool text_field(const char* id, const char* hint, std::string& value, float width) {
    ImGui::SetNextItemWidth(width);
    ImGui::PushItemFlag(ImGuiItemFlags_NoTabStop, true);
    const bool enter = ImGui::InputTextWithHint(id, hint, &value, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopItemFlag();
    tab_stop();
    return enter;
}

/// A drop-down on the Tab ring. While it is open the last item is its list, so only the closed
/// one is a stop.
bool combo_stop(const char* id, const char* preview) {
    const bool open = ImGui::BeginCombo(id, preview);
    if (!open) tab_stop();
    return open;
}

/// A combo over "All" and `names`; `value` "" means all.
void filter_combo(const char* id, const char* label, const char* all, const std::vector<std::string>& names,
                  const std::vector<std::string>& shown, std::string& value, float width) {
    ImGui::BeginGroup();
    // Every label on the row at the same height, whether or not it follows a field.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::SetNextItemWidth(width);
    std::string preview = all;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == value) preview = shown[i];
    if (combo_stop(id, preview.c_str())) {
        if (ImGui::Selectable(all, value.empty())) value.clear();
        for (std::size_t i = 0; i < names.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(shown[i].c_str(), value == names[i])) value = names[i];
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::EndGroup();
}

/// A date typed into `edit` reaches the filter once it is complete (or cleared, or Enter is
/// pressed), so the report is not rebuilt, and does not complain, at every keystroke.
void date_field(const char* id, const char* hint, std::string& edit, std::string& value, float width) {
    const bool enter = text_field(id, hint, edit, width);
    if (enter || edit.empty() || edit.size() == 10 || ImGui::IsItemDeactivatedAfterEdit()) value = edit;
}

void draw_filters(ViewContext& ctx) {
    const WindowResults& res = ctx.game.results();
    results::ReportFilter& f = ctx.ui.trainer.filter;
    const float w = 180.0f * ctx.scale;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const auto next = [&](float width) {
        // Wraps the filter row when the next field would not fit.
        const float right = ImGui::GetItemRectMax().x + spacing + width;
        if (right < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    };

    // The names as the roster last read them with the report, not a query every frame.
    std::vector<std::string> groups;
    std::vector<std::string> trainees;
    if (const auto& roster = res.roster()) {
        for (const GroupRoster& g : roster->groups) groups.push_back(g.group.name);
        for (const results::Trainee& t : roster->trainees) trainees.push_back(t.name);
    }
    filter_combo("##group", ctx.tr("trainer.filter_group"), ctx.tr("trainer.all"), groups, groups, f.group,
                 w);
    next(w);
    filter_combo("##trainee", ctx.tr("trainer.filter_trainee"), ctx.tr("trainer.all"), trainees, trainees,
                 f.trainee, w);
    std::vector<std::string> ids;
    std::vector<std::string> titles;
    for (const auto& s : ctx.game.library().scenarios) {
        ids.push_back(s->id);
        titles.push_back(scenario_title(ctx, s->id, s->id));
    }
    next(w * 1.6f);
    filter_combo("##scenario", ctx.tr("trainer.filter_scenario"), ctx.tr("trainer.all"), ids, titles,
                 f.scenario, w * 1.6f);
    std::vector<std::string> modes;
    std::vector<std::string> mode_names;
    for (const Mode m : all_modes) {
        modes.emplace_back(to_string(m));
        mode_names.emplace_back(ctx.tr("mode." + modes.back()));
    }
    std::string mode = f.mode ? std::string(to_string(*f.mode)) : std::string();
    next(w);
    filter_combo("##mode", ctx.tr("trainer.filter_mode"), ctx.tr("trainer.all"), modes, mode_names, mode, w);
    f.mode = parse_mode(mode);
    const float date_w = ImGui::CalcTextSize("0000-00-00").x + ImGui::GetStyle().FramePadding.x * 4.0f;
    next(date_w);
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.since"));
    date_field("##since", ctx.tr("trainer.date_hint"), ctx.ui.trainer.since_edit, f.since, date_w);
    ImGui::EndGroup();
    next(date_w);
    ImGui::BeginGroup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.until"));
    date_field("##until", ctx.tr("trainer.date_hint"), ctx.ui.trainer.until_edit, f.until, date_w);
    ImGui::EndGroup();
}

void draw_exports(ViewContext& ctx) {
    const WindowResults& res = ctx.game.results();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.export"));
    const std::pair<ExportKind, const char*> kinds[] = {{ExportKind::Csv, "trainer.export_csv"},
                                                        {ExportKind::Moodle, "trainer.export_moodle"},
                                                        {ExportKind::Canvas, "trainer.export_canvas"},
                                                        {ExportKind::Xapi, "trainer.export_xapi"}};
    for (const auto& [kind, key] : kinds) {
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr(key))) ctx.send(cmd::Export{kind});
    }
    if (const auto& last = res.last_export()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.good));
        ImGui::TextWrapped("%s", ctx.fmt("trainer.exported", {{"path", last->path.string()}}).c_str());
        ImGui::PopStyleColor();
        for (const std::string& w : last->warnings) text_dim_wrapped(ctx, w);
    }
}

void draw_scenario_table(ViewContext& ctx, const SectionReport& s) {
    ImGui::TextUnformatted(ctx.tr("trainer.by_scenario"));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##scenarios", 6, flags)) return;
    ImGui::TableSetupColumn(ctx.tr("trainer.col_scenario"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
    for (const char* key : {"trainer.col_attempts", "trainer.col_finished", "trainer.col_passed",
                            "trainer.col_best", "trainer.col_average"}) {
        ImGui::TableSetupColumn(ctx.tr(key), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    }
    ImGui::TableHeadersRow();
    for (const results::ScenarioStats& st : s.scenarios) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", scenario_title(ctx, st.scenario_id, st.title).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", st.attempts);
        ImGui::TableNextColumn();
        ImGui::Text("%d", st.finished);
        ImGui::TableNextColumn();
        ImGui::Text("%d", st.passed);
        ImGui::TableNextColumn();
        if (st.finished > 0) ImGui::Text("%d", st.best);
        ImGui::TableNextColumn();
        if (st.finished > 0) ImGui::TextUnformatted(one_decimal(st.average).c_str());
    }
    ImGui::EndTable();
}

void draw_bars(ViewContext& ctx, const results::ScoreSummary& scores) {
    const float half = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;
    // A heading wraps within its half.
    const auto heading = [half](const char* text) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
    };
    ImGui::BeginGroup();
    heading(ctx.tr("trainer.by_stage"));
    for (const Stage st : all_stages) {
        const auto it = scores.stages.find(std::string(to_string(st)));
        if (it == scores.stages.end()) continue;
        const std::string label = std::to_string(stage_number(st)) + ". " + stage_short(ctx, st);
        ImGui::PushID(stage_number(st));
        draw_meter(ctx, label.c_str(), static_cast<int>(std::lround(it->second)), half);
        ImGui::PopID();
    }
    ImGui::EndGroup();
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2.0f);
    ImGui::BeginGroup();
    heading(ctx.tr("trainer.by_competency"));
    int id = 100;
    for (const auto& [comp, value] : scores.competencies) {
        const std::string label = competency_name(ctx, comp);
        ImGui::PushID(id++);
        draw_meter(ctx, label.c_str(), static_cast<int>(std::lround(value)), half);
        ImGui::PopID();
    }
    ImGui::EndGroup();
}

/// Score per finished attempt in time order: a line over a 0..100 grid, passed attempts marked.
/// `loaded` is null for the one frame before the series is read: its place is kept empty.
void draw_progress(ViewContext& ctx, const std::vector<ProgressPoint>* loaded) {
    ImGui::TextUnformatted(ctx.tr("trainer.progress"));
    if (loaded == nullptr) {
        ImGui::Dummy(ImVec2(1.0f, 150.0f * ctx.scale));
        return;
    }
    const std::vector<ProgressPoint>& series = *loaded;
    // How the attempts were played (each point's tooltip names its own mode).
    std::string modes;
    for (const Mode m : all_modes) {
        const auto n =
            std::count_if(series.begin(), series.end(), [m](const ProgressPoint& p) { return p.mode == m; });
        if (n == 0) continue;
        if (!modes.empty()) modes += " · ";
        modes += std::string(ctx.tr("mode." + std::string(to_string(m)))) + " " + std::to_string(n);
    }
    if (!modes.empty()) text_dim_wrapped(ctx, ctx.fmt("trainer.by_mode", {{"modes", modes}}));
    std::vector<const ProgressPoint*> done;
    for (const ProgressPoint& p : series)
        if (p.status == results::AttemptStatus::Finished) done.push_back(&p);
    if (done.empty()) {
        text_dim_wrapped(ctx, ctx.tr("trainer.progress_none"));
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line_h = ImGui::GetTextLineHeight();
    const float axis_w = ImGui::CalcTextSize("100").x + ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(120.0f, ImGui::GetContentRegionAvail().x);
    const float height = 150.0f * ctx.scale;
    const ImVec2 a(origin.x + axis_w, origin.y + line_h * 0.5f);
    const ImVec2 b(origin.x + width - line_h * 0.5f, origin.y + height - line_h * 1.5f);
    dl->AddRectFilled(a, b, col32(ctx.pal.frame_bg));
    for (const int v : {0, 50, 100}) {
        const float y = b.y - (b.y - a.y) * static_cast<float>(v) / 100.0f;
        dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), col32(ctx.pal.border));
        const std::string label = std::to_string(v);
        dl->AddText(ImVec2(a.x - ImGui::CalcTextSize(label.c_str()).x - 4.0f, y - line_h * 0.5f),
                    col32(ctx.pal.text_dim), label.c_str());
    }
    const auto point = [&](std::size_t i) {
        const float t = done.size() == 1 ? 0.5f : static_cast<float>(i) / static_cast<float>(done.size() - 1);
        const float x = a.x + 8.0f + (b.x - a.x - 16.0f) * t;
        const float y = b.y - (b.y - a.y) * static_cast<float>(std::clamp(done[i]->overall, 0, 100)) / 100.0f;
        return ImVec2(x, y);
    };
    for (std::size_t i = 1; i < done.size(); ++i)
        dl->AddLine(point(i - 1), point(i), col32(ctx.pal.accent), 2.0f);
    const float r = 4.0f * ctx.scale;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const ProgressPoint* hovered = nullptr;
    for (std::size_t i = 0; i < done.size(); ++i) {
        const ImVec2 p = point(i);
        dl->AddCircleFilled(p, r, col32(done[i]->passed ? ctx.pal.good : ctx.pal.bad));
        if (std::abs(mouse.x - p.x) <= r * 2.0f && std::abs(mouse.y - p.y) <= r * 2.0f) hovered = done[i];
    }
    // First and last dates under the axis.
    const std::string first = done.front()->started.substr(0, 10);
    const std::string last = done.back()->started.substr(0, 10);
    dl->AddText(ImVec2(a.x, b.y + 2.0f), col32(ctx.pal.text_dim), first.c_str());
    if (done.size() > 1) {
        dl->AddText(ImVec2(b.x - ImGui::CalcTextSize(last.c_str()).x, b.y + 2.0f), col32(ctx.pal.text_dim),
                    last.c_str());
    }
    ImGui::Dummy(ImVec2(width, height));
    if (hovered != nullptr) {
        ImGui::SetTooltip("%s", ctx.fmt("trainer.progress_tip",
                                        {{"date", hovered->started.substr(0, 10)},
                                         {"scenario", scenario_title(ctx, hovered->scenario_id, {})},
                                         {"score", std::to_string(hovered->overall)},
                                         {"mode", ctx.tr("mode." + std::string(to_string(hovered->mode)))}})
                                    .c_str());
    }
}

// The method grid's colours: a fitting answer (the diagonal) and a misfit (any other cell answered).
Rgba fit_colour(const ViewContext& ctx) {
    Rgba c = ctx.pal.good;
    c.a = 0.30f;
    return c;
}

Rgba misfit_colour(const ViewContext& ctx) {
    Rgba c = ctx.pal.bad;
    c.a = 0.35f;
    return c;
}

/// What the grid's colours mean: a swatch as the cells show it, then its words, one per line.
void draw_legend(ViewContext& ctx) {
    const float side = ImGui::GetTextLineHeight();
    const auto entry = [&](const Rgba* fill, const char* key) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        if (fill != nullptr) dl->AddRectFilled(at, ImVec2(at.x + side, at.y + side), col32(*fill));
        dl->AddRect(at, ImVec2(at.x + side, at.y + side), col32(ctx.pal.border));
        ImGui::Dummy(ImVec2(side, side));
        ImGui::SameLine();
        text_dim_wrapped(ctx, ctx.tr(key));
    };
    const Rgba fit = fit_colour(ctx);
    const Rgba miss = misfit_colour(ctx);
    entry(&fit, "trainer.legend_fit");
    entry(&miss, "trainer.legend_misfit");
    entry(nullptr, "trainer.legend_none");
}

void draw_confusion(ViewContext& ctx, const results::ConfusionTable& t) {
    ImGui::TextWrapped("%s", ctx.tr("trainer.methods"));
    if (t.total == 0) {
        text_dim_wrapped(ctx, ctx.tr("trainer.methods_none"));
        return;
    }
    text_dim_wrapped(ctx,
                     ctx.fmt_n("trainer.methods_fit", t.total,
                               {{"fitting", std::to_string(t.fitting)}, {"total", std::to_string(t.total)}}));
    constexpr int n = static_cast<int>(all_methods.size());
    // Method columns are as wide as their longest word, so no name is broken inside a word. When
    // that leaves the row names too little room (a narrow window, Finnish), the columns are
    // numbered instead and the rows carry the numbers; hovering a number names the method.
    const auto longest_word = [](const std::string& text) {
        float widest = ImGui::CalcTextSize("000").x;
        std::size_t start = 0;
        while (start < text.size()) {
            std::size_t end = text.find(' ', start);
            if (end == std::string::npos) end = text.size();
            widest = std::max(widest, ImGui::CalcTextSize(text.data() + start, text.data() + end).x);
            start = end + 1;
        }
        return widest;
    };
    const float pad = ImGui::GetStyle().CellPadding.x * 2.0f + 1.0f;
    std::array<std::string, all_methods.size()> names;
    std::array<float, all_methods.size()> widths{};
    float row_need = longest_word(ctx.tr("trainer.chosen"));
    float columns = 0;
    for (std::size_t m = 0; m < all_methods.size(); ++m) {
        names[m] = method_name(ctx, all_methods[m]);
        widths[m] = longest_word(names[m]) + pad;
        columns += widths[m];
        row_need = std::max(row_need, longest_word(names[m]));
    }
    const bool numbered = columns + row_need * 1.5f + pad > ImGui::GetContentRegionAvail().x;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders;
    if (!ImGui::BeginTable("##methods", n + 1, flags)) return;
    ImGui::TableSetupColumn("##chosen", ImGuiTableColumnFlags_WidthStretch);
    for (std::size_t c = 0; c < all_methods.size(); ++c) {
        ImGui::PushID(static_cast<int>(c));
        const float w = numbered ? ImGui::CalcTextSize("0000").x + pad : widths[c];
        ImGui::TableSetupColumn("##m", ImGuiTableColumnFlags_WidthFixed, w);
        ImGui::PopID();
    }
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", ctx.tr("trainer.chosen"));
    for (std::size_t c = 0; c < all_methods.size(); ++c) {
        ImGui::TableNextColumn();
        if (numbered) {
            ImGui::Text("%zu", c + 1);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", names[c].c_str());
        } else {
            ImGui::TextWrapped("%s", names[c].c_str());
        }
    }
    const Rgba fit = fit_colour(ctx);
    const Rgba miss = misfit_colour(ctx);
    for (std::size_t r = 0; r < all_methods.size(); ++r) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (numbered) {
            ImGui::TextWrapped("%zu. %s", r + 1, names[r].c_str());
        } else {
            ImGui::TextWrapped("%s", names[r].c_str());
        }
        for (std::size_t c = 0; c < all_methods.size(); ++c) {
            ImGui::TableNextColumn();
            // The diagonal is where fitting answers count; every other answer there is a misfit.
            const int v = t.counts[r][c];
            if (r == c) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, col32(fit));
            if (r != c && v > 0) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, col32(miss));
            if (v == 0) {
                ImGui::TextColored(col(ctx.pal.text_dim), "0");
            } else {
                ImGui::Text("%d", v);
            }
        }
    }
    ImGui::EndTable();
    draw_legend(ctx);
}

void draw_section(ViewContext& ctx, const std::string& title, const std::string& sub, const SectionReport& s,
                  const std::vector<ProgressPoint>* progress) {
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextUnformatted(title.c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (!sub.empty()) text_dim_wrapped(ctx, sub);
    ImGui::TextWrapped("%s", ctx.fmt("trainer.summary", {{"attempts", std::to_string(s.attempts)},
                                                         {"finished", std::to_string(s.finished)},
                                                         {"in_progress", std::to_string(s.in_progress)},
                                                         {"abandoned", std::to_string(s.abandoned)},
                                                         {"passed", std::to_string(s.passed)}})
                                 .c_str());
    ImGui::Spacing();
    draw_scenario_table(ctx, s);
    ImGui::Spacing();
    draw_bars(ctx, s.scores);
    ImGui::Spacing();
    draw_progress(ctx, progress);
    ImGui::Spacing();
    draw_confusion(ctx, s.methods);
}

void draw_report(ViewContext& ctx, const Report& report) {
    TrainerUi& t = ctx.ui.trainer;
    if (report.trainees.empty() && report.groups.empty()) {
        text_dim_wrapped(ctx, ctx.tr("trainer.empty"));
        return;
    }
    // The selection falls back to the first trainee (or group) when it is not in this report.
    const auto trainee_it = std::find_if(report.trainees.begin(), report.trainees.end(),
                                         [&](const auto& r) { return r.trainee.name == t.selected; });
    const auto group_it = std::find_if(report.groups.begin(), report.groups.end(),
                                       [&](const auto& r) { return r.group.name == t.selected; });
    const bool valid = t.show_group ? group_it != report.groups.end() : trainee_it != report.trainees.end();
    if (!valid) {
        t.show_group = report.trainees.empty();
        t.selected = t.show_group ? report.groups.front().group.name : report.trainees.front().trainee.name;
    }

    const float list_w = 240.0f * ctx.scale;
    // The report keeps a readable height; the page scrolls when the filters above leave less.
    const float report_h = std::max(ImGui::GetContentRegionAvail().y, 320.0f * ctx.scale);
    ImGui::BeginChild("##sections", ImVec2(list_w, report_h), true);
    ImGui::TextColored(col(ctx.pal.text_dim), "%s", ctx.tr("trainer.trainees"));
    for (const results::TraineeReport& r : report.trainees) {
        ImGui::PushID(static_cast<int>(r.trainee.id));
        if (ImGui::Selectable(r.trainee.name.c_str(), !t.show_group && t.selected == r.trainee.name)) {
            t.show_group = false;
            t.selected = r.trainee.name;
        }
        text_dim_wrapped(ctx, ctx.fmt_n("trainer.attempts_n", static_cast<long long>(r.section.attempts),
                                        {{"count", std::to_string(r.section.attempts)}}));
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::TextColored(col(ctx.pal.text_dim), "%s", ctx.tr("trainer.groups"));
    for (const results::GroupReport& g : report.groups) {
        ImGui::PushID(static_cast<int>(g.group.id) + 1000000);
        if (ImGui::Selectable(g.group.name.c_str(), t.show_group && t.selected == g.group.name)) {
            t.show_group = true;
            t.selected = g.group.name;
            t.group = g.group.name;  // the Groups panel follows
        }
        text_dim_wrapped(ctx, ctx.fmt_n("trainer.members", static_cast<long long>(g.members.size()),
                                        {{"count", std::to_string(g.members.size())}}));
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginChild("##section", ImVec2(0, report_h), false);
    // Only the selected section's progress series is read, when it is first shown.
    const std::vector<ProgressPoint>* progress = ctx.game.results().progress(t.show_group, t.selected);
    if (progress == nullptr) ctx.send(cmd::LoadProgress{});
    if (t.show_group) {
        for (const results::GroupReport& g : report.groups) {
            if (g.group.name != t.selected) continue;
            std::string members;
            for (const std::string& m : g.members) members += (members.empty() ? "" : ", ") + m;
            draw_section(ctx, g.group.name, members, g.section, progress);
        }
    } else {
        for (const results::TraineeReport& r : report.trainees) {
            if (r.trainee.name != t.selected) continue;
            std::string sub;
            for (const std::string& g : r.groups) sub += (sub.empty() ? "" : ", ") + g;
            draw_section(ctx, r.trainee.name, sub, r.section, progress);
        }
    }
    ImGui::EndChild();
}

// [SECTION] The Groups panel

/// A name and a Remove button on each row; the row whose Remove was pressed, if one was.
std::optional<std::size_t> removable_list(ViewContext& ctx, const char* id,
                                          const std::vector<std::string>& names, float width) {
    std::optional<std::size_t> removed;
    if (names.empty()) return removed;
    const char* remove = ctx.tr("trainer.remove");
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH, ImVec2(width, 0)))
        return removed;
    ImGui::TableSetupColumn("##name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("##remove", ImGuiTableColumnFlags_WidthFixed, button_width(remove));
    for (std::size_t i = 0; i < names.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextWrapped("%s", names[i].c_str());
        ImGui::TableNextColumn();
        if (key_button(ctx, remove)) removed = i;
        ImGui::PopID();
    }
    ImGui::EndTable();
    return removed;
}

/// The new group's name and its button, with why the last name was refused.
void draw_new_group(ViewContext& ctx, float width) {
    TrainerUi& t = ctx.ui.trainer;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.new_group"));
    same_line_if_fits(width);
    const bool enter = text_field("##new_group", ctx.tr("trainer.new_group_hint"), t.new_group, width);
    const char* create = ctx.tr("trainer.create_group");
    same_line_if_fits(button_width(create));
    if (key_button(ctx, create) || enter) ctx.send(cmd::CreateGroup{t.new_group});
    if (!t.group_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", t.group_error.c_str());
        ImGui::PopStyleColor();
    }
}

/// The group's members, each with Remove, and a drop-down of the trainees not in it (`width` wide,
/// the drop-down `combo_w`).
void draw_members(ViewContext& ctx, const Roster& roster, const GroupRoster& g, float width, float combo_w) {
    ImGui::AlignTextToFramePadding();  // level with the heading beside it, which follows a field
    ImGui::TextUnformatted(ctx.tr("trainer.group_members"));
    std::vector<std::string> names;
    for (const results::Trainee& m : g.members) names.push_back(m.name);
    if (names.empty()) text_dim_wrapped(ctx, ctx.tr("trainer.no_members"));
    if (const auto removed = removable_list(ctx, "##members", names, width))
        ctx.send(cmd::RemoveMember{g.group.name, names[*removed]});
    std::vector<const results::Trainee*> others;
    for (const results::Trainee& t : roster.trainees)
        if (std::none_of(names.begin(), names.end(), [&](const std::string& n) { return n == t.name; }))
            others.push_back(&t);
    if (others.empty()) {
        text_dim_wrapped(ctx,
                         ctx.tr(roster.trainees.empty() ? "trainer.no_trainees" : "trainer.everyone_in"));
        return;
    }
    ImGui::SetNextItemWidth(combo_w);
    if (combo_stop("##add_member", ctx.tr("trainer.add_member"))) {
        for (const results::Trainee* t : others) {
            ImGui::PushID(static_cast<int>(t->id));
            if (ImGui::Selectable(t->name.c_str(), false)) ctx.send(cmd::AddMember{g.group.name, t->name});
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
}

/// The scenarios assigned to the group, each with Remove, and a drop-down of the library's others
/// (as wide as draw_members).
void draw_assigned(ViewContext& ctx, const GroupRoster& g, float width, float combo_w) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.assigned"));
    std::vector<std::string> titles;
    for (const std::string& id : g.scenarios) titles.push_back(scenario_title(ctx, id, id));
    if (titles.empty()) text_dim_wrapped(ctx, ctx.tr("trainer.no_assigned"));
    if (const auto removed = removable_list(ctx, "##assigned", titles, width))
        ctx.send(cmd::UnassignScenario{g.group.name, g.scenarios[*removed]});
    std::vector<const Scenario*> others;
    for (const auto& sc : ctx.game.library().scenarios)
        if (std::find(g.scenarios.begin(), g.scenarios.end(), sc->id) == g.scenarios.end())
            others.push_back(sc.get());
    if (others.empty()) {
        text_dim_wrapped(ctx, ctx.tr("trainer.all_assigned"));
        return;
    }
    ImGui::SetNextItemWidth(combo_w);
    if (combo_stop("##assign", ctx.tr("trainer.assign"))) {
        for (const Scenario* sc : others) {
            ImGui::PushID(sc->id.c_str());
            if (ImGui::Selectable(scenario_title(ctx, sc->id, sc->id).c_str(), false))
                ctx.send(cmd::AssignScenario{g.group.name, sc->id});
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
}

/// The mode the group's members must play in, or any.
void draw_group_mode(ViewContext& ctx, const GroupRoster& g, float width) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.required_mode"));
    same_line_if_fits(width);
    const auto name = [&](std::optional<Mode> m) -> std::string {
        return m ? ctx.tr("mode." + std::string(to_string(*m))) : ctx.tr("trainer.any_mode");
    };
    ImGui::SetNextItemWidth(width);
    if (combo_stop("##group_mode", name(g.group.mode).c_str())) {
        std::vector<std::optional<Mode>> choices{std::nullopt};
        choices.insert(choices.end(), all_modes.begin(), all_modes.end());
        for (const std::optional<Mode>& m : choices) {
            const bool current = m == g.group.mode;
            if (ImGui::Selectable(name(m).c_str(), current) && !current)
                ctx.send(cmd::SetGroupMode{g.group.name, m});
            if (current) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
}

/// Groups as a trainer keeps them: a new group, then the chosen group's required mode, members
/// and assigned scenarios. Every change is a command; the report and the roster are read again.
void draw_groups(ViewContext& ctx) {
    const std::optional<Roster>& roster = ctx.game.results().roster();
    if (!roster) return;
    const bool open =
        ImGui::CollapsingHeader(ctx.tr("trainer.manage_groups"), ImGuiTreeNodeFlags_DefaultOpen);
    tab_stop();
    if (!open) return;
    TrainerUi& t = ctx.ui.trainer;
    const float field_w = std::min(320.0f * ctx.scale, ImGui::GetContentRegionAvail().x);
    draw_new_group(ctx, field_w);
    if (roster->groups.empty()) {
        text_dim_wrapped(ctx, ctx.tr("trainer.no_groups"));
        return;
    }
    // The group chosen before, or the first when it is gone.
    const GroupRoster* g = roster->find(t.group);
    if (g == nullptr) {
        g = &roster->groups.front();
        t.group = g->group.name;
    }
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("trainer.group"));
    same_line_if_fits(field_w);
    ImGui::SetNextItemWidth(field_w);
    if (combo_stop("##manage_group", g->group.name.c_str())) {
        for (const GroupRoster& other : roster->groups) {
            ImGui::PushID(static_cast<int>(other.group.id));
            const bool current = &other == g;
            if (ImGui::Selectable(other.group.name.c_str(), current)) t.group = other.group.name;
            if (current) ImGui::SetItemDefaultFocus();
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    text_dim_wrapped(ctx, ctx.fmt_n("trainer.members", static_cast<long long>(g->members.size()),
                                    {{"count", std::to_string(g->members.size())}}));
    draw_group_mode(ctx, *g, field_w);
    ImGui::Spacing();
    // Members beside the scenarios when both fit, else one under the other; each part wraps in
    // its own column.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x * 4.0f;
    const bool side_by_side = avail >= 2.0f * field_w + gap;
    const float part_w = side_by_side ? (avail - gap) * 0.5f : avail;
    const auto part = [&](const auto& draw) {
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + part_w);
        draw();
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    };
    part([&] { draw_members(ctx, *roster, *g, part_w, std::min(field_w, part_w)); });
    if (side_by_side) {
        ImGui::SameLine(0.0f, gap);
    } else {
        ImGui::Spacing();
    }
    part([&] { draw_assigned(ctx, *g, part_w, std::min(field_w, part_w)); });
}

void draw_trainer_page(ViewContext& ctx) {
    const WindowResults& res = ctx.game.results();
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextUnformatted(ctx.tr("trainer.title"));
    ImGui::SetWindowFontScale(1.0f);
    draw_lock_button(ctx);
    draw_class_run(ctx);
    if (!res.available()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("trainer.unavailable"));
        ImGui::PopStyleColor();
        ImGui::TextWrapped("%s", res.problem().c_str());
        return;
    }
    if (res.report_stale(ctx.ui.trainer.filter)) ctx.send(cmd::RefreshReport{});
    // The trainer's tools first (a class, groups), then the report with its filters and exports.
    draw_groups(ctx);
    ImGui::Separator();
    draw_filters(ctx);
    draw_exports(ctx);
    ImGui::Separator();
    if (!res.report_problem().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", res.report_problem().c_str());
        ImGui::PopStyleColor();
        return;
    }
    if (const auto& report = res.report()) draw_report(ctx, *report);
}

}  // namespace

void draw_trainer(ViewContext& ctx) {
    // The whole page scrolls when the filters and the report do not fit (200 % on a small screen).
    ImGui::BeginChild("##trainer", ImVec2(0, 0), false);
    draw_trainer_page(ctx);
    ImGui::EndChild();
}

}  // namespace salesim::window
