// The nsd.conf lexer: what makes a token, where comments start, quotes, lines.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "config/config_lexer.h"

namespace zoned::config {
namespace {

struct Lexed {
  std::vector<ConfigToken> tokens;
  std::vector<std::string> errors;  // "line: message"
};

Lexed lex(std::string_view text) {
  ConfigLexer lexer(text, std::make_shared<const std::string>("t.conf"));
  Lexed out;
  ConfigToken token;
  std::string error;
  for (;;) {
    LexResult result = lexer.next(token, error);
    if (result == LexResult::kEnd) break;
    if (result == LexResult::kError) {
      out.errors.push_back(std::to_string(token.where.line) + ": " + error);
      continue;
    }
    out.tokens.push_back(token);
  }
  return out;
}

std::vector<std::string> texts(const Lexed& lexed) {
  std::vector<std::string> out;
  for (const ConfigToken& token : lexed.tokens)
    out.push_back(token.text);
  return out;
}

TEST(ConfigLexer, BlanksTabsAndNewlinesSeparateTokens) {
  Lexed lexed = lex("server:\n\tport:\t53  \n  verbosity: 1");
  EXPECT_EQ(texts(lexed), (std::vector<std::string>{"server:", "port:", "53", "verbosity:", "1"}));
  ASSERT_EQ(lexed.tokens.size(), 5u);
  EXPECT_EQ(lexed.tokens[0].where.line, 1u);
  EXPECT_EQ(lexed.tokens[2].where.line, 2u);
  EXPECT_EQ(lexed.tokens[4].where.line, 3u);
  EXPECT_EQ(lexed.tokens[4].where.file_name(), "t.conf");
}

TEST(ConfigLexer, CommentStartsOnlyAtTheStartOfAToken) {
  Lexed lexed = lex("# whole line\nport: 53 # after a value\nid: a#b #c\n#last");
  EXPECT_EQ(texts(lexed), (std::vector<std::string>{"port:", "53", "id:", "a#b"}));
  EXPECT_EQ(lexed.tokens[2].where.line, 3u);
}

TEST(ConfigLexer, QuotedStringsKeepBlanksHashesAndNewlines) {
  Lexed lexed = lex("a: \"x y # z\" b: \"two\nlines\" c:");
  EXPECT_EQ(texts(lexed), (std::vector<std::string>{"a:", "x y # z", "b:", "two\nlines", "c:"}));
  EXPECT_TRUE(lexed.tokens[1].quoted);
  EXPECT_FALSE(lexed.tokens[0].quoted);
  EXPECT_EQ(lexed.tokens[3].where.line, 1u);  // where the quote opens
  EXPECT_EQ(lexed.tokens[4].where.line, 2u);  // the newline inside counted
}

TEST(ConfigLexer, QuoteEndsAnUnquotedWord) {
  // NSD reads name:"value" as the keyword and then the string.
  Lexed lexed = lex("zonesdir:\"/tmp\"");
  EXPECT_EQ(texts(lexed), (std::vector<std::string>{"zonesdir:", "/tmp"}));
  EXPECT_TRUE(lexed.tokens[1].quoted);
}

TEST(ConfigLexer, EmptyQuotedStringIsAToken) {
  Lexed lexed = lex("database: \"\"");
  ASSERT_EQ(lexed.tokens.size(), 2u);
  EXPECT_EQ(lexed.tokens[1].text, "");
  EXPECT_TRUE(lexed.tokens[1].quoted);
}

TEST(ConfigLexer, BackslashKeepsTheNextCharacterAndStaysInTheText) {
  Lexed lexed = lex("a\\ b \"c\\\"d\" e\\");
  EXPECT_EQ(texts(lexed), (std::vector<std::string>{"a\\ b", "c\\\"d", "e\\"}));
}

TEST(ConfigLexer, CrLfCountsAsOneLine) {
  Lexed lexed = lex("server:\r\n port: 53\r\n bogus: 1\r\n");
  ASSERT_EQ(lexed.tokens.size(), 5u);
  EXPECT_EQ(lexed.tokens[3].where.line, 3u);  // NSD would say 5
  Lexed old_mac = lex("a\rb");
  EXPECT_EQ(old_mac.tokens[1].where.line, 2u);
}

TEST(ConfigLexer, UnterminatedQuoteIsAnErrorAtItsStart) {
  Lexed lexed = lex("server:\n identity: \"abc\n\n");
  ASSERT_EQ(lexed.errors.size(), 1u);
  EXPECT_EQ(lexed.errors[0], "2: quoted string is not closed before the end of the file");
  EXPECT_EQ(texts(lexed), (std::vector<std::string>{"server:", "identity:"}));
}

TEST(ConfigLexer, EmptyAndBlankInputHaveNoTokens) {
  EXPECT_TRUE(lex("").tokens.empty());
  EXPECT_TRUE(lex(" \t\n\r\n# only a comment").tokens.empty());
}

TEST(ConfigLexer, NulAndControlCharactersAreWordCharacters) {
  std::string text("a\0b c", 5);
  Lexed lexed = lex(text);
  ASSERT_EQ(lexed.tokens.size(), 2u);
  EXPECT_EQ(lexed.tokens[0].text, std::string("a\0b", 3));
}

}  // namespace
}  // namespace zoned::config
