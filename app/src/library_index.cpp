// The library's summaries: read from the cache, refreshed on a background thread, parsed in full
// only when a scenario is opened.
#include "salesim/app/library_index.hpp"

#include "salesim/app/durable_file.hpp"

#include <salesim/diagnostic.hpp>
#include <salesim/session.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <system_error>

#include <sys/stat.h>

namespace salesim::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A summary of the file at `path` with nothing read yet.
ScenarioSummary blank(const std::string& path, const std::string& rulebook) {
    ScenarioSummary e;
    e.id = fs::path(path).stem().string();
    e.path = path;
    e.rulebook = rulebook;
    return e;
}

// Bumped when a summary's fields or their meaning change: an older cache is then rebuilt.
constexpr int cache_format = 2;

// A file's size and modification time (nanoseconds since the epoch) from one stat; zeros when it
// cannot be read, which no file that can be parsed has.
void stamp_of(const fs::path& p, std::uintmax_t& size, std::int64_t& mtime) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) {
        size = 0;
        mtime = 0;
        return;
    }
    size = static_cast<std::uintmax_t>(st.st_size);
    mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

// The characters of `bytes` beyond ASCII, each once, in order of first appearance. Invalid UTF-8
// is skipped: the loader reports it.
std::string non_ascii(std::string_view bytes) {
    std::set<std::string> seen;
    std::string out;
    for (std::size_t i = 0; i < bytes.size();) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        if (i + n > bytes.size()) n = 1;
        if (n > 1) {
            std::string ch(bytes.substr(i, n));
            if (seen.insert(ch).second) out += ch;
        }
        i += n;
    }
    return out;
}

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// What a scenario practises: the moves its best play takes at objections and closes, and the
// competencies the rule book judges those by. Scenarios name no competency themselves, so this is
// read from the play the rule book rates best.
void fill_practice(ScenarioSummary& out, const std::shared_ptr<const Scenario>& scenario) {
    Session s(scenario, 1);
    // A scenario has a bounded number of decisions; the limit only guards against a loop.
    for (int guard = 0; guard < 1000 && !s.finished(); ++guard) {
        const DecisionKind kind = s.current().kind;
        const Hint h = s.hint();
        const DecisionRecord& r = s.choose(h.option);
        if (r.rule && r.scored) add_unique(out.competencies, r.rule->competency);
        if (kind != DecisionKind::Objection && kind != DecisionKind::Close) continue;
        if (!parse_method(r.move) && !parse_technique(r.move)) continue;
        if (std::find(out.methods.begin(), out.methods.end(), r.move) != out.methods.end()) continue;
        out.methods.push_back(r.move);
        Text name;
        for (const MoveInfo& m : scenario->rules->moves)
            if (m.id == r.move) name = m.name;
        out.method_names.push_back(name);
    }
}

// The index file: "SALESIM-INDEX", the format, the number of summaries, then each summary's
// fields in the order below; a string is its length (4 bytes, little-endian) and its bytes. Read
// with every length checked, so a damaged file is an error, never a crash. A binary file rather
// than JSON: a library of 500 reads in a millisecond, before the first frame.
constexpr std::string_view index_magic = "SALESIM-INDEX\n";

class Out {
public:
    void u64(std::uint64_t v) { little_endian(v, 8); }
    void u32(std::uint32_t v) { little_endian(v, 4); }
    void str(std::string_view v) {
        u32(static_cast<std::uint32_t>(v.size()));
        bytes.append(v);
    }
    void strs(const std::vector<std::string>& v) {
        u32(static_cast<std::uint32_t>(v.size()));
        for (const std::string& x : v) str(x);
    }
    void text(const Text& t) {
        u32(static_cast<std::uint32_t>(t.by_lang.size()));
        for (const auto& [lang, value] : t.by_lang) {
            str(lang);
            str(value);
        }
    }
    std::string bytes;

private:
    void little_endian(std::uint64_t v, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
    }
};

class In {
public:
    explicit In(std::string_view b) : m_b(b) {}
    std::uint64_t u64() { return little_endian(8); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(little_endian(4)); }
    std::string str() {
        const std::uint32_t n = u32();
        need(n);
        std::string v(m_b.substr(m_at, n));
        m_at += n;
        return v;
    }
    /// A count of items each at least `min_bytes` long: more than the rest of the file holds is damage.
    std::uint32_t count(std::size_t min_bytes) {
        const std::uint32_t n = u32();
        if (static_cast<std::size_t>(n) * min_bytes > m_b.size() - m_at)
            throw std::runtime_error("truncated");
        return n;
    }
    std::vector<std::string> strs() {
        std::vector<std::string> v(count(4));
        for (std::string& x : v) x = str();
        return v;
    }
    Text text() {
        Text t;
        for (std::uint32_t i = count(8); i > 0; --i) {
            std::string lang = str();
            t.by_lang[std::move(lang)] = str();
        }
        return t;
    }
    bool done() const { return m_at == m_b.size(); }
    bool take(std::string_view prefix) {
        if (m_b.substr(m_at, prefix.size()) != prefix) return false;
        m_at += prefix.size();
        return true;
    }

private:
    std::uint64_t little_endian(std::size_t n) {
        need(n);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_b[m_at + i])) << (8 * i);
        m_at += n;
        return v;
    }
    void need(std::size_t n) const {
        if (n > m_b.size() - m_at) throw std::runtime_error("truncated");
    }
    std::string_view m_b;
    std::size_t m_at = 0;
};

void write_summary(Out& o, const ScenarioSummary& e) {
    o.str(e.id);
    o.str(e.path);
    o.str(e.rulebook);
    o.text(e.title);
    o.strs(e.languages);
    o.str(e.context);
    o.u32(static_cast<std::uint32_t>(e.difficulty));
    o.strs(e.methods);
    o.u32(static_cast<std::uint32_t>(e.method_names.size()));
    for (const Text& t : e.method_names) o.text(t);
    o.strs(e.competencies);
    o.strs(e.stages);
    o.str(e.glyphs);
    o.u32(e.broken ? 1 : 0);
    o.str(e.problem);
    o.u64(static_cast<std::uint64_t>(e.size));
    o.u64(static_cast<std::uint64_t>(e.mtime));
    o.str(e.hash);
}

ScenarioSummary read_summary(In& in) {
    ScenarioSummary e;
    e.id = in.str();
    e.path = in.str();
    e.rulebook = in.str();
    e.title = in.text();
    e.languages = in.strs();
    e.context = in.str();
    e.difficulty = static_cast<int>(in.u32());
    e.methods = in.strs();
    for (std::uint32_t i = in.count(4); i > 0; --i) e.method_names.push_back(in.text());
    e.competencies = in.strs();
    e.stages = in.strs();
    e.glyphs = in.str();
    e.broken = in.u32() != 0;
    e.problem = in.str();
    e.size = static_cast<std::uintmax_t>(in.u64());
    e.mtime = static_cast<std::int64_t>(in.u64());
    e.hash = in.str();
    return e;
}

std::string index_bytes(const std::vector<ScenarioSummary>& entries) {
    Out o;
    o.bytes.append(index_magic);
    o.u32(static_cast<std::uint32_t>(cache_format));
    const auto n = std::count_if(entries.begin(), entries.end(), [](const auto& e) { return !e.pending; });
    o.u32(static_cast<std::uint32_t>(n));
    for (const ScenarioSummary& e : entries)
        if (!e.pending) write_summary(o, e);
    return std::move(o.bytes);
}

json text_json(const Text& t) {
    json out = json::object();
    for (const auto& [lang, text] : t.by_lang) out[lang] = text;
    return out;
}

Text text_of(const json& j) {
    Text t;
    t.by_lang = j.get<std::map<std::string, std::string>>();
    return t;
}

// Bumped when the details' fields or their meaning change: older files are then not read.
constexpr int details_format = 1;

json to_json(const ScenarioDetails& d, const std::string& hash) {
    json goals = json::array();
    for (const Text& g : d.goals) goals.push_back(text_json(g));
    json stages = json::array();
    for (const Stage st : d.stages) stages.push_back(std::string(to_string(st)));
    return json{{"format", details_format},
                {"hash", hash},
                {"id", d.id},
                {"title", text_json(d.title)},
                {"languages", d.languages},
                {"context", d.context},
                {"difficulty", d.difficulty},
                {"product_name", text_json(d.product_name)},
                {"buyer_name", d.buyer_name},
                {"buyer_role", text_json(d.buyer_role)},
                {"summary", text_json(d.summary)},
                {"goals", goals},
                {"stages", stages},
                {"pass", d.pass}};
}

ScenarioDetails details_from_json(const json& j) {
    ScenarioDetails d;
    d.id = j.at("id").get<std::string>();
    d.title = text_of(j.at("title"));
    d.languages = j.at("languages").get<std::vector<std::string>>();
    d.context = j.at("context").get<std::string>();
    d.difficulty = j.at("difficulty").get<int>();
    d.product_name = text_of(j.at("product_name"));
    d.buyer_name = j.at("buyer_name").get<std::string>();
    d.buyer_role = text_of(j.at("buyer_role"));
    d.summary = text_of(j.at("summary"));
    for (const json& g : j.at("goals")) d.goals.push_back(text_of(g));
    for (const json& st : j.at("stages")) {
        const std::optional<Stage> stage = parse_stage(st.get<std::string>());
        if (!stage) throw std::out_of_range(st.get<std::string>());
        d.stages.push_back(*stage);
    }
    d.pass = j.at("pass").get<int>();
    return d;
}

std::string first_error(const std::vector<Diagnostic>& diags) {
    for (const Diagnostic& d : diags)
        if (d.severity == Severity::Error) return format(d);
    return diags.empty() ? std::string() : format(diags.front());
}

}  // namespace

ScenarioDetails ScenarioDetails::of(const Scenario& s) {
    ScenarioDetails d;
    d.id = s.id;
    d.title = s.title;
    d.languages = s.languages;
    d.context = s.context;
    d.difficulty = s.difficulty;
    d.product_name = s.product_name;
    d.buyer_name = s.persona.name;
    d.buyer_role = s.persona.role;
    d.summary = s.summary;
    d.goals = s.goals;
    for (const StageContent& st : s.stages) d.stages.push_back(st.stage);
    d.pass = s.rubric.pass;
    return d;
}

std::string ScenarioDetails::language_or_default(std::string_view wanted) const {
    return salesim::language_or_default(languages, wanted);
}

bool ScenarioSummary::practises(const std::string& what) const {
    return std::find(methods.begin(), methods.end(), what) != methods.end() ||
           std::find(competencies.begin(), competencies.end(), what) != competencies.end();
}

std::vector<IndexFolder> index_folders(const std::vector<std::string>& dirs,
                                       const std::string& fallback_rulebook) {
    std::vector<IndexFolder> out;
    for (const std::string& d : dirs) {
        std::error_code ec;
        const fs::path own = fs::path(d) / "rulebook.yaml";
        out.push_back(
            {d, fs::exists(own, ec) || fallback_rulebook.empty() ? own.string() : fallback_rulebook});
    }
    return out;
}

void sort_for_list(std::vector<ScenarioSummary>& entries) {
    std::stable_sort(entries.begin(), entries.end(), [](const ScenarioSummary& a, const ScenarioSummary& b) {
        if (a.tutorial() != b.tutorial()) return a.tutorial();
        return a.id < b.id;
    });
}

LibraryIndex::LibraryIndex(fs::path cache_file, std::vector<IndexFolder> folders)
    : m_cache_file(std::move(cache_file)), m_folders(std::move(folders)) {}

LibraryIndex::~LibraryIndex() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

std::vector<ScenarioSummary> LibraryIndex::scan(std::map<std::string, ScenarioSummary>& cached) const {
    std::vector<ScenarioSummary> out;
    for (const IndexFolder& f : m_folders) {
        std::error_code ec;
        // Names as strings: sorting paths compares them part by part, which a library of 500 feels.
        std::vector<std::string> names;
        for (const fs::directory_entry& entry : fs::directory_iterator(f.dir, ec)) {
            std::string name = entry.path().filename().string();
            if (name.size() <= 5 || !name.ends_with(".yaml") || name == "rulebook.yaml" ||
                name.ends_with(".plan.yaml"))
                continue;
            if (!entry.is_regular_file(ec)) continue;
            names.push_back(std::move(name));
        }
        std::sort(names.begin(), names.end());
        // FOLDER/NAME as fs::path's operator/ writes it, without parsing a path for each file.
        const std::string prefix = (fs::path(f.dir) / "").string();
        for (const std::string& name : names) {
            ScenarioSummary e;
            e.path = prefix + name;
            e.rulebook = f.rulebook;
            stamp_of(e.path, e.size, e.mtime);
            const auto it = cached.find(e.path);
            if (it != cached.end() && it->second.size == e.size && it->second.mtime == e.mtime &&
                it->second.rulebook == e.rulebook) {
                out.push_back(std::move(it->second));
                cached.erase(it);
                continue;
            }
            e.id = name.substr(0, name.size() - 5);
            e.pending = true;
            out.push_back(std::move(e));
        }
    }
    return out;
}

void LibraryIndex::load() {
    m_cache_problem.clear();
    std::map<std::string, ScenarioSummary> cached;
    std::error_code ec;
    if (fs::exists(m_cache_file, ec)) {
        try {
            const std::string bytes = read_whole_file(m_cache_file).value_or("");
            In in(bytes);
            if (!in.take(index_magic) || in.u32() != static_cast<std::uint32_t>(cache_format))
                throw std::runtime_error("not an index of this version");
            for (std::uint32_t i = in.count(64); i > 0; --i) {
                ScenarioSummary s = read_summary(in);
                cached.emplace(s.path, std::move(s));
            }
            if (!in.done()) throw std::runtime_error("bytes after the last summary");
        } catch (const std::exception& e) {
            // The cache can always be rebuilt: a damaged one is read as empty, and the next
            // refresh writes it anew.
            cached.clear();
            m_cache_problem = m_cache_file.string() + ": " + e.what();
        }
    }
    m_entries = scan(cached);
    sort_for_list(m_entries);
}

std::shared_ptr<const RuleBook> LibraryIndex::book(const std::string& path) {
    {
        std::lock_guard lock(m_books_mutex);
        if (const auto it = m_books.find(path); it != m_books.end()) {
            if (!it->second) throw std::runtime_error(m_book_problems[path]);
            return it->second;
        }
    }
    RuleBookLoad load = load_rulebook_file(path);
    std::lock_guard lock(m_books_mutex);
    // A broken rule book is kept as its problem, so its scenarios do not each read it again.
    if (!load.book) m_book_problems.emplace(path, first_error(load.diagnostics));
    return m_books.emplace(path, load.book).first->second;
}

std::vector<ScenarioSummary> LibraryIndex::rebuild(std::vector<ScenarioSummary> entries) {
    std::map<std::string, std::string> book_hashes;  // rule book path -> its content hash
    for (ScenarioSummary& e : entries) {
        if (m_stop.load()) break;
        if (!book_hashes.contains(e.rulebook))
            book_hashes[e.rulebook] = content_hash(read_whole_file(e.rulebook).value_or(""));
        std::vector<Diagnostic> problems;
        const std::optional<std::string> bytes = read_file_checked(e.path, LoadOptions{}.max_bytes, problems);
        stamp_of(e.path, e.size, e.mtime);
        if (!bytes) {
            e = blank(e.path, e.rulebook);
            e.broken = true;
            e.problem = first_error(problems);
            continue;
        }
        const std::string hash = content_hash(*bytes + "\nrulebook " + book_hashes[e.rulebook]);
        if (!e.pending && e.hash == hash) continue;  // the same bytes under a new time: still valid
        ScenarioSummary fresh = blank(e.path, e.rulebook);
        fresh.size = e.size;
        fresh.mtime = e.mtime;
        fresh.hash = hash;
        fresh.glyphs = non_ascii(*bytes);
        std::shared_ptr<const RuleBook> rules;
        try {
            rules = book(e.rulebook);
            if (!rules) rules = book(e.rulebook);  // throws the rule book's problem
        } catch (const std::exception& ex) {
            fresh.broken = true;
            fresh.problem = ex.what();
            e = std::move(fresh);
            continue;
        }
        ++m_parses;
        try {
            const ScenarioLoad load = load_scenario(*bytes, e.path, rules);
            if (load.scenario) {
                const Scenario& s = *load.scenario;
                fresh.id = s.id;
                fresh.title = s.title;
                fresh.languages = s.languages;
                fresh.context = s.context;
                fresh.difficulty = s.difficulty;
                for (const StageContent& st : s.stages) fresh.stages.emplace_back(to_string(st.stage));
                fill_practice(fresh, load.scenario);
            } else {
                fresh.broken = true;
                fresh.problem = first_error(load.diagnostics);
            }
        } catch (const std::exception& ex) {
            fresh.broken = true;
            fresh.problem = e.path + ": error: " + ex.what();
        }
        e = std::move(fresh);
    }
    // A later file with an id an earlier one has is left out of play, as load_libraries() does.
    std::map<std::string, std::string> owner;
    for (ScenarioSummary& e : entries) {
        if (e.broken || e.pending) continue;
        const auto [it, fresh] = owner.emplace(e.id, e.path);
        if (!fresh) {
            e.broken = true;
            e.problem =
                e.path + ": error: duplicate scenario id '" + e.id + "' (first in " + it->second + ")";
        }
    }
    sort_for_list(entries);
    return entries;
}

void LibraryIndex::write_cache(const std::vector<ScenarioSummary>& entries) const {
    const std::string bytes = index_bytes(entries);
    // Nothing changed since the cache was written: every start but the first writes nothing.
    if (read_whole_file(m_cache_file) == bytes) return;
    // A cache: written whole or not at all, without waiting for the disk.
    write_file_durable(m_cache_file, bytes, {.create_folder = true, .sync = false});
}

void LibraryIndex::refresh() {
    if (m_running.load()) return;
    if (m_thread.joinable()) m_thread.join();
    m_running = true;
    // The thread works on its own copy and hands the result over under the mutex: the list the
    // window draws is never written while it is read.
    m_thread = std::thread([this, entries = m_entries]() mutable {
        std::vector<ScenarioSummary> built = rebuild(std::move(entries));
        try {
            write_cache(built);
        } catch (const std::exception&) {
            // An unwritable cache folder costs the next start its speed, nothing else.
        }
        {
            std::lock_guard lock(m_mutex);
            m_done = Snapshot{std::move(built)};
        }
        m_running = false;
    });
}

bool LibraryIndex::poll() {
    std::optional<Snapshot> done;
    {
        std::lock_guard lock(m_mutex);
        done.swap(m_done);
    }
    if (!done) return false;
    m_entries = std::move(done->entries);
    return true;
}

void LibraryIndex::wait() {
    if (m_thread.joinable()) m_thread.join();
    poll();
}

std::string LibraryIndex::rulebook_glyphs() const {
    std::set<std::string> books;
    for (const IndexFolder& f : m_folders) books.insert(f.rulebook);
    std::string out;
    for (const std::string& b : books) out += non_ascii(read_whole_file(b).value_or(""));
    return out;
}

const ScenarioSummary* LibraryIndex::find(std::string_view id) const {
    for (const ScenarioSummary& e : m_entries)
        if (e.id == id && !e.broken) return &e;
    return nullptr;
}

std::shared_ptr<const Scenario> LibraryIndex::open(std::string_view id) {
    const ScenarioSummary* e = find(id);
    if (!e) throw std::runtime_error(std::string(id));
    ScenarioLoad load = load_scenario_file(e->path, book(e->rulebook));
    if (!load.scenario) {
        std::string text;
        for (const Diagnostic& d : load.diagnostics) text += format(d) + "\n";
        throw std::runtime_error(text);
    }
    return load.scenario;
}

fs::path LibraryIndex::details_dir() const {
    return m_cache_file.parent_path() / "library-details";
}

ScenarioDetails LibraryIndex::details(std::string_view id) {
    const ScenarioSummary* e = find(id);
    if (!e) throw std::runtime_error(std::string(id));
    // A file not read yet has no content hash: it is parsed, and its details wait for the refresh.
    const fs::path file = e->pending || e->hash.empty() ? fs::path() : details_dir() / (e->hash + ".json");
    if (!file.empty()) {
        try {
            if (const std::optional<std::string> bytes = read_whole_file(file)) {
                const json j = json::parse(*bytes);
                if (j.at("format").get<int>() == details_format &&
                    j.at("hash").get<std::string>() == e->hash && j.at("id").get<std::string>() == e->id)
                    return details_from_json(j);
            }
        } catch (const std::exception&) {
            // A damaged file is parsed again and written anew below.
        }
    }
    const std::string hash = e->hash;
    ScenarioDetails d = ScenarioDetails::of(*open(id));
    if (!file.empty()) {
        try {
            // A cache: written whole or not at all, without waiting for the disk.
            write_file_durable(file, to_json(d, hash).dump(), {.create_folder = true, .sync = false});
        } catch (const std::exception&) {
            // An unwritable cache folder costs the next start its speed, nothing else.
        }
    }
    return d;
}

}  // namespace salesim::app
