// ImGui style from a palette, and the font atlas built for the current scale and glyphs.
#include "window/views/style.hpp"

#include "window/views/views.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

namespace salesim::window {

void apply_style(const Palette& p, float scale) {
    ImGuiStyle s;
    if (relative_luminance(p.window_bg) > 0.5) {
        ImGui::StyleColorsLight(&s);
    } else {
        ImGui::StyleColorsDark(&s);
    }
    s.WindowRounding = 0;
    s.ChildRounding = 4;
    s.FrameRounding = 4;
    s.PopupRounding = 4;
    s.GrabRounding = 4;
    s.WindowPadding = ImVec2(10, 10);
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(8, 6);
    s.WindowBorderSize = p.border_size;
    s.ChildBorderSize = std::max(1.0f, p.border_size);
    s.PopupBorderSize = std::max(1.0f, p.border_size);
    s.FrameBorderSize = p.border_size;

    ImVec4* c = s.Colors;
    c[ImGuiCol_Text] = col(p.text);
    c[ImGuiCol_TextDisabled] = col(p.text_dim);
    c[ImGuiCol_WindowBg] = col(p.window_bg);
    // Panels show the window through (ImGui skips fully transparent fills): one full-screen pass
    // less per frame under software rendering; their borders keep them apart.
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = col(p.popup_bg);
    c[ImGuiCol_MenuBarBg] = col(p.child_bg);
    c[ImGuiCol_Border] = col(p.border);
    c[ImGuiCol_FrameBg] = col(p.frame_bg);
    c[ImGuiCol_FrameBgHovered] = col(p.frame_hover);
    c[ImGuiCol_FrameBgActive] = col(p.frame_active);
    c[ImGuiCol_Button] = col(p.button);
    c[ImGuiCol_ButtonHovered] = col(p.button_hover);
    c[ImGuiCol_ButtonActive] = col(p.button_active);
    c[ImGuiCol_Header] = col(p.header);
    c[ImGuiCol_HeaderHovered] = col(p.header_hover);
    c[ImGuiCol_HeaderActive] = col(p.header_active);
    c[ImGuiCol_CheckMark] = col(p.accent);
    c[ImGuiCol_SliderGrab] = col(p.accent);
    c[ImGuiCol_SliderGrabActive] = col(p.accent);
    c[ImGuiCol_PlotHistogram] = col(p.accent);
    c[ImGuiCol_NavHighlight] = col(p.accent);
    c[ImGuiCol_TableHeaderBg] = col(p.frame_bg);
    c[ImGuiCol_TableBorderStrong] = col(p.border);
    c[ImGuiCol_TableBorderLight] = col(p.border);
    c[ImGuiCol_TableRowBg] = col(p.child_bg);
    c[ImGuiCol_TableRowBgAlt] = col(p.window_bg);
    c[ImGuiCol_Separator] = col(p.border);
    c[ImGuiCol_TitleBg] = col(p.frame_bg);
    c[ImGuiCol_TitleBgActive] = col(p.frame_active);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.55f);
    c[ImGuiCol_ScrollbarBg] = col(p.window_bg);
    c[ImGuiCol_ScrollbarGrab] = col(p.frame_active);
    s.ScaleAllSizes(scale);
    ImGui::GetStyle() = s;
}

std::vector<std::filesystem::path> font_files(FontChoice font, const std::string& assets_dir) {
    const std::filesystem::path fonts = std::filesystem::path(assets_dir) / "fonts";
    std::vector<std::filesystem::path> out;
    if (font == FontChoice::OpenDyslexic) {
        out.push_back(fonts / "OpenDyslexic-Regular.otf");
        out.emplace_back("/usr/share/fonts/opentype/opendyslexic/OpenDyslexic-Regular.otf");
    }
    out.push_back(fonts / "DejaVuSans.ttf");
    out.emplace_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    return out;
}

std::string build_font(float scale, const std::vector<std::uint16_t>& extra, const std::string& assets_dir,
                       FontChoice font) {
    ImGuiIO& io = ImGui::GetIO();
    // The ranges must outlive the atlas build, so they are kept here between rebuilds.
    static ImVector<ImWchar> ranges;
    ranges.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
    builder.AddRanges(reinterpret_cast<const ImWchar*>(extra.data()));
    builder.BuildRanges(&ranges);

    io.Fonts->Clear();
    const float px = std::max(8.0f, base_font_px * scale);
    std::error_code ec;
    std::string used;
    bool main_is_dejavu = false;
    for (const std::filesystem::path& path : font_files(font, assets_dir)) {
        if (!std::filesystem::is_regular_file(path, ec)) continue;
        const bool dejavu = path.filename() == "DejaVuSans.ttf";
        if (!used.empty() && (!dejavu || main_is_dejavu)) continue;
        ImFontConfig cfg;
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        // DejaVu Sans after another font only fills the glyphs that font lacks (a dash, a euro
        // sign), so no letter turns into '?'.
        cfg.MergeMode = !used.empty();
        if (io.Fonts->AddFontFromFileTTF(path.c_str(), px, &cfg, ranges.Data) == nullptr) continue;
        if (used.empty()) {
            used = path.string();
            main_is_dejavu = dejavu;
        }
        if (dejavu) {
            // Diagnostics underline columns with carets, which line up only in a monospaced font.
            const std::filesystem::path mono = path.parent_path() / "DejaVuSansMono.ttf";
            ImFontConfig mono_cfg;
            mono_cfg.OversampleH = 2;
            mono_cfg.OversampleV = 1;
            if (std::filesystem::is_regular_file(mono, ec))
                io.Fonts->AddFontFromFileTTF(mono.c_str(), px, &mono_cfg, ranges.Data);
            break;
        }
    }
    if (used.empty()) {
        ImFontConfig cfg;
        cfg.SizePixels = px;
        io.Fonts->AddFontDefault(&cfg);
    }
    io.Fonts->Build();
    return used;
}

}  // namespace salesim::window
