// The string tables: reading the YAML files, finding the languages present and looking strings up.
#include "salesim/app/strings.hpp"

#include "salesim/app/durable_file.hpp"

#include <salesim/loader.hpp>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace salesim::app {

namespace {

void flatten(const YAML::Node& node, const std::string& prefix, const std::string& path,
             std::map<std::string, std::string, std::less<>>& out) {
    const auto where = [&](const YAML::Node& n) {
        return path + ":" + std::to_string(n.Mark().line + 1) + ":" + std::to_string(n.Mark().column + 1);
    };
    if (!node.IsMap()) {
        throw std::runtime_error(where(node) + ": error: expected a map of keys to strings" +
                                 (prefix.empty() ? std::string{} : " under '" + prefix + "'"));
    }
    for (const auto& kv : node) {
        const std::string key = kv.first.as<std::string>();
        const std::string full = prefix.empty() ? key : prefix + "." + key;
        if (kv.second.IsMap()) {
            flatten(kv.second, full, path, out);
        } else if (kv.second.IsScalar()) {
            if (!out.emplace(full, kv.second.as<std::string>()).second) {
                throw std::runtime_error(where(kv.first) + ": error: duplicate key '" + full + "'");
            }
        } else {
            throw std::runtime_error(where(kv.second) + ": error: '" + full +
                                     "' must be a string or a map of strings\nhelp: quote the text");
        }
    }
}

/// English first (the fallback), the rest by code.
void order_langs(std::vector<std::string>& langs) {
    std::sort(langs.begin(), langs.end(), [](const std::string& a, const std::string& b) {
        if ((a == "en") != (b == "en")) return a == "en";
        return a < b;
    });
}

}  // namespace

StringTable StringTable::parse(std::string_view yaml, const std::string& path) {
    StringTable t;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": error: " + e.msg);
    }
    if (!root || root.IsNull()) throw std::runtime_error(path + ": error: the string table is empty");
    try {
        flatten(root, "", path, t.m_entries);
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(path + ":" + std::to_string(e.mark.line + 1) + ": error: " + e.msg);
    }
    return t;
}

StringTable StringTable::load_file(const std::string& path, const std::filesystem::path& cache_dir) {
    const std::optional<std::string> read = read_whole_file(path);
    if (!read) throw std::runtime_error(path + ": error: cannot read the string table");
    const std::string& bytes = *read;
    if (cache_dir.empty()) return parse(bytes, path);

    // The cache is keyed by the table's bytes: an edited table is parsed again, whatever its time.
    const std::string stem = std::filesystem::path(path).stem().string();
    const std::string hash = content_hash(bytes);
    const std::filesystem::path cached = cache_dir / (stem + "-" + hash + ".json");
    try {
        if (const std::optional<std::string> kept = read_whole_file(cached)) {
            const nlohmann::json j = nlohmann::json::parse(*kept);
            if (j.at("format").get<int>() == 1 && j.at("hash").get<std::string>() == hash) {
                StringTable t;
                for (const auto& [key, value] : j.at("entries").items())
                    t.m_entries.emplace(key, value.get<std::string>());
                return t;
            }
        }
    } catch (const std::exception&) {
        // A damaged cache file is parsed from the table again and written anew.
    }
    StringTable t = parse(bytes, path);
    try {
        // The older copies of this table go; the new one is written whole or not at all.
        std::error_code ec;
        for (std::filesystem::directory_iterator it(cache_dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            // STEM-HASH.json exactly: "en-" must not take the copies of an "en-gb" table.
            const bool copy = name.size() == cached.filename().string().size() &&
                              name.starts_with(stem + "-") && name.ends_with(".json");
            if (copy && it->path() != cached) {
                std::error_code rm;
                std::filesystem::remove(it->path(), rm);
            }
        }
        const nlohmann::json j{{"format", 1}, {"hash", hash}, {"entries", t.m_entries}};
        write_file_durable(cached, j.dump(), {.create_folder = true, .sync = false});
    } catch (const std::exception&) {
        // An unwritable cache folder costs the next start its speed, nothing else.
    }
    return t;
}

const std::string* StringTable::find(std::string_view key) const {
    const auto it = m_entries.find(key);
    return it == m_entries.end() ? nullptr : &it->second;
}

std::set<std::string> placeholders(std::string_view text) {
    std::set<std::string> out;
    std::size_t pos = 0;
    while ((pos = text.find('{', pos)) != std::string_view::npos) {
        const std::size_t end = text.find('}', pos + 1);
        if (end == std::string_view::npos) break;
        out.emplace(text.substr(pos + 1, end - pos - 1));
        pos = end + 1;
    }
    return out;
}

std::string fill(std::string text, const std::vector<std::pair<std::string_view, std::string>>& values) {
    for (const auto& [key, value] : values) {
        const std::string token = "{" + std::string(key) + "}";
        std::size_t pos = 0;
        while ((pos = text.find(token, pos)) != std::string::npos) {
            text.replace(pos, token.size(), value);
            pos += value.size();
        }
    }
    return text;
}

std::vector<std::string> available_langs(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::filesystem::path& p = it->path();
        if (p.extension() != ".yaml" || !it->is_regular_file(ec)) continue;
        out.push_back(p.stem().string());
    }
    order_langs(out);
    return out;
}

std::string lang_error(const std::string& dir, const std::string& lang) {
    const std::vector<std::string> langs = available_langs(dir);
    std::string list;
    for (const std::string& l : langs) {
        if (l == lang) return {};
        list += (list.empty() ? "" : ", ") + l;
    }
    return "no texts in the language '" + lang + "': the languages are " + list + " (one per LANG.yaml in " +
           dir + ")";
}

std::string missing_marker(std::string_view key) {
    return "??" + std::string(key) + "??";
}

void Strings::load_dir(const std::string& dir, const std::filesystem::path& cache_dir) {
    const std::vector<std::string> langs = available_langs(dir);
    if (langs.empty()) throw std::runtime_error(dir + ": error: no string tables (LANG.yaml) in this folder");
    for (const std::string& lang : langs)
        add(lang, StringTable::load_file(dir + "/" + lang + ".yaml", cache_dir));
}

void Strings::add(std::string lang, StringTable table) {
    m_tables.insert_or_assign(std::move(lang), std::move(table));
}

std::vector<std::string> Strings::langs() const {
    std::vector<std::string> out;
    for (const auto& kv : m_tables) out.push_back(kv.first);
    order_langs(out);
    return out;
}

std::string Strings::lang_name(std::string_view lang) const {
    if (const StringTable* t = table(lang)) {
        if (const std::string* s = t->find("lang." + std::string(lang))) return *s;
    }
    return std::string(lang);
}

const StringTable* Strings::table(std::string_view lang) const {
    const auto it = m_tables.find(lang);
    return it == m_tables.end() ? nullptr : &it->second;
}

const char* Strings::tr(std::string_view key) const {
    return tr_in(m_lang, key);
}

const char* Strings::tr_in(std::string_view lang, std::string_view key) const {
    for (const std::string_view l : {lang, std::string_view("en")}) {
        if (const StringTable* t = table(l)) {
            if (const std::string* s = t->find(key)) return s->c_str();
        }
    }
    return m_missing.emplace(missing_marker(key)).first->c_str();
}

std::string Strings::fmt(std::string_view key,
                         const std::vector<std::pair<std::string_view, std::string>>& values) const {
    return fill(tr(key), values);
}

std::string Strings::fmt_n(std::string_view key, long long n,
                           const std::vector<std::pair<std::string_view, std::string>>& values) const {
    const std::string one = std::string(key) + "_one";
    const bool has_one = [&] {
        for (const std::string_view lang : {std::string_view(m_lang), std::string_view("en")})
            if (const StringTable* t = table(lang); t != nullptr && t->find(one) != nullptr) return true;
        return false;
    }();
    return fill(tr(n == 1 && has_one ? std::string_view(one) : key), values);
}

}  // namespace salesim::app
