#include "zone/zonefile_lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zoned::zone {
namespace {

// One lexed entry, or one error, in a form easy to compare.
struct Lexed {
  bool error = false;
  bool owner_omitted = false;
  std::vector<std::string> tokens;  // quoted tokens shown with their quotes
  std::vector<std::pair<std::uint32_t, std::uint32_t>> positions;
  std::string message;  // when error
  std::uint32_t line = 0, column = 0;
};

std::vector<Lexed> lex_all(std::string_view text) {
  ZoneLexer lexer(text);
  Entry entry;
  LexError error;
  std::vector<Lexed> out;
  for (int guard = 0; guard < 1000; ++guard) {
    LexResult r = lexer.next(entry, error);
    if (r == LexResult::kEnd) break;
    Lexed l;
    if (r == LexResult::kError) {
      l.error = true;
      l.message = error.message;
      l.line = error.where.line;
      l.column = error.where.column;
    } else {
      l.owner_omitted = entry.owner_omitted;
      for (std::size_t i = 0; i < entry.tokens.size(); ++i) {
        const auto& t = entry.tokens[i];
        l.tokens.push_back(t.quoted ? "\"" + std::string(t.text) + "\"" : std::string(t.text));
        l.positions.emplace_back(entry.positions[i].line, entry.positions[i].column);
      }
    }
    out.push_back(std::move(l));
  }
  return out;
}

using Tokens = std::vector<std::string>;

TEST(ZoneLexer, EmptyInputHasNoEntries) {
  EXPECT_TRUE(lex_all("").empty());
  EXPECT_TRUE(lex_all("\n\n   \n\t\n").empty());
  EXPECT_TRUE(lex_all("; only a comment").empty());
  EXPECT_TRUE(lex_all("; comment\n   ; indented comment\n").empty());
}

TEST(ZoneLexer, SplitsOnBlanksAndTracksPositions) {
  auto e = lex_all("www  3600\tIN A 192.0.2.1\nmail A 192.0.2.2\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].tokens, (Tokens{"www", "3600", "IN", "A", "192.0.2.1"}));
  EXPECT_EQ(e[0].positions[0], std::make_pair(1u, 1u));
  EXPECT_EQ(e[0].positions[1], std::make_pair(1u, 6u));
  EXPECT_EQ(e[0].positions[2], std::make_pair(1u, 11u));
  EXPECT_EQ(e[0].positions[4], std::make_pair(1u, 16u));
  EXPECT_FALSE(e[0].owner_omitted);
  EXPECT_EQ(e[1].tokens, (Tokens{"mail", "A", "192.0.2.2"}));
  EXPECT_EQ(e[1].positions[2], std::make_pair(2u, 8u));
}

TEST(ZoneLexer, LeadingBlankMeansOwnerOmitted) {
  auto e = lex_all("www A 192.0.2.1\n  AAAA 2001:db8::1\n\tTXT x\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_FALSE(e[0].owner_omitted);
  EXPECT_TRUE(e[1].owner_omitted);
  EXPECT_TRUE(e[2].owner_omitted);
  EXPECT_EQ(e[1].positions[0], std::make_pair(2u, 3u));
}

TEST(ZoneLexer, BlankAndCommentLinesDoNotDecideTheOwner) {
  // The indented comment line must not make the next entry inherit the owner.
  auto e = lex_all("  ; indented comment\nwww A 192.0.2.1\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_FALSE(e[0].owner_omitted);
}

TEST(ZoneLexer, ParenthesesJoinLinesAndCommentsInsideAreDropped) {
  auto e = lex_all(
      "@ SOA ns hostmaster ( ; comment (with parens)\n"
      "   2024010101 ; serial\n"
      "   3600 900 ) ; after\n"
      "next A 192.0.2.1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].tokens, (Tokens{"@", "SOA", "ns", "hostmaster", "2024010101", "3600", "900"}));
  EXPECT_EQ(e[0].positions[4], std::make_pair(2u, 4u));
  EXPECT_EQ(e[0].positions[6], std::make_pair(3u, 9u));
  EXPECT_FALSE(e[1].owner_omitted);  // a continuation line's blank says nothing
  EXPECT_EQ(e[1].positions[0], std::make_pair(4u, 1u));
}

TEST(ZoneLexer, ParenthesesNeedNoSurroundingBlanks) {
  auto e = lex_all("a TXT(x)y\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "TXT", "x", "y"}));
}

TEST(ZoneLexer, EmptyParenthesesMakeNoEntry) {
  auto e = lex_all("()\n( \n )\na A 1\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "A", "1"}));
}

TEST(ZoneLexer, NestedParenthesesAreAnErrorAndTheEntryIsSkipped) {
  auto e = lex_all("a TXT ( x ( y ) )\nb A 1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_TRUE(e[0].error);
  EXPECT_EQ(e[0].message, "nested parentheses");
  EXPECT_EQ(e[0].line, 1u);
  EXPECT_EQ(e[0].column, 11u);
  EXPECT_EQ(e[1].tokens, (Tokens{"b", "A", "1"}));
}

TEST(ZoneLexer, CloseWithoutOpenIsUnbalanced) {
  auto e = lex_all("a A 1 )\nb A 2\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_TRUE(e[0].error);
  EXPECT_EQ(e[0].message, std::string("unbalanced parenthesis: ')' without '('"));
  EXPECT_EQ(e[0].column, 7u);
  EXPECT_EQ(e[1].tokens, (Tokens{"b", "A", "2"}));
}

TEST(ZoneLexer, OpenNeverClosedIsReportedAtTheOpening) {
  auto e = lex_all("a A 1\nb TXT ( x\ny\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "A", "1"}));
  EXPECT_TRUE(e[1].error);
  EXPECT_EQ(e[1].message, std::string("unbalanced parenthesis: '(' is never closed"));
  EXPECT_EQ(e[1].line, 2u);
  EXPECT_EQ(e[1].column, 7u);
}

TEST(ZoneLexer, QuotedStringsKeepBlanksSpecialsAndEscapes) {
  auto e = lex_all(R"x(a TXT "hello world" "semi;colon (paren)" "quote \" inside" "" "\065\\")x"
                   "\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "TXT", "\"hello world\"", "\"semi;colon (paren)\"",
                                 R"x("quote \" inside")x", "\"\"", R"x("\065\\")x"}));
  EXPECT_EQ(e[0].positions[2], std::make_pair(1u, 7u));  // at the opening quote
}

TEST(ZoneLexer, QuoteEndsAWord) {
  auto e = lex_all("a TXT abc\"d e\"f\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "TXT", "abc", "\"d e\"", "f"}));
}

TEST(ZoneLexer, UnterminatedQuoteIsAnErrorAndTheNextLineIsRead) {
  auto e = lex_all("a TXT \"abc\nb A 1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_TRUE(e[0].error);
  EXPECT_EQ(e[0].message, std::string("unterminated quoted string"));
  EXPECT_EQ(e[0].line, 1u);
  EXPECT_EQ(e[0].column, 7u);
  EXPECT_EQ(e[1].tokens, (Tokens{"b", "A", "1"}));
}

TEST(ZoneLexer, UnterminatedQuoteAtEndOfInput) {
  auto e = lex_all("a TXT \"abc\\\"");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_TRUE(e[0].error);
  EXPECT_EQ(e[0].message, std::string("unterminated quoted string"));
}

TEST(ZoneLexer, UnterminatedQuoteInsideParenthesesSkipsTheWholeEntry) {
  auto e = lex_all("a TXT ( \"abc\n x )\nb A 1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_TRUE(e[0].error);
  EXPECT_EQ(e[1].tokens, (Tokens{"b", "A", "1"}));
}

TEST(ZoneLexer, EscapesKeepSpecialsInsideAWord) {
  auto e = lex_all(R"(a\ b\;c\(d\)e\"f\\ TXT x)"
                   "\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].tokens, (Tokens{R"(a\ b\;c\(d\)e\"f\\)", "TXT", "x"}));
}

TEST(ZoneLexer, BackslashAtEndOfLineOrInputStaysInTheToken) {
  auto e = lex_all("a TXT x\\\nb A 1\nc TXT y\\");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "TXT", "x\\"}));
  EXPECT_EQ(e[1].tokens, (Tokens{"b", "A", "1"}));
  EXPECT_EQ(e[2].tokens, (Tokens{"c", "TXT", "y\\"}));
}

TEST(ZoneLexer, CrLfLineEndings) {
  auto e = lex_all("a A 1\r\n  B 2\r\n\r\nc TXT \"x\"\r\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].tokens, (Tokens{"a", "A", "1"}));
  EXPECT_TRUE(e[1].owner_omitted);
  EXPECT_EQ(e[1].tokens, (Tokens{"B", "2"}));
  EXPECT_EQ(e[2].tokens, (Tokens{"c", "TXT", "\"x\""}));
  EXPECT_EQ(e[2].positions[0], std::make_pair(4u, 1u));
}

TEST(ZoneLexer, NoTrailingNewline) {
  auto e = lex_all("a A 1\nb A 2");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].tokens, (Tokens{"b", "A", "2"}));
}

TEST(ZoneLexer, ArbitraryOctetsAreJustTokenContent) {
  static const char kText[] = "a\0b TXT \x01\xff\n";
  std::string text(kText, sizeof kText - 1);
  auto e = lex_all(text);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].tokens, (Tokens{std::string("a\0b", 3), "TXT", "\x01\xff"}));
}

TEST(ZoneLexer, EndPositionIsJustAfterTheLastToken) {
  ZoneLexer lexer("www A\nx TXT \"ab\"\n");
  Entry entry;
  LexError error;
  ASSERT_EQ(lexer.next(entry, error), LexResult::kEntry);
  EXPECT_EQ(entry.end_position().line, 1u);
  EXPECT_EQ(entry.end_position().column, 6u);
  ASSERT_EQ(lexer.next(entry, error), LexResult::kEntry);
  EXPECT_EQ(entry.end_position().column, 11u);
  EXPECT_EQ(lexer.next(entry, error), LexResult::kEnd);
  EXPECT_EQ(lexer.next(entry, error), LexResult::kEnd);  // stays at the end
}

}  // namespace
}  // namespace zoned::zone
