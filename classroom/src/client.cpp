#include "salesim/classroom/client.hpp"

#include <salesim/app/durable_file.hpp>
#include <salesim/results/json_limits.hpp>
#include <salesim/results/uuid.hpp>

#include <httplib.h>

#include <csignal>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace salesim::classroom {

using nlohmann::json;

bool ClassState::waits_at(const std::string& point) const {
    if (point.empty()) return false;
    if (frozen_at(point) != nullptr) return true;
    return pacing == "trainer" && !released.count(point);
}

const ClassState::Frozen* ClassState::frozen_at(const std::string& point) const {
    for (const Frozen& f : frozen)
        if (f.point == point) return &f;
    return nullptr;
}

ClassState parse_class_state(const json& j) {
    ClassState s;
    s.ended = j.value("ended", false);
    s.removed = j.value("removed", false);
    s.pacing = j.value("pacing", "self");
    s.acknowledged = j.value("acknowledged", std::size_t{0});
    for (const json& f : j.value("frozen", json::array())) {
        ClassState::Frozen fr;
        fr.point = f.value("point", "");
        fr.timer_left =
            f.contains("timer_left") && f["timer_left"].is_number_integer() ? f["timer_left"].get<int>() : -1;
        fr.voted = f.value("voted", false);
        s.frozen.push_back(std::move(fr));
    }
    for (const json& r : j.value("released", json::array()))
        if (r.is_string()) s.released.insert(r.get<std::string>());
    return s;
}

namespace {

std::string normalize_base(const std::string& address) {
    std::string a = address;
    while (!a.empty() && a.back() == '/') a.pop_back();
    if (a.rfind("http://", 0) != 0 && a.rfind("https://", 0) != 0) a = "http://" + a;
    return a;
}

std::unique_ptr<httplib::Client> make_client(const std::string& base, const std::string& ca_file) {
    ::signal(SIGPIPE, SIG_IGN);  // a server gone mid-request is an error of that request
    auto c = std::make_unique<httplib::Client>(base);
    c->set_connection_timeout(3, 0);
    c->set_read_timeout(10, 0);
    c->set_write_timeout(10, 0);
    c->set_tcp_nodelay(true);  // a request's head and body are two writes (see the server)
    if (!ca_file.empty()) c->set_ca_cert_path(ca_file.c_str());
    return c;
}

}  // namespace

struct ClassClient::Stream {
    std::mutex mutex;
    httplib::Client* client = nullptr;  ///< the stream's, while one is open
};

ClassClient::ClassClient(const std::string& address)
    : m_base(normalize_base(address)), m_stream(std::make_shared<Stream>()) {}

ClassClient::~ClassClient() {
    stop_following();
}

json ClassClient::request(const std::string& method, const std::string& path, const std::string& token,
                          const json& body) {
    std::lock_guard lock(m_request_mutex);
    const auto client = make_client(m_base, m_ca_file);
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result res = method == "POST"
                              ? client->Post(path.c_str(), headers, body.dump(), "application/json")
                              : client->Get(path.c_str(), headers);
    if (!res) {
        // Why nothing came back, as a code the front end words: nothing listening, no answer in time,
        // a certificate not trusted, or another failure.
        const httplib::Error e = res.error();
        const char* why = e == httplib::Error::Connection                                       ? "connection"
                          : e == httplib::Error::ConnectionTimeout || e == httplib::Error::Read ? "timeout"
                          : e == httplib::Error::SSLConnection || e == httplib::Error::SSLServerVerification
                              ? "tls"
                              : "other";
        throw ClientError(0, "unreachable", why);
    }
    if (res->body.size() > 16 * 1024 * 1024 || results::json_too_deep(res->body))
        throw ClientError(res->status, "bad_answer", "bad_answer");
    json answer = json::parse(res->body, nullptr, false);
    if (res->status != 200) {
        std::string code = "http_" + std::to_string(res->status);
        std::string message = code;
        if (answer.is_object() && answer.contains("error") && answer["error"].is_object()) {
            code = answer["error"].value("code", code);
            message = answer["error"].value("message", message);
        }
        throw ClientError(res->status, code, message, answer);
    }
    if (answer.is_discarded() || !answer.is_object())
        throw ClientError(res->status, "bad_answer", "bad_answer");
    return answer;
}

JoinInfo ClassClient::join(const std::string& code, const std::string& name, const std::string& token) {
    json body = {{"code", code}, {"name", name}};
    if (!token.empty()) body["token"] = token;
    const json a = request("POST", "/api/v1/join", "", body);
    JoinInfo info;
    info.token = a.value("token", "");
    if (a.contains("trainee") && a["trainee"].is_object()) {
        info.name = a["trainee"].value("name", name);
        info.number = a["trainee"].value("number", 0);
    }
    info.registration = a.value("registration", "");
    info.class_id = a.value("class", "");
    if (a.contains("scenario") && a["scenario"].is_object()) {
        info.scenario_id = a["scenario"].value("id", "");
        info.content_hash = a["scenario"].value("content_hash", "");
    }
    info.seed = a.value("seed", std::uint64_t{1});
    info.mode = parse_mode(a.value("mode", "practice")).value_or(Mode::Practice);
    info.pacing = a.value("pacing", "self");
    info.lang = a.value("lang", "en");
    for (const json& c : a.value("choices", json::array()))
        if (c.is_number_unsigned()) info.choices.push_back(c.get<std::size_t>());
    for (const json& h : a.value("hinted", json::array()))
        if (h.is_number_integer()) info.hinted.push_back(h.get<int>());
    if (info.token.empty() || info.registration.empty() || info.scenario_id.empty())
        throw ClientError(200, "bad_answer", "bad_answer");
    return info;
}

std::size_t ClassClient::send_decision(const std::string& token, const std::string& registration,
                                       std::size_t index, std::size_t option, bool hinted) {
    const json a =
        request("POST", "/api/v1/decisions", token,
                {{"registration", registration}, {"index", index}, {"option", option}, {"hinted", hinted}});
    return a.value("acknowledged", std::size_t{0});
}

void ClassClient::vote(const std::string& token, const std::string& registration, const std::string& point,
                       std::size_t option) {
    request("POST", "/api/v1/votes", token,
            {{"registration", registration}, {"point", point}, {"option", option}});
}

ClassState ClassClient::state(const std::string& token) {
    ClassState s = parse_class_state(request("GET", "/api/v1/class", token, json()));
    publish(s);
    return s;
}

void ClassClient::publish(const ClassState& s) {
    std::lock_guard lock(m_mutex);
    m_latest = s;
    ++m_version;
    m_cv.notify_all();
}

void ClassClient::follow(const std::string& token) {
    if (m_follower.joinable()) return;
    m_stop = false;
    m_follower = std::thread([this, token] {
        int failures = 0;
        while (!m_stop) {
            if (failures < 3) {
                auto client = make_client(m_base, m_ca_file);
                client->set_read_timeout(40, 0);  // the server says something every 15 s
                {
                    std::lock_guard lock(m_stream->mutex);
                    m_stream->client = client.get();
                }
                std::string buffer;
                bool got = false;
                const httplib::Headers headers = {{"Accept", "text/event-stream"}};
                const auto res = client->Get(
                    ("/api/v1/events?key=" + token).c_str(), headers, [&](const char* data, size_t n) {
                        buffer.append(data, n);
                        if (buffer.size() > 1024 * 1024) return false;
                        for (auto end = buffer.find("\n\n"); end != std::string::npos;
                             end = buffer.find("\n\n")) {
                            const std::string event = buffer.substr(0, end);
                            buffer.erase(0, end + 2);
                            const auto data_at = event.find("data: ");
                            if (data_at == std::string::npos) continue;
                            const json j = json::parse(event.substr(data_at + 6), nullptr, false);
                            if (j.is_object()) {
                                publish(parse_class_state(j));
                                got = true;
                            }
                        }
                        return !m_stop.load();
                    });
                {
                    std::lock_guard lock(m_stream->mutex);
                    m_stream->client = nullptr;
                }
                (void)res;
                failures = got ? 0 : failures + 1;
            } else {
                // The stream cannot be held (a proxy that buffers it): ask every two seconds.
                try {
                    state(token);
                } catch (const std::exception&) {
                }
                if (++failures > 30) failures = 0;  // try the stream again now and then
            }
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, std::chrono::seconds(failures >= 3 ? 2 : 1), [&] { return m_stop.load(); });
        }
    });
}

void ClassClient::stop_following() {
    m_stop = true;
    {
        std::lock_guard lock(m_stream->mutex);
        if (m_stream->client != nullptr) m_stream->client->stop();
    }
    m_cv.notify_all();
    if (m_follower.joinable()) m_follower.join();
}

ClassState ClassClient::wait_change(std::uint64_t& seen, std::chrono::milliseconds timeout) {
    if (!m_follower.joinable()) {
        std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(500)));
        throw ClientError(0, "not_following", "not following the class");
    }
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, timeout, [&] { return m_version != seen || m_stop.load(); });
    seen = m_version;
    if (!m_latest) throw ClientError(0, "unreachable", "no word from the class yet");
    return *m_latest;
}

// ---- the link file

std::filesystem::path link_file(const std::filesystem::path& data_dir, const std::string& address,
                                const std::string& code, const std::string& name) {
    const std::string canonical = normalize_code(code).value_or(code);
    const std::string id = results::uuid_v5("7c3e3f5e-8a52-4d61-9b1e-2f4a6c0d9e17",
                                            normalize_base(address) + "\n" + canonical + "\n" + name);
    return data_dir / "classes" / ("link-" + id + ".json");
}

std::optional<ClassLink> read_link(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    if (text.size() > 4 * 1024 * 1024 || results::json_too_deep(text)) return std::nullopt;
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("salesim_class_link", 0) != 1) return std::nullopt;
    ClassLink l;
    l.address = j.value("address", "");
    l.code = j.value("code", "");
    l.name = j.value("name", "");
    l.token = j.value("token", "");
    l.registration = j.value("registration", "");
    for (const json& c : j.value("choices", json::array()))
        if (c.is_number_unsigned()) l.choices.push_back(c.get<std::size_t>());
    for (const json& h : j.value("hinted", json::array()))
        if (h.is_number_integer()) l.hinted.push_back(h.get<int>());
    l.acknowledged = std::min(j.value("acknowledged", std::size_t{0}), l.choices.size());
    l.vote_point = j.value("vote_point", "");
    if (j.contains("vote_option") && j["vote_option"].is_number_unsigned())
        l.vote_option = j["vote_option"].get<std::size_t>();
    return l;
}

void write_link(const std::filesystem::path& file, const ClassLink& l) {
    std::filesystem::create_directories(file.parent_path());
    const json j = {{"salesim_class_link", 1},
                    {"address", l.address},
                    {"code", l.code},
                    {"name", l.name},
                    {"token", l.token},
                    {"registration", l.registration},
                    {"choices", l.choices},
                    {"hinted", l.hinted},
                    {"acknowledged", l.acknowledged},
                    {"vote_point", l.vote_point},
                    {"vote_option", l.vote_option ? json(*l.vote_option) : json(nullptr)}};
    app::write_file_durable(file, j.dump(2) + "\n");
    std::filesystem::permissions(file,
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
}

}  // namespace salesim::classroom
