// key: clauses: names, algorithms (with NSD's short forms), base64 secrets.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config_loader.h"
#include "config/tsig_key.h"

namespace zoned::config {
namespace {

std::vector<std::string> all_messages(const LoadedConfig& loaded) {
  std::vector<std::string> out;
  for (const Diagnostic& d : loaded.diagnostics.messages())
    out.push_back(d.to_string());
  return out;
}

LoadedConfig load_key(const std::string& body) {
  return load_config_text("key:\n" + body, "t.conf");
}

TEST(ConfigKey, GuideKeyDecodes) {
  LoadedConfig loaded = load_key(
      " name: \"secretkey0\"\n algorithm: hmac-sha256\n"
      " secret: \"7Q7KLOi44zuTjK/RavkFECLgglv6qkwN2y1GOdWFE/A=\"\n");
  ASSERT_TRUE(loaded.ok());
  const TsigKey& key = loaded.config.keys.at(0);
  EXPECT_EQ(key.name, "secretkey0");
  EXPECT_EQ(wire::to_text(key.wire_name), "secretkey0.");
  EXPECT_EQ(key.algorithm, TsigAlgorithm::kHmacSha256);
  EXPECT_EQ(key.algorithm_text, "hmac-sha256");
  EXPECT_EQ(key.secret.size(), 32u);
  EXPECT_EQ(key.secret[0], 0xed);
  EXPECT_EQ(key.secret[31], 0xf0);
  EXPECT_EQ(key.secret_base64, "7Q7KLOi44zuTjK/RavkFECLgglv6qkwN2y1GOdWFE/A=");
  EXPECT_EQ(key.where.line, 1u);
}

TEST(ConfigKey, AlgorithmsAndShortForms) {
  struct Case {
    const char* text;
    TsigAlgorithm algorithm;
  };
  const Case cases[] = {
      {"hmac-md5", TsigAlgorithm::kHmacMd5},       {"md5", TsigAlgorithm::kHmacMd5},
      {"hmac-sha1", TsigAlgorithm::kHmacSha1},     {"sha1", TsigAlgorithm::kHmacSha1},
      {"hmac-sha224", TsigAlgorithm::kHmacSha224}, {"sha224", TsigAlgorithm::kHmacSha224},
      {"hmac-sha256", TsigAlgorithm::kHmacSha256}, {"SHA256", TsigAlgorithm::kHmacSha256},
      {"hmac-sha384", TsigAlgorithm::kHmacSha384}, {"sha384", TsigAlgorithm::kHmacSha384},
      {"HMAC-SHA512", TsigAlgorithm::kHmacSha512}, {"sha512", TsigAlgorithm::kHmacSha512},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_tsig_algorithm(c.text), c.algorithm) << c.text;
  }
  EXPECT_FALSE(parse_tsig_algorithm("hmac-sha999"));
  EXPECT_FALSE(parse_tsig_algorithm("hmac-"));
  EXPECT_FALSE(parse_tsig_algorithm("hmac-md5.sig-alg.reg.int"));  // NSD 4.6 refuses it too
  EXPECT_FALSE(parse_tsig_algorithm(""));
  EXPECT_EQ(tsig_algorithm_wire_name(TsigAlgorithm::kHmacMd5), "hmac-md5.sig-alg.reg.int.");
  EXPECT_EQ(tsig_algorithm_wire_name(TsigAlgorithm::kHmacSha384), "hmac-sha384.");
}

TEST(ConfigKey, DefaultAlgorithmIsSha256AsInNsd) {
  LoadedConfig loaded = load_key(" name: k\n secret: \"YWJj\"\n");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.config.keys[0].algorithm, TsigAlgorithm::kHmacSha256);
  EXPECT_EQ(loaded.config.keys[0].algorithm_text, "sha256");
}

TEST(ConfigKey, SecretDecoding) {
  std::vector<std::uint8_t> secret;
  EXPECT_TRUE(decode_tsig_secret("YWJj", secret));
  EXPECT_EQ(secret, (std::vector<std::uint8_t>{'a', 'b', 'c'}));
  EXPECT_TRUE(decode_tsig_secret("YW Jj\n", secret));  // blanks skipped, as NSD's b64_pton
  EXPECT_EQ(secret.size(), 3u);
  EXPECT_TRUE(decode_tsig_secret("YQ==", secret));
  EXPECT_EQ(secret, (std::vector<std::uint8_t>{'a'}));
  EXPECT_TRUE(decode_tsig_secret("", secret));
  EXPECT_TRUE(secret.empty());
  EXPECT_FALSE(decode_tsig_secret("YWJj!", secret));
  EXPECT_FALSE(decode_tsig_secret("YWJ", secret));
  EXPECT_FALSE(decode_tsig_secret("YQ", secret));
  EXPECT_FALSE(decode_tsig_secret("Y===", secret));
  EXPECT_FALSE(decode_tsig_secret("YQ==YWJj", secret));
}

TEST(ConfigKey, Errors) {
  EXPECT_EQ(all_messages(load_key(" name: k\n algorithm: hmac-sha999\n secret: \"YWJj\"\n")),
            (std::vector<std::string>{
                "t.conf:3: error: unknown TSIG algorithm 'hmac-sha999' (expected hmac-md5, "
                "hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or hmac-sha512)"}));
  EXPECT_EQ(
      all_messages(load_key(" name: k\n secret: \"YWJj!\"\n")),
      (std::vector<std::string>{"t.conf:3: error: the secret of key 'k' is not valid base64"}));
  EXPECT_EQ(
      all_messages(load_key(" secret: \"YWJ\"\n name: k\n")),
      (std::vector<std::string>{"t.conf:2: error: the secret of this key is not valid base64"}));
  EXPECT_EQ(all_messages(load_key(" name: k\n")),
            (std::vector<std::string>{"t.conf:1: error: key 'k' has no secret"}));
  EXPECT_EQ(all_messages(load_key(" secret: \"YWJj\"\n")),
            (std::vector<std::string>{"t.conf:1: error: key: clause without a name"}));
  EXPECT_EQ(all_messages(load_key(" name: \"a..b\"\n secret: \"YWJj\"\n")),
            (std::vector<std::string>{"t.conf:2: error: bad key name 'a..b': not a domain name"}));
  EXPECT_EQ(all_messages(load_key(" name: k\n secret: \"\"\n")),
            (std::vector<std::string>{"t.conf:3: warning: the secret of key 'k' is empty"}));
}

TEST(ConfigKey, DuplicateKey) {
  LoadedConfig loaded = load_config_text(
      "key:\n name: k\n secret: \"YWJj\"\nkey:\n name: k\n secret: \"YWJj\"\n", "t.conf");
  EXPECT_EQ(
      all_messages(loaded),
      (std::vector<std::string>{"t.conf:4: error: duplicate key 'k' (first defined at t.conf:1)"}));
  // Names compare as NSD compares them: case matters.
  EXPECT_TRUE(
      load_config_text("key:\n name: k\n secret: \"YWJj\"\nkey:\n name: K\n secret: \"YWJj\"\n",
                       "t.conf")
          .ok());
}

}  // namespace
}  // namespace zoned::config
