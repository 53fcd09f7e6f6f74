// Filling a page's {{name}} placeholders with texts in the class's language, escaped for HTML.
#include "salesim/classroom/web_assets.hpp"

namespace salesim::classroom {

namespace {

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
}

}  // namespace

std::string fill_page(std::string_view page, const std::function<std::string(std::string_view name)>& text) {
    std::string out;
    out.reserve(page.size());
    std::size_t at = 0;
    while (at < page.size()) {
        const std::size_t open = page.find("{{", at);
        if (open == std::string_view::npos) break;
        std::size_t end = open + 2;
        while (end < page.size() && name_char(page[end])) ++end;
        if (end == open + 2 || page.compare(end, 2, "}}") != 0) {
            // Not a placeholder: the braces stay as they are.
            out.append(page, at, open + 2 - at);
            at = open + 2;
            continue;
        }
        out.append(page, at, open - at);
        append_escaped(out, text(page.substr(open + 2, end - open - 2)));
        at = end + 2;
    }
    out.append(page, at);
    return out;
}

}  // namespace salesim::classroom
