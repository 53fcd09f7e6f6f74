// The scenario library's summaries (titles, difficulty, what each scenario practises), cached in the
// cache folder so a window lists a library of any size without parsing it; the full scenario is
// parsed only when it is opened.
#pragma once

#include <salesim/loader.hpp>
#include <salesim/text.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace salesim::app {

/// What a list of scenarios shows of one scenario file, and the key it was read under.
struct ScenarioSummary {
    std::string id;  ///< the scenario's id; the file's stem while it is pending or broken
    std::string path;
    std::string rulebook;  ///< the rule book the scenario is loaded with
    Text title;
    std::vector<std::string> languages;
    std::string context;
    int difficulty = 0;  ///< 0 while pending or broken
    /// Objection methods and closing techniques the scenario's best play uses ("denial", "story").
    std::vector<std::string> methods;
    std::vector<Text> method_names;  ///< the rule book's names of `methods`, in the same order
    /// Competencies the rule book judges that best play by ("rapport", "objection_handling").
    std::vector<std::string> competencies;
    std::vector<std::string> stages;  ///< stage ids the scenario has, in process order
    /// The scenario file's characters beyond ASCII, once each (UTF-8): a font atlas needs them
    /// before the scenario is opened.
    std::string glyphs;
    bool pending = false;  ///< not read yet: a background refresh reads it
    bool broken = false;   ///< the file does not load; `problem` says why
    std::string problem;   ///< the first error diagnostic, formatted
    // The cache key.
    std::uintmax_t size = 0;
    std::int64_t mtime = 0;  ///< nanoseconds since the file clock's epoch
    std::string hash;        ///< content_hash() of the file's bytes and the rule book's
    bool tutorial() const { return id.rfind("tutorial", 0) == 0; }
    bool practises(const std::string& method_or_competency) const;
};

/// What a library's details pane shows of one scenario: the trainee reads it before starting, so a
/// window shows it without parsing the scenario (LibraryIndex::details() keeps it in the cache
/// folder under the scenario's content hash).
struct ScenarioDetails {
    std::string id;
    Text title;
    std::vector<std::string> languages;
    std::string context;
    int difficulty = 0;
    Text product_name;
    std::string buyer_name;
    Text buyer_role;
    Text summary;
    std::vector<Text> goals;
    std::vector<Stage> stages;  ///< in process order
    int pass = 0;               ///< the rubric's pass mark

    static ScenarioDetails of(const Scenario& s);
    /// `wanted` when the scenario is written in it, else its first language (as Scenario's).
    std::string language_or_default(std::string_view wanted) const;
};

/// A scenario folder and the rule book its scenarios are loaded with.
struct IndexFolder {
    std::string dir;
    std::string rulebook;  ///< dir/rulebook.yaml, or the fallback when the folder has none
};

/// The folders of a library as load_libraries() reads them: each its own rulebook.yaml, else
/// `fallback_rulebook`.
std::vector<IndexFolder> index_folders(const std::vector<std::string>& dirs,
                                       const std::string& fallback_rulebook);

/// The summaries of every scenario file of some folders. load() is quick (the cache and a stat of
/// each file); refresh() reads what changed (by size, time or content) on a thread of its own and
/// hands the result over under a mutex, which poll() takes on the caller's thread.
class LibraryIndex {
public:
    LibraryIndex(std::filesystem::path cache_file, std::vector<IndexFolder> folders);
    ~LibraryIndex();
    LibraryIndex(const LibraryIndex&) = delete;
    LibraryIndex& operator=(const LibraryIndex&) = delete;

    /// Lists the folders and takes each file's summary from the cache when its size and time
    /// match; other files are pending. A missing or corrupt cache counts as empty.
    void load();
    /// Starts reading every file on a background thread: files whose size, time or content hash
    /// changed are parsed, the others keep their summary; then the cache is rewritten. Destroying
    /// the index stops a refresh between two files; what it read is cached.
    void refresh();
    /// Takes a finished refresh's summaries; true when entries() changed.
    bool poll();
    /// Waits for the refresh to finish and takes its summaries.
    void wait();
    bool refreshing() const { return m_running.load(); }

    /// In list order: by id, the tutorial first.
    const std::vector<ScenarioSummary>& entries() const { return m_entries; }
    const ScenarioSummary* find(std::string_view id) const;
    /// Scenario files parsed by refreshes so far.
    std::size_t parses() const { return m_parses.load(); }
    /// Why the cache was not used ("" when it was read or did not exist).
    const std::string& cache_problem() const { return m_cache_problem; }
    const std::filesystem::path& cache_file() const { return m_cache_file; }
    /// The characters beyond ASCII of the folders' rule books (UTF-8), for a font atlas.
    std::string rulebook_glyphs() const;

    /// Parses the scenario `id` fully with its rule book (rule books are read once and kept).
    /// Throws std::runtime_error with the formatted diagnostics when it does not load, and when no
    /// file has that id.
    std::shared_ptr<const Scenario> open(std::string_view id);
    /// The details of scenario `id`: from the cache folder when a file of its content hash is
    /// there, else parsed with open() and kept there for the next start. Throws as open() does.
    ScenarioDetails details(std::string_view id);
    /// Where details() keeps its files: one per content hash, shared by every index.
    std::filesystem::path details_dir() const;

private:
    struct Snapshot {
        std::vector<ScenarioSummary> entries;
    };
    /// The folders' files, each with its summary taken out of `cached` when its size and time match.
    std::vector<ScenarioSummary> scan(std::map<std::string, ScenarioSummary>& cached) const;
    std::vector<ScenarioSummary> rebuild(std::vector<ScenarioSummary> entries);
    void write_cache(const std::vector<ScenarioSummary>& entries) const;
    std::shared_ptr<const RuleBook> book(const std::string& path);

    std::filesystem::path m_cache_file;
    std::vector<IndexFolder> m_folders;
    std::vector<ScenarioSummary> m_entries;
    std::string m_cache_problem;
    std::atomic<std::size_t> m_parses{0};
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stop{false};  ///< the index is going away: the refresh stops between files
    std::thread m_thread;
    std::mutex m_mutex;              ///< guards m_done
    std::optional<Snapshot> m_done;  ///< a finished refresh's result, until poll() takes it
    std::mutex m_books_mutex;        ///< guards m_books (the refresh and open() read books)
    std::map<std::string, std::shared_ptr<const RuleBook>> m_books;  ///< null: did not load
    std::map<std::string, std::string> m_book_problems;
};

/// Sorts summaries for a list: the tutorial first, then by id.
void sort_for_list(std::vector<ScenarioSummary>& entries);

}  // namespace salesim::app
