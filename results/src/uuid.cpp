// UUIDs through libuuid: random ones (version 4) and name-based ones (version 5, SHA-1).
#include "salesim/results/uuid.hpp"

#include <uuid/uuid.h>

#include <stdexcept>

namespace salesim::results {

namespace {

std::string unparse(const uuid_t u) {
    char text[37];
    uuid_unparse_lower(u, text);
    return std::string(text, 36);
}

// uuid_parse reads a C string: copying stops an embedded NUL from shortening the input unseen.
bool parse(std::string_view s, uuid_t out) {
    if (s.size() != 36) return false;
    const std::string text(s);
    return text.find('\0') == std::string::npos && uuid_parse(text.c_str(), out) == 0;
}

}  // namespace

bool is_uuid(std::string_view s) {
    uuid_t u;
    return parse(s, u);
}

std::string uuid_v4() {
    uuid_t u;
    uuid_generate_random(u);
    return unparse(u);
}

std::string uuid_v5(std::string_view ns, std::string_view name) {
    uuid_t space;
    if (!parse(ns, space))
        throw std::invalid_argument("uuid_v5: namespace '" + std::string(ns) + "' is not a UUID");
    uuid_t u;
    uuid_generate_sha1(u, space, name.data(), name.size());
    return unparse(u);
}

}  // namespace salesim::results
