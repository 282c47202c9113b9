// RDATA presentation <-> wire, checked against dnspython (tests/vectors/rdata_vectors.txt),
// plus the error messages, rdata_is_valid(), rdata_canonicalize() and rdata_names().
#include "wire/rdata.h"

#include <gtest/gtest.h>

#include "test_hex.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "wire/rrtype.h"
#include "wire/rrtype_table.h"

namespace zoned::wire {
namespace {

using test::from_hex;
using test::to_hex;

// ----- helpers -----

// Splits text the way the zone-file lexer does: blanks separate tokens, '"' starts a quoted
// token and ends an unquoted one (so `alpn="h2"` arrives as `alpn=` and a quoted `h2`), and
// a backslash keeps the next character in the token. Escapes stay in the token text.
std::vector<TextToken> tokenize(std::string_view text) {
  std::vector<TextToken> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    bool quoted = text[i] == '"';
    std::size_t start = quoted ? ++i : i;
    while (i < text.size()) {
      char c = text[i];
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (quoted ? c == '"' : (c == ' ' || c == '\t' || c == '"')) break;
      ++i;
    }
    i = std::min(i, text.size());
    tokens.push_back({text.substr(start, i - start), quoted});
    if (quoted) ++i;  // closing quote
  }
  return tokens;
}

Name name_of(std::string_view text) {
  Name n;
  EXPECT_EQ(parse_name(text, nullptr, n), NameTextError::kOk) << text;
  return n;
}

struct Parsed {
  RdataTextResult result;
  std::vector<std::uint8_t> wire;
};

Parsed parse(std::uint16_t type, std::string_view text, std::string_view origin = "example.") {
  Name o = name_of(origin);
  std::vector<TextToken> tokens = tokenize(text);
  Parsed p;
  p.wire.resize(65535);
  p.result = rdata_from_text(type, tokens, o, p.wire);
  p.wire.resize(p.result.ok ? p.result.length : 0);
  return p;
}

std::vector<std::uint8_t> wire_of(std::uint16_t type, std::string_view text) {
  Parsed p = parse(type, text);
  EXPECT_TRUE(p.result.ok) << type_to_text(type) << " " << text << ": " << p.result.error;
  return p.wire;
}

std::string text_of(std::uint16_t type, std::span<const std::uint8_t> wire) {
  std::string s;
  rdata_to_text(type, wire, s);
  return s;
}

// Parses and prints again: the canonical form of an input.
std::string canonical(std::uint16_t type, std::string_view text) {
  return text_of(type, wire_of(type, text));
}

// ----- the dnspython vectors -----

struct Vector {
  int line = 0;
  std::string type_text;
  std::uint16_t type = 0;
  std::vector<std::uint8_t> wire;
  std::string text;  // dnspython's
  std::string input;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
    fields.push_back(line.substr(start, tab - start));
  fields.push_back(line.substr(start));
  return fields;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> all = [] {
    std::vector<Vector> v;
    std::ifstream in(ZONED_TEST_DATA "/vectors/rdata_vectors.txt");
    EXPECT_TRUE(in.good()) << "cannot read rdata_vectors.txt";
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> f = split_tabs(line);
      EXPECT_EQ(f.size(), 4u) << "line " << n;
      if (f.size() != 4) continue;
      std::optional<std::uint16_t> type = type_from_text(f[0]);
      EXPECT_TRUE(type) << f[0];
      v.push_back({n, f[0], type.value_or(0), from_hex(f[1]), f[2], f[3]});
    }
    return v;
  }();
  return all;
}

// Where dnspython's text is not ours, and why:
//  * dnspython prints hex in lowercase; we print it uppercase as BIND does (DS digests,
//    SSHFP, TLSA/SMIMEA, ZONEMD, NSEC3 salts, "\#" data). Hex tokens of those types compare
//    case-insensitively. (EUI-48/64, NSAP and ILNP locators are lowercase in both.)
//  * dnspython leaves a space after a final empty field ("\# 0 ", "192.0.2.1 6 "); we do not.
bool hex_printed_uppercase(const Vector& v) {
  static const std::set<std::uint16_t> kTypes = {
      rrtype::DS,   rrtype::CDS,    rrtype::DLV,    rrtype::TA,    rrtype::SSHFP,
      rrtype::TLSA, rrtype::SMIMEA, rrtype::ZONEMD, rrtype::NSEC3, rrtype::NSEC3PARAM};
  return kTypes.count(v.type) > 0 || v.text.rfind("\\# ", 0) == 0;
}

bool is_hex_token(std::string_view t) {
  if (t.empty()) return false;
  for (char c : t)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool same_ignoring_hex_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t start = 0;
  while (start <= a.size()) {
    std::size_t end = std::min(a.find(' ', start), a.size());
    std::string_view x = a.substr(start, end - start), y = b.substr(start, end - start);
    bool both_hex = is_hex_token(x) && is_hex_token(y);
    for (std::size_t i = 0; i < x.size(); ++i) {
      bool same = both_hex ? std::tolower(static_cast<unsigned char>(x[i])) ==
                                 std::tolower(static_cast<unsigned char>(y[i]))
                           : x[i] == y[i];
      if (!same) return false;
    }
    start = end + 1;
  }
  return true;
}

std::string expected_text(const Vector& v) {
  std::string t = v.text;
  while (!t.empty() && t.back() == ' ')
    t.pop_back();
  return t;
}

TEST(RdataVectors, Loaded) {
  EXPECT_GT(vectors().size(), 150u);
}

TEST(RdataVectors, WireMatchesDnspython) {
  for (const Vector& v : vectors()) {
    Parsed p = parse(v.type, v.input);
    ASSERT_TRUE(p.result.ok) << "line " << v.line << ": " << v.type_text << " " << v.input << ": "
                             << p.result.error;
    EXPECT_EQ(to_hex(p.wire), to_hex(v.wire)) << "line " << v.line << ": " << v.input;
    EXPECT_TRUE(rdata_is_valid(v.type, p.wire)) << "line " << v.line;
  }
}

TEST(RdataVectors, TextMatchesDnspython) {
  for (const Vector& v : vectors()) {
    std::string ours = text_of(v.type, v.wire);
    std::string theirs = expected_text(v);
    if (hex_printed_uppercase(v)) {
      EXPECT_TRUE(same_ignoring_hex_case(ours, theirs))
          << "line " << v.line << "\n ours: " << ours << "\ntheirs: " << theirs;
    } else {
      EXPECT_EQ(ours, theirs) << "line " << v.line;
    }
  }
}

TEST(RdataVectors, TextParsesBackToTheSameWire) {
  for (const Vector& v : vectors()) {
    std::string ours = text_of(v.type, v.wire);
    Parsed p = parse(v.type, ours, ".");
    ASSERT_TRUE(p.result.ok) << "line " << v.line << ": " << ours << ": " << p.result.error;
    EXPECT_EQ(to_hex(p.wire), to_hex(v.wire)) << "line " << v.line << ": " << ours;
    EXPECT_EQ(text_of(v.type, p.wire), ours) << "line " << v.line;
  }
}

TEST(RdataVectors, CoverEveryTypeWithAPresentationFormat) {
  std::set<std::uint16_t> covered;
  for (const Vector& v : vectors())
    covered.insert(v.type);
  for (std::uint32_t code = 0; code <= 65535; ++code) {
    const TypeSpec* spec = find_type(static_cast<std::uint16_t>(code));
    if (spec == nullptr || spec->fields.empty()) continue;
    EXPECT_TRUE(covered.count(spec->code)) << spec->mnemonic << " has no vector";
  }
}

// Mutated wire forms of the vectors: whenever rdata_is_valid() accepts one, its text must
// parse back to exactly those octets (through "\#" when the typed form cannot express them).
TEST(RdataVectors, ValidWirePrintsExactly) {
  std::mt19937 rng(20240101);
  Name root;
  std::vector<std::uint8_t> buffer(65535);
  std::size_t checked = 0;
  for (const Vector& v : vectors()) {
    for (int round = 0; round < 300; ++round) {
      std::vector<std::uint8_t> w = v.wire;
      switch (rng() % 4) {
        case 0:
          if (!w.empty()) w[rng() % w.size()] = static_cast<std::uint8_t>(rng());
          break;
        case 1:
          if (!w.empty()) w.resize(rng() % w.size());
          break;
        case 2:
          w.push_back(static_cast<std::uint8_t>(rng()));
          break;
        default:
          if (!w.empty()) w[rng() % w.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      }
      if (!rdata_is_valid(v.type, w)) continue;
      ++checked;
      std::string text = text_of(v.type, w);
      std::vector<TextToken> tokens = tokenize(text);
      RdataTextResult r = rdata_from_text(v.type, tokens, root, buffer);
      ASSERT_TRUE(r.ok) << v.type_text << " " << to_hex(w).substr(0, 200) << " -> "
                        << text.substr(0, 200) << ": " << r.error;
      ASSERT_EQ(to_hex({buffer.data(), r.length}), to_hex(w)) << v.type_text << " " << text;
    }
  }
  EXPECT_GT(checked, 10000u);
}

// ----- differences from dnspython, kept on purpose -----

// An ALPN id containing '"' or a non-printable octet: dnspython escapes it at the inner
// (comma) level too ("\\\"", "\\001") and cannot read its own "\\001" back as octet 1. We
// escape those only at the zone-file level, as RFC 9460 Appendix A.1 describes.
TEST(RdataDifferences, SvcbAlpnQuoteAndControlOctets) {
  std::vector<std::uint8_t> w = {0, 1, 0, 0, 1, 0, 4, 3, 'a', '"', 1};
  EXPECT_EQ(text_of(rrtype::SVCB, w), R"(1 . alpn="a\"\001")");
  EXPECT_EQ(wire_of(rrtype::SVCB, R"(1 . alpn="a\"\001")"), w);
}

// dnspython reads \DDD above 127 in HINFO, ISDN, X25, NAPTR and CAA tags as a Unicode code
// point and stores its UTF-8 form (\255 becomes C3 BF); we store the octet, as in TXT.
TEST(RdataDifferences, HighOctetEscapesAreOctets) {
  EXPECT_EQ(wire_of(rrtype::HINFO, R"("\255" x)"), (std::vector<std::uint8_t>{1, 255, 1, 'x'}));
}

// ISDN with an explicitly empty subaddress keeps it, as BIND does; dnspython drops it.
TEST(RdataDifferences, IsdnEmptySubaddressKept) {
  std::vector<std::uint8_t> w = wire_of(rrtype::ISDN, R"("123" "")");
  EXPECT_EQ(w, (std::vector<std::uint8_t>{3, '1', '2', '3', 0}));
  EXPECT_EQ(text_of(rrtype::ISDN, w), R"("123" "")");
}

// URI targets are escaped like any quoted string; dnspython prints them raw.
TEST(RdataDifferences, UriTargetEscaped) {
  EXPECT_EQ(canonical(rrtype::URI, R"(1 1 "a\"b\\c")"), R"(1 1 "a\"b\\c")");
  EXPECT_EQ(canonical(rrtype::URI, R"(1 1 "")"), R"(1 1 "")");
}

// RFC 4025 allows an IPSECKEY without a key and RFC 2535 a KEY without one; dnspython
// insists on a token.
TEST(RdataDifferences, OptionalKeys) {
  EXPECT_EQ(canonical(rrtype::IPSECKEY, "10 0 0 ."), "10 0 0 .");
  EXPECT_EQ(canonical(rrtype::KEY, "49152 3 0"), "49152 3 0");
}

// ----- special forms -----

TEST(Rdata, SvcbValueTokenShapes) {
  std::vector<std::uint8_t> expected = wire_of(rrtype::HTTPS, "1 . alpn=h2,h3");
  Name root;
  std::vector<std::uint8_t> out(65535);
  // As one token with the quotes inside (a lexer that does not split at '"').
  TextToken one_token[] = {{"1", false}, {".", false}, {"alpn=\"h2,h3\"", false}};
  RdataTextResult r = rdata_from_text(rrtype::HTTPS, one_token, root, out);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + r.length), expected);
  // As `key=` and a quoted token (ours).
  TextToken split[] = {{"1", false}, {".", false}, {"alpn=", false}, {"h2,h3", true}};
  r = rdata_from_text(rrtype::HTTPS, split, root, out);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + r.length), expected);
  // A quoted value with a space in it.
  EXPECT_EQ(canonical(rrtype::SVCB, R"(1 . key9="a b")"), R"(1 . key9="a b")");
  // An empty value is a bare key for unknown keys, and ech="" for ech.
  EXPECT_EQ(canonical(rrtype::SVCB, R"(1 . key9="")"), "1 . key9");
  EXPECT_EQ(canonical(rrtype::SVCB, R"(1 . ech="")"), R"(1 . ech="")");
  EXPECT_EQ(canonical(rrtype::SVCB, "1 . no-default-alpn=\"\" alpn=x"),
            R"(1 . alpn="x" no-default-alpn)");
  // Newer key names are read, and printed as keyNNNNN as dnspython 2.3 does.
  EXPECT_EQ(canonical(rrtype::SVCB, "1 . dohpath=/q{?dns} ohttp"), R"(1 . key7="/q{?dns}" key8)");
}

TEST(Rdata, QuotedBackslashHashIsText) {
  EXPECT_EQ(canonical(rrtype::TXT, R"("\#")"), R"("#")");
  Parsed p = parse(rrtype::TXT, R"(\#)");
  EXPECT_FALSE(p.result.ok);
}

TEST(Rdata, RelativeNamesUseTheOrigin) {
  EXPECT_EQ(canonical(rrtype::MX, "10 mail"), "10 mail.example.");
  EXPECT_EQ(canonical(rrtype::SOA, "@ hostmaster.@ 1 2 3 4 5"),
            "example. hostmaster.\\@.example. 1 2 3 4 5");
  EXPECT_EQ(canonical(rrtype::NSEC, "next A"), "next.example. A");
}

TEST(Rdata, SigTimes) {
  EXPECT_EQ(canonical(rrtype::RRSIG, "A 8 1 0 0 4294967295 0 . AA=="),
            "A 8 1 0 19700101000000 21060207062815 0 . AA==");
  EXPECT_EQ(canonical(rrtype::RRSIG, "A 8 1 0 20000229120000 20241231235959 0 . AA=="),
            "A 8 1 0 20000229120000 20241231235959 0 . AA==");
  EXPECT_FALSE(parse(rrtype::RRSIG, "A 8 1 0 21060207062816 0 0 . AA==").result.ok);
  EXPECT_FALSE(parse(rrtype::RRSIG, "A 8 1 0 20230229000000 0 0 . AA==").result.ok);
  EXPECT_FALSE(parse(rrtype::RRSIG, "A 8 1 0 19691231235959 0 0 . AA==").result.ok);
  EXPECT_FALSE(parse(rrtype::RRSIG, "A 8 1 0 20240101240000 0 0 . AA==").result.ok);
  EXPECT_FALSE(parse(rrtype::RRSIG, "A 8 1 0 4294967296 0 0 . AA==").result.ok);
}

TEST(Rdata, AlgorithmMnemonics) {
  EXPECT_EQ(canonical(rrtype::DS, "1 rsasha1-nsec3-sha1 1 AA"), "1 7 1 AA");
  EXPECT_EQ(canonical(rrtype::DS, "1 NSEC3RSASHA1 1 AA"), "1 7 1 AA");
  EXPECT_EQ(canonical(rrtype::DNSKEY, "257 3 ED25519 AA=="), "257 3 15 AA==");
  EXPECT_EQ(canonical(rrtype::RRSIG, "A ED448 1 0 0 0 0 . AA=="),
            "A 16 1 0 19700101000000 19700101000000 0 . AA==");
  EXPECT_EQ(canonical(rrtype::CERT, "spki 1 privateoid AA=="), "SPKI 1 PRIVATEOID AA==");
  EXPECT_EQ(canonical(rrtype::CERT, "ACPKIX 1 9 AA=="), "ACPKIX 1 9 AA==");
}

TEST(Rdata, LongestRdata) {
  // 255 full strings take 65280 octets; one more of 254 octets fills 65535 exactly.
  std::string big;
  for (int i = 0; i < 255; ++i)
    big += '"' + std::string(255, 'a') + "\" ";
  Parsed fits = parse(rrtype::TXT, big + '"' + std::string(254, 'b') + '"');
  ASSERT_TRUE(fits.result.ok) << fits.result.error;
  EXPECT_EQ(fits.result.length, 65535);
  Parsed over = parse(rrtype::TXT, big + '"' + std::string(255, 'b') + '"');
  EXPECT_FALSE(over.result.ok);
  EXPECT_EQ(over.result.error, "RDATA longer than 65535 octets");
}

TEST(Rdata, NotRepresentableWireFallsBackToGeneric) {
  auto generic = [](std::uint16_t type, std::vector<std::uint8_t> w) {
    EXPECT_TRUE(rdata_is_valid(type, w)) << type_to_text(type);
    return text_of(type, w);
  };
  EXPECT_EQ(generic(rrtype::DS, {0, 1, 8, 2}), "\\# 4 00010802");      // no digest
  EXPECT_EQ(generic(rrtype::DNSKEY, {1, 1, 3, 8}), "\\# 4 01010308");  // no key
  EXPECT_EQ(generic(rrtype::LOC, {1, 2, 3}), "\\# 3 010203");          // version 1
  EXPECT_EQ(generic(rrtype::LOC,
                    {0, 0x01, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0, 0x98, 0x96, 0x80}),
            "\\# 16 00011613800000008000000000989680");                  // mantissa 0, exponent 1
  EXPECT_EQ(generic(rrtype::APL, {0, 3, 8, 1, 1}), "\\# 5 0003080101");  // family 3
  EXPECT_EQ(generic(rrtype::APL, {0, 1, 8, 2, 10, 0}), "\\# 6 000108020A00");  // trailing 0
  EXPECT_EQ(generic(rrtype::WKS, {1, 2, 3, 4, 6, 0x40, 0}), "\\# 7 01020304064000");
  EXPECT_EQ(generic(rrtype::SVCB, {0, 0, 0, 0, 3, 0, 2, 0, 53}), "\\# 9 000000000300020035");
  EXPECT_EQ(generic(rrtype::SVCB, {0, 1, 0, 0, 2, 0, 0}), "\\# 7 00010000020000");
  EXPECT_EQ(generic(rrtype::NSAP, {}), "\\# 0");
  EXPECT_EQ(text_of(rrtype::NULL_, std::vector<std::uint8_t>{1, 2}), "\\# 2 0102");
  EXPECT_EQ(text_of(65280, std::vector<std::uint8_t>{}), "\\# 0");
  // Invalid RDATA is printed generically too.
  EXPECT_EQ(text_of(rrtype::A, std::vector<std::uint8_t>{1, 2, 3}), "\\# 3 010203");
}

// ----- error messages -----

struct ErrorCase {
  std::uint16_t type;
  const char* input;
  const char* error;
  std::size_t bad_token;
};

TEST(RdataErrors, MessagesAndTokens) {
  static const std::string kLongString(256, 'x');
  const ErrorCase cases[] = {
      {rrtype::A, "1.2.3", "bad IPv4 address '1.2.3'", 0},
      {rrtype::A, "1.2.3.04", "bad IPv4 address '1.2.3.04'", 0},
      {rrtype::A, "1.2.3.4 5", "too many fields", 1},
      {rrtype::A, "", "missing field: address", 0},
      {rrtype::AAAA, "2001:db8::g", "bad IPv6 address '2001:db8::g'", 0},
      {rrtype::MX, "70000 mx", "MX preference out of range", 0},
      {rrtype::MX, "x mx", "bad MX preference 'x'", 0},
      {rrtype::MX, "-1 mx", "bad MX preference '-1'", 0},
      {rrtype::MX, "10", "missing field: exchange", 1},
      {rrtype::MX, "10 a..b", "bad domain name 'a..b': empty label in domain name", 1},
      {rrtype::SOA, "a b 1 2 3 4", "missing field: minimum", 6},
      {rrtype::SOA, "a b 1 1x 3 4 5", "bad SOA refresh '1x'", 3},
      {rrtype::SOA, "a b 4294967296 1 2 3 4", "SOA serial out of range", 2},
      {rrtype::SOA, "a b 1 2 3 4 4294967296", "SOA minimum out of range", 6},
      {rrtype::TXT, "\"x\" \"\\25\"", "bad escape in '\\25'", 1},
      {rrtype::TXT, "\"\\256\"", "bad escape in '\\256'", 0},
      {rrtype::HINFO, "a", "missing field: os", 1},
      {rrtype::ISDN, "a b c", "too many fields", 2},
      {rrtype::URI, "1 1", "missing field: target", 2},
      {rrtype::NULL_, "abc", "NULL RDATA must be given in \\# form", 0},
      {65280, "abc", "TYPE65280 RDATA must be given in \\# form", 0},
      {rrtype::TXT, "\\#", "missing field: \\# length", 1},
      {rrtype::TXT, "\\# x", "bad \\# length 'x'", 1},
      {rrtype::TXT, "\\# 70000", "\\# length out of range", 1},
      {rrtype::TXT, "\\# 3 0102", "\\# length is 3 but the data has 2 octets", 2},
      {rrtype::TXT, "\\# 1 0g", "bad hex in \\# data", 2},
      {rrtype::TXT, "\\# 1 0", "odd number of hex digits in \\# data", 2},
      {rrtype::TXT, "\\# 2 0502", "\\# data is not valid TXT RDATA", 0},
      {rrtype::DS, "1 8 2", "missing field: digest", 3},
      {rrtype::DS, "1 8 2 ABC", "odd number of hex digits in DS digest", 3},
      {rrtype::DS, "1 8 2 AB XY", "bad hex in DS digest", 4},
      {rrtype::DS, "1 FOO 2 AB", "bad DS algorithm 'FOO'", 1},
      {rrtype::DS, "1 256 2 AB", "DS algorithm out of range", 1},
      {rrtype::DNSKEY, "257 3 8 AB=C", "bad base64 in DNSKEY public-key", 3},
      {rrtype::DNSKEY, "257 3 8 AB A", "incomplete base64 in DNSKEY public-key", 4},
      {rrtype::DNSKEY, "257 3 8 AA== AA==", "bad base64 in DNSKEY public-key", 4},
      {rrtype::RRSIG, "FOO 8 1 0 0 0 0 . AA==", "unknown RR type 'FOO'", 0},
      {rrtype::RRSIG, "A 8 1 0 20241301000000 0 0 . AA==", "bad RRSIG expiration '20241301000000'",
       4},
      {rrtype::RRSIG, "A 8 1 1x 0 0 0 . AA==", "bad RRSIG original-ttl '1x'", 3},
      {rrtype::NSEC, "a. A FOO", "unknown RR type 'FOO'", 2},
      {rrtype::NSEC3, "1 0 0 xyz 00", "bad NSEC3 salt 'xyz'", 3},
      {rrtype::NSEC3, "1 0 0 - w0", "bad NSEC3 next-hashed-owner 'w0'", 4},
      {rrtype::NSEC3, "1 0 0 - 0", "bad NSEC3 next-hashed-owner '0'", 4},
      {rrtype::NSEC3PARAM, "1 0 0", "missing field: salt", 3},
      {rrtype::CAA, "0 is-sue x", "CAA tag must be alphanumeric", 1},
      {rrtype::CAA, "0 \"\" x", "empty CAA tag", 1},
      {rrtype::IPSECKEY, "10 4 2 . AA==", "IPSECKEY gateway type must be 0, 1, 2 or 3", 1},
      {rrtype::IPSECKEY, "10 0 2 x AA==", "IPSECKEY gateway must be '.' for type 0", 3},
      {rrtype::IPSECKEY, "10 1 2 ::1 AA==", "bad IPv4 address '::1'", 3},
      {rrtype::LOC, "91 N 0 E 0", "LOC latitude out of range", 0},
      {rrtype::LOC, "90 0 0.001 N 0 E 0", "LOC latitude out of range", 3},
      {rrtype::LOC, "52 60 N 4 E 0", "bad LOC latitude minutes '60'", 1},
      {rrtype::LOC, "52 22 23 Q 4 E 0", "bad LOC latitude hemisphere 'Q'", 3},
      {rrtype::LOC, "52 N 4 E", "missing field: altitude", 4},
      {rrtype::LOC, "52 N 4 E 0 1 2 3 4", "too many fields", 8},
      {rrtype::LOC, "52 N 4 E 0 99999999m", "LOC size out of range", 5},
      {rrtype::LOC, "52 N 4 E 0 1.234m", "bad LOC size '1.234m'", 5},
      {rrtype::LOC, "52 N 4 E -100000.01", "LOC altitude out of range", 4},
      {rrtype::LOC, "52 N 181 E 0", "LOC longitude out of range", 2},
      {rrtype::APL, "3:1.2.3.4/8", "APL address family must be 1 or 2", 0},
      {rrtype::APL, "1:1.2.3.4/33", "bad APL prefix length in '1:1.2.3.4/33'", 0},
      {rrtype::APL, "1:1.0.0.0/8 1:1.2.3/8", "bad APL item '1:1.2.3/8'", 1},
      {rrtype::SVCB, "0 . alpn=h2", "SVCB parameters in AliasMode (priority 0)", 2},
      {rrtype::SVCB, "1 . foo=bar", "unknown SVCB key 'foo'", 2},
      {rrtype::SVCB, "1 . key01=x", "unknown SVCB key 'key01'", 2},
      {rrtype::SVCB, "1 . key65536", "unknown SVCB key 'key65536'", 2},
      {rrtype::SVCB, "1 . alpn=h2 alpn=h3", "duplicate SVCB key 'alpn'", 3},
      {rrtype::SVCB, "1 . alpn=h2 key1=\\002h3", "duplicate SVCB key 'key1'", 3},
      {rrtype::SVCB, "1 . mandatory=alpn port=1", "SVCB mandatory key 'alpn' is missing", 2},
      {rrtype::SVCB, "1 . no-default-alpn", "SVCB no-default-alpn requires alpn", 2},
      {rrtype::SVCB, "1 . port=x", "bad SVCB port value 'x'", 2},
      {rrtype::SVCB, "1 . port=1,2", "bad SVCB port value '1,2'", 2},
      {rrtype::SVCB, "1 . alpn", "SVCB alpn needs a value", 2},
      {rrtype::SVCB, "1 . ech", "bad SVCB ech value ''", 2},
      {rrtype::SVCB, "1 . alpn=h2 no-default-alpn=x", "SVCB no-default-alpn takes no value", 3},
      {rrtype::SVCB, "1 . mandatory=mandatory", "bad SVCB mandatory value 'mandatory'", 2},
      {rrtype::SVCB, "1 . mandatory=alpn,alpn alpn=h2", "bad SVCB mandatory value 'alpn,alpn'", 2},
      {rrtype::SVCB, "1 . alpn=h2,,h3", "bad SVCB alpn value 'h2,,h3'", 2},
      {rrtype::SVCB, "1 . alpn=h2\\\\", "bad SVCB alpn value 'h2\\\\'", 2},
      {rrtype::SVCB, "1 . ipv4hint=1.2.3.4,", "bad SVCB ipv4hint value '1.2.3.4,'", 2},
      {rrtype::SVCB, "1 . ipv6hint=1.2.3.4", "bad SVCB ipv6hint value '1.2.3.4'", 2},
      {rrtype::SVCB, "1 . key1=\\003h2", "bad SVCB alpn value '\\003h2'", 2},
      {rrtype::SVCB, "1 . ech=AB=C", "bad SVCB ech value 'AB=C'", 2},
      {rrtype::SVCB, "1 . \"alpn=h2\"", "SVCB parameter must be key or key=value", 2},
      {rrtype::EUI48, "00-00-5e-00-53", "bad EUI48 address '00-00-5e-00-53'", 0},
      {rrtype::EUI64, "00-00-5e-00-53-2a", "bad EUI64 address '00-00-5e-00-53-2a'", 0},
      {rrtype::L64, "10 2001:db8:1140", "bad L64 locator64 '2001:db8:1140'", 1},
      {rrtype::WKS, "1.2.3.4 tcp http", "bad WKS port 'http'", 2},
      {rrtype::WKS, "1.2.3.4 tcp 65536", "WKS port out of range", 2},
      {rrtype::WKS, "1.2.3.4 ipx 1", "bad WKS protocol 'ipx'", 1},
      {rrtype::NSAP, "47.0005", "bad NSAP address '47.0005'", 0},
      {rrtype::NSAP, "0x", "bad NSAP address '0x'", 0},
      {rrtype::CERT, "FOO 0 8 AA==", "bad CERT type 'FOO'", 0},
      {rrtype::CERT, "70000 0 8 AA==", "CERT type out of range", 0},
      {rrtype::TXT, kLongString.c_str(), "character-string longer than 255 octets", 0},
  };
  for (const ErrorCase& c : cases) {
    Parsed p = parse(c.type, c.input);
    EXPECT_FALSE(p.result.ok) << type_to_text(c.type) << " " << c.input;
    EXPECT_EQ(p.result.error, c.error) << type_to_text(c.type) << " " << c.input;
    EXPECT_EQ(p.result.bad_token, c.bad_token) << type_to_text(c.type) << " " << c.input;
  }
}

TEST(RdataErrors, UnterminatedQuotedSvcbValue) {
  Name root;
  std::vector<std::uint8_t> out(65535);
  TextToken tokens[] = {{"1", false}, {".", false}, {"alpn=\"h2", false}};
  RdataTextResult r = rdata_from_text(rrtype::SVCB, tokens, root, out);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "unterminated quoted SVCB value");
  EXPECT_EQ(r.bad_token, 2u);
}

TEST(RdataErrors, LongTokensAreShortenedInMessages) {
  Parsed p = parse(rrtype::A, std::string(100, '9'));
  EXPECT_EQ(p.result.error, "bad IPv4 address '" + std::string(60, '9') + "...'");
}

// ----- rdata_is_valid -----

struct WireCase {
  std::uint16_t type;
  std::vector<std::uint8_t> wire;
  bool valid;
};

TEST(RdataIsValid, Structure) {
  const WireCase cases[] = {
      {rrtype::A, {1, 2, 3}, false},
      {rrtype::A, {1, 2, 3, 4}, true},
      {rrtype::A, {1, 2, 3, 4, 5}, false},
      {rrtype::AAAA, std::vector<std::uint8_t>(15), false},
      {rrtype::AAAA, std::vector<std::uint8_t>(16), true},
      {rrtype::AAAA, std::vector<std::uint8_t>(17), false},
      {rrtype::NS, {0}, true},
      {rrtype::NS, {}, false},
      {rrtype::NS, {1, 'a', 0}, true},
      {rrtype::NS, {1, 'a'}, false},        // no root label
      {rrtype::NS, {1, 'a', 0, 0}, false},  // trailing octet
      {rrtype::NS, {0xc0, 0x0c}, false},    // compressed
      {rrtype::NS, {0x40, 0}, false},       // 64-octet label claimed
      {rrtype::MX, {0, 10}, false},
      {rrtype::MX, {0, 10, 0}, true},
      {rrtype::TXT, {}, false},
      {rrtype::TXT, {0}, true},
      {rrtype::TXT, {3, 'a', 'b'}, false},
      {rrtype::TXT, {1, 'a', 0}, true},
      {rrtype::HINFO, {0}, false},
      {rrtype::HINFO, {0, 0}, true},
      {rrtype::ISDN, {0}, true},
      {rrtype::ISDN, {0, 0}, true},
      {rrtype::ISDN, {0, 0, 0}, false},
      {rrtype::SOA, {0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5}, true},
      {rrtype::SOA, {0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0}, false},
      {rrtype::NSEC, {0, 0, 1, 0x40}, true},
      {rrtype::NSEC, {0}, true},                     // no types
      {rrtype::NSEC, {0, 0, 0}, false},              // empty window
      {rrtype::NSEC, {0, 0, 1, 0}, false},           // trailing zero octet
      {rrtype::NSEC, {0, 0, 33}, false},             // window over 32 octets
      {rrtype::NSEC, {0, 1, 1, 1, 0, 1, 1}, false},  // windows out of order
      {rrtype::NSEC, {0, 0, 1, 1, 0, 1, 1}, false},  // window repeated
      {rrtype::NSEC, {0, 0, 2, 1}, false},           // truncated
      {rrtype::NSEC3, {1, 0, 0, 0, 0, 1, 0xaa}, true},
      {rrtype::NSEC3, {1, 0, 0, 0, 0, 0}, false},  // empty hash
      {rrtype::NSEC3, {1, 0, 0, 0, 5, 1, 0xaa}, false},
      {rrtype::NSEC3PARAM, {1, 0, 0, 0, 0}, true},
      {rrtype::NSEC3PARAM, {1, 0, 0, 0, 1}, false},
      {rrtype::CAA, {0, 5, 'i', 's', 's', 'u', 'e'}, true},
      {rrtype::CAA, {0, 0}, false},
      {rrtype::CAA, {0, 2, 'a', '-'}, false},
      {rrtype::IPSECKEY, {1, 0, 0}, true},
      {rrtype::IPSECKEY, {1, 1, 0, 1, 2, 3}, false},
      {rrtype::IPSECKEY, {1, 4, 0}, false},
      {rrtype::IPSECKEY, {1, 3, 0, 0, 1, 2}, true},
      {rrtype::LOC, {0, 0x12, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0, 0x98, 0x96, 0x80}, true},
      {rrtype::LOC,
       {0, 0xa2, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0, 0x98, 0x96, 0x80},
       false},  // mantissa 10
      {rrtype::LOC,
       {0, 0x1a, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0, 0x98, 0x96, 0x80},
       false},  // exponent 10
      {rrtype::LOC,
       {0, 0x12, 0x16, 0x13, 0xff, 0, 0, 0, 0x80, 0, 0, 0, 0, 0x98, 0x96, 0x80},
       false},  // latitude past 90
      {rrtype::LOC, {0, 0x12, 0x16, 0x13, 0x80, 0, 0, 0, 0x80, 0, 0, 0, 0, 0x98, 0x96}, false},
      {rrtype::LOC, {7}, true},  // another version: opaque
      {rrtype::APL, {}, true},
      {rrtype::APL, {0, 1, 24, 3, 192, 0, 2}, true},
      {rrtype::APL, {0, 1, 33, 0}, false},
      {rrtype::APL, {0, 1, 8, 5, 1, 1, 1, 1, 1}, false},
      {rrtype::APL, {0, 2, 8, 17}, false},
      {rrtype::APL, {0, 1, 8, 2, 1}, false},
      {rrtype::APL, {0, 9, 200, 1, 1}, true},  // unknown family: opaque
      {rrtype::SVCB, {0, 1, 0}, true},
      {rrtype::SVCB, {0, 1, 0, 0, 3, 0, 2, 0, 53}, true},
      {rrtype::SVCB, {0, 1, 0, 0, 3, 0, 1, 0}, false},                               // port size
      {rrtype::SVCB, {0, 1, 0, 0, 3, 0, 2, 0, 53, 0, 3, 0, 2, 0, 53}, false},        // duplicate
      {rrtype::SVCB, {0, 1, 0, 0, 3, 0, 2, 0, 53, 0, 1, 0, 3, 2, 'h', '2'}, false},  // order
      {rrtype::SVCB, {0, 1, 0, 0, 1, 0, 3, 2, 'h', '2'}, true},
      {rrtype::SVCB, {0, 1, 0, 0, 1, 0, 3, 0, 'h', '2'}, false},  // empty ALPN id
      {rrtype::SVCB, {0, 1, 0, 0, 1, 0, 0}, false},               // empty alpn
      {rrtype::SVCB, {0, 1, 0, 0, 2, 0, 1, 0}, false},            // no-default-alpn value
      {rrtype::SVCB, {0, 1, 0, 0, 4, 0, 5, 1, 2, 3, 4, 5}, false},
      {rrtype::SVCB, {0, 1, 0, 0, 6, 0, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
      {rrtype::SVCB, {0, 1, 0, 0, 0, 0, 2, 0, 3}, false},  // mandatory port, absent
      {rrtype::SVCB, {0, 1, 0, 0, 0, 0, 2, 0, 0}, false},  // mandatory lists itself
      {rrtype::SVCB, {0, 1, 0, 0, 0, 0, 2, 0, 3, 0, 3, 0, 2, 0, 53}, true},
      {rrtype::SVCB, {0, 1, 0, 0, 0, 0, 4, 0, 3, 0, 3, 0, 3, 0, 2, 0, 53}, false},  // twice
      {rrtype::SVCB, {0, 1, 0, 0, 5, 0, 0}, true},                                  // empty ech
      {rrtype::SVCB, {0, 1, 0, 0, 9, 0}, false},        // truncated header
      {rrtype::SVCB, {0, 1, 0, 0, 9, 0, 2, 1}, false},  // truncated value
      {rrtype::EUI48, std::vector<std::uint8_t>(6), true},
      {rrtype::EUI48, std::vector<std::uint8_t>(7), false},
      {rrtype::RRSIG, {0, 1, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, true},
      {rrtype::RRSIG, {0, 1, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
      {65280, {1, 2, 3}, true},
      {rrtype::NULL_, {}, true},
      {rrtype::HIP, {9}, true},
  };
  for (const WireCase& c : cases)
    EXPECT_EQ(rdata_is_valid(c.type, c.wire), c.valid)
        << type_to_text(c.type) << " " << to_hex(c.wire);
}

TEST(RdataIsValid, NameLimits) {
  auto name_of_labels = [](std::initializer_list<std::uint8_t> lengths) {
    std::vector<std::uint8_t> w;
    for (std::uint8_t n : lengths) {
      w.push_back(n);
      w.insert(w.end(), n, 'a');
    }
    w.push_back(0);
    return w;
  };
  std::vector<std::uint8_t> longest = name_of_labels({63, 63, 63, 61});
  ASSERT_EQ(longest.size(), 255u);
  EXPECT_TRUE(rdata_is_valid(rrtype::NS, longest));
  EXPECT_FALSE(rdata_is_valid(rrtype::NS, name_of_labels({63, 63, 63, 62})));
  EXPECT_FALSE(rdata_is_valid(65280, std::vector<std::uint8_t>(65536)));
}

// ----- rdata_canonicalize -----

TEST(RdataCanonicalize, LowercasesTheNamesRfc4034Lists) {
  struct Case {
    std::uint16_t type;
    const char* input;
    const char* canonical;
  };
  const Case cases[] = {
      {rrtype::NS, "NS.Example.", "ns.example."},
      {rrtype::CNAME, "A.B.", "a.b."},
      {rrtype::SOA, "NS.X. Host.X. 1 2 3 4 5", "ns.x. host.x. 1 2 3 4 5"},
      {rrtype::MX, "10 MX.X.", "10 mx.x."},
      {rrtype::MINFO, "A.X. B.X.", "a.x. b.x."},
      {rrtype::RP, "A.X. B.X.", "a.x. b.x."},
      {rrtype::AFSDB, "1 A.X.", "1 a.x."},
      {rrtype::RT, "1 A.X.", "1 a.x."},
      {rrtype::PX, "1 A.X. B.X.", "1 a.x. b.x."},
      {rrtype::NAPTR, "1 1 \"S\" \"SIP\" \"\" A.X.", "1 1 \"S\" \"SIP\" \"\" a.x."},
      {rrtype::KX, "1 A.X.", "1 a.x."},
      {rrtype::SRV, "1 1 1 A.X.", "1 1 1 a.x."},
      {rrtype::DNAME, "A.X.", "a.x."},
      {rrtype::RRSIG,
       "A 8 1 0 0 0 0 SIGNER.X. AA==", "A 8 1 0 19700101000000 19700101000000 0 signer.x. AA=="},
      {rrtype::SIG,
       "A 8 1 0 0 0 0 SIGNER.X. AA==", "A 8 1 0 19700101000000 19700101000000 0 signer.x. AA=="},
      // Not on the list: RFC 6840 §5.1 took NSEC's next name off; newer types never were.
      {rrtype::NSEC, "NEXT.X. A", "NEXT.X. A"},
      {rrtype::SVCB, "1 TARGET.X.", "1 TARGET.X."},
      {rrtype::IPSECKEY, "1 3 0 GW.X.", "1 3 0 GW.X."},
      {rrtype::LP, "1 FQDN.X.", "1 FQDN.X."},
      {rrtype::TXT, "\"ABC\"", "\"ABC\""},
      {rrtype::CAA, "0 ISSUE \"CA.X\"", "0 ISSUE \"CA.X\""},
  };
  for (const Case& c : cases) {
    std::vector<std::uint8_t> w = wire_of(c.type, c.input);
    rdata_canonicalize(c.type, w);
    EXPECT_EQ(text_of(c.type, w), c.canonical) << type_to_text(c.type);
  }
  std::vector<std::uint8_t> unknown = {'A', 'B'};
  rdata_canonicalize(65280, unknown);
  EXPECT_EQ(unknown, (std::vector<std::uint8_t>{'A', 'B'}));
}

// ----- rdata_names -----

TEST(RdataNames, WhereTheNamesAre) {
  std::vector<std::uint8_t> soa = wire_of(rrtype::SOA, "a.x. bb.x. 1 2 3 4 5");
  RdataNames n = rdata_names(rrtype::SOA, soa);
  ASSERT_EQ(n.count, 2u);
  EXPECT_EQ(n.names[0].offset, 0);
  EXPECT_EQ(n.names[0].length, 5);
  EXPECT_EQ(n.names[1].offset, 5);
  EXPECT_EQ(n.names[1].length, 6);
  EXPECT_TRUE(n.names[0].compressible);

  n = rdata_names(rrtype::MX, wire_of(rrtype::MX, "10 mx.x."));
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(n.names[0].offset, 2);
  EXPECT_TRUE(n.names[0].compressible);

  n = rdata_names(rrtype::SRV, wire_of(rrtype::SRV, "1 2 3 t.x."));
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(n.names[0].offset, 6);
  EXPECT_FALSE(n.names[0].compressible);  // RFC 2782: never compressed

  n = rdata_names(rrtype::IPSECKEY, wire_of(rrtype::IPSECKEY, "1 3 0 gw.x."));
  ASSERT_EQ(n.count, 1u);
  EXPECT_EQ(n.names[0].offset, 3);
  EXPECT_EQ(rdata_names(rrtype::IPSECKEY, wire_of(rrtype::IPSECKEY, "1 1 0 1.2.3.4")).count, 0u);
  EXPECT_EQ(rdata_names(rrtype::A, wire_of(rrtype::A, "1.2.3.4")).count, 0u);
  EXPECT_EQ(rdata_names(65280, std::vector<std::uint8_t>{0}).count, 0u);
}

}  // namespace
}  // namespace zoned::wire
