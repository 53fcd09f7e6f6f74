// The layout audit of a drawn frame: text cut by its window or cell, two texts drawn over each other,
// windows that leave the screen. Read from what Dear ImGui drew, so it sees every view as it is.
#pragma once

#include <string>
#include <vector>

namespace salesim::window {

/// One problem of the last frame's layout, for a developer: what, where and the text it hit.
struct LayoutProblem {
    std::string kind;    ///< "clipped", "overlap" or "off-screen"
    std::string window;  ///< the Dear ImGui window's name
    std::string detail;  ///< the text involved and the rectangles, in pixels
};

/// Audits the frame after ImGui::Render(): text runs are rebuilt from the glyph quads of each
/// window's draw list (the font atlas's glyph coordinates tell which quad is which letter).
/// A glyph that crosses its clip rectangle sideways is cut text; across the top or bottom only
/// when neither the window nor a parent scrolls that way. Two runs of text in one window whose
/// visible boxes cross are an overlap. Tooltips are left out (they follow the pointer).
std::vector<LayoutProblem> audit_layout();

/// Marks the last item as one whose text may run past its edge on purpose (a text field holding a
/// long path scrolls inside itself); the audit of this frame leaves text inside it alone.
void allow_clipped_item();

}  // namespace salesim::window
