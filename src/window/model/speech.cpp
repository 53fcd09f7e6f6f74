// Read-aloud: espeak-ng synthesis into memory, the worker that speaks the latest line, and what the
// play screen says.
#include "window/model/speech.hpp"

#include <salesim/session.hpp>

#include <espeak-ng/espeak_ng.h>

#include <array>

namespace salesim::window {

namespace {

/// espeak-ng has one global synthesiser: every call goes through this lock.
std::mutex& espeak_lock() {
    static std::mutex m;
    return m;
}

struct Collect {
    std::vector<std::int16_t>* samples;
    const std::function<bool()>* stop;
};

// espeak-ng hands over each chunk as it is made; returning 1 abandons the rest of the line.
int on_samples(short* wav, int count, espeak_EVENT* events) {
    auto* into = static_cast<Collect*>(events != nullptr ? events->user_data : nullptr);
    if (into == nullptr) return 0;
    if (wav != nullptr && count > 0) into->samples->insert(into->samples->end(), wav, wav + count);
    return *into->stop && (*into->stop)() ? 1 : 0;
}

std::string status_text(espeak_ng_STATUS status) {
    std::array<char, 256> buf{};
    espeak_ng_GetStatusCodeMessage(status, buf.data(), buf.size());
    return buf.data();
}

/// Starts espeak-ng once per process (a failure is remembered: the data does not appear later).
void start_espeak() {
    static bool tried = false;
    static espeak_ng_STATUS status = ENS_OK;
    if (!tried) {
        tried = true;
        espeak_ng_InitializePath(nullptr);  // $ESPEAK_DATA_PATH, else the installed data
        espeak_ng_ERROR_CONTEXT context = nullptr;
        status = espeak_ng_Initialize(&context);
        espeak_ng_ClearErrorContext(&context);
        if (status == ENS_OK) status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, nullptr);
        if (status == ENS_OK) espeak_SetSynthCallback(on_samples);
    }
    if (status != ENS_OK) throw SpeechError("speech.no_data", status_text(status));
}

}  // namespace

std::string speech_voice(std::string_view lang) {
    return lang == "fi" ? "fi" : "en";
}

SpeechAudio synthesise(std::string_view text, std::string_view lang, const std::function<bool()>& stop) {
    const std::lock_guard<std::mutex> lock(espeak_lock());
    start_espeak();
    const std::string voice = speech_voice(lang);
    if (const espeak_ng_STATUS st = espeak_ng_SetVoiceByName(voice.c_str()); st != ENS_OK)
        throw SpeechError("speech.no_voice", voice + ": " + status_text(st));
    SpeechAudio out;
    out.sample_rate = espeak_ng_GetSampleRate();
    Collect into{&out.samples, &stop};
    const std::string z(text);  // espeak-ng reads up to the terminating zero
    const espeak_ng_STATUS st =
        espeak_ng_Synthesize(z.c_str(), z.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &into);
    if (st != ENS_OK && st != ENS_SPEECH_STOPPED) throw SpeechError("speech.failed", status_text(st));
    return out;
}

LineSpeaker::LineSpeaker(Play play, Silence silence)
    : m_play(std::move(play)), m_silence(std::move(silence)), m_worker([this] { run(); }) {}

LineSpeaker::~LineSpeaker() {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
        ++m_generation;
    }
    m_wake.notify_all();
    m_worker.join();
}

void LineSpeaker::say(std::string text, std::string lang) {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_pending = Line{std::move(text), std::move(lang)};
        ++m_generation;
    }
    // After the bump, so audio of the older line that is being queued right now is cleared too.
    if (m_silence) m_silence();
    m_wake.notify_all();
}

void LineSpeaker::hush() {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_pending.reset();
        ++m_generation;
    }
    if (m_silence) m_silence();
}

SpeechProblem LineSpeaker::take_problem() {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_problem.key.empty() || m_problem_told) return {};
    m_problem_told = true;
    return m_problem;
}

void LineSpeaker::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_quit || m_pending.has_value(); });
        if (m_quit) return;
        const Line line = std::move(*m_pending);
        m_pending.reset();
        const std::uint64_t generation = m_generation;
        lock.unlock();
        SpeechAudio audio;
        SpeechProblem problem;
        // A newer line (or quitting) abandons this one between espeak-ng's chunks.
        const std::function<bool()> stale = [this, generation] {
            const std::lock_guard<std::mutex> check(m_mutex);
            return m_generation != generation;
        };
        try {
            audio = synthesise(line.text, line.lang, stale);
        } catch (const SpeechError& e) {
            problem = {e.key(), e.what()};
        }
        lock.lock();
        if (!problem.key.empty()) {
            if (m_problem.key.empty()) m_problem = problem;
            continue;
        }
        // Under the lock, so say() cannot slip between the check and the hand-over.
        if (m_generation == generation && !audio.samples.empty() && m_play) m_play(std::move(audio));
    }
}

// [SECTION] What the play screen says

std::string buyer_words(const Session& session, const std::string& lang) {
    const auto& lines = session.transcript();
    std::size_t first = lines.size();
    while (first > 0 && lines[first - 1].speaker != Speaker::Seller) --first;
    std::string out;
    const auto add = [&out](const std::string& text) {
        if (text.empty()) return;
        if (!out.empty()) out += "\n";
        out += text;
    };
    for (std::size_t i = first; i < lines.size(); ++i) add(lines[i].text.get(lang));
    if (!session.finished()) {
        const Decision& d = session.current();
        const std::string prompt = d.prompt.get(lang);
        if (lines.empty() || lines.back().text.get(lang) != prompt) add(prompt);
    }
    return out;
}

std::string option_words(const Session& session, std::size_t option, const std::string& lang) {
    if (session.finished()) return {};
    const Decision& d = session.current();
    if (option >= d.options.size()) return {};
    const Option& o = d.options[option];
    const std::string label = o.label.get(lang);
    const std::string say = o.say.get(lang);
    if (label.empty() || label == say) return say;
    if (say.empty()) return label;
    return label + ".\n" + say;
}

std::optional<std::string> ReadAloud::next(const Session* session, std::optional<std::size_t> focused,
                                           const std::string& lang) {
    if (session == nullptr) {
        m_session = nullptr;
        m_focused.reset();
        return std::nullopt;
    }
    const std::size_t decisions = session->decisions().size();
    if (session != m_session || decisions != m_decisions) {
        // A new decision (or a new play): the buyer's words first; the focus that comes with the
        // new screen is not read over them.
        m_session = session;
        m_decisions = decisions;
        // The focus passed now may be the last decision's; the first one seen next is the new
        // decision's own, taken without reading it.
        m_focused.reset();
        m_current = buyer_words(*session, lang);
        if (m_current.empty()) return std::nullopt;
        return m_current;
    }
    // Only a move of the focus is read: the focus a new decision puts on its first option arrives
    // a frame late and must not cut the buyer off.
    if (focused && m_focused && focused != m_focused) {
        m_focused = focused;
        std::string words = option_words(*session, *focused, lang);
        if (words.empty()) return std::nullopt;
        return words;
    }
    m_focused = focused;
    return std::nullopt;
}

}  // namespace salesim::window
