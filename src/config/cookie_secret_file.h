// The cookie-secret-file (nsd.conf cookie-secret-file:, NSD 4.8+): the server secrets of
// DNS Cookies (RFC 9018), one per line as 32 hex digits. The first line is the active
// secret (it makes the cookies), the lines after it are staging secrets (cookies made with
// them still verify, so a rollover loses no client). NSD writes
//   <active, 32 lowercase hex digits>\n
//   <staging, 32 lowercase hex digits>\n
// and keeps one staging secret (it reads the first two lines only); zoned reads up to
// kMaxCookieSecrets.
//
// Only text here: the caller reads the file, and writes it atomically (zone/atomic_file.h)
// with mode 0600, since the secrets are keys. Error messages never quote a secret.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wire/server_cookie.h"

namespace zoned::config {

// Each secret costs one SipHash per cookie that does not verify with the ones before it.
inline constexpr std::size_t kMaxCookieSecrets = 8;

// One secret as nsd.conf's cookie-secret: and nsd-control add_cookie_secret take it:
// exactly 32 hex digits, either case. False (and `out` untouched) otherwise.
bool parse_cookie_secret(std::string_view hex, wire::CookieSecret& out);
// 32 lowercase hex digits, as NSD prints and writes a secret.
std::string cookie_secret_hex(const wire::CookieSecret& secret);

// Parses the file's text into `out` (active first). `file` names the file in errors:
// "<file>:<line>: <what is wrong>". Blank lines, surrounding blanks and a CR before the
// newline are accepted (NSD refuses them; nothing it writes has them); anything else on a
// line must be one secret. An empty file gives no secrets: the caller then does what NSD
// does when the file is missing (the cookie-secret: option, or a random secret). False,
// with `out` untouched, on an error.
bool parse_cookie_secret_file(std::string_view text, std::string_view file,
                              std::vector<wire::CookieSecret>& out, std::string& error);

// The file's text for `secrets` (active first): one lowercase line each, as NSD writes it.
std::string cookie_secret_file_text(std::span<const wire::CookieSecret> secrets);

}  // namespace zoned::config
