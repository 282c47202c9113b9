#include "zone/zonefile_parser.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "wire/rdata.h"
#include "wire/rrtype.h"

namespace zoned::zone {
namespace {

const std::string kZones = std::string(ZONED_TEST_DATA) + "/zones/parser/";

// Keeps every record as "owner ttl TYPE rdata" and every diagnostic as its text.
class CollectingSink : public RecordSink {
 public:
  void record(const ParsedRecord& r) override {
    EXPECT_EQ(r.rclass, wire::rrclass::IN);
    std::string s = wire::to_text(r.owner) + " " + std::to_string(r.ttl) + " " +
                    wire::type_to_text(r.type) + " ";
    wire::rdata_to_text(r.type, r.rdata, s);
    records.push_back(std::move(s));
    locations.push_back(std::string(r.where.file) + ":" + std::to_string(r.where.line) + ":" +
                        std::to_string(r.where.column));
  }
  void diagnostic(const Diagnostic& d) override {
    (d.warning ? warnings : errors).push_back(d.to_string());
  }

  std::vector<std::string> records;
  std::vector<std::string> locations;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

using Lines = std::vector<std::string>;

ZoneFileOptions example_options() {
  ZoneFileOptions options;
  EXPECT_EQ(wire::parse_name("example.com.", nullptr, options.origin), wire::NameTextError::kOk);
  return options;
}

struct Parsed {
  std::size_t error_count;
  CollectingSink sink;
};

Parsed parse(std::string_view text, const ZoneFileOptions& options = example_options()) {
  Parsed p;
  p.error_count = parse_zone_text(text, "example.zone", options, p.sink);
  EXPECT_EQ(p.error_count, p.sink.errors.size());
  return p;
}

Parsed parse_file(const std::string& path, const ZoneFileOptions& options = example_options()) {
  Parsed p;
  p.error_count = parse_zone_file(path, options, p.sink);
  EXPECT_EQ(p.error_count, p.sink.errors.size());
  return p;
}

// ----- records, owners, TTLs, classes -----

TEST(ZoneFileParser, EmptyZoneHasNoRecordsAndNoErrors) {
  Parsed p = parse("");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_TRUE(p.sink.records.empty());
  EXPECT_TRUE(p.sink.warnings.empty());
  Parsed q = parse("; nothing but a comment\n\n");
  EXPECT_EQ(q.error_count, 0u);
  EXPECT_TRUE(q.sink.records.empty());
}

TEST(ZoneFileParser, RelativeAbsoluteAndAtOwners) {
  Parsed p = parse(
      "$TTL 300\n"
      "@ A 192.0.2.1\n"
      "www A 192.0.2.2\n"
      "host.example.net. A 192.0.2.3\n"
      ". A 192.0.2.4\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records,
            (Lines{"example.com. 300 A 192.0.2.1", "www.example.com. 300 A 192.0.2.2",
                   "host.example.net. 300 A 192.0.2.3", ". 300 A 192.0.2.4"}));
  EXPECT_EQ(p.sink.locations[1], "example.zone:3:1");
}

TEST(ZoneFileParser, OriginIsRelativeToTheCurrentOrigin) {
  Parsed p = parse(
      "$TTL 300\n"
      "a A 192.0.2.1\n"
      "$ORIGIN sub\n"
      "a A 192.0.2.2\n"  // same text as before, another name
      "$ORIGIN example.org.\n"
      "@ A 192.0.2.3\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records,
            (Lines{"a.example.com. 300 A 192.0.2.1", "a.sub.example.com. 300 A 192.0.2.2",
                   "example.org. 300 A 192.0.2.3"}));
}

TEST(ZoneFileParser, OmittedOwnerInheritsThePreviousOwnerAcrossOriginChanges) {
  Parsed p = parse(
      "$TTL 300\n"
      "www A 192.0.2.1\n"
      "    AAAA 2001:db8::1\n"
      "$ORIGIN example.org.\n"
      "\tA 192.0.2.2\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records,
            (Lines{"www.example.com. 300 A 192.0.2.1", "www.example.com. 300 AAAA 2001:db8::1",
                   "www.example.com. 300 A 192.0.2.2"}));
  EXPECT_EQ(p.sink.locations[1], "example.zone:3:5");
}

TEST(ZoneFileParser, InheritedOwnerRightAfterAnOriginChangeIsWarnedAbout) {
  Parsed p = parse(
      "$TTL 300\n"
      "www A 192.0.2.1\n"
      "$ORIGIN example.org.\n"
      "  A 192.0.2.2\n"
      "  A 192.0.2.3\n"  // only the first one after the change
      "$ORIGIN example.net.\n"
      "x A 192.0.2.4\n"
      "  A 192.0.2.5\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.warnings, (Lines{"example.zone:4:3: warning: record with inherited owner "
                                    "www.example.com. immediately after a change of origin"}));
  EXPECT_EQ(p.sink.records.size(), 5u);
}

TEST(ZoneFileParser, TtlAndClassInEitherOrder) {
  Parsed p = parse(
      "$TTL 60\n"
      "a 300 IN A 192.0.2.1\n"
      "b IN 1h30m A 192.0.2.2\n"
      "c in A 192.0.2.3\n"
      "d 2w A 192.0.2.4\n"
      "e A 192.0.2.5\n"
      "f CLASS1 A 192.0.2.6\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records,
            (Lines{"a.example.com. 300 A 192.0.2.1", "b.example.com. 5400 A 192.0.2.2",
                   "c.example.com. 60 A 192.0.2.3", "d.example.com. 1209600 A 192.0.2.4",
                   "e.example.com. 60 A 192.0.2.5", "f.example.com. 60 A 192.0.2.6"}));
}

TEST(ZoneFileParser, DollarTtlWithUnitsAndCaseInsensitiveDirectives) {
  Parsed p = parse("$ttl 1h30m\na A 192.0.2.1\n$Origin sub\nb A 192.0.2.2\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records,
            (Lines{"a.example.com. 5400 A 192.0.2.1", "b.sub.example.com. 5400 A 192.0.2.2"}));
}

TEST(ZoneFileParser, WithoutDollarTtlTheLastExplicitTtlIsInherited) {
  // RFC 1035 §5.1: an omitted TTL is the last one given.
  Parsed p = parse(
      "a 100 A 192.0.2.1\n"
      "b A 192.0.2.2\n"
      "c 200 A 192.0.2.3\n"
      "d A 192.0.2.4\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_TRUE(p.sink.warnings.empty());
  EXPECT_EQ(p.sink.records,
            (Lines{"a.example.com. 100 A 192.0.2.1", "b.example.com. 100 A 192.0.2.2",
                   "c.example.com. 200 A 192.0.2.3", "d.example.com. 200 A 192.0.2.4"}));
}

TEST(ZoneFileParser, DollarTtlWinsOverTheLastExplicitTtl) {
  Parsed p = parse("$TTL 60\na 100 A 192.0.2.1\nb A 192.0.2.2\n");
  EXPECT_EQ(p.sink.records,
            (Lines{"a.example.com. 100 A 192.0.2.1", "b.example.com. 60 A 192.0.2.2"}));
}

TEST(ZoneFileParser, OptionDefaultTtlActsAsDollarTtl) {
  ZoneFileOptions options = example_options();
  options.default_ttl = 42;
  Parsed p = parse("a A 192.0.2.1\n", options);
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records, (Lines{"a.example.com. 42 A 192.0.2.1"}));
}

TEST(ZoneFileParser, SoaMinimumIsTheDefaultTtlWhenThereIsNoOtherWithAWarning) {
  // BIND: "no TTL specified; using SOA MINTTL instead"; the MINIMUM then acts as $TTL.
  Parsed p = parse(
      "@ SOA ns hostmaster 1 3600 900 604800 120\n"
      "a A 192.0.2.1\n"
      "b 500 A 192.0.2.2\n"
      "c A 192.0.2.3\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.warnings,
            (Lines{"example.zone:1:1: warning: no TTL specified; using the SOA MINIMUM 120 as "
                   "default TTL"}));
  ASSERT_EQ(p.sink.records.size(), 4u);
  EXPECT_EQ(p.sink.records[0].substr(0, 21), "example.com. 120 SOA ");
  EXPECT_EQ(p.sink.records[1], "a.example.com. 120 A 192.0.2.1");
  EXPECT_EQ(p.sink.records[2], "b.example.com. 500 A 192.0.2.2");
  EXPECT_EQ(p.sink.records[3], "c.example.com. 120 A 192.0.2.3");
}

TEST(ZoneFileParser, NoTtlAnywhereIsAnError) {
  Parsed p = parse("www A 192.0.2.1\n");
  EXPECT_EQ(p.error_count, 1u);
  EXPECT_EQ(p.sink.errors,
            (Lines{"example.zone:1:1: error: no TTL specified and no $TTL or earlier TTL to "
                   "inherit"}));
}

TEST(ZoneFileParser, TtlAboveTwoToThe31IsZeroWithAWarning) {
  // RFC 2181 §8, as BIND does it.
  Parsed p =
      parse("$TTL 2147483648\na A 192.0.2.1\nb 4294967295 A 192.0.2.2\nc 2147483647 A 192.0.2.3\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.records, (Lines{"a.example.com. 0 A 192.0.2.1", "b.example.com. 0 A 192.0.2.2",
                                   "c.example.com. 2147483647 A 192.0.2.3"}));
  EXPECT_EQ(p.sink.warnings,
            (Lines{"example.zone:1:6: warning: TTL 2147483648 is above 2^31-1 (RFC 2181 "
                   "section 8), using 0",
                   "example.zone:3:3: warning: TTL 4294967295 is above 2^31-1 (RFC 2181 "
                   "section 8), using 0"}));
}

TEST(ZoneFileParser, RepeatedFieldsParseTheSameEveryTime) {
  // Types and TTLs are remembered between lines; the warning must still come every time,
  // and a differently written type must still be recognised.
  Parsed p = parse(
      "a 4294967295 A 192.0.2.1\n"
      "b 4294967295 a 192.0.2.2\n"
      "c 1h A 192.0.2.3\n"
      "d 1h aaaa 2001:db8::1\n");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_EQ(p.sink.warnings.size(), 2u);
  EXPECT_EQ(p.sink.records,
            (Lines{"a.example.com. 0 A 192.0.2.1", "b.example.com. 0 A 192.0.2.2",
                   "c.example.com. 3600 A 192.0.2.3", "d.example.com. 3600 AAAA 2001:db8::1"}));
}

TEST(ZoneFileParser, MultiLineSoaAndQuotedTxt) {
  Parsed p = parse(
      "$TTL 300\n"
      "@ IN SOA ns1 hostmaster (\n"
      "      2024010101 ; serial\n"
      "      3600 900 604800 300 )\n"
      "txt TXT \"hello world\" \"semi;colon\" \"q\\\"uote\" unquoted\n");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  ASSERT_EQ(p.sink.records.size(), 2u);
  EXPECT_EQ(p.sink.records[0],
            "example.com. 300 SOA ns1.example.com. hostmaster.example.com. 2024010101 3600 900 "
            "604800 300");
  EXPECT_EQ(p.sink.records[1],
            "txt.example.com. 300 TXT \"hello world\" \"semi;colon\" \"q\\\"uote\" \"unquoted\"");
}

TEST(ZoneFileParser, CrLfLineEndingsAndNoFinalNewline) {
  Parsed p = parse("$TTL 300\r\nwww A 192.0.2.1\r\n  TXT \"x\"\r\n\r\nmail A 192.0.2.2");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  EXPECT_EQ(p.sink.records,
            (Lines{"www.example.com. 300 A 192.0.2.1", "www.example.com. 300 TXT \"x\"",
                   "mail.example.com. 300 A 192.0.2.2"}));
}

// ----- errors: each with its line and column, and the parse goes on -----

TEST(ZoneFileParser, BadRdataPointsAtTheBadToken) {
  Parsed p = parse(
      "$TTL 300\n"
      "www     A 1.2.3\n"
      "ok A 192.0.2.1\n");
  EXPECT_EQ(p.error_count, 1u);
  ASSERT_EQ(p.sink.errors.size(), 1u);
  EXPECT_EQ(p.sink.errors[0].rfind("example.zone:2:11: error: ", 0), 0u) << p.sink.errors[0];
  EXPECT_NE(p.sink.errors[0].find("1.2.3"), std::string::npos) << p.sink.errors[0];
  EXPECT_EQ(p.sink.records, (Lines{"ok.example.com. 300 A 192.0.2.1"}));
}

TEST(ZoneFileParser, MissingRdataPointsAfterTheLastToken) {
  Parsed p = parse("$TTL 300\nwww A\n");
  ASSERT_EQ(p.sink.errors.size(), 1u);
  EXPECT_EQ(p.sink.errors[0].rfind("example.zone:2:6: error: ", 0), 0u) << p.sink.errors[0];
}

TEST(ZoneFileParser, UnknownTypeClassAndDirective) {
  Parsed p = parse(
      "$TTL 300\n"
      "www AAA 2001:db8::1\n"
      "www CH TXT \"x\"\n"
      "www 300 HS A 192.0.2.1\n"
      "$FOO bar\n"
      "www ANY 192.0.2.1\n"
      "ok A 192.0.2.1\n");
  EXPECT_EQ(p.error_count, 5u);
  EXPECT_EQ(p.sink.errors, (Lines{
                               "example.zone:2:5: error: unknown RR type 'AAA'",
                               "example.zone:3:5: error: class CH not supported, only IN",
                               "example.zone:4:9: error: class HS not supported, only IN",
                               "example.zone:5:1: error: unknown directive '$FOO'",
                               "example.zone:6:5: error: RR type 'ANY' cannot appear in zone data",
                           }));
  EXPECT_EQ(p.sink.records, (Lines{"ok.example.com. 300 A 192.0.2.1"}));
}

TEST(ZoneFileParser, MalformedRecordHeads) {
  Parsed p = parse(
      "$TTL 300\n"
      "a 300 400 A 192.0.2.1\n"
      "b IN IN A 192.0.2.1\n"
      "c 300 IN\n"
      "d 1x A 192.0.2.1\n"
      "e \"A\" 192.0.2.1\n");
  EXPECT_EQ(p.sink.errors, (Lines{
                               "example.zone:2:7: error: TTL given twice",
                               "example.zone:3:6: error: class given twice",
                               "example.zone:4:9: error: missing RR type",
                               "example.zone:5:3: error: bad TTL '1x'",
                               "example.zone:6:3: error: unknown RR type 'A'",
                           }));
  EXPECT_TRUE(p.sink.records.empty());
}

TEST(ZoneFileParser, NoOwnerOnTheFirstRecord) {
  Parsed p = parse("$TTL 300\n   A 192.0.2.1\nwww A 192.0.2.2\n");
  EXPECT_EQ(p.sink.errors, (Lines{"example.zone:2:4: error: no owner name on the first record"}));
  EXPECT_EQ(p.sink.records, (Lines{"www.example.com. 300 A 192.0.2.2"}));
}

TEST(ZoneFileParser, BadOwnerIsReportedOnceAndItsRecordsAreSkipped) {
  std::string long_label(64, 'x');
  Parsed p = parse("$TTL 300\n" + long_label + " A 192.0.2.1\n  A 192.0.2.2\nok A 192.0.2.3\n" +
                   "a..b A 192.0.2.4\n\"quoted\" A 192.0.2.5\n");
  EXPECT_EQ(p.sink.errors,
            (Lines{"example.zone:2:1: error: bad owner name '" + long_label +
                       "': label longer than 63 octets",
                   "example.zone:5:1: error: bad owner name 'a..b': empty label in domain name",
                   "example.zone:6:1: error: owner name must not be a quoted string"}));
  EXPECT_EQ(p.sink.records, (Lines{"ok.example.com. 300 A 192.0.2.3"}));
}

TEST(ZoneFileParser, LexicalErrorsCarryPositions) {
  Parsed p = parse(
      "$TTL 300\n"
      "a TXT \"open\n"
      "b A 192.0.2.1 )\n"
      "c TXT ( x ( y ) )\n"
      "d A 192.0.2.4\n"
      "e TXT ( \"x\"\n");
  EXPECT_EQ(p.sink.errors,
            (Lines{"example.zone:2:7: error: unterminated quoted string",
                   "example.zone:3:15: error: unbalanced parenthesis: ')' without '('",
                   "example.zone:4:11: error: nested parentheses",
                   "example.zone:6:7: error: unbalanced parenthesis: '(' is never closed"}));
  EXPECT_EQ(p.sink.records, (Lines{"d.example.com. 300 A 192.0.2.4"}));
}

TEST(ZoneFileParser, DirectiveArgumentErrors) {
  Parsed p = parse(
      "$ORIGIN\n"
      "$ORIGIN a b\n"
      "$ORIGIN a..b\n"
      "$TTL\n"
      "$TTL 1y\n"
      "$INCLUDE\n"
      "$INCLUDE a b c\n"
      "$GENERATE 1-2 x A\n");
  EXPECT_EQ(p.sink.errors,
            (Lines{
                "example.zone:1:8: error: missing argument, expected $ORIGIN domain-name",
                "example.zone:2:11: error: unexpected 'b', expected $ORIGIN domain-name",
                "example.zone:3:9: error: bad domain name 'a..b': empty label in domain name",
                "example.zone:4:5: error: missing argument, expected $TTL ttl",
                "example.zone:5:6: error: bad TTL '1y'",
                "example.zone:6:9: error: missing argument, expected $INCLUDE file-name [origin]",
                "example.zone:7:14: error: unexpected 'c', expected $INCLUDE file-name [origin]",
                "example.zone:8:18: error: missing argument, expected $GENERATE range lhs [ttl] "
                "[class] type rhs",
            }));
}

TEST(ZoneFileParser, StopsAfterMaxErrors) {
  ZoneFileOptions options = example_options();
  options.max_errors = 2;
  Parsed p = parse("$TTL 300\na AAA x\nb AAA x\nc AAA x\nd A 192.0.2.1\n", options);
  EXPECT_EQ(p.error_count, 2u);
  EXPECT_EQ(p.sink.warnings,
            (Lines{"example.zone:3:3: warning: too many errors, stopped reading the zone"}));
  EXPECT_TRUE(p.sink.records.empty());
}

TEST(ZoneFileParser, DiagnosticFormat) {
  Diagnostic d{false, "example.zone", 12, 9, "bad IPv4 address '1.2.3'"};
  EXPECT_EQ(d.to_string(), "example.zone:12:9: error: bad IPv4 address '1.2.3'");
  d.warning = true;
  d.line = 0;
  EXPECT_EQ(d.to_string(), "example.zone: warning: bad IPv4 address '1.2.3'");
}

// ----- files and $INCLUDE -----

TEST(ZoneFileParser, ReadsAFile) {
  Parsed p = parse_file(kZones + "basic.zone");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  ASSERT_EQ(p.sink.records.size(), 3u);
  EXPECT_EQ(p.sink.records[1], "example.com. 3600 NS ns1.example.com.");
  EXPECT_EQ(p.sink.locations[0], kZones + "basic.zone:3:1");
  EXPECT_EQ(p.sink.locations[1], kZones + "basic.zone:9:2");  // a tab counts as one column
}

TEST(ZoneFileParser, ReadsAnEmptyFile) {
  Parsed p = parse_file(kZones + "empty.zone");
  EXPECT_EQ(p.error_count, 0u);
  EXPECT_TRUE(p.sink.records.empty());
}

TEST(ZoneFileParser, MissingFile) {
  Parsed p = parse_file(kZones + "does-not-exist.zone");
  EXPECT_EQ(p.sink.errors, (Lines{kZones + "does-not-exist.zone: error: cannot read zone file: No "
                                           "such file or directory"}));
}

TEST(ZoneFileParser, IncludeWithOriginRevertsOriginAndOwner) {
  Parsed p = parse_file(kZones + "include_main.zone");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  EXPECT_EQ(p.sink.records, (Lines{
                                "www.example.com. 300 A 192.0.2.1",
                                "www.example.com. 300 TXT \"inherited\"",
                                "host.inc.example.com. 300 A 192.0.2.10",
                                "deep.inc.example.com. 300 A 192.0.2.20",
                                "host.inc.example.com. 300 A 192.0.2.11",
                                "x.other.example. 300 A 192.0.2.12",
                                "www.example.com. 300 A 192.0.2.2",
                                "rel.example.com. 300 A 192.0.2.3",
                            }));
  EXPECT_EQ(p.sink.warnings,
            (Lines{kZones + "sub/included.zone:2:2: warning: record with inherited owner "
                            "www.example.com. immediately after a change of origin"}));
  EXPECT_EQ(p.sink.locations[2], kZones + "sub/included.zone:3:1");
  EXPECT_EQ(p.sink.locations[3], kZones + "sub/nested.zone:1:1");
  EXPECT_EQ(p.sink.locations[6], kZones + "include_main.zone:6:2");
}

TEST(ZoneFileParser, IncludeLoops) {
  Parsed self = parse_file(kZones + "loop_self.zone");
  EXPECT_EQ(self.sink.errors, (Lines{kZones + "loop_self.zone:3:10: error: $INCLUDE loop: " +
                                     kZones + "loop_self.zone includes itself"}));
  EXPECT_EQ(self.sink.records.size(), 2u);  // the parse goes on after the loop

  Parsed pair = parse_file(kZones + "loop_a.zone");
  EXPECT_EQ(pair.sink.errors,
            (Lines{kZones + "loop_b.zone:2:10: error: $INCLUDE loop: " + kZones +
                   "loop_b.zone includes " + kZones + "loop_a.zone, which is already being read"}));
  EXPECT_EQ(pair.sink.records.size(), 2u);
}

TEST(ZoneFileParser, IncludeOfAMissingFileAndDisabledInclude) {
  Parsed p = parse("$INCLUDE no-such-file.zone\n");
  EXPECT_EQ(p.sink.errors, (Lines{"example.zone:1:10: error: cannot read $INCLUDE file "
                                  "'no-such-file.zone': No such file or directory"}));
  ZoneFileOptions options = example_options();
  options.allow_include = false;
  Parsed q = parse_file(kZones + "include_main.zone", options);
  EXPECT_EQ(q.sink.errors,
            (Lines{kZones + "include_main.zone:5:1: error: $INCLUDE is disabled here"}));
  EXPECT_EQ(q.sink.records.size(), 3u);
}

// Writes depth_0.zone ... depth_<n>.zone, each including the next.
std::string write_include_chain(int n) {
  // One directory per process: test runs from several build directories may overlap.
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("zonefile_chain_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (int i = 0; i <= n; ++i) {
    std::ofstream f(dir / ("depth_" + std::to_string(i) + ".zone"));
    f << "$INCLUDE depth_" << i + 1 << ".zone\n"
      << "d" << i << " 300 A 192.0.2.1\n";
  }
  return (dir / "depth_0.zone").string();
}

TEST(ZoneFileParser, IncludeDepthLimit) {
  std::string top = write_include_chain(11);
  Parsed p = parse_file(top);
  ASSERT_EQ(p.sink.errors.size(), 1u);
  std::string expected_file = (std::filesystem::path(top).parent_path() / "depth_10.zone").string();
  EXPECT_EQ(p.sink.errors[0], expected_file + ":1:10: error: $INCLUDE nesting deeper than 10");
  EXPECT_EQ(p.sink.records.size(), 11u);  // depth_0 ... depth_10
  std::filesystem::remove_all(std::filesystem::path(top).parent_path());

  ZoneFileOptions options = example_options();
  options.max_include_depth = 1;
  Parsed q = parse_file(kZones + "include_main.zone", options);
  EXPECT_EQ(q.sink.errors, (Lines{kZones + "sub/included.zone:4:10: error: $INCLUDE nesting "
                                           "deeper than 1"}));
}

// ----- $GENERATE -----

TEST(ZoneFileParser, GenerateBindManualExample) {
  // The BIND ARM's example and what it says the lines are equivalent to.
  Parsed p = parse(
      "$TTL 3600\n"
      "$ORIGIN 0.0.192.IN-ADDR.ARPA.\n"
      "$GENERATE 1-2 @ NS SERVER$.EXAMPLE.\n"
      "$GENERATE 1-127 $ CNAME $.0\n");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  ASSERT_EQ(p.sink.records.size(), 129u);
  EXPECT_EQ(p.sink.records[0], "0.0.192.IN-ADDR.ARPA. 3600 NS SERVER1.EXAMPLE.");
  EXPECT_EQ(p.sink.records[1], "0.0.192.IN-ADDR.ARPA. 3600 NS SERVER2.EXAMPLE.");
  EXPECT_EQ(p.sink.records[2], "1.0.0.192.IN-ADDR.ARPA. 3600 CNAME 1.0.0.0.192.IN-ADDR.ARPA.");
  EXPECT_EQ(p.sink.records[128],
            "127.0.0.192.IN-ADDR.ARPA. 3600 CNAME 127.0.0.0.192.IN-ADDR.ARPA.");
  EXPECT_EQ(p.sink.locations[128], "example.zone:4:1");
}

TEST(ZoneFileParser, GenerateModifiersStepTtlAndClass) {
  Parsed p = parse(
      "$TTL 3600\n"
      "$GENERATE 1024-1026/2 ${0,3,n} 60 IN AAAA 2001:db8::${0,4,x}\n"
      "$GENERATE 8-10 host${-8,2,d} IN 1h A 192.0.2.${0,0,d}\n"
      "$GENERATE 10-11 h${0,3,o}-${0,0,X} A 192.0.2.$\n");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  EXPECT_EQ(p.sink.records, (Lines{
                                "0.0.4.example.com. 60 AAAA 2001:db8::400",
                                "2.0.4.example.com. 60 AAAA 2001:db8::402",
                                "host00.example.com. 3600 A 192.0.2.8",
                                "host01.example.com. 3600 A 192.0.2.9",
                                "host02.example.com. 3600 A 192.0.2.10",
                                "h012-A.example.com. 3600 A 192.0.2.10",
                                "h013-B.example.com. 3600 A 192.0.2.11",
                            }));
}

TEST(ZoneFileParser, GenerateAnyTypeAndLiteralDollars) {
  Parsed p = parse(
      "$TTL 300\n"
      "$GENERATE 1-2 mx$ MX \"10 mail$\"\n"       // BIND: one quoted rhs is read as RDATA text
      "$GENERATE 1-1 txt$ TXT \"a $\" b\\$ $$\n"  // several rhs tokens keep their quoting
      "$GENERATE 3-3 a\\$$ A 192.0.2.$\n");
  EXPECT_EQ(p.error_count, 0u) << (p.sink.errors.empty() ? "" : p.sink.errors[0]);
  EXPECT_EQ(p.sink.records, (Lines{
                                "mx1.example.com. 300 MX 10 mail1.example.com.",
                                "mx2.example.com. 300 MX 10 mail2.example.com.",
                                "txt1.example.com. 300 TXT \"a 1\" \"b$\" \"$\"",
                                "a\\$3.example.com. 300 A 192.0.2.3",
                            }));
}

TEST(ZoneFileParser, GenerateDoesNotChangeTheCurrentOwner) {
  Parsed p = parse("$TTL 300\nwww A 192.0.2.1\n$GENERATE 1-1 g$ A 192.0.2.2\n  A 192.0.2.3\n");
  EXPECT_EQ(p.sink.records.back(), "www.example.com. 300 A 192.0.2.3");
}

TEST(ZoneFileParser, GenerateErrors) {
  ZoneFileOptions options = example_options();
  options.max_generate = 100;
  Parsed p = parse(
      "$TTL 300\n"
      "$GENERATE 5-1 x$ A 192.0.2.1\n"
      "$GENERATE 1-101 x$ A 192.0.2.1\n"
      "$GENERATE 1-2 x${1,2,q} A 192.0.2.1\n"
      "$GENERATE 1-2 x$ A 192.0.2.${0,3,z}\n"
      "$GENERATE 1-2 x$ AAA 192.0.2.1\n"
      "$GENERATE 255-300 x$ A 192.0.2.$\n"
      "$GENERATE 1-2 x$..y A 192.0.2.1\n",
      options);
  ASSERT_EQ(p.sink.errors.size(), 7u);
  EXPECT_EQ(p.sink.errors[0], "example.zone:2:11: error: $GENERATE range start is above its stop");
  EXPECT_EQ(p.sink.errors[1],
            "example.zone:3:11: error: $GENERATE would create 101 records, more than the limit "
            "of 100");
  EXPECT_EQ(
      p.sink.errors[2].rfind("example.zone:4:15: error: bad $GENERATE modifier '${1,2,q}'", 0), 0u);
  EXPECT_EQ(
      p.sink.errors[3].rfind("example.zone:5:20: error: bad $GENERATE modifier '${0,3,z}'", 0), 0u);
  EXPECT_EQ(p.sink.errors[4], "example.zone:6:18: error: unknown RR type 'AAA'");
  // The RDATA of the second record (256) is bad: one error, with the iterator value.
  EXPECT_EQ(p.sink.errors[5].rfind("example.zone:7:24: error: $GENERATE at $ = 256: ", 0), 0u)
      << p.sink.errors[5];
  EXPECT_EQ(p.sink.errors[6],
            "example.zone:8:15: error: $GENERATE at $ = 1: bad owner name 'x1..y': empty label "
            "in domain name");
  EXPECT_EQ(p.sink.records, (Lines{"x255.example.com. 300 A 192.0.2.255"}));
}

}  // namespace
}  // namespace zoned::zone
