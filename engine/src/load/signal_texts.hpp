// Internal to the loader: reading buying-signal texts (a scenario's `signals:`, the rule book's
// `texts: signals:`).
#pragma once

#include "load/reader.hpp"
#include "load/yaml_tree.hpp"
#include "salesim/text.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::load {

/// Reads the map `n` of signal texts into `out` under `prefix` + key. Each key is one of
/// signal_keys(); a cue key takes a text or a list of texts (an empty list: no cue), a trial key
/// one text. An unknown key is an error that suggests the nearest key.
void read_signal_texts(Reader& r, const YNode& n, std::string_view where, std::string_view prefix,
                       std::map<std::string, std::vector<Text>, std::less<>>& out);

/// The rule book's `texts: signals:`, when the book has it: read as above, with a warning for
/// each key it leaves out. A book without the group tells no cues.
void read_book_signals(Reader& r, const YNode& root,
                       std::map<std::string, std::vector<Text>, std::less<>>& out);

}  // namespace salesim::load
