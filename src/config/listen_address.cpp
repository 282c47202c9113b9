#include "config/listen_address.h"

namespace zoned::config {

namespace {

bool looks_numeric(std::string_view host) {
  bool has_colon = host.find(':') != std::string_view::npos;
  for (char c : host) {
    bool digit = c >= '0' && c <= '9';
    bool hex_letter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (digit || c == '.' || (has_colon && (hex_letter || c == ':'))) continue;
    return false;
  }
  return true;
}

// Linux interface names: at most 15 octets (IFNAMSIZ - 1), no blanks or slashes.
bool is_interface_name(std::string_view host) {
  if (host.empty() || host.size() > 15) return false;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string parse_listen_address(std::string_view text, bool allow_local_socket,
                                 ListenAddress& out) {
  out.text = std::string(text);
  if (!text.empty() && text[0] == '/') {
    if (!allow_local_socket) return "a local socket path is not allowed here";
    out.kind = ListenKind::kLocalSocket;
    out.socket_path = out.text;
    return "";
  }
  std::string_view host;
  if (!split_port_suffix(text, host, out.port)) {
    return "expected a port number 1..65535 after '@' in '" + std::string(text) + "'";
  }
  if (std::optional<IpAddress> address = parse_ip_address(host)) {
    out.kind = ListenKind::kIpAddress;
    out.address = *address;
    return "";
  }
  if (!looks_numeric(host) && is_interface_name(host)) {
    out.kind = ListenKind::kInterfaceName;
    out.interface_name = std::string(host);
    return "";
  }
  return "bad address '" + std::string(host) + "': neither an IPv4 or IPv6 address nor an " +
         "interface name";
}

}  // namespace zoned::config
