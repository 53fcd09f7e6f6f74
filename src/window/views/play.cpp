// Playing a scenario: the buyer's card, the stages, the conversation and the decision at hand.
#include "window/views/views.hpp"

#include "window/model/mood.hpp"
#include "window/model/motion.hpp"
#include "window/model/option_keys.hpp"

#include <salesim/app/decision_feedback.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

namespace salesim::window {

namespace {

unsigned name_seed(const std::string& name) {
    unsigned h = 2166136261u;
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

void draw_meters(ViewContext& ctx, const Session& s, float w);

void draw_buyer_card(ViewContext& ctx, const Session& s) {
    const Scenario& sc = s.scenario();
    const std::string lang = ctx.game.content_lang();
    const float w = ImGui::GetContentRegionAvail().x;
    const float size = std::min(w, 220.0f * ctx.scale);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    draw_portrait(ImGui::GetWindowDrawList(), ImVec2(p.x + (w - size) * 0.5f, p.y), size, s.buyer(),
                  sc.rubric.close_at, ctx.pal, name_seed(sc.persona.name));
    ImGui::Dummy(ImVec2(w, size));
    ImGui::SetWindowFontScale(1.2f);
    ImGui::TextWrapped("%s", sc.persona.name.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.text_dim));
    ImGui::TextWrapped("%s", sc.persona.role.get(lang).c_str());
    ImGui::PopStyleColor();
    const Expression e = expression_for(s.buyer(), sc.rubric.close_at);
    ImGui::TextUnformatted(
        ctx.fmt("play.mood", {{"mood", ctx.tr("mood." + std::string(to_string(e)))}}).c_str());
    ImGui::Spacing();
    const Mode mode = ctx.game.attempt().mode();
    // Practice and assessment show the buyer as a seller sees one: no numbers.
    if (shows_meters(mode)) draw_meters(ctx, s, w);
    ImGui::Spacing();
    ImGui::Separator();
    const ScoreCard card = s.score();
    ImGui::TextUnformatted(
        ctx.fmt("play.decisions_made", {{"count", std::to_string(card.decisions)}}).c_str());
    if (allows_hints(mode)) {
        ImGui::TextUnformatted(ctx.fmt("play.hints_taken", {{"count", std::to_string(card.hints)}}).c_str());
    } else {
        text_dim_wrapped(ctx, ctx.tr("play.assessment_note"));
    }
}

void draw_meters(ViewContext& ctx, const Session& s, float w) {
    const Scenario& sc = s.scenario();
    const BuyerState& b = s.buyer();
    const char* names[] = {ctx.tr("state.trust"), ctx.tr("state.interest"), ctx.tr("state.patience"),
                           ctx.tr("state.readiness")};
    const float label_w = meter_label_width({names[0], names[1], names[2], names[3]}, w);
    draw_meter(ctx, names[0], b.trust, w, label_w);
    draw_meter(ctx, names[1], b.interest, w, label_w);
    draw_meter(ctx, names[2], b.patience, w, label_w);
    draw_meter(ctx, names[3], b.readiness, w, label_w);
    text_dim_wrapped(ctx, ctx.fmt("play.close_at", {{"value", std::to_string(sc.rubric.close_at)}}));
}

const Rgba& speaker_colour(const Palette& pal, Speaker sp) {
    switch (sp) {
        case Speaker::Seller:
            return pal.seller;
        case Speaker::Buyer:
            return pal.buyer;
        case Speaker::Narrator:
            return pal.narrator;
    }
    return pal.narrator;
}

std::string speaker_name(const ViewContext& ctx, const Session& s, Speaker sp) {
    switch (sp) {
        case Speaker::Seller:
            return ctx.game.prefs().name.empty() ? ctx.tr("play.you") : ctx.game.prefs().name;
        case Speaker::Buyer:
            return s.scenario().persona.name;
        case Speaker::Narrator:
            return "";
    }
    return "";
}

/// A decision's verdict and what it changed, in the conversation right after the buyer's answer:
/// the same line the terminal prints (salesim/app/decision_feedback.hpp). The latest fades in.
void draw_feedback_line(ViewContext& ctx, const DecisionRecord& r, bool latest) {
    const Strings& strings = ctx.game.strings();
    const app::DecisionFeedback f = app::decision_feedback(r, ctx.game.attempt().mode());
    const std::string line = app::feedback_line(f, strings, strings.lang());
    const bool good = !f.scored || f.verdict == Verdict::Best || f.verdict == Verdict::Good;
    const float alpha = latest ? feedback_alpha(ctx.ui, ctx.game.prefs().reduce_motion) : 1.0f;
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * alpha);
    ImGui::Indent(ImGui::GetFontSize());
    ImGui::PushStyleColor(ImGuiCol_Text, col(!f.scored ? ctx.pal.text_dim
                                             : good    ? ctx.pal.good
                                                       : ctx.pal.bad));
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent(ImGui::GetFontSize());
    ImGui::PopStyleVar();
}

void draw_transcript(ViewContext& ctx, const Session& s) {
    const std::string lang = ctx.game.content_lang();
    const auto& lines = s.transcript();
    // Guided and practice say how each decision went as it is made; assessment keeps it all for
    // the debrief.
    const bool feedback = shows_feedback(ctx.game.attempt().mode());
    const auto& records = s.decisions();
    std::size_t next_record = 0;
    // Stick to the bottom like a chat log, unless the trainee scrolled up to reread.
    const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
    std::optional<Stage> last;
    for (const Line& l : lines) {
        if (!last || *last != l.stage) {
            ImGui::Spacing();
            ImGui::TextColored(col(ctx.pal.text_dim), "%d. %s", stage_number(l.stage),
                               stage_name(ctx, l.stage));
            ImGui::Separator();
            last = l.stage;
        }
        const std::string who = speaker_name(ctx, s, l.speaker);
        ImGui::PushStyleColor(ImGuiCol_Text, col(speaker_colour(ctx.pal, l.speaker)));
        if (who.empty()) {
            ImGui::TextWrapped("%s", l.text.get(lang).c_str());
        } else {
            ImGui::TextWrapped("%s: %s", who.c_str(), l.text.get(lang).c_str());
        }
        ImGui::PopStyleColor();
        const std::size_t said = static_cast<std::size_t>(&l - lines.data()) + 1;
        for (; feedback && next_record < records.size() && records[next_record].said_upto <= said;
             ++next_record)
            if (records[next_record].said_upto == said)
                draw_feedback_line(ctx, records[next_record], next_record + 1 == records.size());
    }
    if (ctx.ui.transcript_seen != lines.size() || at_bottom) {
        ImGui::SetScrollHereY(1.0f);
        ctx.ui.transcript_seen = lines.size();
    }
}

/// What drawing the options found: the option with keyboard focus, the one under the mouse, and
/// whether one was chosen this frame (at most one a frame: a second key would answer the next
/// decision unseen).
struct OptionsDrawn {
    std::optional<std::size_t> focused;
    std::optional<std::size_t> hovered;
    bool chosen = false;
};

/// One option's button: its key and label, the tooltip with the method's definition, focus.
void option_button(ViewContext& ctx, const Scenario& sc, const Option& o, std::size_t i, float width,
                   bool is_hint, OptionsDrawn& drawn) {
    const std::string lang = ctx.game.content_lang();
    if (is_hint) {
        ImGui::PushStyleColor(ImGuiCol_Button, col(ctx.pal.accent));
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent_text));
    }
    const std::string key = option_key_label(i);
    const std::string label = (key.empty() ? std::string("   ") : key + "  ") + o.label.get(lang);
    // A label wider than the button wraps: the button is as tall as the wrapped label, drawn over it.
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float wrap_w = width - pad.x * 2.0f;
    bool pressed = false;
    if (ImGui::CalcTextSize(label.c_str()).x > wrap_w) {
        const float text_h = ImGui::CalcTextSize(label.c_str(), nullptr, false, wrap_w).y;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        pressed = ImGui::Button("##option", ImVec2(width, text_h + pad.y * 2.0f));
        ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, ImVec2(at.x + pad.x, at.y + pad.y),
                                            ImGui::GetColorU32(ImGuiCol_Text), label.c_str(), nullptr,
                                            wrap_w);
    } else {
        pressed = ImGui::Button(label.c_str(), ImVec2(width, 0));
    }
    tab_stop();
    if (is_hint) ImGui::PopStyleColor(2);
    if (i == 0 && wants_focus(ctx)) focus_last_item();
    pressed = pressed_by_key(ctx) || pressed;
    if (focus_ring(ctx)) {
        drawn.focused = i;
        ctx.ui.focused_option = i;
        ctx.ui.focused_option_visible = last_item_fully_visible();
    }
    if (pressed && !drawn.chosen) {
        ctx.send(cmd::Choose{i});
        drawn.chosen = true;
    }
    if (ImGui::IsItemHovered()) {
        drawn.hovered = i;
        if (sc.rules) {
            if (const MoveInfo* m = sc.rules->find_move(o.move); m && !m->about.empty()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
                ImGui::TextUnformatted(m->name.get(lang).c_str());
                ImGui::Separator();
                ImGui::TextUnformatted(m->about.get(lang).c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
    }
}

/// Up to six options: one a line, what the seller says beside the button (or under it when the
/// labels are too wide for a column).
void draw_option_list(ViewContext& ctx, const Session& s, std::size_t hint, OptionsDrawn& drawn) {
    const Decision& d = s.current();
    const std::string lang = ctx.game.content_lang();
    // One column width for all labels, wide enough for the longest, so the lines beside them align.
    float label_w = 0;
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        const std::string label = option_key_label(i) + "  " + d.options[i].label.get(lang);
        label_w = std::max(label_w, ImGui::CalcTextSize(label.c_str()).x);
    }
    label_w += ImGui::GetStyle().FramePadding.x * 2.0f + 2.0f;
    // Labels too wide for a column (large text, long Finnish names) go above their lines instead.
    const bool stacked = label_w > ImGui::GetContentRegionAvail().x * 0.4f;
    if (stacked) label_w = std::min(label_w, ImGui::GetContentRegionAvail().x);
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        const Option& o = d.options[i];
        ImGui::PushID(static_cast<int>(i));
        option_button(ctx, s.scenario(), o, i, label_w, hint == i, drawn);
        if (stacked) {
            ImGui::Indent(ImGui::GetFontSize());
            ImGui::TextWrapped("%s", o.say.get(lang).c_str());
            ImGui::Unindent(ImGui::GetFontSize());
        } else {
            ImGui::SameLine();
            ImGui::TextWrapped("%s", o.say.get(lang).c_str());
        }
        ImGui::PopID();
    }
}

/// Many options (the closes): two columns of buttons, numbered down the first column and then the
/// second, and under them what the seller says with the option in focus or under the mouse.
void draw_option_grid(ViewContext& ctx, const Session& s, std::size_t hint, OptionsDrawn& drawn) {
    const Decision& d = s.current();
    const std::string lang = ctx.game.content_lang();
    const std::size_t n = d.options.size();
    const std::size_t rows = (n + 1) / 2;
    // Two groups side by side rather than a table: drawn column by column, so Tab goes in the
    // order of the keys, while the arrows still move by position.
    const float col_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    for (std::size_t c = 0; c < 2; ++c) {
        if (c == 1) ImGui::SameLine();
        ImGui::BeginGroup();
        for (std::size_t i = c * rows; i < std::min(n, (c + 1) * rows); ++i) {
            ImGui::PushID(static_cast<int>(i));
            option_button(ctx, s.scenario(), d.options[i], i, col_w, hint == i, drawn);
            ImGui::PopID();
        }
        ImGui::EndGroup();
    }
    const std::size_t shown = drawn.hovered.value_or(drawn.focused.value_or(0));
    // Two lines kept for the line, so the hint below does not jump as the focus moves.
    const float top = ImGui::GetCursorPosY();
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.seller));
    ImGui::TextWrapped("%s", ctx.fmt("play.option_says", {{"key", option_key_label(shown)},
                                                          {"say", d.options[shown].say.get(lang)}})
                                 .c_str());
    ImGui::PopStyleColor();
    const float used = ImGui::GetCursorPosY() - top;
    const float two_lines = ImGui::GetTextLineHeightWithSpacing() * 2.0f;
    if (used < two_lines) ImGui::Dummy(ImVec2(0, two_lines - used - ImGui::GetStyle().ItemSpacing.y));
}

/// Options a decision shows in one column; more go in two.
constexpr std::size_t list_options_max = 6;

void draw_decision(ViewContext& ctx, const Session& s, bool blocked) {
    const Decision& d = s.current();
    const std::string lang = ctx.game.content_lang();
    const std::size_t index = s.decisions().size();

    // A stage intro that opens the decision is already the transcript's last line, just above:
    // not shown twice. A raised objection is, as the question the options answer.
    const auto& lines = s.transcript();
    const bool just_said =
        d.speaker == Speaker::Narrator && !lines.empty() && lines.back().text.get(lang) == d.prompt.get(lang);
    if (!d.prompt.empty() && !just_said) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(speaker_colour(ctx.pal, d.speaker)));
        const std::string who = speaker_name(ctx, s, d.speaker);
        ImGui::TextWrapped("%s%s%s", who.c_str(), who.empty() ? "" : ": ", d.prompt.get(lang).c_str());
        ImGui::PopStyleColor();
    }
    const char* ask = d.kind == DecisionKind::Objection ? "play.ask_method"
                      : d.kind == DecisionKind::Close   ? "play.ask_technique"
                      : d.kind == DecisionKind::Lead    ? "play.ask_lead"
                                                        : "play.ask_step";
    text_dim_wrapped(ctx, ctx.tr(ask));
    // A close the buyer turns down uses one of a limited number of attempts: said where they are
    // spent, not only in the debrief.
    if (d.kind == DecisionKind::Close && shows_feedback(ctx.game.attempt().mode())) {
        const int total = s.close_attempts_allowed();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent));
        ImGui::TextWrapped("%s",
                           ctx.fmt("play.closes_left", {{"left", std::to_string(total - s.close_attempts())},
                                                        {"total", std::to_string(total)}})
                               .c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();

    const bool hints = ctx.game.attempt().hints_allowed();
    const bool hinted = hints && ctx.ui.hint && ctx.ui.hint_decision == index;
    // Only the second hint names an option; the first (a nudge) asks a question.
    const bool named = hinted && ctx.ui.hint->level >= 2;
    // SIZE_MAX: no option is the hinted one.
    const std::size_t hint_option = named ? ctx.ui.hint->option : SIZE_MAX;
    OptionsDrawn drawn;
    ctx.ui.focused_option.reset();
    ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.0f, 0.5f));
    if (d.options.size() > list_options_max) {
        draw_option_grid(ctx, s, hint_option, drawn);
    } else {
        draw_option_list(ctx, s, hint_option, drawn);
    }
    ImGui::PopStyleVar();
    ImGui::Spacing();
    ImGui::Separator();
    const HintCosts& cost = s.scenario().rules->hint_costs;
    if (named) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.good));
        ImGui::TextWrapped("%s",
                           ctx.fmt("play.hint_says", {{"n", option_key_label(ctx.ui.hint->option)}}).c_str());
        ImGui::PopStyleColor();
        ImGui::TextWrapped("%s", ctx.ui.hint->why.get(lang).c_str());
    } else if (hinted) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent));
        ImGui::TextWrapped("%s",
                           ctx.fmt("play.nudge_says", {{"nudge", ctx.ui.hint->nudge.get(lang)}}).c_str());
        ImGui::PopStyleColor();
        if (key_button(ctx, ctx.fmt("play.hint_name", {{"share", std::to_string(cost.name)}}).c_str()))
            ctx.send(cmd::Hint{});
        ImGui::SameLine();
    } else if (hints) {
        if (key_button(ctx, ctx.fmt("play.hint", {{"share", std::to_string(cost.nudge)}}).c_str()))
            ctx.send(cmd::Hint{});
        ImGui::SameLine();  // beside the button; after a hint's paragraph, on a line of its own
    }
    text_dim_wrapped(ctx, ctx.tr(hints ? "play.keys" : "play.keys_no_hint"));

    // Option keys and H act only when no dialog is open over the play screen; only the keys the
    // buttons show choose, and one choice a frame at most.
    if (blocked || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) return;
    for (const char k : ctx.ui.keys) {
        if (k == 'h') {
            if (!named && hints) ctx.send(cmd::Hint{});
        } else if (const auto n = option_for_key(k, d.options.size()); n && !drawn.chosen) {
            ctx.send(cmd::Choose{*n});
            drawn.chosen = true;
        }
    }
}

/// A what-if is another branch of the same conversation: said above it, with where it branched.
void draw_what_if_banner(ViewContext& ctx, std::size_t kept) {
    const std::string text = ctx.fmt("play.what_if", {{"n", std::to_string(kept + 1)}});
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float w = ImGui::GetContentRegionAvail().x;
    const float wrap = w - pad.x * 2.0f;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b(a.x + w, a.y + size.y + pad.y * 2.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(a, b, col32(ctx.pal.accent), ImGui::GetStyle().FrameRounding);
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad.x, a.y + pad.y));
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent_text));
    ImGui::PushTextWrapPos(a.x + w - pad.x - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y + ImGui::GetStyle().ItemSpacing.y));
    ImGui::Dummy(ImVec2(w, 0));
}

}  // namespace

void draw_play(ViewContext& ctx) {
    const Session* s = ctx.game.session();
    if (!s) {
        ctx.send(cmd::GoTo{Screen::Library});
        return;
    }
    const std::string lang = ctx.game.content_lang();
    ImGui::TextUnformatted(s->scenario().title.get(lang).c_str());
    draw_stage_bar(ctx, s->scenario(), s->stage(), s->finished());

    const float left_w = std::max(250.0f * ctx.scale, ImGui::GetContentRegionAvail().x * 0.26f);
    ImGui::BeginChild("##buyer", ImVec2(left_w, 0), true);
    draw_buyer_card(ctx, *s);
    ImGui::EndChild();
    ImGui::SameLine();

    ImGui::BeginGroup();
    if (ctx.ui.what_if_from) draw_what_if_banner(ctx, *ctx.ui.what_if_from);
    const bool blocked = draw_class_banner(ctx);
    // The decision panel takes the height its options need (measured on the frame before), up to
    // 70 %; the conversation gets the rest, and at least 30 %.
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float decision_h = std::clamp(ctx.ui.decision_h, avail_h * 0.3f, avail_h * 0.7f);
    ImGui::BeginChild("##transcript", ImVec2(0, avail_h - decision_h - spacing), true);
    draw_transcript(ctx, *s);
    ImGui::EndChild();
    ImGui::BeginChild("##decision", ImVec2(0, 0), true);
    if (s->finished()) {
        if (key_button(ctx, ctx.tr("play.to_debrief"))) ctx.send(cmd::GoTo{Screen::Debrief});
        if (wants_focus(ctx)) focus_last_item();
    } else {
        // While a vote waits for the trainer, or after the class ended, the options are shown but
        // cannot be taken (nor by their keys).
        if (blocked) ImGui::BeginDisabled();
        draw_decision(ctx, *s, blocked);
        if (blocked) ImGui::EndDisabled();
    }
    ctx.ui.decision_h = ImGui::GetCursorPosY() - spacing + ImGui::GetStyle().WindowPadding.y;
    ImGui::EndChild();
    ImGui::EndGroup();
}

}  // namespace salesim::window
