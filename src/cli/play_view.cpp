// How `salesim play` shows a session in a terminal: banners, lines, options, verdicts and the debrief.
#include "cli/play_view.hpp"

#include "cli/common.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/decision_feedback.hpp>
#include <salesim/app/display_text.hpp>

#include <algorithm>
#include <filesystem>
#include <utility>

namespace salesim::cli {

namespace {

std::string pad_left(const std::string& text, std::size_t width) {
    return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}

// A scenario's words come from a file anyone may have written: shown escaped, never acted on.
std::string shown(const std::string& text) {
    return app::display_lines(text);
}

}  // namespace

PlayView::PlayView(const app::AttemptController& attempt, std::string ui_lang, std::ostream& out)
    : m_attempt(attempt),
      m_ui(std::move(ui_lang)),
      m_text(session().scenario().language_or_default(m_ui)),
      m_out(out),
      m_width(output_width()) {}

void PlayView::show_intro() {
    const Scenario& s = session().scenario();
    const Persona& p = s.persona;
    m_out << app::display_line(s.title.get(m_text)) << "\n";
    std::string who = std::string(tr(m_ui, Msg::Buyer)) + ": " + app::display_line(p.name);
    if (!p.role.empty()) who += ", " + app::display_line(p.role.get(m_text));
    m_out << who << " · " << tr(m_ui, Msg::Seed) << " " << session().seed() << "\n";
    if (!s.summary.empty()) m_out << "\n" << wrap(shown(s.summary.get(m_text)), m_width, "", "");
    if (!s.goals.empty()) {
        m_out << "\n" << tr(m_ui, Msg::Goals) << "\n";
        for (const Text& g : s.goals) m_out << wrap(shown(g.get(m_text)), m_width, "  • ", "    ");
    }
    m_out << "\n";
    show_mode();
    show_keys();
}

void PlayView::show_mode() {
    // Guided is the game as it always was: nothing to say about it.
    const Mode mode = m_attempt.mode();
    if (mode == Mode::Guided) return;
    const std::string id(to_string(mode));
    m_out << wrap(
        fill(tr(m_ui, "cli.play.mode_line"), {{"mode", std::string(tr(m_ui, "cli.mode." + id))},
                                              {"what", std::string(tr(m_ui, "cli.mode." + id + "_what"))}}),
        m_width, "", "");
}

void PlayView::show_resumed() {
    const Scenario& s = session().scenario();
    m_out << app::display_line(s.title.get(m_text)) << "\n";
    m_out << tr(m_ui, Msg::Buyer) << ": " << app::display_line(s.persona.name) << " · " << tr(m_ui, Msg::Seed)
          << " " << session().seed() << "\n";
    m_out << fill(tr(m_ui, Msg::Resumed), {{"n", std::to_string(session().decisions().size())}}) << "\n";
    show_mode();
    // Replay the lines of the stage at hand so the trainee knows where the conversation stands.
    const auto& lines = session().transcript();
    std::size_t first = lines.size();
    while (first > 0 && lines[first - 1].stage == session().stage()) --first;
    m_printed = first;
}

void PlayView::show_keys() {
    if (m_attempt.hints_allowed()) {
        m_out << wrap(tr(m_ui, Msg::Legend), m_width, "", "");
    } else {
        m_out << wrap(tr(m_ui, "cli.play.legend_no_hints"), m_width, "", "");
    }
}

// Scenario authors quote the buyer's words themselves and mix them with what happens, so buyer lines
// are printed as written; only the trainee's own lines are marked.
void PlayView::say_line(const Line& line) {
    const std::string text = shown(line.text.get(m_text));
    if (line.speaker == Speaker::Seller) {
        const std::string you = std::string(tr(m_ui, Msg::You)) + ": ";
        m_out << wrap(text, m_width, you, std::string(text_width(you), ' '));
    } else {
        m_out << wrap(text, m_width, "", "");
    }
}

void PlayView::banner(Stage s) {
    m_banner = s;
    m_out << "\n── " << stage_number(s) << "/" << all_stages.size() << " " << stage_name(m_ui, s) << " ──\n";
}

void PlayView::show_new_lines(std::size_t limit) {
    const auto& lines = session().transcript();
    for (; m_printed < lines.size() && m_printed < limit; ++m_printed) {
        const Line& line = lines[m_printed];
        if (!m_banner || *m_banner != line.stage) banner(line.stage);
        if (m_lead_line && *m_lead_line == m_printed) {
            say_line(Line{line.stage, line.speaker, Text(m_lead_name)});
        } else {
            say_line(line);
        }
    }
}

std::string PlayView::option_text(const Decision& d, std::size_t index) const {
    const Option& o = d.options.at(index);
    const std::string say = shown(o.say.get(m_text));
    // Methods, techniques and leads are named; in scripted steps the words alone are the choice.
    if (d.kind == DecisionKind::Step || o.label.empty()) return say;
    if (say.empty()) return shown(o.label.get(m_text));
    return shown(o.label.get(m_text)) + " — " + say;
}

void PlayView::show_decision(bool with_keys) {
    const Decision& d = session().current();
    const auto& lines = session().transcript();
    const Stage next = m_printed < lines.size() ? lines[m_printed].stage : d.stage;
    if (m_banner && *m_banner == next) m_out << "\n";
    show_new_lines();
    if (!m_banner || *m_banner != d.stage) banner(d.stage);
    // Stage intros and raised objections are already in the transcript; step prompts are not.
    const bool already_said = !lines.empty() && lines.back().text == d.prompt;
    if (!d.prompt.empty() && !already_said) say_line(Line{d.stage, d.speaker, d.prompt});

    if (shows_meters(m_attempt.mode())) {
        const BuyerState& b = session().buyer();
        m_out << "[" << tr(m_ui, Msg::Trust) << " " << b.trust << " · " << tr(m_ui, Msg::Interest) << " "
              << b.interest << " · " << tr(m_ui, Msg::Patience) << " " << b.patience << " · "
              << tr(m_ui, Msg::Readiness) << " " << b.readiness << "]\n";
    }
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        std::string number = std::to_string(i + 1) + ") ";
        if (d.options.size() >= 10 && i < 9) number = " " + number;
        const std::string first = "  " + number;
        m_out << wrap(option_text(d, i), m_width, first, std::string(text_width(first), ' '));
    }
    if (with_keys) show_keys();
    m_asked = lines.size();
}

void PlayView::show_hint(const Hint& h) {
    const HintCosts& cost = session().scenario().rules->hint_costs;
    if (h.level == 1) {
        // The nudge: a question to think with, and what the next hint would cost.
        m_out << wrap(fill(tr(m_ui, "cli.play.nudge_line"), {{"share", std::to_string(cost.nudge)}}), m_width,
                      "", "  ");
        if (!h.nudge.empty()) m_out << wrap(shown(h.nudge.get(m_text)), m_width, "  ", "  ");
        m_out << wrap(fill(tr(m_ui, "cli.play.nudge_more"), {{"share", std::to_string(cost.name)}}), m_width,
                      "  ", "  ");
        return;
    }
    const Decision& d = session().current();
    const Option& o = d.options.at(h.option);
    const std::string name = app::display_line(o.label.empty() ? h.move : o.label.get(m_text));
    m_out << wrap(
        fill(tr(m_ui, Msg::HintLine),
             {{"n", std::to_string(h.option + 1)}, {"move", name}, {"share", std::to_string(cost.name)}}),
        m_width, "", "  ");
    if (!h.why.empty()) m_out << wrap(shown(h.why.get(m_text)), m_width, "  ", "  ");
}

void PlayView::show_choice(const DecisionRecord& rec) {
    const Decision& d = rec.offered;
    const std::size_t index = rec.chosen;
    const std::size_t first_new = m_asked;
    const auto& lines = session().transcript();
    // The verdict follows the buyer's reply; what the session says after it (a sale, the next
    // stage) comes with the next question.
    std::size_t upto = first_new;
    if (upto < lines.size() && lines[upto].speaker == Speaker::Seller) {
        if (d.kind == DecisionKind::Lead) {
            m_lead_line = upto;
            m_lead_name = d.options[index].label.get(m_text);
        }
        ++upto;
    } else if (d.kind == DecisionKind::Lead) {
        // Picking a lead is not a line of the conversation, but the trainee should see what was picked.
        say_line(Line{d.stage, Speaker::Seller, Text(d.options[index].label.get(m_text))});
    }
    for (std::size_t k = first_new; k < lines.size(); ++k)
        if (lines[k].speaker != Speaker::Seller && lines[k].text == rec.reply) {
            upto = std::max(upto, k + 1);
            // The buying signal the reply gave is part of it.
            if (!rec.signal.empty() && upto < lines.size() && lines[upto].text == rec.signal) ++upto;
            break;
        }
    show_new_lines(upto);
    // Assessment keeps every verdict for the debrief.
    const Mode mode = m_attempt.mode();
    if (!shows_feedback(mode)) return;
    // The same line the window shows after a decision (salesim/app/decision_feedback.hpp).
    m_out << app::feedback_line(app::decision_feedback(rec, mode), ui_strings(), m_ui) << "\n";
}

void PlayView::show_debrief() {
    namespace fs = std::filesystem;
    show_new_lines();
    const Scenario& s = session().scenario();
    const ScoreCard card = session().score();
    m_out << "\n══ " << tr(m_ui, Msg::Debrief) << " ══\n";
    m_out << tr(m_ui, Msg::Outcome) << ": " << outcome_name(m_ui, card.outcome) << "\n";
    m_out << tr(m_ui, Msg::Score) << ": " << card.overall << "/100, "
          << fill(tr(m_ui, card.passed ? Msg::Passed : Msg::NotPassed),
                  {{"pass", std::to_string(s.rubric.pass)}})
          << "\n";

    m_out << "\n" << tr(m_ui, Msg::StageScores) << "\n";
    std::size_t name_width = 0;
    for (const StageContent& sc : s.stages)
        name_width = std::max(name_width, text_width(stage_name(m_ui, sc.stage)));
    for (const StageContent& sc : s.stages) {
        const auto slot = static_cast<std::size_t>(sc.stage);
        const auto it = card.stages.find(sc.stage);
        const int score = it == card.stages.end() ? 0 : it->second;
        // A stage the session never got to has no score to show, not a score of 0.
        const bool reached = card.reached(sc.stage);
        std::string line =
            "  " + std::to_string(stage_number(sc.stage)) + " " +
            pad(stage_name(m_ui, sc.stage), name_width) + "  " +
            (reached ? pad_left(std::to_string(score), 3) : std::string(tr(m_ui, Msg::NotReached)));
        if (reached && session().stage_decisions()[slot] == 0)
            line += "  (" + std::string(tr(m_ui, Msg::NotReached)) + ")";
        m_out << line << "\n";
    }

    m_out << "\n" << tr(m_ui, Msg::Decisions) << "\n";
    const auto& records = session().decisions();
    const std::string indent = "      ";
    for (std::size_t i = 0; i < records.size(); ++i) {
        const DecisionRecord& r = records[i];
        const Decision& d = r.offered;
        std::string head = std::to_string(i + 1) + ".";
        head = std::string(head.size() < 4 ? 4 - head.size() : 0, ' ') + head + " " +
               std::string(stage_name(m_ui, r.stage)) + " · " + std::string(verdict_mark(r.verdict)) + " " +
               std::string(verdict_name(m_ui, r.verdict)) + " · " +
               (r.scored ? fill(tr(m_ui, Msg::Points), {{"n", std::to_string(r.points)}})
                         : std::string(tr(m_ui, Msg::NotScored)));
        if (r.hinted || r.nudged)
            head += " (" + std::string(tr(m_ui, r.hinted ? "cli.play.hint_taken" : "cli.play.nudge_taken")) +
                    ", -" + std::to_string(r.hint_cost) + ")";
        m_out << head << "\n";
        m_out << wrap(option_text(d, r.chosen), m_width, indent + std::string(tr(m_ui, Msg::YouChose)) + ": ",
                      indent + "  ");
        if (!r.feedback.empty())
            m_out << wrap(shown(r.feedback.get(m_text)), m_width,
                          indent + std::string(tr(m_ui, Msg::Why)) + ": ", indent + "  ");
        if (r.verdict != Verdict::Best && r.better_offered()) {
            const std::size_t best = r.best_options.front();
            m_out << wrap(std::to_string(best + 1) + ") " + option_text(d, best), m_width,
                          indent + std::string(tr(m_ui, Msg::Better)) + ": ", indent + "  ");
        }
        if (r.rule != nullptr) {
            std::string rule =
                indent + std::string(tr(m_ui, Msg::Rule)) + ": " + app::display_line(r.rule->id);
            if (!r.rule->file.empty())
                rule += " (" + app::display_line(fs::path(r.rule->file).filename().string()) + ":" +
                        std::to_string(r.rule->loc.line) + ")";
            m_out << rule << "\n";
        }
    }
}

}  // namespace salesim::cli
