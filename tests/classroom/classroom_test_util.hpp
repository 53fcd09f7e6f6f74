// What the classroom's tests share: the shipped library and string tables, read once.
#pragma once

#include <salesim/app/strings.hpp>
#include <salesim/loader.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace salesim::test {

inline const Library& shipped_library() {
    static const Library lib = load_library(std::string(SALESIM_SOURCE_DIR) + "/scenarios");
    return lib;
}

inline std::shared_ptr<const Scenario> shipped_scenario(const std::string& id) {
    for (const auto& s : shipped_library().scenarios)
        if (s->id == id) return s;
    throw std::runtime_error("no scenario " + id);
}

inline const app::Strings& shipped_strings() {
    static const app::Strings s = [] {
        app::Strings t;
        t.load_dir(std::string(SALESIM_SOURCE_DIR) + "/assets/strings");
        return t;
    }();
    return s;
}

}  // namespace salesim::test
