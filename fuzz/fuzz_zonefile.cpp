// libFuzzer target: the zone-file parser on arbitrary text, in memory, $INCLUDE disabled.
// It must never crash, hang or read outside its input; every record it hands out must
// respect the limits the rest of the server relies on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "zone/zonefile_parser.h"

namespace {

using namespace zoned;

class CheckingSink : public zone::RecordSink {
 public:
  void record(const zone::ParsedRecord& r) override {
    if (r.owner.size() == 0 || r.owner.size() > wire::kMaxNameLength) __builtin_trap();
    if (r.rdata.size() > 65535 || r.ttl > 0x7fffffff) __builtin_trap();
    // Read every octet the views cover so the sanitizer sees a bad view.
    unsigned sum = 0;
    for (std::uint8_t b : r.owner.wire())
      sum += b;
    for (std::uint8_t b : r.rdata)
      sum += b;
    for (char c : r.where.file)
      sum += static_cast<unsigned char>(c);
    sink_ += sum;
  }
  void diagnostic(const zone::Diagnostic& d) override { sink_ += d.to_string().size(); }

 private:
  unsigned sink_ = 0;
};

zone::ZoneFileOptions fuzz_options() {
  zone::ZoneFileOptions options;
  wire::parse_name("example.com.", nullptr, options.origin);
  options.allow_include = false;
  options.max_errors = 1000;
  // Keeps each input fast; the limit itself is what is exercised, not its size.
  options.max_generate = 512;
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const zone::ZoneFileOptions options = fuzz_options();
  CheckingSink sink;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  zone::parse_zone_text(text, "fuzz.zone", options, sink);
  return 0;
}
