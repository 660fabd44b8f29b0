// Input profiles: data sets as their providers publish them (UN Comtrade,
// BACI, Comext) and a mapping file, each read from a sample in its layout
// (tests/io/profiles/), recognised from its header, and judged.

#include "embargo/profile.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"
#include "embargo/io.hpp"
#include "embargo/screen.hpp"
#include "embargo/writers.hpp"

#include "io/country_codes.hpp"
#include "support/files.hpp"
#include "support/shipped_rules.hpp"

using namespace embargo;

namespace {

const std::string samples = std::string(EMBARGO_SOURCE_DIR) + "/tests/io/profiles/";

// What each row of a file came to: a verdict, or its error's id and line.
struct screened {
    bool started = false;
    const input_profile* profile = nullptr;
    std::vector<std::string> file_errors;
    std::vector<std::string> rows;  // "prohibited", "error record.bad-country@6"
    std::vector<trade_record> records;
    std::size_t judged = 0;
    std::size_t unreadable = 0;
};

screened screen_file(const std::string& name, reader_options options = {}) {
    const std::string text = testing::read_file(samples + name);
    REQUIRE_MESSAGE(!text.empty(), (samples + name));
    std::istringstream in(text);
    options.file = name;
    const engine& judge = *testing::shipped_engine();
    record_reader reader(in, judge.rules(), options);
    screened out;
    out.started = reader.start();
    out.profile = reader.profile();
    for (const auto& d : reader.diagnostics())
        if (d.severity == severity::error) out.file_errors.push_back(d.id);
    for (;;) {
        const row_status st = reader.next();
        if (st == row_status::end) break;
        if (st == row_status::error) {
            ++out.unreadable;
            for (const auto& d : reader.diagnostics())
                if (d.severity == severity::error)
                    out.rows.push_back("error " + d.id + "@" + std::to_string(d.where.line));
            continue;
        }
        ++out.judged;
        out.records.push_back(reader.record().record());
        out.rows.emplace_back(to_string(judge.evaluate(reader.record()).status));
    }
    return out;
}

// The number of data lines of a sample (no row may be dropped).
std::size_t data_lines(const std::string& name) {
    std::istringstream in(testing::read_file(samples + name));
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) n += line.empty() ? 0 : 1;
    return n - 1;
}

}  // namespace

TEST_CASE("the built-in profiles read, and each sample is recognised by its header") {
    REQUIRE(builtin_profiles().size() == 4);
    // No structured binding: CAPTURE is a lambda, and clang 14 refuses to
    // capture one.
    for (const auto& sample :
         std::vector<std::pair<std::string, std::string>>{{"comtrade.csv", "comtrade"},
                                                          {"comtrade-plus.csv", "comtrade-plus"},
                                                          {"BACI_HS17_Y2019_V202401.csv", "baci"},
                                                          {"comext.csv", "comext"}}) {
        const std::string& file = sample.first;
        const std::string& name = sample.second;
        CAPTURE(file);
        const screened s = screen_file(file);
        CHECK(s.started);
        REQUIRE(s.profile != nullptr);
        CHECK(s.profile->name == name);
        // Rows in = rows judged + rows unreadable.
        CHECK(s.judged + s.unreadable == data_lines(file));
    }
    // embargo's own columns are not read through a profile.
    const std::vector<std::string> own{"hs_code", "exporter", "importer", "date"};
    CHECK(recognise_profile(own) == nullptr);
}

TEST_CASE("comtrade: mirror flows, alpha-3 parties, the row's HS edition, aggregates refused") {
    const screened s = screen_file("comtrade.csv");
    CHECK(s.rows == std::vector<std::string>{
                        "unrestricted",                // watch movements, 2019
                        "indeterminate",               // coal, 2018-03: only Russian coal via Rajin
                        "unrestricted",                // seafood in 2016, before S/RES/2371
                        "prohibited",                  // HS2012 0307.49 in 2019: seafood
                        "error record.bad-country@6",  // partner "World"
                        "indeterminate",               // petroleum exported to the DPRK, by weight
                        "error record.bad-number@8",   // "31,000,000"
                        "error record.bad-edition@9",  // classification H9
                    });
    REQUIRE(s.records.size() == 5);
    // China's import from the DPRK: the DPRK exports.
    CHECK(s.records[0].exporter.str() == "KP");
    CHECK(s.records[0].importer.str() == "CN");
    CHECK(s.records[0].hs_edition == 2017);
    CHECK(s.records[0].period.str() == "2019");
    REQUIRE(s.records[0].quantity);
    CHECK(s.records[0].quantity->unit == unit::items);
    CHECK(s.records[0].value->cents() == 4'920'000'000);
    CHECK(s.records[1].period.str() == "2018-03");
    // "No Quantity": the net weight instead.
    REQUIRE(s.records[2].quantity);
    CHECK(s.records[2].quantity->unit == unit::kg);
    CHECK(s.records[2].quantity->amount == 12'000'000);
    CHECK(s.records[3].hs_edition == 2012);
    // An export from China goes to the DPRK.
    CHECK(s.records[4].exporter.str() == "CN");
    CHECK(s.records[4].importer.str() == "KP");
}

TEST_CASE("comtrade-plus: flow codes, period, qtyUnitAbbr, World refused, an unknown flow code") {
    const screened s = screen_file("comtrade-plus.csv");
    CHECK(s.rows == std::vector<std::string>{
                        "indeterminate",               // coal, 2018-03
                        "prohibited",                  // cars exported to the DPRK
                        "error record.bad-country@4",  // partner W00
                        "error record.bad-flow@5",     // flowCode Z
                        "unrestricted",                // wigs, 2019
                    });
    REQUIRE(s.records.size() == 3);
    CHECK(s.records[1].importer.str() == "KP");
    CHECK(s.records[1].quantity->unit == unit::items);
    CHECK(s.records[1].period.str() == "2019");
    // N/A with no qty: the net weight.
    CHECK(s.records[2].quantity->unit == unit::kg);
    CHECK(s.records[2].quantity->amount == 1'500'000);
}

TEST_CASE(
    "baci: numeric codes (Comtrade's 842 is the USA), thousands of USD, tonnes, the "
    "edition from the file name, a lost leading zero restored") {
    const screened s = screen_file("BACI_HS17_Y2019_V202401.csv");
    CHECK(s.rows == std::vector<std::string>{
                        "unrestricted",                // electricity
                        "prohibited",                  // 30743 is 0307.43, squid: seafood
                        "indeterminate",               // coal
                        "error record.bad-country@5",  // 490, "Other Asia, nes"
                        "prohibited",                  // cars from the USA to the DPRK
                        "error record.bad-number@7",
                    });
    REQUIRE(s.records.size() == 4);
    CHECK(s.records[0].value->cents() == 1'140'050'000);  // 11400.5 thousand USD
    CHECK(s.records[0].hs_edition == 2017);
    CHECK(s.records[1].code.str() == "030743");
    CHECK(s.records[1].quantity->unit == unit::t);
    CHECK(s.records[3].exporter.str() == "US");

    // Without an edition in its name, a BACI file must be told its edition.
    std::istringstream in(testing::read_file(samples + "BACI_HS17_Y2019_V202401.csv"));
    reader_options o;
    o.file = "baci.csv";
    record_reader no_name(in, testing::shipped_rules(), o);
    CHECK_FALSE(no_name.start());
    REQUIRE_FALSE(no_name.diagnostics().empty());
    CHECK(no_name.diagnostics().front().id == "record.no-edition");
    reader_options told;
    told.hs_edition = 2012;
    const screened s2012 = screen_file("BACI_HS17_Y2019_V202401.csv", told);
    CHECK(s2012.records.front().hs_edition == 2012);  // the option wins over the name
}

TEST_CASE("comext: values in EUR stay EUR, CN8 codes, Eurostat's year, Q codes refused") {
    const screened s = screen_file("comext.csv");
    CHECK(s.rows == std::vector<std::string>{
                        "prohibited",    // engines to the DPRK, 2018 (201852: the year)
                        "unrestricted",  // beer
                        "unrestricted",  // coal from China to France
                        "error record.bad-country@5",  // QU
                        "error period.syntax@6",       // month 13
                    });
    REQUIRE(s.records.size() == 3);
    CHECK(s.records[0].period.str() == "2018");
    CHECK(s.records[0].exporter.str() == "DE");
    CHECK(s.records[0].importer.str() == "KP");
    CHECK(s.records[0].code.str() == "84071000");
    REQUIRE(s.records[0].value);
    CHECK_FALSE(s.records[0].value->usd());
    CHECK(s.records[0].value->cents() == 25'000'000);
    CHECK(s.records[0].quantity->unit == unit::kg);
}

TEST_CASE("a mapping file reads any other layout, and is checked like a rule file") {
    auto mapping = load_profile(samples + "mapping.yaml");
    REQUIRE_MESSAGE(mapping.ok(),
                    (mapping.diagnostics().empty() ? "" : format(mapping.diagnostics()[0])));
    reader_options o;
    o.profile = std::make_shared<const input_profile>(std::move(mapping).value());
    const screened s = screen_file("mapping.csv", o);
    CHECK(s.rows ==
          std::vector<std::string>{"prohibited", "unrestricted", "error record.bad-country@4"});
    REQUIRE(s.records.size() == 2);
    CHECK(s.records[0].id == "D-1");
    CHECK(s.records[0].value->cents() == 4'550'000);
    CHECK(s.records[0].quantity->unit == unit::t);
    CHECK(s.records[0].hs_edition == 2017);

    auto bad = load_profile(samples + "mapping-bad.yaml");
    REQUIRE_FALSE(bad.ok());
    std::vector<std::string> found;
    for (const auto& d : bad.diagnostics())
        found.push_back(d.id + "@" + std::to_string(d.where.line) + ":" +
                        std::to_string(d.where.column));
    CHECK(found == std::vector<std::string>{"profile.unknown-field@4:3", "profile.bad-value@7:12",
                                            "profile.bad-value@8:14", "profile.unknown-key@9:1",
                                            "profile.missing@3:3"});
    CHECK(load_profile(samples + "no-such.yaml").diagnostics().front().id == "profile.io");
}

TEST_CASE("a header that matches no profile names the profiles in its error") {
    std::istringstream in("Year,Product,Country,Amount\n2019,2701,KP,5\n");
    reader_options o;
    o.file = "odd.csv";
    record_reader reader(in, testing::shipped_rules(), o);
    CHECK_FALSE(reader.start());
    std::string all;
    for (const auto& d : reader.diagnostics()) all += format(d) + "\n";
    CHECK(all.find("record.missing-column") != std::string::npos);
    for (const auto& p : builtin_profiles())
        CHECK(all.find(" " + p.name + ", ") != std::string::npos);
    CHECK(all.find("--profile FILE.yaml") != std::string::npos);
}

TEST_CASE("country codes come from ISO 3166, and what is not one country is refused by name") {
    using detail::country_scheme;
    using detail::read_country;
    CHECK(read_country("PRK", country_scheme::alpha3).code->str() == "KP");
    CHECK(read_country("prk", country_scheme::alpha3).code->str() == "KP");
    CHECK(read_country("408", country_scheme::numeric).code->str() == "KP");
    CHECK(read_country("004", country_scheme::numeric).code->str() == "AF");
    CHECK(read_country("4", country_scheme::numeric).code->str() == "AF");
    CHECK(read_country("842", country_scheme::numeric).code->str() == "US");
    CHECK(read_country("840", country_scheme::numeric).code->str() == "US");
    CHECK(read_country("KP", country_scheme::alpha2).code->str() == "KP");
    // Former countries: read where ISO 3166-3 gives an unambiguous code.
    CHECK(read_country("DDR", country_scheme::alpha3).code->str() == "DD");
    CHECK(read_country("SUN", country_scheme::alpha3).code->str() == "SU");
    // CS was Czechoslovakia, then Serbia and Montenegro: refused.
    CHECK_FALSE(read_country("CSK", country_scheme::alpha3).code);
    CHECK(read_country("CSK", country_scheme::alpha3).why.find("now names another") !=
          std::string::npos);
    for (const char* aggregate : {"WLD", "W00", "_X"})
        CHECK(read_country(aggregate, country_scheme::alpha3).why.find("not a country") !=
              std::string::npos);
    for (const char* aggregate : {"0", "490", "899", "711", "58"})
        CHECK_FALSE(read_country(aggregate, country_scheme::numeric).code);
    CHECK_FALSE(read_country("XK", country_scheme::alpha2).code);  // not ISO
    CHECK_FALSE(read_country("ZZZ", country_scheme::alpha3).code);
    CHECK(read_country("ZZZ", country_scheme::alpha3).why.find("alpha-3") != std::string::npos);
}

TEST_CASE("a profile's rows are the same bytes on one thread and on several, whatever the chunks") {
    // 3,000 rows of the BACI sample, cut into chunks of 61 bytes and up.
    const std::string sample = testing::read_file(samples + "BACI_HS17_Y2019_V202401.csv");
    const auto header_end = sample.find('\n') + 1;
    std::string text = sample.substr(0, header_end);
    for (int i = 0; i < 500; ++i) text += sample.substr(header_end);
    const auto screen_with = [&](unsigned threads, std::size_t chunk) {
        std::istringstream in(text);
        std::ostringstream rows, messages;
        screen_options options;
        options.reader.file = "BACI_HS17_Y2019_V202401.csv";
        options.reader.chunk_size = chunk;
        options.threads = threads;
        options.on_diagnostic = [&](const diagnostic& d) { messages << format(d) << '\n'; };
        ostream_output out(rows);
        const auto writer = make_writer(output_format::csv, input_format::csv, out, messages);
        const auto r = screen(in, testing::shipped_engine(), writer.get(), options);
        writer->output().flush();
        CHECK(r.stats.rows == 3000);
        CHECK(r.stats.judged + r.stats.errors == r.stats.rows);
        return rows.str() + messages.str() + format_text(r.stats, testing::shipped_rules());
    };
    const std::string one = screen_with(1, std::size_t{1} << 18U);
    for (unsigned threads : {2U, 3U, 8U})
        for (std::size_t chunk : {std::size_t{61}, std::size_t{4096}}) {
            CAPTURE(threads);
            CAPTURE(chunk);
            CHECK(screen_with(threads, chunk) == one);
        }
}
