// One frame of the window: the menu bar, the current screen and the dialogs on top.
#include "window/views/views.hpp"

#include <salesim/diagnostic.hpp>

#include <algorithm>
#include <string>

namespace salesim::window {

namespace {

/// The screens, Settings and Quit, as menu items: across the menu bar, or down a folded menu.
void draw_menu_items(ViewContext& ctx, bool named, bool folded) {
    if (ImGui::MenuItem(ctx.tr("menu.start"), nullptr, ctx.ui.screen == Screen::Start)) {
        ctx.send(cmd::GoTo{Screen::Start});
    }
    if (ImGui::MenuItem(ctx.tr("menu.library"), nullptr, ctx.ui.screen == Screen::Library, named)) {
        ctx.send(cmd::GoTo{Screen::Library});
    }
    const bool playing = ctx.game.session() != nullptr;
    if (ImGui::MenuItem(ctx.tr("menu.play"), nullptr, ctx.ui.screen == Screen::Play, playing)) {
        ctx.send(cmd::GoTo{Screen::Play});
    }
    if (ImGui::MenuItem(ctx.tr("menu.debrief"), nullptr, ctx.ui.screen == Screen::Debrief,
                        playing && !ctx.game.session()->decisions().empty())) {
        ctx.send(cmd::GoTo{Screen::Debrief});
    }
    if (ImGui::MenuItem(ctx.tr("menu.trainer"), nullptr, ctx.ui.screen == Screen::Trainer)) {
        ctx.send(cmd::GoTo{Screen::Trainer});
    }
    if (ImGui::MenuItem(ctx.tr("menu.author"), nullptr, ctx.ui.screen == Screen::Editor)) {
        ctx.send(cmd::GoTo{Screen::Editor});
    }
    if (folded) ImGui::Separator();
    if (ImGui::MenuItem(ctx.tr("menu.settings"))) ctx.send(cmd::OpenSettings{});
    if (ImGui::MenuItem(ctx.tr("menu.quit"), "Ctrl+Q")) ctx.send(cmd::AskQuit{});
}

/// The width the menu items take across the menu bar (Dear ImGui gives each its label and two and
/// a half item spacings there).
float menu_items_width(ViewContext& ctx) {
    const float pad = ImGui::GetStyle().ItemSpacing.x * 2.5f;
    float w = 0;
    for (const char* key : {"menu.start", "menu.library", "menu.play", "menu.debrief", "menu.trainer",
                            "menu.author", "menu.settings", "menu.quit"})
        w += ImGui::CalcTextSize(ctx.tr(key)).x + pad;
    return w;
}

void draw_menu(ViewContext& ctx) {
    if (!ImGui::BeginMenuBar()) return;
    ImGui::TextUnformatted(ctx.tr("app.title"));
    ImGui::Separator();
    const bool named = !ctx.game.prefs().name.empty();
    const std::string who =
        named ? ctx.fmt("menu.trainee", {{"name", ctx.game.prefs().name}}) : std::string();
    const float who_w =
        named ? ImGui::CalcTextSize(who.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2.0f : 0.0f;
    // When the items and the trainee's name do not fit across (a large scale, a narrow window,
    // longer Finnish words), the items fold into one menu instead of running into each other.
    const bool folded = ImGui::GetCursorPosX() + menu_items_width(ctx) + who_w > ImGui::GetWindowWidth();
    if (folded) {
        if (ImGui::BeginMenu(ctx.tr("menu.more"))) {
            draw_menu_items(ctx, named, true);
            ImGui::EndMenu();
        }
    } else {
        draw_menu_items(ctx, named, false);
    }
    if (named) {
        ImGui::SameLine(ImGui::GetWindowWidth() - who_w);
        ImGui::TextColored(col(ctx.pal.text_dim), "%s", who.c_str());
    }
    ImGui::EndMenuBar();
}

/// "Quit mid-play?": the safe answer, keep playing, has focus; Escape keeps playing too.
void draw_quit_dialog(ViewContext& ctx) {
    const char* id = "###quit";
    if (!ctx.ui.quit_ask) return;
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    const std::string title = std::string(ctx.tr("quit.title")) + id;
    fit_next_modal(ctx, 560.0f);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    const Session* s = ctx.game.session();
    const std::string scenario = s ? s->scenario().title.get(ctx.game.content_lang()) : std::string();
    ImGui::TextWrapped("%s", ctx.fmt("quit.body", {{"title", scenario}}).c_str());
    ImGui::Spacing();
    const bool keep = key_button(ctx, ctx.tr("quit.keep_playing"));
    if (ImGui::IsWindowAppearing()) focus_last_item();
    ImGui::SameLine();
    const bool quit = key_button(ctx, ctx.tr("quit.quit"));
    if (keep || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ctx.send(cmd::CancelQuit{});
        ImGui::CloseCurrentPopup();
    } else if (quit) {
        ctx.send(cmd::Quit{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace

void draw_frame(ViewContext& ctx) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_MenuBar |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground;
    ImGui::Begin("##salesim", nullptr, flags);
    ctx.ui.focused_button.clear();
    draw_menu(ctx);
    switch (ctx.ui.screen) {
        case Screen::Start:
            draw_start(ctx);
            break;
        case Screen::Library:
            draw_library(ctx);
            break;
        case Screen::Play:
            draw_play(ctx);
            break;
        case Screen::Debrief:
            draw_debrief(ctx);
            break;
        case Screen::Trainer:
            // Everyone's results, for the trainer only (commands.cpp asks for the passphrase).
            if (ctx.game.trainer_unlocked()) draw_trainer(ctx);
            break;
        case Screen::Editor:
            draw_editor(ctx);
            break;
    }

    // A scenario that fails to load shows its first diagnostic once, like any other error (the
    // index has it; the library is not parsed for it).
    std::string problems;
    for (const app::ScenarioSummary& e : ctx.game.index().entries())
        if (e.broken) problems += e.problem + "\n";
    if (!ctx.ui.diagnostics_shown && ctx.ui.error.empty() && !problems.empty()) {
        ctx.ui.diagnostics_shown = true;
        ctx.ui.error = ctx.tr("error.library") + std::string("\n\n") + problems;
        ctx.ui.error_shown = false;
    }
    draw_settings(ctx);
    draw_join_class(ctx);
    draw_trainer_lock(ctx);
    draw_quit_dialog(ctx);
    draw_error_dialog(ctx);
    // A screen that wanted focus on its first control has had it (a dialog keeps the request).
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) ctx.ui.refocus = false;
    handle_tab();
    ImGui::End();
}

}  // namespace salesim::window
