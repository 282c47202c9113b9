#include "zone/zonefile_parser.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "wire/rdata.h"
#include "wire/rrtype.h"
#include "wire/ttl_text.h"
#include "zone/zonefile_generate.h"
#include "zone/zonefile_lexer.h"
#include "zone/zonefile_source.h"

namespace zoned::zone {

std::string Diagnostic::to_string() const {
  std::string s = file;
  if (line != 0) {
    s += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  s += warning ? ": warning: " : ": error: ";
  s += message;
  return s;
}

namespace {

constexpr std::uint32_t kMaxTtl = 0x7fffffff;  // RFC 2181 §8
constexpr std::size_t kMaxRdataLength = 65535;
constexpr std::size_t kMaxShownText = 64;

// A token as it may appear inside an error message: bounded in length, control octets
// escaped, so a binary or huge token cannot make the message unreadable.
std::string shown(std::string_view text) {
  std::string s = "'";
  for (std::size_t i = 0; i < text.size() && i < kMaxShownText; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x7f) {
      char esc[5] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                     static_cast<char>('0' + c % 10), 0};
      s += esc;
    } else {
      s += static_cast<char>(c);
    }
  }
  if (text.size() > kMaxShownText) s += "...";
  s += '\'';
  return s;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (wire::ascii_lower(static_cast<std::uint8_t>(a[i])) !=
        wire::ascii_lower(static_cast<std::uint8_t>(b[i])))
      return false;
  }
  return true;
}

// "IN" in any case: the class on almost every line, so it gets a test of its own.
bool is_class_in(std::string_view text) {
  return text.size() == 2 && (text[0] | 0x20) == 'i' && (text[1] | 0x20) == 'n';
}

// What a few recent field texts parsed to. Zones repeat the same handful of types and
// TTLs on every line; comparing a few octets is cheaper than parsing them again. The
// texts are copied: the buffer they came from ends with its $INCLUDE file.
template <typename Value, std::size_t kSlots>
class ParsedTextCache {
 public:
  const Value* find(std::string_view text) const {
    if (text.empty()) return nullptr;
    const Slot& slot = slots_[slot_of(text)];
    if (slot.size != text.size() || std::memcmp(slot.text, text.data(), slot.size) != 0) {
      return nullptr;
    }
    return &slot.value;
  }
  void remember(std::string_view text, Value value) {
    if (text.empty() || text.size() > kMaxText) return;
    Slot& slot = slots_[slot_of(text)];
    std::memcpy(slot.text, text.data(), text.size());
    slot.size = static_cast<std::uint8_t>(text.size());
    slot.value = value;
  }

 private:
  static constexpr std::size_t kMaxText = 15;
  struct Slot {
    char text[kMaxText];
    std::uint8_t size = 0;  // 0: empty (no text is empty)
    Value value{};
  };
  // Length and first octet tell the common types apart (A, AAAA, NS, MX, TXT, CNAME).
  static std::size_t slot_of(std::string_view text) {
    return (text.size() * 7 + static_cast<unsigned char>(text[0])) % kSlots;
  }
  std::array<Slot, kSlots> slots_{};
};

bool starts_with_digit(std::string_view text) {
  return !text.empty() && text[0] >= '0' && text[0] <= '9';
}

std::string directory_of(std::string_view path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return std::string(path.substr(0, slash == 0 ? 1 : slash));
}

// The path that identifies a file on the include stack, whatever route led to it.
std::string canonical_path(const std::string& path) {
  std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr),
                                                       &std::free);
  return resolved ? std::string(resolved.get()) : path;
}

enum class OwnerState : std::uint8_t {
  kNone,   // no record yet: an omitted owner is an error
  kValid,  // `owner` holds the previous record's owner
  kBad,    // the last owner did not parse; records inheriting it are skipped silently
};

// What is being read: one per file on the include stack. The origin and the current owner
// live here so that both revert when an $INCLUDE returns, as BIND does.
struct FileContext {
  std::string_view name;  // as shown in diagnostics; owned by the Parser
  std::string directory;  // base for relative $INCLUDE paths; empty = working directory
  wire::Name origin;
  wire::Name owner;
  OwnerState owner_state = OwnerState::kNone;
  // The text `owner` was parsed from, under the current origin: the same text again (the
  // usual case, one name with several records) needs no second parse.
  std::string_view owner_text;
  // Set by a change of origin: an omitted owner right after one is most likely a mistake
  // (the owner does not follow the new origin), so it gets a warning, as in BIND.
  bool origin_just_changed = false;
};

// TTL, type and where the RDATA starts: the fields after the owner.
struct RecordHead {
  std::optional<std::uint32_t> ttl;
  std::uint16_t type = 0;
  std::size_t rdata_index = 0;
};

struct RdataSource {
  std::span<const wire::TextToken> tokens;
  std::span<const TextPosition> positions;  // empty for $GENERATE output
  TextPosition fallback;                    // where errors point without a token position
};

class Parser {
 public:
  Parser(const ZoneFileOptions& options, RecordSink& sink)
      : options_(options),
        sink_(sink),
        rdata_(kMaxRdataLength),
        default_ttl_(options.default_ttl) {}

  void parse_file(const std::string& path);
  void parse_text(std::string_view text, std::string_view file_name);
  std::size_t errors() const { return errors_; }

 private:
  void run(std::string_view text, FileContext& file, int depth);
  void handle_entry(FileContext& file, const Entry& entry, int depth);
  void handle_record(FileContext& file, const Entry& entry);
  bool take_owner(FileContext& file, const Entry& entry);
  bool parse_head(const FileContext& file, const Entry& entry, std::size_t i, RecordHead& head);
  bool parse_ttl_field(const FileContext& file, std::string_view text, TextPosition at,
                       std::uint32_t& ttl);
  std::optional<std::uint16_t> lookup_type(std::string_view text);
  bool emit(const FileContext& file, wire::NameView owner, const RecordHead& head,
            const RdataSource& source, TextPosition where);
  bool resolve_ttl(const FileContext& file, const RecordHead& head,
                   std::span<const std::uint8_t> rdata, TextPosition where, std::uint32_t& ttl);

  void directive_origin(FileContext& file, const Entry& entry);
  void directive_ttl(const FileContext& file, const Entry& entry);
  void directive_include(const FileContext& file, const Entry& entry, int depth);
  void directive_generate(const FileContext& file, const Entry& entry);
  bool expect_arguments(const FileContext& file, const Entry& entry, std::size_t min,
                        std::size_t max, const char* usage);
  bool parse_domain_argument(const FileContext& file, const Entry& entry, std::size_t i,
                             wire::Name& out);
  std::string resolve_include_path(const FileContext& file, std::string_view path) const;
  bool check_include_loop(const FileContext& file, const std::string& canonical, TextPosition at);
  void generate_records(const FileContext& file, const Entry& entry, const GenerateRange& range,
                        const GenerateTemplate& lhs, const RecordHead& head);
  const char* expand_rdata(const Entry& entry, const RecordHead& head, std::uint32_t value);

  void error(const FileContext& file, TextPosition at, std::string message);
  void warning(const FileContext& file, TextPosition at, std::string message);
  void report(bool is_warning, std::string_view file, TextPosition at, std::string message);

  struct OpenFile {
    std::string canonical;
    std::string name;
  };

  const ZoneFileOptions& options_;
  RecordSink& sink_;
  std::vector<std::uint8_t> rdata_;           // reused for every record: no allocation per record
  std::optional<std::uint32_t> default_ttl_;  // $TTL, or the SOA MINIMUM fallback
  std::optional<std::uint32_t> last_ttl_;     // last explicit TTL (RFC 1035 §5.1)
  std::vector<OpenFile> include_stack_;
  // Every file name read, kept until the parse ends: a sink may keep SourceLocation::file
  // (or compare its address) across records, and a deque never moves its elements.
  std::deque<std::string> file_names_;
  std::size_t errors_ = 0;
  bool stopped_ = false;

  ParsedTextCache<std::uint16_t, 8> type_cache_;
  ParsedTextCache<std::uint32_t, 4> ttl_cache_;  // only TTLs that need no warning

  // $GENERATE state, kept between directives so their buffers are reused.
  std::vector<GenerateTemplate> rhs_templates_;
  std::string generated_text_;
  Entry generated_entry_;
  std::optional<std::uint32_t> generating_;  // the iterator value, for error messages
};

// ----- diagnostics -----

void Parser::report(bool is_warning, std::string_view file, TextPosition at, std::string message) {
  if (generating_) {
    message = "$GENERATE at $ = " + std::to_string(*generating_) + ": " + message;
  }
  sink_.diagnostic(
      Diagnostic{is_warning, std::string(file), at.line, at.column, std::move(message)});
}

void Parser::error(const FileContext& file, TextPosition at, std::string message) {
  if (stopped_) return;
  report(false, file.name, at, std::move(message));
  ++errors_;
  if (options_.max_errors != 0 && errors_ >= options_.max_errors) {
    stopped_ = true;
    report(true, file.name, at, "too many errors, stopped reading the zone");
  }
}

void Parser::warning(const FileContext& file, TextPosition at, std::string message) {
  report(true, file.name, at, std::move(message));
}

// ----- files -----

void Parser::parse_file(const std::string& path) {
  ZoneFileSource source;
  std::string why;
  if (!source.load(path, why)) {
    report(false, path, {}, "cannot read zone file: " + why);
    ++errors_;
    return;
  }
  include_stack_.push_back({canonical_path(path), path});
  const std::string& name = file_names_.emplace_back(path);
  FileContext file{name, directory_of(name), options_.origin, {}, OwnerState::kNone, {}};
  run(source.text(), file, 0);
}

void Parser::parse_text(std::string_view text, std::string_view file_name) {
  const std::string& name = file_names_.emplace_back(file_name);
  // Only when $INCLUDE may run does the file system matter (a file including itself).
  if (options_.allow_include) include_stack_.push_back({canonical_path(name), name});
  FileContext file{name, directory_of(name), options_.origin, {}, OwnerState::kNone, {}};
  run(text, file, 0);
}

void Parser::run(std::string_view text, FileContext& file, int depth) {
  ZoneLexer lexer(text);
  Entry entry;  // one per file: an $INCLUDE must not overwrite the entry that named it
  LexError lex_error;
  while (!stopped_) {
    LexResult result = lexer.next(entry, lex_error);
    if (result == LexResult::kEnd) return;
    if (result == LexResult::kError) {
      error(file, lex_error.where, lex_error.message);
      continue;
    }
    handle_entry(file, entry, depth);
  }
}

void Parser::handle_entry(FileContext& file, const Entry& entry, int depth) {
  const wire::TextToken& first = entry.tokens[0];
  if (entry.owner_omitted || first.quoted || first.text[0] != '$') {
    handle_record(file, entry);
  } else if (equals_ignoring_case(first.text, "$ORIGIN")) {
    directive_origin(file, entry);
  } else if (equals_ignoring_case(first.text, "$TTL")) {
    directive_ttl(file, entry);
  } else if (equals_ignoring_case(first.text, "$INCLUDE")) {
    directive_include(file, entry, depth);
  } else if (equals_ignoring_case(first.text, "$GENERATE")) {
    directive_generate(file, entry);
  } else {
    error(file, entry.positions[0], "unknown directive " + shown(first.text));
  }
}

// ----- records -----

void Parser::handle_record(FileContext& file, const Entry& entry) {
  if (!take_owner(file, entry)) return;
  RecordHead head;
  if (!parse_head(file, entry, entry.owner_omitted ? 0 : 1, head)) return;
  RdataSource source{std::span(entry.tokens).subspan(head.rdata_index),
                     std::span(entry.positions).subspan(head.rdata_index), entry.end_position()};
  emit(file, file.owner, head, source, entry.positions[0]);
}

bool Parser::take_owner(FileContext& file, const Entry& entry) {
  bool origin_just_changed = std::exchange(file.origin_just_changed, false);
  if (entry.owner_omitted) {
    if (file.owner_state == OwnerState::kNone) {
      error(file, entry.positions[0], "no owner name on the first record");
    } else if (origin_just_changed && file.owner_state == OwnerState::kValid) {
      warning(file, entry.positions[0],
              "record with inherited owner " + wire::to_text(file.owner) +
                  " immediately after a change of origin");
    }
    return file.owner_state == OwnerState::kValid;
  }
  const wire::TextToken& token = entry.tokens[0];
  if (token.quoted) {
    file.owner_state = OwnerState::kBad;
    error(file, entry.positions[0], "owner name must not be a quoted string");
    return false;
  }
  if (file.owner_state == OwnerState::kValid && token.text == file.owner_text) return true;
  wire::NameView origin = file.origin;
  wire::NameTextError why = wire::parse_name(token.text, &origin, file.owner);
  if (why != wire::NameTextError::kOk) {
    file.owner_state = OwnerState::kBad;
    file.owner_text = {};
    error(file, entry.positions[0],
          "bad owner name " + shown(token.text) + ": " + wire::to_string(why));
    return false;
  }
  file.owner_state = OwnerState::kValid;
  file.owner_text = token.text;
  return true;
}

// [ttl] [class] type, the first two in either order (RFC 1035 §5.1).
bool Parser::parse_head(const FileContext& file, const Entry& entry, std::size_t i,
                        RecordHead& head) {
  bool have_class = false;
  for (; i < entry.tokens.size(); ++i) {
    const wire::TextToken& token = entry.tokens[i];
    TextPosition at = entry.positions[i];
    if (token.quoted) break;
    if (starts_with_digit(token.text)) {
      if (head.ttl) {
        error(file, at, "TTL given twice");
        return false;
      }
      std::uint32_t ttl;
      if (!parse_ttl_field(file, token.text, at, ttl)) return false;
      head.ttl = ttl;
      continue;
    }
    std::optional<std::uint16_t> rclass;
    if (is_class_in(token.text)) {
      rclass = wire::rrclass::IN;
    } else if (auto type = lookup_type(token.text)) {
      if (wire::is_meta_type(*type)) {
        error(file, at, "RR type " + shown(token.text) + " cannot appear in zone data");
        return false;
      }
      head.type = *type;
      head.rdata_index = i + 1;
      return true;
    } else {
      rclass = wire::class_from_text(token.text);
      if (!rclass) break;
    }
    if (*rclass != wire::rrclass::IN) {
      error(file, at, "class " + wire::class_to_text(*rclass) + " not supported, only IN");
      return false;
    }
    if (have_class) {
      error(file, at, "class given twice");
      return false;
    }
    have_class = true;
  }
  if (i == entry.tokens.size()) {
    error(file, entry.end_position(), "missing RR type");
    return false;
  }
  error(file, entry.positions[i], "unknown RR type " + shown(entry.tokens[i].text));
  return false;
}

std::optional<std::uint16_t> Parser::lookup_type(std::string_view text) {
  if (const std::uint16_t* cached = type_cache_.find(text)) return *cached;
  std::optional<std::uint16_t> type = wire::type_from_text(text);
  if (type) type_cache_.remember(text, *type);
  return type;
}

bool Parser::parse_ttl_field(const FileContext& file, std::string_view text, TextPosition at,
                             std::uint32_t& ttl) {
  if (const std::uint32_t* cached = ttl_cache_.find(text)) {
    ttl = *cached;
    return true;
  }
  std::optional<std::uint32_t> value = wire::parse_ttl(text);
  if (!value) {
    error(file, at, "bad TTL " + shown(text));
    return false;
  }
  ttl = *value;
  if (ttl > kMaxTtl) {
    // RFC 2181 §8 says to treat such a TTL as zero; BIND does so with a warning (NSD
    // rejects the zone). We follow BIND.
    warning(file, at,
            "TTL " + std::to_string(ttl) + " is above 2^31-1 (RFC 2181 section 8), using 0");
    ttl = 0;
  } else {
    ttl_cache_.remember(text, ttl);
  }
  return true;
}

bool Parser::emit(const FileContext& file, wire::NameView owner, const RecordHead& head,
                  const RdataSource& source, TextPosition where) {
  wire::RdataTextResult result =
      wire::rdata_from_text(head.type, source.tokens, file.origin, rdata_);
  if (!result.ok) {
    TextPosition at = result.bad_token < source.positions.size()
                          ? source.positions[result.bad_token]
                          : source.fallback;
    error(file, at, std::move(result.error));
    return false;
  }
  std::span<const std::uint8_t> rdata(rdata_.data(), result.length);
  std::uint32_t ttl;
  if (!resolve_ttl(file, head, rdata, where, ttl)) return false;
  sink_.record(ParsedRecord{owner, head.type, wire::rrclass::IN, ttl, rdata,
                            SourceLocation{file.name, where.line, where.column}});
  return true;
}

// The explicit TTL; else $TTL; else the last explicit TTL (RFC 1035); else, for an SOA,
// its MINIMUM, which then serves as $TTL would (what BIND does, RFC 2308 §4).
bool Parser::resolve_ttl(const FileContext& file, const RecordHead& head,
                         std::span<const std::uint8_t> rdata, TextPosition where,
                         std::uint32_t& ttl) {
  if (head.ttl) {
    ttl = *head.ttl;
    last_ttl_ = ttl;
  } else if (default_ttl_) {
    ttl = *default_ttl_;
  } else if (last_ttl_) {
    ttl = *last_ttl_;
  } else if (head.type == wire::rrtype::SOA && rdata.size() >= 4) {
    const std::uint8_t* m = rdata.data() + rdata.size() - 4;
    ttl = std::uint32_t{m[0]} << 24 | std::uint32_t{m[1]} << 16 | std::uint32_t{m[2]} << 8 | m[3];
    warning(file, where,
            "no TTL specified; using the SOA MINIMUM " + std::to_string(ttl) + " as default TTL");
    if (ttl > kMaxTtl) ttl = 0;
    default_ttl_ = ttl;
  } else {
    error(file, where, "no TTL specified and no $TTL or earlier TTL to inherit");
    return false;
  }
  return true;
}

// ----- directives -----

bool Parser::expect_arguments(const FileContext& file, const Entry& entry, std::size_t min,
                              std::size_t max, const char* usage) {
  std::size_t arguments = entry.tokens.size() - 1;
  if (arguments < min) {
    error(file, entry.end_position(), std::string("missing argument, expected ") + usage);
    return false;
  }
  if (arguments > max) {
    error(file, entry.positions[max + 1],
          "unexpected " + shown(entry.tokens[max + 1].text) + ", expected " + usage);
    return false;
  }
  return true;
}

bool Parser::parse_domain_argument(const FileContext& file, const Entry& entry, std::size_t i,
                                   wire::Name& out) {
  const wire::TextToken& token = entry.tokens[i];
  wire::NameView origin = file.origin;
  wire::NameTextError why =
      token.quoted ? wire::NameTextError::kEmpty : wire::parse_name(token.text, &origin, out);
  if (why != wire::NameTextError::kOk) {
    error(file, entry.positions[i],
          "bad domain name " + shown(token.text) + ": " +
              (token.quoted ? "must not be a quoted string" : wire::to_string(why)));
    return false;
  }
  return true;
}

void Parser::directive_origin(FileContext& file, const Entry& entry) {
  if (!expect_arguments(file, entry, 1, 1, "$ORIGIN domain-name")) return;
  wire::Name origin;
  if (!parse_domain_argument(file, entry, 1, origin)) return;
  file.origin = origin;
  file.owner_text = {};  // the same text now means another name
  file.origin_just_changed = true;
}

void Parser::directive_ttl(const FileContext& file, const Entry& entry) {
  if (!expect_arguments(file, entry, 1, 1, "$TTL ttl")) return;
  std::uint32_t ttl;
  if (parse_ttl_field(file, entry.tokens[1].text, entry.positions[1], ttl)) default_ttl_ = ttl;
}

std::string Parser::resolve_include_path(const FileContext& file, std::string_view path) const {
  if (path.empty() || path[0] == '/' || file.directory.empty()) return std::string(path);
  std::string joined = file.directory;
  if (joined.back() != '/') joined += '/';
  joined += path;
  return joined;
}

bool Parser::check_include_loop(const FileContext& file, const std::string& canonical,
                                TextPosition at) {
  for (const OpenFile& open : include_stack_) {
    if (open.canonical != canonical) continue;
    std::string including(file.name);
    if (&open == &include_stack_.back()) {
      error(file, at, "$INCLUDE loop: " + including + " includes itself");
    } else {
      error(file, at,
            "$INCLUDE loop: " + including + " includes " + open.name +
                ", which is already being read");
    }
    return false;
  }
  return true;
}

void Parser::directive_include(const FileContext& file, const Entry& entry, int depth) {
  if (!options_.allow_include) {
    error(file, entry.positions[0], "$INCLUDE is disabled here");
    return;
  }
  if (!expect_arguments(file, entry, 1, 2, "$INCLUDE file-name [origin]")) return;
  std::string path = resolve_include_path(file, entry.tokens[1].text);
  wire::Name origin = file.origin;
  if (entry.tokens.size() == 3 && !parse_domain_argument(file, entry, 2, origin)) return;
  TextPosition at = entry.positions[1];
  if (depth + 1 > options_.max_include_depth) {
    error(file, at, "$INCLUDE nesting deeper than " + std::to_string(options_.max_include_depth));
    return;
  }
  ZoneFileSource source;
  std::string why;
  if (!source.load(path, why)) {
    error(file, at, "cannot read $INCLUDE file " + shown(path) + ": " + why);
    return;
  }
  std::string canonical = canonical_path(path);
  if (!check_include_loop(file, canonical, at)) return;
  const std::string& name = file_names_.emplace_back(std::move(path));
  // The included file starts with the current owner (BIND) and its own origin; both are
  // this file's again once it returns, since `file` is not touched.
  FileContext child{name, directory_of(name), origin, file.owner, file.owner_state, {}};
  child.origin_just_changed = entry.tokens.size() == 3;
  include_stack_.push_back({std::move(canonical), name});
  run(source.text(), child, depth + 1);
  include_stack_.pop_back();
}

// $GENERATE range lhs [ttl] [class] type rhs...
void Parser::directive_generate(const FileContext& file, const Entry& entry) {
  if (entry.tokens.size() < 5) {
    error(file, entry.end_position(),
          "missing argument, expected $GENERATE range lhs [ttl] [class] type rhs");
    return;
  }
  GenerateRange range;
  GenerateTemplate lhs;
  std::string why;
  if (!parse_generate_range(entry.tokens[1].text, range, why)) {
    error(file, entry.positions[1], why);
    return;
  }
  if (!lhs.compile(entry.tokens[2].text, why)) {
    error(file, entry.positions[2], why);
    return;
  }
  RecordHead head;
  if (!parse_head(file, entry, 3, head)) return;
  if (head.rdata_index == entry.tokens.size()) {
    error(file, entry.end_position(), "missing $GENERATE rhs after the type");
    return;
  }
  if (range.count() > options_.max_generate) {
    error(file, entry.positions[1],
          "$GENERATE would create " + std::to_string(range.count()) +
              " records, more than the limit of " + std::to_string(options_.max_generate));
    return;
  }
  std::size_t rhs_count = entry.tokens.size() - head.rdata_index;
  rhs_templates_.resize(rhs_count);
  for (std::size_t k = 0; k < rhs_count; ++k) {
    std::size_t i = head.rdata_index + k;
    if (!rhs_templates_[k].compile(entry.tokens[i].text, why)) {
      error(file, entry.positions[i], why);
      return;
    }
  }
  generate_records(file, entry, range, lhs, head);
}

void Parser::generate_records(const FileContext& file, const Entry& entry,
                              const GenerateRange& range, const GenerateTemplate& lhs,
                              const RecordHead& head) {
  wire::NameView origin = file.origin;
  wire::Name owner;
  RdataSource source{{}, {}, entry.positions[head.rdata_index]};
  for (std::uint64_t value = range.start; value <= range.stop && !stopped_; value += range.step) {
    auto it = static_cast<std::uint32_t>(value);
    generating_ = it;
    generated_text_.clear();
    if (!lhs.expand(it, generated_text_)) {
      error(file, entry.positions[2], "the offset takes the value out of range");
      break;
    }
    wire::NameTextError why = wire::parse_name(generated_text_, &origin, owner);
    if (why != wire::NameTextError::kOk) {
      error(file, entry.positions[2],
            "bad owner name " + shown(generated_text_) + ": " + wire::to_string(why));
      break;
    }
    if (const char* problem = expand_rdata(entry, head, it)) {
      error(file, source.fallback, problem);
      break;
    }
    source.tokens = generated_entry_.tokens;
    if (!emit(file, owner, head, source, entry.positions[0])) break;
  }
  generating_.reset();
}

// Expands the rhs templates into text and splits it into tokens again. A single quoted
// rhs is unquoted first: BIND reads '$GENERATE 1-2 h$ MX "10 mx$"' as MX 10 mx1.
// Returns what went wrong, or nullptr.
const char* Parser::expand_rdata(const Entry& entry, const RecordHead& head, std::uint32_t value) {
  generated_text_.clear();
  std::size_t rhs_count = entry.tokens.size() - head.rdata_index;
  bool unquote = rhs_count == 1 && entry.tokens[head.rdata_index].quoted;
  for (std::size_t k = 0; k < rhs_count; ++k) {
    bool quote = entry.tokens[head.rdata_index + k].quoted && !unquote;
    if (quote) generated_text_ += '"';
    if (!rhs_templates_[k].expand(value, generated_text_)) {
      return "the offset takes the value out of range";
    }
    if (quote) generated_text_ += '"';
    generated_text_ += ' ';
  }
  // The expansion holds no newline (tokens cannot), so it is exactly one entry.
  ZoneLexer lexer(generated_text_);
  LexError lex_error;
  LexResult result = lexer.next(generated_entry_, lex_error);
  if (result == LexResult::kError) return lex_error.message;
  if (result == LexResult::kEnd) generated_entry_.clear();
  return nullptr;
}

}  // namespace

std::size_t parse_zone_file(const std::string& path, const ZoneFileOptions& options,
                            RecordSink& sink) {
  Parser parser(options, sink);
  parser.parse_file(path);
  return parser.errors();
}

std::size_t parse_zone_text(std::string_view text, std::string_view file_name,
                            const ZoneFileOptions& options, RecordSink& sink) {
  Parser parser(options, sink);
  parser.parse_text(text, file_name);
  return parser.errors();
}

}  // namespace zoned::zone
