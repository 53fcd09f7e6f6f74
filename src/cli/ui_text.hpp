// The command line's own words in English and Finnish: stage names, verdicts, prompts, messages.
#pragma once

#include <salesim/domain.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace salesim::cli {

/// Every sentence the command line prints itself (content texts come from the scenario).
enum class Msg {
    FilesChecked1,
    FilesCheckedN,
    AllValid,
    Valid,
    Errors1,
    ErrorsN,
    Warnings1,
    WarningsN,
    InFiles1,
    InFilesN,
    ColId,
    ColFile,
    ColTitle,
    ColLangs,
    ColContext,
    ColLevel,
    ColStages,
    AllStages,
    NoScenarios,
    InvalidFiles1,
    InvalidFilesN,
    Legend,
    Goals,
    Buyer,
    Seed,
    You,
    Trust,
    Interest,
    Patience,
    Readiness,
    Points,
    HintTaken,
    NotUnderstood,
    EmptyInput,
    OutOfRange,
    HintLine,
    Saved,
    SaveFailed,
    Unfinished,
    ChoicesRanOut,
    ResumeWith,
    Resumed,
    Debrief,
    Outcome,
    Score,
    Passed,
    NotPassed,
    StageScores,
    NotReached,
    Decisions,
    YouChose,
    Why,
    Better,
    Rule,
    Count
};

/// `lang` is "fi" for Finnish; anything else gets English.
std::string_view tr(std::string_view lang, Msg m);
/// Replaces each `{key}` in `pattern` by its value.
std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string>> values);
/// `tr(one)` when n is 1, else `tr(many)`, with `{n}` filled in.
std::string count_text(std::string_view lang, long n, Msg one, Msg many);

std::string_view stage_name(std::string_view lang, Stage s);
std::string_view stage_short(std::string_view lang, Stage s);
std::string_view verdict_name(std::string_view lang, Verdict v);
/// ✓ for best and good, ~ for weak, ✗ for a mistake.
std::string_view verdict_mark(Verdict v);
std::string_view outcome_name(std::string_view lang, Outcome o);

}  // namespace salesim::cli
