#pragma once
// Strings built by appending their parts: `"literal" + std::string` trips
// GCC 12's false -Wrestrict at -O2 (GCC bug 105651), and warnings are errors
// in CI.

#include <string>

namespace embargo::detail {

template <class... Parts>
std::string concat(const Parts&... parts) {
    std::string s;
    (s.append(parts), ...);
    return s;
}

}  // namespace embargo::detail
