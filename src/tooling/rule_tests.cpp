// The rule-test reader and runner (see rule_tests.hpp).

#include "embargo/rule_tests.hpp"

#include <algorithm>
#include <set>

#include "io/record_yaml.hpp"
#include "rules/rule_sources.hpp"
#include "rules/yaml_document.hpp"

namespace embargo {

namespace {

using detail::yaml_node;

class test_reader {
public:
    test_reader(const rule_set& rules, rule_test_suite& suite) : rules_(rules), suite_(suite) {}

    void read_dir(const detail::rule_file_source& source, const std::string& regime_dir,
                  const load_limits& limits) {
        const std::string dir = detail::join_path(regime_dir, "tests");
        for (const auto& path : source.yaml_files(dir)) {
            std::string why;
            auto text = source.read(path, limits.max_file_bytes, why);
            if (!text) {
                const bool too_large = source.size(path).value_or(0) > limits.max_file_bytes;
                error({path, 0, 0}, too_large ? "yaml.too-large" : "rules.io", why);
                continue;
            }
            suite_.files.push_back(path);
            file_ = path;
            auto doc = detail::parse_yaml(
                *text, path, {limits.max_file_bytes, limits.max_depth, limits.max_nodes},
                suite_.diagnostics);
            if (doc) read_file(*doc);
        }
    }

private:
    void error(source_location where, std::string id, std::string message) {
        suite_.diagnostics.push_back(
            {std::move(id), severity::error, std::move(where), std::move(message)});
    }
    source_location at(const yaml_node& n) const { return {file_, n.line, n.column}; }

    void keys(const yaml_node& map, std::initializer_list<std::string_view> allowed,
              std::string_view what) {
        for (const auto& [key, value] : map.entries) {
            if (std::find(allowed.begin(), allowed.end(), key.value) != allowed.end()) continue;
            std::string list;
            for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            error(at(key), "test.unknown-key",
                  "unknown key \"" + key.value + "\" in " + std::string(what) +
                      "; expected one of: " + list);
        }
    }

    std::vector<std::string> list(const yaml_node* n, std::string_view what) {
        std::vector<std::string> out;
        if (n == nullptr || n->is_null()) return out;
        if (n->is_scalar()) return {n->value};
        if (!n->is_sequence()) {
            error(at(*n), "test.wrong-type", std::string(what) + " must be a list");
            return out;
        }
        for (const auto& item : n->items) {
            if (item.is_scalar())
                out.push_back(item.value);
            else
                error(at(item), "test.wrong-type", std::string(what) + " must list single values");
        }
        return out;
    }

    void check_measure(const yaml_node& where, const std::string& id) {
        if (rules_.find_measure(id) == nullptr)
            error(at(where), "test.unknown-id", "no measure \"" + id + "\" in the rule set");
    }
    void check_exemption(const yaml_node& where, const std::string& id) {
        if (rules_.find_exemption(id) == nullptr)
            error(at(where), "test.unknown-id", "no exemption \"" + id + "\" in the rule set");
    }
    std::optional<status> status_of(const yaml_node* n) {
        if (n == nullptr || !n->is_scalar()) {
            if (n != nullptr) error(at(*n), "test.wrong-type", "a verdict is a single value");
            return std::nullopt;
        }
        auto s = parse_status(n->value);
        if (!s)
            error(at(*n), "test.bad-status",
                  "\"" + n->value +
                      "\" is no verdict; expected prohibited, indeterminate, capped, "
                      "carved_out or unrestricted");
        return s;
    }

    void read_file(const yaml_node& doc) {
        if (!doc.is_map() || doc.find("tests") == nullptr || !doc.find("tests")->is_sequence()) {
            error(at(doc), "test.wrong-type",
                  "a rule-test file is a map with a list under `tests:`");
            return;
        }
        keys(doc, {"tests"}, "a rule-test file");
        for (const auto& item : doc.find("tests")->items) read_test(item);
    }

    void read_test(const yaml_node& n) {
        if (!n.is_map()) {
            error(at(n), "test.wrong-type", "a rule test is a map with name, record and expect");
            return;
        }
        keys(n, {"name", "source", "record", "expect"}, "a rule test");
        rule_test t;
        t.where = at(n);
        const std::size_t errors_before = suite_.diagnostics.size();
        if (const auto* name = n.find("name"); name != nullptr && name->is_scalar())
            t.name = name->value;
        else
            error(at(n), "test.missing-key", "a rule test needs a name");
        if (const auto* source = n.find("source"); source != nullptr) {
            if (source->is_scalar())
                t.source = source->value;
            else
                error(at(*source), "test.wrong-type",
                      "a rule test's source is one text: where the expectation comes from");
        }
        const yaml_node* record = n.find("record");
        if (record == nullptr) {
            error(at(n), "test.missing-key", "test \"" + t.name + "\" has no record");
        } else if (auto r = detail::read_record(*record, file_, rules_, suite_.diagnostics)) {
            t.record = std::move(*r).release();
        }
        const yaml_node* expect = n.find("expect");
        if (expect == nullptr || !expect->is_map()) {
            error(at(n), "test.missing-key", "test \"" + t.name + "\" has no expect: map");
            return;
        }
        keys(*expect, {"verdict", "measures", "citations", "exemption", "absent", "findings"},
             "expect");
        if (auto s = status_of(expect->find("verdict")))
            t.verdict = *s;
        else if (expect->find("verdict") == nullptr)
            error(at(*expect), "test.missing-key", "expect needs a verdict");
        t.measures = list(expect->find("measures"), "measures");
        t.citations = list(expect->find("citations"), "citations");
        t.absent = list(expect->find("absent"), "absent");
        for (const auto& id : t.measures) check_measure(*expect, id);
        for (const auto& id : t.absent) check_measure(*expect, id);
        if (const auto* e = expect->find("exemption"); e != nullptr && e->is_scalar()) {
            t.exemption = e->value;
            check_exemption(*e, e->value);
        }
        if (const auto* fs = expect->find("findings"); fs != nullptr && fs->is_sequence()) {
            for (const auto& f : fs->items) {
                if (!f.is_map() || f.find("measure") == nullptr) {
                    error(at(f), "test.wrong-type",
                          "a finding is a map with measure, and optionally status and exemption");
                    continue;
                }
                keys(f, {"measure", "status", "exemption"}, "a finding");
                expected_finding ef;
                ef.measure = f.find("measure")->value;
                check_measure(f, ef.measure);
                if (const auto* s = f.find("status")) ef.status = status_of(s);
                if (const auto* e = f.find("exemption")) {
                    ef.exemption = e->value;
                    check_exemption(*e, e->value);
                }
                t.findings.push_back(std::move(ef));
            }
        }
        if (suite_.diagnostics.size() == errors_before) suite_.tests.push_back(std::move(t));
    }

    const rule_set& rules_;
    rule_test_suite& suite_;
    std::string file_;
};

std::string summary(const verdict& v, const rule_set& rules, const trade_record& r) {
    std::string out = std::string(to_string(v.status));
    for (const auto& f : v.findings) {
        out += "; " + rules.measures()[f.measure].id + " " + std::string(to_string(f.status));
        if (f.exemption != no_exemption) out += " via " + rules.exemptions()[f.exemption].id;
        if (f.status == status::indeterminate) out += " (" + describe(f, rules, r) + ")";
    }
    return out;
}

}  // namespace

rule_test_suite load_rule_tests(const rule_set& rules, const std::filesystem::path& regime_dir,
                                const load_limits& limits) {
    rule_test_suite suite;
    detail::filesystem_source source;
    test_reader(rules, suite).read_dir(source, regime_dir.generic_string(), limits);
    return suite;
}

rule_test_suite load_rule_tests(const rule_set& rules, const std::vector<rule_source>& sources,
                                std::string_view regime_dir, const load_limits& limits) {
    rule_test_suite suite;
    detail::memory_source source(sources);
    test_reader(rules, suite).read_dir(source, std::string(regime_dir), limits);
    return suite;
}

std::size_t rule_test_report::failed() const noexcept {
    return static_cast<std::size_t>(std::count_if(
        results.begin(), results.end(), [](const rule_test_result& r) { return !r.passed(); }));
}

rule_test_report run_rule_tests(const engine& e, const rule_test_suite& suite) {
    const rule_set& rules = e.rules();
    rule_test_report report;
    std::set<std::string, std::less<>> covered_measures, covered_exemptions;
    for (const auto& t : suite.tests) {
        rule_test_result result;
        result.test = &t;
        auto fail = [&](const std::string& what) { result.failures.push_back(what); };
        // Checked again by the engine's own rule set, which may not be the
        // one the suite was read against.
        const auto checked = rules.check(t.record);
        if (!checked) {
            for (const auto& d : checked.diagnostics())
                fail("the record does not check against the rules: " + d.message);
            report.results.push_back(std::move(result));
            continue;
        }
        e.evaluate(*checked, result.got);
        const verdict& v = result.got;
        const auto finding_for = [&](std::string_view measure) -> const finding* {
            for (const auto& f : v.findings)
                if (rules.measures()[f.measure].id == measure) return &f;
            return nullptr;
        };
        const auto exemption_id = [&](const finding& f) {
            return f.exemption == no_exemption ? std::string("none")
                                               : rules.exemptions()[f.exemption].id;
        };
        if (v.status != t.verdict)
            fail("expected " + std::string(to_string(t.verdict)) + ", got " +
                 std::string(to_string(v.status)));
        for (const auto& m : t.measures) {
            const finding* f = finding_for(m);
            if (f == nullptr || f->status != t.verdict)
                fail("expected a " + std::string(to_string(t.verdict)) + " finding for " + m);
        }
        for (const auto& c : t.citations) {
            const bool cited =
                std::any_of(v.findings.begin(), v.findings.end(), [&](const finding& f) {
                    return f.status == t.verdict && rules.measures()[f.measure].citation == c;
                });
            if (!cited)
                fail("expected a " + std::string(to_string(t.verdict)) + " finding citing " + c);
        }
        if (t.exemption) {
            const bool used =
                std::any_of(v.findings.begin(), v.findings.end(),
                            [&](const finding& f) { return exemption_id(f) == *t.exemption; });
            if (!used) fail("expected exemption " + *t.exemption + " in a finding");
        }
        for (const auto& m : t.absent)
            if (finding_for(m) != nullptr) fail("expected no finding for " + m);
        for (const auto& ef : t.findings) {
            const finding* f = finding_for(ef.measure);
            if (f == nullptr) {
                fail("expected a finding for " + ef.measure);
                continue;
            }
            if (ef.status && f->status != *ef.status)
                fail(ef.measure + ": expected " + std::string(to_string(*ef.status)) + ", got " +
                     std::string(to_string(f->status)));
            if (ef.exemption && exemption_id(*f) != *ef.exemption)
                fail(ef.measure + ": expected exemption " + *ef.exemption + ", got " +
                     exemption_id(*f));
        }
        if (!result.failures.empty()) {
            result.failures.push_back("got " + summary(v, rules, t.record));
        } else {
            for (const auto& m : t.measures) covered_measures.insert(m);
            for (const auto& ef : t.findings) {
                covered_measures.insert(ef.measure);
                if (ef.exemption) covered_exemptions.insert(*ef.exemption);
            }
            if (t.exemption) covered_exemptions.insert(*t.exemption);
        }
        report.results.push_back(std::move(result));
    }
    report.measure_count = rules.measures().size();
    report.exemption_count = rules.exemptions().size();
    for (const auto& m : rules.measures())
        if (!covered_measures.contains(m.id)) report.uncovered_measures.push_back(m.id);
    for (const auto& ex : rules.exemptions())
        if (!covered_exemptions.contains(ex.id)) report.uncovered_exemptions.push_back(ex.id);
    return report;
}

}  // namespace embargo
