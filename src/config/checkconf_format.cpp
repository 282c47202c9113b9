#include "config/checkconf_format.h"

#include <algorithm>

namespace zoned::config {

void append_all(std::string& out, std::initializer_list<std::string_view> pieces) {
  for (std::string_view piece : pieces)
    out += piece;
}

void append_setting(std::string& out, std::string_view name, std::string_view value) {
  append_all(out, {"\t", name, ": ", value, "\n"});
}

void append_string_var(std::string& out, std::string_view name,
                       const std::optional<std::string>& value) {
  out += '\t';
  if (!value) {
    out += '#';
    out += name;
    out += '\n';
    return;
  }
  out += name;
  out += " \"";
  out += *value;
  out += "\"\n";
}

void append_line(std::string& out, const std::optional<std::string>& value) {
  if (value) out += *value;
  out += '\n';
}

namespace {

const char* key_word(const AclEntry& entry) {
  switch (entry.key) {
    case AclKey::kNoKey:
      return "NOKEY";
    case AclKey::kBlocked:
      return "BLOCKED";
    case AclKey::kKeyName:
      return entry.key_name.c_str();
  }
  return "";
}

const char* range_word(AclRange range) {
  switch (range) {
    case AclRange::kSingle:
      return " single";
    case AclRange::kMask:
      return " masked";
    case AclRange::kSubnet:
      return " subnet";
    case AclRange::kMinMax:
      return " minmax";
  }
  return "";
}

// -v -v's description of how NSD understood an entry.
void append_acl_comment(std::string& out, const AclEntry& entry) {
  out += entry.address.family == AddressFamily::kIpv6 ? "\t# ip6" : "\t# ip4";
  if (entry.port == 0) {
    out += " noport";
  } else {
    append_all(out, {" port=", std::to_string(entry.port)});
  }
  out += range_word(entry.range);
  append_all(out, {" addr=", to_string(entry.address)});
  if (entry.range != AclRange::kSingle) {
    append_all(out, {" rangemask=", to_string(entry.range_limit)});
  }
  out += '\n';
}

}  // namespace

std::string acl_query_text(const AclEntry& entry) {
  std::string text;
  append_all(text, {entry.address_spec, " ", key_word(entry)});
  if (!entry.tls_auth_name.empty()) append_all(text, {" ", entry.tls_auth_name});
  return text;
}

void append_acl_lines(std::string& out, std::string_view name, const std::vector<AclEntry>& list,
                      int verbosity) {
  for (const AclEntry& entry : list) {
    out += '\t';
    out += name;
    out += ' ';
    if (entry.axfr_only) out += "AXFR ";
    if (entry.udp) out += "UDP ";
    out += acl_query_text(entry);
    out += '\n';
    if (verbosity > 1) append_acl_comment(out, entry);
  }
}

std::string implicit_pattern_name(const Zone& zone) {
  return std::string("_implicit_").append(zone.name);
}

namespace {

template <class T>
std::vector<const T*> pointers_by_name(const std::vector<T>& items) {
  std::vector<const T*> sorted;
  for (const T& item : items)
    sorted.push_back(&item);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const T* a, const T* b) { return a->name < b->name; });
  return sorted;
}

}  // namespace

std::vector<const Zone*> zones_in_order(const Config& config) {
  std::vector<const Zone*> sorted;
  for (const Zone& zone : config.zones)
    sorted.push_back(&zone);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Zone* a, const Zone* b) {
    return wire::canonical_compare(a->apex, b->apex) < 0;
  });
  return sorted;
}

std::vector<const Pattern*> patterns_in_order(const Config& config) {
  return pointers_by_name(config.patterns);
}

std::vector<const TsigKey*> keys_in_order(const Config& config) {
  return pointers_by_name(config.keys);
}

std::vector<const TlsAuth*> tls_auths_in_order(const Config& config) {
  return pointers_by_name(config.tls_auths);
}

std::vector<std::string> all_pattern_names(const Config& config) {
  std::vector<std::string> names;
  for (const Pattern& pattern : config.patterns)
    names.push_back(pattern.name);
  for (const Zone& zone : config.zones)
    names.push_back(implicit_pattern_name(zone));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace zoned::config
