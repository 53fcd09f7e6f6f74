// The address trainees on the school network type to reach this machine.
#pragma once

#include <string>

namespace salesim::classroom {

/// The first IPv4 address of this machine that is not loopback ("127.0.0.1" when there is none).
std::string lan_address();

}  // namespace salesim::classroom
