// The trainer passphrase dialog (set on first use, asked before the trainer's tools, changed from the
// settings) and the Trainer view's Lock button.
#include "window/views/views.hpp"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <vector>

namespace salesim::window {

namespace {

/// Dear ImGui keeps its own copy of the text being edited, and its undo history: once a passphrase
/// has been sent, those are zeroed too (the model wipes the form's own fields).
void forget_typed_text() {
    ImGui::ClearActiveID();
    ImGuiInputTextState& s = GImGui->InputTextState;
    std::fill(s.TextW.begin(), s.TextW.end(), ImWchar(0));
    std::fill(s.TextA.begin(), s.TextA.end(), '\0');
    std::fill(s.InitialTextA.begin(), s.InitialTextA.end(), '\0');
    s.Stb = ImStb::STB_TexteditState{};
    s.ClearFreeMemory();
}

/// The model closed the dialog (the passphrase was right): Dear ImGui's popup closes too, so it
/// leaves no modal behind that would keep the window from the mouse.
void close_popup(const char* id) {
    ImGuiContext& g = *GImGui;
    const ImGuiID popup = ImGui::GetID(id);
    for (int n = 0; n < g.OpenPopupStack.Size; ++n) {
        if (g.OpenPopupStack[n].PopupId == popup) {
            ImGui::ClosePopupToLevel(n, true);
            return;
        }
    }
}

}  // namespace

void draw_trainer_lock(ViewContext& ctx) {
    LockForm& f = ctx.ui.lock;
    const char* id = "###trainer_lock";
    if (!f.open) {
        close_popup(id);
        return;
    }
    using Kind = LockForm::Kind;
    const char* title = f.kind == Kind::Set      ? "trainer_lock.set_title"
                        : f.kind == Kind::Change ? "trainer_lock.change_title"
                                                 : "trainer_lock.title";
    if (!begin_form_modal(ctx, id, title, 560.0f)) return;
    const float w = ImGui::GetContentRegionAvail().x;
    text_dim_wrapped(ctx, ctx.fmt(f.kind == Kind::Set      ? "trainer_lock.set_intro"
                                  : f.kind == Kind::Change ? "trainer_lock.change_intro"
                                                           : "trainer_lock.intro",
                                  {{"min", std::to_string(app::min_passphrase_chars)}}));
    ImGui::Spacing();

    // Enter in a field goes on to the next one, and in the last one sends the form.
    struct Field {
        const char* id;
        const char* label_key;
        std::string* text;
    };
    std::vector<Field> fields;
    if (f.kind == Kind::Change)
        fields.push_back({"##lock_old", "trainer_lock.old_passphrase", &f.old_passphrase});
    fields.push_back({"##lock_passphrase",
                      f.kind == Kind::Unlock ? "trainer_lock.passphrase" : "trainer_lock.new_passphrase",
                      &f.passphrase});
    if (f.kind != Kind::Unlock) fields.push_back({"##lock_repeat", "trainer_lock.repeat", &f.repeat});
    if (ImGui::IsWindowAppearing()) f.focus = 0;
    bool submit = false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        ImGui::TextUnformatted(ctx.tr(fields[i].label_key));
        ImGui::SetNextItemWidth(w);
        if (f.focus == static_cast<int>(i)) {
            ImGui::SetKeyboardFocusHere();
            f.focus = -1;
        }
        if (ImGui::InputText(fields[i].id, fields[i].text,
                             ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue)) {
            if (i + 1 < fields.size())
                f.focus = static_cast<int>(i + 1);
            else
                submit = true;
        }
    }
    if (!f.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", f.error.c_str());
        ImGui::PopStyleColor();
    }
    if (f.kind == Kind::Unlock) text_dim_wrapped(ctx, ctx.tr("trainer_lock.forgotten"));
    ImGui::Spacing();
    const char* ok = f.kind == Kind::Set      ? "trainer_lock.set"
                     : f.kind == Kind::Change ? "trainer_lock.change"
                                              : "trainer_lock.unlock";
    submit = key_button(ctx, ctx.tr(ok)) || submit;
    ImGui::SameLine();
    const bool cancel = key_button(ctx, ctx.tr("trainer_lock.cancel")) ||
                        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (submit || cancel) {
        ctx.send(submit ? Command{cmd::SubmitPassphrase{}} : Command{cmd::CancelPassphrase{}});
        forget_typed_text();
    }
    // The dialog closes when the model says it is done; a wrong passphrase keeps it open.
    if (cancel) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void draw_lock_button(ViewContext& ctx) {
    const char* label = ctx.tr("trainer_lock.lock");
    const float right = ImGui::GetWindowContentRegionMax().x - button_width(label);
    ImGui::SameLine(std::max(right, ImGui::GetCursorPosX()));
    if (key_button(ctx, label)) ctx.send(cmd::LockTrainer{});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ctx.tr("trainer_lock.lock_tip"));
}

}  // namespace salesim::window
