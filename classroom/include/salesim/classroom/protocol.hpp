// The classroom's protocol: join codes, secrets, decision points and the errors every endpoint
// answers with (docs/classroom.md describes them for other clients).
#pragma once

#include <salesim/session.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace salesim::classroom {

/// The characters of a join code: no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B, G/6, Q).
inline constexpr std::string_view code_alphabet = "ACDEFHJKMNPRTUVWXY34679";
inline constexpr std::size_t code_length = 8;
/// The largest request body accepted, and the deepest JSON nesting.
inline constexpr std::size_t max_body_bytes = 64 * 1024;
inline constexpr std::size_t max_body_depth = 32;
/// The longest trainee name a class takes, in characters.
inline constexpr std::size_t max_class_name_length = 80;

/// Fills `out` from the system's CSPRNG (getrandom); throws std::runtime_error when it cannot.
void random_bytes(void* out, std::size_t n);
/// A fresh join code (code_length characters of code_alphabet), without the dash.
std::string new_join_code();
/// "K7QMXPA3" as "K7QM-XPA3", for reading aloud.
std::string format_code(std::string_view code);
/// A code as typed ("k7qm-xpa3", " K7QM XPA3 ") in its canonical form, or nullopt when it holds a
/// character the alphabet does not.
std::optional<std::string> normalize_code(std::string_view typed);
/// A fresh 128-bit secret as 32 lowercase hex digits.
std::string new_secret();
/// Compares two secrets in time that does not depend on where they differ.
bool secrets_equal(std::string_view a, std::string_view b);

/// A decision's name in the class: "objection:price#2" (the second time this trainee meets the
/// price objection). See docs/classroom.md.
std::string point_name(DecisionKind kind, std::string_view ref, int occurrence);
/// The point of the decision at hand in `session` (which must not be finished).
std::string current_point(const Session& session);
/// The point of decision `index` of `session` (0-based; must be < decisions().size()).
std::string point_of_decision(const Session& session, std::size_t index);
std::string_view kind_id(DecisionKind kind);

/// An error answer: the HTTP status, a stable code and a message for people.
struct Problem {
    int status = 400;
    std::string code;
    std::string message;
};

/// Thrown by the class for a request it refuses; the server answers with it.
class ProtocolError : public std::runtime_error {
public:
    ProtocolError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), m_status(status), m_code(std::move(code)) {}
    int status() const { return m_status; }
    const std::string& code() const { return m_code; }

private:
    int m_status;
    std::string m_code;
};

/// A trainee's name as a class takes it: trimmed; nullopt with `why` set when it cannot be one.
std::optional<std::string> class_name(std::string_view typed, std::string& why);

}  // namespace salesim::classroom
