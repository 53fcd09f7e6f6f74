// The layout audit: text runs rebuilt from the glyph quads Dear ImGui drew, checked against their
// clip rectangles and against each other.
#include "window/layout_audit.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace salesim::window {

namespace {

std::uint64_t uv_key(float u, float v) {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::memcpy(&a, &u, sizeof a);
    std::memcpy(&b, &v, sizeof b);
    return (std::uint64_t{a} << 32) | b;
}

/// Every glyph of the atlas by the texture coordinates of its top-left and of its bottom-right
/// corner: a glyph cut on the CPU keeps one of the two.
struct GlyphIndex {
    std::unordered_map<std::uint64_t, const ImFontGlyph*> by_top_left;
    std::unordered_map<std::uint64_t, const ImFontGlyph*> by_bottom_right;
};

GlyphIndex index_glyphs() {
    GlyphIndex ix;
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts) {
        for (const ImFontGlyph& g : font->Glyphs) {
            if (g.Visible == 0) continue;
            ix.by_top_left.emplace(uv_key(g.U0, g.V0), &g);
            ix.by_bottom_right.emplace(uv_key(g.U1, g.V1), &g);
        }
    }
    return ix;
}

struct Quad {
    ImRect box;
    ImRect clip;
    unsigned codepoint = 0;
    bool cut_x = false;  ///< trimmed on the CPU sideways
    bool cut_y = false;  ///< trimmed on the CPU at the top or bottom
};

struct Run {
    ImRect box;
    ImRect clip;
    std::string text;
    bool clipped_x = false;
    bool clipped_y = false;
};

void append_utf8(std::string& out, unsigned c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

/// The glyph quads of a draw list in drawing order. A glyph is two triangles over four vertices
/// (a, a+1, a+2, a, a+2, a+3) whose texture corner is a glyph's; anything else is skipped by
/// whole triangles.
std::vector<Quad> glyph_quads(const ImDrawList& dl, const GlyphIndex& ix) {
    std::vector<Quad> out;
    const ImTextureID font_tex = ImGui::GetIO().Fonts->TexID;
    constexpr float eps = 1e-6f;
    for (const ImDrawCmd& cmd : dl.CmdBuffer) {
        if (cmd.UserCallback != nullptr || cmd.TextureId != font_tex) continue;
        const ImDrawIdx* idx = dl.IdxBuffer.Data + cmd.IdxOffset;
        const ImDrawVert* vtx = dl.VtxBuffer.Data + cmd.VtxOffset;
        const ImRect clip(cmd.ClipRect.x, cmd.ClipRect.y, cmd.ClipRect.z, cmd.ClipRect.w);
        for (unsigned i = 0; i + 3 <= cmd.ElemCount;) {
            const unsigned a = idx[i];
            const bool quad = i + 6 <= cmd.ElemCount && idx[i + 1] == a + 1 && idx[i + 2] == a + 2 &&
                              idx[i + 3] == a && idx[i + 4] == a + 2 && idx[i + 5] == a + 3;
            if (!quad) {
                i += 3;
                continue;
            }
            const ImDrawVert& tl = vtx[a];
            const ImDrawVert& br = vtx[a + 2];
            const ImFontGlyph* g = nullptr;
            if (auto it = ix.by_top_left.find(uv_key(tl.uv.x, tl.uv.y)); it != ix.by_top_left.end())
                g = it->second;
            else if (auto jt = ix.by_bottom_right.find(uv_key(br.uv.x, br.uv.y));
                     jt != ix.by_bottom_right.end())
                g = jt->second;
            const bool axis_aligned = vtx[a + 1].pos.y == tl.pos.y && vtx[a + 3].pos.x == tl.pos.x &&
                                      br.pos.x > tl.pos.x && br.pos.y > tl.pos.y;
            if (g == nullptr || !axis_aligned) {
                i += 3;
                continue;
            }
            Quad q;
            q.box = ImRect(tl.pos, br.pos);
            q.clip = clip;
            q.codepoint = g->Codepoint;
            // Cut on the CPU: the part of the glyph's texture left out, in pixels. A pixel or so is
            // the glyph's padding, not ink.
            const auto trimmed = [](float kept_uv, float full_uv, float kept_px) {
                if (kept_uv <= eps || full_uv <= eps) return 0.0f;
                return kept_px * (full_uv / kept_uv) - kept_px;
            };
            q.cut_x = trimmed(br.uv.x - tl.uv.x, g->U1 - g->U0, br.pos.x - tl.pos.x) > 1.5f;
            q.cut_y = trimmed(br.uv.y - tl.uv.y, g->V1 - g->V0, br.pos.y - tl.pos.y) > 1.5f;
            out.push_back(q);
            i += 6;
        }
    }
    return out;
}

bool same_rect(const ImRect& a, const ImRect& b) {
    return a.Min.x == b.Min.x && a.Min.y == b.Min.y && a.Max.x == b.Max.x && a.Max.y == b.Max.y;
}

/// The items of the current frame whose text may be cut (see allow_clipped_item).
struct AllowedClips {
    int frame = -1;
    std::vector<ImRect> rects;
};

AllowedClips& allowed_clips() {
    static AllowedClips clips;
    return clips;
}

bool allowed(const ImRect& box) {
    const AllowedClips& a = allowed_clips();
    if (a.frame != ImGui::GetFrameCount()) return false;
    return std::any_of(a.rects.begin(), a.rects.end(),
                       [&](const ImRect& r) { return r.Contains(box.GetCenter()); });
}

/// Glyphs that follow each other on one line, in one clip rectangle, make a run; a glyph that
/// starts back over the previous one, or far after it, or on another line starts a new run.
std::vector<Run> text_runs(const std::vector<Quad>& quads, float em) {
    std::vector<Run> runs;
    const Quad* prev = nullptr;
    for (const Quad& q : quads) {
        bool joins = false;
        if (prev != nullptr && same_rect(prev->clip, q.clip)) {
            const Run& r = runs.back();
            const float overlap_y = std::min(r.box.Max.y, q.box.Max.y) - std::max(r.box.Min.y, q.box.Min.y);
            const float gap = q.box.Min.x - prev->box.Max.x;
            joins = overlap_y >= 0.3f * q.box.GetHeight() && gap >= -0.3f * em && gap <= 1.2f * em;
        }
        if (!joins) {
            Run r;
            r.box = q.box;
            r.clip = q.clip;
            runs.push_back(r);
        } else {
            if (q.box.Min.x - prev->box.Max.x > 0.2f * em) runs.back().text += ' ';
            runs.back().box.Add(q.box);
        }
        Run& r = runs.back();
        append_utf8(r.text, q.codepoint);
        const float tol = 1.5f;  // the glyph's padding
        if (allowed(q.box)) {
            prev = &q;
            continue;
        }
        r.clipped_x =
            r.clipped_x || q.cut_x || q.box.Min.x < q.clip.Min.x - tol || q.box.Max.x > q.clip.Max.x + tol;
        r.clipped_y =
            r.clipped_y || q.cut_y || q.box.Min.y < q.clip.Min.y - tol || q.box.Max.y > q.clip.Max.y + tol;
        prev = &q;
    }
    return runs;
}

bool scrolls(const ImGuiWindow* w, bool vertical) {
    for (; w != nullptr; w = w->ParentWindow) {
        if (vertical ? w->ScrollbarY : w->ScrollbarX) return true;
        if ((w->Flags & ImGuiWindowFlags_ChildWindow) == 0) break;
    }
    return false;
}

std::string rect_text(const ImRect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.0f,%.0f %.0fx%.0f]", static_cast<double>(r.Min.x),
                  static_cast<double>(r.Min.y), static_cast<double>(r.GetWidth()),
                  static_cast<double>(r.GetHeight()));
    return buf;
}

std::string quoted(const std::string& s) {
    constexpr std::size_t most = 60;
    return "\"" + (s.size() > most ? s.substr(0, most) + "..." : s) + "\"";
}

}  // namespace

std::vector<LayoutProblem> audit_layout() {
    std::vector<LayoutProblem> problems;
    const ImGuiContext& g = *GImGui;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const GlyphIndex ix = index_glyphs();
    const float em = ImGui::GetIO().Fonts->Fonts.empty() ? 16.0f : ImGui::GetIO().Fonts->Fonts[0]->FontSize;
    for (const ImGuiWindow* w : g.Windows) {
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_Tooltip) != 0) continue;
        const std::string name = w->Name;
        const bool child = (w->Flags & ImGuiWindowFlags_ChildWindow) != 0;
        if (!child) {
            const ImRect r(w->Pos, ImVec2(w->Pos.x + w->Size.x, w->Pos.y + w->Size.y));
            if (r.Min.x < -1 || r.Min.y < -1 || r.Max.x > display.x + 1 || r.Max.y > display.y + 1)
                problems.push_back({"off-screen", name, rect_text(r)});
        }
        if (w->ScrollMax.y > 0.5f && !w->ScrollbarY && (w->Flags & ImGuiWindowFlags_NoScrollbar) != 0 &&
            (w->Flags & ImGuiWindowFlags_AlwaysAutoResize) == 0)
            problems.push_back({"clipped", name, "content below the window with no scroll bar"});
        if (w->DrawList == nullptr) continue;
        const std::vector<Run> runs = text_runs(glyph_quads(*w->DrawList, ix), em);
        const bool can_scroll_y = scrolls(w, true);
        const bool can_scroll_x = scrolls(w, false);
        for (const Run& r : runs) {
            if (((r.clipped_x && !can_scroll_x) || (r.clipped_y && !can_scroll_y)))
                problems.push_back(
                    {"clipped", name, quoted(r.text) + " " + rect_text(r.box) + " in " + rect_text(r.clip)});
        }
        for (std::size_t i = 0; i < runs.size(); ++i) {
            ImRect a = runs[i].box;
            a.ClipWithFull(runs[i].clip);
            for (std::size_t j = i + 1; j < runs.size(); ++j) {
                ImRect b = runs[j].box;
                b.ClipWithFull(runs[j].clip);
                const float ow = std::min(a.Max.x, b.Max.x) - std::max(a.Min.x, b.Min.x);
                const float oh = std::min(a.Max.y, b.Max.y) - std::max(a.Min.y, b.Min.y);
                if (ow > 0.25f * em && oh > 0.3f * std::min(a.GetHeight(), b.GetHeight()))
                    problems.push_back({"overlap", name,
                                        quoted(runs[i].text) + " " + rect_text(a) + " and " +
                                            quoted(runs[j].text) + " " + rect_text(b)});
            }
        }
    }
    return problems;
}

void allow_clipped_item() {
    AllowedClips& a = allowed_clips();
    if (a.frame != ImGui::GetFrameCount()) {
        a.frame = ImGui::GetFrameCount();
        a.rects.clear();
    }
    a.rects.emplace_back(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

}  // namespace salesim::window
