// UUIDs: random ones (version 4) for new attempts and trainees, name-based ones (version 5,
// SHA-1) for xAPI statement ids that must come out the same on every export. Made by libuuid.
#pragma once

#include <string>
#include <string_view>

namespace salesim::results {

/// A fresh random UUID, lowercase "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string uuid_v4();
/// The RFC 4122 version 5 UUID of `name` in the namespace `ns` (a UUID string, either case),
/// lowercase. Throws std::invalid_argument when `ns` is not a UUID.
std::string uuid_v5(std::string_view ns, std::string_view name);
/// True for the 8-4-4-4-12 hex form.
bool is_uuid(std::string_view s);

}  // namespace salesim::results
