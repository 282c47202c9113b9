// The cookie-secret-file (NSD's format): one secret per line, active first.
#include "config/cookie_secret_file.h"

#include <gtest/gtest.h>

#include "test_hex.h"

namespace zoned::config {
namespace {

using wire::CookieSecret;

const char* const kActive = "e5e973e5a6b2a43f48e7dc849e37bfcf";
const char* const kStaging = "445536bcd2513298075a5d379663c962";

bool parse(std::string_view text, std::vector<CookieSecret>& out, std::string& error) {
  return parse_cookie_secret_file(text, "/var/db/nsd/cookiesecrets.txt", out, error);
}

TEST(CookieSecretFile, ReadsNsdsFileActiveFirst) {
  std::vector<CookieSecret> secrets;
  std::string error;
  ASSERT_TRUE(parse(std::string(kActive) + "\n" + kStaging + "\n", secrets, error)) << error;
  ASSERT_EQ(secrets.size(), 2u);
  EXPECT_EQ(test::to_hex(secrets[0]), kActive);
  EXPECT_EQ(test::to_hex(secrets[1]), kStaging);
}

TEST(CookieSecretFile, ActiveAloneAndNoFinalNewline) {
  std::vector<CookieSecret> secrets;
  std::string error;
  ASSERT_TRUE(parse(kActive, secrets, error)) << error;
  ASSERT_EQ(secrets.size(), 1u);
  EXPECT_EQ(test::to_hex(secrets[0]), kActive);
}

TEST(CookieSecretFile, EmptyFileHasNoSecrets) {
  std::vector<CookieSecret> secrets(1);
  std::string error;
  ASSERT_TRUE(parse("", secrets, error));
  EXPECT_TRUE(secrets.empty());
  secrets.resize(1);
  ASSERT_TRUE(parse("\n  \n", secrets, error));
  EXPECT_TRUE(secrets.empty());
}

TEST(CookieSecretFile, UppercaseBlanksAndCrlfAreAccepted) {
  std::vector<CookieSecret> secrets;
  std::string error;
  ASSERT_TRUE(
      parse("E5E973E5A6B2A43F48E7DC849E37BFCF\r\n\n\t445536bcd2513298075a5d379663c962  \r\n",
            secrets, error))
      << error;
  ASSERT_EQ(secrets.size(), 2u);
  EXPECT_EQ(test::to_hex(secrets[0]), kActive);
  EXPECT_EQ(test::to_hex(secrets[1]), kStaging);
}

TEST(CookieSecretFile, SeveralStagingSecrets) {
  std::string text;
  for (int i = 0; i < 8; ++i)
    text += std::string(31, '0') + char('0' + i) + "\n";
  std::vector<CookieSecret> secrets;
  std::string error;
  ASSERT_TRUE(parse(text, secrets, error)) << error;
  ASSERT_EQ(secrets.size(), 8u);
  EXPECT_EQ(secrets[7][15], 7);
  text += std::string(32, 'f') + "\n";
  EXPECT_FALSE(parse(text, secrets, error));
  EXPECT_EQ(error, "/var/db/nsd/cookiesecrets.txt:9: more than 8 cookie secrets");
  EXPECT_EQ(secrets.size(), 8u);  // untouched
}

TEST(CookieSecretFile, ErrorsNameFileAndLineAndNeverQuoteTheSecret) {
  std::vector<CookieSecret> secrets{CookieSecret{}};
  std::string error;
  // Too short (a digit lost).
  EXPECT_FALSE(parse(std::string(kActive) + "\n445536bcd2513298075a5d379663c96\n", secrets, error));
  EXPECT_EQ(error,
            "/var/db/nsd/cookiesecrets.txt:2: expected a cookie secret of 32 hex digits, found "
            "31 hex digits");
  EXPECT_EQ(error.find("445536"), std::string::npos);
  // Too long.
  EXPECT_FALSE(parse(std::string(kActive) + "0\n", secrets, error));
  EXPECT_EQ(error,
            "/var/db/nsd/cookiesecrets.txt:1: expected a cookie secret of 32 hex digits, found "
            "33 hex digits");
  // Not hex.
  EXPECT_FALSE(parse("\ne5e973e5a6b2a43f48e7dc849e37bfcg\n", secrets, error));
  EXPECT_EQ(error,
            "/var/db/nsd/cookiesecrets.txt:2: expected a cookie secret of 32 hex digits; "
            "character 32 is not a hex digit");
  // Two secrets on one line, a comment: NSD's format has neither.
  EXPECT_FALSE(parse(std::string(kActive) + " " + kStaging + "\n", secrets, error));
  EXPECT_EQ(error,
            "/var/db/nsd/cookiesecrets.txt:1: expected a cookie secret of 32 hex digits; "
            "character 33 is not a hex digit");
  EXPECT_FALSE(parse("# secrets\n", secrets, error));
  EXPECT_EQ(error,
            "/var/db/nsd/cookiesecrets.txt:1: expected a cookie secret of 32 hex digits; "
            "character 1 is not a hex digit");
  ASSERT_EQ(secrets.size(), 1u);  // untouched by every failure
  EXPECT_EQ(secrets[0], CookieSecret{});
}

TEST(CookieSecretFile, WritesNsdsFormat) {
  std::vector<CookieSecret> secrets(2);
  std::string error;
  ASSERT_TRUE(parse_cookie_secret(kActive, secrets[0]));
  ASSERT_TRUE(parse_cookie_secret("445536BCD2513298075A5D379663C962", secrets[1]));
  const std::string text = cookie_secret_file_text(secrets);
  EXPECT_EQ(text, std::string(kActive) + "\n" + kStaging + "\n");
  std::vector<CookieSecret> back;
  ASSERT_TRUE(parse(text, back, error)) << error;
  EXPECT_EQ(back, secrets);
  EXPECT_EQ(cookie_secret_file_text({}), "");
}

TEST(CookieSecretFile, OneSecret) {
  CookieSecret secret{};
  ASSERT_TRUE(parse_cookie_secret(kActive, secret));
  EXPECT_EQ(cookie_secret_hex(secret), kActive);
  CookieSecret untouched{};
  EXPECT_FALSE(parse_cookie_secret("", untouched));
  EXPECT_FALSE(parse_cookie_secret("e5e973e5a6b2a43f48e7dc849e37bfc", untouched));
  EXPECT_FALSE(parse_cookie_secret("e5e973e5a6b2a43f48e7dc849e37bfcf0", untouched));
  EXPECT_FALSE(parse_cookie_secret("e5e973e5a6b2a43f48e7dc849e37bfc ", untouched));
  EXPECT_FALSE(parse_cookie_secret("0xe973e5a6b2a43f48e7dc849e37bfcf", untouched));
  EXPECT_EQ(untouched, CookieSecret{});
}

}  // namespace
}  // namespace zoned::config
