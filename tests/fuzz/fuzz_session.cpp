// Fuzz target: plays a shipped scenario with fuzzed seeds, choices and hints, or resumes a fuzzed
// save file. Checks the session's contracts: only the documented exceptions, and a save written
// at any point resumes to the same state.
//
// Input: byte 0 picks the mode (even: play, odd: resume a save file), byte 1 the scenario, bytes
// 2..9 the seed; the rest is the choices (play) or the save file's text (resume).
#include "fuzz_common.hpp"

#include "salesim/loader.hpp"
#include "salesim/session.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

namespace {

using namespace salesim;

// Saves, writes, reads back and resumes: the copy must be in the very same state.
void check_round_trip(const Session& s) {
    const std::string text = save_to_json(s.save("en"));
    const SaveData back = save_from_json(text);
    const Session copy = Session::resume(s.scenario_ptr(), back);
    fuzz::check(copy.state_key() == s.state_key(), "a resumed save differs from the session saved");
    fuzz::check(copy.choices() == s.choices(), "a resumed save has other choices");
    fuzz::check(copy.transcript().size() == s.transcript().size(), "a resumed save has another transcript");
}

// Takes decisions from `bytes`: 0xff asks for a hint, anything else picks an option (possibly
// out of range, which must throw std::out_of_range and change nothing).
void play(Session& s, std::string_view bytes) {
    for (const char ch : bytes) {
        if (s.finished()) {
            bool threw = false;
            try {
                s.choose(0);
            } catch (const std::logic_error&) {
                threw = true;
            }
            fuzz::check(threw, "choose() on a finished session did not throw");
            break;
        }
        const auto b = static_cast<unsigned char>(ch);
        if (b == 0xff) {
            const Hint h = s.hint();
            fuzz::check(h.option < s.current().options.size(), "a hint names a missing option");
            continue;
        }
        const std::size_t n = s.current().options.size();
        fuzz::check(n > 0, "a decision without options");
        const std::size_t pick = b % (n + 1);
        if (pick == n) {
            const std::string before = s.state_key();
            bool threw = false;
            try {
                s.choose(pick);
            } catch (const std::out_of_range&) {
                threw = true;
            }
            fuzz::check(threw && s.state_key() == before, "an out-of-range choice was taken");
            continue;
        }
        s.choose(pick);
        (void)s.score();
        (void)s.situation();
    }
    check_round_trip(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Library& lib = fuzz::shipped_library();
    if (size < 10) return 0;
    const bool resume = (data[0] & 1u) != 0;
    const auto& scenario = lib.scenarios[data[1] % lib.scenarios.size()];
    std::uint64_t seed = 0;
    std::memcpy(&seed, data + 2, sizeof seed);
    const std::string_view rest(reinterpret_cast<const char*>(data + 10), size - 10);

    if (!resume) {
        Session s(scenario, seed);
        play(s, rest);
        return 0;
    }
    SaveData save;
    try {
        save = save_from_json(rest);
    } catch (const std::runtime_error&) {
        return 0;  // documented: a readable refusal
    }
    // Against the scenario it names when there is one (so the hash check can pass), else the pick.
    auto target = lib.find_shared(save.scenario_id);
    if (!target) target = scenario;
    try {
        Session s = Session::resume(target, save);
        check_round_trip(s);
        if (!s.finished()) play(s, std::string_view("\x00\x01\xff\x02", 4));
    } catch (const std::runtime_error&) {
    }
    return 0;
}
