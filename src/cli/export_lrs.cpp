// `salesim export --format xapi --to URL`: sends the statements to a learning record store, only
// those the data folder's record does not list as sent there, and records each acknowledged batch.
#include "cli/export_lrs.hpp"

#include "cli/common.hpp"
#include "cli/results_cli.hpp"
#include "cli/ui_text.hpp"

#include <salesim/app/data_dirs.hpp>
#include <salesim/app/durable_file.hpp>
#include <salesim/app/exit_code.hpp>
#include <salesim/results/lrs.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <system_error>
#include <vector>

namespace salesim::cli {

namespace {

using app::ExitCode;
using app::to_int;

// The record of sent statements holds about 40 bytes an id; a bigger file than this (some 25
// million statements) is not one.
constexpr std::uintmax_t max_ledger_bytes = std::uintmax_t{1} << 30;

// How many statements are read from the store before they are sent: memory holds this many, however
// many the store has.
constexpr std::size_t statements_per_send = 500;

std::string text(const std::string& lang, const std::string& key,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
    return fill(tr(lang, "cli.lrs." + key), values);
}

// An address as it may be shown: without "user:password@", whatever else is wrong with it.
std::string without_userinfo(const std::string& url) {
    const std::size_t scheme = url.find("://");
    const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const std::size_t end = url.find('/', start);
    const std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at == std::string::npos || at < start) return url;
    return url.substr(0, start) + url.substr(at + 1);
}

// The first line of the file, "user:password"; the file must be a regular file only its owner may
// read. nullopt (after printing why) otherwise.
std::optional<results::LrsCredentials> read_auth_file(const std::string& lang, const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        print_error(text(lang, "auth_missing", {{"file", path}}));
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        print_error(text(lang, "auth_not_file", {{"file", path}}));
        return std::nullopt;
    }
    if ((st.st_mode & 077) != 0) {
        print_error(text(lang, "auth_open", {{"file", path}}));
        return std::nullopt;
    }
    std::ifstream f(path, std::ios::binary);
    std::string line;
    if (!f || !std::getline(f, line)) {
        print_error(text(lang, f ? "auth_format" : "auth_missing", {{"file", path}}));
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
        print_error(text(lang, "auth_format", {{"file", path}}));
        return std::nullopt;
    }
    return results::LrsCredentials{line.substr(0, colon), line.substr(colon + 1)};
}

// The record of what was sent, where its next line goes and whether lines can be appended to it (see
// LrsLedger); an empty one when there is none yet. nullopt (after printing why) when the file is
// there but is not one.
struct LedgerFile {
    results::LrsLedger ledger;
    std::uintmax_t sound_bytes = 0;
    bool exists = false;
    bool appendable = false;
};

std::optional<LedgerFile> read_ledger(const std::string& lang, const std::filesystem::path& path) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(path, ec);
    if (ec || status.type() == std::filesystem::file_type::not_found) return LedgerFile{};
    auto damaged = [&](const std::string& why) {
        print_error(text(lang, "ledger_damaged", {{"file", path.string()}, {"why", why}}));
        return std::nullopt;
    };
    if (status.type() != std::filesystem::file_type::regular)
        return damaged(std::string(tr(lang, "cli.lrs.ledger_not_file")));
    if (std::filesystem::file_size(path, ec) > max_ledger_bytes || ec)
        return damaged(std::string(tr(lang, "cli.lrs.ledger_too_large")));
    std::ifstream f(path, std::ios::binary);
    if (!f) return damaged(std::string(tr(lang, "cli.lrs.ledger_unreadable")));
    LedgerFile out;
    out.exists = true;
    try {
        out.ledger = results::LrsLedger::read(f, out.sound_bytes, out.appendable);
    } catch (const std::runtime_error& e) {
        return damaged(e.what());
    }
    if (f.bad()) return damaged(std::string(tr(lang, "cli.lrs.ledger_unreadable")));
    return out;
}

// Appends each acknowledged batch to the record and syncs it before the next batch is sent, so a
// run stopped at any point has recorded every batch the LRS acknowledged (the one being appended
// at that moment is sent again, and the LRS, holding its ids, keeps each statement once).
class LedgerAppender {
public:
    LedgerAppender(std::filesystem::path path, LedgerFile& file, std::string lang)
        : m_path(std::move(path)), m_file(file), m_lang(std::move(lang)) {}
    ~LedgerAppender() {
        if (m_fd >= 0) ::close(m_fd);
    }
    LedgerAppender(const LedgerAppender&) = delete;
    LedgerAppender& operator=(const LedgerAppender&) = delete;

    void append(const std::string& endpoint, const std::vector<std::string>& ids) {
        if (m_fd < 0) open();
        write_all(results::LrsLedger::batch_line(endpoint, ids));
        if (::fdatasync(m_fd) != 0) fail(errno);
    }

private:
    void open() {
        // No record yet, or one of an earlier program: written whole first (synced and renamed),
        // then appended to. A line a stopped run left half-written is cut off.
        if (!m_file.exists || !m_file.appendable) {
            const std::string whole = m_file.ledger.dump();
            app::write_file_durable(m_path, whole, {.create_folder = true});
            m_file.sound_bytes = whole.size();
            m_file.exists = true;
            m_file.appendable = true;
        }
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CLOEXEC);
        if (m_fd < 0) fail(errno);
        if (::ftruncate(m_fd, static_cast<off_t>(m_file.sound_bytes)) != 0 || ::lseek(m_fd, 0, SEEK_END) < 0)
            fail(errno);
    }

    void write_all(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(m_fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail(errno);
            done += static_cast<std::size_t>(n);
        }
    }

    [[noreturn]] void fail(int err) {
        throw app::FileWriteError(m_path, std::string(tr(m_lang, "cli.lrs.ledger_append")) + " (" +
                                              std::generic_category().message(err) + ")");
    }

    std::filesystem::path m_path;
    LedgerFile& m_file;
    std::string m_lang;
    int m_fd = -1;
};

std::string net_reason(const std::string& lang, results::NetError e) {
    switch (e) {
        case results::NetError::Connect:
            return std::string(tr(lang, "cli.lrs.net_connect"));
        case results::NetError::Timeout:
            return std::string(tr(lang, "cli.lrs.net_timeout"));
        case results::NetError::Tls:
        case results::NetError::Certificate:
            return std::string(tr(lang, "cli.lrs.net_tls"));
        case results::NetError::None:
        case results::NetError::Other:
            break;
    }
    return std::string(tr(lang, "cli.lrs.net_other"));
}

// The error of a failed send, in the user's words.
std::string failure_text(const std::string& lang, const results::LrsError& e, const std::string& url,
                         const LrsCliOptions& o) {
    const std::string status = std::to_string(e.status());
    const std::string tries = std::to_string(e.tries());
    switch (e.failure()) {
        case results::LrsFailure::Rejected:
            return text(
                lang, "rejected",
                {{"url", url}, {"id", e.statement_id()}, {"status", status}, {"message", e.message()}});
        case results::LrsFailure::Credentials:
            if (o.auth_file.empty())
                return text(lang, "no_credentials",
                            {{"url", url}, {"status", status}, {"message", e.message()}});
            return text(lang, "credentials",
                        {{"url", url}, {"status", status}, {"message", e.message()}, {"file", o.auth_file}});
        case results::LrsFailure::Unreachable:
            if (e.net_error() == results::NetError::Certificate)
                return text(lang, "untrusted", {{"url", url}});
            if (e.status() == 0)
                return text(lang, "unreachable",
                            {{"url", url}, {"tries", tries}, {"why", net_reason(lang, e.net_error())}});
            return text(lang, "unavailable",
                        {{"url", url}, {"tries", tries}, {"status", status}, {"message", e.message()}});
        case results::LrsFailure::Unexpected:
            break;
    }
    return text(lang, "unexpected", {{"url", url}, {"status", status}, {"message", e.message()}});
}

}  // namespace

void add_lrs_options(CLI::App& sub, LrsCliOptions& o) {
    auto* to = sub.add_option("--to", o.to,
                              "xAPI: send the statements to this LRS (its xAPI endpoint; /statements is "
                              "added), only those not sent there before")
                   ->type_name("URL");
    sub.add_option("--auth-file", o.auth_file,
                   "With --to: the LRS's credentials, user:password on the first line; the file must "
                   "be readable by you alone (chmod 600)")
        ->type_name("FILE")
        ->needs(to);
    sub.add_option("--ca-file", o.ca_file,
                   "With --to: trust the certificates of this PEM file for https (default: the "
                   "system's, or SSL_CERT_FILE)")
        ->type_name("FILE")
        ->needs(to);
    sub.add_flag("--dry-run", o.dry_run, "With --to: say how many statements would be sent, and send nothing")
        ->needs(to);
}

int send_to_lrs(const CLI::App& sub, const LrsCliOptions& o, const results::ExportOptions& opts) {
    const std::string lang = global_lang(sub);
    const auto endpoint = results::parse_lrs_url(o.to);
    if (!endpoint) {
        print_error(text(lang, "bad_url", {{"url", without_userinfo(o.to)}}));
        return to_int(ExitCode::Misuse);
    }
    const std::string url = endpoint->url();
    if (endpoint->has_userinfo) {
        print_error(text(lang, "userinfo", {{"url", url}}));
        return to_int(ExitCode::Misuse);
    }
    results::HttpOptions http;
    if (!o.auth_file.empty()) {
        http.credentials = read_auth_file(lang, o.auth_file);
        if (!http.credentials) return to_int(ExitCode::Misuse);
    }
    if (!o.ca_file.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(o.ca_file, ec)) {
            print_error(text(lang, "ca_missing", {{"file", o.ca_file}}));
            return to_int(ExitCode::Misuse);
        }
        http.ca_file = o.ca_file;
    }

    const std::filesystem::path ledger_path = app::user_data_dir(data_dir_option(sub)) / "lrs-sent.json";
    std::optional<LedgerFile> ledger = read_ledger(lang, ledger_path);
    if (!ledger) return to_int(ExitCode::Problems);

    int fresh = 0;
    int skipped = 0;
    results::SendCounts counts;
    results::SendOptions send;
    LedgerAppender appender(ledger_path, *ledger, lang);
    send.acknowledged = [&](const std::vector<std::string>& ids) { appender.append(url, ids); };
    auto summary = [&] {
        std::cout << text(lang, "summary",
                          {{"sent", std::to_string(counts.sent)},
                           {"url", url},
                           {"there", std::to_string(counts.already_there)},
                           {"skipped", std::to_string(skipped)}})
                  << "\n";
    };
    try {
        // The statements are read, filtered by the record and sent a few hundred at a time, so
        // memory does not grow with the store.
        std::unique_ptr<results::LrsTransport> transport;
        std::vector<results::XapiStatement> batch;
        const auto flush = [&] {
            if (batch.empty() || o.dry_run) return;
            if (!transport) transport = results::http_transport(*endpoint, http);
            results::send_statements(*transport, batch, send, counts);
            batch.clear();
        };
        auto store = open_results(sub, results::Access::ReadOnly);
        results::each_xapi_statement(*store, opts, [&](results::XapiStatement&& s) {
            if (ledger->ledger.has(url, s.id)) {
                ++skipped;
                return;
            }
            ++fresh;
            if (o.dry_run) return;
            batch.push_back(std::move(s));
            if (batch.size() >= statements_per_send) flush();
        });
        flush();
    } catch (const results::LrsError& e) {
        print_error(failure_text(lang, e, url, o));
        summary();
        return to_int(ExitCode::Problems);
    } catch (const app::FileWriteError& e) {
        print_error(e.what());
        summary();
        return to_int(ExitCode::Problems);
    }
    if (o.dry_run) {
        std::cout << text(
                         lang, "dry_run",
                         {{"new", std::to_string(fresh)}, {"url", url}, {"skipped", std::to_string(skipped)}})
                  << "\n";
        return to_int(ExitCode::Ok);
    }
    summary();
    return to_int(ExitCode::Ok);
}

}  // namespace salesim::cli
