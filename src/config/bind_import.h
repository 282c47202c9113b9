// Reading a BIND named.conf and translating it into an nsd.conf for zoned
// (`zoned-checkconf --from-bind FILE`).
//
//   zoned::config::BindImport result = zoned::config::import_bind_file("/etc/bind/named.conf");
//   if (!result.error.empty()) ...            // "file:line: message", exit 2
//   fputs(result.nsd_conf.c_str(), stdout);   // what could be translated
//   for (auto& line : result.not_translated)  // "file:line: what: not translated (why)", exit 1
//
// The parser knows only named.conf's shape (statements `word... [{ ... }]... ;`, strings,
// the three comment styles, `include "file";` read relative to the including file), not its
// vocabulary; the translator knows the statements an authoritative server needs (key, acl,
// options, primaries/masters lists, server keys, zone) and reports everything else.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zoned::config {

struct BindStatement;

// One part of a statement: a word, a quoted string or a `{ ... }` block.
struct BindValue {
  bool is_block = false;
  bool quoted = false;
  std::string text;                  // word or string contents (without quotes)
  std::vector<BindStatement> block;  // the statements inside `{ }`
};

struct BindStatement {
  std::vector<BindValue> values;  // never empty
  std::string file;
  unsigned line = 0;

  // The first value's text ("zone", "10.0.0.1", ...); empty for a bare `{ ... };`.
  const std::string& keyword() const { return values.front().text; }
  // The first block, or nullptr.
  const std::vector<BindStatement>* block() const;
  // The words and strings before the first block.
  std::vector<std::string> words() const;
};

struct BindParseResult {
  std::vector<BindStatement> statements;
  std::string error;  // "file:line: message" when the text is not named.conf syntax
  bool ok() const { return error.empty(); }
};

// Reads the file `name` for an include; nullopt when it cannot be read.
using BindFileReader = std::function<std::optional<std::string>(const std::string& name)>;

// Parses `text` as the file `name`. Includes are resolved relative to `name`'s directory and
// read through `reader` (from the file system when it is empty).
BindParseResult parse_bind_text(std::string_view text, const std::string& name,
                                const BindFileReader& reader = {});
BindParseResult parse_bind_file(const std::string& path);

struct BindImport {
  std::string nsd_conf;                     // the translation (partial when something is not)
  std::vector<std::string> not_translated;  // "file:line: what: not translated (why)"
  std::vector<std::string> notes;           // "file:line: note: ..." (translated, but say so)
  std::string error;                        // parse error: nothing translated

  // 0: everything translated; 1: something was not; 2: the file could not be parsed.
  int exit_code() const { return !error.empty() ? 2 : not_translated.empty() ? 0 : 1; }
};

BindImport translate_bind(const std::vector<BindStatement>& statements);
BindImport import_bind_file(const std::string& path);
BindImport import_bind_text(std::string_view text, const std::string& name,
                            const BindFileReader& reader = {});

}  // namespace zoned::config
