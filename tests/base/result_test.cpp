// result<T>: the one shape of everything that can fail on its input.
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/diagnostic.hpp"
#include "embargo/hs.hpp"

using namespace embargo;

namespace {
diagnostic make(std::string id, severity s) {
    diagnostic d;
    d.id = std::move(id);
    d.severity = s;
    d.where = {"f.yaml", 3, 7};
    d.message = "what was found";
    return d;
}
}  // namespace

TEST_CASE("a result holds a value with its warnings, or the errors that say why not") {
    const result<int> ok(7, {make("rules.unused-fact", severity::warning)});
    REQUIRE(ok);
    CHECK(*ok == 7);
    CHECK(ok.diagnostics().size() == 1);
    CHECK_THROWS_AS((void)ok.error(), bad_result_access);

    const result<int> failed(make("hs.bad-length", severity::error));
    CHECK_FALSE(failed);
    CHECK(failed.error().id == "hs.bad-length");
    // Asking a failure for its value is the caller's bug: it throws, and
    // says which error the caller did not look at.
    try {
        (void)failed.value();
        FAIL("value() of a failure did not throw");
    } catch (const bad_result_access& e) {
        CHECK(std::string(e.what()).find("f.yaml:3:7: error: what was found [hs.bad-length]") !=
              std::string::npos);
    }
    // A failure without an error would be a result that says nothing.
    CHECK_THROWS_AS((void)result<int>(std::vector<diagnostic>{make("w", severity::warning)}),
                    std::invalid_argument);
}

TEST_CASE("result<void> is ok without diagnostics and fails with an error") {
    const result<void> done;
    CHECK(done);
    CHECK_THROWS_AS((void)done.error(), bad_result_access);
    const result<void> refused(make("ledger.bad-period", severity::error));
    CHECK_FALSE(refused);
    CHECK(refused.error().id == "ledger.bad-period");
}

TEST_CASE("the small parsers give the byte of the problem in where.offset, and no file") {
    const auto r = hs_code::parse("27a1");
    REQUIRE_FALSE(r);
    CHECK(r.error().id == "hs.bad-character");
    CHECK(r.error().where.offset == 2);
    CHECK(r.error().where.file.empty());
    CHECK(r.error().where.line == 0);
}
