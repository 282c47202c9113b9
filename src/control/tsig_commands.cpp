#include "control/tsig_commands.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "config/tsig_key.h"
#include "server/log.h"
#include "wire/name.h"

namespace zoned::control {
namespace {

using config::AclEntry;
using config::Config;
using config::TsigKey;

// NSD's errors start "error: " (with a colon, unlike its "error unknown command").
void fail(ControlOutput& out, const std::string& message) {
  out.line("error: " + message);
  out.set_failed();
}

TsigKey* find_key(Config& config, std::string_view name) {
  for (TsigKey& key : config.keys)
    if (key.name == name) return &key;
  return nullptr;
}

std::string key_line(const TsigKey& key) {
  return "key: name: \"" + key.name + "\" secret: \"" + key.secret_base64 +
         "\" algorithm: " + key.algorithm_text;
}

// The ACLs assoc_tsig sets and del_tsig looks at, as NSD's.
std::array<std::vector<AclEntry>*, 5> key_lists(config::ZoneSettings& s) {
  return {&s.allow_notify, &s.notify, &s.request_xfr, &s.provide_xfr, &s.allow_query};
}

bool uses_key(config::Zone& zone, std::string_view name) {
  for (const std::vector<AclEntry>* list : key_lists(zone.settings))
    for (const AclEntry& e : *list)
      if (e.key == config::AclKey::kKeyName && e.key_name == name) return true;
  return false;
}

// A zone name as an operator types it, with or without the final dot.
bool parse_zone(const std::string& text, wire::Name& out) {
  return wire::parse_name(text.empty() || text.back() != '.' ? text + "." : text, nullptr, out) ==
         wire::NameTextError::kOk;
}

bool print_tsig(const ControlCommand& command, Config& config, ControlOutput& out) {
  if (!command.args.empty()) {
    const TsigKey* key = find_key(config, command.args[0]);
    if (key == nullptr) {
      fail(out, "no such key with name: " + command.args[0]);
    } else {
      out.line(key_line(*key));
    }
    return false;
  }
  std::vector<const TsigKey*> keys;
  for (const TsigKey& key : config.keys)
    keys.push_back(&key);
  std::sort(keys.begin(), keys.end(), [](const TsigKey* a, const TsigKey* b) {
    return a->name < b->name;  // NSD keeps its keys in a tree ordered by strcmp of the name
  });
  for (const TsigKey* key : keys)
    out.line(key_line(*key));
  return false;
}

bool update_tsig(const ControlCommand& command, Config& config, ControlOutput& out) {
  const std::string& name = command.args[0];
  const std::string& secret = command.args[1];
  TsigKey* key = find_key(config, name);
  if (key == nullptr) {
    fail(out, "no such key with name: " + name);
    return false;
  }
  std::vector<std::uint8_t> decoded;
  if (!config::decode_tsig_secret(secret, decoded)) {
    fail(out, "the secret: " + secret + " is not in b64 format");
    return false;
  }
  key->secret = std::move(decoded);
  key->secret_base64 = secret;
  key->has_secret = true;
  server::log_info("key %s: new secret (zoned-control update_tsig), algorithm %s", name.c_str(),
                   key->algorithm_text.c_str());
  return true;
}

bool add_tsig(const ControlCommand& command, Config& config, ControlOutput& out) {
  const std::string& name = command.args[0];
  const std::string& secret = command.args[1];
  const std::string algorithm_text = command.args.size() > 2 ? command.args[2] : "hmac-sha256";
  if (find_key(config, name) != nullptr) {
    fail(out, "key " + name + " already exists");
    return false;
  }
  TsigKey key;
  if (!config::decode_tsig_secret(secret, key.secret)) {
    fail(out, "the secret: " + secret + " is not in b64 format");
    return false;
  }
  wire::NameView root;
  if (wire::parse_name(name, &root, key.wire_name) != wire::NameTextError::kOk) {
    fail(out, "could not parse key name: " + name);
    return false;
  }
  const std::optional<config::TsigAlgorithm> algorithm =
      config::parse_tsig_algorithm(algorithm_text);
  if (!algorithm) {
    fail(out, "unknown algorithm: " + algorithm_text);
    return false;
  }
  key.name = name;
  key.algorithm = *algorithm;
  key.algorithm_text = algorithm_text;
  key.secret_base64 = secret;
  key.has_secret = true;
  config.keys.push_back(std::move(key));
  server::log_info("key %s added (zoned-control add_tsig), algorithm %s", name.c_str(),
                   algorithm_text.c_str());
  return true;
}

bool assoc_tsig(const ControlCommand& command, Config& config, ControlOutput& out) {
  const std::string& zone_name = command.args[0];
  const std::string& key_name = command.args[1];
  wire::Name apex;
  config::Zone* zone = nullptr;
  if (parse_zone(zone_name, apex)) {
    for (config::Zone& z : config.zones)
      if (wire::equal(z.apex.view(), apex.view())) zone = &z;
  }
  if (zone == nullptr) {
    out.error("zone " + zone_name + " not configured");  // NSD's "error zone ... not configured"
    return false;
  }
  if (find_key(config, key_name) == nullptr) {
    fail(out, "key: " + key_name + " does not exist");
    return false;
  }
  for (std::vector<AclEntry>* list : key_lists(zone->settings)) {
    for (AclEntry& e : *list) {
      if (e.key == config::AclKey::kBlocked) continue;
      e.key = config::AclKey::kKeyName;
      e.key_name = key_name;
    }
  }
  server::log_info("zone %s: its ACLs use key %s (zoned-control assoc_tsig)", zone->name.c_str(),
                   key_name.c_str());
  return true;
}

bool del_tsig(const ControlCommand& command, Config& config, ControlOutput& out) {
  const std::string& name = command.args[0];
  const auto key = std::find_if(config.keys.begin(), config.keys.end(),
                                [&](const TsigKey& k) { return k.name == name; });
  if (key == config.keys.end()) {
    out.line("key " + name + " does not exist, nothing to be deleted");  // not an error: NSD's
    return false;
  }
  for (config::Zone& zone : config.zones) {
    if (!uses_key(zone, name)) continue;
    out.line("zone " + zone.name + " uses key " + name);  // the first one, as NSD
    fail(out, "key: " + name + " is in use and cannot be deleted");
    return false;
  }
  config.keys.erase(key);
  server::log_info("key %s deleted (zoned-control del_tsig)", name.c_str());
  return true;
}

}  // namespace

bool is_tsig_command(std::string_view name) {
  return name == "print_tsig" || name == "update_tsig" || name == "add_tsig" ||
         name == "assoc_tsig" || name == "del_tsig";
}

bool run_tsig_command(const ControlCommand& command, Config& config, ControlOutput& out) {
  const std::string& name = command.name;
  if (name == "print_tsig") return print_tsig(command, config, out);
  if (name == "update_tsig") return update_tsig(command, config, out);
  if (name == "add_tsig") return add_tsig(command, config, out);
  if (name == "assoc_tsig") return assoc_tsig(command, config, out);
  if (name == "del_tsig") return del_tsig(command, config, out);
  out.error("unknown command '" + name + "'");
  return false;
}

}  // namespace zoned::control
