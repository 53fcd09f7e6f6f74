// A JSON array written element by element, with the same bytes as the JSON library's dump(2) of
// the whole document: lists as long as a school's results are written without holding them.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace salesim::results {

/// `text` (a value's dump(2)) with `spaces` more spaces after each line break: the value as it
/// reads nested that deep. Strings in dumped JSON never hold a raw line break.
std::string indented(std::string_view text, int spaces);

/// Writes a JSON array as dump(2) would inside a document, `depth` levels deep (0: the document
/// itself): "[]" when empty, else "[", each element on its own indented lines, "]".
class JsonArrayOut {
public:
    JsonArrayOut(std::ostream& out, int depth) : m_out(out), m_depth(depth) {}
    JsonArrayOut(const JsonArrayOut&) = delete;
    JsonArrayOut& operator=(const JsonArrayOut&) = delete;
    /// Adds an element given as its own dump(2) text.
    void add(std::string_view dumped);
    /// Ends the array; nothing may be added after.
    void close();

private:
    std::ostream& m_out;
    int m_depth;
    bool m_any = false;
};

}  // namespace salesim::results
