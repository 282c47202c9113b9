#include "transfer/secondary_state_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>

#include "wire/name.h"
#include "zone/atomic_file.h"

namespace zoned::transfer {

namespace {

constexpr std::string_view kMagic = "zoned-secondary-state";
constexpr int kVersion = 1;
constexpr std::string_view kEndOfState = "end-of-state";

// ----- values -----

void append_escaped(std::string_view value, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    const bool edge_space = c == ' ' && (i == 0 || i + 1 == value.size());
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f || edge_space) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unescape(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i == text.size()) return false;
    switch (text[i]) {
      case '\\':
        out += '\\';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'x': {
        if (i + 2 >= text.size()) return false;
        const int hi = hex_digit(text[i + 1]);
        const int lo = hex_digit(text[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default:
        return false;
    }
  }
  return true;
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && p == end && !text.empty();
}

// ----- the keys of a zone block -----

enum class Key {
  kSerial,
  kExpired,
  kAcquired,
  kLastRefresh,
  kNextRefresh,
  kRetryStep,
  kNotifiedSerial,
  kLastTransfer,
  kLastError
};

std::optional<Key> key_of(std::string_view name) {
  static constexpr std::pair<std::string_view, Key> kKeys[] = {
      {"serial", Key::kSerial},
      {"expired", Key::kExpired},
      {"acquired", Key::kAcquired},
      {"last-refresh", Key::kLastRefresh},
      {"next-refresh", Key::kNextRefresh},
      {"retry-step", Key::kRetryStep},
      {"notified-serial", Key::kNotifiedSerial},
      {"last-transfer", Key::kLastTransfer},
      {"last-error", Key::kLastError},
  };
  for (const auto& [text, key] : kKeys) {
    if (text == name) return key;
  }
  return std::nullopt;
}

// Sets one field from its (unescaped) value; false when the value is not valid for it.
bool set_field(SecondaryZoneRecord& z, Key key, std::string&& value) {
  switch (key) {
    case Key::kSerial:
      z.has_serial = parse_number(value, z.serial);
      return z.has_serial;
    case Key::kExpired:
      if (value != "yes" && value != "no") return false;
      z.expired = value == "yes";
      return true;
    case Key::kAcquired:
      return parse_number(value, z.acquired);
    case Key::kLastRefresh:
      return parse_number(value, z.last_refresh);
    case Key::kNextRefresh:
      return parse_number(value, z.next_refresh);
    case Key::kRetryStep:
      return parse_number(value, z.retry_step);
    case Key::kNotifiedSerial:
      z.has_notified = parse_number(value, z.notified_serial);
      return z.has_notified;
    case Key::kLastTransfer:
      z.last_transfer = std::move(value);
      return true;
    case Key::kLastError:
      z.last_error = std::move(value);
      return true;
  }
  return false;
}

void append_line(std::string& out, std::string_view key, std::string_view value) {
  out += "  ";
  out += key;
  out += ": ";
  append_escaped(value, out);
  out += '\n';
}

// ----- reading -----

// Whole file into `text`; false with errno set when it cannot be read.
bool read_whole_file(const std::string& path, std::string& text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      errno = err;
      return false;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return true;
}

class StateParser {
 public:
  StateParser(const std::string& path, std::string& error) : path_(path), error_(error) {}

  bool parse(std::string_view text, std::vector<SecondaryZoneRecord>& zones) {
    bool seen_header = false;
    bool ended = false;
    std::size_t at = 0;
    while (at < text.size()) {
      ++line_;
      const std::size_t newline = text.find('\n', at);
      if (newline == std::string_view::npos) return fail("the last line is cut short (truncated?)");
      std::string_view line = text.substr(at, newline - at);
      at = newline + 1;
      const std::size_t first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos || line[first] == '#') continue;
      line.remove_prefix(first);
      if (ended) return fail("text after the end-of-state line");
      if (!seen_header) {
        if (!header(line)) return false;
        seen_header = true;
      } else if (line.starts_with(kEndOfState) &&
                 (line.size() == kEndOfState.size() || line[kEndOfState.size()] == ' ')) {
        if (!end_of_state(line.substr(kEndOfState.size()), zones.size())) return false;
        ended = true;
      } else if (!body_line(line, zones)) {
        return false;
      }
    }
    if (!seen_header) return fail("empty file: no \"zoned-secondary-state\" line");
    if (in_block_)
      return fail("the file ends inside the block of zone " + zones.back().zone + " (truncated?)");
    if (!ended) return fail("the file ends without its end-of-state line (truncated?)");
    return true;
  }

 private:
  bool fail(const std::string& what) {
    error_ = path_ + ":" + std::to_string(std::max<std::size_t>(line_, 1)) + ": " + what;
    return false;
  }

  bool header(std::string_view line) {
    int version = 0;
    if (!line.starts_with(kMagic) || line.size() < kMagic.size() + 2 ||
        line[kMagic.size()] != ' ' || !parse_number(line.substr(kMagic.size() + 1), version))
      return fail("not a zoned secondary state file (no \"zoned-secondary-state 1\" line)");
    if (version != kVersion)
      return fail("state file version " + std::to_string(version) + " is not supported (" +
                  std::to_string(kVersion) + " is)");
    return true;
  }

  bool end_of_state(std::string_view rest, std::size_t zones) {
    std::size_t count = 0;
    if (rest.empty() || !parse_number(rest.substr(1), count))
      return fail("expected \"end-of-state <number of zones>\"");
    if (in_block_) return fail("end-of-state inside the block of a zone (no \"end\")");
    if (count != zones)
      return fail("end-of-state says " + std::to_string(count) + " zones, the file has " +
                  std::to_string(zones));
    return true;
  }

  bool body_line(std::string_view line, std::vector<SecondaryZoneRecord>& zones) {
    if (line == "end") {
      if (!in_block_) return fail("\"end\" outside a zone block");
      in_block_ = false;
      return true;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail("expected \"key: value\"");
    const std::string_view name = line.substr(0, colon);
    std::string_view raw = line.substr(colon + 1);
    if (raw.starts_with(' ')) raw.remove_prefix(1);
    const std::optional<Key> key = key_of(name);
    if (!key && name != "zone") return true;  // a key of a later version: not even unescaped
    std::string value;
    if (!unescape(raw, value)) return fail("bad escape in the value of " + std::string(name));
    if (!key) return start_zone(std::move(value), zones);
    if (!in_block_) return fail(std::string(name) + " outside a zone block");
    const auto bit = 1u << static_cast<unsigned>(*key);
    if ((keys_seen_ & bit) != 0) return fail(std::string(name) + " given twice");
    keys_seen_ |= bit;
    if (!set_field(zones.back(), *key, std::move(value)))
      return fail("bad value for " + std::string(name) + ": \"" + std::string(raw) + "\"");
    return true;
  }

  bool start_zone(std::string&& apex, std::vector<SecondaryZoneRecord>& zones) {
    if (in_block_)
      return fail("zone " + apex + " starts inside the block of " + zones.back().zone +
                  " (no \"end\")");
    wire::Name name;
    if (apex.empty() || wire::parse_name(apex, nullptr, name) != wire::NameTextError::kOk)
      return fail("bad zone name \"" + apex + "\" (absolute, with the trailing dot)");
    std::string key = wire::name_key(name);
    if (!seen_.insert(key).second) return fail("zone " + key + " listed twice");
    zones.emplace_back();
    zones.back().zone = std::move(key);
    in_block_ = true;
    keys_seen_ = 0;
    return true;
  }

  const std::string& path_;
  std::string& error_;
  std::size_t line_ = 0;
  bool in_block_ = false;
  unsigned keys_seen_ = 0;
  std::set<std::string> seen_;
};

}  // namespace

std::string secondary_state_text(const std::vector<SecondaryZoneRecord>& zones) {
  std::string out = std::string(kMagic) + " " + std::to_string(kVersion) + "\n";
  for (const SecondaryZoneRecord& z : zones) {
    out += "zone: ";
    append_escaped(z.zone, out);
    out += '\n';
    if (z.has_serial) append_line(out, "serial", std::to_string(z.serial));
    append_line(out, "expired", z.expired ? "yes" : "no");
    append_line(out, "acquired", std::to_string(z.acquired));
    append_line(out, "last-refresh", std::to_string(z.last_refresh));
    append_line(out, "next-refresh", std::to_string(z.next_refresh));
    append_line(out, "retry-step", std::to_string(z.retry_step));
    if (z.has_notified) append_line(out, "notified-serial", std::to_string(z.notified_serial));
    append_line(out, "last-transfer", z.last_transfer);
    append_line(out, "last-error", z.last_error);
    out += "end\n";
  }
  out += std::string(kEndOfState) + " " + std::to_string(zones.size()) + "\n";
  return out;
}

bool read_secondary_state(const std::string& path, std::vector<SecondaryZoneRecord>& out,
                          std::string& error) {
  std::string text;
  if (!read_whole_file(path, text)) {
    if (errno == ENOENT) {
      out.clear();
      return true;
    }
    error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::vector<SecondaryZoneRecord> zones;
  StateParser parser(path, error);
  if (!parser.parse(text, zones)) return false;
  out = std::move(zones);
  return true;
}

bool write_secondary_state(const std::string& path, const std::vector<SecondaryZoneRecord>& zones,
                           std::string& error) {
  return zone::write_file_atomically(path, secondary_state_text(zones), error);
}

}  // namespace zoned::transfer
