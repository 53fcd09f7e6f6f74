#include "salesim/classroom/class_room.hpp"

#include "class_room_internal.hpp"

#include <salesim/app/durable_file.hpp>
#include <salesim/results/exchange.hpp>
#include <salesim/score.hpp>
#include <salesim/signals.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

namespace salesim::classroom {

using nlohmann::json;

std::string_view to_string(Pacing p) {
    return p == Pacing::Trainer ? "trainer" : "self";
}
std::string_view to_string(Admission a) {
    return a == Admission::Roster ? "roster" : "open";
}
std::optional<Pacing> parse_pacing(std::string_view id) {
    if (id == "self") return Pacing::Self;
    if (id == "trainer") return Pacing::Trainer;
    return std::nullopt;
}
std::optional<Admission> parse_admission(std::string_view id) {
    if (id == "open") return Admission::Open;
    if (id == "roster") return Admission::Roster;
    return std::nullopt;
}

namespace {

// Not heard from for this long: away; for a minute: left.
constexpr auto away_after = std::chrono::seconds(15);
constexpr auto left_after = std::chrono::seconds(60);

const json& field(const json& body, const char* name) {
    static const json none;
    if (!body.is_object()) return none;
    const auto it = body.find(name);
    return it == body.end() ? none : *it;
}

// A whole number from 0 up (JSON has no unsigned type; a parser may give either kind).
bool is_count(const json& v) {
    return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

// A whole number as an int, or nullopt when it is none or does not fit: get<int>() would wrap a
// wider one (4294967297 onto trainee 1, 4294967301 onto a 5 s timer).
std::optional<int> as_int(const json& v) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) return std::nullopt;
        return static_cast<int>(u);
    }
    if (!v.is_number_integer()) return std::nullopt;
    const auto i = v.get<std::int64_t>();
    if (i < std::numeric_limits<int>::min() || i > std::numeric_limits<int>::max()) return std::nullopt;
    return static_cast<int>(i);
}

}  // namespace

// ---- construction and the state file

ClassRoom::ClassRoom(ClassConfig config, results::ResultsStore& store, const app::Strings& strings,
                     std::filesystem::path state_file, ClassSecrets secrets, results::ClassSession row)
    : m_config(std::move(config)),
      m_store(store),
      m_recorder(store),
      m_strings(strings),
      m_state_file(std::move(state_file)),
      m_secrets(std::move(secrets)),
      m_row(std::move(row)) {
    if (m_config.admission == Admission::Roster && m_row.group_id)
        for (const results::Trainee& t : m_store.members(*m_row.group_id)) m_roster.insert(t.name);
}

ClassRoom::ClassRoom(ClassConfig config, results::ResultsStore& store, const app::Strings& strings,
                     const std::filesystem::path& state_dir)
    : ClassRoom(std::move(config), store, strings, std::filesystem::path(),
                ClassSecrets{new_join_code(), new_secret(), new_secret()}, {}) {
    results::ClassSession row;
    if (!m_config.group.empty()) {
        auto g = m_store.find_group(m_config.group);
        if (!g) g = m_store.add_group(m_config.group);
        row.group_id = g->id;
        row.group = g->name;
    }
    row.scenario_id = m_config.scenario->id;
    row.seed = m_config.seed;
    row.mode = m_config.mode;
    row.pacing = std::string(to_string(m_config.pacing));
    row.admission = std::string(to_string(m_config.admission));
    row.started = results::now_iso8601();
    m_row = m_store.add_class(row);
    m_row.group = row.group;
    if (!state_dir.empty()) {
        std::filesystem::create_directories(state_dir);
        m_state_file = state_dir / ("class-" + m_row.uuid + ".json");
    }
    if (m_config.admission == Admission::Roster && m_row.group_id)
        for (const results::Trainee& t : m_store.members(*m_row.group_id)) m_roster.insert(t.name);
    std::uint64_t seq = 0;
    {
        std::lock_guard lock(m_mutex);
        state_changed();
        seq = m_state_seq;
    }
    persist(seq);
}

ClassRoom::~ClassRoom() = default;

void ClassRoom::set_address(std::string address) {
    std::unique_lock lock(m_mutex);
    m_config.address = std::move(address);
    state_changed();
    changed();
    const std::uint64_t seq = m_state_seq;
    lock.unlock();
    persist(seq);
}

void ClassRoom::state_changed() {
    ++m_state_seq;
}

void ClassRoom::persist(std::uint64_t seq) {
    if (m_state_file.empty()) return;
    std::lock_guard write(m_state_mutex);
    if (m_state_written >= seq) return;  // a write since took it in
    std::string text;
    std::uint64_t upto = 0;
    {
        std::lock_guard lock(m_mutex);
        text = state_text();
        upto = m_state_seq;
    }
    app::write_file_durable(m_state_file, text);
    std::filesystem::permissions(m_state_file,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    m_state_written = upto;
}

std::string ClassRoom::state_text() const {
    json members = json::array();
    for (const auto& m : m_members)
        members.push_back({{"number", m->number},
                           {"name", m->name},
                           {"token", m->token},
                           {"registration", m->registration},
                           {"removed", m->removed},
                           {"banned", m->banned}});
    const json state = {{"salesim_class", 1},
                        {"class", m_row.uuid},
                        {"code", m_secrets.code},
                        {"trainer_token", m_secrets.trainer_token},
                        {"board_key", m_secrets.board_key},
                        {"scenario", m_config.scenario->id},
                        {"content_hash", m_config.scenario->content_hash},
                        {"seed", m_config.seed},
                        {"mode", std::string(to_string(m_config.mode))},
                        {"pacing", std::string(to_string(m_config.pacing))},
                        {"admission", std::string(to_string(m_config.admission))},
                        {"group", m_config.group},
                        {"lang", m_config.lang},
                        {"address", m_config.address},
                        {"names_hidden", m_names_hidden},
                        {"ended", m_ended},
                        {"members", members},
                        {"banned", json(m_banned)}};
    return state.dump(2) + "\n";
}

std::unique_ptr<ClassRoom> ClassRoom::resume(const std::filesystem::path& state_file, const Library& library,
                                             results::ResultsStore& store, const app::Strings& strings,
                                             const std::string& address) {
    const auto fail = [&](std::string_view key, const std::string& scenario = {}) {
        throw std::runtime_error(
            app::fill(strings.tr_in("en", std::string("classroom.state.") + std::string(key)),
                      {{"file", state_file.string()}, {"scenario", scenario}}));
    };
    std::ifstream in(state_file, std::ios::binary);
    if (!in) fail("unreadable");
    std::stringstream buf;
    buf << in.rdbuf();
    const json s = json::parse(buf.str(), nullptr, false);
    if (!s.is_object() || s.value("salesim_class", 0) != 1) fail("not_state");
    const std::string scenario_id = s.value("scenario", "");
    std::shared_ptr<const Scenario> scenario;
    for (const auto& sc : library.scenarios)
        if (sc->id == scenario_id) scenario = sc;
    if (!scenario) fail("no_scenario", scenario_id);
    const auto row = store.find_class(s.value("class", ""));
    if (!row) fail("not_in_store");
    ClassConfig config;
    config.scenario = scenario;
    config.seed = s.value("seed", std::uint64_t{1});
    config.mode = parse_mode(s.value("mode", "practice")).value_or(Mode::Practice);
    config.pacing = parse_pacing(s.value("pacing", "self")).value_or(Pacing::Self);
    config.admission = parse_admission(s.value("admission", "open")).value_or(Admission::Open);
    config.group = s.value("group", "");
    config.lang = s.value("lang", "en");
    config.address = address.empty() ? s.value("address", "") : address;
    ClassSecrets secrets{s.value("code", ""), s.value("trainer_token", ""), s.value("board_key", "")};
    std::unique_ptr<ClassRoom> room(
        new ClassRoom(std::move(config), store, strings, state_file, std::move(secrets), *row));
    std::lock_guard lock(room->m_mutex);
    room->m_replaying = true;
    room->m_names_hidden = s.value("names_hidden", false);
    room->m_ended = s.value("ended", false) || !row->ended.empty();
    if (s.contains("banned") && s["banned"].is_array())
        for (const auto& b : s["banned"])
            if (b.is_string()) room->m_banned.insert(b.get<std::string>());
    for (const auto& jm : s.value("members", json::array())) {
        auto m = std::make_unique<Member>();
        m->number = jm.value("number", 0);
        m->name = jm.value("name", "");
        m->token = jm.value("token", "");
        m->registration = jm.value("registration", "");
        m->removed = jm.value("removed", false);
        m->banned = jm.value("banned", false);
        if (const auto t = store.find_trainee(m->name)) m->trainee_id = t->id;
        if (const auto a = store.find_attempt(m->registration)) {
            m->attempt = a->id;
            m->session.emplace(room->m_recorder.resume(a->id, library));
        } else {
            room->start_attempt(*m);
        }
        room->m_members.push_back(std::move(m));
    }
    for (auto& m : room->m_members) {
        // Every decision the server holds counts at its point, then the trainee stands where they are.
        const Session& ses = *m->session;
        for (std::size_t i = 0; i < ses.decisions().size(); ++i) {
            const std::string name = point_of_decision(ses, i);
            Point* p = room->find_point(name);
            if (p == nullptr) continue;
            p->reached.insert(m->number);
            p->decided.insert(m->number);
            p->count(option_key(ses.decisions()[i].offered, ses.decisions()[i].chosen))++;
        }
        room->reached(*m);
    }
    // Freezes, reveals, releases and votes as they happened.
    for (const results::ClassEvent& e : store.class_events(row->id)) room->replay_event(e);
    room->m_replaying = false;
    return room;
}

// ---- helpers

std::string ClassRoom::tr(std::string_view key) const {
    return m_strings.tr_in(m_config.lang, key);
}

void ClassRoom::refuse(int status, const std::string& code,
                       const std::vector<std::pair<std::string_view, std::string>>& values) const {
    const std::string key = "classroom.error." + code;
    throw ProtocolError(status, code, app::fill(m_strings.tr_in(m_config.lang, key), values));
}

std::string ClassRoom::text(std::string_view key) const {
    std::lock_guard lock(m_mutex);
    return tr(key);
}

std::string ClassRoom::message(std::string_view code) const {
    return m_strings.tr_in(m_config.lang, "classroom.error." + std::string(code));
}

std::string ClassRoom::export_csv() const {
    std::lock_guard lock(m_mutex);
    results::ExportOptions opts;
    opts.filter.class_id = m_row.uuid;
    results::Warnings warnings;
    return results::export_csv(m_store, opts, warnings);
}

std::string ClassRoom::export_xapi() const {
    std::lock_guard lock(m_mutex);
    results::ExportOptions opts;
    opts.filter.class_id = m_row.uuid;
    results::Warnings warnings;
    return results::export_xapi(m_store, opts, warnings);
}

void ClassRoom::changed() {
    ++m_version;
    m_cv.notify_all();
}

void ClassRoom::view_changed(Member* m) {
    if (m != nullptr) {
        ++m->view_version;
        m->view_cv.notify_all();
        return;
    }
    ++m_view_version;
    for (auto& x : m_members) x->view_cv.notify_all();
}

ClassRoom::Member& ClassRoom::member_by_token(const std::string& token) {
    if (token.empty()) refuse(401, "no_token");
    if (secrets_equal(token, m_secrets.trainer_token) || secrets_equal(token, m_secrets.board_key))
        refuse(403, "trainee_only");
    for (auto& m : m_members)
        if (secrets_equal(token, m->token)) {
            if (m->banned) refuse(403, "banned");
            return *m;
        }
    refuse(401, "bad_token");
}

ClassRoom::Member* ClassRoom::member_by_number(int number) {
    for (auto& m : m_members)
        if (m->number == number) return m.get();
    return nullptr;
}

ClassRoom::Member* ClassRoom::member_by_name(const std::string& name) {
    for (auto& m : m_members)
        if (m->name == name) return m.get();
    return nullptr;
}

void ClassRoom::touch(Member& m) {
    const std::string before = presence(m);
    m.last_seen = m_now();
    m.seen = true;
    if (presence(m) != before) changed();
}

std::string ClassRoom::presence(const Member& m) const {
    if (m.banned) return "banned";
    if (m.removed) return "removed";
    if (m.streams > 0) return "playing";
    if (!m.seen) return "left";
    const auto quiet = m_now() - m.last_seen;
    if (quiet < away_after) return "playing";
    if (quiet < left_after) return "away";
    return "left";
}

void ClassRoom::record_event(const std::string& kind, const std::string& point_name, const Member* m,
                             int choice, const std::string& value) {
    results::ClassEvent e;
    e.at = results::now_iso8601();
    e.kind = kind;
    e.point = point_name;
    if (m != nullptr && m->trainee_id != 0) e.trainee_id = m->trainee_id;
    e.choice = choice;
    e.value = value;
    try {
        m_store.add_class_event(m_row.id, e);
    } catch (const results::StoreError&) {
        // The class goes on; what happened is shown live and the attempts hold every decision.
    }
}

void ClassRoom::start_attempt(Member& m) {
    m.session.emplace(m_config.scenario, m_config.seed);
    if (m.registration.empty()) m.registration = results::uuid_v4();
    try {
        // One commit for the attempt and its place in the class: each is a flush to disk, and a
        // join holds the class's lock.
        m_store.transaction([&] {
            if (const auto existing = m_store.find_attempt(m.registration)) {
                m.attempt = existing->id;
            } else {
                m.attempt = m_recorder.begin_attempt(m.name, *m.session, m_config.lang, m_config.mode,
                                                     m.registration);
            }
            m_store.add_class_attempt(m_row.id, m.attempt);
        });
        if (const auto t = m_store.find_trainee(m.name)) m.trainee_id = t->id;
    } catch (const results::StoreError&) {
        refuse(503, "store");
    }
}

// ---- points

ClassRoom::Point* ClassRoom::find_point(const std::string& name) {
    const auto it = m_point_index.find(name);
    return it == m_point_index.end() ? nullptr : it->second;
}

ClassRoom::Point& ClassRoom::ensure_point(const std::string& name) {
    if (Point* p = find_point(name)) return *p;
    auto p = std::make_unique<Point>();
    p->name = name;
    const auto colon = name.find(':');
    const auto hash = name.rfind('#');
    p->kind = colon == std::string::npos ? name : name.substr(0, colon);
    p->ref = colon == std::string::npos || hash == std::string::npos
                 ? std::string()
                 : name.substr(colon + 1, hash - colon - 1);
    Point& ref = *p;
    m_point_index[name] = p.get();
    m_points.push_back(std::move(p));
    return ref;
}

void ClassRoom::describe(Point& p, const Session& session) {
    if (p.described) return;
    p.described = true;
    const Decision& d = session.current();
    const std::string lang = session.scenario().language_or_default(m_config.lang);
    p.prompt = d.prompt.get(lang);
    for (std::size_t i = 0; i < d.options.size(); ++i) {
        Point::OptionInfo info;
        info.key = option_key(d, i);
        info.move = d.options[i].move;
        info.label = d.options[i].label.get(lang);
        Session trial = session;
        const DecisionRecord& r = trial.choose(i);
        info.verdict = std::string(to_string(r.verdict));
        info.feedback = r.feedback.get(lang);
        info.scored = r.scored;
        p.options.push_back(std::move(info));
    }
}

void ClassRoom::reached(Member& m) {
    if (!m.session || m.session->finished()) {
        m.at_point.clear();
        return;
    }
    const std::string name = current_point(*m.session);
    m.at_point = name;
    Point& p = ensure_point(name);
    describe(p, *m.session);
    p.reached.insert(m.number);
    if (m_config.pacing == Pacing::Trainer && !m_released.count(name) && !p.frozen) {
        p.frozen = true;
        if (!m_replaying) record_event("freeze", name, nullptr, -1, "");
        view_changed(nullptr);
    }
}

bool ClassRoom::point_waits(const std::string& name) const {
    const auto it = m_point_index.find(name);
    if (m_config.pacing == Pacing::Trainer) return !m_released.count(name);
    return it != m_point_index.end() && it->second->frozen;
}

int ClassRoom::timer_left(const Point& p) const {
    if (!p.timer_end) return -1;
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*p.timer_end - m_now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

void ClassRoom::replay_event(const results::ClassEvent& e) {
    Member* m = nullptr;
    if (e.trainee_id)
        for (auto& x : m_members)
            if (x->trainee_id == *e.trainee_id) m = x.get();
    if (e.kind == "freeze") {
        Point& p = ensure_point(e.point);
        p.frozen = true;
        p.released = false;
        m_released.erase(e.point);
        p.distribution_shown = p.verdicts_shown = false;
        p.votes.clear();
        p.timer_end.reset();
        if (!e.value.empty()) {
            // A timer restarts in full: the server was away for part of it.
            p.timer_end = m_now() + std::chrono::seconds(std::atoi(e.value.c_str()));
        }
    } else if (e.kind == "reveal") {
        Point& p = ensure_point(e.point);
        if (e.value == "verdicts") p.verdicts_shown = true;
        if (e.value == "distribution") p.distribution_shown = true;
    } else if (e.kind == "release") {
        Point& p = ensure_point(e.point);
        p.frozen = false;
        p.released = true;
        m_released.insert(e.point);
    } else if (e.kind == "vote" && m != nullptr) {
        Point& p = ensure_point(e.point);
        if (p.frozen && m->at_point == e.point) p.votes[m->number] = e.choice;
    } else if (e.kind == "names") {
        m_names_hidden = e.value == "hidden";
    }
}

// ---- requests

json ClassRoom::join(const json& body) {
    std::unique_lock lock(m_mutex);
    if (m_ended) refuse(410, "class_ended");
    const json& code = field(body, "code");
    const json& name_field = field(body, "name");
    const json& token_field = field(body, "token");
    if (!code.is_string()) refuse(400, "bad_request", {{"field", "code"}});
    const auto canonical = normalize_code(code.get<std::string>());
    if (!canonical || !secrets_equal(*canonical, m_secrets.code)) refuse(403, "wrong_code");

    Member* m = nullptr;
    if (token_field.is_string() && !token_field.get<std::string>().empty()) {
        for (auto& x : m_members)
            if (secrets_equal(token_field.get<std::string>(), x->token)) m = x.get();
        if (m != nullptr && m->banned) refuse(403, "banned");
    }
    if (m == nullptr) {
        if (!name_field.is_string()) refuse(400, "bad_request", {{"field", "name"}});
        std::string why;
        const auto name = class_name(name_field.get<std::string>(), why);
        if (!name) refuse(400, "bad_name", {{"why", why}});
        if (m_banned.count(*name)) refuse(403, "banned");
        if (m_config.admission == Admission::Roster && !m_roster.count(*name)) refuse(403, "not_on_roster");
        m = member_by_name(*name);
        if (m != nullptr) {
            if (!m->removed && presence(*m) == "playing") refuse(409, "name_in_use");
            m->token = new_secret();  // the earlier token no longer works
        } else {
            auto fresh = std::make_unique<Member>();
            fresh->number = static_cast<int>(m_members.size()) + 1;
            fresh->name = *name;
            fresh->token = new_secret();
            start_attempt(*fresh);
            m = fresh.get();
            m_members.push_back(std::move(fresh));
            reached(*m);
        }
    }
    m->removed = false;
    touch(*m);
    state_changed();
    changed();
    view_changed(m);

    const Session& s = *m->session;
    json hinted = json::array();
    for (const DecisionRecord& r : s.decisions())
        if (r.hinted) hinted.push_back(r.index);
    const std::string lang = m_config.scenario->language_or_default(m_config.lang);
    json reply = {{"token", m->token},
                  {"trainee", {{"name", m->name}, {"number", m->number}}},
                  {"registration", m->registration},
                  {"class", m_row.uuid},
                  {"scenario",
                   {{"id", m_config.scenario->id},
                    {"content_hash", m_config.scenario->content_hash},
                    {"title", m_config.scenario->title.get(lang)}}},
                  {"seed", m_config.seed},
                  {"mode", std::string(to_string(m_config.mode))},
                  {"pacing", std::string(to_string(m_config.pacing))},
                  {"lang", m_config.lang},
                  {"choices", s.choices()},
                  {"hinted", hinted}};
    // The token is given once the state file holds it (a restarted server knows it), but the file
    // is written outside the class's lock: a class joining at once would otherwise hold every
    // decision behind one flush to disk per join.
    const std::uint64_t seq = m_state_seq;
    lock.unlock();
    persist(seq);
    return reply;
}

json ClassRoom::decide(const std::string& token, const json& body) {
    std::lock_guard lock(m_mutex);
    if (m_ended) refuse(410, "class_ended");
    Member& m = member_by_token(token);
    if (m.removed) refuse(401, "bad_token");
    touch(m);
    const json& reg = field(body, "registration");
    const json& index = field(body, "index");
    const json& option = field(body, "option");
    const json& hinted = field(body, "hinted");
    if (!reg.is_string()) refuse(400, "bad_request", {{"field", "registration"}});
    if (!is_count(index)) refuse(400, "bad_request", {{"field", "index"}});
    if (!is_count(option)) refuse(400, "bad_request", {{"field", "option"}});
    if (!hinted.is_null() && !hinted.is_boolean()) refuse(400, "bad_request", {{"field", "hinted"}});
    if (reg.get<std::string>() != m.registration) refuse(403, "not_yours");
    Session& s = *m.session;
    const std::size_t n = s.decisions().size();
    const auto i = index.get<std::uint64_t>();
    const auto o = option.get<std::uint64_t>();
    const auto ack = [&] {
        return json{{"acknowledged", m.session->decisions().size()}, {"finished", m.session->finished()}};
    };
    if (i < n) {
        if (s.choices()[i] != o) refuse(409, "different", {{"index", std::to_string(i)}});
        return ack();
    }
    if (i > n) {
        throw ProtocolError(409, "out_of_order",
                            app::fill(tr("classroom.error.out_of_order"), {{"expected", std::to_string(n)}}));
    }
    if (s.finished()) refuse(409, "finished");
    if (o >= s.current().options.size()) refuse(400, "bad_option");
    const bool with_hint = hinted.is_boolean() && hinted.get<bool>();
    if (with_hint && !allows_hints(m_config.mode)) refuse(400, "no_hints");
    const std::string at = current_point(s);
    if (point_waits(at)) refuse(409, "frozen");

    Session next = s;
    if (with_hint) next.hint();
    const DecisionRecord& rec = next.choose(o);
    try {
        m_store.transaction([&] {
            m_recorder.record_decision(m.attempt, next, rec);
            if (next.finished()) m_recorder.finish_attempt(m.attempt, next);
        });
    } catch (const results::StoreError&) {
        refuse(503, "store");
    }
    Point& p = ensure_point(at);
    p.decided.insert(m.number);
    p.count(option_key(rec.offered, rec.chosen))++;
    p.votes.erase(m.number);
    m.session.emplace(std::move(next));
    m.max_stage = std::max(m.max_stage, static_cast<int>(m.session->stage()));
    reached(m);
    changed();
    view_changed(&m);
    return ack();
}

json ClassRoom::vote(const std::string& token, const json& body) {
    std::lock_guard lock(m_mutex);
    if (m_ended) refuse(410, "class_ended");
    Member& m = member_by_token(token);
    if (m.removed) refuse(401, "bad_token");
    touch(m);
    const json& reg = field(body, "registration");
    const json& point_field = field(body, "point");
    const json& option = field(body, "option");
    if (!reg.is_string()) refuse(400, "bad_request", {{"field", "registration"}});
    if (!point_field.is_string()) refuse(400, "bad_request", {{"field", "point"}});
    if (!is_count(option)) refuse(400, "bad_request", {{"field", "option"}});
    if (reg.get<std::string>() != m.registration) refuse(403, "not_yours");
    // A finished trainee stands at no point ("" in at_point): without this, a vote at "" (which
    // waits in trainer pacing) reached the session's current() and threw.
    if (m.session->finished()) refuse(409, "finished");
    const std::string at = point_field.get<std::string>();
    if (at.empty()) refuse(400, "bad_request", {{"field", "point"}});
    if (!point_waits(at)) refuse(409, "not_frozen");
    if (m.at_point != at) refuse(409, "not_at_point");
    Point& p = ensure_point(at);
    if (p.timer_end && m_now() >= *p.timer_end) refuse(409, "vote_closed");
    const auto o = option.get<std::uint64_t>();
    if (o >= m.session->current().options.size()) refuse(400, "bad_option");
    p.votes[m.number] = static_cast<int>(o);
    record_event("vote", at, &m, static_cast<int>(o), "");
    changed();
    view_changed(&m);
    return {{"counted", true}};
}

json ClassRoom::class_view(const std::string& token) {
    std::lock_guard lock(m_mutex);
    Member& m = member_by_token(token);
    if (!m.removed) touch(m);
    json frozen = json::array();
    for (const auto& p : m_points) {
        if (!point_waits(p->name)) continue;
        frozen.push_back({{"point", p->name},
                          {"timer_left", p->timer_end ? json(timer_left(*p)) : json(nullptr)},
                          {"voted", p->votes.count(m.number) > 0}});
    }
    return {{"ended", m_ended},
            {"removed", m.removed},
            {"pacing", std::string(to_string(m_config.pacing))},
            {"acknowledged", m.session->decisions().size()},
            {"at", m.at_point},
            {"frozen", frozen},
            {"released", json(m_released)}};
}

void ClassRoom::stream_opened(const std::string& token, int delta) {
    std::lock_guard lock(m_mutex);
    for (auto& m : m_members)
        if (secrets_equal(token, m->token)) {
            const std::string before = presence(*m);
            m->streams += delta;
            m->last_seen = m_now();
            m->seen = true;
            if (presence(*m) != before) changed();
        }
}

std::string ClassRoom::key_kind(const std::string& key) const {
    std::lock_guard lock(m_mutex);
    if (secrets_equal(key, m_secrets.trainer_token)) return "trainer";
    if (secrets_equal(key, m_secrets.board_key)) return "board";
    for (const auto& m : m_members)
        if (secrets_equal(key, m->token)) return "trainee";
    return "";
}

void ClassRoom::require_trainer(const std::string& token) const {
    if (token.empty()) refuse(401, "no_token");
    if (secrets_equal(token, m_secrets.trainer_token)) return;
    if (key_kind(token).empty()) refuse(401, "bad_token");
    refuse(403, "trainer_only");
}

json ClassRoom::board(const std::string& key) {
    const std::string kind = key_kind(key);
    if (key.empty()) refuse(401, "no_token");
    if (kind.empty()) refuse(401, "bad_token");
    if (kind == "trainee") refuse(403, "trainer_only");
    std::lock_guard lock(m_mutex);
    return board_json(kind == "trainer");
}

json ClassRoom::trainer(const std::string& token, const std::string& action, const json& body) {
    require_trainer(token);
    if (action == "end") {
        end();
        return {{"ok", true}};
    }
    std::unique_lock lock(m_mutex);
    if (m_ended) refuse(410, "class_ended");
    const auto point_arg = [&]() -> std::string {
        const json& p = field(body, "point");
        if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>().size() > 200)
            refuse(400, "bad_request", {{"field", "point"}});
        return p.get<std::string>();
    };
    const auto member_arg = [&]() -> Member& {
        const json& n = field(body, "number");
        if (!n.is_number_integer()) refuse(400, "bad_request", {{"field", "number"}});
        const std::optional<int> number = as_int(n);
        Member* m = number ? member_by_number(*number) : nullptr;
        if (m == nullptr) refuse(404, "no_trainee");
        return *m;
    };
    if (action == "freeze") {
        const std::string name = point_arg();
        const json& timer = field(body, "timer");
        int seconds = 0;
        if (!timer.is_null()) {
            const std::optional<int> t = as_int(timer);
            if (!t || *t < 5 || *t > 240) refuse(400, "bad_timer");
            seconds = *t;
        }
        record_event("freeze", name, nullptr, -1, seconds > 0 ? std::to_string(seconds) : "");
        replay_event({results::now_iso8601(), "freeze", name, std::nullopt, -1,
                      seconds > 0 ? std::to_string(seconds) : ""});
    } else if (action == "reveal") {
        const std::string name = point_arg();
        const json& what = field(body, "what");
        if (!what.is_string() || (what != "distribution" && what != "verdicts"))
            refuse(400, "bad_request", {{"field", "what"}});
        if (find_point(name) == nullptr) refuse(404, "no_point");
        record_event("reveal", name, nullptr, -1, what.get<std::string>());
        replay_event({results::now_iso8601(), "reveal", name, std::nullopt, -1, what.get<std::string>()});
    } else if (action == "release") {
        const std::string name = point_arg();
        record_event("release", name, nullptr, -1, "");
        replay_event({results::now_iso8601(), "release", name, std::nullopt, -1, ""});
    } else if (action == "remove" || action == "ban") {
        Member& m = member_arg();
        m.removed = true;
        if (action == "ban") {
            m.banned = true;
            m_banned.insert(m.name);
        }
        record_event(action, "", &m, -1, "");
        state_changed();
    } else if (action == "names") {
        const json& hidden = field(body, "hidden");
        if (!hidden.is_boolean()) refuse(400, "bad_request", {{"field", "hidden"}});
        m_names_hidden = hidden.get<bool>();
        record_event("names", "", nullptr, -1, m_names_hidden ? "hidden" : "shown");
        state_changed();
    } else {
        refuse(404, "not_found");
    }
    changed();
    view_changed(nullptr);  // rare, and freezes and releases are every trainee's
    const std::uint64_t seq = m_state_seq;
    lock.unlock();
    persist(seq);
    return {{"ok", true}};
}

void ClassRoom::end() {
    std::unique_lock lock(m_mutex);
    if (m_ended) return;
    m_ended = true;
    for (auto& m : m_members) {
        if (m->attempt == 0) continue;
        try {
            const auto a = m_store.attempt(m->attempt);
            if (a && a->status == results::AttemptStatus::InProgress) m_recorder.abandon(m->attempt);
        } catch (const results::StoreError&) {
            // the attempt stays open; it can be closed from the results later
        }
    }
    try {
        m_store.end_class(m_row.id, results::now_iso8601());
        record_event("end", "", nullptr, -1, "");
    } catch (const results::StoreError&) {
    }
    state_changed();
    changed();
    view_changed(nullptr);
    const std::uint64_t seq = m_state_seq;
    lock.unlock();
    persist(seq);
}

bool ClassRoom::ended() const {
    std::lock_guard lock(m_mutex);
    return m_ended;
}

std::uint64_t ClassRoom::version() const {
    std::lock_guard lock(m_mutex);
    return m_version;
}

std::uint64_t ClassRoom::wait_change(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, timeout, [&] { return m_version != seen || m_waking; });
    return m_version;
}

const ClassRoom::Member* ClassRoom::find_member(const std::string& token) const {
    for (const auto& m : m_members)
        if (secrets_equal(token, m->token)) return m.get();
    return nullptr;
}

std::uint64_t ClassRoom::view_version(const std::string& token) const {
    std::lock_guard lock(m_mutex);
    const Member* m = find_member(token);
    return m == nullptr ? 0 : m_view_version + m->view_version;
}

std::uint64_t ClassRoom::wait_view_change(const std::string& token, std::uint64_t seen,
                                          std::chrono::milliseconds timeout) const {
    std::unique_lock lock(m_mutex);
    const Member* m = find_member(token);
    if (m == nullptr) {
        // Not a trainee's (any more): the caller's next read of the view says so.
        m_cv.wait_for(lock, timeout, [&] { return m_waking; });
        return 0;
    }
    // Both counts only grow, so their sum changes exactly when either does.
    const auto now = [&] { return m_view_version + m->view_version; };
    m->view_cv.wait_for(lock, timeout, [&] { return now() != seen || m_waking; });
    return now();
}

void ClassRoom::wake_all() {
    std::lock_guard lock(m_mutex);
    m_waking = true;
    m_cv.notify_all();
    for (auto& m : m_members) m->view_cv.notify_all();
}

void ClassRoom::tick() {
    std::lock_guard lock(m_mutex);
    std::string now;
    for (const auto& m : m_members) now += presence(*m);
    for (const auto& p : m_points)
        if (p->timer_end) now += std::to_string(timer_left(*p) == 0);
    if (now != m_tick_signature) {
        m_tick_signature = now;
        changed();
        view_changed(nullptr);  // a timer ran out (or someone's presence changed: seldom)
    }
}

}  // namespace salesim::classroom
