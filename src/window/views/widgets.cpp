// Small drawing helpers shared by the panels: colours, meters, the stage bar and display names.
#include "window/views/views.hpp"

#include <algorithm>
#include <initializer_list>
#include <string>

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

}  // namespace salesim::window
