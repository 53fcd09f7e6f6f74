// The start screen's profile picker: the trainees in the results store, and a form for a new one.
#include "window/views/views.hpp"

#include <imgui_stdlib.h>

#include <algorithm>

namespace salesim::window {

namespace {

bool blank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
}

void draw_new_profile(ViewContext& ctx, const std::vector<results::Trainee>& trainees, float width) {
    ProfileDraft& d = ctx.ui.profile;
    ImGui::TextUnformatted(ctx.tr("profile.new"));
    ImGui::TextUnformatted(ctx.tr("profile.name"));
    ImGui::SetNextItemWidth(width * 0.7f);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    // Enter in any field creates the profile (when it can be created), as a keyboard user expects.
    constexpr ImGuiInputTextFlags enter = ImGuiInputTextFlags_EnterReturnsTrue;
    bool entered = ImGui::InputTextWithHint("##profile_name", ctx.tr("profile.name_hint"), &d.name, enter);
    ImGui::TextWrapped("%s", ctx.tr("profile.external_id"));
    ImGui::SetNextItemWidth(width * 0.7f);
    entered = ImGui::InputText("##profile_external", &d.external_id, enter) || entered;
    ImGui::TextWrapped("%s", ctx.tr("profile.email"));
    ImGui::SetNextItemWidth(width * 0.7f);
    entered = ImGui::InputText("##profile_email", &d.email, enter) || entered;

    const bool taken = std::any_of(trainees.begin(), trainees.end(),
                                   [&](const results::Trainee& t) { return t.name == d.name; });
    const bool bad_email = !d.email.empty() && d.email.find('@') == std::string::npos;
    const bool ok = !blank(d.name) && !taken && !bad_email;
    if (!ok) ImGui::BeginDisabled();
    if (ImGui::Button(ctx.tr("profile.create")) || (entered && ok)) ctx.send(cmd::CreateProfile{});
    if (!ok) ImGui::EndDisabled();
    if (!trainees.empty()) {
        ImGui::SameLine();
        if (ImGui::Button(ctx.tr("profile.cancel"))) d = ProfileDraft{};
    }
    if (taken) text_dim_wrapped(ctx, ctx.tr("profile.name_taken"));
    if (bad_email) text_dim_wrapped(ctx, ctx.tr("profile.email_invalid"));
}

void draw_pick(ViewContext& ctx, const std::vector<results::Trainee>& trainees, float width) {
    UiState& ui = ctx.ui;
    ImGui::TextUnformatted(ctx.tr("profile.pick"));
    const float rows = static_cast<float>(std::clamp<std::size_t>(trainees.size(), 3, 8));
    bool chosen = false;
    if (ImGui::BeginListBox("##profiles",
                            ImVec2(width * 0.7f, rows * ImGui::GetTextLineHeightWithSpacing() +
                                                     ImGui::GetStyle().FramePadding.y * 2.0f))) {
        for (const results::Trainee& t : trainees) {
            std::string label = t.name;
            if (!t.external_id.empty() || !t.email.empty()) {
                label += "  (" + ctx.fmt("profile.ids", {{"id", t.external_id}, {"email", t.email}}) + ")";
            }
            ImGui::PushID(static_cast<int>(t.id));
            if (ImGui::Selectable(label.c_str(), ui.name_edit == t.name,
                                  ImGuiSelectableFlags_AllowDoubleClick)) {
                ui.name_edit = t.name;
                chosen = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
            }
            ImGui::PopID();
        }
        ImGui::EndListBox();
    }
    const bool known = std::any_of(trainees.begin(), trainees.end(),
                                   [&](const results::Trainee& t) { return t.name == ui.name_edit; });
    if (!known) ImGui::BeginDisabled();
    const std::string label = known ? ctx.fmt("profile.continue_as", {{"name", ui.name_edit}})
                                    : std::string(ctx.tr("start.continue"));
    if (ImGui::Button(label.c_str()) || (chosen && known)) {
        ctx.send(cmd::PickProfile{ui.name_edit});
    }
    if (!known) ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(ctx.tr("profile.new"))) ui.profile.open = true;
}

}  // namespace

bool draw_profiles(ViewContext& ctx) {
    const WindowResults& res = ctx.game.results();
    if (!res.available()) return false;
    const std::vector<results::Trainee> trainees = res.trainees();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted(ctx.tr("profile.title"));
    ImGui::Spacing();
    if (trainees.empty() || ctx.ui.profile.open) {
        if (trainees.empty()) text_dim_wrapped(ctx, ctx.tr("profile.none"));
        draw_new_profile(ctx, trainees, width);
    } else {
        draw_pick(ctx, trainees, width);
    }
    return true;
}

}  // namespace salesim::window
