// The Author screen: a scenario's YAML with line numbers (a shipped one read-only, with Save as my
// copy), its problems as you type, a play-test that follows edits, the analyzer's map with its
// progress and findings by the names the trainee sees, and the missing translations.
#include "window/views/views.hpp"

#include "window/layout_audit.hpp"

#include "window/model/editor_model.hpp"
#include "window/model/map_names.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cfloat>
#include <filesystem>
#include <string>
#include <vector>

namespace salesim::window {

namespace {

bool is_translation(const Diagnostic& d) {
    return d.severity == Severity::Warning && d.code == "missing-translation";
}

/// A file name for a new scenario that does not exist yet in the scenarios folder.
std::string new_file_name(const std::string& dir) {
    for (int n = 1;; ++n) {
        const std::string name = n == 1 ? "new-scenario.yaml" : "new-scenario-" + std::to_string(n) + ".yaml";
        const std::filesystem::path p = std::filesystem::path(dir) / name;
        if (!std::filesystem::exists(p)) return p.string();
    }
}

std::string content_language(const ViewContext& ctx, const Scenario& s) {
    return s.language_or_default(ctx.game.strings().lang());
}

struct TextCallbackState {
    EditorUi* ui = nullptr;
};

int text_callback(ImGuiInputTextCallbackData* data) {
    auto* st = static_cast<TextCallbackState*>(data->UserData);
    EditorUi& e = *st->ui;
    const std::string_view buf(data->Buf, static_cast<std::size_t>(data->BufTextLen));
    if (e.go_to) {
        const int at = static_cast<int>(byte_offset(buf, e.go_to->line, std::max(1, e.go_to->column)));
        data->CursorPos = at;
        data->SelectionStart = data->SelectionEnd = at;
        e.go_to.reset();
    }
    e.cursor = line_column(buf, static_cast<std::size_t>(data->CursorPos));
    return 0;
}

void toolbar(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    EditorUi& e = ctx.ui.editor;
    const std::string current = m.is_open() ? m.path().filename().string() : std::string();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("editor.file"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(220.0f * ctx.scale);
    // The folder is looked at when the list opens (and after a save), never every frame.
    const bool list_open = ImGui::BeginCombo("##files", current.c_str());
    if (list_open && !e.files_open) ctx.send(cmd::EditorListFiles{});
    e.files_open = list_open;
    if (list_open) {
        // The shipped scenarios first, marked read-only; then the user's and the trainer's own.
        for (const EditorFile& f : e.files) {
            std::string name = std::filesystem::path(f.path).filename().string();
            if (f.shipped) name += std::string("  ") + ctx.tr("editor.shipped_mark");
            if (ImGui::Selectable((name + "##" + f.path).c_str(), m.is_open() && m.path() == f.path)) {
                ctx.send(cmd::EditorOpen{f.path});
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.path.c_str());
        }
        ImGui::EndCombo();
    }
    // Each part goes on the next row when it would not fit on this one (a large scale, Finnish).
    const float path_w = 260.0f * ctx.scale;
    same_line_if_fits(ImGui::CalcTextSize(ctx.tr("editor.path")).x + ImGui::GetStyle().ItemSpacing.x +
                      path_w);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("editor.path"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(path_w);
    ImGui::InputText("##path", &e.path_field);
    allow_clipped_item();  // a long path scrolls inside its field
    if (ImGui::IsItemDeactivatedAfterEdit() && m.is_open()) {
        ctx.send(cmd::EditorSetPath{e.path_field});
    }
    same_line_if_fits(button_width(ctx.tr("editor.open")));
    if (ImGui::Button(ctx.tr("editor.open"))) ctx.send(cmd::EditorOpen{e.path_field});
    same_line_if_fits(button_width(ctx.tr("editor.new")));
    if (ImGui::Button(ctx.tr("editor.new"))) {
        ctx.send(cmd::EditorNew{new_file_name(ctx.game.scenarios_dir())});
    }
    // A shipped scenario is saved as the user's copy, never in place: its banner has the button.
    if (!m.read_only()) {
        same_line_if_fits(button_width(ctx.tr("editor.save")));
        ImGui::BeginDisabled(!m.is_open());
        if (ImGui::Button(ctx.tr("editor.save"))) ctx.send(cmd::EditorSave{});
        ImGui::EndDisabled();
    }
    const bool failed = !m.autosave_error().empty();
    if (m.is_open() && (!m.read_only() || m.dirty() || failed)) {
        const std::string status = failed ? ctx.fmt("editor.autosave_failed", {{"error", m.autosave_error()}})
                                   : m.dirty() ? std::string(ctx.tr("editor.unsaved"))
                                               : std::string(ctx.tr("editor.saved"));
        same_line_if_fits(ImGui::CalcTextSize(status.c_str()).x);
        ImGui::PushStyleColor(ImGuiCol_Text, col(failed      ? ctx.pal.bad
                                                 : m.dirty() ? ctx.pal.text_dim
                                                             : ctx.pal.good));
        ImGui::TextWrapped("%s", status.c_str());
        ImGui::PopStyleColor();
    }
}

void restore_banner(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    if (!m.restore_offer()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
    ImGui::TextWrapped("%s", ctx.tr("editor.restore_offer"));
    ImGui::PopStyleColor();
    if (ImGui::Button(ctx.tr("editor.restore"))) ctx.send(cmd::EditorRestore{});
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("editor.discard"))) ctx.send(cmd::EditorDiscardRestore{});
}

// A shipped scenario: one line saying it cannot be edited here (why, and where copies go, on
// hover), and the button to a copy that can. Short, so the text keeps its room on a small screen.
void read_only_banner(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    if (!m.is_open() || !m.read_only()) return;
    const char* save = ctx.tr("editor.save_copy_key");
    const char* line = ctx.tr("editor.shipped_banner");
    const bool beside = ImGui::CalcTextSize(line).x + ImGui::GetStyle().ItemSpacing.x + button_width(save) <=
                        ImGui::GetContentRegionAvail().x;
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.accent));
    ImGui::TextWrapped("%s", line);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
        ImGui::TextWrapped("%s", ctx.tr("editor.shipped_why"));
        ImGui::TextWrapped(
            "%s", ctx.fmt("editor.copy_folder", {{"dir", ctx.game.files().scenarios().string()}}).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    if (beside) ImGui::SameLine();
    if (ImGui::Button(save)) ctx.send(cmd::EditorSaveCopy{});
}

void code_view(ViewContext& ctx, ImVec2 size) {
    const EditorModel& m = ctx.game.editor();
    EditorUi& e = ctx.ui.editor;
    // Long lines scroll sideways with a scroll bar instead of being cut at the panel's edge.
    ImGui::BeginChild("##code", size, true, ImGuiWindowFlags_HorizontalScrollbar);
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    const bool mono = fonts->Fonts.Size > 1;
    if (mono) ImGui::PushFont(fonts->Fonts[1]);
    const float line_h = ImGui::GetTextLineHeight();
    const float pad_y = ImGui::GetStyle().FramePadding.y;
    const int lines = 1 + static_cast<int>(std::count(e.text.begin(), e.text.end(), '\n'));
    const float gutter = ImGui::CalcTextSize("00000").x + ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float view_h = ImGui::GetWindowHeight();
    const float scroll = ImGui::GetScrollY();

    // The gutter: only the visible numbers are drawn; lines with problems take their colour.
    std::vector<int> severity(static_cast<std::size_t>(lines) + 1, 0);
    for (const Diagnostic& d : m.diagnostics()) {
        if (d.loc.line < 1 || d.loc.line > lines) continue;
        auto& s = severity[static_cast<std::size_t>(d.loc.line)];
        s = std::max(s, d.severity == Severity::Error ? 2 : 1);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int first = std::max(1, static_cast<int>((scroll - pad_y) / line_h));
    const int last = std::min(lines, first + static_cast<int>(view_h / line_h) + 2);
    for (int l = first; l <= last; ++l) {
        const std::string n = std::to_string(l);
        const float x =
            origin.x + gutter - ImGui::GetStyle().ItemSpacing.x - ImGui::CalcTextSize(n.c_str()).x;
        const float y = origin.y + pad_y + static_cast<float>(l - 1) * line_h;
        const int sev = severity[static_cast<std::size_t>(l)];
        const Rgba c = sev == 2 ? ctx.pal.bad : sev == 1 ? ctx.pal.accent : ctx.pal.text_dim;
        dl->AddText(ImVec2(x, y), col32(c), n.c_str());
    }

    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + gutter);
    const float height =
        std::max(ImGui::GetContentRegionAvail().y, static_cast<float>(lines + 1) * line_h + pad_y * 2.0f);
    if (e.go_to) ImGui::SetKeyboardFocusHere();
    TextCallbackState cb{&e};
    const SourceLoc before = e.cursor;
    // As wide as the longest line (the font is monospaced; a proportional fallback gets room to spare).
    std::size_t longest = 0;
    for (std::size_t at = 0; at <= e.text.size();) {
        const std::size_t nl = std::min(e.text.find('\n', at), e.text.size());
        longest = std::max(longest, nl - at);
        at = nl + 1;
    }
    const float char_w = ImGui::CalcTextSize("0").x * (mono ? 1.0f : 1.3f);
    const float width =
        std::max(ImGui::GetContentRegionAvail().x,
                 static_cast<float>(longest + 4) * char_w + ImGui::GetStyle().FramePadding.x * 2.0f);
    // A shipped scenario's text can be read, selected and copied, not changed. Dear ImGui 1.86 hands
    // a read-only field's callback a buffer it never filled, so that field has none: a line to go
    // to is where its cursor stands, outlined below.
    const ImGuiInputTextFlags flags =
        ImGuiInputTextFlags_AllowTabInput |
        (m.read_only() ? ImGuiInputTextFlags_ReadOnly : ImGuiInputTextFlags_CallbackAlways);
    if (m.read_only() && e.go_to) {
        e.cursor = *e.go_to;
        e.marked_line = e.go_to->line;
        e.go_to.reset();
    }
    const bool changed = ImGui::InputTextMultiline("##text", &e.text, ImVec2(width, height), flags,
                                                   m.read_only() ? nullptr : text_callback, &cb);
    if (changed) ctx.send(cmd::EditorEdit{e.text});
    if (m.read_only() && e.marked_line > 0) {
        const ImVec2 at = ImGui::GetItemRectMin();
        const float top = at.y + pad_y + static_cast<float>(e.marked_line - 1) * line_h;
        ImGui::GetWindowDrawList()->AddRect(
            ImVec2(at.x, top), ImVec2(ImGui::GetItemRectMax().x, top + line_h), col32(ctx.pal.accent));
    }
    // The text field is as tall as the text, so this child scrolls; keep the cursor's line in view.
    const float cursor_y = pad_y + static_cast<float>(e.cursor.line - 1) * line_h;
    if (e.scroll_to >= 0.0f) {
        ImGui::SetScrollY(e.scroll_to);
        e.scroll_to = -1.0f;
    } else if (!(before == e.cursor) && ImGui::IsItemActive()) {
        if (cursor_y < scroll) ImGui::SetScrollY(cursor_y);
        if (cursor_y + line_h * 2.0f > scroll + view_h) ImGui::SetScrollY(cursor_y + line_h * 2.0f - view_h);
    }
    if (mono) ImGui::PopFont();
    ImGui::EndChild();
    ImGui::TextColored(col(ctx.pal.text_dim), "%s",
                       ctx.fmt("editor.position", {{"line", std::to_string(e.cursor.line)},
                                                   {"column", std::to_string(e.cursor.column)}})
                           .c_str());
}

/// Puts the cursor on `loc` and scrolls the text to it.
void go_to(ViewContext& ctx, SourceLoc loc) {
    if (loc.line < 1) return;
    ctx.ui.editor.go_to = loc;
    ImFontAtlas* fonts = ImGui::GetIO().Fonts;
    const float line_h = fonts->Fonts.Size > 1 ? fonts->Fonts[1]->FontSize : ImGui::GetTextLineHeight();
    ctx.ui.editor.scroll_to = std::max(0.0f, static_cast<float>(loc.line - 6) * line_h);
}

// A selectable row as tall as `text` wrapped to the width left, with the text drawn over it: a long
// message wraps instead of being cut. Clicked, or Enter or Space on it when it has keyboard focus.
bool wrapped_selectable(const ViewContext& ctx, const std::string& id, const std::string& text,
                        bool* hovered = nullptr) {
    const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    bool pressed = ImGui::Selectable(id.c_str(), false, 0, ImVec2(0, h));
    pressed = pressed_by_key(ctx) || pressed;
    if (hovered != nullptr) *hovered = ImGui::IsItemHovered();
    const ImVec2 after = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(at);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos(after);
    return pressed;
}

void diagnostic_row(ViewContext& ctx, const Diagnostic& d, std::size_t i) {
    const bool error = d.severity == Severity::Error;
    const std::string text = std::string(ctx.tr(error ? "editor.error" : "editor.warning")) + "  " +
                             std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + "  " +
                             d.message;
    ImGui::PushStyleColor(ImGuiCol_Text, col(error ? ctx.pal.bad : ctx.pal.text));
    if (wrapped_selectable(ctx, "##diag" + std::to_string(i), text)) go_to(ctx, d.loc);
    ImGui::PopStyleColor();
    if (!d.help.empty()) {
        ImGui::Indent();
        text_dim_wrapped(ctx, d.help);
        ImGui::Unindent();
    }
}

void problems(ViewContext& ctx, ImVec2 size) {
    const EditorModel& m = ctx.game.editor();
    ImGui::BeginChild("##problems", size, true);
    int errors = 0, warnings = 0, translations = 0;
    for (const Diagnostic& d : m.diagnostics()) {
        if (is_translation(d)) {
            ++translations;
        } else if (d.severity == Severity::Error) {
            ++errors;
        } else {
            ++warnings;
        }
    }
    ImGui::TextUnformatted(ctx.tr("editor.problems"));
    const std::string status =
        errors == 0 ? std::string(ctx.tr("editor.valid"))
                    : ctx.fmt("editor.counts",
                              {{"errors", std::to_string(errors)}, {"warnings", std::to_string(warnings)}});
    same_line_if_fits(ImGui::CalcTextSize(status.c_str()).x);
    ImGui::PushStyleColor(ImGuiCol_Text, col(errors == 0 ? ctx.pal.good : ctx.pal.bad));
    ImGui::TextWrapped("%s", status.c_str());
    ImGui::PopStyleColor();
    if (translations > 0) {
        text_dim_wrapped(ctx, ctx.fmt("editor.translations_note", {{"count", std::to_string(translations)}}));
    }
    ImGui::Separator();
    std::size_t i = 0;
    for (const Diagnostic& d : m.diagnostics()) {
        if (!is_translation(d)) diagnostic_row(ctx, d, i);
        ++i;
    }
    ImGui::EndChild();
}

// `brief`: with the stage's short name, for a narrow drop-down.
std::string target_label(const ViewContext& ctx, const Scenario& s, const PlayTarget& t, bool brief = false) {
    if (t.objection.empty())
        return ctx.fmt("editor.target_stage",
                       {{"stage", brief ? stage_short(ctx, t.stage) : stage_name(ctx, t.stage)}});
    // The objection as the buyer says it, as the map names it; the id is in the file.
    return ctx.fmt("editor.target_objection",
                   {{"objection", objection_name(s, t.objection, ctx.game.strings(), content_language(ctx, s),
                                                 brief ? 30 : 50)}});
}

void playtest_setup(ViewContext& ctx, const Scenario& s) {
    EditorUi& e = ctx.ui.editor;
    if (!e.start_loaded) {
        e.start = s.persona.start;
        e.start_loaded = true;
    }
    const std::vector<PlayTarget> targets = play_targets(s);
    e.target = std::clamp(e.target, 0, std::max(0, static_cast<int>(targets.size()) - 1));
    const PlayTarget* picked = targets.empty() ? nullptr : &targets[static_cast<std::size_t>(e.target)];
    // The drop-down goes under its label when the choice would not fit beside it.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(ctx.tr("editor.target"));
    float widest = 0.0f;
    for (const PlayTarget& t : targets)
        widest = std::max(widest, ImGui::CalcTextSize(target_label(ctx, s, t).c_str()).x);
    const float combo_w = widest + ImGui::GetStyle().FramePadding.x * 2.0f + ImGui::GetFrameHeight();
    same_line_if_fits(combo_w);
    const bool narrow = combo_w > ImGui::GetContentRegionAvail().x;
    ImGui::SetNextItemWidth(std::min(combo_w, ImGui::GetContentRegionAvail().x));
    const std::string now = picked ? target_label(ctx, s, *picked, narrow) : std::string();
    if (ImGui::BeginCombo("##target", now.c_str())) {
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (ImGui::Selectable(target_label(ctx, s, targets[i]).c_str(), static_cast<int>(i) == e.target))
                e.target = static_cast<int>(i);
        }
        ImGui::EndCombo();
    }
    ImGui::TextUnformatted(ctx.tr("editor.start_state"));
    same_line_if_fits(button_width(ctx.tr("editor.reset_state")));
    if (ImGui::SmallButton(ctx.tr("editor.reset_state"))) e.start = s.persona.start;
    // Four sliders on a row when their labels fit, else two, else one a row.
    const float avail = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    float needed = 0.0f;
    for (const char* k : {"state.trust", "state.interest", "state.patience", "state.readiness"})
        needed = std::max(needed, ImGui::CalcTextSize((std::string(ctx.tr(k)) + " 100").c_str()).x +
                                      ImGui::GetStyle().FramePadding.x * 2.0f);
    int per_row = 4;
    while (per_row > 1 &&
           (avail - spacing * static_cast<float>(per_row - 1)) / static_cast<float>(per_row) < needed)
        per_row /= 2;
    const float w = (avail - spacing * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    int n = 0;
    const auto slider = [&](const char* id, const char* label, int& v) {
        if (n++ % per_row != 0) ImGui::SameLine();
        ImGui::SetNextItemWidth(w);
        ImGui::SliderInt(id, &v, 0, 100, (std::string(label) + " %d").c_str());
    };
    slider("##trust", ctx.tr("state.trust"), e.start.trust);
    slider("##interest", ctx.tr("state.interest"), e.start.interest);
    slider("##patience", ctx.tr("state.patience"), e.start.patience);
    slider("##readiness", ctx.tr("state.readiness"), e.start.readiness);
    if (ImGui::Button(ctx.tr("editor.play"))) ctx.send(cmd::EditorPlaytest{});
    if (ctx.game.editor().playtest().active()) {
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("editor.stop"))) ctx.send(cmd::EditorPlayStop{});
    }
}

void playtest_run(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    const PlayTest& p = m.playtest();
    const Session* s = p.session();
    if (s == nullptr) return;
    const std::string lang = content_language(ctx, s->scenario());
    if (!m.valid()) text_dim_wrapped(ctx, ctx.tr("editor.stale"));
    const PlayNote& note = p.note();
    if (note.kind != PlayNote::Kind::None) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        const std::string text = note.kind == PlayNote::Kind::TargetNotReached
                                     ? std::string(ctx.tr("editor.not_reached"))
                                     : ctx.fmt("editor.choice_gone", {{"n", std::to_string(note.index + 1)},
                                                                      {"move", note.choice.move},
                                                                      {"decision", note.choice.decision}});
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopStyleColor();
    }
    const BuyerState& b = s->buyer();
    ImGui::TextWrapped("%s", ctx.fmt("editor.buyer_line", {{"trust", std::to_string(b.trust)},
                                                           {"interest", std::to_string(b.interest)},
                                                           {"patience", std::to_string(b.patience)},
                                                           {"readiness", std::to_string(b.readiness)}})
                                 .c_str());
    if (!s->decisions().empty()) {
        const DecisionRecord& r = s->decisions().back();
        ImGui::TextColored(
            col(r.verdict == Verdict::Best || r.verdict == Verdict::Good ? ctx.pal.good : ctx.pal.bad), "%s",
            ctx.fmt("editor.last_feedback", {{"verdict", verdict_name(ctx, r.verdict)}, {"move", r.move}})
                .c_str());
        text_dim_wrapped(ctx, r.feedback.get(lang));
    }
    if (s->finished()) {
        ImGui::TextUnformatted(ctx.fmt("editor.finished", {{"outcome", outcome_name(ctx, s->outcome())},
                                                           {"score", std::to_string(s->score().overall)}})
                                   .c_str());
    } else {
        const Decision& d = s->current();
        ImGui::Separator();
        ImGui::TextColored(col(ctx.pal.text_dim), "%s · %s", stage_name(ctx, d.stage), d.ref.c_str());
        if (!d.prompt.empty()) ImGui::TextWrapped("%s", d.prompt.get(lang).c_str());
        for (std::size_t i = 0; i < d.options.size(); ++i) {
            const std::string label =
                std::to_string(i + 1) + ". " + d.options[i].label.get(lang) + "##opt" + std::to_string(i);
            if (ImGui::Button(label.c_str())) ctx.send(cmd::EditorPlayChoose{i});
            if (ImGui::IsItemHovered() && !d.options[i].say.empty())
                ImGui::SetTooltip("%s", d.options[i].say.get(lang).c_str());
        }
    }
    ImGui::Separator();
    ImGui::BeginChild("##pt_transcript", ImVec2(0, 0), false);
    for (const Line& l : s->transcript()) {
        const Rgba c = l.speaker == Speaker::Seller  ? ctx.pal.seller
                       : l.speaker == Speaker::Buyer ? ctx.pal.buyer
                                                     : ctx.pal.narrator;
        ImGui::PushStyleColor(ImGuiCol_Text, col(c));
        ImGui::TextWrapped("%s", l.text.get(lang).c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::GetScrollY() < ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

void playtest_tab(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    if (!m.scenario()) {
        text_dim_wrapped(ctx, ctx.tr("editor.needs_valid"));
        return;
    }
    playtest_setup(ctx, *m.scenario());
    ImGui::Separator();
    playtest_run(ctx);
}

Rgba option_colour(const ViewContext& ctx, const OptionReport& o) {
    if (o.on_best_path) return ctx.pal.accent;
    if (o.best_somewhere) return ctx.pal.good;
    if (o.verdicts == (1u << static_cast<unsigned>(Verdict::Mistake))) return ctx.pal.bad;
    return ctx.pal.text_dim;
}

void legend_item(const ViewContext& ctx, Rgba c, const char* key) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f),
                                              ImVec2(p.x + h * 0.6f, p.y + h * 0.8f), col32(c));
    ImGui::Dummy(ImVec2(h * 0.7f, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(ctx.tr(key));
}

// While the analyzer works: the sign and how far it has come, above the last map (if any).
void analysing_sign(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    const AnalyzeProgress p = m.analysis_progress();
    text_dim_wrapped(ctx, std::string(ctx.tr("editor.analysing")) + "  " +
                              ctx.fmt("editor.analysing_states", {{"states", std::to_string(p.states)}}));
    ImGui::ProgressBar(static_cast<float>(p.done), ImVec2(-FLT_MIN, 0));
}

/// `text` cut to `width` pixels with "…" when it is wider.
std::string fit_width(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const char* ellipsis = "\xE2\x80\xA6";
    const float room = width - ImGui::CalcTextSize(ellipsis).x;
    std::size_t end = text.size();
    while (end > 0) {
        do {
            --end;
        } while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u);
        if (ImGui::CalcTextSize(text.c_str(), text.c_str() + end).x <= room) break;
    }
    return text.substr(0, end) + ellipsis;
}

void map_tab(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    const Analysis* a = m.analysis();
    if (m.analysing()) analysing_sign(ctx);
    if (a == nullptr || !m.scenario()) {
        if (!m.analysing()) text_dim_wrapped(ctx, ctx.tr("editor.no_analysis"));
        return;
    }
    const Scenario& s = *m.scenario();
    text_dim_wrapped(
        ctx, ctx.fmt("editor.summary", {{"best", a->best ? std::to_string(a->best->score) : "-"},
                                        {"worst", a->worst ? std::to_string(a->worst->score) : "-"},
                                        {"pass", ctx.tr(a->pass_reachable ? "editor.yes" : "editor.no")},
                                        {"dead", std::to_string(a->dead_ends)},
                                        {"states", std::to_string(a->states)}}));
    if (a->bounded())
        text_dim_wrapped(ctx,
                         ctx.fmt("editor.partial", {{"best", a->best ? std::to_string(a->best->score) : "-"},
                                                    {"bound", std::to_string(a->best_bound)}}));
    // The legend's items go on one line while they fit.
    bool first = true;
    for (const auto& [c, key] :
         {std::pair{ctx.pal.accent, "editor.map_best_path"},
          std::pair{ctx.pal.good, "editor.map_best_somewhere"}, std::pair{ctx.pal.bad, "editor.map_mistake"},
          std::pair{ctx.pal.text_dim, "editor.map_other"}}) {
        if (!first)
            same_line_if_fits(ImGui::GetTextLineHeight() * 0.7f + ImGui::GetStyle().ItemSpacing.x +
                              ImGui::CalcTextSize(ctx.tr(key)).x);
        first = false;
        legend_item(ctx, c, key);
    }

    const float avail_h = ImGui::GetContentRegionAvail().y;
    ImGui::BeginChild("##map", ImVec2(0, avail_h * 0.65f), true, ImGuiWindowFlags_HorizontalScrollbar);
    const float line_h = ImGui::GetTextLineHeight();
    const float pad = 4.0f * ctx.scale;
    const float col_w = 220.0f * ctx.scale;
    const float gap = 12.0f * ctx.scale;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float max_y = 0;
    float x = origin.x;
    const std::string lang = content_language(ctx, s);
    for (const StageContent& st : s.stages) {
        float y = origin.y;
        dl->AddText(ImVec2(x, y), col32(ctx.pal.text), fit_width(stage_name(ctx, st.stage), col_w).c_str());
        y += line_h + pad;
        for (const DecisionReport& d : a->decisions) {
            if (d.stage != st.stage) continue;
            const float h = line_h * static_cast<float>(1 + d.options.size()) + pad * 2.0f;
            const bool unreachable = d.states == 0 && a->complete;
            const ImVec2 p0(x, y), p1(x + col_w, y + h);
            dl->AddRectFilled(p0, p1, col32(ctx.pal.child_bg), 4.0f);
            dl->AddRect(p0, p1, col32(unreachable ? ctx.pal.bad : ctx.pal.border), 4.0f, 0,
                        unreachable ? 2.0f : 1.0f);
            dl->PushClipRect(p0, p1, true);
            // What the trainee sees, in the content language; the ids are in the tooltip.
            const std::string name = decision_name(s, d, ctx.game.strings(), lang);
            const std::string title =
                unreachable ? name + "  (" + ctx.tr("editor.map_unreachable") + ")" : name;
            const float text_w = col_w - pad * 4.0f;
            dl->AddText(ImVec2(x + pad, y + pad), col32(unreachable ? ctx.pal.bad : ctx.pal.text),
                        fit_width(title, col_w - pad * 2.0f).c_str());
            float oy = y + pad + line_h;
            for (const OptionReport& o : d.options) {
                dl->AddText(ImVec2(x + pad * 3.0f, oy), col32(option_colour(ctx, o)),
                            fit_width(option_name(s, o, lang), text_w).c_str());
                oy += line_h;
            }
            dl->PopClipRect();
            // Hovering shows the ids an author writes (the option's under the pointer too);
            // clicking goes to the node's line in the text.
            if (ImGui::IsMouseHoveringRect(p0, p1) && ImGui::IsWindowHovered()) {
                std::string tip =
                    ctx.fmt("editor.id_line_tip", {{"id", d.ref}, {"line", std::to_string(d.loc.line)}});
                const float row = (ImGui::GetMousePos().y - (y + pad + line_h)) / line_h;
                if (row >= 0.0f && static_cast<std::size_t>(row) < d.options.size()) {
                    const OptionReport& o = d.options[static_cast<std::size_t>(row)];
                    tip += "\n" + option_name(s, o, lang) + "  (" +
                           ctx.fmt("editor.id_tip", {{"id", option_id(o)}}) + ")";
                }
                ImGui::SetTooltip("%s", tip.c_str());
                if (ImGui::IsMouseClicked(0)) go_to(ctx, d.loc);
            }
            y += h + pad * 2.0f;
        }
        max_y = std::max(max_y, y);
        x += col_w + gap;
    }
    ImGui::Dummy(ImVec2(x - origin.x, max_y - origin.y));
    ImGui::EndChild();

    ImGui::BeginChild("##findings", ImVec2(0, 0), false);
    ImGui::TextUnformatted(ctx.tr("editor.findings"));
    std::size_t i = 0;
    for (const Finding& f : a->findings) {
        // What it is about by the names the trainee sees, and the line to go to.
        const FindingText ft = finding_text(s, *a, f, ctx.game.strings(), lang);
        const char* level = f.level == FindingLevel::Error     ? "editor.error"
                            : f.level == FindingLevel::Warning ? "editor.warning"
                                                               : "editor.note";
        std::string text = ctx.tr(level);
        if (f.loc.line > 0)
            text += "  \xC2\xB7  " + ctx.fmt("editor.line_n", {{"n", std::to_string(f.loc.line)}});
        text += "  " + ft.message;
        ImGui::PushStyleColor(ImGuiCol_Text,
                              col(f.level == FindingLevel::Error ? ctx.pal.bad : ctx.pal.text));
        bool hovered = false;
        if (wrapped_selectable(ctx, "##finding" + std::to_string(i++), text, &hovered)) go_to(ctx, f.loc);
        ImGui::PopStyleColor();
        if (hovered && !f.ref.empty())
            ImGui::SetTooltip("%s", ctx.fmt("editor.id_tip", {{"id", f.ref}}).c_str());
    }
    ImGui::EndChild();
}

void translations_tab(ViewContext& ctx) {
    const auto missing = ctx.game.editor().missing_translations();
    if (missing.empty()) {
        text_dim_wrapped(ctx, ctx.tr("editor.translations_none"));
        return;
    }
    std::size_t i = 0;
    for (const auto& [lang, list] : missing) {
        const std::string head =
            ctx.fmt("editor.missing_in", {{"lang", lang}, {"count", std::to_string(list.size())}});
        if (!ImGui::CollapsingHeader(head.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) continue;
        for (const Diagnostic& d : list) {
            const std::string text =
                std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + "  " + d.message;
            if (wrapped_selectable(ctx, "##tr" + std::to_string(i++), text)) go_to(ctx, d.loc);
        }
    }
}

void quit_dialog(ViewContext& ctx) {
    EditorUi& e = ctx.ui.editor;
    if (!e.quit_ask) return;
    const char* id = "###editor_quit";
    if (!e.quit_shown) {
        ImGui::OpenPopup(id);
        e.quit_shown = true;
    }
    const std::string title = std::string(ctx.tr("editor.quit_title")) + id;
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::TextUnformatted(
        ctx.fmt("editor.quit_text", {{"file", ctx.game.editor().path().filename().string()}}).c_str());
    if (ImGui::Button(ctx.tr("editor.quit_save"))) {
        ctx.send(cmd::EditorSave{true});
        e.quit_ask = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("editor.quit_discard"))) {
        ctx.send(cmd::EditorQuitDiscard{});
        e.quit_ask = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("editor.quit_cancel")) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        e.quit_ask = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

void draw_editor(ViewContext& ctx) {
    const EditorModel& m = ctx.game.editor();
    EditorUi& e = ctx.ui.editor;
    for (const std::string& k : ctx.ui.shortcuts) {
        if (k == "ctrl+s" && m.is_open()) ctx.send(cmd::EditorSave{});
        if (k == "ctrl+n") ctx.send(cmd::EditorNew{new_file_name(ctx.game.scenarios_dir())});
        if (k == "f5" && m.scenario()) ctx.send(cmd::EditorPlaytest{});
    }
    toolbar(ctx);
    read_only_banner(ctx);
    restore_banner(ctx);
    quit_dialog(ctx);
    if (!m.is_open()) {
        ImGui::Spacing();
        text_dim_wrapped(ctx, ctx.tr("editor.none_open"));
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left_w = avail.x * 0.5f;
    const float status_h = ImGui::GetTextLineHeightWithSpacing();
    ImGui::BeginGroup();
    code_view(ctx, ImVec2(left_w, avail.y - status_h));
    ImGui::EndGroup();
    ImGui::SameLine();
    // With padding: a glyph reaching left of its pen position (the "J" of Finnish) is not cut at the edge.
    ImGui::BeginChild("##side", ImVec2(0, avail.y), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    problems(ctx, ImVec2(0, avail.y * 0.3f));
    if (ImGui::BeginTabBar("##editor_tabs")) {
        const auto tab = [&](const char* key, EditorUi::Tab t) {
            const bool want = e.tab_request > 0 && e.tab == t;
            const bool open = ImGui::BeginTabItem((std::string(ctx.tr(key)) + "###" + key).c_str(), nullptr,
                                                  want ? ImGuiTabItemFlags_SetSelected : 0);
            if (open && e.tab_request == 0) e.tab = t;
            return open;
        };
        if (tab("editor.tab_playtest", EditorUi::Tab::Playtest)) {
            playtest_tab(ctx);
            ImGui::EndTabItem();
        }
        if (tab("editor.tab_map", EditorUi::Tab::Map)) {
            map_tab(ctx);
            ImGui::EndTabItem();
        }
        if (tab("editor.tab_translations", EditorUi::Tab::Translations)) {
            translations_tab(ctx);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        if (e.tab_request > 0) --e.tab_request;
    }
    ImGui::EndChild();
}

}  // namespace salesim::window
