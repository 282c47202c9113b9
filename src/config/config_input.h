// The token stream of a configuration: the main file with every include: directive replaced
// by the tokens of the files it names, as NSD's lexer does. An include: can stand anywhere
// (even between an option and its value) and the section in effect goes on in the included
// file. Relative include paths are opened from the current working directory, which is what
// NSD does (it reads the configuration before any chdir). Globs (* ? [ ] { } ~) include every
// match in sorted order; a glob matching nothing is not an error. A file that includes
// itself, directly or through others, is an error instead of NSD's descent until it runs out
// of file descriptors.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config_lexer.h"
#include "config/diagnostics.h"

namespace zoned::config {

struct InputLimits {
  bool follow_includes = true;  // false: include: is an error (the fuzzer uses that)
  std::size_t max_file_size = std::size_t{64} << 20;  // also stops "include: /dev/zero"
  std::size_t max_include_depth = 64;
};

class ConfigInput {
 public:
  explicit ConfigInput(Diagnostics& diagnostics, InputLimits limits = {});
  ~ConfigInput();
  ConfigInput(const ConfigInput&) = delete;
  ConfigInput& operator=(const ConfigInput&) = delete;

  // Starts with the file at `path`; false (and an error) when it cannot be read.
  bool open_file(const std::string& path);
  // Starts with `text`, which messages call `name`; for tests and the fuzzer.
  void open_text(std::string text, const std::string& name);

  // The next token, or nullptr at the end of all input.
  const ConfigToken* peek();
  // Moves the next token into `token`; false at the end.
  bool take(ConfigToken& token);

 private:
  struct OpenFile;

  bool fill_lookahead();
  bool lex_from_top(ConfigToken& token);
  void expand_include(const ConfigToken& directive);
  void include_glob(const std::string& pattern, const SourceLocation& where);
  void include_file(const std::string& path, const SourceLocation& where);
  bool read_whole_file(const std::string& path, std::string& text, std::string& error) const;
  bool is_being_read(const std::string& canonical_path) const;
  void push(std::string text, const std::string& name, std::string canonical_path);

  Diagnostics& diagnostics_;
  InputLimits limits_;
  std::vector<std::unique_ptr<OpenFile>> stack_;  // innermost include last
  std::optional<ConfigToken> lookahead_;
};

}  // namespace zoned::config
