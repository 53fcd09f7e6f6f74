// Playing an attempt in a class: the trainee's side of the protocol over the attempt controller.
// The terminal's `play --join` and the window's "Join a class" both drive it.
#pragma once

#include "salesim/classroom/client.hpp"

#include <salesim/app/attempt_controller.hpp>
#include <salesim/loader.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace salesim::classroom {

/// Where the trainee stands at the decision at hand.
enum class ClassTurn {
    Decide,    ///< choose as usual
    Vote,      ///< the class is frozen here: the choice is a vote, applied on release
    Waiting,   ///< the vote is counted; waiting for the trainer's release
    Released,  ///< the point of the vote was released: apply_vote() takes it
    Finished,  ///< the attempt is over
    Ended,     ///< the trainer ended the class
    Removed,   ///< the trainer removed this trainee
};

class ClassPlay {
public:
    /// `data_dir` holds the link files (classes/); `attempt` records locally as any play does.
    ClassPlay(ClassClient& client, app::AttemptController& attempt, std::filesystem::path data_dir,
              const results::ResultsStore* local_store = nullptr);

    /// Joins (or rejoins, with the token kept from an earlier run) and starts or resumes the
    /// attempt with the class's scenario from `library`: the local copy goes on from whichever of
    /// the local link and the server holds more, and what the server lacks is queued. Throws
    /// ClientError (refused, unreachable) or std::runtime_error (the scenario is not here or differs).
    const JoinInfo& connect(const std::string& code, const std::string& name, const Library& library);
    const JoinInfo& info() const { return m_info; }

    /// Where the trainee stands now (from the latest state the server sent).
    ClassTurn turn();
    /// The point of the decision at hand ("" when finished).
    std::string point() const;
    /// Takes the option (as AttemptController::choose) and sends it; a server that cannot be
    /// reached leaves it queued. Returns the record.
    const DecisionRecord& choose(std::size_t option, bool hinted);
    /// Applies the vote cast at a point now released (turn() said Released), as choose() does.
    const DecisionRecord& apply_vote();
    /// Casts the vote at the frozen point; returns false when the server could not take it (then
    /// it is cast again on the next wait).
    bool vote(std::size_t option);
    /// Waits up to `timeout` for the class to change (a release, a freeze, the end); applies a
    /// vote whose point was released and returns true when it did.
    bool wait(std::chrono::milliseconds timeout);
    /// Sends what the server has not acknowledged; true when nothing is left.
    bool flush();
    std::size_t unsent() const { return m_link.choices.size() - m_link.acknowledged; }
    /// True once a send failed for want of the server (said once; cleared when sending works).
    bool offline() const { return m_offline; }
    /// The vote cast at the point at hand, if any.
    std::optional<std::size_t> vote_cast() const;
    const ClassState& state() const { return m_state; }
    const std::filesystem::path& link_path() const { return m_link_file; }

private:
    void save_link();
    void refresh();

    ClassClient& m_client;
    app::AttemptController& m_attempt;
    std::filesystem::path m_data_dir;
    std::filesystem::path m_link_file;
    ClassLink m_link;
    JoinInfo m_info;
    ClassState m_state;
    const results::ResultsStore* m_local_store;
    std::uint64_t m_seen = 0;
    bool m_offline = false;
    bool m_vote_sent = true;
    bool m_stuck = false;  ///< the server holds another choice at an index: nothing more is sent
};

}  // namespace salesim::classroom
