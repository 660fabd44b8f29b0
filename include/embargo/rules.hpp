#pragma once
// Rule sets: regimes, their instruments, their measures and exemptions.
//
// One regime (the UN regime on the DPRK) is a directory of YAML files: a
// `regime.yaml` (target state, HS edition, declared facts, interpretation
// notes) and one file per instrument (a resolution) with its measures and
// exemptions. A rule set holds one or several regimes loaded together (all
// of the UN's goods regimes, say): one table of measures, one of facts, one
// HS edition, each measure naming its regime. rules/README.md is the schema. Loading checks
// everything a reviewer would (unknown and duplicate keys, types, codes, dates, expressions, facts,
// ids, relations) and reports every error with file:line:col and a stable id; a rule set with any
// error is not returned, so nothing is ever evaluated against half a law.
//
// The loaded rule_set is immutable and shared (std::shared_ptr<const>), like
// a compiled RE2: load once, judge many records from many threads.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/calendar.hpp"
#include "embargo/condition.hpp"
#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/fact.hpp"
#include "embargo/nomenclature.hpp"
#include "embargo/record.hpp"
#include "embargo/selector.hpp"

namespace embargo {

namespace detail {
class record_translations;  // src/hs/edition_translation.hpp
}

// Where a rule's reading of the law comes from: a document symbol and
// paragraph or a URL, and how much of it was read. A verdict is only as good
// as its source; `embargo audit` reports a measure or exemption without one
// (`audit.no-source`), and `embargo show` lists them.
enum class source_reading : std::uint8_t {
    verbatim,    // the operative wording itself was read (the text, or a quotation of it)
    summary,     // only a summary or paraphrase was read
    unverified,  // recalled or inferred; `note` says what would check it
};

EMBARGO_API std::string_view to_string(source_reading r) noexcept;

struct EMBARGO_API rule_source_ref {
    std::string ref;  // "S/RES/2321(2016) OP46" or a URL
    source_reading read = source_reading::summary;
    std::string note;  // what it says, or what it would take to verify
    source_location where;
};

// Which flows a measure restricts, from the target state's point of view.
enum class direction : std::uint8_t {
    to_target = 1,    // supply, sale or transfer to the target (importer)
    from_target = 2,  // procurement from the target (exporter)
    both = 3,
};

EMBARGO_API std::string_view to_string(direction d) noexcept;

// Goods whose inclusion in a measure is disputed: a record there is
// `indeterminate`, with the interpretation note, never a silent choice.
struct EMBARGO_API disputed_scope {
    goods_selector goods;
    std::string note;  // note id in the regime, e.g. "N1"
    source_location where;
};

// How a rule set reads an instrument whose legal effect is disputed
// (`standing: {disputed: NOTE}`): by default its measures only make a
// record indeterminate; a reading chosen at load judges them as law or as
// no law.
enum class standing : std::uint8_t {
    undisputed,  // no `standing` in the file
    disputed,    // disputed and no reading chosen: indeterminate, with the note
    in_force,    // disputed, read as in force (`--standing SYMBOL=in-force`)
    void_,       // disputed, read as void: its measures never apply
};

EMBARGO_API std::string_view to_string(standing s) noexcept;

// A window after adoption in which prior contracts may still be executed.
// It behaves as an exemption named `<measure id>/wind-down` that holds on
// [measure start, last_day] when its condition holds.
struct EMBARGO_API wind_down {
    day last_day{};  // inclusive: the last day shipments are allowed
    embargo::condition when;
    std::string citation;
    std::optional<goods_selector> goods;   // narrower goods; none = the measure's
    std::vector<disputed_scope> disputed;  // goods it may or may not reach
    source_location where;
};

enum class quota_period : std::uint8_t {
    calendar_year,  // 1 January to 31 December, from `start`
    twelve_months,  // 12-month periods beginning on `start`
    once,           // one period: [start, the exemption's end)
};

EMBARGO_API std::string_view to_string(quota_period p) noexcept;

struct EMBARGO_API quota_limit {
    double amount = 0;
    embargo::unit unit = unit::t;
};

// A factor a rule file declares to convert between dimensions (tonnes of
// refined petroleum to barrels), with its source. Without one, a quantity in
// another dimension cannot be counted, and the record is indeterminate.
struct EMBARGO_API unit_conversion {
    embargo::unit from = unit::t;
    embargo::unit to = unit::bbl;
    double factor = 0;  // one `from` is `factor` of `to`
    std::string source;
};

// A cap: "prohibited except up to 500,000 barrels a year". Every limit is
// tracked; the first one exhausted binds ("whichever is lower").
struct EMBARGO_API quota {
    std::vector<quota_limit> limits;
    quota_period period = quota_period::calendar_year;
    day start{};
    std::vector<unit_conversion> conversions;
};

// "500,000 bbl per calendar year from 2018-01-01".
EMBARGO_API std::string describe(const quota& q);

struct EMBARGO_API measure {
    std::string id;            // "2375/OP16"
    std::string instrument;    // "S/RES/2375(2017)"
    std::uint32_t regime = 0;  // index into rule_set::regimes()
    country_code target;       // the state `direction` speaks of: the regime's, or its own
    std::string citation;      // "S/RES/2375(2017) OP16"; empty = missing (audit)
    std::string summary;
    std::vector<std::string> notes;  // interpretation note ids
    std::vector<rule_source_ref> sources;
    embargo::direction direction = direction::both;
    goods_selector goods;  // certain scope
    std::vector<disputed_scope> disputed;
    validity declared;  // as written
    validity in_force;  // declared, cut at the start of a successor
    // The last day in force under the last renewal the encoding read
    // (`expires`); in_force then ends the day after. A record after it and
    // after the regime's `verified` day is indeterminate (renewal not
    // verified): from renewal_horizon() on.
    std::optional<day> expires;
    embargo::condition when;
    std::optional<embargo::wind_down> wind_down;
    std::vector<std::string> supersedes;  // ends them when this one starts
    std::vector<std::string> replaces;    // same effect, the law's own word
    std::vector<std::string> extends;     // widens them; they stay in force
    std::string superseded_by;            // set by the loader
    // What the law lifted when this measure took over from the ones it
    // supersedes with a narrower scope (`lifts:`), e.g. "the Federal
    // Government's forces (2714 preamble)": the narrowing is the law's, not
    // an oversight, and the audit says nothing of it.
    std::string lifts;
    source_location where;
};

struct EMBARGO_API exemption {
    std::string id;
    std::uint32_t regime = 0;   // index into rule_set::regimes()
    std::string template_name;  // the shared template it takes from (`template:`), if any
    std::string citation;
    std::string summary;
    std::vector<std::string> notes;
    std::vector<rule_source_ref> sources;  // a wind-down has its measure's
    std::vector<std::string>
        carves_out;  // measure ids (an instrument named there stands for all its measures)
    std::vector<std::uint32_t> measures;   // the same, as indices
    std::optional<goods_selector> goods;   // narrower goods; none = all
    std::vector<disputed_scope> disputed;  // goods it may or may not reach
    validity valid;                        // defaults to always
    embargo::condition when;
    std::optional<embargo::quota> quota;
    bool wind_down = false;  // generated from a measure's wind_down clause
    source_location where;
};

struct EMBARGO_API instrument {
    std::string symbol;        // "S/RES/2375(2017)"
    std::uint32_t regime = 0;  // index into rule_set::regimes()
    day adopted{};
    embargo::standing standing = standing::undisputed;
    std::string standing_note;  // the note that explains a disputed standing
    std::string title;
    std::string summary;
    std::vector<std::string> amends;  // instrument symbols
    std::vector<std::uint32_t> measures;
    std::vector<std::uint32_t> exemptions;
    source_location where;
};

struct EMBARGO_API regime {
    std::string name;  // "un/dprk"
    std::string dir;   // the directory it was read from (its tests are in dir/tests)
    std::string title;
    country_code target;
    std::string hs_edition;  // "HS2017"
    // The facts this regime declares itself and through its shared files
    // (`uses:`), for `show`; conditions read rule_set::facts(), the merged
    // table of every regime loaded with it.
    std::vector<std::string> facts;
    std::map<std::string, std::string, std::less<>> notes;  // id -> text, the shared files' too
    // The day its encoding was last checked against the public record
    // (`verified`); measures that `expires` need it.
    std::optional<day> verified;
    std::vector<std::string> uses;  // shared files, relative to the regime directory
    // What the rule set does not screen for (lists of items, catch-alls,
    // designated parties): an `unrestricted` verdict says it was not
    // screened against these, so that no one reads it as "lawful".
    std::vector<std::string> not_screened;
    source_location where;
};

// An edge of the relation graph (relations.hpp draws it).
enum class relation_kind : std::uint8_t { supersedes, replaces, extends, amends, carves_out };

EMBARGO_API std::string_view to_string(relation_kind k) noexcept;

struct EMBARGO_API relation {
    std::string from;  // the later act or measure
    std::string to;    // the one it acts on
    relation_kind kind = relation_kind::supersedes;
};

// What a record's code stands for in the rules' HS edition (goods_of).
struct EMBARGO_API record_goods {
    // The edition the record is read in: its own hs_edition, else the one in
    // force at its date.
    std::string edition;
    bool translated = false;  // the code does not read as itself in the rules' edition
    // The record names an edition no nomenclature here holds (HS1992 to
    // HS2007): a subheading is read as its heading, which is the same in
    // every edition, and `codes` is that heading.
    bool heading_only = false;
    std::vector<hs_code> codes;  // the record's code, or its correspondents (6 digits)
};

// At most this many target states across the regimes of one rule set
// (`rules.too-many-targets`): the engine works out a record's flow relative
// to each on the stack.
inline constexpr std::size_t max_targets = 64;

class EMBARGO_API rule_set {
public:
    // The regimes loaded together, in the order they were named.
    const std::vector<embargo::regime>& regimes() const noexcept { return regimes_; }
    const embargo::regime& regime_of(const measure& m) const { return regimes_.at(m.regime); }
    const embargo::regime& regime_of(const exemption& e) const { return regimes_.at(e.regime); }
    const embargo::regime* find_regime(std::string_view name) const noexcept;
    // "un/dprk", or the names of every regime joined with ", ".
    std::string name() const;
    // For messages: "un/dprk", or "any of the 13 regimes loaded".
    std::string label() const;
    // Every declared fact of every regime (and the built-ins): fact ids in
    // conditions and records index this table.
    const fact_table& facts() const noexcept { return facts_; }
    // The HS edition every regime names its codes in.
    const std::string& edition_name() const noexcept { return hs_edition_; }
    // What no regime screens for (each regime's `not_screened`, named by
    // its regime when several are loaded): what an `unrestricted` verdict
    // does not clear.
    std::vector<std::string> not_screened() const;
    // The same for one record: the lists of the regimes with a target that
    // is the record's importer, exporter or origin. When several regimes are
    // loaded and none has, one line that says so and where the lists are.
    std::vector<std::string> not_screened(const trade_record& record) const;
    // The text of note `id` of the regime at index `regime`, or nullptr.
    const std::string* note(std::uint32_t regime, std::string_view id) const;
    // The first day a measure that `expires` is only possibly in force
    // (the day after both its expiry and its regime's `verified` day), or
    // nullopt for a measure that does not expire.
    std::optional<day> renewal_horizon(const measure& m) const;
    // The standing of the instrument that holds `m`.
    embargo::standing standing_of(const measure& m) const noexcept;
    const std::vector<instrument>& instruments() const noexcept { return instruments_; }
    const std::vector<measure>& measures() const noexcept { return measures_; }
    const std::vector<exemption>& exemptions() const noexcept { return exemptions_; }
    const std::vector<relation>& relations() const noexcept { return relations_; }
    const hs_catalogue& catalogue() const noexcept { return catalogue_; }
    const hs_edition& edition() const;  // the regime's edition

    // The exemptions that carve out of measure `index`, in rule-set order.
    const std::vector<std::uint32_t>& exemptions_of(std::uint32_t measure) const {
        return exemptions_of_.at(measure);
    }

    const measure* find_measure(std::string_view id) const noexcept;
    const exemption* find_exemption(std::string_view id) const noexcept;
    const instrument* find_instrument(std::string_view symbol) const noexcept;

    // Instruments in load order: the topological order of the relation
    // graph, ties broken by adoption date.
    const std::vector<std::uint32_t>& load_order() const noexcept { return load_order_; }

    // A hash of every file the rule set was loaded from (`embargo --version`).
    const std::string& revision() const noexcept { return revision_; }
    // The files it was loaded from, relative to the regime directory.
    const std::vector<std::string>& files() const noexcept { return files_; }

    // Checks a record against the rule set and, when it passes, makes it a
    // checked_record the engine judges. Errors, all of them at once:
    // `record.missing-field` (no HS code, exporter or importer),
    // `record.unknown-code` (a code in no HS edition the catalogue holds),
    // `record.unknown-fact` (a fact the regime does not declare; a misspelt
    // fact would otherwise read as missing), `record.bad-fact` (a value that
    // does not read as the fact's type or values, or a built-in field given
    // as a fact). Diagnostics have no file: the caller knows where the record
    // came from.
    result<checked_record> check(trade_record record) const;
    // The same for a reader that looked its fact columns up once per file:
    // `ids[i]` is facts().find(record.facts[i].name), so that no row pays a
    // search by name for each of its facts. An empty cell of a free fact is
    // a missing fact. `record` is moved from only when it passes, so that a
    // reader reports an error row and reuses its buffers either way.
    result<checked_record> check(trade_record&& record,
                                 std::span<const std::optional<fact_id>> ids) const;

    // The record's goods in the rules' edition. A record is coded in its
    // hs_edition, or else the HS edition in force at the first day of its
    // period. An edition the catalogue lacks (HS1992 to HS2007) reads a
    // subheading as its heading (heading_only). When that is another
    // edition and the code does not read the same in the rules' one (it
    // moved, split or merged), its goods are the rules' subheadings that
    // correspond to it through the UNSD correlation tables, and a rule covers
    // it fully only if it covers every one of them. A code the record's
    // edition lacks is read as a code of the rules' edition.
    record_goods goods_of(const trade_record& record) const;

private:
    friend class rule_loader;  // src/rules/loader.cpp
    void check_fields(const trade_record& record, std::vector<diagnostic>& out) const;
    void check_fact(const record_fact& f, std::optional<fact_id> id,
                    std::vector<diagnostic>& out) const;
    // Computes translations_; the loader calls it once the catalogue and the
    // regime's edition are known.
    void index_translations();

    // What goods_of() finds for each code of another edition that does not
    // read as itself, computed once (src/hs/edition_translation.hpp). Null
    // when the catalogue lacks the rules' edition.
    std::shared_ptr<const detail::record_translations> translations_;

    std::vector<embargo::regime> regimes_;
    fact_table facts_;
    std::string hs_edition_;
    std::vector<instrument> instruments_;
    std::vector<measure> measures_;
    std::vector<exemption> exemptions_;
    std::vector<relation> relations_;
    std::vector<std::uint32_t> load_order_;
    std::vector<std::vector<std::uint32_t>> exemptions_of_;  // by measure index
    hs_catalogue catalogue_;
    std::string revision_;
    std::vector<std::string> files_;
};

// A file of a rule set, read already: its path (relative, with '/') and text.
// Lets the command embed its default rules and the fuzzer feed whole rule
// directories from one input.
struct EMBARGO_API rule_source {
    std::string path;
    std::string text;
};

// Limits for hostile rule files; the defaults are far above any real rule
// set (docs/limits.md has each limit, its error id and why the default is
// safe; `embargo --limit NAME=VALUE` raises them).
struct EMBARGO_API load_limits {
    std::size_t max_file_bytes = 4u << 20;  // per YAML file (`yaml.too-large`)
    std::size_t max_depth = 64;             // YAML nesting (`yaml.too-deep`)
    // Nodes per YAML file (`yaml.too-many-nodes`); anchors and aliases are
    // refused, so nothing expands beyond what is written.
    std::size_t max_nodes = 200'000;
    // Per HS nomenclature CSV file (`rules.nomenclature-too-large`): data,
    // not rules, so several MB is normal.
    std::size_t max_nomenclature_bytes = 64u << 20;
    condition_limits condition;
    selector_limits selector;
};

// A loaded rule set, never null, with the loader's warnings; or, when any
// error was found, every error and warning, in file order.
using rules_result = result<std::shared_ptr<const rule_set>>;

// What to load besides the limits: which regimes of a directory of regimes,
// and the reading of each instrument of disputed standing.
struct EMBARGO_API load_options {
    // Regime names (`un/somalia`) to keep when a directory holds several;
    // empty: every one. A name no directory holds is `rules.unknown-regime`.
    std::vector<std::string> regimes;
    // Instrument symbol -> standing::in_force or standing::void_. A symbol
    // of no disputed instrument is `rules.unknown-instrument`.
    std::map<std::string, embargo::standing, std::less<>> standing;
};

// Loads the regimes in `dirs`, together. Each directory is a regime
// (`regime.yaml` and every other `*.yaml` file directly in it, not in
// subdirectories: `tests/` holds rule tests) or a directory of regimes (every
// subdirectory that holds a regime.yaml, in name order). Each regime's
// nomenclature and shared files (`uses:`) are read from where it points.
EMBARGO_API rules_result load_rules(const std::vector<std::filesystem::path>& dirs,
                                    const load_limits& limits = {},
                                    const load_options& options = {});
EMBARGO_API rules_result load_rules(const std::filesystem::path& dir,
                                    const load_limits& limits = {},
                                    const load_options& options = {});

// The same from files read already. `regime_dirs` are directories, within
// the sources' paths, as above; other paths resolve from them.
EMBARGO_API rules_result load_rules(const std::vector<rule_source>& sources,
                                    const std::vector<std::string>& regime_dirs,
                                    const load_limits& limits = {},
                                    const load_options& options = {});
EMBARGO_API rules_result load_rules(const std::vector<rule_source>& sources,
                                    std::string_view regime_dir, const load_limits& limits = {},
                                    const load_options& options = {});

}  // namespace embargo
