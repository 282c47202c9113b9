// zoned-checkconf --from-bind: the named.conf parser (comments, strings, blocks, includes,
// errors with their lines) and each translation rule.
#include "config/bind_import.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace zoned::config {
namespace {

BindParseResult parse(std::string_view text, const std::map<std::string, std::string>& files = {}) {
  return parse_bind_text(text, "named.conf",
                         [&files](const std::string& name) -> std::optional<std::string> {
                           auto found = files.find(name);
                           if (found == files.end()) return std::nullopt;
                           return found->second;
                         });
}

BindImport translate(std::string_view text, const std::map<std::string, std::string>& files = {}) {
  BindParseResult parsed = parse(text, files);
  EXPECT_TRUE(parsed.ok()) << parsed.error;
  return translate_bind(parsed.statements);
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

// The one not-translated message containing `part`, or "" (with a test failure).
std::string report_with(const BindImport& result, const std::string& part) {
  for (const std::string& line : result.not_translated) {
    if (line.find(part) != std::string::npos) return line;
  }
  ADD_FAILURE() << "no report with " << part;
  return "";
}

// ---- parser ----

TEST(BindParse, StatementsBlocksAndStrings) {
  BindParseResult parsed = parse(
      "options { directory \"/var/named dir\"; };\nzone \"a\" IN {\n"
      "  type primary; };");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  ASSERT_EQ(parsed.statements.size(), 2u);
  const BindStatement& options = parsed.statements[0];
  EXPECT_EQ(options.keyword(), "options");
  ASSERT_NE(options.block(), nullptr);
  ASSERT_EQ(options.block()->size(), 1u);
  EXPECT_EQ(options.block()->front().words(),
            (std::vector<std::string>{"directory", "/var/named dir"}));
  EXPECT_TRUE(options.block()->front().values[1].quoted);
  const BindStatement& zone = parsed.statements[1];
  EXPECT_EQ(zone.words(), (std::vector<std::string>{"zone", "a", "IN"}));
  EXPECT_EQ(zone.line, 2u);
  EXPECT_EQ(zone.block()->front().line, 3u);
  EXPECT_EQ(zone.file, "named.conf");
}

TEST(BindParse, ThreeCommentStylesAndLineCounting) {
  BindParseResult parsed = parse(
      "// line one\n# line two\n/* three\n four */ acl x { 10.0.0.1; # c\n"
      "10.0.0.2; // d\n/* e */ 10.0.0.3; };\nkey k { secret \"a//b#c/*d\"; };");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  ASSERT_EQ(parsed.statements.size(), 2u);
  const std::vector<BindStatement>& list = *parsed.statements[0].block();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(parsed.statements[0].line, 4u);
  EXPECT_EQ(list[1].keyword(), "10.0.0.2");
  EXPECT_EQ(list[1].line, 5u);
  EXPECT_EQ(list[2].line, 6u);
  EXPECT_EQ(parsed.statements[1].block()->front().words()[1], "a//b#c/*d");
  EXPECT_EQ(parsed.statements[1].line, 7u);
}

TEST(BindParse, NestedBlocksAndSeveralBlocksInOneStatement) {
  BindParseResult parsed =
      parse("controls { inet 127.0.0.1 allow { localhost; { 10/8; }; } keys { k; }; };");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  const BindStatement& inet = parsed.statements[0].block()->front();
  ASSERT_EQ(inet.values.size(), 6u);
  EXPECT_TRUE(inet.values[3].is_block);
  EXPECT_TRUE(inet.values[5].is_block);
  const BindStatement& nested = (*inet.block())[1];
  ASSERT_NE(nested.block(), nullptr);
  EXPECT_EQ(nested.block()->front().keyword(), "10/8");
}

TEST(BindParse, StringEscapes) {
  BindParseResult parsed = parse("a \"q\\\"uote\\\\\";");
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  EXPECT_EQ(parsed.statements[0].values[1].text, "q\"uote\\");
}

TEST(BindParse, ErrorsNameFileAndLine) {
  EXPECT_EQ(parse("zone \"a\" {\n type primary\n};").error, "named.conf:3: missing ';' before '}'");
  EXPECT_EQ(parse("zone \"a\" {\n type primary;\n").error,
            "named.conf:3: end of file: missing '}' for the '{' of line 1");
  EXPECT_EQ(parse("options { };\n};").error, "named.conf:2: '}' without a matching '{'");
  EXPECT_EQ(parse("a;\nb \"x\n\n").error, "named.conf:2: unterminated string");
  EXPECT_EQ(parse("a;\n/* x\n").error, "named.conf:2: unterminated /* comment");
  EXPECT_EQ(parse("a;\nzone \"x\" { }").error,
            "named.conf:2: end of file: missing ';' after the statement of line 2");
}

TEST(BindParse, IncludeIsReadRelativeToTheIncludingFile) {
  std::map<std::string, std::string> files = {
      {"conf/keys.conf", "key k {\n algorithm hmac-sha256; secret \"AAAA\"; };\n"},
      {"/abs/acl.conf", "acl a { 10.0.0.1; };"}};
  BindParseResult parsed = parse_bind_text(
      "include \"keys.conf\";\ninclude \"/abs/acl.conf\"; zone \"x\" { type primary; };",
      "conf/named.conf", [&files](const std::string& name) -> std::optional<std::string> {
        auto found = files.find(name);
        if (found == files.end()) return std::nullopt;
        return found->second;
      });
  ASSERT_TRUE(parsed.ok()) << parsed.error;
  ASSERT_EQ(parsed.statements.size(), 3u);
  EXPECT_EQ(parsed.statements[0].keyword(), "key");
  EXPECT_EQ(parsed.statements[0].file, "conf/keys.conf");
  EXPECT_EQ(parsed.statements[0].line, 1u);
  EXPECT_EQ(parsed.statements[1].file, "/abs/acl.conf");
  EXPECT_EQ(parsed.statements[2].file, "conf/named.conf");
  EXPECT_EQ(parsed.statements[2].line, 2u);
}

TEST(BindParse, IncludeErrors) {
  EXPECT_EQ(parse("\ninclude \"missing.conf\";").error,
            "named.conf:2: cannot read include file \"missing.conf\"");
  EXPECT_EQ(parse("include \"bad.conf\";", {{"bad.conf", "a {"}}).error,
            "bad.conf:1: end of file: missing '}' for the '{' of line 1");
  EXPECT_EQ(parse("include \"self.conf\";", {{"self.conf", "include \"self.conf\";"}}).error,
            "self.conf:1: includes nested too deeply");
}

// ---- translation ----

TEST(BindTranslate, KeysBecomeKeyClauses) {
  BindImport result = translate(
      "key \"tsig.example\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n"
      "key old { algorithm hmac-md5.sig-alg.reg.int; secret \"b2xk\"; };\n"
      "key short { algorithm hmac-sha256-128; secret \"c2VjcmV0\"; };");
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "key:\n\tname: \"tsig.example\"\n\talgorithm: "
                       "hmac-sha256\n\tsecret: \"c2VjcmV0\""));
  EXPECT_TRUE(has_line(result.nsd_conf, "\tname: \"old\"\n\talgorithm: hmac-md5"));
  EXPECT_EQ(result.nsd_conf.find("short"), std::string::npos);
  EXPECT_EQ(report_with(result, "short"),
            "named.conf:3: key \"short\" algorithm hmac-sha256-128: not translated (an algorithm "
            "zoned does not have)");
  EXPECT_EQ(result.exit_code(), 1);
}

TEST(BindTranslate, GuidePrimary) {
  BindImport result = translate(
      "zone \"example.com\" {\n type master;\n file \"/etc/bind/zones/example.com.zone\";\n"
      " allow-transfer { 10.0.0.2; };\n also-notify { 10.0.0.2; };\n};");
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "zone:\n\tname: \"example.com\"\n\tzonefile: "
                       "\"/etc/bind/zones/example.com.zone\"\n\tprovide-xfr: 10.0.0.2 NOKEY\n"
                       "\tnotify: 10.0.0.2 NOKEY"));
  // notify yes (BIND's default) also notifies the NS servers.
  ASSERT_EQ(result.not_translated.size(), 1u);
  EXPECT_EQ(result.not_translated[0].rfind("named.conf:1: zone \"example.com\" notify yes: not "
                                           "translated (BIND also notifies",
                                           0),
            0u);
  EXPECT_EQ(result.exit_code(), 1);
}

TEST(BindTranslate, NotifyExplicitTranslatesEverything) {
  BindImport result = translate(
      "options { notify explicit; also-notify { 10.0.0.2 port 5300; 10.0.0.3; }; };\n"
      "zone \"a\" { type primary; file \"a\"; allow-transfer { none; }; };\n"
      "zone \"b\" { type primary; file \"b\"; allow-transfer { 10.0.0.2; };\n"
      "  also-notify { 10.0.0.9; }; };");
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "\tzonefile: \"a\"\n\tnotify: 10.0.0.2@5300 NOKEY\n"
                       "\tnotify: 10.0.0.3 NOKEY"));
  EXPECT_TRUE(has_line(result.nsd_conf, "\tprovide-xfr: 10.0.0.2 NOKEY\n\tnotify: 10.0.0.9 NOKEY"));
  // The zone's own also-notify replaces the options' one.
  std::string zone_b = result.nsd_conf.substr(result.nsd_conf.find("\tname: \"b\""));
  EXPECT_EQ(zone_b.find("10.0.0.3"), std::string::npos);
  EXPECT_TRUE(result.not_translated.empty()) << result.not_translated[0];
  EXPECT_EQ(result.exit_code(), 0);
}

TEST(BindTranslate, NotifyNoSendsNothing) {
  BindImport result = translate(
      "zone \"a\" { type primary; file \"a\"; allow-transfer { none; }; notify no;\n"
      " also-notify { 10.0.0.2; }; };");
  EXPECT_EQ(result.nsd_conf.find("notify:"), std::string::npos);
  EXPECT_EQ(result.exit_code(), 0);
  ASSERT_EQ(result.notes.size(), 1u);
}

TEST(BindTranslate, AllowTransferKeysAndAddresses) {
  BindImport result = translate(
      "key k { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n"
      "acl sec { 192.0.2.0/24; { 2001:db8::1; }; };\n"
      "zone \"a\" { type primary; file \"a\"; notify explicit;\n"
      " allow-transfer { key k; sec; 10.0.0.5 key k; !10.9.9.9; }; };");
  std::string expected =
      "\tprovide-xfr: 0.0.0.0/0 k\n\tprovide-xfr: ::0/0 k\n\tprovide-xfr: 192.0.2.0/24 NOKEY\n"
      "\tprovide-xfr: 2001:db8::1 NOKEY\n\tprovide-xfr: 10.0.0.5 k\n";
  EXPECT_NE(result.nsd_conf.find(expected), std::string::npos) << result.nsd_conf;
  // A negation after allowing elements would mean something else in NSD.
  EXPECT_EQ(report_with(result, "!10.9.9.9")
                .rfind("named.conf:4: zone \"a\" allow-transfer "
                       "!10.9.9.9: not translated (",
                       0),
            0u);
}

TEST(BindTranslate, LeadingNegationIsBlocked) {
  BindImport result = translate(
      "acl inner { !10.0.0.66; 10.0.0.0/8; };\n"
      "zone \"a\" { type primary; file \"a\"; notify explicit; allow-transfer { inner; }; };");
  EXPECT_NE(result.nsd_conf.find("\tprovide-xfr: 10.0.0.66 BLOCKED\n"
                                 "\tprovide-xfr: 10.0.0.0/8 NOKEY\n"),
            std::string::npos);
  EXPECT_EQ(result.exit_code(), 0);
}

TEST(BindTranslate, AllowTransferNoneAndDefault) {
  BindImport none = translate(
      "zone \"a\" { type primary; file \"a\"; notify explicit; allow-transfer { none; }; };");
  EXPECT_EQ(none.nsd_conf.find("provide-xfr"), std::string::npos);
  BindImport any = translate("zone \"a\" { type primary; file \"a\"; notify explicit; };");
  EXPECT_NE(any.nsd_conf.find("\tprovide-xfr: 0.0.0.0/0 NOKEY\n\tprovide-xfr: ::0/0 NOKEY\n"),
            std::string::npos);
  EXPECT_EQ(any.exit_code(), 0);
  ASSERT_EQ(any.notes.size(), 1u);  // BIND's default, said out loud
}

TEST(BindTranslate, UnknownAclAndKeyAndLocalhost) {
  BindImport result = translate(
      "zone \"a\" { type primary; file \"a\"; notify explicit;\n"
      " allow-transfer { nosuch; key nokey; localhost; }; };");
  EXPECT_EQ(result.not_translated.size(), 3u);
  EXPECT_EQ(report_with(result, "nosuch"),
            "named.conf:2: zone \"a\" allow-transfer nosuch: not translated (not an address, "
            "key or known acl)");
  report_with(result, "key nokey");
  report_with(result, "localhost");
}

TEST(BindTranslate, SecondaryWithPrimariesListsAndKeys) {
  BindImport result = translate(
      "key pk { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n"
      "key sk { algorithm hmac-sha256; secret \"c2VjcmV0\"; };\n"
      "primaries up port 5300 { 192.0.2.1 key pk; 2001:db8::1; };\n"
      "masters old { 203.0.113.5; };\n"
      "server 203.0.113.5 { keys { sk; }; };\n"
      "zone \"a\" { type slave; file \"a\"; notify explicit; allow-transfer { none; };\n"
      " masters { up; old; 198.51.100.1 port 53 key pk; }; allow-notify { 10.0.0.1; }; };");
  std::string expected =
      "\tallow-notify: 192.0.2.1 NOKEY\n\tallow-notify: 192.0.2.1 pk\n"
      "\tallow-notify: 2001:db8::1 NOKEY\n"
      "\tallow-notify: 203.0.113.5 NOKEY\n\tallow-notify: 203.0.113.5 sk\n"
      "\tallow-notify: 198.51.100.1 NOKEY\n\tallow-notify: 198.51.100.1 pk\n"
      "\tallow-notify: 10.0.0.1 NOKEY\n"
      "\trequest-xfr: 192.0.2.1@5300 pk\n\trequest-xfr: 2001:db8::1@5300 NOKEY\n"
      "\trequest-xfr: 203.0.113.5 sk\n\trequest-xfr: 198.51.100.1@53 pk\n";
  EXPECT_NE(result.nsd_conf.find(expected), std::string::npos) << result.nsd_conf;
  EXPECT_EQ(result.exit_code(), 0) << result.not_translated[0];
}

TEST(BindTranslate, GuideSecondary) {
  BindImport result = translate(
      "zone \"example.com\" {\n type slave;\n file \"/var/cache/bind/example.com.zone\";\n"
      " masters { 10.0.0.1; };\n allow-transfer { none; };\n};");
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "\tzonefile: \"/var/cache/bind/example.com.zone\"\n"
                       "\tallow-notify: 10.0.0.1 NOKEY\n\trequest-xfr: 10.0.0.1 NOKEY"));
  EXPECT_EQ(result.nsd_conf.find("provide-xfr"), std::string::npos);
  ASSERT_EQ(result.not_translated.size(), 1u);  // notify yes: the NS-derived NOTIFYs
  report_with(result, "notify yes");
}

TEST(BindTranslate, SecondaryWithoutPrimaries) {
  BindImport result = translate("zone \"a\" { type secondary; notify explicit; };");
  report_with(result, "no primaries");
}

TEST(BindTranslate, OptionsServerClause) {
  BindImport result = translate(
      "options { directory \"/var/named\"; pid-file \"/run/n.pid\"; recursion no;\n"
      " listen-on port 5353 { 127.0.0.1; 192.0.2.1; }; listen-on-v6 port 5353 { ::1; }; };");
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "server:\n\tzonesdir: \"/var/named\"\n\tpidfile: \"/run/n.pid\"\n"
                       "\tport: 5353\n\tip-address: 127.0.0.1\n\tip-address: 192.0.2.1\n"
                       "\tip-address: ::1"));
  EXPECT_EQ(result.exit_code(), 0);
}

TEST(BindTranslate, ListenOnDefaultsAndMixedPorts) {
  // BIND listens on every address by default, as NSD does without ip-address:.
  BindImport wildcard = translate("options { listen-on { any; }; };");
  EXPECT_EQ(wildcard.nsd_conf.find("server:"), std::string::npos);
  BindImport mixed = translate(
      "options { listen-on port 5300 { 127.0.0.1; }; listen-on-v6 { none; };\n"
      " listen-on { 127.0.0.2; }; };");
  EXPECT_TRUE(has_line(mixed.nsd_conf,
                       "server:\n\tip-address: 127.0.0.1@5300\n\tip-address: 127.0.0.2@53"));
  BindImport v4only = translate("options { listen-on { 127.0.0.1; }; };");
  EXPECT_TRUE(has_line(v4only.nsd_conf, "server:\n\tip-address: 127.0.0.1\n\tip-address: ::"));
  BindImport prefix = translate("options { listen-on { 10.0.0.0/8; }; };");
  report_with(prefix, "listen-on 10.0.0.0/8");
}

TEST(BindTranslate, ZoneDefaultsComeFromOptionsAndZoneOverrides) {
  BindImport result = translate(
      "options { allow-transfer { 10.0.0.1; }; notify explicit; allow-query { 10.0.0.0/8; }; };\n"
      "zone \"a\" { type primary; file \"a\"; };\n"
      "zone \"b\" { type primary; file \"b\"; allow-transfer { 10.0.0.2; }; };");
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "\tzonefile: \"a\"\n\tprovide-xfr: 10.0.0.1 NOKEY\n"
                       "\tallow-query: 10.0.0.0/8 NOKEY"));
  EXPECT_TRUE(has_line(result.nsd_conf,
                       "\tzonefile: \"b\"\n\tprovide-xfr: 10.0.0.2 NOKEY\n"
                       "\tallow-query: 10.0.0.0/8 NOKEY"));
  EXPECT_EQ(result.exit_code(), 0);
}

TEST(BindTranslate, WhatIsNotTranslatedIsReportedWithItsLine) {
  BindImport result = translate(
      "options { notify explicit; allow-transfer { none; }; };\n"
      "view \"v\" { zone \"x\" { type primary; file \"x\"; }; };\n"
      "zone \"fwd\" { type forward; forwarders { 1.2.3.4; }; };\n"
      "zone \".\" { type hint; file \"root\"; };\n"
      "zone \"st\" { type stub; masters { 1.2.3.4; }; };\n"
      "zone \"mi\" { type mirror; };\n"
      "zone \"re\" { type redirect; file \"r\"; };\n"
      "zone \"dyn\" { type primary; file \"d\";\n"
      " update-policy { grant k zonesub ANY; };\n"
      " allow-update { 10.0.0.1; };\n"
      " dnssec-policy default; };\n"
      "zone \"iv\" { in-view \"v\"; };\n"
      "logging { };\n");
  EXPECT_EQ(report_with(result, "view"),
            "named.conf:2: view \"v\": not translated (zoned has no views; none of its zones are "
            "translated)");
  report_with(result, "named.conf:3: zone \"fwd\" type forward: not translated");
  report_with(result, "named.conf:4: zone \".\" type hint: not translated");
  report_with(result, "named.conf:5: zone \"st\" type stub: not translated");
  report_with(result, "named.conf:6: zone \"mi\" type mirror: not translated");
  report_with(result, "named.conf:7: zone \"re\" type redirect: not translated");
  report_with(result, "named.conf:9: zone \"dyn\" update-policy: not translated (dynamic");
  report_with(result, "named.conf:10: zone \"dyn\" allow-update: not translated (dynamic");
  report_with(result, "named.conf:11: zone \"dyn\" dnssec-policy: not translated");
  report_with(result, "named.conf:12: zone \"iv\" in-view: not translated");
  report_with(result, "named.conf:13: logging: not translated");
  EXPECT_EQ(result.not_translated.size(), 11u);
  // The dynamic zone itself is still served, from its file.
  EXPECT_TRUE(has_line(result.nsd_conf, "zone:\n\tname: \"dyn\"\n\tzonefile: \"d\""));
  for (const char* absent : {"\"fwd\"", "\"st\"", "\"mi\"", "\"re\"", "\"iv\"", "\"x\""}) {
    EXPECT_EQ(result.nsd_conf.find(absent), std::string::npos) << absent;
  }
  EXPECT_EQ(result.exit_code(), 1);
}

TEST(BindTranslate, ParseErrorIsExitTwo) {
  BindImport result = import_bind_text("zone \"a\" {", "named.conf");
  EXPECT_EQ(result.exit_code(), 2);
  EXPECT_EQ(result.error, "named.conf:1: end of file: missing '}' for the '{' of line 1");
  EXPECT_TRUE(result.nsd_conf.empty());
}

}  // namespace
}  // namespace zoned::config
