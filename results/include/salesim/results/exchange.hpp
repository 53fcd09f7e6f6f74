// Exports (plain CSV, Moodle and Canvas gradebook CSV, xAPI 1.0.3 statements) and the xAPI import
// that merges results from other machines.
#pragma once

#include "salesim/results/report.hpp"
#include "salesim/results/store.hpp"

#include <string>
#include <string_view>
#include <vector>

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
/// Moodle's grade import: "Email address" (or "ID number") then one column per scenario holding the
/// trainee's best finished score 0..100. Trainees without the identifier are left out (warned).
std::string export_moodle(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// Canvas's gradebook: Student, ID, SIS User ID, SIS Login ID, Section, one column per scenario,
/// a "Points Possible" row (100 each), then one row per trainee with the best finished score.
std::string export_canvas(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);
/// xAPI 1.0.3 statements as one JSON array, ready to POST to an LRS. Statement ids are derived from
/// the attempt's UUID and the statement's role, so the same attempt always exports the same ids.
std::string export_xapi(const ResultsStore& store, const ExportOptions& opts, Warnings& warnings);

/// RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled).
std::string csv_field(std::string_view s);

struct ImportCounts {
    int statements = 0;
    int trainees_added = 0;
    int groups_added = 0;
    int attempts_added = 0;
    int decisions_added = 0;
    int attempts_closed = 0;  ///< finished or abandoned by an imported statement
    int skipped = 0;          ///< statements whose content the store already had

    ImportCounts& operator+=(const ImportCounts& o);
};

/// Merges a file written by export_xapi into `store`, all of it or (on any error) none of it.
/// `source` names the file in messages. Throws StoreError with "source:line:column: error: ..."
/// for broken JSON, or "source: statement N: error: ..." for a statement that is not one of ours.
ImportCounts import_xapi(ResultsStore& store, std::string_view json_text, const std::string& source);

}  // namespace salesim::results
