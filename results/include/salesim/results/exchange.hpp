// Exports (plain CSV, Moodle and Canvas gradebook CSV, xAPI 1.0.3 statements) and the xAPI import
// that merges results from other machines.
#pragma once

#include "salesim/results/report.hpp"
#include "salesim/results/store.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {
struct Library;
struct Scenario;
}  // namespace salesim

namespace salesim::results {

/// The base of every IRI the project owns in xAPI statements (activities, extensions).
inline constexpr std::string_view xapi_base = "https://salesim.example/xapi/";
/// The default account home page of actors; an LMS usually wants its own (--home-page).
inline constexpr std::string_view default_home_page = "https://salesim.example";

/// Which identifier the Moodle file carries in its first column.
enum class MoodleId { Email, IdNumber };

struct ExportOptions {
    ReportFilter filter;
    std::string home_page{default_home_page};
    MoodleId moodle_id = MoodleId::Email;
};

/// Lines for the user about rows an export had to leave out (a trainee without an e-mail, ...).
using Warnings = std::vector<std::string>;

/// Every attempt, one row each: identity, scenario, status, outcome, overall and per-stage scores.
std::string export_csv(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// export_csv's bytes written to `out` as the attempts are read, a page at a time.
void write_csv(std::ostream& out, const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// Moodle's grade import: "Email address" (or "ID number") then one column per scenario holding the
/// trainee's best finished score 0..100. Trainees without the identifier are left out (warned).
std::string export_moodle(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// Canvas's gradebook: Student, ID, SIS User ID, SIS Login ID, Section, one column per scenario,
/// a "Points Possible" row (100 each), then one row per trainee with the best finished score.
std::string export_canvas(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// xAPI 1.0.3 statements as one JSON array, ready to POST to an LRS. Statement ids are derived from
/// the attempt's UUID and the statement's role, so the same attempt always exports the same ids.
std::string export_xapi(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// export_xapi's bytes written to `out` an attempt's statements at a time.
void write_xapi(std::ostream& out, const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);

/// One statement of export_xapi: its id and its JSON text (compact).
struct XapiStatement {
    std::string id;
    std::string json;
};
/// The statements export_xapi writes, in the same order, with the same ids and content.
std::vector<XapiStatement> xapi_statements(const ResultsStore& store, const ExportOptions& opts);
/// Hands the statements of xapi_statements to `statement` one at a time, reading the attempts a
/// page at a time.
void each_xapi_statement(const ResultsStore& store, const ExportOptions& opts,
                         const std::function<void(XapiStatement&&)>& statement);

/// `s` as a spreadsheet cell that is never run as a formula: a leading `=`, `+`, `-`, `@`, tab or CR
/// gets an apostrophe before it (OWASP's advice against CSV injection), unless `s` is a plain number
/// ("-5", "12.5").
std::string spreadsheet_safe(std::string_view s);
/// RFC 4180 field of spreadsheet_safe(s): quoted when it holds a comma, quote, CR or LF (quotes
/// doubled). Every cell of the CSV, Moodle and Canvas exports goes through it.
std::string csv_field(std::string_view s);

/// The largest xAPI file import_xapi reads (64 MiB). Importing one takes at most about four times
/// its size in memory, so the largest stays within 256 MiB.
inline constexpr std::size_t max_import_bytes = std::size_t{64} << 20;

struct ImportOptions {
    /// The scenarios this machine has. An attempt of one of them, in the version it was played on
    /// (the same content hash), has its decision indices checked against what a session can reach;
    /// attempts of other scenarios are imported unchecked and named in ImportCounts. nullptr:
    /// nothing is checked or named.
    const Library* library = nullptr;
};

struct ImportCounts {
    int statements = 0;
    int trainees_added = 0;
    int groups_added = 0;
    int attempts_added = 0;
    int decisions_added = 0;
    int attempts_closed = 0;  ///< finished or abandoned by an imported statement
    int skipped = 0;          ///< statements whose content the store already had
    /// Scenarios of attempts this import wrote to that ImportOptions::library does not have
    /// (unknown) or has in another version (changed), so their decisions were not checked. For
    /// one file: `+=` leaves them out.
    std::vector<std::string> unknown_scenarios;
    std::vector<std::string> changed_scenarios;

    ImportCounts& operator+=(const ImportCounts& o);
};

/// Merges a file written by export_xapi into `store`, all of it or (on any error) none of it.
/// `source` names the file in messages. Throws StoreError with "source:line:column: error: ..."
/// for broken JSON or nesting deeper than max_json_depth, "source: error: ..." for a file larger
/// than max_import_bytes, or "source: statement N (id ID): error: ..." for a statement that is
/// not one of ours: a name that results::name_problem refuses, a NUL in any text, a scenario id
/// that is not one, a decision index out of range, two statements with one id (or of one part of
/// an attempt) that say different things, an attempt this store has with other content.
/// Memory: the text, plus one statement parsed at a time, plus its typed facts.
ImportCounts import_xapi(ResultsStore& store, std::string_view json_text, const std::string& source,
                         const ImportOptions& opts = {});

/// The most decisions one session of `scenario` can hold: a lead, each step (twice in the
/// presentation, where a trial close may come before it), each objection answered and checked in
/// its stage and again at the close, and each closing attempt with a trial close before it.
/// nullopt when its rules let closing go on without bound (a close other than the trial close
/// that is no closing attempt).
std::optional<int> max_decisions(const Scenario& scenario);

}  // namespace salesim::results
