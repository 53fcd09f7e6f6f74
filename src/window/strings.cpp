// UI string tables: reading the YAML files and looking strings up.
#include "window/strings.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace salesim::window {

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

StringTable StringTable::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": error: cannot read the string table");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
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

void Strings::load_dir(const std::string& dir) {
    for (const auto lang : ui_langs)
        add(std::string(lang), StringTable::load_file(dir + "/" + std::string(lang) + ".yaml"));
}

void Strings::add(std::string lang, StringTable table) {
    m_tables.insert_or_assign(std::move(lang), std::move(table));
}

std::vector<std::string> Strings::langs() const {
    std::vector<std::string> out;
    for (const auto& kv : m_tables) out.push_back(kv.first);
    return out;
}

const StringTable* Strings::table(std::string_view lang) const {
    const auto it = m_tables.find(lang);
    return it == m_tables.end() ? nullptr : &it->second;
}

const char* Strings::tr(std::string_view key) const {
    for (const std::string_view lang : {std::string_view(m_lang), std::string_view("en")}) {
        if (const StringTable* t = table(lang)) {
            if (const std::string* s = t->find(key)) return s->c_str();
        }
    }
    return m_missing.emplace(key).first->c_str();
}

std::string Strings::fmt(std::string_view key,
                         const std::vector<std::pair<std::string_view, std::string>>& values) const {
    return fill(tr(key), values);
}

}  // namespace salesim::window
