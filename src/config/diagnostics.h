// Messages about a configuration: errors that make it unusable and warnings about what zoned
// accepts but does not act on, each with the file and line it is about.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zoned::config {

// Where a token, option or block was written. The file name is shared by every location in
// that file, so copying a location is cheap.
struct SourceLocation {
  std::shared_ptr<const std::string> file;
  std::uint32_t line = 0;  // 1-based; 0 when the message is about the file as a whole

  std::string_view file_name() const { return file ? std::string_view(*file) : ""; }
};

enum class Severity : std::uint8_t { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation where;
  std::string message;

  // "file:line: error: message", the form nsd-checkconf uses.
  std::string to_string() const;
};

class Diagnostics {
 public:
  void error(const SourceLocation& where, std::string message);
  void warning(const SourceLocation& where, std::string message);
  // Warns the first time `key` is seen only, so an ignored option repeated in a thousand
  // zones gives one line.
  void warning_once(std::string_view key, const SourceLocation& where, std::string message);

  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  // The messages in the order they were found (at most kMaxKept; the counts go on).
  const std::vector<Diagnostic>& messages() const { return messages_; }

  static constexpr std::size_t kMaxKept = 1000;

 private:
  void add(Severity severity, const SourceLocation& where, std::string message);

  std::vector<Diagnostic> messages_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::set<std::string, std::less<>> warned_keys_;
};

}  // namespace zoned::config
