#include "config/cookie_secret_file.h"

#include <cstdint>
#include <string>

#include "wire/encoding.h"

namespace zoned::config {

namespace {

constexpr std::size_t kSecretDigits = 2 * std::tuple_size_v<wire::CookieSecret>;

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// What is wrong with a line that is not one secret, without quoting the line (it may be a
// secret with a typo in it).
std::string secret_problem(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (wire::hex_digit_value(line[i]) < 0)
      return "expected a cookie secret of 32 hex digits; character " + std::to_string(i + 1) +
             " is not a hex digit";
  }
  return "expected a cookie secret of 32 hex digits, found " + std::to_string(line.size()) +
         " hex digits";
}

}  // namespace

bool parse_cookie_secret(std::string_view hex, wire::CookieSecret& out) {
  if (hex.size() != kSecretDigits) return false;
  wire::CookieSecret secret;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    const int hi = wire::hex_digit_value(hex[2 * i]);
    const int lo = wire::hex_digit_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    secret[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  out = secret;
  return true;
}

std::string cookie_secret_hex(const wire::CookieSecret& secret) {
  std::string text;
  text.reserve(kSecretDigits);
  wire::append_hex_lower(secret, text);
  return text;
}

bool parse_cookie_secret_file(std::string_view text, std::string_view file,
                              std::vector<wire::CookieSecret>& out, std::string& error) {
  std::vector<wire::CookieSecret> secrets;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim_blanks(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (line.empty()) continue;
    auto where = [&] { return std::string(file) + ":" + std::to_string(number) + ": "; };
    wire::CookieSecret secret;
    if (!parse_cookie_secret(line, secret)) {
      error = where() + secret_problem(line);
      return false;
    }
    if (secrets.size() == kMaxCookieSecrets) {
      error = where() + "more than " + std::to_string(kMaxCookieSecrets) + " cookie secrets";
      return false;
    }
    secrets.push_back(secret);
  }
  out = std::move(secrets);
  return true;
}

std::string cookie_secret_file_text(std::span<const wire::CookieSecret> secrets) {
  std::string text;
  text.reserve(secrets.size() * (kSecretDigits + 1));
  for (const wire::CookieSecret& secret : secrets) {
    wire::append_hex_lower(secret, text);
    text += '\n';
  }
  return text;
}

}  // namespace zoned::config
