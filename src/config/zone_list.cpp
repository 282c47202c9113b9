#include "config/zone_list.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/pattern_resolution.h"

namespace zoned::config {
namespace {

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t')
      ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

}  // namespace

bool parse_zone_list(std::string_view text, std::vector<ZoneListEntry>& out, std::string& error) {
  std::vector<ZoneListEntry> entries;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::vector<std::string_view> words = words_of(line);
    if (words.empty() || words[0].front() == '#' || words[0] == "del") continue;
    if (words[0] != "add" || words.size() != 3) {
      error = "line " + std::to_string(number) + ": expected \"add <zone> <pattern>\"";
      return false;
    }
    entries.push_back({std::string(words[1]), std::string(words[2])});
  }
  out = std::move(entries);
  return true;
}

std::string zone_list_text(const std::vector<ZoneListEntry>& entries) {
  std::string text = "# NSD zone list\n# name pattern\n";
  for (const ZoneListEntry& e : entries)
    text += "add " + e.name + " " + e.pattern + "\n";
  return text;
}

bool zone_from_pattern(const Config& config, const std::string& name, const std::string& pattern,
                       Zone& out, std::string& error) {
  const Pattern* p = config.find_pattern(pattern);
  if (p == nullptr) {
    error = "pattern " + pattern + " does not exist";
    return false;
  }
  Zone zone;
  const wire::NameView root;
  if (name.empty() || wire::parse_name(name, &root, zone.apex) != wire::NameTextError::kOk) {
    error = "bad zone name '" + name + "': not a domain name";
    return false;
  }
  zone.name = name;
  if (!zone.name.empty() && zone.name.back() == '.' && zone.name.size() > 1) zone.name.pop_back();
  std::vector<std::string_view> replaced;
  apply_pattern(p->settings, zone.settings, replaced);
  zone.included_patterns.push_back(pattern);
  out = std::move(zone);
  return true;
}

bool add_listed_zones(Config& config, std::vector<ZoneListEntry>& entries,
                      std::vector<std::string>& warnings, std::string& error) {
  entries.clear();
  const std::string& path = config.server.zonelistfile;
  if (path.empty()) return true;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return true;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<ZoneListEntry> listed;
  if (!parse_zone_list(text.str(), listed, error)) {
    error = path + ": " + error;
    return false;
  }
  for (ZoneListEntry& e : listed) {
    Zone zone;
    std::string why;
    if (!zone_from_pattern(config, e.name, e.pattern, zone, why)) {
      warnings.push_back(path + ": zone " + e.name + " not added: " + why);
      continue;
    }
    if (config.find_zone(zone.apex.view()) != nullptr) {
      warnings.push_back(path + ": zone " + e.name +
                         " not added: nsd.conf has it too (the zone: clause wins)");
      continue;
    }
    config.zones.push_back(std::move(zone));
    entries.push_back(std::move(e));
  }
  return true;
}

}  // namespace zoned::config
