// Sending xAPI statements to a learning record store (LRS): the endpoint, the HTTP transport, the
// batches with their fallback to single statements, retries with back-off, and the record of which
// statements an LRS has already acknowledged.
#pragma once

#include "salesim/results/exchange.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace salesim::results {

/// The statements resource of an LRS, from the address a trainer gives.
struct LrsEndpoint {
    std::string scheme;         ///< "http" or "https"
    std::string host;           ///< a name, an IPv4 address or an IPv6 address in brackets
    int port = 0;               ///< the URL's port, else 80 or 443
    std::string path;           ///< always ends with "/statements"
    bool has_userinfo = false;  ///< the address carried "user:password@" (never kept)

    /// scheme://host[:port]path: the address to show and to key the sent record with. It never
    /// holds a user or a password.
    std::string url() const;
};

/// Parses an http:// or https:// address. "/statements" is added to the path unless it ends with
/// it already. nullopt when it is not such an address (another scheme, no host, a bad port, a
/// query or fragment).
std::optional<LrsEndpoint> parse_lrs_url(std::string_view url);

/// Why a request got no answer.
enum class NetError {
    None,
    Connect,      ///< no connection (refused, no route, no such host)
    Timeout,      ///< connected, but no answer in time
    Tls,          ///< the TLS handshake failed
    Certificate,  ///< the server's certificate is not trusted (or not for this host)
    Other,        ///< the connection broke off
};

/// An LRS's answer to one request; status 0 when there was none (`net_error` then says why).
struct HttpReply {
    int status = 0;
    std::string body;
    NetError net_error = NetError::None;
};

/// The two requests the sender makes. http_transport() is the real one; tests may give their own.
class LrsTransport {
public:
    virtual ~LrsTransport() = default;
    /// POST of a JSON array of statements to the endpoint.
    virtual HttpReply post_statements(const std::string& json_array) = 0;
    /// PUT of one statement to the endpoint with ?statementId=ID.
    virtual HttpReply put_statement(const std::string& id, const std::string& json) = 0;
};

struct LrsCredentials {
    std::string user;
    std::string password;
};

struct HttpOptions {
    std::optional<LrsCredentials> credentials;  ///< sent as HTTP Basic authentication
    /// PEM file of the certificates to trust for https; "" uses the system's (OpenSSL's default
    /// paths, which SSL_CERT_FILE and SSL_CERT_DIR override).
    std::string ca_file;
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds read_timeout{60};
};

/// Sends with cpp-httplib, every request with `X-Experience-API-Version: 1.0.3` and
/// `Content-Type: application/json`; https certificates are verified.
std::unique_ptr<LrsTransport> http_transport(const LrsEndpoint& endpoint, const HttpOptions& options);

/// Why sending stopped.
enum class LrsFailure {
    Rejected,     ///< 400: the LRS refused a statement (LrsError::statement_id names it)
    Credentials,  ///< 401 or 403
    Unreachable,  ///< no answer, or 5xx, on every try
    Unexpected,   ///< another status (404: not an xAPI endpoint, 3xx, ...)
};

class LrsError : public std::runtime_error {
public:
    LrsError(LrsFailure failure, int status, NetError net_error, int tries, std::string statement_id,
             std::string lrs_message)
        : std::runtime_error(lrs_message),
          m_failure(failure),
          m_status(status),
          m_net_error(net_error),
          m_tries(tries),
          m_statement_id(std::move(statement_id)),
          m_message(std::move(lrs_message)) {}
    LrsFailure failure() const { return m_failure; }
    /// The last HTTP status; 0 when there was no answer.
    int status() const { return m_status; }
    /// Why there was no answer (None when there was one).
    NetError net_error() const { return m_net_error; }
    /// How many times the last request was tried.
    int tries() const { return m_tries; }
    /// The statement the LRS refused ("" when the error is not about one).
    const std::string& statement_id() const { return m_statement_id; }
    /// What the LRS said (its answer's text, at most a few hundred characters); "" when there was
    /// no answer.
    const std::string& message() const { return m_message; }

private:
    LrsFailure m_failure;
    int m_status;
    NetError m_net_error;
    int m_tries;
    std::string m_statement_id;
    std::string m_message;
};

struct SendOptions {
    std::size_t batch_size = 50;
    /// Tries of one request when there is no answer (but for an untrusted certificate) or a 5xx, with a wait
    /// before each retry that starts at first_delay and doubles: 0.5 s, 1 s, 2 s, 4 s.
    int max_tries = 5;
    std::chrono::milliseconds first_delay{500};
    /// How to wait; the default sleeps. Tests record the waits instead.
    std::function<void(std::chrono::milliseconds)> wait;
    /// Called with the ids of each batch (or single statement) the LRS has acknowledged, before
    /// the next is sent, so a record of them survives an interrupted run.
    std::function<void(const std::vector<std::string>& ids)> acknowledged;
};

struct SendCounts {
    int sent = 0;           ///< accepted by the LRS (200 or 204)
    int already_there = 0;  ///< the LRS answered 409 for the single statement: it has that id
};

/// Sends `statements` in batches: a batch the LRS answers 200 or 204 is sent; one answered 409 (an
/// id it holds already) or 400 or 413 is sent again one statement at a time with PUT, where 409
/// counts as already there and 400 stops. `counts` holds what was done when an LrsError is thrown.
void send_statements(LrsTransport& transport, const std::vector<XapiStatement>& statements,
                     const SendOptions& options, SendCounts& counts);

/// Which statements each LRS has acknowledged, by LrsEndpoint::url(): a file in the data folder,
/// so the next run sends only new statements. Its first line is the record as dump() writes it;
/// each batch acknowledged later is appended as a line of its own (batch_line), so a run writes
/// a few hundred bytes a batch, whatever the record holds. Ids are kept in 16 bytes each when
/// they are UUIDs in their usual lower-case form (as every exported statement's is).
class LrsLedger {
public:
    /// Reads the record's text; throws std::runtime_error (what() says what is wrong) when it is
    /// not such a record. A last line cut short (a run stopped while appending it) is left out.
    static LrsLedger parse(std::string_view text);
    /// As parse(), a line at a time from `in`. `sound_bytes` gets the length of the record up to
    /// its last whole line, where the next batch line is to be appended; `appendable` whether
    /// the record is in the form lines can be appended to (a record of an earlier program, one
    /// JSON document over many lines, is not: it is written again by dump() first).
    static LrsLedger read(std::istream& in, std::uintmax_t& sound_bytes, bool& appendable);
    /// The whole record on one line, ending with a newline.
    std::string dump() const;
    /// The line that records `ids` as acknowledged by `endpoint`, ending with a newline.
    static std::string batch_line(const std::string& endpoint, const std::vector<std::string>& ids);
    bool has(const std::string& endpoint, const std::string& id) const;
    void add(const std::string& endpoint, const std::vector<std::string>& ids);
    std::size_t size(const std::string& endpoint) const;

private:
    using Uuid = std::array<unsigned char, 16>;
    struct Ids {
        mutable std::vector<Uuid> uuids;  ///< sorted and unique unless `sorted` is false
        mutable bool sorted = true;
        std::set<std::string> others;  ///< ids that are not UUIDs in lower case
        void add(const std::string& id);
        bool has(const std::string& id) const;
        std::size_t size() const;
        void tidy() const;
    };
    void add_record(const std::string& text);
    std::map<std::string, Ids> m_sent;
};

}  // namespace salesim::results
