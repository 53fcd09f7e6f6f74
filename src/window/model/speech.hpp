// Read-aloud: espeak-ng turns a line into 16-bit audio, a worker thread speaks the latest line, and
// ReadAloud picks what the play screen should say. No SDL or ImGui here: the window hands in where
// the audio goes.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace salesim {
class Session;
}

namespace salesim::window {

/// Mono 16-bit audio.
struct SpeechAudio {
    int sample_rate = 0;
    std::vector<std::int16_t> samples;
    double seconds() const {
        return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
    }
};

/// espeak-ng or its voice data is missing, or it refused the text. `key` names the string-table
/// entry that explains it to the trainee; what() is espeak-ng's own reason (its {why}).
class SpeechError : public std::runtime_error {
public:
    SpeechError(std::string key, const std::string& why) : std::runtime_error(why), m_key(std::move(key)) {}
    const std::string& key() const { return m_key; }

private:
    std::string m_key;
};

/// A problem the worker met, for the window to say once in the UI language.
struct SpeechProblem {
    std::string key;  ///< string-table entry, "" when there is no problem
    std::string why;  ///< espeak-ng's or the audio output's reason
};

/// The rate espeak-ng speaks at, whatever the voice: the window's audio device is opened for it.
inline constexpr int speech_sample_rate = 22050;

/// The espeak-ng voice for a UI language: "fi" for Finnish, "en" for anything else.
std::string speech_voice(std::string_view lang);

/// Synthesises UTF-8 `text` with the voice for `lang`, whole, into memory. `stop`, when given, is
/// asked between chunks; true abandons the line (what was made so far is returned). espeak-ng keeps
/// global state, so calls are serialised. Throws SpeechError when espeak-ng cannot start or has no
/// such voice.
SpeechAudio synthesise(std::string_view text, std::string_view lang, const std::function<bool()>& stop = {});

/// Speaks one line at a time on a worker thread so the window never waits for synthesis: a new
/// line silences the one before, even mid-synthesis.
class LineSpeaker {
public:
    /// Hands finished audio to the output (called on the worker thread).
    using Play = std::function<void(SpeechAudio)>;
    /// Stops what the output is playing (called on the caller's thread).
    using Silence = std::function<void()>;

    LineSpeaker(Play play, Silence silence);
    ~LineSpeaker();
    LineSpeaker(const LineSpeaker&) = delete;
    LineSpeaker& operator=(const LineSpeaker&) = delete;

    /// Replaces whatever is being said with `text` in `lang`.
    void say(std::string text, std::string lang);
    /// Stops speaking.
    void hush();
    /// The first problem the worker met (no espeak-ng data, no voice), once; an empty key otherwise.
    SpeechProblem take_problem();

private:
    struct Line {
        std::string text;
        std::string lang;
    };
    void run();

    Play m_play;
    Silence m_silence;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Line> m_pending;
    std::uint64_t m_generation = 0;  ///< bumped by every say() and hush(): older lines are dropped
    bool m_quit = false;
    SpeechProblem m_problem;
    bool m_problem_told = false;
    std::thread m_worker;  ///< last: starts after the members it reads
};

/// What the play screen says aloud: the buyer's (and narrator's) words since the trainee's last
/// choice, the question at hand, and the option that gets keyboard focus.
class ReadAloud {
public:
    /// The line to speak now, or nullopt when nothing new happened. `session` may be null (no
    /// play on screen); `focused` is the option with keyboard focus; `lang` the content language.
    std::optional<std::string> next(const Session* session, std::optional<std::size_t> focused,
                                    const std::string& lang);
    /// The last buyer's line spoken, for the repeat key ("" before any).
    const std::string& current() const { return m_current; }

private:
    const Session* m_session = nullptr;
    std::size_t m_decisions = static_cast<std::size_t>(-1);
    std::optional<std::size_t> m_focused;
    std::string m_current;
};

/// The buyer's and narrator's words since the trainee's last line, then the decision's prompt
/// when it is not already the last of them: what a trainee reads before choosing.
std::string buyer_words(const Session& session, const std::string& lang);
/// An option as read aloud: its name, then what the seller says.
std::string option_words(const Session& session, std::size_t option, const std::string& lang);

}  // namespace salesim::window
