// What the names and values of a content file may look like (kinds, language codes, ids).
#include "load/reader.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace salesim::load {

std::string kind_name(const YNode& n) {
    switch (n.kind) {
        case YNode::Kind::Null:
            return "nothing";
        case YNode::Kind::Scalar:
            return "the value '" + n.value + "'";
        case YNode::Kind::Seq:
            return "a list";
        case YNode::Kind::Map:
            return "a map";
    }
    return "?";
}

bool is_lang_code(std::string_view s) {
    if (s.size() < 2 || s.size() > 3) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool is_name(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_id(std::string_view s) {
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

}  // namespace salesim::load
