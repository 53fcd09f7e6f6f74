// The command line's own words (stage names, verdicts, prompts, messages), looked up in the string
// tables of assets/strings/, and the list of languages those tables offer.
#pragma once

#include <salesim/app/strings.hpp>
#include <salesim/domain.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::cli {

/// Every sentence the command line prints itself (content texts come from the scenario); each has its
/// key under `cli.` in assets/strings/LANG.yaml, so a misspelt message is a compile error.
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
    ScenariosChecked1,
    ScenariosCheckedN,
    Against1,
    AgainstN,
    BooksChecked1,
    BooksCheckedN,
    BookVersion,
    BookBroken,
    ListAnd,
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
    NotScored,
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

/// The text of `m` in `lang`; a language or key without a text falls back to English, then to a
/// visible marker. The tables are read from the data folder on first use.
std::string_view tr(std::string_view lang, Msg m);
/// The text of a key of the tables (`cli.play.hint`), falling back like tr().
std::string_view tr(std::string_view lang, std::string_view key);
/// Every language's string tables (read on first use).
const app::Strings& ui_strings();

/// The languages there are texts for: one per assets/strings/LANG.yaml of the data folder.
std::vector<std::string> ui_langs();
/// Empty when `lang` is one of ui_langs(), else the error to show (naming the languages there are).
std::string check_lang(const std::string& lang);
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
