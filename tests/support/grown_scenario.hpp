// A scenario grown to a given number of objections: the objections of its objections stage repeated,
// in order, under new ids (`ID-2`, `ID-3`, ...), with the same kinds, texts and lines. What a trainer
// writing a longer meeting produces; the analyzer's tests and its scale benchmark use it.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace salesim::testing_support {

// `yaml` is a scenario file's text whose objections are listed under `    raise:` as `      - id: X`
// blocks; the result has `count` of them.
inline std::string grow_objections(const std::string& yaml, std::size_t count) {
    const std::string head = "\n    raise:\n";
    const std::size_t start = yaml.find(head);
    if (start == std::string::npos)
        throw std::invalid_argument("the scenario lists no objections under raise:");
    const std::size_t list = start + head.size();
    // The list ends at the first line indented less than its items' six spaces.
    std::size_t end = list;
    while (end < yaml.size()) {
        const std::size_t eol = yaml.find('\n', end);
        const std::size_t next = eol == std::string::npos ? yaml.size() : eol + 1;
        const std::string line = yaml.substr(end, next - end);
        if (line.size() > 1 && line.compare(0, 6, "      ") != 0) break;
        end = next;
    }
    std::vector<std::string> blocks;
    for (std::size_t at = list; at < end;) {
        std::size_t next = yaml.find("\n      - ", at);
        next = next == std::string::npos || next + 1 >= end ? end : next + 1;
        blocks.push_back(yaml.substr(at, next - at));
        at = next;
    }
    if (blocks.empty()) throw std::invalid_argument("the scenario lists no objections under raise:");
    std::string grown;
    for (std::size_t i = 0; i < count; ++i) {
        std::string b = blocks[i % blocks.size()];
        const std::size_t round = i / blocks.size();
        if (round > 0) {
            const std::string key = "- id: ";
            const std::size_t id = b.find(key);
            const std::size_t eol = b.find('\n', id);
            b.insert(eol, "-" + std::to_string(round + 1));
        }
        grown += b;
    }
    return yaml.substr(0, list) + grown + yaml.substr(end);
}

}  // namespace salesim::testing_support
