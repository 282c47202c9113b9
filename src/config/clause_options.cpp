#include "config/clause_options.h"

#include <string>
#include <vector>

#include "config/option_context.h"
#include "config/pattern_resolution.h"

namespace zoned::config {

namespace {

// Names in nsd.conf are absolute whether or not they end in a dot.
bool parse_absolute_name(const std::string& text, wire::Name& out) {
  wire::NameView root;
  return wire::parse_name(text, &root, out) == wire::NameTextError::kOk;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string text;
  for (std::string_view name : names) {
    if (!text.empty()) text += ", ";
    text += name;
  }
  return text;
}

}  // namespace

void apply_key_name(OptionContext& c) {
  TsigKey& key = c.block().key;
  c.block().name_given = true;
  if (!parse_absolute_name(c.text(), key.wire_name)) {
    c.error("bad key name '" + c.text() + "': not a domain name");
    return;
  }
  key.name = c.text();
  c.block().has_name = true;
}

void apply_key_algorithm(OptionContext& c) {
  std::optional<TsigAlgorithm> algorithm = parse_tsig_algorithm(c.text());
  if (!algorithm) {
    c.error("unknown TSIG algorithm '" + c.text() +
            "' (expected hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or "
            "hmac-sha512)");
    return;
  }
  c.block().key.algorithm = *algorithm;
  c.block().key.algorithm_text = c.text();
}

void apply_key_secret(OptionContext& c) {
  TsigKey& key = c.block().key;
  c.block().secret_given = true;
  std::string whose = key.name.empty() ? "this key" : "key '" + key.name + "'";
  if (!decode_tsig_secret(c.text(), key.secret)) {
    c.error("the secret of " + whose + " is not valid base64");
    return;
  }
  if (key.secret.empty()) c.warning("the secret of " + whose + " is empty");
  key.secret_base64 = c.text();
  key.has_secret = true;
}

void apply_tls_auth_name(OptionContext& c) {
  c.block().name_given = true;
  wire::Name ignored;
  if (!parse_absolute_name(c.text(), ignored)) {
    c.error("bad tls-auth name '" + c.text() + "': not a domain name");
    return;
  }
  c.block().tls_auth.name = c.text();
  c.block().has_name = true;
}

void apply_pattern_name(OptionContext& c) {
  c.block().name_given = true;
  if (c.text().find(' ') != std::string::npos) {
    c.error("a pattern name cannot contain a space: '" + c.text() + "'");
    return;
  }
  c.block().pattern.name = c.text();
  c.block().has_name = true;
}

void apply_zone_name(OptionContext& c) {
  Zone& zone = c.block().zone;
  c.block().name_given = true;
  if (!parse_absolute_name(c.text(), zone.apex)) {
    c.error("bad zone name '" + c.text() + "': not a domain name");
    return;
  }
  zone.name = c.text();
  c.block().has_name = true;
}

void apply_include_pattern(OptionContext& c) {
  const Pattern* pattern = c.config().find_pattern(c.text());
  if (pattern == nullptr) {
    c.error("pattern '" + c.text() + "' is not defined above this include-pattern");
    return;
  }
  std::vector<std::string_view> replaced;
  apply_pattern(pattern->settings, c.settings(), replaced);
  if (c.block().section == Section::kZone) c.block().zone.included_patterns.push_back(c.text());
  if (!replaced.empty()) {
    c.warning("include-pattern '" + c.text() + "' replaces " + joined(replaced) +
              " set above it (NSD applies a pattern where it is included; write the "
              "include-pattern first to keep these)");
  }
}

}  // namespace zoned::config
