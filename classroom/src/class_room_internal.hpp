// The class's members and decision points (class_room.cpp and board.cpp).
#pragma once

#include "salesim/classroom/class_room.hpp"

#include <salesim/results/uuid.hpp>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace salesim::classroom {

struct ClassRoom::Member {
    int number = 0;
    std::string name;
    std::string token;
    std::string registration;
    std::int64_t trainee_id = 0;
    results::AttemptId attempt = 0;
    std::optional<Session> session;
    bool removed = false;
    bool banned = false;
    bool seen = false;
    Clock::time_point last_seen{};
    int streams = 0;       ///< open event streams
    std::string at_point;  ///< the point of the decision at hand; "" once finished
    int max_stage = 0;     ///< the furthest stage reached
    /// Grows with every change to what this trainee's class view shows alone (see view_changed);
    /// their event stream waits on `view_cv`, so one trainee's decision wakes only their stream.
    std::uint64_t view_version = 0;
    mutable std::condition_variable view_cv;
};

struct ClassRoom::Point {
    struct OptionInfo {
        std::string key;  ///< what tells options apart across trainees: the move, and the lead's id
        std::string move;
        std::string label;
        std::string verdict;
        std::string feedback;
        bool scored = true;
    };
    std::string name;
    std::string kind;
    std::string ref;
    std::string prompt;
    bool described = false;
    std::vector<OptionInfo> options;
    std::set<int> reached;  ///< member numbers
    std::set<int> decided;
    std::map<std::string, int> counts;  ///< decisions by option key
    std::map<int, int> votes;           ///< member number -> option index
    bool frozen = false;
    bool released = false;
    bool distribution_shown = false;
    bool verdicts_shown = false;
    std::optional<Clock::time_point> timer_end;

    int& count(const std::string& key) { return counts[key]; }
};

/// Option `i` of `d` as the class counts it.
inline std::string option_key(const Decision& d, std::size_t i) {
    if (i >= d.options.size()) return std::string();
    return d.options[i].move + "/" + d.options[i].ref;
}

}  // namespace salesim::classroom
