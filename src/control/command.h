// The commands of the control channel (zoned-control -> zoned), what the server answers
// with, and the wire format both ends speak.
//
// One command per connection. The client sends one line:
//   ZONEDCT1 <name> [<arg> ...]\n        words separated by one space, at most
//                                        kMaxCommandLine octets with the newline
// and the server answers with a status line, then the output lines, then closes (over TLS
// with a close_notify, so a cut-off reply is seen as such):
//   ZONEDCT1 ok\n  or  ZONEDCT1 error\n
//   <line>\n ...
// Error output starts with "error " as NSD's does ("error unknown command 'foo'"). A request
// that does not start with ZONEDCT1 (nsd-control's, another version's) gets the bare
// "error ..." line without the status line.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zoned::control {

inline constexpr std::string_view kProtocolVersion = "ZONEDCT1";
inline constexpr std::size_t kMaxCommandLine = 4096;

struct ControlCommand {
  std::string name;
  std::vector<std::string> args;

  bool operator==(const ControlCommand&) const = default;
};

// A command the server knows, with how many arguments it takes.
struct CommandInfo {
  std::string_view name;
  std::size_t min_args = 0;
  std::size_t max_args = 0;
  std::string_view arguments;  // for the usage text: "[<zone>]"
  std::string_view help;       // one line
};

// Every command, in the order zoned-control's usage lists them.
std::span<const CommandInfo> known_commands();
const CommandInfo* find_command(std::string_view name);

// Splits `line` (no newline) into a command: words separated by spaces or tabs. False with
// `error` for an empty line or a control character. The name is not checked here.
bool parse_command(std::string_view line, ControlCommand& out, std::string& error);

// "" when the command is known and has an accepted number of arguments, else the error text
// without the "error " prefix: "unknown command 'foo'", as NSD's.
std::string check_command(const ControlCommand& command);

// The command as a line (no newline), what parse_command reads back. False with `error`
// when a word is empty or holds a space or control character, which the line cannot carry.
bool format_command(const ControlCommand& command, std::string& line, std::string& error);

// What a command answers: text lines, and whether it failed.
class ControlOutput {
 public:
  // One line of output; an embedded newline starts another line.
  void line(std::string_view text);
  // An error line, "error " + message, and marks the output failed.
  void error(std::string_view message);
  void set_failed() { failed_ = true; }

  bool failed() const { return failed_; }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::vector<std::string> lines_;
  bool failed_ = false;
};

// The server's side: runs a command already checked by check_command. Called on the control
// thread, one command at a time. Output with no line and no error is answered "ok".
class CommandHandler {
 public:
  virtual ~CommandHandler() = default;
  virtual void run(const ControlCommand& command, ControlOutput& out) = 0;
};

}  // namespace zoned::control
