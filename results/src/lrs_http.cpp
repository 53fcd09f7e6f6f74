// The LRS transport over HTTP and HTTPS, with cpp-httplib (TLS by OpenSSL).
#include "salesim/results/lrs.hpp"

#include <httplib.h>

namespace salesim::results {

namespace {

class HttpTransport : public LrsTransport {
public:
    HttpTransport(const LrsEndpoint& endpoint, const HttpOptions& options)
        : m_client(endpoint.scheme + "://" + endpoint.host + ":" + std::to_string(endpoint.port)),
          m_path(endpoint.path) {
        m_client.set_connection_timeout(options.connect_timeout);
        m_client.set_read_timeout(options.read_timeout);
        m_client.set_write_timeout(options.read_timeout);
        m_client.enable_server_certificate_verification(true);
        if (!options.ca_file.empty()) m_client.set_ca_cert_path(options.ca_file);
        if (options.credentials)
            m_client.set_basic_auth(options.credentials->user, options.credentials->password);
        m_client.set_keep_alive(true);
    }

    HttpReply post_statements(const std::string& json_array) override {
        return reply(m_client.Post(m_path, headers(), json_array, content_type));
    }

    HttpReply put_statement(const std::string& id, const std::string& json) override {
        return reply(m_client.Put(m_path + "?statementId=" + id, headers(), json, content_type));
    }

private:
    static constexpr const char* content_type = "application/json";

    static httplib::Headers headers() { return {{"X-Experience-API-Version", "1.0.3"}}; }

    static NetError net_error(httplib::Error e) {
        switch (e) {
            case httplib::Error::Connection:
            case httplib::Error::BindIPAddress:
                return NetError::Connect;
            case httplib::Error::ConnectionTimeout:
                return NetError::Timeout;
            case httplib::Error::SSLConnection:
            case httplib::Error::SSLLoadingCerts:
                return NetError::Tls;
            case httplib::Error::SSLServerVerification:
                return NetError::Certificate;
            default:
                return NetError::Other;
        }
    }

    static HttpReply reply(const httplib::Result& r) {
        HttpReply out;
        if (!r) {
            out.net_error = net_error(r.error());
            return out;
        }
        out.status = r->status;
        out.body = r->body;
        return out;
    }

    httplib::Client m_client;
    std::string m_path;
};

}  // namespace

std::unique_ptr<LrsTransport> http_transport(const LrsEndpoint& endpoint, const HttpOptions& options) {
    return std::make_unique<HttpTransport>(endpoint, options);
}

}  // namespace salesim::results
