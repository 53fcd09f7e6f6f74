// Fuzz target: the classroom server's request handling, in-process (ClassServer::handle), on a live
// class with trainees joined. Checks the protocol's contracts for any request: never a crash or a
// 500, an error is always JSON with a known `error.code` and a message from the string tables, a
// JSON answer is JSON, only the trainer's secret opens a trainer action or an export, only the
// trainer's or the board's opens the board, only a trainee's own token opens a trainee's requests,
// and no answer gives away a secret its request did not hold.
//
// Input: up to 64 requests separated by a line "~~~". Each request is lines:
//   1. selectors: character 0 picks the secret sent (see Auth), character 1 the trainee it is taken
//      from ('+': the one who joined last), character 2 the class (bit 0: self- or trainer-paced)
//      and the address it comes from (bit 1: a fixed one, so the wrong-code limit is reached; else
//      a new one each time);
//   2. the method;  3. the path with its query;  4. the Authorization header (sent as written
//      when character 0 picks it);  5... the body.
// In lines 3-5 and the body, $CODE, $TRAINER, $BOARD, $TOKEN, $REG, $OTHER (another trainee's
// registration), $NUMBER, $POINT and $INDEX (the trainee's point and next decision index) stand for
// the class's values, which are random and cannot be guessed by mutation.
//
// SALESIM_FUZZ_VERBOSE=1 prints every request with its answer (to see what a corpus reaches).
//
// The classes (one per pacing) are built once per process and built again when one has ended, has
// taken in more than 48 trainees or has played 1,000 inputs (a trainer's freezes of made-up points
// pile up), so inputs keep reaching a class that is playing.
#include "fuzz_common.hpp"

#include "salesim/classroom/server.hpp"
#include "salesim/results/sqlite_store.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace salesim;
using namespace salesim::classroom;
using nlohmann::json;

enum Auth { None, TrainerHeader, BoardHeader, TraineeHeader, TraineeQuery, TrainerQuery, BoardQuery, Raw };

struct Trainee {
    int number = 0;
    std::string token;
    std::string registration;
};

const app::Strings& strings() {
    static const app::Strings s = [] {
        app::Strings t;
        t.load_dir(std::string(SALESIM_SOURCE_DIR) + "/assets/strings");
        return t;
    }();
    return s;
}

// One live class on an in-memory store, with the trainees the fuzzer knows the tokens of.
struct FuzzClass {
    std::unique_ptr<results::SqliteStore> store;
    std::unique_ptr<ClassRoom> room;
    std::unique_ptr<ClassServer> server;
    std::vector<Trainee> trainees;
    std::set<std::string> exposed;  ///< secrets an input has put into a body (a name may hold one)
    int inputs = 0;                 ///< inputs played in this class

    explicit FuzzClass(Pacing pacing) { build(pacing); }

    void build(Pacing pacing) {
        server.reset();
        room.reset();
        store.reset();
        trainees.clear();
        exposed.clear();
        inputs = 0;
        store = std::make_unique<results::SqliteStore>(":memory:");
        ClassConfig c;
        for (const auto& s : fuzz::shipped_library().scenarios)
            if (s->id == "chairs-agency") c.scenario = s;
        fuzz::check(c.scenario != nullptr, "the shipped library has no chairs-agency");
        c.seed = 7;
        c.mode = Mode::Practice;
        c.pacing = pacing;
        c.group = "Fuzz";
        c.address = "http://127.0.0.1:8765";
        room = std::make_unique<ClassRoom>(c, *store, strings(), std::filesystem::path());
        ServerOptions o;
        o.bind = "127.0.0.1";
        o.port = 0;
        o.wrong_code_delay = std::chrono::milliseconds(0);
        server = std::make_unique<ClassServer>(*room, o);
        for (const char* name : {"Anna", "Ben", "Chen"}) {
            const json a = room->join({{"code", room->secrets().code}, {"name", name}});
            trainees.push_back({a["trainee"]["number"].get<int>(), a["token"].get<std::string>(),
                                a["registration"].get<std::string>()});
        }
    }

    void learn(const json& answer) {
        if (!answer.is_object() || !answer.contains("token") || !answer.contains("trainee")) return;
        Trainee t{answer["trainee"].value("number", 0), answer.value("token", ""),
                  answer.value("registration", "")};
        for (Trainee& known : trainees)
            if (known.number == t.number) {
                known = t;  // a rejoin by name gives a new token
                return;
            }
        trainees.push_back(std::move(t));
    }
};

// The class an input plays in; built again only between inputs, so a request after `end` in the
// same input meets the ended class.
FuzzClass& fuzz_class(Pacing pacing, bool first) {
    static FuzzClass self_paced(Pacing::Self);
    static FuzzClass trainer_paced(Pacing::Trainer);
    FuzzClass& c = pacing == Pacing::Self ? self_paced : trainer_paced;
    if (first && (c.room->ended() || c.trainees.size() > 48 || ++c.inputs > 1000)) c.build(pacing);
    return c;
}

void replace_all(std::string& s, std::string_view from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// The query as cpp-httplib gives it to the handler: split at & and =, %XX and + decoded.
std::map<std::string, std::string> parse_query(std::string_view q) {
    const auto decode = [](std::string_view in) {
        std::string out;
        for (std::size_t i = 0; i < in.size(); ++i) {
            const auto hex = [](char c) {
                return c >= '0' && c <= '9'   ? c - '0'
                       : c >= 'a' && c <= 'f' ? c - 'a' + 10
                       : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
            };
            if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out += static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out += in[i] == '+' ? ' ' : in[i];
            }
        }
        return out;
    };
    std::map<std::string, std::string> out;
    while (!q.empty()) {
        const std::size_t amp = q.find('&');
        const std::string_view part = q.substr(0, amp);
        const std::size_t eq = part.find('=');
        out.emplace(decode(part.substr(0, eq)),
                    eq == std::string_view::npos ? "" : decode(part.substr(eq + 1)));
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    }
    return out;
}

// Takes the next line off `rest` (without its newline).
std::string_view next_line(std::string_view& rest) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    return line;
}

const std::set<std::string>& known_codes() {
    static const std::set<std::string> codes = {
        "bad_request", "bad_name",   "bad_option",    "bad_timer",   "no_hints",     "no_token",
        "bad_token",   "wrong_code", "not_on_roster", "banned",      "trainer_only", "trainee_only",
        "not_yours",   "not_found",  "method",        "name_in_use", "out_of_order", "different",
        "frozen",      "not_frozen", "not_at_point",  "vote_closed", "finished",     "class_ended",
        "too_large",   "too_many",   "store",         "no_trainee",  "no_point"};
    return codes;
}

void one_request(std::string_view text, std::uint64_t& serial, Pacing& pacing, bool first) {
    const std::string_view selectors = next_line(text);
    const auto sel = [&](std::size_t i) {
        return i < selectors.size() ? static_cast<unsigned char>(selectors[i]) : 0u;
    };
    if (first) pacing = (sel(2) & 1u) != 0 ? Pacing::Trainer : Pacing::Self;
    FuzzClass& c = fuzz_class(pacing, first);
    ClassRoom& room = *c.room;
    const Auth auth = static_cast<Auth>(sel(0) % 8);
    // '+' picks the trainee who joined last (a corpus input that joins one and plays it).
    const Trainee trainee = selectors.size() > 1 && selectors[1] == '+'
                                ? c.trainees.back()
                                : c.trainees[sel(1) % c.trainees.size()];
    const Trainee& other = c.trainees[(sel(1) + 1) % c.trainees.size()];

    HttpRequest r;
    r.method = std::string(next_line(text));
    std::string target(next_line(text));
    std::string header(next_line(text));
    std::string body(text);
    r.remote = (sel(2) & 2u) != 0
                   ? "192.0.2.1"
                   : "10." + std::to_string(serial >> 16 & 255) + "." + std::to_string(serial >> 8 & 255) +
                         "." + std::to_string(serial & 255);
    ++serial;

    const auto needs = [&](std::string_view what) {
        return target.find(what) != std::string::npos || header.find(what) != std::string::npos ||
               body.find(what) != std::string::npos;
    };
    std::string point, index = "0";
    if (needs("$POINT") || needs("$INDEX")) {
        try {
            const json v = room.class_view(trainee.token);
            point = v.value("at", "");
            index = std::to_string(v.value("acknowledged", 0));
        } catch (const ProtocolError&) {
            // a banned trainee: the placeholders stay empty
        }
    }
    const std::vector<std::pair<std::string_view, std::string>> values = {
        {"$CODE", format_code(room.secrets().code)},
        {"$TRAINER", room.secrets().trainer_token},
        {"$BOARD", room.secrets().board_key},
        {"$TOKEN", trainee.token},
        {"$REG", trainee.registration},
        {"$OTHER", other.registration},
        {"$NUMBER", std::to_string(trainee.number)},
        {"$POINT", point},
        {"$INDEX", index}};
    for (const auto& [from, to] : values) {
        if (body.find(from) != std::string::npos) c.exposed.insert(to);
        replace_all(target, from, to);
        replace_all(header, from, to);
        replace_all(body, from, to);
    }

    const std::size_t question = target.find('?');
    r.path = target.substr(0, question);
    if (question != std::string::npos) r.query = parse_query(std::string_view(target).substr(question + 1));
    r.body = std::move(body);
    switch (auth) {
        case None:
            break;
        case TrainerHeader:
            r.authorization = "Bearer " + room.secrets().trainer_token;
            break;
        case BoardHeader:
            r.authorization = "Bearer " + room.secrets().board_key;
            break;
        case TraineeHeader:
            r.authorization = "Bearer " + trainee.token;
            break;
        case TraineeQuery:
            r.query["key"] = trainee.token;
            break;
        case TrainerQuery:
            r.query["key"] = room.secrets().trainer_token;
            break;
        case BoardQuery:
            r.query["key"] = room.secrets().board_key;
            break;
        case Raw:
            r.authorization = header;
            break;
    }
    // The secret the request holds, by the documented rule: the bearer header, else ?key=.
    std::string key;
    if (r.authorization.size() > 7 && r.authorization.rfind("Bearer ", 0) == 0)
        key = r.authorization.substr(7);
    else if (const auto it = r.query.find("key"); it != r.query.end())
        key = it->second;
    // Read before the request: a trainer's `remove` or `ban` takes a token back.
    const std::string kind = room.key_kind(key);
    const Trainee* holder = nullptr;
    for (const Trainee& t : c.trainees)
        if (!key.empty() && t.token == key) holder = &t;

    const HttpReply reply = c.server->handle(r);
    static const bool verbose = std::getenv("SALESIM_FUZZ_VERBOSE") != nullptr;
    if (verbose)
        std::fprintf(stderr, "%s %s [%s] -> %d %.120s\n", r.method.c_str(), r.path.c_str(), kind.c_str(),
                     reply.status, reply.body.c_str());

    if (reply.status == 500)
        std::fprintf(stderr, "%s %s with [%s]: %s\n", r.method.c_str(), r.path.c_str(), kind.c_str(),
                     reply.body.c_str());
    fuzz::check(reply.status != 500, "a request ended in an unexpected exception (500)");
    if (reply.status != 200) {
        const json j = json::parse(reply.body, nullptr, false);
        fuzz::check(j.is_object() && j.contains("error") && j["error"].is_object(),
                    "an error without an error object");
        const json& e = j["error"];
        fuzz::check(e.contains("code") && e["code"].is_string(), "an error without a code");
        fuzz::check(known_codes().count(e["code"].get<std::string>()) > 0,
                    "an error code docs/classroom.md does not list");
        fuzz::check(
            e.contains("message") && e["message"].is_string() && !e["message"].get<std::string>().empty(),
            "an error without a message");
        fuzz::check(e["message"].get<std::string>().find("??") == std::string::npos,
                    "an error message missing from the string tables");
        fuzz::check(reply.content_type == "application/json", "an error that is not application/json");
        fuzz::check(reply.stream == HttpReply::Stream::None, "an error that opens a stream");
        return;
    }
    if (reply.content_type == "application/json" || reply.stream != HttpReply::Stream::None)
        fuzz::check(json::accept(reply.body), "a 200 answer that says JSON and is not");

    // Who may be answered what.
    const std::string& p = r.path;
    if (p.rfind("/api/v1/trainer/", 0) == 0 || p.rfind("/api/v1/export/", 0) == 0)
        fuzz::check(kind == "trainer", "a trainer action or export answered without the trainer's secret");
    if (p == "/api/v1/board" || p == "/api/v1/board/events")
        fuzz::check(kind == "trainer" || kind == "board", "the board answered without its key");
    if (p == "/api/v1/decisions" || p == "/api/v1/votes" || p == "/api/v1/class" || p == "/api/v1/events")
        fuzz::check(kind == "trainee", "a trainee's request answered without a trainee's token");
    if ((p == "/api/v1/decisions" || p == "/api/v1/votes") && holder != nullptr) {
        const json sent = json::parse(r.body, nullptr, false);
        fuzz::check(sent.is_object() && sent.value("registration", "") == holder->registration,
                    "a decision or vote accepted for another trainee's attempt");
    }
    // What a trainer action took is what it was sent: a number wider than int must not wrap onto
    // a trainee's number or a timer.
    if (p == "/api/v1/trainer/remove" || p == "/api/v1/trainer/ban") {
        const json sent = json::parse(r.body, nullptr, false);
        bool known = false;
        for (const Trainee& t : c.trainees)
            if (sent.is_object() && sent.value("number", json()) == json(t.number)) known = true;
        fuzz::check(known, "a trainee removed by a number that is not theirs");
    }
    if (p == "/api/v1/trainer/freeze") {
        const json sent = json::parse(r.body, nullptr, false);
        const json timer = sent.is_object() ? sent.value("timer", json()) : json();
        fuzz::check(timer.is_null() || (timer.is_number_integer() && timer >= 5 && timer <= 240),
                    "a freeze took a timer outside 5-240 s");
    }
    if (p == "/api/v1/join") c.learn(json::parse(reply.body, nullptr, false));

    // No answer gives away a secret its request did not hold (unless an input wrote it into a
    // name, which the board then shows as the name).
    const auto leaks = [&](const std::string& secret) {
        return !secret.empty() && secret != key && !c.exposed.count(secret) &&
               reply.body.find(secret) != std::string::npos;
    };
    fuzz::check(!leaks(room.secrets().trainer_token), "an answer holds the trainer's secret");
    fuzz::check(!leaks(room.secrets().board_key), "an answer holds the board key");
    if (p != "/api/v1/join")
        for (const Trainee& t : c.trainees) fuzz::check(!leaks(t.token), "an answer holds a trainee's token");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::uint64_t serial = 0;
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    Pacing pacing = Pacing::Self;
    for (int i = 0; i < 64 && (i == 0 || !rest.empty()); ++i) {
        const std::size_t sep = rest.find("\n~~~\n");
        one_request(rest.substr(0, sep), serial, pacing, i == 0);
        rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 5);
    }
    return 0;
}
