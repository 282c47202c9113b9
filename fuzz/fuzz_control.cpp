// libFuzzer target: the control channel's command line as the server reads it (one line
// from a client that may be anybody with a certificate or socket access). It must never
// crash, hang or leak; a line that parses and checks must format back to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "control/command.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zoned::control;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  ControlCommand command;
  std::string error;
  if (!parse_command(line, command, error)) return 0;
  if (!check_command(command).empty()) return 0;
  std::string again;
  if (!format_command(command, again, error)) return 0;
  ControlCommand reparsed;
  if (!parse_command(again, reparsed, error) || !(reparsed == command)) __builtin_trap();
  return 0;
}
