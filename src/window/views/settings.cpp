// The settings dialog: language, UI scale, theme, font and read-aloud, the mode of new attempts,
// where results are kept and the trainer passphrase. Changes are applied and saved at once.
#include "window/views/views.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

namespace salesim::window {

void draw_settings(ViewContext& ctx) {
    const char* title_id = "###settings";
    const std::string title = std::string(ctx.tr("settings.title")) + title_id;
    if (ctx.ui.settings_open && !ImGui::IsPopupOpen(title_id)) ImGui::OpenPopup(title_id);
    fit_next_modal(ctx, 640.0f);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    const Prefs& p = ctx.game.prefs();

    ImGui::TextUnformatted(ctx.tr("settings.language"));
    for (const std::string& lang : ctx.game.strings().langs()) {
        if (ImGui::RadioButton(ctx.game.strings().lang_name(lang).c_str(), p.lang == lang)) {
            ctx.send(cmd::SetLang{lang});
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Spacing();

    ImGui::TextUnformatted(ctx.tr("settings.scale"));
    // The slider edits a copy; the font is rebuilt once, when the trainee lets go.
    int& editing = ctx.ui.scale_editing;
    int value = editing >= 0 ? editing : p.scale;
    ImGui::SetNextItemWidth(260.0f * ctx.scale);
    if (ImGui::SliderInt("##scale", &value, min_scale, max_scale, "%d %%")) editing = value;
    if (ImGui::IsItemDeactivatedAfterEdit()) {
        ctx.send(cmd::SetScale{(value + 5) / 10 * 10});
        editing = -1;
    }
    for (const int preset : {100, 125, 150, 200}) {
        const std::string label = std::to_string(preset) + " %";
        if (ImGui::Button(label.c_str())) ctx.send(cmd::SetScale{preset});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Spacing();

    ImGui::TextUnformatted(ctx.tr("settings.theme"));
    for (const ThemeId t : all_themes) {
        const std::string key = "theme." + std::string(to_string(t));
        if (ImGui::RadioButton(ctx.tr(key), p.theme == t)) ctx.send(cmd::SetTheme{t});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::Spacing();

    // Movement: the verdict line after a decision fades in unless motion is reduced.
    bool reduce_motion = p.reduce_motion;
    if (ImGui::Checkbox(ctx.tr("settings.reduce_motion"), &reduce_motion))
        ctx.send(cmd::SetReduceMotion{reduce_motion});
    text_dim_wrapped(ctx, ctx.tr("settings.reduce_motion_tip"));
    ImGui::Spacing();

    // Reading and hearing: a typeface for dyslexic readers, and the play read aloud.
    ImGui::TextUnformatted(ctx.tr("settings.font"));
    for (const FontChoice f : all_fonts) {
        const std::string key = "font." + std::string(to_string(f));
        if (ImGui::RadioButton((std::string(ctx.tr(key)) + "##font").c_str(), p.font == f))
            ctx.send(cmd::SetFont{f});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    bool read_aloud = p.read_aloud;
    if (ImGui::Checkbox(ctx.tr("settings.read_aloud"), &read_aloud)) ctx.send(cmd::SetReadAloud{read_aloud});
    text_dim_wrapped(ctx, ctx.tr("settings.read_aloud_tip"));
    ImGui::Spacing();

    ImGui::TextUnformatted(ctx.tr("settings.mode"));
    for (const Mode m : all_modes) {
        const std::string key = "mode." + std::string(to_string(m));
        if (ImGui::RadioButton((std::string(ctx.tr(key)) + "##settings_mode").c_str(), p.mode == m))
            ctx.send(cmd::SetMode{m});
        ImGui::SameLine();
    }
    ImGui::NewLine();
    text_dim_wrapped(ctx, ctx.tr("mode." + std::string(to_string(p.mode)) + "_tip"));
    ImGui::Spacing();

    // Where results are kept: the data folder's file, or a school's shared database.
    ImGui::TextUnformatted(ctx.tr("settings.store"));
    const WindowResults& results = ctx.game.results();
    if (WindowResults::location_from_environment()) {
        text_dim_wrapped(ctx, ctx.fmt("settings.store_from_environment", {{"store", results.location()}}));
    } else {
        if (!ctx.ui.store_editing_open) {
            ctx.ui.store_editing = p.store;
            ctx.ui.store_editing_open = true;
        }
        const float use_w = button_width(ctx.tr("settings.store_use"));
        const float field_w = ImGui::GetContentRegionAvail().x - use_w - ImGui::GetStyle().ItemSpacing.x;
        ImGui::SetNextItemWidth(std::max(field_w, 120.0f * ctx.scale));
        ImGui::InputTextWithHint("##store", ctx.tr("settings.store_hint"), &ctx.ui.store_editing);
        same_line_if_fits(use_w);
        if (key_button(ctx, ctx.tr("settings.store_use"))) ctx.send(cmd::SetStore{ctx.ui.store_editing});
        text_dim_wrapped(ctx, ctx.fmt("settings.store_now", {{"store", results.location()}}));
    }
    if (!results.available() && !results.problem().empty()) text_dim_wrapped(ctx, results.problem());
    ImGui::Spacing();

    // The trainer passphrase: changed here (the old one first), or set when there is none yet.
    ImGui::TextUnformatted(ctx.tr("settings.trainer_passphrase"));
    const bool set = ctx.game.trainer_lock().is_set();
    if (key_button(ctx, ctx.tr(set ? "settings.change_passphrase" : "settings.set_passphrase"))) {
        ctx.ui.store_editing_open = false;
        ctx.send(cmd::ChangePassphrase{});
        ImGui::CloseCurrentPopup();
    }
    if (ctx.ui.lock.changed) text_dim_wrapped(ctx, ctx.tr("settings.passphrase_changed"));
    ImGui::Spacing();
    text_dim_wrapped(ctx, ctx.fmt("settings.saved_in", {{"path", ctx.game.files().settings().string()}}));
    ImGui::Separator();
    if (key_button(ctx, ctx.tr("settings.close")) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ctx.ui.store_editing_open = false;
        ctx.send(cmd::CloseSettings{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace salesim::window
