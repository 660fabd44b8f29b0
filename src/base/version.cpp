#include "embargo/version.hpp"

namespace embargo {

#define EMBARGO_DETAIL_TEXT(x) #x
#define EMBARGO_DETAIL_VERSION_TEXT(major, minor, patch) \
    EMBARGO_DETAIL_TEXT(major) "." EMBARGO_DETAIL_TEXT(minor) "." EMBARGO_DETAIL_TEXT(patch)

std::string_view version() noexcept {
    return EMBARGO_DETAIL_VERSION_TEXT(EMBARGO_VERSION_MAJOR, EMBARGO_VERSION_MINOR,
                                       EMBARGO_VERSION_PATCH);
}

}  // namespace embargo
