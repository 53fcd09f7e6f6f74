// Reading buying-signal texts: which keys exist, a text or a list of texts each.
#include "load/signal_texts.hpp"

#include "salesim/signals.hpp"

#include <algorithm>

namespace salesim::load {

void read_signal_texts(Reader& r, const YNode& n, std::string_view where, std::string_view prefix,
                       std::map<std::string, std::vector<Text>, std::less<>>& out) {
    if (!r.expect_map(n, where)) return;
    for (std::size_t i = 0; i < n.map_size(); ++i) {
        const YNode& k = n.key(i);
        const YNode& v = n.val(i);
        if (k.kind != YNode::Kind::Scalar) continue;
        const auto& keys = signal_keys();
        if (std::find(keys.begin(), keys.end(), k.value) == keys.end()) {
            r.unknown("unknown-signal", k, "signal", k.value, keys, "Signals");
            continue;
        }
        std::vector<Text>& lines = out[std::string(prefix) + k.value];
        lines.clear();
        if (v.kind != YNode::Kind::Seq) {
            lines.push_back(r.text(v, k.value));
            continue;
        }
        if (is_trial_signal_key(k.value)) {
            r.error("wrong-type", v, "expected one text for '" + k.value + "', found a list",
                    "a trial-close reply is one text: " + k.value + ": {en: \"...\", fi: \"...\"}");
            continue;
        }
        for (const YNode& item : v.items) lines.push_back(r.text(item, k.value));
    }
}

void read_book_signals(Reader& r, const YNode& root,
                       std::map<std::string, std::vector<Text>, std::less<>>& out) {
    const YNode* texts = Reader::get(root, "texts");
    if (texts == nullptr || texts->kind != YNode::Kind::Map) return;
    const YNode* signals = Reader::get(*texts, "signals");
    if (signals == nullptr) return;
    read_signal_texts(r, *signals, "texts: signals", "signals.", out);
    if (signals->kind != YNode::Kind::Map) return;
    for (const std::string& key : signal_keys()) {
        if (Reader::get(*signals, key) != nullptr) continue;
        r.warning("missing-text", *signals, "missing signal '" + key + "': the buyer shows nothing there",
                  "add " + key + ": [{en: \"...\", fi: \"...\"}] to texts: signals");
    }
}

}  // namespace salesim::load
