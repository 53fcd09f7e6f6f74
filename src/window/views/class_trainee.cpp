// A trainee's side of a live class: the "Join a class" form, and the banner over the play screen that
// says where the class stands (discussing, waiting for the trainer, ended, the server away).
#include "window/views/views.hpp"

#include "window/model/option_keys.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

namespace salesim::window {

namespace {

using classroom::ClassTurn;

/// A full-width coloured box of wrapped text, as the what-if banner is drawn.
void banner(const std::string& text, Rgba fill, Rgba ink) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, w - pad.x * 2.0f);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b(a.x + w, a.y + size.y + pad.y * 2.0f);
    ImGui::GetWindowDrawList()->AddRectFilled(a, b, col32(fill), ImGui::GetStyle().FrameRounding);
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad.x, a.y + pad.y));
    ImGui::PushStyleColor(ImGuiCol_Text, col(ink));
    ImGui::PushTextWrapPos(a.x + w - pad.x - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y + ImGui::GetStyle().ItemSpacing.y));
    ImGui::Dummy(ImVec2(w, 0));
}

}  // namespace

void draw_join_class(ViewContext& ctx) {
    JoinForm& f = ctx.ui.join;
    const char* id = "###join_class";
    if (!f.open) return;
    if (!begin_form_modal(ctx, id, "class.join.title", 560.0f)) return;
    const float w = ImGui::GetContentRegionAvail().x;
    text_dim_wrapped(ctx, ctx.tr("class.join.intro"));
    ImGui::Spacing();
    // Enter in any field joins, as a keyboard user expects.
    constexpr ImGuiInputTextFlags enter = ImGuiInputTextFlags_EnterReturnsTrue;
    ImGui::TextUnformatted(ctx.tr("class.join.address"));
    ImGui::SetNextItemWidth(w);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    bool entered = ImGui::InputTextWithHint("##class_address", "192.168.1.20:8765", &f.address, enter);
    ImGui::TextUnformatted(ctx.tr("class.join.code"));
    ImGui::SetNextItemWidth(w * 0.5f);
    entered = ImGui::InputTextWithHint("##class_code", "K7QM-3XPA", &f.code,
                                       enter | ImGuiInputTextFlags_CharsUppercase) ||
              entered;
    ImGui::TextUnformatted(ctx.tr("class.join.name"));
    ImGui::SetNextItemWidth(w);
    entered = ImGui::InputText("##class_name", &f.name, enter) || entered;
    text_dim_wrapped(ctx, ctx.tr("class.join.name_help"));
    if (!f.error.empty()) {
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", f.error.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    const auto filled = [](const std::string& s) { return s.find_first_not_of(" \t") != std::string::npos; };
    const bool ok = filled(f.address) && filled(f.code) && filled(f.name);
    if (!ok) ImGui::BeginDisabled();
    if (key_button(ctx, ctx.tr("class.join.join")) || (entered && ok)) ctx.send(cmd::JoinClass{});
    if (!ok) ImGui::EndDisabled();
    ImGui::SameLine();
    if (key_button(ctx, ctx.tr("class.join.cancel")) ||
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        ctx.send(cmd::CloseJoinClass{});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

bool draw_class_banner(ViewContext& ctx) {
    const JoinedClass* c = ctx.game.joined_class();
    if (c == nullptr) return false;
    const ClassTurn turn = ctx.game.class_turn();
    const classroom::JoinInfo& info = c->play.info();
    // Who and where, with the way out.
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(
        col(ctx.pal.text_dim), "%s",
        ctx.fmt("class.play.in_class",
                {{"name", info.name}, {"number", std::to_string(info.number)}, {"address", c->client.base()}})
            .c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(ctx.tr("class.play.leave"))) ctx.send(cmd::LeaveClass{});
    if (c->play.offline()) {
        ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.bad));
        ImGui::TextWrapped("%s", ctx.tr("class.play.offline"));
        ImGui::PopStyleColor();
    }
    switch (turn) {
        case ClassTurn::Vote:
            banner(ctx.tr("class.play.discussing"), ctx.pal.accent, ctx.pal.accent_text);
            return false;
        case ClassTurn::Waiting: {
            std::string text = ctx.tr("class.play.waiting");
            if (const auto v = c->play.vote_cast())
                text += "\n" + ctx.fmt("class.play.your_vote", {{"key", option_key_label(*v)}});
            banner(text, ctx.pal.accent, ctx.pal.accent_text);
            return true;
        }
        case ClassTurn::Ended:
        case ClassTurn::Removed: {
            banner(ctx.tr(turn == ClassTurn::Ended ? "class.play.ended" : "class.play.removed"),
                   ctx.pal.accent, ctx.pal.accent_text);
            const Session* s = ctx.game.session();
            if (s && !s->decisions().empty()) {
                if (ImGui::Button(ctx.tr("class.play.debrief"))) ctx.send(cmd::GoTo{Screen::Debrief});
                ImGui::SameLine();
            }
            if (ImGui::Button(ctx.tr("class.play.back"))) ctx.send(cmd::LeaveClass{});
            return true;
        }
        case ClassTurn::Decide:
        case ClassTurn::Released:
        case ClassTurn::Finished:
            return false;
    }
    return false;
}

}  // namespace salesim::window
