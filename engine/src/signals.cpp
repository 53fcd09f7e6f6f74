// Buying signals: the bands of the buyer's state and the cue lines the rule book and the scenario
// write for them.
#include "salesim/signals.hpp"

#include "salesim/scenario.hpp"

#include <set>

namespace salesim {
namespace {

// The cue a band change tells, as the key of its lines; "" when that band has no cue of its own
// (a return to neutral is not something a buyer shows).
std::string cue_key(ReadinessBand b) {
    return std::string("readiness.") + to_string(b);
}
std::string cue_key(TrustBand b) {
    return b == TrustBand::Neutral ? std::string() : std::string("trust.") + to_string(b);
}
std::string cue_key(PatienceBand b) {
    return b == PatienceBand::Low ? std::string("patience.low") : std::string();
}

std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Which of `n` lines a decision tells: the same seed and decision always pick the same one; the
// band's slot keeps two bands changing at once from always picking the same position.
std::size_t pick(std::size_t n, std::uint64_t seed, int decision_index, std::uint64_t slot) {
    const std::uint64_t h = mix(seed ^ mix(static_cast<std::uint64_t>(decision_index) * 4u + slot));
    return static_cast<std::size_t>(h % n);
}

}  // namespace

ReadinessBand readiness_band(int readiness, int close_at) {
    if (readiness >= close_at) return ReadinessBand::Ready;
    if (readiness >= close_at - 20) return ReadinessBand::Warming;
    return ReadinessBand::Cold;
}

TrustBand trust_band(int trust) {
    if (trust < 25) return TrustBand::Low;
    return trust >= 60 ? TrustBand::High : TrustBand::Neutral;
}

PatienceBand patience_band(int patience) {
    if (patience < 25) return PatienceBand::Low;
    return patience >= 60 ? PatienceBand::High : PatienceBand::Neutral;
}

const char* to_string(ReadinessBand b) {
    switch (b) {
        case ReadinessBand::Cold:
            return "cold";
        case ReadinessBand::Warming:
            return "warming";
        case ReadinessBand::Ready:
            return "ready";
    }
    return "?";
}

namespace {
const char* level_name(int level) {
    return level == 0 ? "low" : level == 1 ? "neutral" : "high";
}
}  // namespace

const char* to_string(TrustBand b) {
    return level_name(static_cast<int>(b));
}

const char* to_string(PatienceBand b) {
    return level_name(static_cast<int>(b));
}

const std::vector<std::string>& signal_keys() {
    static const std::vector<std::string> keys{"readiness.cold", "readiness.warming", "readiness.ready",
                                               "trust.low",      "trust.high",        "patience.low",
                                               "trial.cold",     "trial.warming",     "trial.ready"};
    return keys;
}

bool is_trial_signal_key(std::string_view key) {
    return key.substr(0, 6) == "trial.";
}

const std::vector<Text>& signal_lines(const Scenario& scn, std::string_view key) {
    static const std::vector<Text> none;
    if (auto it = scn.signals.find(key); it != scn.signals.end()) return it->second;
    if (!scn.rules) return none;
    const auto& book = scn.rules->texts.lines;
    if (auto it = book.find("signals." + std::string(key)); it != book.end()) return it->second;
    return none;
}

Text signal_cue(const Scenario& scn, const BuyerState& before, const BuyerState& after, std::uint64_t seed,
                int decision_index) {
    const int close_at = scn.rubric.close_at;
    std::string keys[3];
    if (const ReadinessBand b = readiness_band(after.readiness, close_at);
        b != readiness_band(before.readiness, close_at))
        keys[0] = cue_key(b);
    if (const TrustBand b = trust_band(after.trust); b != trust_band(before.trust)) keys[1] = cue_key(b);
    if (const PatienceBand b = patience_band(after.patience); b != patience_band(before.patience))
        keys[2] = cue_key(b);
    std::vector<const Text*> parts;
    for (std::uint64_t slot = 0; slot < 3; ++slot) {
        if (keys[slot].empty()) continue;
        const std::vector<Text>& lines = signal_lines(scn, keys[slot]);
        if (!lines.empty()) parts.push_back(&lines[pick(lines.size(), seed, decision_index, slot)]);
    }
    if (parts.size() == 1) return *parts.front();
    Text out;
    std::set<std::string> langs;
    for (const Text* t : parts)
        for (const auto& [lang, s] : t->by_lang) langs.insert(lang);
    for (const std::string& lang : langs) {
        std::string& s = out.by_lang[lang];
        for (const Text* t : parts) {
            const std::string& part = t->get(lang);
            if (part.empty()) continue;
            if (!s.empty()) s += ' ';
            s += part;
        }
    }
    return out;
}

const Text& trial_reply(const Scenario& scn, ReadinessBand band) {
    static const Text none;
    const std::vector<Text>& lines = signal_lines(scn, std::string("trial.") + to_string(band));
    return lines.empty() ? none : lines.front();
}

}  // namespace salesim
