// Small drawing helpers shared by the panels: colours, meters, the stage bar and display names.
#include "window/views/views.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace salesim::window {

ImVec4 col(Rgba c) {
    return ImVec4(c.r, c.g, c.b, c.a);
}

ImU32 col32(Rgba c) {
    return ImGui::ColorConvertFloat4ToU32(col(c));
}

float meter_label_width(std::initializer_list<const char*> labels, float width) {
    float widest = 0;
    for (const char* l : labels) widest = std::max(widest, ImGui::CalcTextSize(l).x);
    widest += ImGui::GetStyle().ItemSpacing.x;
    return widest > width * 0.45f ? 0.0f : std::max(widest, width * 0.34f);
}

void draw_meter(const ViewContext& ctx, const char* label, int value, float width, float label_w) {
    const float number_w = ImGui::CalcTextSize("100").x + ImGui::GetStyle().ItemSpacing.x;
    // The label sits left of the bar when it fits in a third of the width, else on a line of its own.
    if (label_w < 0) {
        label_w = width * 0.34f;
        if (ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemSpacing.x > label_w) label_w = 0;
    }
    const ImVec2 line_start = ImGui::GetCursorScreenPos();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    if (label_w > 0) {
        // From where this line starts, so the meters line up in a column or group as well.
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(ImVec2(line_start.x + label_w, ImGui::GetCursorScreenPos().y));
    }
    const float bar_w = std::max(20.0f, width - label_w - number_w);
    const float h = ImGui::GetFrameHeight() * 0.6f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float y = p.y + (ImGui::GetFrameHeight() - h) * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float rounding = h * 0.3f;
    dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + bar_w, y + h), col32(ctx.pal.frame_bg), rounding);
    const float frac = static_cast<float>(std::clamp(value, 0, 100)) / 100.0f;
    if (frac > 0)
        dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + bar_w * frac, y + h), col32(ctx.pal.accent), rounding);
    dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + bar_w, y + h), col32(ctx.pal.border), rounding);
    ImGui::Dummy(ImVec2(bar_w, ImGui::GetFrameHeight()));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %d / 100", label, value);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%3d", value);
}

void text_dim_wrapped(const ViewContext& ctx, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, col(ctx.pal.text_dim));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

namespace {

/// The controls Tab moves between, in the order drawn this frame. Dear ImGui 1.86 tabs between
/// text fields only, so buttons keep their own ring.
struct TabStops {
    std::vector<std::pair<ImGuiID, ImGuiWindow*>> drawn;
    ImGuiID focus_next = 0;  ///< focus this control when it is drawn next
};

TabStops& tab_stops() {
    static TabStops stops;
    return stops;
}

}  // namespace

void tab_stop() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiID id = g.LastItemData.ID;
    if (id == 0) return;
    TabStops& t = tab_stops();
    t.drawn.emplace_back(id, ImGui::GetCurrentWindow());
    if (t.focus_next == id) {
        t.focus_next = 0;
        focus_last_item();
        ImGui::ScrollToItem();
        // A text field reached with Tab takes typing at once, as in any form.
        if ((g.LastItemData.InFlags & ImGuiItemFlags_Inputable) != 0) ImGui::ActivateItem(id);
    }
}

void handle_tab() {
    TabStops& t = tab_stops();
    ImGuiContext& g = *ImGui::GetCurrentContext();
    // Tab in a text field of the ring goes on along the ring (the field is left as typed); in any
    // other text field it is Dear ImGui's.
    const bool in_ring_field =
        g.ActiveId != 0 &&
        std::any_of(t.drawn.begin(), t.drawn.end(), [&](const auto& d) { return d.first == g.ActiveId; });
    const bool tab = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab)) &&
                     (!ImGui::GetIO().WantTextInput || in_ring_field) && !ImGui::GetIO().KeyCtrl &&
                     !ImGui::GetIO().KeyAlt;
    if (tab && g.NavWindow != nullptr) {
        // Only the controls of the window in front (a dialog's, when one is open).
        std::vector<ImGuiID> ring;
        for (const auto& [id, window] : t.drawn) {
            if (window->RootWindow == g.NavWindow->RootWindow) ring.push_back(id);
        }
        const ImGuiID from = in_ring_field ? g.ActiveId : g.NavId;
        if (in_ring_field) ImGui::ClearActiveID();
        if (!ring.empty()) {
            const auto at = std::find(ring.begin(), ring.end(), from);
            const bool back = ImGui::GetIO().KeyShift;
            std::size_t next = back ? ring.size() - 1 : 0;
            if (at != ring.end()) {
                const auto i = static_cast<std::size_t>(at - ring.begin());
                next = back ? (i + ring.size() - 1) % ring.size() : (i + 1) % ring.size();
            }
            t.focus_next = ring[next];
        }
    }
    t.drawn.clear();
}

void focus_last_item() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    if (g.LastItemData.ID == 0) return;
    // SetKeyboardFocusHere() of Dear ImGui 1.86 reaches text fields only; navigation's own focus
    // reaches any item. The highlight is shown even when the mouse was used last.
    ImGui::FocusWindow(w);
    ImGui::SetFocusID(g.LastItemData.ID, w);
    // A window that appeared this frame asked for its first item; that must not win next frame.
    g.NavInitRequest = false;
    g.NavInitResultId = 0;
    g.NavDisableHighlight = false;
}

bool focus_ring(const ViewContext& ctx) {
    if (!ImGui::IsItemFocused()) return false;
    // Drawn whatever the mouse did last, in the text colour, which stands out on every theme.
    const float pad = 2.0f * ctx.scale;
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - pad, a.y - pad), ImVec2(b.x + pad, b.y + pad),
                                        col32(ctx.pal.text), ImGui::GetStyle().FrameRounding + pad, 0,
                                        2.0f * ctx.scale);
    return true;
}

bool last_item_fully_visible() {
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    return w->ClipRect.Contains(ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
}

bool pressed_by_key(const ViewContext& ctx) {
    if (!ImGui::IsItemFocused()) return false;
    return std::any_of(ctx.ui.keys.begin(), ctx.ui.keys.end(), [](char k) { return k == '\n' || k == ' '; });
}

bool key_button(const ViewContext& ctx, const char* label, ImVec2 size) {
    bool pressed = ImGui::Button(label, size);
    tab_stop();
    pressed = pressed_by_key(ctx) || pressed;
    if (focus_ring(ctx)) ctx.ui.focused_button = label;
    return pressed;
}

bool wants_focus(const ViewContext& ctx) {
    return ctx.ui.refocus && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup);
}

void draw_stage_bar(const ViewContext& ctx, const Scenario& s, std::optional<Stage> current, bool finished) {
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = 4.0f * ctx.scale;
    const float w = (avail - gap * 6.0f) / 7.0f;
    const float h = ImGui::GetTextLineHeight() * 2.0f + ImGui::GetStyle().FramePadding.y * 2.0f;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const Stage st : all_stages) {
        const int i = stage_number(st) - 1;
        const ImVec2 a(origin.x + static_cast<float>(i) * (w + gap), origin.y);
        const ImVec2 b(a.x + w, a.y + h);
        const bool present = s.has_stage(st);
        const bool now = !finished && current && *current == st;
        const bool done = present && current &&
                          (finished ? stage_number(st) <= stage_number(*current)
                                    : stage_number(st) < stage_number(*current));
        Rgba fill = present ? ctx.pal.stage_todo : ctx.pal.stage_absent;
        Rgba text = present ? ctx.pal.text : ctx.pal.text_dim;
        if (done) fill = ctx.pal.stage_done;
        if (now) {
            fill = ctx.pal.accent;
            text = ctx.pal.accent_text;
        }
        dl->AddRectFilled(a, b, col32(fill), 4.0f * ctx.scale);
        dl->AddRect(a, b, col32(now ? ctx.pal.text : ctx.pal.border), 4.0f * ctx.scale, 0, now ? 2.0f : 1.0f);
        const std::string number =
            std::to_string(i + 1) + (done ? std::string("  ") + ctx.tr("mark.done") : "");
        const char* name = stage_short(ctx, st);
        const float pad = ImGui::GetStyle().FramePadding.x;
        // A name too long for its box is drawn smaller rather than cut off (Finnish at 200 %).
        const float font_px = ImGui::GetFontSize();
        const float name_w = ImGui::CalcTextSize(name).x;
        const float name_px = name_w > w - 2.0f * pad ? font_px * (w - 2.0f * pad) / name_w : font_px;
        const float top = a.y + ImGui::GetStyle().FramePadding.y;
        dl->PushClipRect(a, b, true);
        dl->AddText(ImVec2(a.x + pad, top), col32(text), number.c_str());
        dl->AddText(ImGui::GetFont(), name_px,
                    ImVec2(a.x + pad, top + ImGui::GetTextLineHeight() + (font_px - name_px) * 0.5f),
                    col32(text), name);
        dl->PopClipRect();
        ImGui::SetCursorScreenPos(a);
        ImGui::PushID(i);
        ImGui::InvisibleButton("##stage", ImVec2(w, h));
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%d. %s%s", i + 1, stage_name(ctx, st),
                              present ? "" : ctx.tr("play.stage_absent"));
        }
        ImGui::PopID();
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + h));
    ImGui::Dummy(ImVec2(avail, ImGui::GetStyle().ItemSpacing.y));
}

const char* stage_name(const ViewContext& ctx, Stage s) {
    return ctx.tr("stage." + std::string(to_string(s)));
}

const char* stage_short(const ViewContext& ctx, Stage s) {
    return ctx.tr("stage_short." + std::string(to_string(s)));
}

const char* outcome_name(const ViewContext& ctx, Outcome o) {
    return ctx.tr("outcome." + std::string(to_string(o)));
}

const char* verdict_name(const ViewContext& ctx, Verdict v) {
    return ctx.tr("verdict." + std::string(to_string(v)));
}

std::string competency_name(const ViewContext& ctx, const std::string& id) {
    const std::string key = "competency." + id;
    if (const StringTable* t = ctx.game.strings().table(ctx.game.strings().lang()); t && t->find(key)) {
        return ctx.tr(key);
    }
    // A competency a scenario invented: show its id readably rather than a raw key.
    std::string out = id;
    std::replace(out.begin(), out.end(), '_', ' ');
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

std::string move_name(const ViewContext& ctx, const Scenario& s, const std::string& move) {
    if (s.rules) {
        if (const MoveInfo* m = s.rules->find_move(move)) return m->name.get(ctx.game.content_lang());
    }
    return move;
}

void fit_next_modal(const ViewContext& ctx, float width) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, width * ctx.scale), 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x, vp->WorkSize.y * 0.95f));
}

bool begin_form_modal(const ViewContext& ctx, const char* id, const char* title_key, float width) {
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    const std::string title = std::string(ctx.tr(title_key)) + id;
    fit_next_modal(ctx, width);
    return ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings);
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

void same_line_if_fits(float next_width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + next_width <= right) ImGui::SameLine();
}

}  // namespace salesim::window
