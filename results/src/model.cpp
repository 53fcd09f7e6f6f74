// The results model's small helpers: status ids and timestamps.
#include "salesim/results/store.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace salesim::results {

std::string_view to_string(AttemptStatus s) {
    switch (s) {
        case AttemptStatus::InProgress:
            return "in_progress";
        case AttemptStatus::Finished:
            return "finished";
        case AttemptStatus::Abandoned:
            return "abandoned";
    }
    return "in_progress";
}

std::optional<AttemptStatus> parse_attempt_status(std::string_view id) {
    if (id == "in_progress") return AttemptStatus::InProgress;
    if (id == "finished") return AttemptStatus::Finished;
    if (id == "abandoned") return AttemptStatus::Abandoned;
    return std::nullopt;
}

std::optional<Group> required_mode_group(const ResultsStore& store, std::int64_t trainee_id) {
    std::optional<Group> out;
    // groups_of() is by name, so the first of the strictest wins.
    for (const Group& g : store.groups_of(trainee_id))
        if (g.mode && (!out || *g.mode > *out->mode)) out = g;
    return out;
}

std::map<std::int64_t, std::vector<DecisionRow>> ResultsStore::decisions_of(const AttemptFilter& f) const {
    std::map<std::int64_t, std::vector<DecisionRow>> out;
    for (const Attempt& a : attempts(f)) out[a.id] = decisions(a.id);
    return out;
}

std::string now_iso8601() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t t = system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buf;
}

}  // namespace salesim::results
