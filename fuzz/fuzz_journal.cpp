// libFuzzer target: the IXFR journal reader on an arbitrary file (a crash, a disk error or
// an attacker may leave anything there), then every chain it offers, condensed. It must never
// crash, hang, leak or read outside the file; whatever open() keeps must read back. Also the
// IXFR query's SOA serial on the input taken as a message.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "transfer/ixfr_journal.h"
#include "transfer/ixfr_writer.h"
#include "transfer/zone_delta.h"
#include "wire/message_parser.h"

namespace {

std::string journal_path() {
  static const std::string path = "/tmp/fuzz_journal." + std::to_string(getpid());
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zoned;
  const std::string path = journal_path();
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size > 0) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  std::string error;
  if (auto journal = transfer::IxfrJournal::open(path, error)) {
    if (!journal->empty()) {
      auto chain = journal->deltas_since(journal->first_serial());
      if (!chain) __builtin_trap();  // what open() kept must read back
      if (!chain->empty() && !transfer::condense(*chain)) __builtin_trap();
      journal->trim(1, 0);
    }
  }
  std::remove(path.c_str());

  wire::MessageInfo info;
  const std::span<const std::uint8_t> message(data, size);
  if (wire::parse_message(message, info) == wire::ParseError::kOk)
    (void)transfer::ixfr_query_serial(message, info);
  return 0;
}
