// JSON arrays written element by element, as the JSON library's dump(2) writes them whole.
#include "salesim/results/json_out.hpp"

namespace salesim::results {

std::string indented(std::string_view text, int spaces) {
    const std::string pad(static_cast<std::size_t>(spaces), ' ');
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
    return out;
}

void JsonArrayOut::add(std::string_view dumped) {
    const int inner = 2 * (m_depth + 1);
    m_out << (m_any ? ",\n" : "[\n") << std::string(static_cast<std::size_t>(inner), ' ')
          << indented(dumped, inner);
    m_any = true;
}

void JsonArrayOut::close() {
    if (m_any)
        m_out << '\n' << std::string(static_cast<std::size_t>(2 * m_depth), ' ') << ']';
    else
        m_out << "[]";
}

}  // namespace salesim::results
