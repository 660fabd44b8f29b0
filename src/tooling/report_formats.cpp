// src/tooling/ holds the tools around a rule set: the audit's lints
// (audit.cpp), rule tests beside the rules (rule_tests.cpp), the report writers
// for both (this file: text, JSON, JUnit, SARIF) and the relation graph written
// as DOT and JSON (relation_export.cpp). Their interfaces are
// embargo/audit.hpp, rule_tests.hpp, report.hpp and relations.hpp.
//
// Report writers (see report.hpp). JSON and SARIF go through nlohmann::json;
// XML is escaped by hand because JUnit needs four elements and a dozen
// attributes, and a dependency for that would be larger than the writer.

#include <algorithm>
#include <cctype>
#include <ostream>

#include <nlohmann/json.hpp>

#include "embargo/audit.hpp"
#include "embargo/report.hpp"
#include "embargo/rule_tests.hpp"
#include "embargo/rules.hpp"

#include "base/text.hpp"

namespace embargo {

namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view sarif_schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

std::string display(const report_info& info, std::string_view file) {
    if (file.empty() || !info.display_path) return std::string(file);
    return info.display_path(file);
}

diagnostic displayed(const report_info& info, diagnostic d) {
    d.where.file = display(info, d.where.file);
    return d;
}

bool fails(const report_info& info, const diagnostic& d) {
    return d.severity >= info.fail_on;
}

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string attr(std::string_view name, std::string_view value) {
    std::string out = " ";
    out += name;
    out += "=\"";
    out += detail::xml_escaped(value);
    out += '"';
    return out;
}

// A relative path as a relative URI reference, an absolute one as a file:
// URI; bytes outside RFC 3986's unreserved set (and '/') percent-encoded.
std::string to_uri(std::string_view path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
    for (char c : path) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

std::string_view sarif_level(severity s) {
    switch (s) {
        case severity::error:
            return "error";
        case severity::warning:
            return "warning";
        case severity::note:
            return "note";
    }
    return "error";
}

// What a load-error id is about, for SARIF's rule list (the audit's own ids
// carry their description in audit_checks()).
std::string_view load_description(std::string_view id) {
    const auto prefix = id.substr(0, id.find('.'));
    if (prefix == "yaml") return "A rule file that is not valid or safe YAML.";
    if (prefix == "rules") return "A rule file that breaks the schema of rules/README.md.";
    if (prefix == "hs") return "A bad HS code, or a malformed nomenclature file.";
    if (prefix == "date" || prefix == "period") return "A bad date.";
    if (prefix == "selector") return "A bad goods selector.";
    if (prefix == "condition") return "A bad condition.";
    if (prefix == "fact") return "A bad fact value.";
    if (prefix == "test" || prefix == "record") return "A rule test that does not load.";
    return "A problem found while loading the rules.";
}

json location_json(const report_info& info, const source_location& where) {
    json physical;
    physical["artifactLocation"] = {{"uri", to_uri(display(info, where.file))}};
    if (where.line > 0) {
        json region;
        region["startLine"] = where.line;
        if (where.column > 0) region["startColumn"] = where.column;
        physical["region"] = std::move(region);
    }
    return json{{"physicalLocation", std::move(physical)}};
}

void write_json(std::ostream& out, const json& j) {
    // Replace rather than throw on broken UTF-8: a report must come out.
    out << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
}

struct counts {
    std::size_t errors = 0, warnings = 0, notes = 0, failing = 0;
};

counts count(const std::vector<diagnostic>& ds, const report_info& info) {
    counts c;
    for (const auto& d : ds) {
        (d.severity == severity::error     ? c.errors
         : d.severity == severity::warning ? c.warnings
                                           : c.notes)++;
        c.failing += fails(info, d) ? 1 : 0;
    }
    return c;
}

// ---- audit ------------------------------------------------------------------

void audit_text(std::ostream& out, const std::vector<diagnostic>& findings,
                const report_info& info) {
    for (const auto& d : findings) out << format(displayed(info, d)) << '\n';
    const counts c = count(findings, info);
    out << "audit of " << info.rules << ": ";
    if (!info.rules_loaded) {
        out << "the rules do not load (" << plural(c.errors, "error") << ")\n";
        return;
    }
    if (findings.empty()) {
        out << "no findings\n";
        return;
    }
    std::vector<std::string> parts;
    if (c.errors != 0) parts.push_back(plural(c.errors, "error"));
    if (c.warnings != 0) parts.push_back(plural(c.warnings, "warning"));
    if (c.notes != 0) parts.push_back(plural(c.notes, "note"));
    for (std::size_t i = 0; i < parts.size(); ++i) out << (i != 0 ? ", " : "") << parts[i];
    out << '\n';
}

void audit_json(std::ostream& out, const std::vector<diagnostic>& findings,
                const report_info& info) {
    const counts c = count(findings, info);
    json j;
    j["tool"] = {{"name", "embargo"}, {"version", info.tool_version}};
    j["rules"] = info.rules;
    j["rules_loaded"] = info.rules_loaded;
    j["fail_on"] = std::string(to_string(info.fail_on));
    j["summary"] = {{"errors", c.errors},
                    {"warnings", c.warnings},
                    {"notes", c.notes},
                    {"failed", c.failing != 0}};
    json list = json::array();
    for (const auto& d : findings) {
        list.push_back({{"id", d.id},
                        {"severity", std::string(to_string(d.severity))},
                        {"file", display(info, d.where.file)},
                        {"line", d.where.line},
                        {"column", d.where.column},
                        {"message", d.message}});
    }
    j["findings"] = std::move(list);
    write_json(out, j);
}

// Ids in report order: the audit's checks (when they ran), then every other
// id in the order it first appears.
std::vector<std::string> ids_in_order(const std::vector<diagnostic>& findings, bool with_checks) {
    std::vector<std::string> ids;
    if (with_checks)
        for (const auto& c : audit_checks()) ids.emplace_back(c.id);
    for (const auto& d : findings)
        if (std::find(ids.begin(), ids.end(), d.id) == ids.end()) ids.push_back(d.id);
    return ids;
}

void audit_junit(std::ostream& out, const std::vector<diagnostic>& findings,
                 const report_info& info) {
    // One testsuite per check, one testcase per finding; a check without
    // findings is one passing testcase, so dashboards show that it ran.
    const auto ids = ids_in_order(findings, info.rules_loaded);
    std::size_t tests = 0;
    std::string body;
    std::size_t total_failures = 0;
    for (const auto& id : ids) {
        std::string cases;
        std::size_t n = 0, failures = 0;
        for (const auto& d : findings) {
            if (d.id != id) continue;
            ++n;
            const diagnostic shown = displayed(info, d);
            std::string name = shown.where.file;
            if (shown.where.line > 0) {
                name += ':';
                name += std::to_string(shown.where.line);
            }
            if (shown.where.column > 0) {
                name += ':';
                name += std::to_string(shown.where.column);
            }
            if (name.empty()) name = id;
            cases += "    <testcase" + attr("name", name) + attr("classname", id);
            if (!shown.where.file.empty()) cases += attr("file", shown.where.file);
            if (shown.where.line > 0) cases += attr("line", std::to_string(shown.where.line));
            cases += ">\n";
            if (fails(info, d)) {
                ++failures;
                cases += "      <failure" + attr("message", d.message) +
                         attr("type", to_string(d.severity)) + ">" +
                         detail::xml_escaped(format(shown), false) + "</failure>\n";
            } else {
                cases += "      <system-out>" + detail::xml_escaped(format(shown), false) +
                         "</system-out>\n";
            }
            cases += "    </testcase>\n";
        }
        if (n == 0) {
            n = 1;
            cases += "    <testcase" + attr("name", "no findings") + attr("classname", id) + "/>\n";
        }
        tests += n;
        total_failures += failures;
        body += "  <testsuite" + attr("name", id) + attr("tests", std::to_string(n)) +
                attr("failures", std::to_string(failures)) + attr("errors", "0") +
                attr("skipped", "0") + ">\n" + cases + "  </testsuite>\n";
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites" << attr("name", "embargo audit " + info.rules)
        << attr("tests", std::to_string(tests)) << attr("failures", std::to_string(total_failures))
        << attr("errors", "0") << ">\n"
        << body << "</testsuites>\n";
}

void audit_sarif(std::ostream& out, const std::vector<diagnostic>& findings,
                 const report_info& info) {
    const auto ids = ids_in_order(findings, true);
    json rules = json::array();
    for (const auto& id : ids) {
        json rule;
        rule["id"] = id;
        if (const audit_check* c = find_audit_check(id)) {
            rule["shortDescription"] = {{"text", c->summary}};
            rule["fullDescription"] = {{"text", c->help}};
            rule["defaultConfiguration"] = {{"level", sarif_level(c->severity)}};
            rule["help"] = {
                {"text",
                 "The lint " + id + " is described, with an example, in docs/cli-audit-test.md."}};
        } else {
            const auto first =
                std::find_if(findings.begin(), findings.end(), [&](auto& d) { return d.id == id; });
            rule["shortDescription"] = {{"text", load_description(id)}};
            rule["defaultConfiguration"] = {{"level", sarif_level(first->severity)}};
            rule["help"] = {{"text", "The id is listed under \"Error ids\" in rules/README.md."}};
        }
        rules.push_back(std::move(rule));
    }
    json results = json::array();
    for (const auto& d : findings) {
        json r;
        r["ruleId"] = d.id;
        r["ruleIndex"] = std::find(ids.begin(), ids.end(), d.id) - ids.begin();
        r["level"] = sarif_level(d.severity);
        r["message"] = {{"text", d.message}};
        if (!d.where.file.empty()) r["locations"] = json::array({location_json(info, d.where)});
        results.push_back(std::move(r));
    }
    json driver;
    driver["name"] = "embargo";
    driver["version"] = info.tool_version;
    driver["semanticVersion"] = info.tool_version;
    driver["rules"] = std::move(rules);
    json run;
    run["tool"] = {{"driver", std::move(driver)}};
    // Columns count bytes of the line, which are code points on the ASCII
    // lines rule files are made of.
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = std::move(results);
    json log;
    log["$schema"] = sarif_schema;
    log["version"] = "2.1.0";
    log["runs"] = json::array({std::move(run)});
    write_json(out, log);
}

// ---- rule tests ---------------------------------------------------------------

// The failures of a test as one line: what was expected, then what came.
std::string failure_text(const rule_test_result& r) {
    std::string out;
    std::string got;
    for (std::size_t i = 0; i < r.failures.size(); ++i) {
        const auto& f = r.failures[i];
        if (i + 1 == r.failures.size() && f.rfind("got ", 0) == 0) {
            got = f;
            continue;
        }
        out += (out.empty() ? "" : "; ") + f;
    }
    if (!got.empty()) out += (out.empty() ? "" : " ") + std::string("(") + got + ")";
    return out;
}

struct test_line {
    const rule_test_result* result = nullptr;  // or a problem:
    const diagnostic* problem = nullptr;
};

std::vector<diagnostic> test_diagnostics(const rule_set& rules, const rule_test_report& report) {
    std::vector<diagnostic> out;
    for (const auto& r : report.results) {
        if (r.passed()) continue;
        out.push_back({"test.failed", severity::error, r.test->where,
                       "rule test \"" + r.test->name + "\" failed: " + failure_text(r)});
    }
    for (const auto& id : report.uncovered_measures) {
        const measure* m = rules.find_measure(id);
        out.push_back({"test.uncovered-measure", severity::error,
                       m != nullptr ? m->where : source_location{},
                       "measure \"" + id + "\" is covered by no passing rule test"});
    }
    for (const auto& id : report.uncovered_exemptions) {
        const exemption* e = rules.find_exemption(id);
        out.push_back({"test.uncovered-exemption", severity::error,
                       e != nullptr ? e->where : source_location{},
                       "exemption \"" + id + "\" is covered by no passing rule test"});
    }
    return out;
}

std::string place(const report_info& info, const source_location& where) {
    std::string out = display(info, where.file);
    if (where.line > 0) {
        out += ':';
        out += std::to_string(where.line);
    }
    if (where.column > 0) {
        out += ':';
        out += std::to_string(where.column);
    }
    return out;
}

void test_text(std::ostream& out, const rule_set& rules, const rule_test_report& report,
               const std::vector<diagnostic>& problems, const report_info& info, bool verbose) {
    for (const auto& d : problems) out << format(displayed(info, d)) << '\n';
    std::size_t failed_index = 0;
    const auto failures = test_diagnostics(rules, report);
    for (const auto& r : report.results) {
        if (!r.passed()) {
            out << format(displayed(info, failures[failed_index++])) << '\n';
        } else if (verbose) {
            out << place(info, r.test->where) << ": pass: rule test \"" << r.test->name << "\"\n";
        }
    }
    for (std::size_t i = failed_index; i < failures.size(); ++i)
        out << format(displayed(info, failures[i])) << '\n';
    const std::size_t failed = report.failed();
    out << plural(report.results.size(), "rule test") << ": " << report.results.size() - failed
        << " passed, " << failed << " failed";
    if (!problems.empty())
        out << "; " << plural(problems.size(), "error") << " in the rule-test files";
    out << '\n';
    out << "measures covered: " << report.measure_count - report.uncovered_measures.size() << "/"
        << report.measure_count
        << ", exemptions covered: " << report.exemption_count - report.uncovered_exemptions.size()
        << "/" << report.exemption_count << '\n';
}

// `rules` is null when the rules did not load: `problems` are then their load
// errors, and there is no coverage suite.
void test_junit(std::ostream& out, const rule_set* rules, const rule_test_report& report,
                const std::vector<diagnostic>& problems, const report_info& info) {
    // One testsuite per rule-test file (its load errors as <error>s), then
    // a `coverage` suite with one testcase per measure and exemption.
    std::vector<std::string> files;
    const auto add_file = [&](const std::string& f) {
        if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
    };
    for (const auto& d : problems) add_file(d.where.file);
    for (const auto& r : report.results) add_file(r.test->where.file);
    std::sort(files.begin(), files.end());

    std::size_t total = 0, total_failures = 0, total_errors = 0;
    std::string body;
    const auto suite = [&](const std::string& name, std::size_t tests, std::size_t failures,
                           std::size_t errors, const std::string& cases) {
        total += tests;
        total_failures += failures;
        total_errors += errors;
        body += "  <testsuite" + attr("name", name) + attr("tests", std::to_string(tests)) +
                attr("failures", std::to_string(failures)) +
                attr("errors", std::to_string(errors)) + attr("skipped", "0") + ">\n" + cases +
                "  </testsuite>\n";
    };
    const auto testcase = [&](const std::string& name, const std::string& classname,
                              const source_location& where) {
        std::string tag = "    <testcase" + attr("name", name) + attr("classname", classname);
        if (!where.file.empty()) tag += attr("file", display(info, where.file));
        if (where.line > 0) tag += attr("line", std::to_string(where.line));
        return tag;
    };
    for (const auto& file : files) {
        const std::string shown = display(info, file);
        std::string cases;
        std::size_t n = 0, failures = 0, errors = 0;
        for (const auto& d : problems) {
            if (d.where.file != file) continue;
            ++n;
            ++errors;
            cases += testcase(place(info, d.where), shown, d.where) + ">\n      <error" +
                     attr("message", d.message) + attr("type", d.id) + ">" +
                     detail::xml_escaped(format(displayed(info, d)), false) +
                     "</error>\n    </testcase>\n";
        }
        for (const auto& r : report.results) {
            if (r.test->where.file != file) continue;
            ++n;
            cases += testcase(r.test->name, shown, r.test->where);
            if (r.passed()) {
                cases += "/>\n";
                continue;
            }
            ++failures;
            std::string detail;
            for (const auto& f : r.failures) detail += f + "\n";
            cases += ">\n      <failure" + attr("message", failure_text(r)) +
                     attr("type", "test.failed") + ">" +
                     detail::xml_escaped(place(info, r.test->where) + ": rule test \"" +
                                             r.test->name + "\" failed:\n" + detail,
                                         false) +
                     "</failure>\n    </testcase>\n";
        }
        suite(shown, n, failures, errors, cases);
    }
    std::string cases;
    std::size_t failures = 0;
    const auto coverage_case = [&](const std::string& kind, const std::string& id,
                                   const source_location& where, bool covered) {
        cases += testcase(kind + " " + id, "coverage", where);
        if (covered) {
            cases += "/>\n";
            return;
        }
        ++failures;
        const std::string message = kind + " \"" + id + "\" is covered by no passing rule test";
        cases += ">\n      <failure" + attr("message", message) +
                 attr("type", "test.uncovered-" + kind) + ">" +
                 detail::xml_escaped(place(info, where) + ": " + message, false) +
                 "</failure>\n    </testcase>\n";
    };
    if (rules != nullptr) {
        for (const auto& m : rules->measures()) {
            const bool covered =
                std::find(report.uncovered_measures.begin(), report.uncovered_measures.end(),
                          m.id) == report.uncovered_measures.end();
            coverage_case("measure", m.id, m.where, covered);
        }
        for (const auto& e : rules->exemptions()) {
            const bool covered =
                std::find(report.uncovered_exemptions.begin(), report.uncovered_exemptions.end(),
                          e.id) == report.uncovered_exemptions.end();
            coverage_case("exemption", e.id, e.where, covered);
        }
        suite("coverage", rules->measures().size() + rules->exemptions().size(), failures, 0,
              cases);
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites" << attr("name", "embargo test " + info.rules)
        << attr("tests", std::to_string(total)) << attr("failures", std::to_string(total_failures))
        << attr("errors", std::to_string(total_errors)) << ">\n"
        << body << "</testsuites>\n";
}

}  // namespace

std::string_view to_string(report_format f) noexcept {
    switch (f) {
        case report_format::text:
            return "text";
        case report_format::json:
            return "json";
        case report_format::junit:
            return "junit";
        case report_format::sarif:
            return "sarif";
    }
    return "text";
}

std::optional<report_format> parse_report_format(std::string_view name) noexcept {
    for (auto f :
         {report_format::text, report_format::json, report_format::junit, report_format::sarif})
        if (to_string(f) == name) return f;
    return std::nullopt;
}

void write_audit_report(std::ostream& out, const std::vector<diagnostic>& findings,
                        report_format format, const report_info& info) {
    switch (format) {
        case report_format::text:
            audit_text(out, findings, info);
            break;
        case report_format::json:
            audit_json(out, findings, info);
            break;
        case report_format::junit:
            audit_junit(out, findings, info);
            break;
        case report_format::sarif:
            audit_sarif(out, findings, info);
            break;
    }
}

void write_test_report(std::ostream& out, const rule_set& rules, const rule_test_report& report,
                       const std::vector<diagnostic>& problems, report_format format,
                       const report_info& info, bool verbose) {
    if (format == report_format::junit)
        test_junit(out, &rules, report, problems, info);
    else
        test_text(out, rules, report, problems, info, verbose);
}

void write_test_report(std::ostream& out, const std::vector<diagnostic>& load_errors,
                       report_format format, const report_info& info) {
    if (format == report_format::junit) {
        test_junit(out, nullptr, {}, load_errors, info);
        return;
    }
    for (const auto& d : load_errors) out << embargo::format(displayed(info, d)) << '\n';
    out << "embargo: the rules in " << info.rules << " cannot be loaded ("
        << plural(static_cast<std::size_t>(std::count_if(
                      load_errors.begin(), load_errors.end(),
                      [](const diagnostic& d) { return d.severity == severity::error; })),
                  "error")
        << "); no rule test was run\n";
}

}  // namespace embargo
