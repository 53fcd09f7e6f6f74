// This machine's address on the school network, for the join address a class shows.
#include "salesim/classroom/lan_address.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

namespace salesim::classroom {

std::string lan_address() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return "127.0.0.1";
    std::string found;
    for (ifaddrs* a = list; a != nullptr && found.empty(); a = a->ifa_next) {
        if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
        char buf[INET_ADDRSTRLEN] = {};
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        ::inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
        if (std::string(buf).rfind("127.", 0) != 0) found = buf;
    }
    ::freeifaddrs(list);
    return found.empty() ? "127.0.0.1" : found;
}

}  // namespace salesim::classroom
