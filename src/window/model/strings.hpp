// The window's strings are the shared string tables of salesim_app; these names keep the views short.
#pragma once

#include <salesim/app/strings.hpp>

namespace salesim::window {

using app::fill;
using app::placeholders;
using app::Strings;
using app::StringTable;

}  // namespace salesim::window
