// How `salesim play` shows a session in a terminal: banners, lines, options, verdicts and the debrief.
#pragma once

#include <salesim/session.hpp>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace salesim::cli {

/// Drives one session and prints it. Keeps a copy of every decision as it was offered, so the
/// debrief can show the better option's words.
class PlayView {
public:
    /// `history` holds the decisions already taken (a resumed session), in order.
    PlayView(Session session, std::vector<Decision> history, std::string ui_lang, std::ostream& out);

    Session& session() { return m_session; }
    const Session& session() const { return m_session; }
    const std::string& ui_lang() const { return m_ui; }

    /// Title, buyer, seed, summary, goals and the keys.
    void show_intro();
    /// Title and buyer, then the lines of the stage being played.
    void show_resumed();
    /// What led up to the decision at hand, the buyer's state and the numbered options.
    void show_decision(bool with_keys);
    void show_keys();
    /// Takes a hint and prints it.
    void show_hint();
    /// Takes option `index` (0-based) and prints what it did.
    void choose(std::size_t index);
    /// Outcome, score, stage scores and every decision with its feedback.
    void show_debrief();
    /// Lines the session said since the last call (the ending narration, for example), up to
    /// transcript line `limit` (exclusive).
    void show_new_lines(std::size_t limit = static_cast<std::size_t>(-1));

private:
    std::string option_text(const Decision& d, std::size_t index) const;
    void say_line(const Line& line);
    void banner(Stage s);

    Session m_session;
    std::vector<Decision> m_history;
    std::string m_ui;    ///< language of the command line's own words
    std::string m_text;  ///< language of the scenario's texts
    std::ostream& m_out;
    std::size_t m_width;
    std::size_t m_printed = 0;  ///< transcript lines shown so far
    std::optional<Stage> m_banner;
    std::optional<std::size_t>
        m_lead_line;  ///< the seller's line that picked a lead, shown by the lead's name
    std::string m_lead_name;
};

}  // namespace salesim::cli
