// What an option's handler in the option table works with: the option's values, the clause
// being read, the model to store into, and typed setters that parse a value, report a bad one
// at its line and leave the target alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_lexer.h"
#include "config/config_model.h"
#include "config/diagnostics.h"

namespace zoned::config {

// The clause being read. Keys, tls-auths, patterns and zones are built here and moved into
// the Config when the clause ends; server:, remote-control:, verify: and dnstap: options go
// straight into the Config.
struct OpenBlock {
  Section section = Section::kNone;
  SourceLocation where;  // the clause keyword
  TsigKey key;
  TlsAuth tls_auth;
  Pattern pattern;
  Zone zone;
  bool has_name = false;      // a good name: was given
  bool name_given = false;    // a name: was given, good or not (a bad one is reported already)
  bool secret_given = false;  // the same for a key's secret:
};

class OptionContext {
 public:
  OptionContext(Config& config, Diagnostics& diagnostics, OpenBlock& block,
                std::string_view option_name, const ConfigToken& key,
                const std::vector<ConfigToken>& values);

  Config& config() { return config_; }
  ServerOptions& server() { return config_.server; }
  RemoteControlOptions& remote_control() { return config_.remote_control; }
  VerifyOptions& verify() { return config_.verify; }
  OpenBlock& block() { return block_; }
  // The settings of the pattern or zone being read.
  ZoneSettings& settings();

  std::string_view option_name() const { return option_name_; }
  const ConfigToken& key_token() const { return key_; }
  std::size_t value_count() const { return values_.size(); }
  const ConfigToken& value(std::size_t i = 0) const { return values_[i]; }
  const std::string& text(std::size_t i = 0) const { return values_[i].text; }

  void error(std::string message, std::size_t value_index = 0);
  void warning(std::string message, std::size_t value_index = 0);

  // Typed values of value(i); nullopt (after an error) when the value is bad.
  std::optional<bool> boolean(std::size_t i = 0);
  std::optional<std::uint64_t> number(std::uint64_t min, std::uint64_t max, std::size_t i = 0);

  void set_bool(bool& target);
  void set_bool(Setting<bool>& target);
  void set_string(std::string& target) { target = text(); }
  void set_string(std::optional<std::string>& target) { target = text(); }
  void set_string(Setting<std::string>& target) { target.set(text()); }
  void set_strings(std::optional<std::vector<std::string>>& target) { target = all_texts(); }
  void set_strings(Setting<std::vector<std::string>>& target) { target.set(all_texts()); }
  void set_port(std::uint16_t& target);

  template <class T>
  void set_number(T& target, std::uint64_t min = 0,
                  std::uint64_t max = std::numeric_limits<T>::max()) {
    if (auto n = number(min, max)) target = static_cast<T>(*n);
  }
  template <class T>
  void set_number(Setting<T>& target, std::uint64_t min = 0,
                  std::uint64_t max = std::numeric_limits<T>::max()) {
    if (auto n = number(min, max)) target.set(static_cast<T>(*n));
  }

  // ip-address and the like; `socket_options` allows NSD's servers=, bindtodevice= and
  // setfib= after the address.
  void add_listen_address(std::vector<ListenAddress>& list, bool allow_local_socket,
                          bool socket_options);
  // "<ip-spec> <key>" of allow-notify, provide-xfr, allow-query and notify.
  void add_acl(std::vector<AclEntry>& list, AclUse use);
  // "[AXFR|UDP] <ip> <key> [<tls-auth>]".
  void add_request_xfr(std::vector<AclEntry>& list);
  // outgoing-interface: one address, NOKEY implied.
  void add_outgoing_interface(std::vector<AclEntry>& list);

 private:
  std::vector<std::string> all_texts() const;
  bool apply_socket_option(std::string_view option, ListenAddress& address, std::size_t i);
  void add_acl_from(std::size_t first, std::vector<AclEntry>& list, AclUse use, AclEntry&& entry);

  Config& config_;
  Diagnostics& diagnostics_;
  OpenBlock& block_;
  std::string_view option_name_;
  const ConfigToken& key_;
  const std::vector<ConfigToken>& values_;
};

}  // namespace zoned::config
