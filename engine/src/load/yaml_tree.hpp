// Internal to the loader: a YAML document as a tree of nodes that know where they were written.
#pragma once

#include "load/source_text.hpp"
#include "salesim/diagnostic.hpp"
#include "salesim/loader.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

// A YAML node with the position of its first character.
struct YNode {
    enum class Kind { Null, Scalar, Seq, Map };
    Kind kind = Kind::Null;
    std::string value;   ///< scalars
    bool plain = false;  ///< a scalar written without quotes
    bool flow = false;   ///< a collection written in [] or {}
    SourceLoc loc;
    int length = 1;
    std::vector<YNode> items;  ///< sequences; maps hold key, value, key, value...

    std::size_t map_size() const { return items.size() / 2; }
    const YNode& key(std::size_t i) const { return items[2 * i]; }
    const YNode& val(std::size_t i) const { return items[2 * i + 1]; }
};

// Parses the text into a tree; nullopt when it is not usable YAML (every reason reported).
std::optional<YNode> parse_tree(const Source& src, Sink& sink, const LoadOptions& opts);

// Shared front half of every load: limits, bytes and YAML. Null when the file is unusable.
std::optional<YNode> parse_bytes(std::string_view bytes, const std::string& path, const LoadOptions& opts,
                                 std::vector<Diagnostic>& out, std::unique_ptr<Source>& src);

}  // namespace salesim::load
