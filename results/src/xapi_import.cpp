// xAPI import into the store: a file's statements grouped by attempt, compared with what the store
// holds, and written in one transaction.
#include "salesim/results/exchange.hpp"

#include "salesim/loader.hpp"
#include "salesim/results/json_limits.hpp"
#include "xapi_internal.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

namespace salesim::results {

using namespace xapi_detail;

namespace {

const std::string conflict_help =
    "help: the file and this store disagree about the same attempt; import the file into an empty "
    "folder (--data-dir) to compare the two, and keep the one that is right";

// One statement is a few kilobytes; a bigger one is not ours, and parsing it whole would cost
// several times its size.
constexpr std::size_t max_statement_bytes = 4u << 20;

// ---- comparing what two sources say about one attempt

// A fact on which two accounts of the same thing differ: its name and the two values.
struct Difference {
    std::string what;
    std::string first;
    std::string second;
};

std::optional<Difference> differ(const std::string& what, const std::string& a, const std::string& b) {
    if (a == b) return std::nullopt;
    return Difference{what, a, b};
}

std::string scores_text(const std::map<std::string, int>& m) {
    std::string out;
    for (const auto& [k, v] : m) out += (out.empty() ? "" : ", ") + k + " " + std::to_string(v);
    return out;
}

std::optional<Difference> attempt_difference(const Attempt& a, const Attempt& b) {
    if (auto d = differ("scenario", a.scenario_id, b.scenario_id)) return d;
    if (auto d = differ("content hash", a.content_hash, b.content_hash)) return d;
    if (auto d = differ("rule-book version", a.rulebook_version, b.rulebook_version)) return d;
    if (auto d = differ("persona", a.persona, b.persona)) return d;
    if (auto d = differ("seed", std::to_string(a.seed), std::to_string(b.seed))) return d;
    if (auto d = differ("language", a.lang, b.lang)) return d;
    if (auto d = differ("mode", std::string(to_string(a.mode)), std::string(to_string(b.mode)))) return d;
    return differ("start time", a.started, b.started);
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::optional<Difference> decision_difference(const DecisionRow& a, const DecisionRow& b) {
    if (auto d = differ("stage", a.stage, b.stage)) return d;
    if (auto d = differ("kind", a.kind, b.kind)) return d;
    if (auto d = differ("ref", a.ref, b.ref)) return d;
    if (auto d = differ("objection kind", a.objection_kind, b.objection_kind)) return d;
    if (auto d = differ("move", a.move, b.move)) return d;
    if (auto d = differ("rule", a.rule_id, b.rule_id)) return d;
    if (auto d = differ("verdict", a.verdict, b.verdict)) return d;
    if (auto d = differ("points", std::to_string(a.points), std::to_string(b.points))) return d;
    if (auto d = differ("hint", a.hinted ? "taken" : "not taken", b.hinted ? "taken" : "not taken")) return d;
    // The store keeps the best moves joined with commas: compare them as it gives them back.
    if (auto d = differ("best moves", joined(a.best_moves), joined(b.best_moves))) return d;
    if (auto d = differ("option chosen", std::to_string(a.chosen), std::to_string(b.chosen))) return d;
    return differ("time", a.timestamp, b.timestamp);
}

std::optional<Difference> final_difference(const FinalFacts& a, const std::string& a_finished,
                                           const FinalFacts& b, const std::string& b_finished) {
    if (auto d = differ("score", std::to_string(a.overall), std::to_string(b.overall))) return d;
    if (auto d = differ("result", a.passed ? "passed" : "failed", b.passed ? "passed" : "failed")) return d;
    if (auto d = differ("outcome", a.outcome, b.outcome)) return d;
    if (auto d = differ("hints", std::to_string(a.hints), std::to_string(b.hints))) return d;
    if (auto d = differ("stage scores", scores_text(a.stage_scores), scores_text(b.stage_scores))) return d;
    if (auto d =
            differ("competency scores", scores_text(a.competency_scores), scores_text(b.competency_scores)))
        return d;
    return differ("end time", a_finished, b_finished);
}

FinalFacts final_of(const Attempt& a) {
    return FinalFacts{a.overall, a.passed, a.outcome, a.hints, a.stage_scores, a.competency_scores};
}

// "another seed: '7' in this store, '8' in this file"
std::string told(const Difference& d, const std::string& first_place, const std::string& second_place) {
    return "another " + d.what + ": '" + shown(d.first) + "' " + first_place + ", '" + shown(d.second) +
           "' " + second_place;
}

// Whether the stored trainee can be the file's: the same uuid, external id or name.
bool same_person(const Trainee& stored, const Trainee& file) {
    return stored.uuid == file.uuid ||
           (!file.external_id.empty() && stored.external_id == file.external_id) || stored.name == file.name;
}

// ---- the file's statements, attempt by attempt

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

struct FileAttempt {
    std::string registration;
    std::size_t start = none;             ///< indices into the statements
    std::map<int, std::size_t> answered;  ///< by decision index
    std::size_t completed = none;
    std::size_t abandoned = none;
    std::vector<std::size_t> judged;  ///< passed / failed: repeat what "completed" carries
};

// Statements that share an id must say the same; the later ones are then repeats.
void mark_repeated_ids(std::string_view text, const std::string& source,
                       std::vector<ParsedStatement>& statements) {
    std::vector<std::size_t> by_id(statements.size());
    for (std::size_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
    std::stable_sort(by_id.begin(), by_id.end(),
                     [&](std::size_t x, std::size_t y) { return statements[x].id < statements[y].id; });
    for (std::size_t k = 1; k < by_id.size(); ++k) {
        const ParsedStatement& first = statements[by_id[k - 1]];
        ParsedStatement& again = statements[by_id[k]];
        if (again.id != first.id) continue;
        // Compared as JSON values, so the order of members and the spacing do not matter.
        const auto a =
            nlohmann::json::parse(text.data() + first.begin, text.data() + first.begin + first.size);
        const auto b =
            nlohmann::json::parse(text.data() + again.begin, text.data() + again.begin + again.size);
        if (a != b)
            fail(source, again,
                 "statement " + std::to_string(first.number) + " has the same id and different content",
                 "help: an id names one statement; keep the right one of statements " +
                     std::to_string(first.number) + " and " + std::to_string(again.number) +
                     " and remove the other");
        again.repeated = true;
    }
}

// Groups the statements by attempt, in the order the attempts first appear; two statements of one
// attempt that say different things about the same part of it are refused.
std::vector<FileAttempt> group_by_attempt(const std::string& source,
                                          std::vector<ParsedStatement>& statements) {
    std::vector<FileAttempt> attempts;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        ParsedStatement& s = statements[i];
        if (s.repeated) continue;
        auto [it, added] = index.emplace(s.registration, attempts.size());
        if (added) attempts.push_back(FileAttempt{s.registration, none, {}, none, none, {}});
        FileAttempt& fa = attempts[it->second];
        auto same_as = [&](std::size_t earlier_index, const std::optional<Difference>& d) {
            const ParsedStatement& earlier = statements[earlier_index];
            if (d)
                fail(source, s,
                     "statement " + std::to_string(earlier.number) + " says otherwise about attempt " +
                         s.registration + ": " + told(*d, "there", "here"),
                     "help: keep the right one of statements " + std::to_string(earlier.number) + " and " +
                         std::to_string(s.number) + " and remove the other");
            s.repeated = true;
        };
        switch (s.verb) {
            case Verb::Attempted:
                if (fa.start == none) {
                    fa.start = i;
                } else {
                    const StartFacts& e = *statements[fa.start].start;
                    auto d = attempt_difference(e.attempt, s.start->attempt);
                    if (!d) d = differ("trainee", e.trainee.uuid, s.start->trainee.uuid);
                    if (!d) d = differ("trainee name", e.trainee.name, s.start->trainee.name);
                    same_as(fa.start, d);
                }
                break;
            case Verb::Answered: {
                const auto [twin, first] = fa.answered.emplace(s.decision->index, i);
                if (!first)
                    same_as(twin->second,
                            decision_difference(*statements[twin->second].decision, *s.decision));
                break;
            }
            case Verb::Completed:
                if (fa.abandoned != none)
                    fail(source, s,
                         "statement " + std::to_string(statements[fa.abandoned].number) + " says attempt " +
                             s.registration + " was abandoned, and this one that it was completed",
                         "help: keep the right one of the two and remove the other");
                if (fa.completed == none)
                    fa.completed = i;
                else
                    same_as(fa.completed,
                            final_difference(*statements[fa.completed].final,
                                             statements[fa.completed].timestamp, *s.final, s.timestamp));
                break;
            case Verb::Abandoned:
                if (fa.completed != none)
                    fail(source, s,
                         "statement " + std::to_string(statements[fa.completed].number) + " says attempt " +
                             s.registration + " was completed, and this one that it was abandoned",
                         "help: keep the right one of the two and remove the other");
                if (fa.abandoned == none)
                    fa.abandoned = i;
                else
                    same_as(fa.abandoned,
                            differ("end time", statements[fa.abandoned].timestamp, s.timestamp));
                break;
            case Verb::Passed:
            case Verb::Failed:
                fa.judged.push_back(i);
                break;
        }
    }
    return attempts;
}

// ---- writing

struct Importer {
    ResultsStore& store;
    const std::string& source;
    const ImportOptions& opts;
    std::vector<ParsedStatement>& statements;
    ImportCounts& counts;

    [[noreturn]] void conflict(const ParsedStatement& s, const std::string& registration,
                               const std::string& what) const {
        fail(source, s, "attempt " + registration + " is already in this store with " + what, conflict_help);
    }

    std::int64_t add_new(const FileAttempt& fa) {
        if (fa.start == none) {
            const std::size_t first = !fa.answered.empty()   ? fa.answered.begin()->second
                                      : fa.completed != none ? fa.completed
                                      : fa.abandoned != none ? fa.abandoned
                                                             : fa.judged.front();
            fail(source, statements[first],
                 "attempt " + fa.registration +
                     " has no 'attempted' statement in the file, and this store does not know it");
        }
        const StartFacts& f = *statements[fa.start].start;
        // The same person may have been created separately on two machines: match the uuid first,
        // then the LMS id, then the name.
        auto found = store.find_trainee_by_uuid(f.trainee.uuid);
        if (!found && !f.trainee.external_id.empty())
            found = store.find_trainee_by_external_id(f.trainee.external_id);
        if (!found) found = store.find_trainee(f.trainee.name);
        if (!found) {
            found = store.add_trainee(f.trainee);
            ++counts.trainees_added;
        }
        for (const std::string& name : f.groups) {
            auto group = store.find_group(name);
            if (!group) {
                group = store.add_group(name);
                ++counts.groups_added;
            }
            store.join_group(group->id, found->id);
        }
        Attempt a = f.attempt;
        a.trainee_id = found->id;
        ++counts.attempts_added;
        return store.add_attempt(a);
    }

    // The file's start of an attempt this store has: the same attempt, or a conflict.
    void compare_start(const FileAttempt& fa, const Attempt& here) {
        const ParsedStatement& s = statements[fa.start];
        if (auto d = attempt_difference(here, s.start->attempt))
            conflict(s, fa.registration, told(*d, "in the store", "in this file"));
        const Trainee who = store.trainee(here.trainee_id).value_or(Trainee{});
        if (!same_person(who, s.start->trainee))
            conflict(s, fa.registration,
                     "another trainee: '" + shown(who.name) + "' in the store, '" +
                         shown(s.start->trainee.name) + "' in this file");
        ++counts.skipped;
    }

    // Decision indices beyond what a session of the scenario can reach are refused when this
    // machine has the very scenario the attempt was played on; other attempts are kept and named.
    void check_scenario(const FileAttempt& fa, const Attempt& a, bool& unchecked) const {
        if (opts.library == nullptr) return;
        const Scenario* scn = opts.library->find(a.scenario_id);
        if (scn == nullptr || scn->content_hash != a.content_hash) {
            unchecked = true;
            return;
        }
        const std::optional<int> limit = max_decisions(*scn);
        if (!limit) return;
        for (const auto& [index, i] : fa.answered) {
            const ParsedStatement& s = statements[i];
            if (index >= *limit)
                fail(
                    source, s,
                    "decision index " + std::to_string(s.decision->index) +
                        " is out of range: a session of '" + a.scenario_id + "' has at most " +
                        std::to_string(*limit) + " decisions (indices 0 to " + std::to_string(*limit - 1) +
                        ")",
                    "help: an attempt's decisions are numbered from 0 in the order they were made; this file "
                    "was not written by `salesim export --format xapi`, or was changed since");
        }
    }

    void import(const FileAttempt& fa) {
        auto existing = store.find_attempt(fa.registration);
        const bool is_new = !existing;
        if (existing && fa.start != none) compare_start(fa, *existing);
        const std::int64_t attempt_id = existing ? existing->id : add_new(fa);
        const Attempt before = *store.attempt(attempt_id);
        bool unchecked = false;
        check_scenario(fa, before, unchecked);
        bool wrote = is_new;

        std::map<int, DecisionRow> have;
        for (DecisionRow& d : store.decisions(attempt_id)) have.emplace(d.index, std::move(d));
        for (const auto& entry : fa.answered) {
            const ParsedStatement& s = statements[entry.second];
            const DecisionRow& d = *s.decision;
            if (auto it = have.find(d.index); it != have.end()) {
                if (auto diff = decision_difference(it->second, d))
                    conflict(s, fa.registration,
                             "another decision " + std::to_string(d.index + 1) + ", " +
                                 told(*diff, "in the store", "in this file"));
                ++counts.skipped;
                continue;
            }
            if (before.status != AttemptStatus::InProgress)
                conflict(s, fa.registration,
                         "no decision " + std::to_string(d.index + 1) + ": it is " +
                             std::string(to_string(before.status)) + " there without it");
            store.add_decision(attempt_id, d);
            ++counts.decisions_added;
            wrote = true;
        }

        Attempt a = before;
        bool closed_now = false;
        if (fa.completed != none) {
            const ParsedStatement& s = statements[fa.completed];
            if (a.status == AttemptStatus::InProgress) {
                const FinalFacts& f = *s.final;
                a.overall = f.overall;
                a.passed = f.passed;
                a.outcome = f.outcome;
                a.hints = f.hints;
                a.stage_scores = f.stage_scores;
                a.competency_scores = f.competency_scores;
                a.finished = s.timestamp;
                a.status = AttemptStatus::Finished;
                store.update_attempt(a);
                ++counts.attempts_closed;
                closed_now = true;
            } else if (a.status == AttemptStatus::Abandoned) {
                conflict(s, fa.registration,
                         "another ending: abandoned in the store, completed in this file");
            } else {
                if (auto d = final_difference(final_of(a), a.finished, *s.final, s.timestamp))
                    conflict(s, fa.registration, told(*d, "in the store", "in this file"));
                ++counts.skipped;
            }
        } else if (fa.abandoned != none) {
            const ParsedStatement& s = statements[fa.abandoned];
            if (a.status == AttemptStatus::InProgress) {
                a.status = AttemptStatus::Abandoned;
                a.finished = s.timestamp;
                store.update_attempt(a);
                ++counts.attempts_closed;
                closed_now = true;
            } else if (a.status == AttemptStatus::Finished) {
                conflict(s, fa.registration,
                         "another ending: completed in the store, abandoned in this file");
            } else {
                if (auto d = differ("end time", a.finished, s.timestamp))
                    conflict(s, fa.registration, told(*d, "in the store", "in this file"));
                ++counts.skipped;
            }
        }
        // passed/failed repeat what "completed" carries.
        if (!closed_now) counts.skipped += static_cast<int>(fa.judged.size());
        wrote = wrote || closed_now;

        if (unchecked && wrote) {
            const bool other_version = opts.library->find(a.scenario_id) != nullptr;
            auto& list = other_version ? counts.changed_scenarios : counts.unknown_scenarios;
            if (std::find(list.begin(), list.end(), a.scenario_id) == list.end())
                list.push_back(a.scenario_id);
        }
    }
};

}  // namespace

std::optional<int> max_decisions(const Scenario& scenario) {
    // A close that is no closing attempt (other than the trial close, which is never offered twice
    // in a row) could be chosen again and again.
    if (scenario.rules)
        for (const Rule& r : scenario.rules->rules)
            if (r.stage == Stage::Closing && r.move != to_string(Technique::Trial) && !r.effects.closes)
                return std::nullopt;
    int n = 0;
    for (const StageContent& st : scenario.stages) {
        const int steps = static_cast<int>(st.steps.size());
        switch (st.stage) {
            case Stage::Prospecting:
                n += st.leads.empty() ? 0 : 1;
                break;
            case Stage::Presentation:
                n += 2 * steps;  // each step, and a trial close before it
                break;
            case Stage::Objections:
                // Each objection (a concealed one once revealed) is answered and checked in this
                // stage, and again when it comes back at the close.
                n += 4 * static_cast<int>(st.objections.size());
                break;
            case Stage::Closing:
                n += 2 * scenario.rubric.close_attempts;  // each attempt, and a trial close before it
                break;
            case Stage::PreApproach:
            case Stage::Approach:
            case Stage::FollowUp:
                n += steps;
                break;
        }
    }
    return n;
}

ImportCounts import_xapi(ResultsStore& store, std::string_view json_text, const std::string& source,
                         const ImportOptions& opts) {
    if (json_text.size() > max_import_bytes)
        throw StoreError(source + ": error: larger than " + std::to_string(max_import_bytes >> 20) +
                         " MiB (" + std::to_string(json_text.size()) +
                         " bytes)\nhelp: export fewer attempts per file (--since, --group)");
    if (const auto deep = json_too_deep(json_text))
        throw StoreError(source + ":" + std::to_string(deep->line) + ":" + std::to_string(deep->column) +
                         ": error: arrays and objects nested deeper than " + std::to_string(max_json_depth) +
                         " levels\nhelp: import reads the JSON array written by `salesim export --format "
                         "xapi`, which nests 8 levels at most");
    check_syntax(json_text, source);
    const auto spans = statement_spans(json_text);
    if (!spans)
        throw StoreError(source +
                         ": error: expected a JSON array of xAPI statements\n"
                         "help: import reads files written by `salesim export --format xapi`");

    // Each statement is parsed alone and kept as its typed facts only. Every part is checked with
    // need() and member(); should a shape still slip through to the JSON library, its error becomes
    // an import error too (the transaction has rolled back).
    ImportCounts counts;
    try {
        std::vector<ParsedStatement> statements(spans->size());
        for (std::size_t i = 0; i < spans->size(); ++i) {
            ParsedStatement& s = statements[i];
            s.number = static_cast<int>(i) + 1;
            s.begin = (*spans)[i].begin;
            s.size = (*spans)[i].size;
            if (s.size > max_statement_bytes)
                fail(source, s,
                     "the statement is larger than " + std::to_string(max_statement_bytes >> 20) + " MiB (" +
                         std::to_string(s.size) + " bytes); Salesim's statements are a few kilobytes");
            read_statement(source,
                           json::parse(json_text.data() + s.begin, json_text.data() + s.begin + s.size), s);
        }
        mark_repeated_ids(json_text, source, statements);
        const std::vector<FileAttempt> attempts = group_by_attempt(source, statements);

        counts.statements = static_cast<int>(statements.size());
        for (const ParsedStatement& s : statements)
            if (s.repeated) ++counts.skipped;
        Importer importer{store, source, opts, statements, counts};
        store.transaction([&] {
            for (const FileAttempt& fa : attempts) importer.import(fa);
        });
    } catch (const json::exception& e) {
        throw StoreError(source + ": error: a statement has a part of an unexpected shape (" + e.what() +
                         ")\nhelp: import reads files written by `salesim export --format xapi`");
    }
    return counts;
}

}  // namespace salesim::results
