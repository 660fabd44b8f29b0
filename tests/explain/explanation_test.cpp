// What is said of a verdict (embargo/explain.hpp): `check`'s text and JSON
// through the library are the command's, byte for byte, and the pieces they
// are made of say what the command says.

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"
#include "embargo/explain.hpp"
#include "embargo/io.hpp"
#include "embargo/ledger.hpp"
#include "embargo/rules.hpp"
#include "embargo/shipments.hpp"

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/shipped_rules.hpp"

namespace {

using embargo::testing::shipped_engine;

embargo::checked_shipment checked(std::vector<embargo::input_field> fields) {
    auto r = embargo::record_from_fields(fields, shipped_engine()->rules());
    REQUIRE(r);
    embargo::checked_shipment c{std::move(r).value(), {}, {}, 0, {}};
    shipped_engine()->evaluate(c.record, c.result);
    return c;
}

}  // namespace

TEST_CASE("the deciding findings of a prohibited verdict name its measure, citation and reason") {
    const auto c = checked(
        {{"hs_code", "5208.12"}, {"exporter", "KP"}, {"importer", "CN"}, {"date", "2022-06"}});
    REQUIRE(c.result.status == embargo::status::prohibited);
    embargo::decided_findings d;
    d.fill(c.result, shipped_engine()->rules(), c.record.record());
    REQUIRE(d.count == 1);
    CHECK(d.measures == std::vector<std::string_view>{"2375/OP16"});
    CHECK(d.citations == std::vector<std::string_view>{"S/RES/2375(2017) OP16"});
    CHECK(d.reasons[0].find("no exemption holds") != std::string::npos);
}

TEST_CASE("an unrestricted verdict has no deciding findings and nothing that would settle it") {
    const auto c =
        checked({{"hs_code", "0901"}, {"exporter", "BR"}, {"importer", "DE"}, {"date", "2022-06"}});
    REQUIRE(c.result.status == embargo::status::unrestricted);
    embargo::decided_findings d;
    d.fill(c.result, shipped_engine()->rules(), c.record.record());
    CHECK(d.count == 0);
    CHECK(d.measures.empty());
    CHECK(embargo::would_settle(c.result, shipped_engine()->rules()).empty());
}

TEST_CASE("a code is described by the deepest prefix an edition knows") {
    const auto code = embargo::hs_code::parse("5208.12").value();
    const auto d = embargo::describe_code(shipped_engine()->rules(), code);
    REQUIRE(d);
    CHECK(d->described == code);
    CHECK(
        embargo::hs_line(shipped_engine()->rules(), code, embargo::period::parse("2022-06")->first)
            .starts_with("HS 5208.12  "));
}

TEST_CASE("ids one slip from a measure's are offered for did-you-mean") {
    const auto near = embargo::near_ids(shipped_engine()->rules(), "2375/OP61");
    CHECK(std::find(near.begin(), near.end(), "2375/OP16") != near.end());
}

#ifdef EMBARGO_CLI

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;
const std::string& rules_dir = embargo::testing::shipped_rules_dir();

// As `check --file` does: the file's shipments, judged, then counted by the
// cap ledger together.
std::vector<embargo::checked_shipment> checked_file(const std::string& path) {
    const embargo::rule_set& rules = shipped_engine()->rules();
    std::vector<embargo::checked_shipment> out;
    auto read = embargo::read_shipments(embargo::testing::read_file(path), path, rules);
    REQUIRE(read);
    REQUIRE(read.diagnostics().empty());
    for (auto& r : *read)
        out.push_back({std::move(r.record),
                       path + ":" + std::to_string(r.line),
                       {},
                       static_cast<std::size_t>(r.line),
                       {}});
    for (auto& c : out) shipped_engine()->evaluate(c.record, c.result);
    std::vector<embargo::ledger_entry> entries;
    for (auto& c : out) entries.push_back({&c.record.record(), &c.result, c.line});
    embargo::cap_ledger ledger(shipped_engine());
    for (const auto& n : ledger.apply(entries))
        out[n.entry].notes.push_back(
            {n.finding, embargo::describe(n, rules, out[n.entry].record.record())});
    return out;
}

}  // namespace

TEST_CASE(
    "check's text and JSON through the library are what embargo check prints for one shipment") {
    const std::vector<std::vector<std::string>> cases{
        {"--hs", "5208.12", "--exporter", "KP", "--importer", "CN", "--date", "2022-06"},
        {"--hs", "27", "--exporter", "CN", "--importer", "KP", "--date", "2018", "--quantity", "10",
         "--unit", "t"},
        {"--hs", "0901", "--exporter", "BR", "--importer", "DE", "--date", "2022-06-01", "--id",
         "x\"y"},
    };
    for (const auto& flags : cases) {
        std::vector<embargo::input_field> fields;
        for (std::size_t i = 0; i + 1 < flags.size(); i += 2) {
            const std::string& f = flags[i];
            const std::string_view name = f == "--hs"         ? "hs_code"
                                          : f == "--exporter" ? "exporter"
                                          : f == "--importer" ? "importer"
                                          : f == "--date"     ? "date"
                                          : f == "--quantity" ? "quantity"
                                          : f == "--unit"     ? "unit"
                                                              : "id";
            fields.push_back({name, flags[i + 1]});
        }
        const std::vector<embargo::checked_shipment> one{checked(fields)};
        const embargo::rule_set& rules = shipped_engine()->rules();
        std::vector<std::string> args{"--rules", rules_dir, "check", "--fail-on", "none"};
        args.insert(args.end(), flags.begin(), flags.end());
        CAPTURE(flags[1]);
        CHECK(embargo::format_text(one, rules, false) ==
              embargo::testing::run_process(EMBARGO_CLI, args).out);
        args.insert(args.end(), {"--format", "json"});
        CHECK(embargo::format_json(one, rules) ==
              embargo::testing::run_process(EMBARGO_CLI, args).out);
    }
}

TEST_CASE("check's text and JSON through the library are what embargo check --file prints") {
    for (const char* file :
         {"/examples/shipments/mixed.yaml", "/tests/cli/data/diesel-deliveries-2018.yaml"}) {
        const std::string path = source_dir + file;
        CAPTURE(path);
        const auto shipments = checked_file(path);
        const embargo::rule_set& rules = shipped_engine()->rules();
        const std::vector<std::string> args{"--rules", rules_dir, "check", "--fail-on",
                                            "none",    "--file",  path};
        CHECK(embargo::format_text(shipments, rules, true) ==
              embargo::testing::run_process(EMBARGO_CLI, args).out);
        auto json = args;
        json.insert(json.end(), {"--format", "json"});
        CHECK(embargo::format_json(shipments, rules) ==
              embargo::testing::run_process(EMBARGO_CLI, json).out);
    }
}

#endif
