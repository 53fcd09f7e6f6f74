// Sending statements to an LRS: the endpoint's address, batches with their fallback to single
// statements, retries with back-off, and the record of what each LRS has acknowledged.
#include "salesim/results/lrs.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <sstream>
#include <thread>

namespace salesim::results {

namespace {

// What the LRS said, short enough for one error line.
std::string short_text(const std::string& s) {
    constexpr std::size_t limit = 300;
    std::string out = s.size() > limit ? s.substr(0, limit) + "..." : s;
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
}

// The message of an LRS's answer: the "message" member of a JSON answer (as Learning Locker and
// most LRSs give one), else the answer's text, else the transport's reason.
std::string lrs_message(const HttpReply& r) {
    if (r.status == 0) return {};
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_object()) {
        if (auto it = j.find("message"); it != j.end() && it->is_string())
            return short_text(it->get<std::string>());
    }
    return short_text(r.body);
}

bool ok(const HttpReply& r) {
    return r.status == 200 || r.status == 204;
}

// No answer, or a server error: worth another try, unless the certificate is not trusted, which
// no retry changes.
bool retryable(const HttpReply& r) {
    return (r.status == 0 && r.net_error != NetError::Certificate) || r.status >= 500;
}

class Sender {
public:
    Sender(LrsTransport& transport, const SendOptions& options, SendCounts& counts)
        : m_transport(transport), m_options(options), m_counts(counts) {}

    void batch(std::vector<XapiStatement>::const_iterator first,
               std::vector<XapiStatement>::const_iterator last) {
        std::string body = "[";
        std::vector<std::string> ids;
        for (auto it = first; it != last; ++it) {
            if (it != first) body += ",";
            body += it->json;
            ids.push_back(it->id);
        }
        body += "]";
        const HttpReply r = with_retries([&] { return m_transport.post_statements(body); });
        if (ok(r)) {
            m_counts.sent += static_cast<int>(ids.size());
            acknowledge(ids);
            return;
        }
        // One statement of the batch is the LRS's to refuse, or to hold already: find which.
        if (r.status == 409 || r.status == 400 || r.status == 413) {
            for (auto it = first; it != last; ++it) single(*it);
            return;
        }
        fail(r, "");
    }

private:
    void single(const XapiStatement& s) {
        const HttpReply r = with_retries([&] { return m_transport.put_statement(s.id, s.json); });
        if (ok(r)) {
            ++m_counts.sent;
        } else if (r.status == 409) {
            ++m_counts.already_there;
        } else {
            fail(r, s.id);
        }
        acknowledge({s.id});
    }

    template <typename Request>
    HttpReply with_retries(Request request) {
        std::chrono::milliseconds delay = m_options.first_delay;
        HttpReply r;
        for (m_tries = 1;; ++m_tries) {
            r = request();
            if (!retryable(r) || m_tries >= std::max(1, m_options.max_tries)) return r;
            if (m_options.wait)
                m_options.wait(delay);
            else
                std::this_thread::sleep_for(delay);
            delay *= 2;
        }
    }

    void acknowledge(const std::vector<std::string>& ids) {
        if (m_options.acknowledged) m_options.acknowledged(ids);
    }

    [[noreturn]] void fail(const HttpReply& r, const std::string& id) {
        LrsFailure why = LrsFailure::Unexpected;
        if (r.status == 0 || r.status >= 500)
            why = LrsFailure::Unreachable;
        else if (r.status == 401 || r.status == 403)
            why = LrsFailure::Credentials;
        else if (r.status == 400)
            why = LrsFailure::Rejected;
        throw LrsError(why, r.status, r.net_error, m_tries, id, lrs_message(r));
    }

    LrsTransport& m_transport;
    const SendOptions& m_options;
    SendCounts& m_counts;
    int m_tries = 0;  ///< of the last request
};

}  // namespace

std::string LrsEndpoint::url() const {
    const bool default_port = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
    return scheme + "://" + host + (default_port ? "" : ":" + std::to_string(port)) + path;
}

std::optional<LrsEndpoint> parse_lrs_url(std::string_view url) {
    LrsEndpoint e;
    const std::size_t colon = url.find("://");
    if (colon == std::string_view::npos) return std::nullopt;
    e.scheme = std::string(url.substr(0, colon));
    std::transform(e.scheme.begin(), e.scheme.end(), e.scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (e.scheme != "http" && e.scheme != "https") return std::nullopt;
    std::string_view rest = url.substr(colon + 3);
    if (rest.find_first_of("?#") != std::string_view::npos) return std::nullopt;
    for (char c : rest)
        if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return std::nullopt;
    const std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string path = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash));
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        e.has_userinfo = true;
        authority = authority.substr(at + 1);
    }
    std::string_view port_text;
    if (authority.starts_with('[')) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        e.host = std::string(authority.substr(0, close + 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) return std::nullopt;
        if (!after.empty()) port_text = after.substr(1);
    } else {
        const std::size_t c = authority.find(':');
        e.host = std::string(authority.substr(0, c));
        if (c != std::string_view::npos) port_text = authority.substr(c + 1);
    }
    if (e.host.empty() || e.host == "[]") return std::nullopt;
    e.port = e.scheme == "https" ? 443 : 80;
    if (!port_text.empty()) {
        int port = 0;
        const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
            return std::nullopt;
        e.port = port;
    }
    while (!path.empty() && path.back() == '/') path.pop_back();
    if (!path.ends_with("/statements")) path += "/statements";
    e.path = std::move(path);
    return e;
}

void send_statements(LrsTransport& transport, const std::vector<XapiStatement>& statements,
                     const SendOptions& options, SendCounts& counts) {
    Sender sender(transport, options, counts);
    const std::size_t size = std::max<std::size_t>(1, options.batch_size);
    for (std::size_t i = 0; i < statements.size(); i += size) {
        const auto first = statements.begin() + static_cast<std::ptrdiff_t>(i);
        const auto last =
            statements.begin() + static_cast<std::ptrdiff_t>(std::min(statements.size(), i + size));
        sender.batch(first, last);
    }
}

// ---- the record of what was sent

namespace {

// A UUID in its usual text form (8-4-4-4-12 lower-case hex digits) as 16 bytes; false for any
// other id, which is then kept as it is.
bool uuid_bytes(const std::string& id, std::array<unsigned char, 16>& out) {
    if (id.size() != 36) return false;
    std::size_t k = 0;
    for (std::size_t i = 0; i < 36;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (id[i++] != '-') return false;
            continue;
        }
        int nibble[2];
        for (int& n : nibble) {
            const char c = id[i++];
            if (c >= '0' && c <= '9')
                n = c - '0';
            else if (c >= 'a' && c <= 'f')
                n = c - 'a' + 10;
            else
                return false;
        }
        out[k++] = static_cast<unsigned char>(nibble[0] * 16 + nibble[1]);
    }
    return true;
}

std::string uuid_text(const std::array<unsigned char, 16>& b) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 15];
    }
    return out;
}

constexpr const char* record_format = "salesim-lrs-sent";

}  // namespace

void LrsLedger::Ids::add(const std::string& id) {
    Uuid u;
    if (!uuid_bytes(id, u)) {
        others.insert(id);
        return;
    }
    if (sorted && !uuids.empty() && !(uuids.back() < u)) sorted = false;
    uuids.push_back(u);
}

void LrsLedger::Ids::tidy() const {
    if (sorted) return;
    std::sort(uuids.begin(), uuids.end());
    uuids.erase(std::unique(uuids.begin(), uuids.end()), uuids.end());
    sorted = true;
}

bool LrsLedger::Ids::has(const std::string& id) const {
    Uuid u;
    if (!uuid_bytes(id, u)) return others.contains(id);
    tidy();
    return std::binary_search(uuids.begin(), uuids.end(), u);
}

std::size_t LrsLedger::Ids::size() const {
    tidy();
    return uuids.size() + others.size();
}

// The record's first line: {"format": "salesim-lrs-sent", "version": 1, "endpoints": {URL: [ids,
// sorted]}} (an earlier program wrote the same over many lines); each line after it:
// {"endpoint": URL, "ids": [ids]}.
void LrsLedger::add_record(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("not valid JSON");
    if (!j.is_object() || j.value("format", "") != record_format)
        throw std::runtime_error("not a record of statements sent to an LRS");
    if (!j.contains("version") || j["version"] != 1)
        throw std::runtime_error("a version of the record this program does not know");
    const auto endpoints = j.find("endpoints");
    if (endpoints == j.end() || !endpoints->is_object()) throw std::runtime_error("no endpoints");
    for (const auto& [url, ids] : endpoints->items()) {
        if (!ids.is_array()) throw std::runtime_error("the ids of " + url + " are not a list");
        auto& set = m_sent[url];
        for (const auto& id : ids) {
            if (!id.is_string()) throw std::runtime_error("an id of " + url + " is not a string");
            set.add(id.get<std::string>());
        }
    }
}

LrsLedger LrsLedger::read(std::istream& in, std::uintmax_t& sound_bytes, bool& appendable) {
    LrsLedger ledger;
    sound_bytes = 0;
    appendable = true;
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("not valid JSON");
    if (in.eof() || !nlohmann::json::accept(line)) {
        // One document over many lines (or one line without its newline): the record of an
        // earlier program, read whole; it was never more than a few megabytes.
        std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        ledger.add_record(line + (in.eof() ? "" : "\n") + rest);
        appendable = false;
        return ledger;
    }
    ledger.add_record(line);
    sound_bytes = line.size() + 1;
    for (std::size_t number = 2; std::getline(in, line); ++number) {
        // A line without its newline is one a stopped run was appending: never acknowledged.
        if (in.eof()) break;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        const auto where = "line " + std::to_string(number) + ": ";
        if (!j.is_object() || !j.contains("endpoint") || !j["endpoint"].is_string() || !j.contains("ids") ||
            !j["ids"].is_array())
            throw std::runtime_error(where + "not a batch of acknowledged ids");
        auto& set = ledger.m_sent[j["endpoint"].get<std::string>()];
        for (const auto& id : j["ids"]) {
            if (!id.is_string()) throw std::runtime_error(where + "an id is not a string");
            set.add(id.get<std::string>());
        }
        sound_bytes += line.size() + 1;
    }
    return ledger;
}

LrsLedger LrsLedger::parse(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::uintmax_t sound = 0;
    bool appendable = false;
    return read(in, sound, appendable);
}

std::string LrsLedger::dump() const {
    nlohmann::ordered_json j;
    j["format"] = record_format;
    j["version"] = 1;
    j["endpoints"] = nlohmann::ordered_json::object();
    for (const auto& [url, ids] : m_sent) {
        ids.tidy();
        std::vector<std::string> all(ids.others.begin(), ids.others.end());
        for (const Uuid& u : ids.uuids) all.push_back(uuid_text(u));
        std::sort(all.begin(), all.end());
        j["endpoints"][url] = all;
    }
    return j.dump() + "\n";
}

std::string LrsLedger::batch_line(const std::string& endpoint, const std::vector<std::string>& ids) {
    nlohmann::ordered_json j;
    j["endpoint"] = endpoint;
    j["ids"] = ids;
    return j.dump() + "\n";
}

bool LrsLedger::has(const std::string& endpoint, const std::string& id) const {
    const auto it = m_sent.find(endpoint);
    return it != m_sent.end() && it->second.has(id);
}

void LrsLedger::add(const std::string& endpoint, const std::vector<std::string>& ids) {
    auto& set = m_sent[endpoint];
    for (const std::string& id : ids) set.add(id);
}

std::size_t LrsLedger::size(const std::string& endpoint) const {
    const auto it = m_sent.find(endpoint);
    return it == m_sent.end() ? 0 : it->second.size();
}

}  // namespace salesim::results
