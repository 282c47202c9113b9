// Every input kept in tests/configs/fuzz goes through what fuzz/fuzz_config.cpp does with an
// input (load with include: disabled, then every zoned-checkconf printer) without a crash and
// with every message on one printable line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "config/checkconf_output.h"
#include "config/config_loader.h"
#include "config/zonefile_path.h"

namespace zoned::config {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void print_everything(const Config& config) {
  std::string out;
  print_checkconf_verbose(config, 2, out);
  for (const char* option : {"zones", "patterns", "zonefile", "request-xfr", "ip-address"}) {
    CheckconfRequest request;
    request.option = option;
    request.final_paths = true;
    print_checkconf_request(config, request, out);
    for (const Zone& zone : config.zones) {
      request.zone = zone.name;
      print_checkconf_request(config, request, out);
    }
  }
  for (const Zone& zone : config.zones)
    zonefile_path(config, zone);
}

TEST(ConfigFuzzRegression, KeptInputsLoadAndPrint) {
  fs::path dir = fs::path(ZONED_TEST_DATA) / "configs" / "fuzz";
  std::size_t inputs = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".md") continue;
    ++inputs;
    SCOPED_TRACE(entry.path().filename().string());
    InputLimits limits;
    limits.follow_includes = false;
    LoadedConfig loaded = load_config_text(read_file(entry.path()), "fuzz.conf", limits);
    for (const Diagnostic& d : loaded.diagnostics.messages()) {
      std::string line = d.to_string();
      EXPECT_EQ(line.find_first_of(std::string("\n\r\0", 3)), std::string::npos) << line;
    }
    print_everything(loaded.config);
  }
  EXPECT_GE(inputs, 10u);
}

TEST(ConfigFuzzRegression, ErrorsPastTheKeptLimitAreStillCounted) {
  std::string text = "server:\n";
  for (int i = 0; i < 1500; ++i)
    text += " bogus: 1\n";
  LoadedConfig loaded = load_config_text(text, "t.conf");
  EXPECT_EQ(loaded.diagnostics.error_count(), 1500u);
  EXPECT_EQ(loaded.diagnostics.messages().size(), Diagnostics::kMaxKept);
}

}  // namespace
}  // namespace zoned::config
