// The panels of the window: thin functions that read Game and UiState and append commands.
#pragma once

#include "window/model/game.hpp"
#include "window/model/theme.hpp"
#include "window/model/ui_state.hpp"

#include <imgui.h>

#include <initializer_list>

#include <salesim/rulebook.hpp>

namespace salesim::window {

/// Everything a view reads.
struct ViewContext {
    const Game& game;
    UiState& ui;
    const Palette& pal;
    Commands& out;
    float scale = 1.0f;

    const char* tr(std::string_view key) const { return game.strings().tr(key); }
    std::string fmt(std::string_view key,
                    const std::vector<std::pair<std::string_view, std::string>>& v) const {
        return game.strings().fmt(key, v);
    }
    /// As fmt, with the singular form when `n` is 1 (see Strings::fmt_n).
    std::string fmt_n(std::string_view key, long long n,
                      const std::vector<std::pair<std::string_view, std::string>>& v) const {
        return game.strings().fmt_n(key, n, v);
    }
    void send(Command c) const { out.push_back(std::move(c)); }
};

ImVec4 col(Rgba c);
ImU32 col32(Rgba c);

/// The whole window for one frame.
void draw_frame(ViewContext& ctx);

void draw_start(ViewContext& ctx);
void draw_library(ViewContext& ctx);
/// A scenario's title in the UI language, from the library index (its id when it has none).
std::string scenario_title(const ViewContext& ctx, const std::string& id);
/// Why a scenario is recommended, in one line ("You chose denial where it did not fit 3 times...").
std::string recommendation_reason(const ViewContext& ctx, const app::Recommendation& r);
void draw_play(ViewContext& ctx);
void draw_debrief(ViewContext& ctx);
void draw_settings(ViewContext& ctx);
void draw_error_dialog(ViewContext& ctx);
/// The Author screen: edit, check, map and play-test a scenario file.
void draw_editor(ViewContext& ctx);
/// The trainer's view: reports per trainee and group, charts, the method confusion table, exports.
void draw_trainer(ViewContext& ctx);
/// The trainer passphrase dialog (while UiState::lock is open).
void draw_trainer_lock(ViewContext& ctx);
/// The Trainer view's Lock button, at the right end of the current line.
void draw_lock_button(ViewContext& ctx);
/// The "Join a class" form (a dialog, while UiState::join is open).
void draw_join_class(ViewContext& ctx);
/// Over the play screen in a class: where the class stands. True when the options cannot be taken
/// now (the vote waits for the trainer, the class ended).
bool draw_class_banner(ViewContext& ctx);
/// The trainer's view's "Run a class": its button and form, or the class running.
void draw_class_run(ViewContext& ctx);
/// The start screen's profile picker; false when the results store is not open (the plain name
/// field is shown instead).
bool draw_profiles(ViewContext& ctx);

/// The buyer's face in a square at `pos` of side `size`, its expression by the signal bands (`close_at`
/// the scenario's); `seed` varies hair and face between buyers.
void draw_portrait(ImDrawList* dl, ImVec2 pos, float size, const BuyerState& state, int close_at,
                   const Palette& pal, unsigned seed);
/// A labelled horizontal meter 0..100 (value printed beside it, not over the fill, for contrast).
/// A labelled 0..100 bar with its number. `label_w`: where the bar starts (0: on a line below the
/// label); negative: decided per label. Meters of one group share meter_label_width() so their bars
/// line up.
void draw_meter(const ViewContext& ctx, const char* label, int value, float width, float label_w = -1);
/// The label column for meters with these labels: the widest label, or 0 (labels above the bars)
/// when that would take more than 45 % of `width`.
float meter_label_width(std::initializer_list<const char*> labels, float width);
/// Secondary text in the dim colour, wrapped at the panel's edge.
void text_dim_wrapped(const ViewContext& ctx, const std::string& text);
/// Sizes the next modal to at most `width` (scaled) and the viewport, centred; its height follows
/// its contents up to the viewport's, and then it scrolls.
void fit_next_modal(const ViewContext& ctx, float width);
/// Opens the modal form `id` ("###name") titled by `title_key`, centred and at most `width` (scaled)
/// wide; false when it is not showing (then nothing more is drawn, and EndPopup is not called).
bool begin_form_modal(const ViewContext& ctx, const char* id, const char* title_key, float width);
/// The seven stages in a row; `current` lit, the ones before it marked done, absent ones dimmed.
void draw_stage_bar(const ViewContext& ctx, const Scenario& s, std::optional<Stage> current, bool finished);

/// Keyboard focus on the last item, with its highlight shown.
void focus_last_item();
/// Tab and Shift+Tab reach the last item (in drawing order); it takes focus when Tab chose it.
void tab_stop();
/// Once a frame, after every view: Tab moves focus to the next tab stop of the window in front.
void handle_tab();
/// A ring round the last item when it has keyboard focus, shown whatever the mouse did; true then.
bool focus_ring(const ViewContext& ctx);
/// True when the whole of the last item is inside its window's visible part.
bool last_item_fully_visible();
/// Enter or Space was pressed this frame and the last item has keyboard focus (Dear ImGui's
/// navigation presses with Space only, and not at all where the view scrolls with the arrows).
bool pressed_by_key(const ViewContext& ctx);
/// A button that a click, Space or Enter presses, with the focus ring.
bool key_button(const ViewContext& ctx, const char* label, ImVec2 size = ImVec2(0, 0));
/// The width of a button with this label.
float button_width(const char* label);
/// Puts the next item on this row when `next_width` still fits on it, else on the next row.
void same_line_if_fits(float next_width);
/// The screen or decision is new and no dialog is open: the view focuses its first control.
bool wants_focus(const ViewContext& ctx);

/// Names from the string tables for engine ids.
const char* stage_name(const ViewContext& ctx, Stage s);
const char* stage_short(const ViewContext& ctx, Stage s);
const char* outcome_name(const ViewContext& ctx, Outcome o);
const char* verdict_name(const ViewContext& ctx, Verdict v);
std::string competency_name(const ViewContext& ctx, const std::string& id);
/// A move's display name from the rule book, in the content language.
std::string move_name(const ViewContext& ctx, const Scenario& s, const std::string& move);

}  // namespace salesim::window
