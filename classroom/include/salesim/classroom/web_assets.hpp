// The board's web page (classroom/web/), built into the program so an installed one needs no files.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace salesim::classroom {

/// One file of classroom/web/ as the server sends it.
struct WebAsset {
    std::string_view path;          ///< "/board.html": the file's name under classroom/web/
    std::string_view content_type;  ///< "text/html; charset=utf-8" (a charset on every text type)
    std::string_view body;          ///< the file's bytes, exactly
};

/// The file served at `path` ("/board.js"), or nullptr. "/" finds "/index.html" and a path
/// without an extension the page of that name ("/board" finds "/board.html"); a query or
/// fragment is not part of the path.
const WebAsset* find_web_asset(std::string_view path);

/// A page with its `{{name}}` placeholders (a name of lowercase letters, digits, '_' and '.') each
/// replaced by `text(name)`, escaped for HTML; the rest as it is. For index.html, which has no
/// script to fetch its texts: `{{lang}}` and `{{board.index_title}}`, `{{board.index_text}}`.
std::string fill_page(std::string_view page, const std::function<std::string(std::string_view name)>& text);

}  // namespace salesim::classroom
