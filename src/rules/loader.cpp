// The rule loader: YAML files in, a checked, immutable rule_set out.
//
// It reads like a careful reviewer: every key is checked against the schema
// (rules/README.md), every value against its type, every code against the HS
// edition, every expression against the declared facts, every id against the
// others. It keeps going after an error so that one run reports them all,
// and it returns no rule set at all if any error was found: a half-loaded law
// must never judge a record.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>

#include "embargo/rules.hpp"

#include "base/text.hpp"
#include "rules/relation_graph.hpp"
#include "rules/rule_sources.hpp"
#include "rules/yaml_document.hpp"

namespace embargo {

namespace {

using detail::yaml_node;

constexpr std::string_view regime_file_name = "regime.yaml";

constexpr auto& in_quotes = detail::quoted;
using detail::join;

// FNV-1a: a stable fingerprint of the rule files for `--version`, not a
// security hash; a collision would only make two revisions print alike.
std::uint64_t fnv1a(std::string_view data, std::uint64_t h = 14695981039346656037ULL) {
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

// A fact name must be usable in a condition: lower case, not a keyword.
bool valid_fact_name(std::string_view s) {
    for (std::string_view keyword : {"and", "or", "not", "in", "true", "false"})
        if (s == keyword) return false;
    if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) ||
               std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

}  // namespace

// Reads regimes into one rule set. A class so that the many small readers
// share the diagnostics sink, the current file and regime, and the rule set
// under construction.
class rule_loader {
public:
    rule_loader(const detail::rule_file_source& source, const load_limits& limits,
                const load_options& options)
        : source_(source), limits_(limits), options_(options) {}

    rules_result load(const std::vector<std::string>& requested);

private:
    // ---- diagnostics -------------------------------------------------------
    void error(const source_location& where, std::string id, std::string message) {
        diagnostics_.push_back({std::move(id), severity::error, where, std::move(message)});
    }
    void warning(const source_location& where, std::string id, std::string message) {
        diagnostics_.push_back({std::move(id), severity::warning, where, std::move(message)});
    }
    source_location at(const yaml_node& n) const { return {file_, n.line, n.column}; }
    // The place of byte `offset` inside scalar `n`, for errors of the small
    // parsers (selectors, conditions, dates). Exact for plain and one-line
    // quoted scalars, which is how rules write them.
    source_location at(const yaml_node& n, std::size_t offset) const {
        return {file_, n.line, n.column + static_cast<int>(offset) + (n.quoted ? 1 : 0)};
    }
    void parse_failure(const yaml_node& n, const diagnostic& e, std::string_view what) {
        error(at(n, e.where.offset), e.id, std::string(what) + ": " + e.message);
    }

    // ---- schema helpers ----------------------------------------------------
    bool expect_map(const yaml_node& n, std::string_view what) {
        if (n.is_map()) return true;
        error(at(n), "rules.wrong-type", std::string(what) + " must be a map of keys");
        return false;
    }
    void check_keys(const yaml_node& map, std::initializer_list<std::string_view> allowed,
                    std::string_view what) {
        for (const auto& [key, value] : map.entries) {
            if (std::find(allowed.begin(), allowed.end(), key.value) != allowed.end()) continue;
            error(at(key), "rules.unknown-key",
                  "unknown key " + in_quotes(key.value) + " in " + std::string(what) +
                      "; expected one of: " + join(allowed, ", "));
        }
    }
    const yaml_node* require(const yaml_node& map, std::string_view key, std::string_view what) {
        const yaml_node* n = map.find(key);
        if (n == nullptr || n->is_null())
            error(at(map), "rules.missing-key",
                  std::string(what) + " has no " + in_quotes(key) + "; it is required");
        return n != nullptr && !n->is_null() ? n : nullptr;
    }
    std::optional<std::string> text(const yaml_node* n, std::string_view what) {
        if (n == nullptr || n->is_null()) return std::nullopt;
        if (!n->is_scalar()) {
            error(at(*n), "rules.wrong-type",
                  std::string(what) + " must be a single value, not a " +
                      (n->is_map() ? "map" : "list"));
            return std::nullopt;
        }
        return n->value;
    }
    // An id as written; an empty one (`id: ""`) is an error, since an item
    // without an id is left out of the rule set.
    std::string checked_id(const std::string& id, const yaml_node& where) {
        if (id.empty()) error(at(where), "rules.bad-value", "an id must not be empty");
        return id;
    }
    std::optional<day> date(const yaml_node* n, std::string_view what) {
        auto s = text(n, what);
        if (!s) return std::nullopt;
        auto d = parse_day(*s);
        if (!d) {
            parse_failure(*n, d.error(), what);
            return std::nullopt;
        }
        return d.value();
    }
    std::optional<country_code> country(const yaml_node* n, std::string_view what) {
        auto s = text(n, what);
        if (!s) return std::nullopt;
        auto c = country_code::parse(*s);
        if (!c) {
            parse_failure(*n, c.error(), what);
            return std::nullopt;
        }
        return *c;
    }
    std::optional<double> number(const yaml_node* n, std::string_view what) {
        auto s = text(n, what);
        if (!s) return std::nullopt;
        std::string digits;
        for (char c : *s)
            if (c != '_') digits += c;  // YAML-style digit grouping: 400_870_018
        double v = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(v)) {
            error(at(*n), "rules.bad-number",
                  std::string(what) + " must be a finite decimal number, not " + in_quotes(*s));
            return std::nullopt;
        }
        return v;
    }
    std::optional<bool> boolean(const yaml_node* n, std::string_view what) {
        auto s = text(n, what);
        if (!s) return std::nullopt;
        if (*s == "true") return true;
        if (*s == "false") return false;
        error(at(*n), "rules.bad-value",
              std::string(what) + " must be true or false, not " + in_quotes(*s));
        return std::nullopt;
    }
    // A list of scalars; a single scalar is accepted as a list of one.
    std::vector<std::pair<std::string, const yaml_node*>> texts(const yaml_node* n,
                                                                std::string_view what) {
        std::vector<std::pair<std::string, const yaml_node*>> out;
        if (n == nullptr || n->is_null()) return out;
        if (n->is_scalar()) {
            out.emplace_back(n->value, n);
            return out;
        }
        if (!n->is_sequence()) {
            error(at(*n), "rules.wrong-type", std::string(what) + " must be a list of values");
            return out;
        }
        for (const auto& item : n->items) {
            if (auto s = text(&item, what)) out.emplace_back(*s, &item);
        }
        return out;
    }
    std::optional<goods_selector> selector(const yaml_node* n, std::string_view what) {
        auto s = text(n, what);
        if (!s) return std::nullopt;
        auto parsed = goods_selector::parse(*s, edition_, &scope().goods, limits_.selector);
        if (!parsed) {
            parse_failure(*n, parsed.error(), what);
            return std::nullopt;
        }
        return std::move(parsed).value();
    }
    std::optional<condition> expression(const yaml_node* n, std::string_view what) {
        auto s = text(n, what);
        if (!s) return std::nullopt;
        auto parsed = condition::parse(*s, set_.facts_, limits_.condition);
        if (!parsed) {
            parse_failure(*n, parsed.error(), what);
            return std::nullopt;
        }
        used_facts_ |= parsed->facts_read();
        return std::move(parsed).value();
    }
    std::vector<std::string> note_ids(const yaml_node* n) {
        std::vector<std::string> out;
        for (auto& [id, node] : texts(n, "notes")) {
            const auto& notes = set_.regimes_[current_].notes;
            if (notes.find(id) == notes.end())
                error(at(*node), "rules.unknown-note",
                      "note " + in_quotes(id) +
                          " is not defined under `notes:` in regime.yaml or a shared file it uses");
            out.push_back(id);
        }
        return out;
    }
    // `sources:` of a measure or exemption: a list of {ref, read, note}.
    std::vector<rule_source_ref> sources(const yaml_node* n) {
        std::vector<rule_source_ref> out;
        if (n == nullptr || n->is_null()) return out;
        if (!n->is_sequence()) {
            error(at(*n), "rules.wrong-type", "sources must be a list of {ref, read, note}");
            return out;
        }
        for (const auto& item : n->items) {
            if (!expect_map(item, "a source")) continue;
            check_keys(item, {"ref", "read", "note"}, "a source");
            rule_source_ref src;
            src.where = at(item);
            if (auto r = text(require(item, "ref", "a source"), "ref")) src.ref = *r;
            if (const yaml_node* read = require(item, "read", "a source")) {
                if (auto r = text(read, "read")) {
                    if (*r == "verbatim")
                        src.read = source_reading::verbatim;
                    else if (*r == "summary")
                        src.read = source_reading::summary;
                    else if (*r == "unverified")
                        src.read = source_reading::unverified;
                    else
                        error(at(*read), "rules.bad-value",
                              "read " + in_quotes(*r) +
                                  " is not one of verbatim (the wording itself was read), summary "
                                  "(only a "
                                  "summary), unverified (recalled or inferred)");
                }
            }
            if (auto t = text(item.find("note"), "note")) src.note = *t;
            if (src.read == source_reading::unverified && src.note.empty())
                error(at(item), "rules.missing-key",
                      "an unverified source has no " + in_quotes("note") +
                          "; say what it would take to verify it");
            out.push_back(std::move(src));
        }
        return out;
    }
    std::vector<disputed_scope> disputed(const yaml_node* n) {
        std::vector<disputed_scope> out;
        if (n == nullptr || n->is_null()) return out;
        if (!n->is_sequence()) {
            error(at(*n), "rules.wrong-type", "disputed must be a list of {goods, note}");
            return out;
        }
        for (const auto& item : n->items) {
            if (!expect_map(item, "a disputed scope")) continue;
            check_keys(item, {"goods", "note"}, "a disputed scope");
            disputed_scope d;
            d.where = at(item);
            if (auto g = selector(require(item, "goods", "a disputed scope"), "disputed goods"))
                d.goods = std::move(*g);
            if (const auto* note = require(item, "note", "a disputed scope")) {
                auto ids = note_ids(note);
                if (!ids.empty()) d.note = ids.front();
            }
            out.push_back(std::move(d));
        }
        return out;
    }
    void validity_of(const yaml_node& map, validity& v, std::string_view what) {
        if (auto from = date(map.find("from"), "from")) v.from = *from;
        if (auto until = date(map.find("until"), "until")) v.until = *until;
        if (v.empty())
            error(at(map), "rules.bad-validity",
                  std::string(what) + " ends (" + to_string(v.until) + ") before it starts (" +
                      to_string(v.from) + ")");
    }

    // ---- the files ---------------------------------------------------------
    std::optional<yaml_node> read_yaml(const std::string& path);
    void read_regime(const yaml_node& doc, const std::string& regime_dir);
    void read_library(const std::string& path, const yaml_node& where);
    void read_notes(const yaml_node* notes);
    void read_named_goods(const yaml_node& doc);
    void read_templates(const yaml_node& doc);
    bool read_nomenclature(const std::string& dir, const yaml_node& where);
    void read_fact(const yaml_node& key, const yaml_node& value);
    void read_instrument(const yaml_node& doc);
    void read_measure(const yaml_node& n, instrument& owner);
    void read_exemption(const yaml_node& n, instrument& owner);
    std::optional<quota> read_quota(const yaml_node& n);
    void resolve();

    // A reference to an id, checked once every file is read.
    struct reference {
        std::string target;
        source_location where;
        std::string from;
        std::string kind;  // the key it was written under
    };

    // An exemption template of a shared file (`exemptions:` there).
    struct exemption_template {
        std::optional<goods_selector> goods;
        std::vector<disputed_scope> disputed;
        std::optional<condition> when;
        std::string summary;
        std::vector<std::string> notes;
    };
    // What one regime's files see besides the shared facts: the named goods
    // and templates of its shared files and its own, its files.
    struct regime_scope {
        std::string dir;
        std::string regime_file;
        std::optional<yaml_node> regime_doc;
        std::vector<std::string> libraries;  // paths into libraries_
        goods_selector::named_goods goods;
        std::map<std::string, exemption_template, std::less<>> templates;
    };
    regime_scope& scope() { return scopes_[current_]; }
    void reading(const std::string& path) { file_ = path; }

    const detail::rule_file_source& source_;
    const load_limits& limits_;
    const load_options& options_;
    std::vector<regime_scope> scopes_;
    std::uint32_t current_ = 0;                                // the regime being read
    std::map<std::string, yaml_node, std::less<>> libraries_;  // shared files, read once
    std::string nomenclature_dir_;            // the first regime's; the others must name it too
    std::vector<reference> references_;       // to measures
    std::vector<reference> instrument_refs_;  // to instruments
    std::vector<diagnostic> diagnostics_;
    std::string file_;  // the file being read, for diagnostics
    rule_set set_;
    const hs_edition* edition_ = nullptr;
    std::uint64_t used_facts_ = 0;
    std::uint64_t revision_ = 14695981039346656037ULL;
    // Where each id was defined, for duplicate and reference errors.
    std::map<std::string, source_location, std::less<>> defined_;
};

std::optional<yaml_node> rule_loader::read_yaml(const std::string& path) {
    std::string why;
    auto content = source_.read(path, limits_.max_file_bytes, why);
    file_ = path;
    if (!content) {
        const bool too_large = source_.size(path).value_or(0) > limits_.max_file_bytes;
        error({path, 0, 0}, too_large ? "yaml.too-large" : "rules.io", why);
        return std::nullopt;
    }
    revision_ = fnv1a(path.substr(path.rfind('/') + 1), revision_);
    revision_ = fnv1a(*content, revision_);
    set_.files_.push_back(path);
    detail::yaml_limits yl{limits_.max_file_bytes, limits_.max_depth, limits_.max_nodes};
    return detail::parse_yaml(*content, path, yl, diagnostics_);
}

bool rule_loader::read_nomenclature(const std::string& dir, const yaml_node& where) {
    std::string why;
    const std::string sections_path = detail::join_path(dir, "sections.csv");
    const std::size_t max_csv = limits_.max_nomenclature_bytes;
    // A file over the limit has its own id, so that the option to raise it
    // can be named; any other failure to read is rules.nomenclature.
    const auto read_failure = [&](const std::string& path, const std::string& what) {
        if (source_.size(path).value_or(0) > max_csv)
            error(at(where), "rules.nomenclature-too-large", what);
        else
            error(at(where), "rules.nomenclature", what);
    };
    auto sections = source_.read(sections_path, max_csv, why);
    if (!sections) {
        read_failure(sections_path, "cannot read the HS sections: " + why);
        return false;
    }
    bool any = false;
    const auto is_year = [](const std::string& s, std::size_t at) {
        return s.size() >= at + 4 &&
               std::all_of(s.begin() + static_cast<std::ptrdiff_t>(at),
                           s.begin() + static_cast<std::ptrdiff_t>(at + 4),
                           [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    for (const auto& path : source_.files(dir)) {
        const std::string name = path.substr(path.rfind('/') + 1);
        // hs2022_hs2017_correlation.csv: the UNSD table linking two editions.
        if (name.size() == 29 && name.compare(0, 2, "hs") == 0 && is_year(name, 2) &&
            name.compare(6, 3, "_hs") == 0 && is_year(name, 9) &&
            name.compare(13, 16, "_correlation.csv") == 0) {
            auto csv = source_.read(path, max_csv, why);
            if (!csv) {
                error(at(where), "rules.nomenclature", "cannot read " + path + ": " + why);
                continue;
            }
            revision_ = fnv1a(name, revision_);
            revision_ = fnv1a(*csv, revision_);
            auto table = hs_correlation::read("HS" + name.substr(2, 4), "HS" + name.substr(9, 4),
                                              *csv, path);
            for (auto& d : table.diagnostics()) diagnostics_.push_back(d);
            if (table) set_.catalogue_.add(std::move(*table));
            continue;
        }
        // hs2012.csv, hs2017.csv, hs2022.csv: the edition is in the name.
        if (name.size() != 10 || name.compare(0, 2, "hs") != 0 || name.compare(6, 4, ".csv") != 0 ||
            !std::all_of(name.begin() + 2, name.begin() + 6,
                         [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            continue;
        auto csv = source_.read(path, max_csv, why);
        if (!csv) {
            read_failure(path, "cannot read " + path + ": " + why);
            continue;
        }
        revision_ = fnv1a(name, revision_);
        revision_ = fnv1a(*csv, revision_);
        std::string edition_name = "HS" + name.substr(2, 4);
        auto edition = hs_edition::read(edition_name, *csv, path, *sections, sections_path);
        for (auto& d : edition.diagnostics()) diagnostics_.push_back(d);
        if (edition) {
            set_.catalogue_.add(std::move(*edition));
            any = true;
        }
    }
    if (!any)
        error(at(where), "rules.nomenclature",
              "no HS nomenclature (hs2012.csv, hs2017.csv, ...) found in " + dir);
    return any;
}

void rule_loader::read_fact(const yaml_node& key, const yaml_node& value) {
    fact_declaration decl;
    decl.name = key.value;
    decl.where = at(key);
    if (!valid_fact_name(decl.name)) {
        error(at(key), "rules.bad-value",
              "fact name " + in_quotes(decl.name) +
                  " must be lower case letters, digits and _, and not a keyword of conditions");
        return;
    }
    if (!expect_map(value, "fact " + in_quotes(decl.name))) return;
    check_keys(value, {"type", "meaning", "default", "values"}, "a fact");
    if (auto type = text(require(value, "type", "fact " + in_quotes(decl.name)), "type")) {
        static constexpr std::array<std::pair<std::string_view, fact_type>, 5> types{
            {{"boolean", fact_type::boolean},
             {"number", fact_type::number},
             {"text", fact_type::text},
             {"date", fact_type::date},
             {"country", fact_type::country}}};
        const auto it =
            std::find_if(types.begin(), types.end(), [&](auto& t) { return t.first == *type; });
        if (it == types.end()) {
            error(at(*value.find("type")), "rules.bad-value",
                  "fact type " + in_quotes(*type) +
                      " is not one of boolean, number, text, date, country");
            return;
        }
        decl.type = it->second;
    } else {
        return;
    }
    if (auto meaning = text(require(value, "meaning", "fact " + in_quotes(decl.name)), "meaning"))
        decl.meaning = *meaning;
    for (auto& [v, node] : texts(value.find("values"), "values")) {
        if (decl.type != fact_type::text) {
            error(at(*node), "rules.bad-value",
                  "only text facts take `values`; " + in_quotes(decl.name) + " is " +
                      std::string(to_string(decl.type)));
            break;
        }
        decl.values.push_back(v);
    }
    if (const yaml_node* def = value.find("default"); def != nullptr && !def->is_null()) {
        if (auto s = text(def, "default")) {
            auto v = parse_fact_value(*s, decl.type);
            if (!v) {
                parse_failure(*def, v.error(), "default of " + decl.name);
            } else {
                if (!decl.values.empty() &&
                    std::find(decl.values.begin(), decl.values.end(), v->text) == decl.values.end())
                    error(at(*def), "rules.bad-value",
                          "default " + in_quotes(*s) + " is not among the fact's values");
                decl.default_value = std::move(v).value();
            }
        }
    }
    auto& names = set_.regimes_[current_].facts;
    if (const auto id = set_.facts_.find(decl.name)) {
        // One name is one fact across regimes and shared files: a record's
        // fact is read by every regime that declares it, so every
        // declaration must read it alike.
        const fact_declaration& first = set_.facts_.at(*id);
        if (first.builtin) {
            error(at(key), "rules.duplicate-id",
                  "fact " + in_quotes(decl.name) + " is built in; do not declare it");
            return;
        }
        if (first.type != decl.type || first.values != decl.values ||
            first.default_value != decl.default_value) {
            error(at(key), "rules.fact-conflict",
                  "fact " + in_quotes(decl.name) + " is declared at " + first.where.file + ":" +
                      std::to_string(first.where.line) +
                      " with another type, values or default; regimes loaded together share "
                      "a fact by name, so its declarations must agree");
            return;
        }
        if (std::find(names.begin(), names.end(), decl.name) == names.end())
            names.push_back(decl.name);
        return;
    }
    if (set_.facts_.size() >= max_facts) {
        error(at(key), "rules.too-many-facts",
              "the regimes loaded together may declare at most " +
                  std::to_string(max_facts - builtin_fact_count) + " facts");
        return;
    }
    names.push_back(decl.name);
    set_.facts_.add(std::move(decl));
}

void rule_loader::read_regime(const yaml_node& doc, const std::string& regime_dir) {
    if (!expect_map(doc, "regime.yaml")) return;
    check_keys(doc,
               {"regime", "title", "target", "hs_edition", "nomenclature", "uses", "verified",
                "facts", "notes", "goods", "not_screened"},
               "regime.yaml");
    auto& r = set_.regimes_[current_];
    r.where = at(doc);
    if (auto name = text(require(doc, "regime", "regime.yaml"), "regime")) r.name = *name;
    if (auto title = text(doc.find("title"), "title")) r.title = *title;
    if (auto t = country(require(doc, "target", "regime.yaml"), "target")) r.target = *t;
    if (auto v = date(doc.find("verified"), "verified")) r.verified = *v;
    // Notes first: facts do not cite them, measures do.
    read_notes(doc.find("notes"));
    for (auto& [path, node] : texts(doc.find("uses"), "uses")) {
        r.uses.push_back(path);
        const std::string saved = file_;
        read_library(detail::join_path(regime_dir, path), *node);
        reading(saved);
    }
    for (auto& [item, node] : texts(doc.find("not_screened"), "not_screened"))
        r.not_screened.push_back(item);
    if (const yaml_node* facts = doc.find("facts"); facts != nullptr && !facts->is_null()) {
        if (expect_map(*facts, "facts")) {
            for (const auto& [key, value] : facts->entries) read_fact(key, value);
        }
    }
    const yaml_node* nomenclature = require(doc, "nomenclature", "regime.yaml");
    const yaml_node* edition = require(doc, "hs_edition", "regime.yaml");
    if (nomenclature == nullptr || edition == nullptr) return;
    auto dir = text(nomenclature, "nomenclature");
    auto name = text(edition, "hs_edition");
    if (!dir || !name) return;
    const std::string nomenclature_dir = detail::join_path(regime_dir, *dir);
    r.hs_edition = *name;
    if (current_ > 0) {
        // Regimes judged together read one nomenclature in one edition: a
        // finding's codes, and a record's translation, must mean one thing.
        if (nomenclature_dir != nomenclature_dir_ || *name != set_.hs_edition_)
            error(at(*edition), "rules.edition-mismatch",
                  "regime " + in_quotes(r.name) + " names codes in " + *name + " from " +
                      nomenclature_dir + "; the regimes loaded with it use " + set_.hs_edition_ +
                      " from " + nomenclature_dir_ +
                      ", and regimes loaded together must share both");
        return;
    }
    const std::string saved = file_;
    if (!read_nomenclature(nomenclature_dir, *nomenclature)) return;
    file_ = saved;
    nomenclature_dir_ = nomenclature_dir;
    set_.hs_edition_ = *name;
    edition_ = set_.catalogue_.find(*name);
    if (edition_ == nullptr) {
        std::vector<std::string_view> known;
        for (const auto& e : set_.catalogue_.editions()) known.push_back(e.name());
        error(at(*edition), "rules.unknown-edition",
              "HS edition " + in_quotes(*name) + " is not in the nomenclature; it has " +
                  join(known, ", "));
    }
}

void rule_loader::read_notes(const yaml_node* notes) {
    if (notes == nullptr || notes->is_null() || !expect_map(*notes, "notes")) return;
    auto& known = set_.regimes_[current_].notes;
    for (const auto& [key, value] : notes->entries) {
        auto t = text(&value, "note " + key.value);
        if (!t) continue;
        if (!known.emplace(key.value, *t).second)
            error(at(key), "rules.duplicate-id",
                  "note " + in_quotes(key.value) +
                      " is defined both by the regime and by a shared file it uses");
    }
}

// A shared file (`uses:`): its facts and notes join the regime's now; its
// named goods and templates are read with the regime's own, once the
// nomenclature and every fact are known (read_named_goods, read_templates).
void rule_loader::read_library(const std::string& path, const yaml_node& where) {
    const std::string normal = detail::normal_path(path);
    auto& libs = scope().libraries;
    if (std::find(libs.begin(), libs.end(), normal) != libs.end()) return;
    if (!libraries_.contains(normal)) {
        auto files = source_.yaml_files(normal.substr(0, normal.rfind('/')));
        if (std::find(files.begin(), files.end(), normal) == files.end()) {
            error(at(where), "rules.io", "the shared file " + normal + " does not exist");
            return;
        }
        auto doc = read_yaml(normal);
        if (!doc) return;
        libraries_.emplace(normal, std::move(*doc));
    }
    const yaml_node& doc = libraries_.at(normal);
    reading(normal);
    if (!expect_map(doc, "a shared file")) return;
    check_keys(doc, {"library", "title", "facts", "notes", "goods", "exemptions"}, "a shared file");
    require(doc, "library", "a shared file");
    libs.push_back(normal);
    read_notes(doc.find("notes"));
    if (const yaml_node* facts = doc.find("facts"); facts != nullptr && !facts->is_null()) {
        if (expect_map(*facts, "facts")) {
            for (const auto& [key, value] : facts->entries) read_fact(key, value);
        }
    }
}

// `goods:` of a shared file or regime.yaml: names for sets of goods that
// selectors write `@name`. A name may use the names defined before it.
void rule_loader::read_named_goods(const yaml_node& doc) {
    const yaml_node* goods = doc.find("goods");
    if (goods == nullptr || goods->is_null() || !expect_map(*goods, "goods")) return;
    for (const auto& [key, value] : goods->entries) {
        if (key.value.empty() || !std::all_of(key.value.begin(), key.value.end(), [](char c) {
                return std::islower(static_cast<unsigned char>(c)) ||
                       std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
            })) {
            error(at(key), "rules.bad-value",
                  "a goods name must be lower case letters, digits, '-' and '_', not " +
                      in_quotes(key.value));
            continue;
        }
        auto g = selector(&value, "goods " + in_quotes(key.value));
        if (!g) continue;
        if (!scope().goods.emplace(key.value, std::move(*g)).second)
            error(at(key), "rules.duplicate-id",
                  "goods " + in_quotes(key.value) +
                      " are named twice among the regime and the shared files it uses");
    }
}

void rule_loader::read_templates(const yaml_node& doc) {
    const yaml_node* list = doc.find("exemptions");
    if (list == nullptr || list->is_null() || !expect_map(*list, "exemptions of a shared file"))
        return;
    for (const auto& [key, value] : list->entries) {
        if (!expect_map(value, "exemption template " + in_quotes(key.value))) continue;
        check_keys(value, {"summary", "goods", "disputed", "when", "notes"},
                   "an exemption template");
        exemption_template t;
        if (auto s = text(value.find("summary"), "summary")) t.summary = *s;
        if (const yaml_node* g = value.find("goods"); g != nullptr && !g->is_null())
            t.goods = selector(g, "goods");
        t.disputed = disputed(value.find("disputed"));
        t.when = expression(value.find("when"), "when");
        t.notes = note_ids(value.find("notes"));
        if (!scope().templates.emplace(key.value, std::move(t)).second)
            error(at(key), "rules.duplicate-id",
                  "exemption template " + in_quotes(key.value) +
                      " is defined by two shared files the regime uses");
    }
}

std::optional<quota> rule_loader::read_quota(const yaml_node& n) {
    if (!expect_map(n, "quota")) return std::nullopt;
    check_keys(n, {"limits", "period", "start", "conversions"}, "a quota");
    quota q;
    bool ok = true;
    const yaml_node* limits = require(n, "limits", "a quota");
    if (limits != nullptr) {
        if (!limits->is_sequence() || limits->items.empty()) {
            error(at(*limits), "rules.bad-quota",
                  "a quota needs a list of at least one {amount, unit}");
            ok = false;
        } else {
            for (const auto& item : limits->items) {
                if (!expect_map(item, "a quota limit")) {
                    ok = false;
                    continue;
                }
                check_keys(item, {"amount", "unit"}, "a quota limit");
                quota_limit l;
                auto amount = number(require(item, "amount", "a quota limit"), "amount");
                if (amount && *amount <= 0) {
                    error(at(*item.find("amount")), "rules.bad-number",
                          "a quota amount must be positive");
                    amount.reset();
                }
                if (amount)
                    l.amount = *amount;
                else
                    ok = false;
                const yaml_node* u = require(item, "unit", "a quota limit");
                if (auto s = text(u, "unit")) {
                    auto parsed = parse_unit(*s);
                    if (parsed)
                        l.unit = *parsed;
                    else {
                        parse_failure(*u, parsed.error(), "unit");
                        ok = false;
                    }
                } else {
                    ok = false;
                }
                q.limits.push_back(l);
            }
        }
    } else {
        ok = false;
    }
    if (auto p = text(require(n, "period", "a quota"), "period")) {
        if (*p == "calendar-year")
            q.period = quota_period::calendar_year;
        else if (*p == "12-months")
            q.period = quota_period::twelve_months;
        else if (*p == "once")
            q.period = quota_period::once;
        else {
            error(
                at(*n.find("period")), "rules.bad-value",
                "quota period " + in_quotes(*p) + " is not one of calendar-year, 12-months, once");
            ok = false;
        }
    } else {
        ok = false;
    }
    if (auto start = date(require(n, "start", "a quota"), "start"))
        q.start = *start;
    else
        ok = false;
    if (const yaml_node* conv = n.find("conversions"); conv != nullptr && !conv->is_null()) {
        if (!conv->is_sequence()) {
            error(at(*conv), "rules.wrong-type",
                  "conversions must be a list of {from, to, factor, source}");
            ok = false;
        } else {
            for (const auto& item : conv->items) {
                if (!expect_map(item, "a unit conversion")) {
                    ok = false;
                    continue;
                }
                check_keys(item, {"from", "to", "factor", "source"}, "a unit conversion");
                unit_conversion c;
                bool good = true;
                for (auto [key, target] : {std::pair{"from", &c.from}, std::pair{"to", &c.to}}) {
                    const yaml_node* u = require(item, key, "a unit conversion");
                    auto s = text(u, key);
                    if (!s) {
                        good = false;
                        continue;
                    }
                    auto parsed = parse_unit(*s);
                    if (parsed)
                        *target = *parsed;
                    else {
                        parse_failure(*u, parsed.error(), key);
                        good = false;
                    }
                }
                auto factor = number(require(item, "factor", "a unit conversion"), "factor");
                if (factor && *factor <= 0) {
                    error(at(*item.find("factor")), "rules.bad-number",
                          "a conversion factor must be positive");
                    factor.reset();
                }
                if (factor)
                    c.factor = *factor;
                else
                    good = false;
                if (auto s = text(require(item, "source", "a unit conversion"), "source"))
                    c.source = *s;
                else
                    good = false;
                if (good && dimension_of(c.from) == dimension_of(c.to)) {
                    error(at(item), "rules.bad-quota",
                          "a conversion from " + std::string(to_string(c.from)) + " to " +
                              std::string(to_string(c.to)) +
                              " stays within one dimension; embargo converts those itself");
                    good = false;
                }
                if (good)
                    q.conversions.push_back(std::move(c));
                else
                    ok = false;
            }
        }
    }
    return ok ? std::optional<quota>(std::move(q)) : std::nullopt;
}

void rule_loader::read_measure(const yaml_node& n, instrument& owner) {
    if (!expect_map(n, "a measure")) return;
    check_keys(n,
               {"id", "citation", "summary", "notes", "sources", "kind", "direction", "target",
                "goods", "disputed", "from", "until", "expires", "when", "wind_down", "supersedes",
                "replaces", "extends", "lifts"},
               "a measure");
    measure m;
    m.where = at(n);
    m.instrument = owner.symbol;
    m.regime = current_;
    m.target = set_.regimes_[current_].target;
    if (auto t = country(n.find("target"), "target")) m.target = *t;
    m.declared.from = owner.adopted;
    if (auto id = text(require(n, "id", "a measure"), "id")) m.id = checked_id(*id, *n.find("id"));
    if (auto c = text(n.find("citation"), "citation")) m.citation = *c;
    if (auto s = text(n.find("summary"), "summary")) m.summary = *s;
    if (auto s = text(n.find("lifts"), "lifts")) {
        m.lifts = *s;
        if (m.lifts.empty() || (!n.find("supersedes") && !n.find("replaces")))
            error(at(*n.find("lifts")), "rules.bad-value",
                  "`lifts` says what the law lifted when this measure took over from one it "
                  "supersedes or replaces; it needs a text and a `supersedes` or `replaces`");
    }
    m.notes = note_ids(n.find("notes"));
    m.sources = sources(n.find("sources"));
    if (auto kind = text(n.find("kind"), "kind"); kind && *kind != "prohibition")
        error(at(*n.find("kind")), "rules.bad-value",
              "measure kind " + in_quotes(*kind) +
                  " is not supported; the only kind is prohibition (a cap is a "
                  "prohibition with a quota exemption)");
    if (const yaml_node* d = require(n, "direction", "measure " + in_quotes(m.id))) {
        if (auto s = text(d, "direction")) {
            if (*s == "to-target")
                m.direction = direction::to_target;
            else if (*s == "from-target")
                m.direction = direction::from_target;
            else if (*s == "both")
                m.direction = direction::both;
            else
                error(at(*d), "rules.bad-value",
                      "direction " + in_quotes(*s) + " is not one of to-target, from-target, both");
        }
    }
    if (auto g = selector(require(n, "goods", "measure " + in_quotes(m.id)), "goods"))
        m.goods = std::move(*g);
    m.disputed = disputed(n.find("disputed"));
    validity_of(n, m.declared, "measure " + in_quotes(m.id));
    if (const yaml_node* e = n.find("expires"); e != nullptr && !e->is_null()) {
        if (n.find("until") != nullptr) {
            error(at(*e), "rules.bad-validity",
                  "measure " + in_quotes(m.id) +
                      " has both `until` (it ends) and `expires` (it lapses unless renewed); "
                      "expected one of them");
        } else if (auto last = date(e, "expires")) {
            m.expires = *last;
            m.declared.until = *last + std::chrono::days{1};
            if (m.declared.empty())
                error(at(*e), "rules.bad-validity",
                      "measure " + in_quotes(m.id) + " expires (" + to_string(*last) +
                          ") before it starts (" + to_string(m.declared.from) + ")");
            if (!set_.regimes_[current_].verified)
                error(at(*e), "rules.missing-key",
                      "measure " + in_quotes(m.id) +
                          " expires unless renewed, but regime.yaml has no `verified`: the day "
                          "its encoding was last checked, after which a renewal is unknown");
        }
    }
    m.in_force = m.declared;
    if (auto w = expression(n.find("when"), "when")) m.when = std::move(*w);
    if (const yaml_node* wd = n.find("wind_down"); wd != nullptr && !wd->is_null()) {
        if (expect_map(*wd, "wind_down")) {
            check_keys(*wd, {"last_day", "when", "goods", "disputed", "citation"}, "a wind-down");
            embargo::wind_down w;
            w.where = at(*wd);
            bool ok = true;
            if (auto last = date(require(*wd, "last_day", "a wind-down"), "last_day")) {
                w.last_day = *last;
                if (w.last_day < m.declared.from) {
                    error(at(*wd->find("last_day")), "rules.bad-validity",
                          "the wind-down ends (" + to_string(w.last_day) +
                              ") before the measure starts (" + to_string(m.declared.from) + ")");
                    ok = false;
                }
            } else {
                ok = false;
            }
            if (auto c = expression(require(*wd, "when", "a wind-down"), "wind-down condition"))
                w.when = std::move(*c);
            else
                ok = false;
            if (const yaml_node* g = wd->find("goods"); g != nullptr && !g->is_null()) {
                if (auto s = selector(g, "wind-down goods"))
                    w.goods = std::move(*s);
                else
                    ok = false;
            }
            w.disputed = disputed(wd->find("disputed"));
            if (auto c = text(wd->find("citation"), "citation")) w.citation = *c;
            if (ok) m.wind_down = std::move(w);
        }
    }
    for (auto [key, list] :
         {std::pair{"supersedes", &m.supersedes}, std::pair{"replaces", &m.replaces},
          std::pair{"extends", &m.extends}}) {
        for (auto& [id, node] : texts(n.find(key), key)) {
            list->push_back(id);
            references_.push_back({id, at(*node), m.id, key});
        }
    }
    if (m.id.empty()) return;
    if (auto [it, fresh] = defined_.emplace(m.id, m.where); !fresh) {
        error(m.where, "rules.duplicate-id",
              "id " + in_quotes(m.id) + " is already used at " + it->second.file + ":" +
                  std::to_string(it->second.line));
        return;
    }
    owner.measures.push_back(static_cast<std::uint32_t>(set_.measures_.size()));
    set_.measures_.push_back(std::move(m));
}

void rule_loader::read_exemption(const yaml_node& n, instrument& owner) {
    if (!expect_map(n, "an exemption")) return;
    check_keys(n,
               {"id", "template", "carves_out", "citation", "summary", "notes", "sources", "goods",
                "disputed", "from", "until", "when", "quota"},
               "an exemption");
    exemption e;
    e.where = at(n);
    e.regime = current_;
    if (auto id = text(require(n, "id", "an exemption"), "id"))
        e.id = checked_id(*id, *n.find("id"));
    const yaml_node* carves = require(n, "carves_out", "exemption " + in_quotes(e.id));
    for (auto& [id, node] : texts(carves, "carves_out")) {
        e.carves_out.push_back(id);
        references_.push_back({id, at(*node), e.id, "carves_out"});
    }
    if (carves != nullptr && e.carves_out.empty())
        error(at(*carves), "rules.missing-key",
              "exemption " + in_quotes(e.id) + " carves out of no measure");
    if (auto c = text(n.find("citation"), "citation")) e.citation = *c;
    if (auto s = text(n.find("summary"), "summary")) e.summary = *s;
    e.notes = note_ids(n.find("notes"));
    e.sources = sources(n.find("sources"));
    if (const yaml_node* g = n.find("goods"); g != nullptr && !g->is_null()) {
        if (auto s = selector(g, "goods")) e.goods = std::move(*s);
    }
    e.disputed = disputed(n.find("disputed"));
    validity_of(n, e.valid, "exemption " + in_quotes(e.id));
    if (auto w = expression(n.find("when"), "when")) e.when = std::move(*w);
    if (const yaml_node* q = n.find("quota"); q != nullptr && !q->is_null())
        e.quota = read_quota(*q);
    if (const yaml_node* t = n.find("template"); t != nullptr && !t->is_null()) {
        if (auto name = text(t, "template")) {
            // What the exemption writes itself replaces the template's.
            const auto& templates = scope().templates;
            const auto it = templates.find(*name);
            if (it == templates.end()) {
                std::vector<std::string_view> known;
                known.reserve(templates.size());
                for (const auto& [k, v] : templates) known.push_back(k);
                error(at(*t), "rules.unknown-id",
                      "no exemption template " + in_quotes(*name) +
                          " in the shared files the regime uses" +
                          (known.empty() ? std::string()
                                         : "; expected one of: " + join(known, ", ")));
            } else {
                e.template_name = *name;
                const exemption_template& tpl = it->second;
                const auto absent = [&](std::string_view key) {
                    const yaml_node* v = n.find(key);
                    return v == nullptr || v->is_null();
                };
                if (absent("goods")) e.goods = tpl.goods;
                if (absent("disputed")) e.disputed = tpl.disputed;
                if (absent("when") && tpl.when) e.when = *tpl.when;
                if (absent("summary")) e.summary = tpl.summary;
                if (absent("notes")) e.notes = tpl.notes;
            }
        }
    }
    if (e.id.empty()) return;
    if (auto [it, fresh] = defined_.emplace(e.id, e.where); !fresh) {
        error(e.where, "rules.duplicate-id",
              "id " + in_quotes(e.id) + " is already used at " + it->second.file + ":" +
                  std::to_string(it->second.line));
        return;
    }
    owner.exemptions.push_back(static_cast<std::uint32_t>(set_.exemptions_.size()));
    set_.exemptions_.push_back(std::move(e));
}

void rule_loader::read_instrument(const yaml_node& doc) {
    if (!expect_map(doc, "an instrument file")) return;
    check_keys(doc,
               {"instrument", "adopted", "title", "summary", "amends", "standing", "measures",
                "exemptions"},
               "an instrument file");
    instrument inst;
    inst.where = at(doc);
    inst.regime = current_;
    if (auto s = text(require(doc, "instrument", "an instrument file"), "instrument"))
        inst.symbol = *s;
    auto adopted = date(require(doc, "adopted", "an instrument file"), "adopted");
    if (!adopted) return;  // measures default to it; without it they would be wrong
    inst.adopted = *adopted;
    if (auto s = text(doc.find("title"), "title")) inst.title = *s;
    if (auto s = text(doc.find("summary"), "summary")) inst.summary = *s;
    if (const yaml_node* st = doc.find("standing"); st != nullptr && !st->is_null()) {
        if (expect_map(*st, "standing")) {
            check_keys(*st, {"disputed"}, "standing");
            if (const yaml_node* note = require(*st, "disputed", "standing")) {
                auto ids = note_ids(note);
                if (!ids.empty()) {
                    inst.standing_note = ids.front();
                    const auto chosen = options_.standing.find(inst.symbol);
                    inst.standing =
                        chosen != options_.standing.end() ? chosen->second : standing::disputed;
                }
            }
        }
    }
    for (auto& [symbol, node] : texts(doc.find("amends"), "amends")) {
        inst.amends.push_back(symbol);
        instrument_refs_.push_back({symbol, at(*node), inst.symbol, "amends"});
    }
    if (auto [it, fresh] = defined_.emplace(inst.symbol, inst.where);
        !fresh && !inst.symbol.empty()) {
        error(inst.where, "rules.duplicate-id",
              "instrument " + in_quotes(inst.symbol) + " is already defined in " + it->second.file);
        return;
    }
    for (std::string_view key : {"measures", "exemptions"}) {
        const yaml_node* list = doc.find(key);
        if (list == nullptr || list->is_null()) continue;
        if (!list->is_sequence()) {
            error(at(*list), "rules.wrong-type", std::string(key) + " must be a list");
            continue;
        }
        for (const auto& item : list->items) {
            if (key == "measures")
                read_measure(item, inst);
            else
                read_exemption(item, inst);
        }
    }
    set_.instruments_.push_back(std::move(inst));
}

}  // namespace embargo

namespace embargo {

void rule_loader::resolve() {
    std::map<std::string, std::uint32_t, std::less<>> measure_index;
    for (std::uint32_t i = 0; i < set_.measures_.size(); ++i)
        measure_index.emplace(set_.measures_[i].id, i);
    std::map<std::string, std::uint32_t, std::less<>> exemption_index;
    for (std::uint32_t i = 0; i < set_.exemptions_.size(); ++i)
        exemption_index.emplace(set_.exemptions_[i].id, i);

    auto kind_of = [](std::string_view key) {
        if (key == "supersedes") return relation_kind::supersedes;
        if (key == "replaces") return relation_kind::replaces;
        if (key == "extends") return relation_kind::extends;
        return relation_kind::carves_out;
    };
    // An exemption may carve out of an instrument: every measure it holds
    // ("any activity from the measures imposed by these resolutions").
    std::map<std::string, std::vector<std::uint32_t>, std::less<>> measures_of_instrument;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> via_instrument;  // (exemption, measure)
    for (std::uint32_t i = 0; i < set_.measures_.size(); ++i)
        measures_of_instrument[set_.measures_[i].instrument].push_back(i);
    for (const auto& ref : references_) {
        if (ref.kind == "carves_out" && !measure_index.contains(ref.target)) {
            if (const auto inst = measures_of_instrument.find(ref.target);
                inst != measures_of_instrument.end()) {
                // The measures are linked once supersession has cut their
                // time in force: only those in force while the exemption
                // holds are carved out (an instrument's spent measures are
                // not an exemption's dead links).
                if (const auto e = exemption_index.find(ref.from); e != exemption_index.end()) {
                    auto& ids = set_.exemptions_[e->second].carves_out;
                    ids.erase(std::remove(ids.begin(), ids.end(), ref.target), ids.end());
                    for (const auto mi : inst->second) via_instrument.emplace_back(e->second, mi);
                }
                continue;
            }
        }
        const auto it = measure_index.find(ref.target);
        if (it == measure_index.end()) {
            std::string hint = exemption_index.contains(ref.target) ? " (it is an exemption)" : "";
            error(ref.where, "rules.unknown-id",
                  ref.kind + " of " + in_quotes(ref.from) + " names " + in_quotes(ref.target) +
                      ", which is no measure of the regime" +
                      (ref.kind == "carves_out" ? " nor an instrument with measures" : "") + hint);
            continue;
        }
        set_.relations_.push_back({ref.from, ref.target, kind_of(ref.kind)});
        if (ref.kind == "carves_out") {
            // An exemption left out for an error (its id taken by a measure,
            // say) has no index; that error already fails the load.
            if (const auto e = exemption_index.find(ref.from); e != exemption_index.end()) {
                auto& ms = set_.exemptions_[e->second].measures;
                if (std::find(ms.begin(), ms.end(), it->second) == ms.end())
                    ms.push_back(it->second);
            }
        }
    }
    std::map<std::string, std::uint32_t, std::less<>> instrument_index;
    for (std::uint32_t i = 0; i < set_.instruments_.size(); ++i)
        instrument_index.emplace(set_.instruments_[i].symbol, i);
    for (const auto& ref : instrument_refs_) {
        if (!instrument_index.contains(ref.target)) {
            error(ref.where, "rules.unknown-instrument",
                  in_quotes(ref.from) + " amends " + in_quotes(ref.target) +
                      ", which is no instrument of the regime");
            continue;
        }
        set_.relations_.push_back({ref.from, ref.target, relation_kind::amends});
    }

    // Wind-downs are exemptions with a window; generating them here lets the
    // engine, the audit and coverage treat them like any other exemption.
    for (std::uint32_t mi = 0; mi < set_.measures_.size(); ++mi) {
        const measure& m = set_.measures_[mi];
        if (!m.wind_down) continue;
        exemption e;
        e.id = m.id + "/wind-down";
        e.carves_out = {m.id};
        e.measures = {mi};
        e.citation = m.wind_down->citation.empty() ? m.citation : m.wind_down->citation;
        e.summary = "contracts concluded before the measure, executed until " +
                    to_string(m.wind_down->last_day);
        e.notes = m.notes;
        e.sources = m.sources;
        e.goods = m.wind_down->goods;
        e.disputed = m.wind_down->disputed;
        e.valid = {m.declared.from, m.wind_down->last_day + std::chrono::days{1}};
        e.when = m.wind_down->when;
        e.wind_down = true;
        e.where = m.wind_down->where;
        if (auto [it, fresh] = defined_.emplace(e.id, e.where); !fresh) {
            error(e.where, "rules.duplicate-id",
                  "the wind-down of " + in_quotes(m.id) + " is named " + in_quotes(e.id) +
                      ", which is already used at " + it->second.file + ":" +
                      std::to_string(it->second.line));
            continue;
        }
        for (auto& inst : set_.instruments_) {
            if (inst.symbol == m.instrument)
                inst.exemptions.push_back(static_cast<std::uint32_t>(set_.exemptions_.size()));
        }
        set_.relations_.push_back({e.id, m.id, relation_kind::carves_out});
        set_.exemptions_.push_back(std::move(e));
    }

    // A cycle among the relations has no legal meaning: report it, whole.
    const auto graph = detail::build_relation_graph(set_);
    if (const auto cycle = detail::find_cycle(graph); !cycle.empty()) {
        std::string path;
        for (std::size_t i = 0; i < cycle.size(); ++i) {
            if (i != 0) path += " -> ";
            path += cycle[i];
        }
        const auto where = defined_.find(cycle.front());
        error(where != defined_.end() ? where->second : set_.regimes_.front().where, "rules.cycle",
              "the relations between acts form a cycle: " + path);
        return;
    }

    // A measure that supersedes or replaces another ends it on its first day.
    for (const auto& m : set_.measures_) {
        for (const auto* list : {&m.supersedes, &m.replaces}) {
            for (const auto& id : *list) {
                const auto it = measure_index.find(id);
                if (it == measure_index.end()) continue;
                measure& old = set_.measures_[it->second];
                if (m.declared.from <= old.declared.from) {
                    error(m.where, "rules.bad-validity",
                          in_quotes(m.id) + " supersedes " + in_quotes(old.id) + " but starts (" +
                              to_string(m.declared.from) + ") no later than it (" +
                              to_string(old.declared.from) + ")");
                    continue;
                }
                if (!old.superseded_by.empty() && old.superseded_by != m.id)
                    warning(m.where, "rules.superseded-twice",
                            in_quotes(old.id) + " is superseded by both " +
                                in_quotes(old.superseded_by) + " and " + in_quotes(m.id) +
                                "; the earlier start ends it");
                if (m.declared.from < old.in_force.until) {
                    old.in_force.until = m.declared.from;
                    old.superseded_by = m.id;
                } else if (old.superseded_by.empty()) {
                    old.superseded_by = m.id;
                }
            }
        }
    }

    for (const auto& [ei, mi] : via_instrument) {
        exemption& e = set_.exemptions_[ei];
        const measure& m = set_.measures_[mi];
        const bool overlaps = m.in_force.from < e.valid.until && e.valid.from < m.in_force.until;
        if (!overlaps || std::find(e.measures.begin(), e.measures.end(), mi) != e.measures.end())
            continue;
        e.measures.push_back(mi);
        e.carves_out.push_back(m.id);
        set_.relations_.push_back({e.id, m.id, relation_kind::carves_out});
    }

    // Load order: instruments after the ones they act on, then by adoption.
    std::vector<std::uint32_t> by_date(set_.instruments_.size());
    for (std::uint32_t i = 0; i < by_date.size(); ++i) by_date[i] = i;
    std::stable_sort(by_date.begin(), by_date.end(), [&](auto a, auto b) {
        return set_.instruments_[a].adopted < set_.instruments_[b].adopted;
    });
    std::vector<detail::graph_vertex> vertices;
    vertices.reserve(by_date.size());
    for (auto i : by_date)
        vertices.push_back({set_.instruments_[i].symbol, detail::graph_node_kind::instrument, {}});
    std::vector<relation> acts;
    for (const auto& r : set_.relations_) {
        if (r.kind == relation_kind::amends) {
            acts.push_back(r);
        } else if (r.kind != relation_kind::carves_out) {
            const auto* a = set_.find_measure(r.from);
            const auto* b = set_.find_measure(r.to);
            if (a != nullptr && b != nullptr && a->instrument != b->instrument)
                acts.push_back({a->instrument, b->instrument, r.kind});
        }
    }
    const auto instrument_graph = detail::build_relation_graph(vertices, acts);
    if (const auto cycle = detail::find_cycle(instrument_graph); !cycle.empty()) {
        std::string path;
        for (std::size_t i = 0; i < cycle.size(); ++i) path += (i != 0 ? " -> " : "") + cycle[i];
        error(set_.regimes_.front().where, "rules.cycle",
              "the instruments act on each other in a cycle: " + path);
        return;
    }
    for (auto v : detail::acting_order(instrument_graph)) set_.load_order_.push_back(by_date[v]);
}

rules_result rule_loader::load(const std::vector<std::string>& requested) {
    // Each directory is a regime or a directory of regimes.
    std::vector<std::string> dirs;
    for (const auto& r : requested) {
        const std::string dir = detail::normal_path(r);
        const auto found = detail::regime_directories(source_, dir);
        if (found.empty()) {
            error(
                {dir, 0, 0}, "rules.no-regime",
                source_.yaml_files(dir).empty()
                    ? "no rule files (*.yaml) in " + dir + ", nor a subdirectory with a regime.yaml"
                    : dir + " has rule files but no regime.yaml (target, HS edition, facts)");
        }
        for (const auto& d : found)
            if (std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
    }
    if (has_errors(diagnostics_)) return rules_result(std::move(diagnostics_));

    // --regime: keep the regimes named, by the name their regime.yaml gives.
    if (!options_.regimes.empty()) {
        std::vector<std::string> kept;
        std::vector<std::string> names;
        for (const auto& d : dirs) {
            std::string why;
            const std::string path = detail::join_path(d, std::string(regime_file_name));
            auto content = source_.read(path, limits_.max_file_bytes, why);
            std::vector<diagnostic> ignored;  // reported when the regime loads
            std::optional<yaml_node> doc;
            if (content)
                doc = detail::parse_yaml(
                    *content, path, {limits_.max_file_bytes, limits_.max_depth, limits_.max_nodes},
                    ignored);
            const yaml_node* name = doc && doc->is_map() ? doc->find("regime") : nullptr;
            const std::string n = name != nullptr && name->is_scalar() ? name->value : d;
            names.push_back(n);
            if (std::find(options_.regimes.begin(), options_.regimes.end(), n) !=
                options_.regimes.end())
                kept.push_back(d);
        }
        for (const auto& wanted : options_.regimes) {
            if (std::find(names.begin(), names.end(), wanted) == names.end())
                error({wanted, 0, 0}, "rules.unknown-regime",
                      "no regime " + in_quotes(wanted) + " among the rules; they hold " +
                          join(names, ", "));
        }
        if (has_errors(diagnostics_)) return rules_result(std::move(diagnostics_));
        dirs = std::move(kept);
    }

    // Every regime.yaml and shared file first: conditions anywhere may read
    // any regime's facts, and every selector needs the nomenclature.
    for (std::uint32_t i = 0; i < dirs.size(); ++i) {
        current_ = i;
        set_.regimes_.emplace_back().dir = dirs[i];
        scopes_.push_back({dirs[i],
                           detail::join_path(dirs[i], std::string(regime_file_name)),
                           std::nullopt,
                           {},
                           {},
                           {}});
        scope().regime_doc = read_yaml(scope().regime_file);
        if (scope().regime_doc) read_regime(*scope().regime_doc, dirs[i]);
        if (edition_ == nullptr) {
            // Without the nomenclature no code can be checked; stop rather than
            // bury the real problem under an error for every selector.
            if (!has_errors(diagnostics_))
                error({scope().regime_file, 0, 0}, "rules.nomenclature",
                      "the regime names no usable HS edition");
            return rules_result(std::move(diagnostics_));
        }
    }
    for (std::uint32_t i = 0; i < dirs.size(); ++i) {
        current_ = i;
        for (const auto& lib : scopes_[i].libraries) {
            reading(lib);
            read_named_goods(libraries_.at(lib));
            read_templates(libraries_.at(lib));
        }
        if (scope().regime_doc) {
            reading(scope().regime_file);
            read_named_goods(*scope().regime_doc);
        }
        for (const auto& path : source_.yaml_files(dirs[i])) {
            if (path == scope().regime_file) continue;
            if (auto doc = read_yaml(path)) read_instrument(*doc);
        }
    }
    for (const auto& [symbol, reading_chosen] : options_.standing) {
        const instrument* inst = set_.find_instrument(symbol);
        if (inst == nullptr || inst->standing_note.empty())
            error({symbol, 0, 0}, "rules.unknown-instrument",
                  "--standing names " + in_quotes(symbol) +
                      ", which is no instrument of disputed standing in the rules");
    }
    std::vector<std::string> targets;
    for (const auto& m : set_.measures_) {
        if (std::find(targets.begin(), targets.end(), m.target.str()) != targets.end()) continue;
        targets.emplace_back(m.target.str());
        if (targets.size() == max_targets + 1)
            error(m.where, "rules.too-many-targets",
                  "the regimes loaded together name more than " + std::to_string(max_targets) +
                      " target states");
    }
    resolve();
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(revision_));
    set_.revision_ = hex;
    // Files are named from the one regime's directory, or from the
    // directory that holds them all.
    std::string base =
        dirs.size() == 1 ? dirs.front() : dirs.front().substr(0, dirs.front().rfind('/'));
    for (const auto& d : dirs) {
        while (!base.empty() && base != "." &&
               !(d.size() > base.size() && d.compare(0, base.size(), base) == 0 &&
                 d[base.size()] == '/'))
            base = base.find('/') == std::string::npos ? std::string(".")
                                                       : base.substr(0, base.rfind('/'));
    }
    for (auto& f : set_.files_) {
        if (base != "." && f.size() > base.size() && f.compare(0, base.size(), base) == 0 &&
            f[base.size()] == '/')
            f = f.substr(base.size() + 1);
    }
    if (has_errors(diagnostics_)) return rules_result(std::move(diagnostics_));
    set_.exemptions_of_.assign(set_.measures_.size(), {});
    for (std::uint32_t ei = 0; ei < set_.exemptions_.size(); ++ei)
        for (const auto mi : set_.exemptions_[ei].measures) set_.exemptions_of_[mi].push_back(ei);
    set_.index_translations();
    return {std::make_shared<const rule_set>(std::move(set_)), std::move(diagnostics_)};
}

namespace {

diagnostic missing_directory(const std::filesystem::path& dir) {
    // Built piecewise: GCC 12 at -O3 warns falsely on a braced one.
    diagnostic d;
    d.id = "rules.io";
    d.where.file = dir.string();
    d.message = "the rules directory ";
    d.message += dir.string();
    d.message += " does not exist or is not a directory";
    return d;
}

}  // namespace

rules_result load_rules(const std::vector<std::filesystem::path>& dirs, const load_limits& limits,
                        const load_options& options) {
    std::vector<std::string> names;
    for (const auto& dir : dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) return missing_directory(dir);
        names.push_back(dir.generic_string());
    }
    detail::filesystem_source source;
    return rule_loader(source, limits, options).load(names);
}

rules_result load_rules(const std::filesystem::path& dir, const load_limits& limits,
                        const load_options& options) {
    return load_rules(std::vector<std::filesystem::path>{dir}, limits, options);
}

rules_result load_rules(const std::vector<rule_source>& sources,
                        const std::vector<std::string>& regime_dirs, const load_limits& limits,
                        const load_options& options) {
    detail::memory_source source(sources);
    return rule_loader(source, limits, options).load(regime_dirs);
}

rules_result load_rules(const std::vector<rule_source>& sources, std::string_view regime_dir,
                        const load_limits& limits, const load_options& options) {
    return load_rules(sources, std::vector<std::string>{std::string(regime_dir)}, limits, options);
}

}  // namespace embargo
