#include "config/zonefile_path.h"

namespace zoned::config {

namespace {

// Every `from` in `text` becomes `to`; the scan goes on after the inserted text, so a `to`
// that contains `from` is not replaced again (as NSD's replace_str).
void replace_all(std::string& text, std::string_view from, std::string_view to) {
  std::size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

std::string character_at(std::string_view name, std::size_t index) {
  return index < name.size() ? std::string(1, name[index]) : std::string(".");
}

// The label `from_top` places below the root (1 is the top-level label), in presentation
// form without the trailing dot; "." when the name has fewer labels.
std::string label_from_top(wire::NameView apex, std::size_t from_top) {
  std::size_t count = apex.label_count();
  if (from_top > count) return ".";
  wire::Name one_label;
  wire::NameView rest = apex.strip_labels(count - from_top);
  one_label.prepend_label(rest.first_label());
  std::string text = wire::to_text(one_label);
  text.pop_back();  // the root's dot
  return text;
}

}  // namespace

std::string expand_zonefile(std::string_view zonefile, std::string_view zone_name,
                            wire::NameView apex) {
  std::string path(zonefile);
  if (path.find('%') == std::string::npos) return path;
  replace_all(path, "%1", character_at(zone_name, 0));
  replace_all(path, "%2", character_at(zone_name, 1));
  replace_all(path, "%3", character_at(zone_name, 2));
  replace_all(path, "%z", label_from_top(apex, 1));
  replace_all(path, "%y", label_from_top(apex, 2));
  replace_all(path, "%x", label_from_top(apex, 3));
  replace_all(path, "%s", zone_name);
  return path;
}

std::optional<std::string> zonefile_path(const Zone& zone, std::string_view zonesdir) {
  const Setting<std::string>& zonefile = zone.settings.zonefile;
  if (!zonefile.is_set || zonefile->empty()) return std::nullopt;
  std::string path = expand_zonefile(*zonefile, zone.name, zone.apex);
  if (path.front() == '/' || zonesdir.empty()) return path;
  std::string joined(zonesdir);
  if (joined.back() != '/') joined += '/';
  return joined + path;
}

}  // namespace zoned::config
