// Read-aloud: espeak-ng really speaks English and Finnish lines into memory (no audio device
// needed), the speaker drops a line a newer one replaces, and the play screen reads the buyer's
// words and the focused option.
#include "window/model/speech.hpp"

#include "game_fixture.hpp"
#include "window/model/commands.hpp"
#include "window/model/prefs.hpp"

#include <gtest/gtest.h>

#include <salesim/session.hpp>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

using namespace salesim;
using namespace salesim::window;

namespace {

std::size_t words(const std::string& text) {
    std::istringstream in(text);
    std::size_t n = 0;
    for (std::string w; in >> w;) ++n;
    return n;
}

double rms(const SpeechAudio& a) {
    double sum = 0;
    for (const std::int16_t s : a.samples) sum += static_cast<double>(s) * s;
    return a.samples.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(a.samples.size()));
}

/// A line of `lang` as speech: the rate espeak-ng promises, a length a person would take to say
/// it, and a signal well above silence.
void expect_speech(const std::string& text, const std::string& lang) {
    const SpeechAudio a = synthesise(text, lang);
    EXPECT_EQ(a.sample_rate, speech_sample_rate) << lang;
    const double per_word = a.seconds() / static_cast<double>(words(text));
    EXPECT_GE(per_word, 0.15) << lang << ": " << a.seconds() << " s for " << words(text) << " words";
    EXPECT_LE(per_word, 1.0) << lang << ": " << a.seconds() << " s for " << words(text) << " words";
    // 16-bit full scale is 32767; speech at espeak-ng's default volume sits in the thousands.
    EXPECT_GT(rms(a), 300.0) << lang;
}

}  // namespace

TEST(WindowSpeech, VoiceFollowsTheLanguage) {
    EXPECT_EQ(speech_voice("fi"), "fi");
    EXPECT_EQ(speech_voice("en"), "en");
    EXPECT_EQ(speech_voice("sv"), "en");  // no voice of its own in the window's languages
}

TEST(WindowSpeech, EnglishLineIsSpeechLengthAudio) {
    expect_speech("We already have a supplier, and your price is higher than theirs.", "en");
}

TEST(WindowSpeech, FinnishLineIsSpeechLengthAudio) {
    expect_speech("Meillä on jo toimittaja, ja teidän hintanne on heidän hintaansa korkeampi.", "fi");
}

TEST(WindowSpeech, LongerLineGivesLongerAudio) {
    for (const std::string lang : {"en", "fi"}) {
        const SpeechAudio short_line = synthesise(lang == "fi" ? "Kiitos." : "Thank you.", lang);
        const SpeechAudio long_line = synthesise(lang == "fi" ? "Kiitos, mutta meidän täytyy ensin kysyä "
                                                                "asiasta talousjohtajalta ensi viikolla."
                                                              : "Thank you, but we need to ask our finance "
                                                                "director about it first, next week.",
                                                 lang);
        EXPECT_GT(long_line.samples.size(), 2 * short_line.samples.size()) << lang;
    }
}

TEST(WindowSpeech, StopAbandonsTheLineBetweenChunks) {
    const std::string text =
        "This line is long enough to take espeak several chunks to say in full, "
        "so that stopping after the first one leaves most of it unsaid.";
    const SpeechAudio whole = synthesise(text, "en");
    int asked = 0;
    const SpeechAudio cut = synthesise(text, "en", [&asked] { return ++asked > 1; });
    EXPECT_GT(cut.samples.size(), 0u);
    EXPECT_LT(cut.samples.size(), whole.samples.size() / 2);
}

namespace {

/// Where the speaker's audio goes in a test: kept, with a wait bounded so a hang fails.
struct Heard {
    std::mutex m;
    std::condition_variable cv;
    std::vector<SpeechAudio> played;
    int silenced = 0;

    bool wait_for(std::size_t n) {
        std::unique_lock<std::mutex> lock(m);
        return cv.wait_for(lock, std::chrono::seconds(60), [&] { return played.size() >= n; });
    }
};

}  // namespace

TEST(WindowSpeech, SpeakerPlaysTheLineOnItsWorker) {
    Heard heard;
    LineSpeaker speaker(
        [&heard](SpeechAudio a) {
            const std::lock_guard<std::mutex> lock(heard.m);
            heard.played.push_back(std::move(a));
            heard.cv.notify_all();
        },
        [&heard] {
            const std::lock_guard<std::mutex> lock(heard.m);
            ++heard.silenced;
        });
    speaker.say("Tervetuloa.", "fi");
    ASSERT_TRUE(heard.wait_for(1));
    const std::lock_guard<std::mutex> lock(heard.m);
    EXPECT_EQ(heard.played[0].sample_rate, speech_sample_rate);
    EXPECT_GT(rms(heard.played[0]), 300.0);
    EXPECT_EQ(heard.silenced, 1);  // a new line silences what was playing
    EXPECT_TRUE(speaker.take_problem().key.empty());
}

TEST(WindowSpeech, NewLineReplacesOnesNotYetSpoken) {
    Heard heard;
    LineSpeaker speaker(
        [&heard](SpeechAudio a) {
            const std::lock_guard<std::mutex> lock(heard.m);
            heard.played.push_back(std::move(a));
            heard.cv.notify_all();
        },
        {});
    // Ten lines at once, as a trainee tabbing fast through options: at most the one being made
    // when the next came, and the last, are heard; never all ten.
    for (int i = 0; i < 9; ++i) speaker.say("Option number " + std::to_string(i + 1) + ".", "en");
    speaker.say("The last option, which is read in full.", "en");
    ASSERT_TRUE(heard.wait_for(1));
    // The last line is the longest by far; espeak-ng's chunks differ a little from one run to the
    // next, so it is told apart by its length.
    const std::size_t option_len = synthesise("Option number 9.", "en").samples.size();
    const std::size_t last_len = synthesise("The last option, which is read in full.", "en").samples.size();
    ASSERT_GT(last_len, option_len * 3 / 2);
    const auto last_heard = [&] {
        const std::lock_guard<std::mutex> lock(heard.m);
        return heard.played.back().samples.size() > option_len * 3 / 2;
    };
    // The worker drains what is pending; it hands the last line over in the end.
    for (int tries = 0; tries < 600 && !last_heard(); ++tries)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(last_heard());
    const std::lock_guard<std::mutex> lock(heard.m);
    EXPECT_LT(heard.played.size(), 10u);
    for (std::size_t i = 0; i + 1 < heard.played.size(); ++i)
        EXPECT_LT(heard.played[i].samples.size(), last_len) << "an older line after the last one";
}

// [SECTION] What the play screen reads

using ReadAloudTest = salesim::window::testing::GameTest;

TEST_F(ReadAloudTest, ReadsTheBuyerThenAMovedFocusThenTheNextReply) {
    Game game = make();
    game.start("tutorial-first-sale", 7);
    const Session* s = game.session();
    ASSERT_NE(s, nullptr);
    const std::string lang = "en";
    ReadAloud read;
    const auto first = read.next(s, std::nullopt, lang);
    ASSERT_TRUE(first.has_value());
    EXPECT_EQ(*first, buyer_words(*s, lang));
    EXPECT_NE(first->find(s->current().prompt.get(lang)), std::string::npos) << *first;
    // Nothing new: nothing said; the focus the screen gives option 1 is not read over the buyer.
    EXPECT_FALSE(read.next(s, std::nullopt, lang));
    EXPECT_FALSE(read.next(s, 0, lang));
    // The trainee moves to option 2: its words are read.
    const auto option = read.next(s, 1, lang);
    ASSERT_TRUE(option.has_value());
    EXPECT_EQ(*option, option_words(*s, 1, lang));
    EXPECT_NE(option->find(s->current().options[1].say.get(lang)), std::string::npos);
    EXPECT_FALSE(read.next(s, 1, lang));

    game.choose(0);
    // The focus still on the last decision's option 2; then the new decision focuses its option 1:
    // neither is read over the buyer's reply.
    const auto reply = read.next(game.session(), 1, lang);
    ASSERT_TRUE(reply.has_value());
    EXPECT_FALSE(read.next(game.session(), 0, lang));
    EXPECT_EQ(read.current(), *reply);
    EXPECT_NE(*reply, *first);
    // The buyer's answer comes after the trainee's line, never the trainee's own words.
    const auto& lines = game.session()->transcript();
    for (const Line& l : lines) {
        if (l.speaker == Speaker::Seller && !l.text.get(lang).empty()) {
            EXPECT_EQ(reply->find(l.text.get(lang)), std::string::npos) << l.text.get(lang);
        }
    }
    EXPECT_FALSE(read.next(nullptr, std::nullopt, lang));
}

// [SECTION] The settings

TEST_F(ReadAloudTest, ReadAloudAndFontAreOffByDefaultAndKeptInTheSettings) {
    {
        Game game = make();
        EXPECT_FALSE(game.prefs().read_aloud);
        EXPECT_EQ(game.prefs().font, FontChoice::Standard);
        UiState ui;
        ui.font_dirty = false;
        apply(game, ui, cmd::SetReadAloud{true}, 1);
        apply(game, ui, cmd::SetFont{FontChoice::OpenDyslexic}, 1);
        EXPECT_TRUE(ui.font_dirty) << "a new font needs the atlas rebuilt";
    }
    const Game again = make();
    EXPECT_TRUE(again.prefs().read_aloud);
    EXPECT_EQ(again.prefs().font, FontChoice::OpenDyslexic);
    // An unknown font name (a newer version's, a typo) keeps the standard one.
    EXPECT_EQ(prefs_from_json(R"({"font": "comic"})", "settings.json").font, FontChoice::Standard);
    EXPECT_FALSE(prefs_from_json(R"({"read_aloud": "yes"})", "settings.json").read_aloud);
}
