#include "config/config_grammar.h"

#include <strings.h>

#include <cctype>
#include <utility>

namespace zoned::config {

namespace {

std::string where_text(const SourceLocation& where) {
  return std::string(where.file_name()) + ":" + std::to_string(where.line);
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

// "pattern: or zone:" for a set of clauses.
std::string clause_list(SectionMask sections) {
  std::string text;
  for (unsigned s = 1; s <= static_cast<unsigned>(Section::kZone); ++s) {
    if ((sections & (1u << s)) == 0) continue;
    if (!text.empty()) text += " or ";
    text += to_string(static_cast<Section>(s));
    text += ':';
  }
  return text;
}

const char* missing_values_text(ValueKind kind) {
  switch (kind) {
    case ValueKind::kAcl:
      return "needs an address and a key (a key name, NOKEY or BLOCKED)";
    case ValueKind::kRequestXfr:
      return "needs an address and a key (a key name or NOKEY)";
    default:
      return "needs a value";
  }
}

// "port:53": NSD only knows "port:" when a blank (or a quote) follows it.
bool glued_keyword(const ConfigToken& token) {
  std::size_t colon = token.text.find(':');
  if (token.quoted || colon == std::string::npos || colon + 1 == token.text.size()) return false;
  std::string_view name = std::string_view(token.text).substr(0, colon);
  return find_section_keyword(name) || is_option_name(name);
}

// "word:" of letters, digits, '-' and '_': how options look, even unknown ones.
bool looks_like_option(const ConfigToken& token) {
  std::string_view name = keyword_name(token);
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

std::string_view keyword_name(const ConfigToken& token) {
  if (token.quoted || token.text.size() < 2 || token.text.back() != ':') return {};
  return std::string_view(token.text).substr(0, token.text.size() - 1);
}

ConfigGrammar::ConfigGrammar(ConfigInput& input, Config& config, Diagnostics& diagnostics)
    : input_(input), config_(config), diagnostics_(diagnostics) {}

void ConfigGrammar::parse() {
  ConfigToken token;
  while (input_.take(token))
    statement(token);
  close_clause();
}

bool ConfigGrammar::is_keyword(const ConfigToken& token) const {
  std::string_view name = keyword_name(token);
  return !name.empty() && (find_section_keyword(name) || is_option_name(name));
}

bool ConfigGrammar::next_is_value() {
  const ConfigToken* next = input_.peek();
  return next != nullptr && !is_keyword(*next);
}

void ConfigGrammar::statement(const ConfigToken& token) {
  if (!is_keyword(token)) {
    report_stray_value(token);
    skip_values();
    return;
  }
  std::string_view name = keyword_name(token);
  if (std::optional<Section> section = find_section_keyword(name)) {
    close_clause();
    open_clause(*section, token);
    return;
  }
  const OptionSpec* spec = find_option(block_.section, name);
  if (spec == nullptr) {
    report_misplaced_option(name, token);
    skip_values();
    return;
  }
  option(*spec, token);
}

void ConfigGrammar::report_stray_value(const ConfigToken& token) {
  std::string_view name = keyword_name(token);
  if (!name.empty()) {
    std::string clause(to_string(block_.section));
    diagnostics_.error(token.where, "unknown option '" + std::string(name) + "'" +
                                        (clause.empty() ? "" : " in " + clause + ":"));
  } else if (glued_keyword(token)) {
    std::string keyword = token.text.substr(0, token.text.find(':') + 1);
    diagnostics_.error(token.where, "'" + token.text + "': a blank is needed between '" + keyword +
                                        "' and its value");
  } else if (!last_option_.empty()) {
    diagnostics_.error(token.where,
                       "unexpected '" + token.text + "' after the value of " + last_option_);
  } else {
    diagnostics_.error(token.where, "unexpected '" + token.text +
                                        "': expected a clause such as "
                                        "server:, key:, pattern: or zone:");
  }
}

void ConfigGrammar::report_misplaced_option(std::string_view name, const ConfigToken& key) {
  std::string option = lowercase(name);
  std::string belongs = clause_list(sections_of(name));
  if (block_.section == Section::kNone) {
    diagnostics_.error(
        key.where, "option '" + option + "' outside of a clause (it belongs in " + belongs + ")");
  } else {
    diagnostics_.error(key.where, "option '" + option + "' is not allowed in " +
                                      std::string(to_string(block_.section)) + ": (it belongs in " +
                                      belongs + ")");
  }
}

// After an error, the values that follow belong to the bad statement: skip them so that
// each mistake is reported once. A "word:" that looks like an option, known or not, starts
// the next statement, so a run of unknown options gives an error each.
void ConfigGrammar::skip_values() {
  ConfigToken ignored;
  while (next_is_value() && !looks_like_option(*input_.peek()))
    input_.take(ignored);
}

void ConfigGrammar::open_clause(Section section, const ConfigToken& keyword) {
  block_ = OpenBlock{};
  block_.section = section;
  block_.where = keyword.where;
  last_option_.clear();
}

void ConfigGrammar::close_clause() {
  switch (block_.section) {
    case Section::kKey:
      close_key();
      break;
    case Section::kTlsAuth:
      close_tls_auth();
      break;
    case Section::kPattern:
      close_pattern();
      break;
    case Section::kZone:
      close_zone();
      break;
    default:
      break;
  }
  block_ = OpenBlock{};
}

// A clause whose name: was bad has been reported already; one without any name has not.
void ConfigGrammar::report_missing_name(std::string_view clause) {
  if (block_.name_given) return;
  diagnostics_.error(block_.where, std::string(clause) + ": clause without a name");
}

void ConfigGrammar::close_key() {
  TsigKey& key = block_.key;
  if (!block_.has_name) {
    report_missing_name("key");
    return;
  }
  key.where = block_.where;
  // A key without a secret is still recorded, so the lists using it do not also fail.
  if (!key.has_secret && !block_.secret_given) {
    diagnostics_.error(block_.where, "key '" + key.name + "' has no secret");
  }
  if (const TsigKey* first = config_.find_key(key.name)) {
    diagnostics_.error(block_.where, "duplicate key '" + key.name + "' (first defined at " +
                                         where_text(first->where) + ")");
    return;
  }
  config_.keys.push_back(std::move(key));
}

void ConfigGrammar::close_tls_auth() {
  TlsAuth& tls = block_.tls_auth;
  if (!block_.has_name) {
    report_missing_name("tls-auth");
    return;
  }
  tls.where = block_.where;
  if (!tls.auth_domain_name) {
    diagnostics_.error(block_.where, "tls-auth '" + tls.name + "' has no auth-domain-name");
  }
  if (const TlsAuth* first = config_.find_tls_auth(tls.name)) {
    diagnostics_.error(block_.where, "duplicate tls-auth '" + tls.name + "' (first defined at " +
                                         where_text(first->where) + ")");
    return;
  }
  config_.tls_auths.push_back(std::move(tls));
}

void ConfigGrammar::close_pattern() {
  Pattern& pattern = block_.pattern;
  if (!block_.has_name) {
    report_missing_name("pattern");
    return;
  }
  pattern.where = block_.where;
  // NSD names the pattern it makes for each zone "_implicit_<zone>"; a pattern of that name
  // clashes with the zone's.
  if (pattern.name.starts_with("_implicit_")) {
    diagnostics_.error(block_.where, "pattern name '" + pattern.name +
                                         "': names starting with _implicit_ are NSD's own");
    return;
  }
  if (const Pattern* first = config_.find_pattern(pattern.name)) {
    diagnostics_.error(block_.where, "duplicate pattern '" + pattern.name + "' (first defined at " +
                                         where_text(first->where) + ")");
    return;
  }
  config_.patterns.push_back(std::move(pattern));
}

void ConfigGrammar::close_zone() {
  Zone& zone = block_.zone;
  if (!block_.has_name) {
    report_missing_name("zone");
    return;
  }
  zone.where = block_.where;
  auto [it, inserted] = zone_index_.try_emplace(zone.apex, config_.zones.size());
  if (!inserted) {
    const Zone& first = config_.zones[it->second];
    diagnostics_.error(block_.where, "duplicate zone '" + zone.name + "' (first defined as '" +
                                         first.name + "' at " + where_text(first.where) + ")");
    return;
  }
  config_.zones.push_back(std::move(zone));
}

void ConfigGrammar::option(const OptionSpec& spec, const ConfigToken& key) {
  std::vector<ConfigToken> values;
  if (!collect_values(spec, key, values)) return;
  last_option_ = std::string(spec.name);
  remember_location(key, spec.name);
  OptionContext context(config_, diagnostics_, block_, spec.name, key, values);
  if (spec.support == Support::kIgnored) keep_ignored(spec, key, values, context);
  if (spec.apply != nullptr) spec.apply(context);
}

void ConfigGrammar::remember_location(const ConfigToken& key, std::string_view name) {
  Section s = block_.section;
  if (s != Section::kServer && s != Section::kRemoteControl && s != Section::kVerify &&
      s != Section::kDnstap) {
    return;
  }
  std::string location_key(to_string(s));
  location_key += ':';
  location_key += name;
  config_.option_locations[location_key] = key.where;
}

bool ConfigGrammar::collect_values(const OptionSpec& spec, const ConfigToken& key,
                                   std::vector<ConfigToken>& values) {
  switch (spec.kind) {
    case ValueKind::kAcl:
      return take_values(2, spec, key, values);
    case ValueKind::kRequestXfr:
      if (!take_values(request_xfr_has_prefix() ? 3 : 2, spec, key, values)) return false;
      if (next_is_value()) take_values(1, spec, key, values);  // the tls-auth name
      return true;
    case ValueKind::kListenAddress:
      if (!take_values(1, spec, key, values)) return false;
      take_socket_options(values);
      return true;
    case ValueKind::kStrings:
    case ValueKind::kNumbers:
      if (!take_values(1, spec, key, values)) return false;
      take_remaining_values(values);
      return true;
    default:
      return take_values(1, spec, key, values);
  }
}

bool ConfigGrammar::take_values(std::size_t count, const OptionSpec& spec, const ConfigToken& key,
                                std::vector<ConfigToken>& values) {
  for (std::size_t i = 0; i < count; ++i) {
    if (!next_is_value()) {
      diagnostics_.error(key.where, std::string(spec.name) + " " + missing_values_text(spec.kind));
      return false;
    }
    input_.take(values.emplace_back());
  }
  return true;
}

void ConfigGrammar::take_remaining_values(std::vector<ConfigToken>& values) {
  while (next_is_value())
    input_.take(values.emplace_back());
}

bool ConfigGrammar::request_xfr_has_prefix() {
  const ConfigToken* next = input_.peek();
  return next != nullptr && !next->quoted &&
         (strcasecmp(next->text.c_str(), "AXFR") == 0 ||
          strcasecmp(next->text.c_str(), "UDP") == 0);
}

// NSD's "servers=", "bindtodevice=" and "setfib=" after an ip-address. "servers=" may be
// followed by its value as the next token ("servers=" "1 2"), which is joined to it here.
void ConfigGrammar::take_socket_options(std::vector<ConfigToken>& values) {
  static constexpr std::string_view kOptions[] = {"servers=", "bindtodevice=", "setfib="};
  while (next_is_value()) {
    const ConfigToken* next = input_.peek();
    bool is_option = false;
    for (std::string_view option : kOptions) {
      if (!next->quoted && starts_with_ignoring_case(next->text, option)) is_option = true;
    }
    if (!is_option) return;
    ConfigToken& token = values.emplace_back();
    input_.take(token);
    if (token.text.back() == '=' && next_is_value()) {
      ConfigToken value;
      input_.take(value);
      token.text += value.text;
    }
  }
}

void ConfigGrammar::keep_ignored(const OptionSpec& spec, const ConfigToken& key,
                                 const std::vector<ConfigToken>& values, OptionContext& context) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (spec.kind == ValueKind::kBool) context.boolean(i);
    if (spec.kind == ValueKind::kNumber || spec.kind == ValueKind::kNumbers) {
      context.number(0, UINT32_MAX, i);
    }
  }
  std::string name = lowercase(keyword_name(key));
  diagnostics_.warning_once(
      spec.name, key.where,
      "option '" + std::string(spec.name) + "' is not implemented by zoned yet; ignored");
  if (spec.apply != nullptr) return;  // also kept typed, in the model
  IgnoredOption& kept = config_.ignored_options.emplace_back();
  kept.section = block_.section;
  kept.name = std::move(name);
  kept.where = key.where;
  for (const ConfigToken& value : values)
    kept.values.push_back(value.text);
}

}  // namespace zoned::config
