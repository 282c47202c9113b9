#include "zone/zone_loader.h"

#include <filesystem>

#include "zone/zone_check.h"
#include "zone/zonefile_parser.h"

namespace zoned::zone {

namespace {

class ContentsSink : public RecordSink {
 public:
  ContentsSink(ZoneContents& zone, const std::function<void(const std::string&)>& report,
               LoadResult& result)
      : zone_(zone), report_(report), result_(result) {}

  void record(const ParsedRecord& r) override {
    zone_.add(r.owner, r.type, r.ttl, r.rdata, file_index(r.where.file), r.where.line);
  }

  void diagnostic(const Diagnostic& d) override {
    ++(d.warning ? result_.warnings : result_.errors);
    report_(d.to_string());
  }

  // Records come in long runs from one file; only a change of file costs a lookup.
  std::uint16_t file_index(std::string_view file) {
    if (file.data() == last_file_.data() && file.size() == last_file_.size()) return last_index_;
    for (std::uint16_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == file) return remember(file, i);
    }
    names_.emplace_back(file);
    return remember(file, zone_.add_file(std::string(file)));
  }

 private:
  std::uint16_t remember(std::string_view file, std::uint16_t index) {
    last_file_ = file;
    last_index_ = index;
    return index;
  }

  ZoneContents& zone_;
  const std::function<void(const std::string&)>& report_;
  LoadResult& result_;
  std::vector<std::string> names_;
  std::string_view last_file_;
  std::uint16_t last_index_ = 0;
};

}  // namespace

LoadResult load_zone_file(const std::string& path, ZoneContents& zone,
                          const std::function<void(const std::string&)>& report) {
  LoadResult result;
  ContentsSink sink(zone, report, result);
  std::error_code ec;
  std::uintmax_t bytes = std::filesystem::file_size(path, ec);
  if (!ec) zone.reserve_for_file_size(static_cast<std::size_t>(bytes));
  ZoneFileOptions options;
  options.origin = wire::Name(zone.apex());
  sink.file_index(path);  // file 0 names the zone in zone-wide problems ("no SOA")
  parse_zone_file(path, options, sink);
  zone.finish();
  // Checks of a zone that did not parse would mostly echo the parse errors ("no address
  // records" for an A record that failed): report those alone.
  if (result.errors > 0) return result;
  for (const ZoneProblem& p : check_zone(zone)) {
    ++(p.warning ? result.warnings : result.errors);
    report(p.to_string());
  }
  return result;
}

}  // namespace zoned::zone
