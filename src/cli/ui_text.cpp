// The command line's texts: each message's key in the string tables, and the tables read once from
// the data folder.
#include "cli/ui_text.hpp"

#include "paths.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/decision_feedback.hpp>
#include <salesim/app/strings.hpp>

#include <array>
#include <cstddef>

namespace salesim::cli {

namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Msg::Count)> message_keys{{
    "cli.count.files_checked_one",
    "cli.count.files_checked_many",
    "cli.validate.all_valid",
    "cli.validate.valid",
    "cli.count.errors_one",
    "cli.count.errors_many",
    "cli.count.warnings_one",
    "cli.count.warnings_many",
    "cli.count.in_files_one",
    "cli.count.in_files_many",
    "cli.count.scenarios_checked_one",
    "cli.count.scenarios_checked_many",
    "cli.validate.against_one",
    "cli.validate.against_many",
    "cli.validate.books_checked_one",
    "cli.validate.books_checked_many",
    "cli.validate.book",
    "cli.validate.book_broken",
    "cli.validate.and",
    "cli.list.col_id",
    "cli.list.col_file",
    "cli.list.col_title",
    "cli.list.col_langs",
    "cli.list.col_context",
    "cli.list.col_level",
    "cli.list.col_stages",
    "cli.list.all_stages",
    "cli.list.no_scenarios",
    "cli.list.invalid_files_one",
    "cli.list.invalid_files_many",
    "cli.play.legend",
    "cli.play.goals",
    "cli.play.buyer",
    "cli.play.seed",
    "cli.play.you",
    "cli.play.trust",
    "cli.play.interest",
    "cli.play.patience",
    "cli.play.readiness",
    "cli.play.points",
    "cli.play.hint_taken",
    "cli.play.not_scored",
    "cli.play.not_understood",
    "cli.play.empty_input",
    "cli.play.out_of_range",
    "cli.play.hint_line",
    "cli.play.saved",
    "cli.play.save_failed",
    "cli.play.unfinished",
    "cli.play.choices_ran_out",
    "cli.play.resume_with",
    "cli.play.resumed",
    "cli.debrief.title",
    "cli.debrief.outcome",
    "cli.debrief.score",
    "cli.debrief.passed",
    "cli.debrief.not_passed",
    "cli.debrief.stage_scores",
    "cli.debrief.not_reached",
    "cli.debrief.decisions",
    "cli.debrief.you_chose",
    "cli.debrief.why",
    "cli.debrief.better",
    "cli.debrief.rule",
}};

std::string strings_dir() {
    return app::assets_dir() + "/strings";
}

/// Read on first use: a command that prints nothing of its own never needs the tables.
const app::Strings& tables() {
    static const app::Strings strings = [] {
        app::Strings s;
        s.load_dir(strings_dir(), app::strings_cache_dir());
        return s;
    }();
    return strings;
}

std::string_view keyed(std::string_view lang, std::string_view group, std::string_view id) {
    std::string key = "cli.";
    key.append(group).append(".").append(id);
    return tables().tr_in(lang, key);
}

}  // namespace

const app::Strings& ui_strings() {
    return tables();
}

std::string_view tr(std::string_view lang, Msg m) {
    return tables().tr_in(lang, message_keys.at(static_cast<std::size_t>(m)));
}

std::string_view tr(std::string_view lang, std::string_view key) {
    return tables().tr_in(lang, key);
}

std::vector<std::string> ui_langs() {
    return app::available_langs(strings_dir());
}

std::string check_lang(const std::string& lang) {
    return app::lang_error(strings_dir(), lang);
}

std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
    std::string out(pattern);
    for (const auto& [key, value] : values) {
        const std::string token = "{" + std::string(key) + "}";
        for (std::size_t at = out.find(token); at != std::string::npos;
             at = out.find(token, at + value.size())) {
            out.replace(at, token.size(), value);
        }
    }
    return out;
}

std::string count_text(std::string_view lang, long n, Msg one, Msg many) {
    return fill(tr(lang, n == 1 ? one : many), {{"n", std::to_string(n)}});
}

std::string_view stage_name(std::string_view lang, Stage s) {
    return tables().tr_in(lang, "stage." + std::string(to_string(s)));
}
std::string_view stage_short(std::string_view lang, Stage s) {
    return keyed(lang, "stage_short", to_string(s));
}
std::string_view verdict_name(std::string_view lang, Verdict v) {
    return keyed(lang, "verdict", to_string(v));
}
std::string_view verdict_mark(Verdict v) {
    return app::verdict_mark(v);  // one mark for a verdict, in the terminal and the window alike
}
std::string_view outcome_name(std::string_view lang, Outcome o) {
    return keyed(lang, "outcome", to_string(o));
}

}  // namespace salesim::cli
