// The debrief: outcome and scores, each decision with its feedback and the better choice, what-if
// rewinds compared with the earlier run, and saving the result.
#include "window/views/views.hpp"

#include <salesim/app/decision_feedback.hpp>

#include <algorithm>
#include <string>

namespace salesim::window {

namespace {

void draw_scores(ViewContext& ctx, const Session& s, const ScoreCard& card) {
    const Scenario& sc = s.scenario();
    const float half = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginGroup();
    ImGui::TextUnformatted(ctx.tr("debrief.by_stage"));
    for (const StageContent& st : sc.stages) {
        const auto it = card.stages.find(st.stage);
        const std::string label = std::to_string(stage_number(st.stage)) + ". " + stage_short(ctx, st.stage);
        ImGui::PushID(stage_number(st.stage));
        // A stage the run never got to has no score: an empty bar of 0 would read as a failed one.
        if (card.reached(st.stage)) {
            draw_meter(ctx, label.c_str(), it == card.stages.end() ? 0 : it->second, half);
        } else {
            ImGui::TextColored(col(ctx.pal.text_dim), "%s: %s", label.c_str(), ctx.tr("debrief.not_reached"));
        }
        ImGui::PopID();
    }
    ImGui::EndGroup();
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2.0f);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(ctx.tr("debrief.by_competency"));
    int id = 100;
    for (const auto& [comp, value] : card.competencies) {
        const std::string label = competency_name(ctx, comp);
        ImGui::PushID(id++);
        draw_meter(ctx, label.c_str(), value, half);
        ImGui::PopID();
    }
    ImGui::EndGroup();
}

void draw_comparison(ViewContext& ctx, const Session& before, const Session& now) {
    const ScoreCard a = before.score();
    const ScoreCard b = now.score();
    ImGui::TextUnformatted(ctx.tr("debrief.compare"));
    if (ImGui::BeginTable(
            "##compare", 3,
            ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn(ctx.tr("debrief.earlier_run"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(ctx.tr("debrief.this_run"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableHeadersRow();
        // A row whose value changed is marked: coloured by which way it went, with the difference.
        const auto row = [&](const std::string& what, const std::string& x, const std::string& y,
                             std::optional<int> delta = std::nullopt) {
            const bool changed = x != y;
            ImGui::TableNextRow();
            if (changed)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, col32(ctx.pal.accent) & 0x40FFFFFFu);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(what.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(x.c_str());
            ImGui::TableNextColumn();
            if (!changed) {
                ImGui::TextUnformatted(y.c_str());
                return;
            }
            const bool up = delta ? *delta > 0 : true;
            const std::string shown =
                delta ? ctx.fmt("debrief.changed",
                                {{"value", y}, {"delta", (*delta > 0 ? "+" : "") + std::to_string(*delta)}})
                      : y;
            ImGui::TextColored(col(delta && !up ? ctx.pal.bad : ctx.pal.good), "%s", shown.c_str());
        };
        row(ctx.tr("debrief.outcome"), outcome_name(ctx, a.outcome), outcome_name(ctx, b.outcome));
        row(ctx.tr("debrief.overall"), std::to_string(a.overall), std::to_string(b.overall),
            b.overall - a.overall);
        row(ctx.tr("debrief.result"), ctx.tr(a.passed ? "debrief.passed" : "debrief.failed"),
            ctx.tr(b.passed ? "debrief.passed" : "debrief.failed"));
        for (const StageContent& st : now.scenario().stages) {
            const auto value = [&](const ScoreCard& c) {
                const auto it = c.stages.find(st.stage);
                return it == c.stages.end() ? 0 : it->second;
            };
            const auto get = [&](const ScoreCard& c) {
                return c.reached(st.stage) ? std::to_string(value(c))
                                           : std::string(ctx.tr("debrief.not_reached"));
            };
            const bool both = a.reached(st.stage) && b.reached(st.stage);
            row(std::to_string(stage_number(st.stage)) + ". " + stage_name(ctx, st.stage), get(a), get(b),
                both ? std::optional<int>(value(b) - value(a)) : std::nullopt);
        }
        ImGui::EndTable();
    }
}

std::string better_choice(const ViewContext& ctx, const Session& s, const DecisionRecord& r) {
    const std::string lang = ctx.game.content_lang();
    const Decision& d = r.offered;
    std::string out;
    for (const std::size_t i : r.best_options) {
        if (i >= d.options.size()) continue;
        if (!out.empty()) out += " / ";
        out += d.options[i].label.get(lang);
        const std::string& say = d.options[i].say.get(lang);
        if (!say.empty()) out += ": " + say;
    }
    if (out.empty()) {
        for (const std::string& m : r.best_moves)
            out += (out.empty() ? "" : " / ") + move_name(ctx, s.scenario(), m);
    }
    return out;
}

void draw_decisions(ViewContext& ctx, const Session& s) {
    const std::string lang = ctx.game.content_lang();
    ImGui::TextUnformatted(ctx.tr("debrief.decisions"));
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##decisions", 5, flags)) return;
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00").x);
    ImGui::TableSetupColumn(ctx.tr("debrief.col_stage"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(ctx.tr("debrief.col_choice"), ImGuiTableColumnFlags_WidthStretch, 2.2f);
    ImGui::TableSetupColumn(ctx.tr("debrief.col_verdict"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(ctx.tr("debrief.col_feedback"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableHeadersRow();
    for (const DecisionRecord& r : s.decisions()) {
        ImGui::PushID(r.index);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", r.index + 1);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", stage_short(ctx, r.stage));
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", move_name(ctx, s.scenario(), r.move).c_str());
        if (!r.say.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.text_dim));
            ImGui::TextWrapped("%s", r.say.get(lang).c_str());
            ImGui::PopStyleColor();
        }
        ImGui::TableNextColumn();
        const bool good = r.verdict == Verdict::Best || r.verdict == Verdict::Good;
        ImGui::TextColored(col(good ? ctx.pal.good : ctx.pal.bad), "%s", verdict_name(ctx, r.verdict));
        if (r.scored)
            ImGui::Text("%s", ctx.fmt("debrief.points", {{"points", std::to_string(r.points)}}).c_str());
        else
            text_dim_wrapped(ctx, ctx.tr("debrief.not_scored"));
        if (r.hinted || r.nudged) {
            text_dim_wrapped(ctx, ctx.tr(r.hinted ? "debrief.hinted" : "debrief.nudged"));
            text_dim_wrapped(ctx, ctx.fmt("debrief.hint_cost", {{"points", std::to_string(r.hint_cost)}}));
        }
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.feedback.get(lang).c_str());
        if (r.verdict != Verdict::Best && r.better_offered()) {
            const std::string better = better_choice(ctx, s, r);
            if (!better.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.good));
                ImGui::TextWrapped("%s", ctx.fmt("debrief.better", {{"choice", better}}).c_str());
                ImGui::PopStyleColor();
            }
        }
        // An assessment is not replayed with the debrief's answers in hand.
        if (shows_feedback(ctx.game.attempt().mode())) {
            bool rewind = ImGui::SmallButton(ctx.tr("debrief.rewind"));
            tab_stop();
            rewind = pressed_by_key(ctx) || rewind;
            focus_ring(ctx);
            if (rewind) ctx.send(cmd::Rewind{static_cast<std::size_t>(r.index)});
            if (ImGui::IsItemHovered() && ctx.game.results().available()) {
                ImGui::SetTooltip("%s\n%s", ctx.tr("debrief.rewind_tip"), ctx.tr("debrief.rewind_recorded"));
            } else if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("%s", ctx.tr("debrief.rewind_tip"));
            }
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

/// A run that did not pass says why first, in one line.
void draw_what_went_wrong(ViewContext& ctx, const Session& s, const ScoreCard& card) {
    const app::WentWrong why = app::what_went_wrong(s);
    if (why == app::WentWrong::Nothing) return;
    const Scenario& sc = s.scenario();
    const std::string text = ctx.fmt("debrief.went_wrong_" + std::string(app::to_string(why)),
                                     {{"buyer", sc.persona.name},
                                      {"stage", stage_name(ctx, s.stage())},
                                      {"total", std::to_string(s.close_attempts_allowed())},
                                      {"score", std::to_string(card.overall)},
                                      {"pass", std::to_string(sc.rubric.pass)}});
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

/// The three decisions that cost the most points, each with the rule's feedback: what to take away
/// before reading every decision.
void draw_lessons(ViewContext& ctx, const Session& s) {
    const std::vector<app::Lesson> lessons = app::costliest_lessons(s, 3);
    if (lessons.empty()) return;
    const std::string lang = ctx.game.content_lang();
    ImGui::Spacing();
    ImGui::TextUnformatted(ctx.tr("debrief.lessons"));
    int n = 1;
    for (const app::Lesson& l : lessons) {
        const DecisionRecord& r = s.decisions()[l.decision];
        // A lead is named by who it is; any other choice by its move.
        const std::string choice =
            r.chosen < r.offered.options.size() && !r.offered.options[r.chosen].label.empty()
                ? r.offered.options[r.chosen].label.get(lang)
                : move_name(ctx, s.scenario(), r.move);
        ImGui::TextWrapped("%s", ctx.fmt("debrief.lesson", {{"n", std::to_string(n++)},
                                                            {"stage", stage_short(ctx, r.stage)},
                                                            {"choice", choice},
                                                            {"lost", std::to_string(l.lost)}})
                                     .c_str());
        ImGui::Indent(ImGui::GetFontSize());
        text_dim_wrapped(ctx, r.feedback.get(lang));
        ImGui::Unindent(ImGui::GetFontSize());
    }
    ImGui::Spacing();
}

/// The arrows scroll by two lines, Page Up and Page Down by a page, Home and End to either end.
void scroll_with_keys() {
    if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup) || ImGui::GetIO().WantTextInput) return;
    const auto pressed = [](ImGuiKey_ k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k)); };
    const float line = ImGui::GetTextLineHeightWithSpacing() * 2.0f;
    const float page = std::max(line, ImGui::GetWindowHeight() - line);
    const float was = ImGui::GetScrollY();
    float y = was;
    if (pressed(ImGuiKey_DownArrow)) y += line;
    if (pressed(ImGuiKey_UpArrow)) y -= line;
    if (pressed(ImGuiKey_PageDown)) y += page;
    if (pressed(ImGuiKey_PageUp)) y -= page;
    if (pressed(ImGuiKey_Home)) y = 0.0f;
    if (pressed(ImGuiKey_End)) y = ImGui::GetScrollMaxY();
    if (y != was) ImGui::SetScrollY(std::clamp(y, 0.0f, ImGui::GetScrollMaxY()));
}

}  // namespace

void draw_debrief(ViewContext& ctx) {
    const Session* s = ctx.game.session();
    if (!s) {
        ctx.send(cmd::GoTo{Screen::Library});
        return;
    }
    const std::string lang = ctx.game.content_lang();
    const ScoreCard card = s->score();
    // A page to read: the arrows scroll it (not Dear ImGui's navigation), Tab goes to the buttons.
    ImGui::BeginChild("##debrief", ImVec2(0, 0), false, ImGuiWindowFlags_NoNavInputs);
    scroll_with_keys();
    ImGui::SetWindowFontScale(1.3f);
    ImGui::TextWrapped("%s", ctx.fmt("debrief.title", {{"title", s->scenario().title.get(lang)}}).c_str());
    ImGui::SetWindowFontScale(1.0f);
    draw_stage_bar(ctx, s->scenario(), s->finished() ? std::optional<Stage>{s->stage()} : std::nullopt, true);

    // The summary items go on one line while they fit, else each starts a new line.
    const float gap = 30.0f * ctx.scale;
    const auto same_line_with_gap = [gap](const std::string& next) {
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + gap + ImGui::CalcTextSize(next.c_str()).x <= right)
            ImGui::SameLine(0, gap);
    };
    const std::string overall = ctx.fmt("debrief.overall_is", {{"score", std::to_string(card.overall)}});
    const std::string verdict = ctx.tr(card.passed ? "debrief.passed" : "debrief.failed");
    const std::string needs =
        ctx.fmt("debrief.pass_needs", {{"pass", std::to_string(s->scenario().rubric.pass)}});
    ImGui::TextUnformatted(
        ctx.fmt("debrief.outcome_is", {{"outcome", outcome_name(ctx, card.outcome)}}).c_str());
    same_line_with_gap(overall);
    ImGui::TextUnformatted(overall.c_str());
    same_line_with_gap(verdict);
    ImGui::TextColored(col(card.passed ? ctx.pal.good : ctx.pal.bad), "%s", verdict.c_str());
    same_line_with_gap(needs);
    ImGui::TextColored(col(ctx.pal.text_dim), "%s", needs.c_str());
    draw_what_went_wrong(ctx, *s, card);
    draw_lessons(ctx, *s);

    // The actions come first and "Play again" has focus when the debrief opens.
    if (key_button(ctx, ctx.tr("debrief.play_again"))) {
        ctx.send(cmd::StartScenario{s->scenario().id, ctx.game.attempt().mode()});
    }
    if (wants_focus(ctx)) {
        focus_last_item();
        ImGui::SetScrollY(0.0f);
    }
    same_line_if_fits(button_width(ctx.tr("debrief.back")));
    if (key_button(ctx, ctx.tr("debrief.back"))) ctx.send(cmd::GoTo{Screen::Library});
    same_line_if_fits(button_width(ctx.tr("debrief.save")));
    if (key_button(ctx, ctx.tr("debrief.save"))) ctx.send(cmd::SaveResult{});
    // The scenario that practises what went worst, from every recorded attempt of the trainee.
    const std::optional<app::Recommendation> next = ctx.game.next_scenario(s->scenario().id);
    if (next) {
        const std::string label =
            ctx.fmt("debrief.next", {{"title", scenario_title(ctx, next->scenario_id)}});
        same_line_if_fits(button_width(label.c_str()));
        if (key_button(ctx, label.c_str()))
            ctx.send(cmd::StartScenario{next->scenario_id, ctx.game.attempt().mode()});
    }
    text_dim_wrapped(ctx, ctx.tr("debrief.keys"));
    if (next) text_dim_wrapped(ctx, recommendation_reason(ctx, *next));
    if (const auto& saved = ctx.game.saved_result()) {
        ImGui::TextWrapped("%s", ctx.fmt("debrief.saved_to", {{"markdown", saved->markdown.string()},
                                                              {"json", saved->json.string()}})
                                     .c_str());
    }
    ImGui::Separator();
    draw_scores(ctx, *s, card);
    if (const Session* before = ctx.game.baseline()) {
        ImGui::Separator();
        draw_comparison(ctx, *before, *s);
    }
    ImGui::Separator();
    draw_decisions(ctx, *s);
    ctx.ui.debrief_scroll = ImGui::GetScrollY();
    ctx.ui.debrief_scroll_max = ImGui::GetScrollMaxY();
    ImGui::EndChild();
}

}  // namespace salesim::window
