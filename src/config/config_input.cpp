#include "config/config_input.h"

#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <strings.h>
#include <cerrno>
#include <cstring>
#include <utility>

namespace zoned::config {

struct ConfigInput::OpenFile {
  std::string text;  // owned here, so the lexer's view of it stays valid
  std::string canonical_path;
  ConfigLexer lexer;

  OpenFile(std::string content, const std::string& name, std::string canonical)
      : text(std::move(content)),
        canonical_path(std::move(canonical)),
        lexer(text, std::make_shared<const std::string>(name)) {}
};

namespace {

bool is_include_directive(const ConfigToken& token) {
  return !token.quoted && token.text.size() == 8 &&
         strncasecmp(token.text.c_str(), "include:", 8) == 0;
}

bool has_glob_characters(const std::string& path) {
  return path.find_first_of("*?[{~") != std::string::npos;
}

std::string canonical_path_of(const std::string& path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return path;
  return resolved;
}

}  // namespace

ConfigInput::ConfigInput(Diagnostics& diagnostics, InputLimits limits)
    : diagnostics_(diagnostics), limits_(limits) {}

ConfigInput::~ConfigInput() = default;

bool ConfigInput::open_file(const std::string& path) {
  std::string text;
  std::string error;
  if (!read_whole_file(path, text, error)) {
    diagnostics_.error(SourceLocation{std::make_shared<const std::string>(path), 0},
                       "cannot read the configuration: " + error);
    return false;
  }
  push(std::move(text), path, canonical_path_of(path));
  return true;
}

void ConfigInput::open_text(std::string text, const std::string& name) {
  push(std::move(text), name, name);
}

const ConfigToken* ConfigInput::peek() {
  if (!lookahead_ && !fill_lookahead()) return nullptr;
  return &*lookahead_;
}

bool ConfigInput::take(ConfigToken& token) {
  if (!lookahead_ && !fill_lookahead()) return false;
  token = std::move(*lookahead_);
  lookahead_.reset();
  return true;
}

bool ConfigInput::fill_lookahead() {
  ConfigToken token;
  while (lex_from_top(token)) {
    if (!is_include_directive(token)) {
      lookahead_ = std::move(token);
      return true;
    }
    expand_include(token);
  }
  return false;
}

// The next token of the innermost file, going back to the including file at each end.
bool ConfigInput::lex_from_top(ConfigToken& token) {
  std::string error;
  while (!stack_.empty()) {
    switch (stack_.back()->lexer.next(token, error)) {
      case LexResult::kToken:
        return true;
      case LexResult::kError:
        diagnostics_.error(token.where, error);
        break;
      case LexResult::kEnd:
        stack_.pop_back();
        break;
    }
  }
  return false;
}

void ConfigInput::expand_include(const ConfigToken& directive) {
  ConfigToken name;
  std::string error;
  // The file name is the next token of the same file, as in NSD.
  LexResult result = stack_.empty() ? LexResult::kEnd : stack_.back()->lexer.next(name, error);
  if (result == LexResult::kError) {
    diagnostics_.error(name.where, error);
    return;
  }
  if (result == LexResult::kEnd) {
    diagnostics_.error(directive.where, "include: needs a file name");
    return;
  }
  if (!limits_.follow_includes) {
    diagnostics_.error(directive.where, "include: is not allowed here");
    return;
  }
  if (name.text.empty()) {
    diagnostics_.error(directive.where, "include: has an empty file name");
    return;
  }
  if (has_glob_characters(name.text)) {
    include_glob(name.text, directive.where);
  } else {
    include_file(name.text, directive.where);
  }
}

void ConfigInput::include_glob(const std::string& pattern, const SourceLocation& where) {
  glob_t matches{};
  int flags = GLOB_ERR | GLOB_BRACE | GLOB_TILDE;  // sorted: the order is predictable
  int result = glob(pattern.c_str(), flags, nullptr, &matches);
  if (result == GLOB_NOMATCH) {
    globfree(&matches);
    return;  // nsd.conf(5): no match is not an error
  }
  if (result != 0) {
    globfree(&matches);
    include_file(pattern, where);  // as NSD: let opening the name itself report the problem
    return;
  }
  std::vector<std::string> paths(matches.gl_pathv, matches.gl_pathv + matches.gl_pathc);
  globfree(&matches);
  // The stack reads its last file first, so the first match goes on last.
  for (auto it = paths.rbegin(); it != paths.rend(); ++it)
    include_file(*it, where);
}

void ConfigInput::include_file(const std::string& path, const SourceLocation& where) {
  if (stack_.size() >= limits_.max_include_depth) {
    diagnostics_.error(where, "include of '" + path + "' nests includes more than " +
                                  std::to_string(limits_.max_include_depth) + " deep");
    return;
  }
  std::string canonical = canonical_path_of(path);
  if (is_being_read(canonical)) {
    diagnostics_.error(where,
                       "include of '" + path + "' makes a cycle: that file is already being read");
    return;
  }
  std::string text;
  std::string error;
  if (!read_whole_file(path, text, error)) {
    diagnostics_.error(where, "cannot open include file '" + path + "': " + error);
    return;
  }
  push(std::move(text), path, std::move(canonical));
}

bool ConfigInput::is_being_read(const std::string& canonical_path) const {
  for (const auto& file : stack_) {
    if (file->canonical_path == canonical_path) return true;
  }
  return false;
}

void ConfigInput::push(std::string text, const std::string& name, std::string canonical_path) {
  stack_.push_back(std::make_unique<OpenFile>(std::move(text), name, std::move(canonical_path)));
}

bool ConfigInput::read_whole_file(const std::string& path, std::string& text,
                                  std::string& error) const {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      break;
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > limits_.max_file_size) {
      error = "larger than " + std::to_string(limits_.max_file_size) + " octets";
      break;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return error.empty();
}

}  // namespace zoned::config
