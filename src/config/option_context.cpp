#include "config/option_context.h"

#include <strings.h>

#include <cctype>

#include <utility>

namespace zoned::config {

OptionContext::OptionContext(Config& config, Diagnostics& diagnostics, OpenBlock& block,
                             std::string_view option_name, const ConfigToken& key,
                             const std::vector<ConfigToken>& values)
    : config_(config),
      diagnostics_(diagnostics),
      block_(block),
      option_name_(option_name),
      key_(key),
      values_(values) {}

ZoneSettings& OptionContext::settings() {
  return block_.section == Section::kZone ? block_.zone.settings : block_.pattern.settings;
}

void OptionContext::error(std::string message, std::size_t value_index) {
  const SourceLocation& where =
      value_index < values_.size() ? values_[value_index].where : key_.where;
  diagnostics_.error(where, std::move(message));
}

void OptionContext::warning(std::string message, std::size_t value_index) {
  const SourceLocation& where =
      value_index < values_.size() ? values_[value_index].where : key_.where;
  diagnostics_.warning(where, std::move(message));
}

std::optional<bool> OptionContext::boolean(std::size_t i) {
  std::optional<bool> value = parse_yes_no(text(i));
  if (!value) {
    error("expected yes or no for " + std::string(option_name_) + ", got '" + text(i) + "'", i);
  }
  return value;
}

std::optional<std::uint64_t> OptionContext::number(std::uint64_t min, std::uint64_t max,
                                                   std::size_t i) {
  std::optional<std::uint64_t> value = parse_decimal(text(i));
  if (!value) {
    error("expected a number for " + std::string(option_name_) + ", got '" + text(i) + "'", i);
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    error(std::string(option_name_) + " " + text(i) + " is out of range " + std::to_string(min) +
              ".." + std::to_string(max),
          i);
    return std::nullopt;
  }
  return value;
}

void OptionContext::set_bool(bool& target) {
  if (auto value = boolean()) target = *value;
}

void OptionContext::set_bool(Setting<bool>& target) {
  if (auto value = boolean()) target.set(*value);
}

void OptionContext::set_port(std::uint16_t& target) {
  set_number(target, 1, 65535);
}

std::vector<std::string> OptionContext::all_texts() const {
  std::vector<std::string> texts;
  for (const ConfigToken& token : values_)
    texts.push_back(token.text);
  return texts;
}

void OptionContext::add_listen_address(std::vector<ListenAddress>& list, bool allow_local_socket,
                                       bool socket_options) {
  ListenAddress address;
  address.where = value(0).where;
  std::string problem = parse_listen_address(text(0), allow_local_socket, address);
  if (!problem.empty()) {
    error(std::string(option_name_) + ": " + problem);
    return;
  }
  for (std::size_t i = 1; i < values_.size(); ++i) {
    if (!socket_options || !apply_socket_option(text(i), address, i)) {
      error("unexpected '" + text(i) + "' after " + std::string(option_name_) + " " + text(0), i);
    }
  }
  list.push_back(std::move(address));
}

// One "name=value" socket option of ip-address (the grammar joins "servers=" and a quoted
// value into one text).
bool OptionContext::apply_socket_option(std::string_view option, ListenAddress& address,
                                        std::size_t i) {
  std::size_t equals = option.find('=');
  if (equals == std::string_view::npos) return false;
  std::string name(option.substr(0, equals));
  for (char& c : name)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view setting = option.substr(equals + 1);
  if (strcasecmp(name.c_str(), "servers") == 0) {
    std::string problem = parse_server_ranges(setting, address.servers);
    if (!problem.empty()) error(std::string(option_name_) + ": " + problem, i);
  } else if (strcasecmp(name.c_str(), "bindtodevice") == 0) {
    std::optional<bool> yes = parse_yes_no(setting);
    if (!yes) error("expected yes or no for bindtodevice=, got '" + std::string(setting) + "'", i);
    address.bind_to_device = yes.value_or(false);
  } else if (strcasecmp(name.c_str(), "setfib") == 0) {
    std::optional<std::uint64_t> fib = parse_decimal(setting);
    if (!fib || *fib > UINT32_MAX) {
      error("expected a number for setfib=, got '" + std::string(setting) + "'", i);
    } else {
      address.setfib = static_cast<std::uint32_t>(*fib);
    }
  } else {
    return false;
  }
  diagnostics_.warning_once(
      name + "=", value(i).where,
      "ip-address option '" + name + "=' is not implemented by zoned yet; ignored");
  return true;
}

void OptionContext::add_acl_from(std::size_t first, std::vector<AclEntry>& list, AclUse use,
                                 AclEntry&& entry) {
  entry.where = value(first).where;
  std::string problem = parse_acl_entry(text(first), text(first + 1), use, entry);
  if (!problem.empty()) {
    error(std::string(option_name_) + " " + text(first) + ": " + problem, first);
    return;
  }
  if (entry.is_empty_range()) {
    warning(std::string(option_name_) + " " + text(first) +
                ": the range's first address is above its last; it matches nothing",
            first);
  }
  list.push_back(std::move(entry));
}

void OptionContext::add_acl(std::vector<AclEntry>& list, AclUse use) {
  add_acl_from(0, list, use, AclEntry{});
}

void OptionContext::add_request_xfr(std::vector<AclEntry>& list) {
  AclEntry entry;
  std::size_t first = 0;
  // The grammar only leaves AXFR or UDP in front when there are enough values after it.
  if (strcasecmp(text(0).c_str(), "AXFR") == 0 && !value(0).quoted && value_count() >= 3) {
    entry.axfr_only = true;
    first = 1;
  } else if (strcasecmp(text(0).c_str(), "UDP") == 0 && !value(0).quoted && value_count() >= 3) {
    entry.udp = true;
    first = 1;
  }
  if (value_count() > first + 2) entry.tls_auth_name = text(first + 2);
  add_acl_from(first, list, AclUse::kRequestXfr, std::move(entry));
}

void OptionContext::add_outgoing_interface(std::vector<AclEntry>& list) {
  AclEntry entry;
  entry.where = value(0).where;
  std::string problem = parse_acl_entry(text(0), "NOKEY", AclUse::kOutgoingInterface, entry);
  if (!problem.empty()) {
    error(std::string(option_name_) + " " + text(0) + ": " + problem);
    return;
  }
  list.push_back(std::move(entry));
}

}  // namespace zoned::config
