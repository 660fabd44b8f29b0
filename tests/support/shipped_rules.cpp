#include "support/shipped_rules.hpp"

#include <doctest/doctest.h>

#include "support/inline_rules.hpp"

namespace embargo::testing {

const std::string& shipped_rules_dir() {
    static const std::string dir = EMBARGO_SOURCE_DIR "/rules/un/dprk";
    return dir;
}

const std::shared_ptr<const engine>& shipped_engine() {
    static const auto compiled = [] {
        const auto loaded = load_rules(shipped_rules_dir());
        REQUIRE_MESSAGE(loaded.ok(), errors_of(loaded));
        return engine::compile(loaded.value());
    }();
    return compiled;
}

const rule_set& shipped_rules() {
    return shipped_engine()->rules();
}

}  // namespace embargo::testing
