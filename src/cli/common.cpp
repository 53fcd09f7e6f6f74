// Helpers the subcommands share: terminal text layout and loading a scenario the way the user named it.
#include "cli/common.hpp"

#include "paths.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <system_error>
#include <utility>

namespace salesim::cli {

std::optional<std::string> global_option(const CLI::App& sub, const char* name) {
    const CLI::App* root = &sub;
    while (root->get_parent() != nullptr) root = root->get_parent();
    const CLI::Option* opt = root->get_option_no_throw(name);
    if (opt == nullptr || opt->count() == 0) return std::nullopt;
    return opt->as<std::string>();
}

std::string global_lang(const CLI::App& sub) {
    return global_option(sub, "--lang").value_or("en");
}

bool global_lang_given(const CLI::App& sub) {
    return global_option(sub, "--lang").has_value();
}

std::string trim(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

std::optional<std::size_t> parse_number(std::string_view s) {
    std::size_t n = 0;
    if (s.empty()) return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return n;
}

std::size_t text_width(std::string_view utf8) {
    std::size_t n = 0;
    for (char c : utf8)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view first, std::string_view rest) {
    std::string out;
    std::string_view prefix = first;
    std::size_t start = 0;
    // Each paragraph (a line of the source text) is wrapped on its own so authored line breaks survive.
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view para = text.substr(start, end - start);
        std::string line(prefix);
        std::size_t used = text_width(prefix);
        bool line_has_word = false;
        std::size_t pos = 0;
        while (pos < para.size()) {
            while (pos < para.size() && para[pos] == ' ') ++pos;
            if (pos >= para.size()) break;
            std::size_t word_end = para.find(' ', pos);
            if (word_end == std::string_view::npos) word_end = para.size();
            std::string_view word = para.substr(pos, word_end - pos);
            const std::size_t w = text_width(word);
            if (line_has_word && used + 1 + w > width) {
                out += line;
                out += '\n';
                line = std::string(rest);
                used = text_width(rest);
                line_has_word = false;
            }
            if (line_has_word) {
                line += ' ';
                ++used;
            }
            line += word;
            used += w;
            line_has_word = true;
            pos = word_end;
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line;
        out += '\n';
        prefix = rest;
        if (end == text.size()) break;
        start = end + 1;
    }
    return out;
}

std::string clip(std::string_view text, std::size_t width) {
    if (text_width(text) <= width) return std::string(text);
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u;
        if (starts_char && ++n > width - 1) break;
        out += text[i];
    }
    return out + "…";
}

std::string pad(std::string_view text, std::size_t width) {
    std::string out(text);
    for (std::size_t w = text_width(text); w < width; ++w) out += ' ';
    return out;
}

std::size_t output_width() {
    constexpr std::size_t preferred = 100;
    winsize ws{};
    if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40 &&
        ws.ws_col < preferred)
        return ws.ws_col;
    return preferred;
}

std::string rulebook_for(const std::string& scenario_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path beside = fs::path(scenario_path).parent_path() / "rulebook.yaml";
    if (fs::is_regular_file(beside, ec)) return beside.string();
    return app::default_rulebook();
}

Diagnostic file_error(const std::string& path, std::string message, std::string help) {
    Diagnostic d;
    d.severity = Severity::Error;
    d.path = path;
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

}  // namespace salesim::cli
