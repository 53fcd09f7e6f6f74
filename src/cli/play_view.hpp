// How `salesim play` shows a session in a terminal: banners, lines, options, verdicts and the debrief.
#pragma once

#include <salesim/app/attempt_controller.hpp>
#include <salesim/session.hpp>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

namespace salesim::cli {

/// Prints the session of an attempt as it is played: it reads the attempt, never changes it.
class PlayView {
public:
    /// `attempt` has a session and outlives the view.
    PlayView(const app::AttemptController& attempt, std::string ui_lang, std::ostream& out);

    const Session& session() const { return *m_attempt.session(); }
    const std::string& ui_lang() const { return m_ui; }

    /// Title, buyer, seed, summary, goals and the keys.
    void show_intro();
    /// Title and buyer, then the lines of the stage being played.
    void show_resumed();
    /// What led up to the decision at hand, the buyer's state and the numbered options.
    void show_decision(bool with_keys);
    /// The keys to type (without h when the mode offers no hints).
    void show_keys();
    /// What the mode shows, for any mode but guided (whose output is the game as it always was).
    void show_mode();
    /// Prints `hint`, just taken for the decision at hand.
    void show_hint(const Hint& hint);
    /// Prints what the choice just made (`rec`) did: the lines it brought and the verdict.
    void show_choice(const DecisionRecord& rec);
    /// Outcome, score, stage scores and every decision with its feedback.
    void show_debrief();
    /// Lines the session said since the last call (the ending narration, for example), up to
    /// transcript line `limit` (exclusive).
    void show_new_lines(std::size_t limit = static_cast<std::size_t>(-1));

private:
    std::string option_text(const Decision& d, std::size_t index) const;
    void say_line(const Line& line);
    void banner(Stage s);

    const app::AttemptController& m_attempt;
    std::string m_ui;    ///< language of the command line's own words
    std::string m_text;  ///< language of the scenario's texts
    std::ostream& m_out;
    std::size_t m_width;
    std::size_t m_printed = 0;  ///< transcript lines shown so far
    std::size_t m_asked = 0;    ///< transcript lines when the decision at hand was shown
    std::optional<Stage> m_banner;
    std::optional<std::size_t>
        m_lead_line;  ///< the seller's line that picked a lead, shown by the lead's name
    std::string m_lead_name;
};

}  // namespace salesim::cli
