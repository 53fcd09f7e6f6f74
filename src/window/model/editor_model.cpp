// The scenario editor's logic: positions in UTF-8 text, durable saves, read-only shipped scenarios and
// the user's copies of them, autosave, validation, the analysis on its own thread and the play-test
// that replays its choices after every edit.
#include "window/model/editor_model.hpp"

#include "window/model/prefs.hpp"

#include <salesim/app/durable_file.hpp>

#include <algorithm>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace salesim::window {

namespace {

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

/// The first decision of `s` that is at or past `target`; true when it is exactly the target.
bool at_target(const Session& s, const PlayTarget& t) {
    const Decision& d = s.current();
    return d.stage == t.stage && (t.objection.empty() || d.ref == t.objection);
}

bool past_target(const Session& s, const PlayTarget& t) {
    return stage_number(s.current().stage) > stage_number(t.stage);
}

/// The byte range of the top-level `id:` line's value (inside its quotes, if quoted).
std::optional<std::pair<std::size_t, std::size_t>> id_value_range(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        const std::string_view line = text.substr(at, end - at);
        if (line.starts_with("id:")) {
            std::size_t from = 3;
            while (from < line.size() && (line[from] == ' ' || line[from] == '\t')) ++from;
            std::size_t to = from;
            if (from < line.size() && (line[from] == '"' || line[from] == '\'')) {
                const std::size_t close = line.find(line[from], from + 1);
                if (close == std::string_view::npos) return std::nullopt;
                ++from;
                to = close;
            } else {
                while (to < line.size() && line[to] != ' ' && line[to] != '\t' && line[to] != '#' &&
                       line[to] != '\r')
                    ++to;
            }
            if (to == from) return std::nullopt;
            return std::pair{at + from, at + to};
        }
        at = end + 1;
    }
    return std::nullopt;
}

}  // namespace

bool in_folder(const std::filesystem::path& file, const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    if (file.empty() || folder.empty()) return false;
    std::error_code ec;
    const fs::path f = fs::weakly_canonical(fs::absolute(file, ec), ec);
    if (ec || f.empty()) return false;
    fs::path d = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    if (ec || d.empty()) return false;
    // "scenarios/" and "scenarios" are the same folder.
    if (d.filename().empty()) d = d.parent_path();
    const auto [in_d, in_f] = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
    return in_d == d.end() && in_f != f.end();
}

std::optional<std::string> scenario_id_in(std::string_view text) {
    const auto range = id_value_range(text);
    if (!range) return std::nullopt;
    return std::string(text.substr(range->first, range->second - range->first));
}

std::optional<std::string> with_scenario_id(std::string_view text, std::string_view id) {
    const auto range = id_value_range(text);
    if (!range) return std::nullopt;
    std::string out(text.substr(0, range->first));
    out += id;
    out += text.substr(range->second);
    return out;
}

std::size_t byte_offset(std::string_view text, int line, int column) {
    std::size_t i = 0;
    for (int l = 1; l < line && i < text.size(); ++i) {
        if (text[i] == '\n') ++l;
    }
    // Count characters, not bytes: a UTF-8 continuation byte never starts one.
    for (int c = 1; c < column && i < text.size() && text[i] != '\n'; ++c) {
        ++i;
        while (i < text.size() && continuation(text[i])) ++i;
    }
    return i;
}

SourceLoc line_column(std::string_view text, std::size_t offset) {
    SourceLoc loc{1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++loc.line;
            loc.column = 1;
        } else if (!continuation(text[i])) {
            ++loc.column;
        }
    }
    return loc;
}

std::vector<PlayTarget> play_targets(const Scenario& s) {
    std::vector<PlayTarget> out;
    for (const StageContent& st : s.stages) {
        out.push_back({st.stage, {}});
        for (const Objection& o : st.objections) out.push_back({st.stage, o.id});
    }
    return out;
}

// --- PlayTest ---------------------------------------------------------------------------------

std::shared_ptr<const Scenario> PlayTest::with_start(const std::shared_ptr<const Scenario>& scenario) const {
    auto copy = std::make_shared<Scenario>(*scenario);
    copy->persona.start = m_start;
    return copy;
}

void PlayTest::start(const std::shared_ptr<const Scenario>& scenario, const BuyerState& start,
                     PlayTarget target, std::uint64_t seed) {
    m_start = start;
    m_target = std::move(target);
    m_seed = seed;
    m_choices.clear();
    m_note = {};
    m_session.emplace(with_start(scenario), m_seed);
    Session& s = *m_session;
    while (!s.finished() && !at_target(s, m_target)) {
        if (past_target(s, m_target)) break;
        // Ask a copy for the best option, so the play-test's own decisions stay unhinted.
        Session probe = s;
        choose(probe.hint().option);
    }
    if (s.finished() || !at_target(s, m_target)) m_note.kind = PlayNote::Kind::TargetNotReached;
}

const DecisionRecord& PlayTest::choose(std::size_t index) {
    if (!m_session) throw std::logic_error("PlayTest::choose() without a play-test");
    const Decision& d = m_session->current();
    if (index >= d.options.size()) throw std::out_of_range("no such option");
    m_choices.push_back({d.ref, d.options[index].move, d.options[index].ref});
    return m_session->choose(index);
}

void PlayTest::reload(const std::shared_ptr<const Scenario>& scenario) {
    if (!m_session) return;
    Session s(with_start(scenario), m_seed);
    m_note = {};
    for (std::size_t i = 0; i < m_choices.size(); ++i) {
        const PlayChoice& c = m_choices[i];
        std::optional<std::size_t> found;
        if (!s.finished() && s.current().ref == c.decision) {
            const auto& opts = s.current().options;
            for (std::size_t k = 0; k < opts.size(); ++k) {
                if (opts[k].move == c.move && opts[k].ref == c.ref) found = k;
            }
        }
        if (!found) {
            m_note = {PlayNote::Kind::ChoiceGone, i, c};
            m_choices.resize(i);
            break;
        }
        s.choose(*found);
    }
    m_session.emplace(std::move(s));
}

void PlayTest::stop() {
    m_session.reset();
    m_choices.clear();
    m_note = {};
}

// --- EditorModel ------------------------------------------------------------------------------

EditorModel::EditorModel(std::filesystem::path data_dir, std::filesystem::path template_path)
    : m_data_dir(std::move(data_dir)), m_template(std::move(template_path)) {}

std::filesystem::path EditorModel::autosave_path() const {
    return m_data_dir / "editor" / (m_path.stem().string() + ".autosave");
}

void EditorModel::open(const std::filesystem::path& path) {
    std::string bytes = read_text_file(path);
    m_path = path;
    m_read_only = in_folder(path, m_shipped_dir);
    m_saved = bytes;
    m_text = std::move(bytes);
    m_open = true;
    m_restore.reset();
    m_autosave_due.reset();
    m_autosave_error.clear();
    m_play.stop();
    m_scenario.reset();
    m_analysis.reset();
    m_analysis_wanted = false;
    std::error_code ec;
    if (std::filesystem::exists(autosave_path(), ec)) {
        std::string kept = read_text_file(autosave_path());
        if (kept != m_saved) {
            m_restore = std::move(kept);
        } else {
            std::filesystem::remove(autosave_path(), ec);
        }
    }
    validate_now();
}

void EditorModel::new_from_template(const std::filesystem::path& path) {
    const std::string bytes = read_text_file(m_template);
    m_path = path;
    m_read_only = in_folder(path, m_shipped_dir);
    m_saved.clear();
    m_open = true;
    m_restore.reset();
    m_autosave_error.clear();
    m_play.stop();
    m_scenario.reset();
    m_analysis.reset();
    m_text = bytes;
    validate_now();
    autosave_now();
}

void EditorModel::set_text(std::string text, Clock::time_point now) {
    if (m_read_only || text == m_text) return;
    m_text = std::move(text);
    m_validate_due = now + validate_delay;
    m_autosave_due = now + autosave_delay;
}

void EditorModel::set_path(std::filesystem::path path) {
    if (path == m_path) return;
    std::error_code ec;
    std::filesystem::remove(autosave_path(), ec);
    m_path = std::move(path);
    m_read_only = in_folder(m_path, m_shipped_dir);
    // The file on disk under the new name is not what the buffer holds.
    m_saved.clear();
    autosave_now();
}

void EditorModel::save() {
    if (m_path.empty()) throw std::logic_error("EditorModel::save() without a file name");
    if (m_read_only) throw std::logic_error("EditorModel::save() on a shipped scenario: save_copy() it");
    // The scenario is the user's own file: a link to it is written through.
    app::write_file_durable(m_path, m_text, {.create_folder = true, .follow_symlink = true});
    m_saved = m_text;
    m_autosave_due.reset();
    std::error_code ec;
    std::filesystem::remove(autosave_path(), ec);
}

std::filesystem::path EditorModel::save_copy(const std::filesystem::path& folder,
                                             const std::function<bool(const std::string&)>& id_taken) {
    namespace fs = std::filesystem;
    if (!m_open) throw std::logic_error("EditorModel::save_copy() without a file");
    const std::string stem = m_path.empty() ? std::string("scenario") : m_path.stem().string();
    const std::optional<std::string> id = scenario_id_in(m_text);
    for (int n = 1; n < 10000; ++n) {
        const std::string suffix = n == 1 ? "-copy" : "-copy-" + std::to_string(n);
        const fs::path file = folder / (stem + suffix + ".yaml");
        // Whatever is there (a file, a folder, a dangling link) is someone's: never written over.
        std::error_code ec;
        if (fs::symlink_status(file, ec).type() != fs::file_type::not_found) continue;
        if (id && id_taken && id_taken(*id + suffix)) continue;
        std::string text = id ? with_scenario_id(m_text, *id + suffix).value_or(m_text) : m_text;
        app::WriteOptions opts;
        opts.create_folder = true;
        app::write_file_durable(file, text, opts);
        // Changes restored from an autosave of the shipped file are in the copy now.
        fs::remove(autosave_path(), ec);
        m_path = file;
        m_read_only = false;
        m_saved = text;
        m_text = std::move(text);
        m_restore.reset();
        m_autosave_due.reset();
        m_autosave_error.clear();
        validate_now();
        return file;
    }
    // Ten thousand copies of one scenario, or an `id_taken` that takes every id: a bug, not a folder.
    throw std::logic_error("EditorModel::save_copy(): no free name for a copy of " + stem + ".yaml");
}

void EditorModel::discard_changes() {
    m_autosave_due.reset();
    std::error_code ec;
    std::filesystem::remove(autosave_path(), ec);
    m_text = m_saved;
}

bool EditorModel::tick(Clock::time_point now) {
    bool ran = take_analysis();
    if (m_validate_due && now >= *m_validate_due) {
        validate_now();
        ran = true;
    }
    if (m_autosave_due && now >= *m_autosave_due) {
        autosave_now();
        ran = true;
    }
    return ran;
}

void EditorModel::autosave_now() {
    m_autosave_due.reset();
    if (!m_open || m_path.empty()) return;
    try {
        if (dirty()) {
            app::write_file_durable(autosave_path(), m_text, {.create_folder = true});
        } else {
            std::error_code ec;
            std::filesystem::remove(autosave_path(), ec);
        }
        m_autosave_error.clear();
    } catch (const std::exception& e) {
        m_autosave_error = e.what();
    }
}

void EditorModel::validate_now() {
    m_validate_due.reset();
    m_diagnostics.clear();
    if (!m_book) {
        Diagnostic d;
        d.code = "no-rulebook";
        d.path = m_path.string();
        d.message = "no rule book is loaded, so the scenario cannot be checked";
        d.help = "fix rulebook.yaml in the scenarios folder (the library lists its problems)";
        m_diagnostics.push_back(std::move(d));
        m_valid = false;
        return;
    }
    ScenarioLoad ld = load_scenario(m_text, m_path.string(), m_book);
    m_diagnostics = std::move(ld.diagnostics);
    m_valid = ld.scenario != nullptr;
    if (!m_valid) return;
    m_scenario = std::move(ld.scenario);
    m_analysis_wanted = true;
    // A search of an older version is of no use any more: it stops within milliseconds and the
    // new version's starts.
    if (m_analysis_job.valid()) m_analysis_stop->store(true);
    start_analysis();
    if (m_play.active()) m_play.reload(m_scenario);
}

void EditorModel::start_analysis() {
    // One search at a time; a newer version waits for the running one and then starts.
    if (m_analysis_job.valid() || !m_analysis_wanted || !m_scenario) return;
    m_analysis_wanted = false;
    m_analysis_stop = std::make_shared<std::atomic<bool>>(false);
    m_analysis_progress = std::make_shared<ProgressCell>();
    std::packaged_task<Analysis()> task(
        [scenario = m_scenario, stop = m_analysis_stop, progress = m_analysis_progress] {
            AnalyzeOptions opts;
            opts.progress = [progress](const AnalyzeProgress& p) {
                progress->states.store(p.states, std::memory_order_relaxed);
                progress->done.store(p.done, std::memory_order_relaxed);
            };
            // The map follows each edit, so the search gets a small budget and a bounded answer past it
            // (a trainer's laptop is not taken down by a large scenario); an edit restarts it.
            opts.time_limit = 2.0;
            opts.max_memory = std::size_t{256} << 20;
            opts.stop = stop.get();
            return analyze(scenario, opts);
        });
    m_analysis_job = task.get_future();
    if (m_analysis_thread.joinable()) m_analysis_thread.join();  // finished: its result was taken
    m_analysis_thread = std::thread(std::move(task));
}

EditorModel::~EditorModel() {
    // Closing must not wait for a long search: it is told to stop, which takes milliseconds.
    if (m_analysis_stop) m_analysis_stop->store(true);  // null once moved from
    if (m_analysis_thread.joinable()) m_analysis_thread.join();
}

bool EditorModel::take_analysis() {
    if (!m_analysis_job.valid()) return false;
    if (m_analysis_job.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
    Analysis a = m_analysis_job.get();
    // A search stopped for a newer version knows nothing: the map keeps the last answer until the
    // new one comes.
    if (a.end != SearchEnd::Stopped) m_analysis = std::move(a);
    start_analysis();
    return true;
}

AnalyzeProgress EditorModel::analysis_progress() const {
    if (!m_analysis_job.valid() || !m_analysis_progress) return {};
    return {m_analysis_progress->states.load(std::memory_order_relaxed),
            m_analysis_progress->done.load(std::memory_order_relaxed)};
}

void EditorModel::finish_analysis() {
    while (m_analysis_job.valid()) {
        m_analysis_job.wait();
        take_analysis();
    }
}

std::map<std::string, std::vector<Diagnostic>> EditorModel::missing_translations() const {
    std::map<std::string, std::vector<Diagnostic>> out;
    for (const Diagnostic& d : m_diagnostics)
        if (d.code == "missing-translation") out[d.ref].push_back(d);
    return out;
}

void EditorModel::restore(Clock::time_point now) {
    if (!m_restore) return;
    m_text = std::move(*m_restore);
    m_restore.reset();
    m_validate_due = now;
}

void EditorModel::discard_restore() {
    m_restore.reset();
    std::error_code ec;
    std::filesystem::remove(autosave_path(), ec);
}

}  // namespace salesim::window
