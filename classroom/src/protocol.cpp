#include "salesim/classroom/protocol.hpp"

#include <salesim/results/names.hpp>

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace salesim::classroom {

void random_bytes(void* out, std::size_t n) {
    auto* p = static_cast<unsigned char*>(out);
    while (n > 0) {
        const ssize_t got = ::getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
        }
        p += got;
        n -= static_cast<std::size_t>(got);
    }
}

std::string new_join_code() {
    // Rejection sampling keeps every character equally likely.
    const auto n = static_cast<unsigned>(code_alphabet.size());
    const unsigned limit = 256 - 256 % n;
    std::string code;
    while (code.size() < code_length) {
        unsigned char buf[16];
        random_bytes(buf, sizeof buf);
        for (unsigned char b : buf) {
            if (b >= limit || code.size() == code_length) continue;
            code += code_alphabet[b % n];
        }
    }
    return code;
}

std::string format_code(std::string_view code) {
    if (code.size() != code_length) return std::string(code);
    return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

std::optional<std::string> normalize_code(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (code_alphabet.find(c) == std::string_view::npos) return std::nullopt;
        out += c;
        if (out.size() > code_length) return std::nullopt;
    }
    if (out.size() != code_length) return std::nullopt;
    return out;
}

std::string new_secret() {
    unsigned char buf[16];
    random_bytes(buf, sizeof buf);
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (unsigned char b : buf) {
        s += hex[b >> 4];
        s += hex[b & 15];
    }
    return s;
}

bool secrets_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size() || a.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string_view kind_id(DecisionKind kind) {
    switch (kind) {
        case DecisionKind::Lead:
            return "lead";
        case DecisionKind::Step:
            return "step";
        case DecisionKind::Objection:
            return "objection";
        case DecisionKind::Close:
            return "close";
    }
    return "step";
}

std::string point_name(DecisionKind kind, std::string_view ref, int occurrence) {
    return std::string(kind_id(kind)) + ":" + std::string(ref) + "#" + std::to_string(occurrence);
}

namespace {

int occurrences_before(const Session& session, std::size_t end, DecisionKind kind, std::string_view ref) {
    int n = 0;
    const auto& records = session.decisions();
    for (std::size_t i = 0; i < end && i < records.size(); ++i)
        if (records[i].kind == kind && records[i].ref == ref) ++n;
    return n;
}

}  // namespace

std::string current_point(const Session& session) {
    const Decision& d = session.current();
    return point_name(d.kind, d.ref,
                      occurrences_before(session, session.decisions().size(), d.kind, d.ref) + 1);
}

std::string point_of_decision(const Session& session, std::size_t index) {
    const DecisionRecord& r = session.decisions().at(index);
    return point_name(r.kind, r.ref, occurrences_before(session, index, r.kind, r.ref) + 1);
}

std::optional<std::string> class_name(std::string_view typed, std::string& why) {
    std::size_t b = 0, e = typed.size();
    while (b < e && (typed[b] == ' ' || typed[b] == '\t')) ++b;
    while (e > b && (typed[e - 1] == ' ' || typed[e - 1] == '\t')) --e;
    std::string name(typed.substr(b, e - b));
    if (const auto problem = results::name_problem(name)) {
        why = *problem;
        return std::nullopt;
    }
    std::size_t chars = 0;
    for (unsigned char c : name)
        if ((c & 0xC0) != 0x80) ++chars;
    if (chars > max_class_name_length) {
        why = "is longer than " + std::to_string(max_class_name_length) + " characters";
        return std::nullopt;
    }
    return name;
}

}  // namespace salesim::classroom
