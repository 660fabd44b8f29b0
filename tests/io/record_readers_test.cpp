// The record readers: CSV and JSON Lines tables of trade records, their
// column mapping, facts, and every kind of row error with its line number.

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"
#include "embargo/io.hpp"

#include "support/allocation_counter.hpp"
#include "support/checked.hpp"
#include "support/inline_rules.hpp"
#include "support/shipped_rules.hpp"

using namespace embargo;

namespace {

const rule_set& dprk() {
    return testing::shipped_rules();
}

// What one row gave: the record, or its errors as "id@line:col".
struct row {
    row_status status = row_status::end;
    trade_record record;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<bool> quoted;
    int line = 0;
};

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
}

std::string where(const diagnostic& d) {
    return d.id + "@" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
}

struct result {
    bool started = false;
    std::vector<std::string> file_errors;    // from start()
    std::vector<std::string> file_warnings;  // from start()
    std::vector<std::string> messages;       // every diagnostic, formatted
    std::vector<row> rows;                   // records and error rows, in order
    std::vector<std::string> columns;

    std::vector<std::string> errors() const {
        std::vector<std::string> out;
        for (const auto& r : rows)
            for (const auto& e : r.errors) out.push_back(e);
        return out;
    }
    std::size_t records() const {
        std::size_t n = 0;
        for (const auto& r : rows) n += r.status == row_status::record ? 1 : 0;
        return n;
    }
};

result read(const std::string& text, reader_options options = {}) {
    std::istringstream in(text);
    if (options.file == "-") options.file = "t.csv";
    record_reader reader(in, dprk(), options);
    result out;
    out.started = reader.start();
    for (const auto& d : reader.diagnostics()) {
        out.messages.push_back(format(d));
        (d.severity == severity::error ? out.file_errors : out.file_warnings).push_back(where(d));
    }
    for (int guard = 0; guard < 10'000; ++guard) {
        const row_status st = reader.next();
        if (st == row_status::end) {
            out.columns = reader.columns();
            return out;
        }
        row r;
        r.status = st;
        r.line = reader.line();
        for (const auto& d : reader.diagnostics()) {
            out.messages.push_back(format(d));
            (d.severity == severity::error ? r.errors : r.warnings).push_back(where(d));
        }
        for (const auto& f : reader.fields()) {
            r.fields.emplace_back(std::string(f.name), std::string(f.text));
            r.quoted.push_back(f.quoted);
        }
        if (st == row_status::record) r.record = reader.record().record();
        out.rows.push_back(std::move(r));
    }
    FAIL("the reader did not end");
    return out;
}

reader_options jsonl() {
    reader_options o;
    o.format = input_format::jsonl;
    o.file = "t.jsonl";
    return o;
}

std::string all_messages(const result& r) {
    std::string s;
    for (const auto& m : r.messages) s += m + "\n";
    return s;
}

const std::string header = "id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd\n";

}  // namespace

TEST_CASE("a CSV table with the standard columns yields one record per row, with its cells") {
    const auto r = read(header +
                        "E17,270111,KP,CN,KP,2018-03,50000,t,5000000\n"
                        "E31,27,kp,cn,,2019-02-14,,,\n");
    REQUIRE(r.started);
    CHECK(r.file_warnings.empty());
    REQUIRE(r.rows.size() == 2);
    const auto& a = r.rows[0];
    REQUIRE(a.status == row_status::record);
    CHECK(a.line == 2);
    CHECK(a.record.id == "E17");
    CHECK(a.record.code.str() == "270111");
    CHECK(a.record.exporter.str() == "KP");
    CHECK(a.record.importer.str() == "CN");
    REQUIRE(a.record.origin);
    CHECK(a.record.origin->str() == "KP");
    CHECK(a.record.period.str() == "2018-03");
    REQUIRE(a.record.quantity);
    CHECK(a.record.quantity->amount == 50000);
    CHECK(a.record.quantity->unit == unit::t);
    REQUIRE(a.record.value);
    CHECK(a.record.value->cents() == 500'000'000);
    CHECK(a.fields.size() == 9);
    CHECK(a.fields[1] == std::pair<std::string, std::string>{"hs_code", "270111"});

    const auto& b = r.rows[1];
    REQUIRE_MESSAGE(b.status == row_status::record, all_messages(r));
    CHECK(b.line == 3);
    CHECK(b.record.code.str() == "27");
    CHECK(b.record.exporter.str() == "KP");  // lower case is upcased
    CHECK_FALSE(b.record.origin);
    CHECK(b.record.period.str() == "2019-02-14");
    CHECK_FALSE(b.record.quantity);
    CHECK_FALSE(b.record.value);
    CHECK(b.fields[4].second.empty());
}

TEST_CASE(
    "column names are matched trimmed and case-insensitively, and hs is accepted for hs_code") {
    const auto r = read(" HS ,Exporter,IMPORTER,Date\n2701,KP,CN,2018\n");
    REQUIRE(r.started);
    REQUIRE(r.records() == 1);
    CHECK(r.rows[0].record.code.str() == "2701");
    CHECK(r.rows[0].record.period.str() == "2018");
    CHECK(r.rows[0].fields[0].first == " HS ");  // echoed as written
    CHECK(joined(r.columns) == joined({" HS ", "Exporter", "IMPORTER", "Date"}));
}

TEST_CASE("reporter, partner and flow map imports and exports to exporter and importer") {
    const auto r = read(
        "reporter,partner,flow,hs_code,date\n"
        "CN,KP,import,2701,2018\n"
        "CN,KP,M,2701,2018\n"
        "CN,KP,1,2701,2018\n"
        "CN,KP,Re-Import,2701,2018\n"
        "CN,KP,Exports,2701,2018\n"
        "CN,KP,X,2701,2018\n"
        "CN,KP,2,2701,2018\n"
        "CN,KP,re-export,2701,2018\n"
        "CN,KP,RX,2701,2018\n");
    REQUIRE(r.started);
    REQUIRE(r.records() == 9);
    for (std::size_t i = 0; i < 4; ++i) {
        CAPTURE(i);
        CHECK(r.rows[i].record.exporter.str() == "KP");
        CHECK(r.rows[i].record.importer.str() == "CN");
    }
    for (std::size_t i = 4; i < 9; ++i) {
        CAPTURE(i);
        CHECK(r.rows[i].record.exporter.str() == "CN");
        CHECK(r.rows[i].record.importer.str() == "KP");
    }
}

TEST_CASE("a flow that is neither import nor export is a row error") {
    const auto r =
        read("reporter,partner,flow,hs_code,date\nCN,KP,transit,2701,2018\nCN,KP,,2701,2018\n");
    CHECK(joined(r.errors()) == joined({"record.bad-flow@2:7", "record.missing-field@3:7"}));
    CHECK(all_messages(r).find("\"transit\" is not a trade flow") != std::string::npos);
}

TEST_CASE(
    "value_usd is read exactly to the cent, and a word, a negative or a value beyond 10^15 "
    "is an error at its cell") {
    const auto r = read(
        "hs_code,exporter,importer,date,value_usd\n"
        "270112,KP,CN,2018-03,2.675\n"
        "270112,KP,CN,2018-03,-0\n"
        "270112,KP,CN,2018-03,lots\n"
        "270112,KP,CN,2018-03,-5\n"
        "270112,KP,CN,2018-03,1e16\n");
    REQUIRE(r.rows.size() == 5);
    REQUIRE(r.rows[0].status == row_status::record);
    CHECK(r.rows[0].record.value->cents() == 268);
    REQUIRE(r.rows[1].status == row_status::record);
    CHECK(r.rows[1].record.value->cents() == 0);
    CHECK(joined(r.errors()) ==
          joined({"record.bad-number@4:22", "record.bad-quantity@5:22", "record.bad-number@6:22"}));
}

TEST_CASE("the reader has no record to give after an error row") {
    std::istringstream in(
        "hs_code,exporter,importer,date\n270112,KP,CN,2018-03\n2701x,KP,CN,2018-03\n");
    record_reader reader(in, dprk(), {});
    REQUIRE(reader.next() == row_status::record);
    CHECK(reader.record()->code.str() == "270112");
    REQUIRE(reader.next() == row_status::error);
    CHECK_THROWS_AS((void)reader.record(), std::logic_error);
}

TEST_CASE("declared facts are read from their columns and an empty cell is a missing fact") {
    const auto r = read(
        "hs_code,exporter,importer,origin,date,port,origin_confirmed,notified\n"
        "270112,KP,CN,RU,2018-03,Rajin,true,true\n"
        "270112,KP,CN,RU,2018-03,Rajin,,true\n");
    REQUIRE(r.records() == 2);
    const auto& e = testing::shipped_engine();
    const auto& first = r.rows[0].record;
    REQUIRE(first.fact("port") != nullptr);
    CHECK(*first.fact("port") == "Rajin");
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), first)).status == status::carved_out);

    const auto& second = r.rows[1].record;
    REQUIRE(second.fact("origin_confirmed") != nullptr);
    CHECK(second.fact("origin_confirmed")->empty());
    const verdict v = e->evaluate(embargo::testing::checked(e->rules(), second));
    CHECK(v.status == status::indeterminate);
    CHECK(fact_names(dprk().facts(), v.missing_facts()) == "origin_confirmed");
}

TEST_CASE("a column that is not a fact is carried through and reported once as a warning") {
    const auto r = read(
        "hs_code,exporter,importer,date,expected,unit_value\n"
        "2701,KP,CN,2018,prohibited,12\n"
        "2701,KP,CN,2018,unrestricted,\n");
    REQUIRE(r.started);
    CHECK(joined(r.file_warnings) ==
          joined({"record.unread-column@1:32", "record.unread-column@1:41"}));
    CHECK(all_messages(r).find(
              "column \"expected\" is not a fact of un/dprk; carried through unread") !=
          std::string::npos);
    CHECK(all_messages(r).find("column \"unit_value\" is computed from value_usd and quantity") !=
          std::string::npos);
    REQUIRE(r.records() == 2);
    CHECK(r.rows[1].warnings.empty());
    CHECK(r.rows[0].fields[4] == std::pair<std::string, std::string>{"expected", "prohibited"});
    CHECK(r.rows[0].record.facts.empty());
}

TEST_CASE(
    "a column one slip from a fact or field is refused, so a misspelt fact never takes its "
    "default") {
    // joint_venture defaults to false: read as unread, joint_ventur=true
    // would leave tomatoes to the DPRK in 2018 unrestricted.
    const auto r =
        read("id,hs_code,exporter,importer,date,joint_ventur\nR1,070200,CN,KP,2018-03,true\n");
    CHECK_FALSE(r.started);
    CHECK(joined(r.file_errors) == joined({"record.unknown-column@1:35"}));
    CHECK(r.rows.empty());
    CHECK(all_messages(r).find("one slip from joint_venture") != std::string::npos);
    for (const char* column :
         {"prot", "Notifed", "contract-dte", "exporte", "dates", "origin confirmd"}) {
        CAPTURE(column);
        const auto m =
            read(std::string("hs_code,exporter,importer,date,") + column + "\n2701,KP,CN,2018,x\n");
        CHECK_FALSE(m.started);
        CHECK(joined(m.file_errors).find("record.unknown-column") != std::string::npos);
    }
    // Names further away are other data, carried through with a warning.
    for (const char* column : {"note", "notes", "expected", "net", "flag", "year", "citation"}) {
        CAPTURE(column);
        const auto m =
            read(std::string("hs_code,exporter,importer,date,") + column + "\n2701,KP,CN,2018,x\n");
        CHECK(m.started);
        CHECK(joined(m.file_warnings).find("record.unread-column") != std::string::npos);
        CHECK(m.records() == 1);
    }
}

TEST_CASE("a JSON Lines key one slip from a fact is an error in every row that has it") {
    const auto r = read(
        "{\"hs_code\": \"070200\", \"exporter\": \"CN\", \"importer\": \"KP\", \"date\": "
        "\"2018-03\", \"joint_ventur\": true}\n"
        "{\"hs_code\": \"2701\", \"exporter\": \"KP\", \"importer\": \"CN\", \"date\": \"2018\"}\n"
        "{\"hs_code\": \"070200\", \"exporter\": \"CN\", \"importer\": \"KP\", \"date\": "
        "\"2018-03\", \"joint_ventur\": false}\n",
        jsonl());
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].status == row_status::error);
    CHECK(joined(r.rows[0].errors) == "record.unknown-column@1:0");
    CHECK(r.rows[1].status == row_status::record);
    CHECK(r.rows[2].status == row_status::error);
    CHECK(joined(r.rows[2].errors) == "record.unknown-column@3:0");
}

TEST_CASE("reserved columns are carried through without a warning") {
    reader_options o;
    o.reserved_columns = {"verdict", "reason"};
    const auto r =
        read("hs_code,exporter,importer,date,Verdict,why\n2701,KP,CN,2018,prohibited,x\n", o);
    CHECK(joined(r.file_warnings) == joined({"record.unread-column@1:40"}));
    CHECK(r.records() == 1);
}

TEST_CASE("a header without a column the mapping needs is an error before any row is read") {
    SUBCASE("no hs_code") {
        const auto r = read("exporter,importer,date\nKP,CN,2018\n");
        CHECK_FALSE(r.started);
        CHECK(joined(r.file_errors) == joined({"record.missing-column@1:0"}));
        CHECK(r.rows.empty());
        CHECK(all_messages(r).find("the header has no column hs_code") != std::string::npos);
    }
    SUBCASE("no date and no importer") {
        const auto r = read("hs_code,exporter\n2701,KP\n");
        CHECK(joined(r.file_errors) == joined({"record.missing-column@1:0"}));
        CHECK(all_messages(r).find("no columns date, importer") != std::string::npos);
    }
    SUBCASE("reporter and partner without flow") {
        const auto r = read("hs_code,reporter,partner,date\n2701,CN,KP,2018\n");
        CHECK(all_messages(r).find("no column flow") != std::string::npos);
    }
    SUBCASE("both ways of naming the parties") {
        const auto r = read("hs_code,exporter,importer,reporter,partner,flow,date\n");
        CHECK(joined(r.file_errors) == joined({"record.duplicate-column@1:0"}));
    }
    SUBCASE("an empty input") {
        const auto r = read("");
        CHECK(joined(r.file_errors) == joined({"record.no-header@0:0"}));
    }
    SUBCASE("a header with an unbalanced quote") {
        const auto r = read("hs_code,\"exporter,importer,date\n");
        CHECK_FALSE(r.started);
        REQUIRE(r.file_errors.size() == 1);
        CHECK(r.file_errors[0].rfind("csv.unbalanced-quote@1:", 0) == 0);
    }
}

TEST_CASE("two columns that give the same field or fact are an error") {
    const auto r = read("hs,hs_code,exporter,importer,date,port,Port\n");
    CHECK_FALSE(r.started);
    CHECK(joined(r.file_errors) ==
          joined({"record.duplicate-column@1:4", "record.duplicate-column@1:40"}));
    CHECK(all_messages(r).find("columns 1 (hs) and 2 (hs_code) both give hs_code") !=
          std::string::npos);
}

TEST_CASE("each unreadable row is an error with its line and column, and reading goes on") {
    const auto r = read(header +
                        "A,27x1,KP,CN,,2018-03,,,\n"        // 2
                        "B,270,KP,CN,,2018-03,,,\n"         // 3
                        "C,99,KP,CN,,2018-03,,,\n"          // 4 Comtrade's 99
                        "D,9999.99,KP,CN,,2018-03,,,\n"     // 5
                        "E,2701,KP,CN,,2018-13,,,\n"        // 6
                        "F,2701,KP,CN,,2017-02-30,,,\n"     // 7
                        "G,2701,KP,CN,,18-03,,,\n"          // 8
                        "H,2701,KPR,CN,,2018-03,,,\n"       // 9
                        "I,2701,KP,CN,K1,2018-03,,,\n"      // 10
                        "J,2701,KP,CN,,2018-03,1 000,t,\n"  // 11
                        "K,2701,KP,CN,,2018-03,-5,t,\n"     // 12
                        "L,2701,KP,CN,,2018-03,5,t,nan\n"   // 13
                        "M,2701,KP,CN,,2018-03,5,tons,\n"   // 14
                        "N,2701,KP,CN,,2018-03,5,,\n"       // 15
                        "O,2701,KP,CN,,2018-03,,,-1\n"      // 16
                        "P,2701,KP,CN,,2018-03\n"           // 17
                        "Q,\"2701,KP,CN,,2018-03,,,\n"      // 18: unbalanced quote to the end
    );
    REQUIRE(r.started);
    CHECK(r.records() == 0);
    const std::vector<std::string> expected{
        "hs.bad-character@2:3",      "hs.bad-length@3:3",         "record.unknown-code@4:3",
        "record.unknown-code@5:3",   "date.invalid@6:15",         "date.invalid@7:15",
        "period.syntax@8:15",        "record.bad-country@9:8",    "record.bad-country@10:14",
        "record.bad-number@11:23",   "record.bad-quantity@12:23", "record.bad-number@13:27",
        "record.unknown-unit@14:25", "record.bad-quantity@15:23", "record.bad-quantity@16:25",
        "csv.field-count@17:0",      "csv.unbalanced-quote@18:3",
    };
    CHECK(joined(r.errors()) == joined(expected));
    const std::string m = all_messages(r);
    CHECK(m.find("t.csv:2:3: error: hs_code: \"27x1\" is not an HS code") != std::string::npos);
    CHECK(m.find("HS code 99 exists in none of") != std::string::npos);
    CHECK(m.find("the row has 6 fields; the header has 9") != std::string::npos);
    CHECK(m.find("quantity \"1 000\" is not a number") != std::string::npos);
}

TEST_CASE("an empty required cell is a missing field and a good row after errors is still read") {
    const auto r = read(header + ",,KP,CN,,2018,,,\nx,2701,,CN,,,,,\ny,2701,KP,CN,,2018,,,\n");
    CHECK(joined(r.errors()) == joined({"record.missing-field@2:2", "record.missing-field@3:8",
                                        "record.missing-field@3:13"}));
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[2].status == row_status::record);
    CHECK(r.rows[2].record.id == "y");
}

TEST_CASE("a fact that does not read as its declared type or values is a row error") {
    const auto r = read(
        "hs_code,exporter,importer,date,port,notified,contract_date\n"
        "2701,KP,CN,2018,Atlantis,,\n"
        "2701,KP,CN,2018,,maybe,\n"
        "2701,KP,CN,2018,,,2017-02-30\n"
        "2701,KP,CN,2018,Rajin,true,2017-02-03\n");
    CHECK(joined(r.errors()) ==
          joined({"record.bad-fact@2:17", "record.bad-fact@3:18", "record.bad-fact@4:19"}));
    CHECK(r.records() == 1);
}

TEST_CASE("a quoted cell may hold commas and newlines and the row keeps the line it starts on") {
    const auto r = read(
        header +
        "\"a, "
        "b\",2701,KP,CN,,2018,,,\n\"multi\nline\",2701,KP,CN,,2018,,,\nz,2701,KP,CN,,2018,,,\n");
    REQUIRE(r.records() == 3);
    CHECK(r.rows[0].record.id == "a, b");
    CHECK(r.rows[1].line == 3);
    CHECK(r.rows[1].record.id == "multi\nline");
    CHECK(r.rows[2].line == 5);
}

TEST_CASE("a CSV row longer than the limit is an error and the next row is read") {
    reader_options o;
    o.max_line_length = 64;
    const auto r = read(header + "a,2701,KP,CN,,2018,,,\n" + "b" + std::string(100, 'x') +
                            ",2701,KP,CN,,2018,,,\n" + "c,2701,KP,CN,,2018,,,\n",
                        o);
    CHECK(joined(r.errors()) == joined({"csv.line-too-long@3:1"}));
    CHECK(r.records() == 2);
}

TEST_CASE("JSON Lines rows are flat objects with facts as top-level keys") {
    const auto r = read(
        "{\"id\": \"E18\", \"hs_code\": \"270112\", \"exporter\": \"KP\", \"importer\": \"CN\", "
        "\"origin\": \"RU\", "
        "\"date\": \"2018-03\", \"quantity\": 100000, \"unit\": \"t\", \"value_usd\": 9000000.50, "
        "\"port\": \"Rajin\", "
        "\"origin_confirmed\": true, \"notified\": true, \"expected\": \"carved_out\"}\n"
        "\n"
        "{\"hs\": 2716.00, \"exporter\": \"CN\", \"importer\": \"KP\", \"date\": 2018, \"port\": "
        "null, \"note\": 1}\r\n",
        jsonl());
    REQUIRE(r.started);
    REQUIRE(r.rows.size() == 2);
    const auto& a = r.rows[0];
    REQUIRE(a.status == row_status::record);
    CHECK(a.record.id == "E18");
    CHECK(a.record.code.str() == "270112");
    CHECK(a.record.quantity->amount == 100000);
    CHECK(a.record.value->cents() == 900'000'050);
    CHECK(*a.record.fact("port") == "Rajin");
    CHECK(*a.record.fact("origin_confirmed") == "true");
    CHECK(joined(a.warnings) == joined({"record.unread-column@1:0"}));
    CHECK(a.fields[8] ==
          std::pair<std::string, std::string>{"value_usd", "9000000.50"});  // as written
    CHECK_FALSE(a.quoted[8]);
    CHECK(a.quoted[0]);

    const auto& b = r.rows[1];
    REQUIRE_MESSAGE(b.status == row_status::record, all_messages(r));
    CHECK(b.line == 3);
    CHECK(b.record.code.str() == "271600");  // the number as written, not 2716
    CHECK(b.record.period.str() == "2018");
    CHECK(b.record.fact("port")->empty());                              // null is a missing fact
    CHECK(joined(b.warnings) == joined({"record.unread-column@3:0"}));  // "note", once
    CHECK(r.columns.size() == 15);
    CHECK(r.columns.back() == "note");
}

TEST_CASE("a JSON Lines row that is not one flat object is a row error") {
    const auto r = read(
        "{\"hs_code\": \"2701\", \"exporter\": \"KP\"\n"               // 1
        "[1, 2]\n"                                                     // 2
        "\"text\"\n"                                                   // 3
        "{\"hs_code\": \"2701\", \"facts\": {\"port\": \"Rajin\"}}\n"  // 4
        "{\"hs_code\": \"2701\", \"hs_code\": \"2702\"}\n"             // 5
        "{\"hs_code\": \"2701\", \"hs\": \"2702\", \"exporter\": \"KP\", \"importer\": \"CN\", "
        "\"date\": \"2018\"}\n"                                                // 6
        "{\"hs_code\": \"2701\", \"importer\": \"CN\", \"date\": \"2018\"}\n"  // 7
        "{\"hs_code\": \"2701\", \"exporter\": \"KP\", \"importer\": \"CN\", \"date\": "
        "\"2018\"}\n",  // 8
        jsonl());
    CHECK(joined(r.errors()) ==
          joined({"jsonl.syntax@1:37", "jsonl.not-object@2:0", "jsonl.not-object@3:0",
                  "jsonl.nested@4:0", "jsonl.duplicate-key@5:0", "record.duplicate-column@6:0",
                  "record.missing-field@7:0"}));
    CHECK(r.records() == 1);
    CHECK(r.rows.back().line == 8);
    const std::string m = all_messages(r);
    CHECK(m.find("the value of \"facts\" is an object or array") != std::string::npos);
    CHECK(m.find("key \"hs_code\" appears twice") != std::string::npos);
    CHECK(m.find("the row has no exporter") != std::string::npos);
}

TEST_CASE("a JSON Lines line longer than the limit is an error and the next line is read") {
    reader_options o = jsonl();
    o.max_line_length = 100;
    o.chunk_size = 16;  // the long line spans many chunks
    const std::string good =
        "{\"hs_code\": \"2701\", \"exporter\": \"KP\", \"importer\": \"CN\", \"date\": \"2018\"}\n";
    const auto r = read(good + "{\"id\": \"" + std::string(500, 'x') + "\"}\n" + good +
                            "{\"id\": \"" + std::string(500, 'y') + "\"}",
                        o);
    CHECK(joined(r.errors()) == joined({"jsonl.line-too-long@2:0", "jsonl.line-too-long@4:0"}));
    CHECK(r.records() == 2);
    CHECK(r.rows[2].line == 3);
}

TEST_CASE("a row with more cells than the limit is an error") {
    reader_options o = jsonl();
    o.max_fields = 3;
    const auto r = read("{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4}\n", o);
    CHECK(joined(r.errors()) == joined({"jsonl.too-many-fields@1:0"}));
    reader_options c;
    c.max_fields = 3;
    const auto csv = read(header, c);
    CHECK_FALSE(csv.started);
    REQUIRE(csv.file_errors.size() == 1);
    CHECK(csv.file_errors[0].rfind("csv.too-many-fields@1:", 0) == 0);
}

TEST_CASE("a CSV input with a byte order mark and CRLF line ends reads like any other") {
    const auto r = read("\xEF\xBB\xBFhs_code,exporter,importer,date\r\n2701,KP,CN,2018\r\n");
    REQUIRE(r.started);
    REQUIRE(r.records() == 1);
    CHECK(r.rows[0].record.code.str() == "2701");
}

TEST_CASE("the reader reuses its record: a warm row costs no allocation") {
    std::string text =
        "id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd,port,designated_party\n";
    for (int i = 0; i < 200; ++i)
        text += "row-with-a-long-identifier,270112,KP,CN,RU,2018-03,100,t,900,Rajin,false\n";
    std::istringstream in(text);
    reader_options o;
    o.chunk_size = 1 << 20;  // one chunk: the stream's own buffer does not count
    record_reader reader(in, dprk(), o);
    REQUIRE(reader.next() == row_status::record);
    REQUIRE(reader.next() == row_status::record);
    const std::size_t before = testing::allocations();
    int rows = 0;
    while (reader.next() == row_status::record) ++rows;
    CHECK(testing::allocations() == before);
    CHECK(rows == 198);
}

TEST_CASE(
    "record_from_fields reads named cells and refuses a name that is neither field nor fact") {
    const std::vector<input_field> good{{"hs_code", "2716"},
                                        {"exporter", "KP"},
                                        {"importer", "CN"},
                                        {"date", "2022-08"},
                                        {"project", "china_dprk_hydro"},
                                        {"joint_venture", ""}};
    const auto r = record_from_fields(good, dprk());
    REQUIRE_MESSAGE(r, (r.diagnostics().empty() ? "" : r.diagnostics()[0].message));
    CHECK(&r->rules() == &dprk());
    CHECK(r->record().code.str() == "2716");
    CHECK(r->record().facts.size() == 1);  // the empty one is left out
    CHECK(*r->record().fact("project") == "china_dprk_hydro");

    const std::vector<input_field> bad{{"hs_code", "2716"},
                                       {"exporter", "KP"},
                                       {"importer", "CN"},
                                       {"date", "2022-08"},
                                       {"prot", "Rajin"}};
    const auto misspelt = record_from_fields(bad, dprk());
    CHECK_FALSE(misspelt);
    const auto& d = misspelt.diagnostics();
    REQUIRE(!d.empty());
    CHECK(d.back().id == "record.unknown-fact");
    CHECK(d.back().where.column == 5);

    const std::vector<input_field> bad_date{
        {"hs_code", "2716"}, {"exporter", "KP"}, {"importer", "CN"}, {"date", "2022-13"}};
    const auto thirteenth = record_from_fields(bad_date, dprk());
    CHECK_FALSE(thirteenth);
    REQUIRE(thirteenth.diagnostics().size() == 1);
    const auto& d2 = thirteenth.diagnostics();
    CHECK(d2[0].id == "date.invalid");
    CHECK(d2[0].where.column == 4);
}

TEST_CASE("input formats are named csv and jsonl") {
    CHECK(parse_input_format("csv") == input_format::csv);
    CHECK(parse_input_format("jsonl") == input_format::jsonl);
    CHECK(parse_input_format("ndjson") == input_format::jsonl);
    CHECK_FALSE(parse_input_format("json"));
    CHECK(to_string(input_format::jsonl) == "jsonl");
}

namespace {

// A stream that gives `data`, then fails as a broken disk or pipe would.
struct failing_buffer : std::streambuf {
    explicit failing_buffer(std::string d) : data(std::move(d)) {}
    int_type underflow() override {
        if (given) throw std::runtime_error("read error");
        given = true;
        setg(data.data(), data.data(), data.data() + data.size());
        return traits_type::to_int_type(data[0]);
    }
    std::string data;
    bool given = false;
};

}  // namespace

TEST_CASE("a read error is reported once and ends the input") {
    SUBCASE("CSV: an error while reading the header is an error of the file") {
        failing_buffer buffer("hs_code,exporter,importer,date\n2701,KP,CN,2018\n");
        std::istream in(&buffer);
        record_reader reader(in, dprk());
        CHECK_FALSE(reader.start());
        REQUIRE(reader.diagnostics().size() == 1);
        CHECK(reader.diagnostics()[0].id == "csv.io");
        CHECK(reader.next() == row_status::end);
    }
    SUBCASE("JSON Lines") {
        failing_buffer buffer(
            "{\"hs_code\": \"2701\", \"exporter\": \"KP\", \"importer\": \"CN\", \"date\": "
            "\"2018\"}\n");
        std::istream in(&buffer);
        record_reader reader(in, dprk(), jsonl());
        CHECK(reader.next() == row_status::error);
        REQUIRE(reader.diagnostics().size() == 1);
        CHECK(reader.diagnostics()[0].id == "jsonl.io");
        CHECK(reader.next() == row_status::end);
        CHECK(reader.next() == row_status::end);
    }
}
