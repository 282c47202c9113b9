#include "config/bind_import.h"

#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "config/ip_address.h"

namespace zoned::config {

const std::vector<BindStatement>* BindStatement::block() const {
  for (const BindValue& value : values) {
    if (value.is_block) return &value.block;
  }
  return nullptr;
}

std::vector<std::string> BindStatement::words() const {
  std::vector<std::string> out;
  for (const BindValue& value : values) {
    if (value.is_block) break;
    out.push_back(value.text);
  }
  return out;
}

namespace {

// ---- lexer ----

enum class TokenKind { kWord, kString, kOpen, kClose, kSemicolon, kEnd, kError };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // word, string contents or error message
  unsigned line = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    skip_blanks_and_comments();
    Token token;
    token.line = line_;
    if (!error_.empty()) {
      token.kind = TokenKind::kError;
      token.text = error_;
      token.line = error_line_;
      return token;
    }
    if (pos_ >= text_.size()) return token;
    char c = text_[pos_];
    if (c == '{' || c == '}' || c == ';') {
      ++pos_;
      token.kind = c == '{'   ? TokenKind::kOpen
                   : c == '}' ? TokenKind::kClose
                              : TokenKind::kSemicolon;
      token.text = std::string(1, c);
      return token;
    }
    if (c == '"') return string_token();
    token.kind = TokenKind::kWord;
    while (pos_ < text_.size() && !is_delimiter(text_[pos_])) {
      token.text += text_[pos_++];
    }
    return token;
  }

 private:
  static bool is_delimiter(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '}' || c == ';' ||
           c == '"' || c == '#';
  }

  void skip_blanks_and_comments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#' || (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) {
        while (pos_ < text_.size() && text_[pos_] != '\n')
          ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        unsigned start = line_;
        std::size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string_view::npos) {
          error_ = "unterminated /* comment";
          error_line_ = start;
          pos_ = text_.size();
          return;
        }
        for (std::size_t i = pos_; i < end; ++i) {
          if (text_[i] == '\n') ++line_;
        }
        pos_ = end + 2;
      } else {
        return;
      }
    }
  }

  Token string_token() {
    Token token;
    token.kind = TokenKind::kString;
    token.line = line_;
    ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) c = text_[pos_++];
      if (c == '\n') ++line_;
      token.text += c;
    }
    if (pos_ >= text_.size()) {
      token.kind = TokenKind::kError;
      token.text = "unterminated string";
      return token;
    }
    ++pos_;
    return token;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  unsigned line_ = 1;
  std::string error_;
  unsigned error_line_ = 0;
};

// ---- parser ----

constexpr int kMaxIncludeDepth = 16;
constexpr int kMaxBlockDepth = 64;

std::string directory_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::optional<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

class Parser {
 public:
  Parser(std::string_view text, std::string name, const BindFileReader& reader, int depth)
      : lexer_(text), name_(std::move(name)), reader_(reader), depth_(depth) {}

  // Parses statements up to the end (nested = false) or the closing brace (nested = true).
  bool parse_block(std::vector<BindStatement>& out, bool nested, unsigned open_line,
                   int block_depth, std::string& error) {
    if (block_depth > kMaxBlockDepth) return fail(open_line, "blocks nested too deeply", error);
    for (;;) {
      Token token = lexer_.next();
      switch (token.kind) {
        case TokenKind::kError:
          return fail(token.line, token.text, error);
        case TokenKind::kEnd:
          if (!nested) return true;
          return fail(token.line,
                      "end of file: missing '}' for the '{' of line " + std::to_string(open_line),
                      error);
        case TokenKind::kClose:
          if (nested) return true;
          return fail(token.line, "'}' without a matching '{'", error);
        case TokenKind::kSemicolon:
          continue;  // an empty statement
        default:
          break;
      }
      BindStatement statement;
      statement.file = name_;
      statement.line = token.line;
      if (!parse_statement(token, statement, block_depth, error)) return false;
      if (!splice_include(statement, out, error)) return false;
    }
  }

 private:
  bool fail(unsigned line, const std::string& message, std::string& error) {
    error = name_ + ":" + std::to_string(line) + ": " + message;
    return false;
  }

  // Reads the values of a statement whose first token is `token`, up to its ';'.
  bool parse_statement(Token token, BindStatement& statement, int block_depth, std::string& error) {
    for (;;) {
      switch (token.kind) {
        case TokenKind::kWord:
        case TokenKind::kString: {
          BindValue value;
          value.quoted = token.kind == TokenKind::kString;
          value.text = std::move(token.text);
          statement.values.push_back(std::move(value));
          break;
        }
        case TokenKind::kOpen: {
          BindValue value;
          value.is_block = true;
          if (!parse_block(value.block, true, token.line, block_depth + 1, error)) return false;
          statement.values.push_back(std::move(value));
          break;
        }
        case TokenKind::kSemicolon:
          return true;
        case TokenKind::kClose:
          return fail(token.line, "missing ';' before '}'", error);
        case TokenKind::kEnd:
          return fail(token.line,
                      "end of file: missing ';' after the statement of line " +
                          std::to_string(statement.line),
                      error);
        case TokenKind::kError:
          return fail(token.line, token.text, error);
      }
      token = lexer_.next();
    }
  }

  bool splice_include(BindStatement& statement, std::vector<BindStatement>& out,
                      std::string& error) {
    if (statement.values.front().quoted || statement.keyword() != "include") {
      out.push_back(std::move(statement));
      return true;
    }
    if (statement.values.size() != 2 || statement.values[1].is_block) {
      return fail(statement.line, "include takes one file name", error);
    }
    if (depth_ >= kMaxIncludeDepth)
      return fail(statement.line, "includes nested too deeply", error);
    const std::string& file = statement.values[1].text;
    std::string path = !file.empty() && file[0] == '/' ? file : directory_of(name_) + file;
    std::optional<std::string> text = reader_ ? reader_(path) : read_whole_file(path);
    if (!text) return fail(statement.line, "cannot read include file \"" + path + "\"", error);
    Parser inner(*text, path, reader_, depth_ + 1);
    return inner.parse_block(out, false, 0, 0, error);
  }

  Lexer lexer_;
  std::string name_;
  const BindFileReader& reader_;
  int depth_;
};

// ---- translation ----

struct AclOut {
  std::string address;  // "10.0.0.2", "10.0.0.0/8", "0.0.0.0/0"
  std::string key;      // "NOKEY", "BLOCKED" or a key name
};

struct Remote {
  std::string address;
  unsigned port = 0;  // 0: the default
  std::string key;    // empty: none
};

struct Key {
  std::string name;
  std::string algorithm;
  std::string secret;
};

bool is_address(const std::string& text) {
  return parse_ip_address(text).has_value();
}

// "10.0.0.0/8", "2001:db8::/32" (the prefix as NSD reads it).
bool is_prefix(const std::string& text) {
  std::size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  std::optional<IpAddress> address = parse_ip_address(std::string_view(text).substr(0, slash));
  if (!address) return false;
  unsigned bits = 0;
  const char* first = text.data() + slash + 1;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, bits);
  return ec == std::errc() && end == last && first != last && bits <= address->size() * 8;
}

bool parse_port(const std::string& text, unsigned& port) {
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, port);
  return ec == std::errc() && end == last && !text.empty() && port <= 65535;
}

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

std::string with_port(const std::string& address, unsigned port) {
  return port == 0 ? address : address + "@" + std::to_string(port);
}

class Translator {
 public:
  BindImport run(const std::vector<BindStatement>& statements) {
    collect(statements);
    for (const BindStatement& statement : statements)
      top_level(statement);
    std::string out =
        "# nsd.conf for zoned, translated from a BIND named.conf by\n"
        "# zoned-checkconf --from-bind; what was not translated is listed on stderr.\n";
    std::string server = server_clause();
    if (!server.empty()) out += "\nserver:\n" + server;
    for (const Key& key : keys_in_order_) {
      out += "\nkey:\n\tname: " + quoted(key.name) + "\n\talgorithm: " + key.algorithm +
             "\n\tsecret: " + quoted(key.secret) + "\n";
    }
    out += zones_;
    result_.nsd_conf = std::move(out);
    return std::move(result_);
  }

 private:
  // An options setting used by many zones is reported once per zone, each with its name; a
  // message that would be the same twice is given once.
  void report(const BindStatement& where, const std::string& what, const std::string& why) {
    std::string line = where.file + ":" + std::to_string(where.line) + ": " + what +
                       ": not translated (" + why + ")";
    if (reported_.insert(line).second) result_.not_translated.push_back(std::move(line));
  }
  void note(const BindStatement& where, const std::string& text) {
    result_.notes.push_back(where.file + ":" + std::to_string(where.line) + ": note: " + text);
  }

  // First pass: what other statements refer to by name.
  void collect(const std::vector<BindStatement>& statements) {
    for (const BindStatement& statement : statements) {
      std::vector<std::string> words = statement.words();
      const std::string& kind = statement.keyword();
      if (kind == "key") {
        collect_key(statement);
      } else if (kind == "acl" && words.size() == 2 && statement.block()) {
        acls_[words[1]] = &statement;
      } else if ((kind == "masters" || kind == "primaries" || kind == "remote-servers") &&
                 words.size() >= 2 && statement.block()) {
        remote_lists_[words[1]] = &statement;
      } else if (kind == "server" && words.size() == 2 && statement.block()) {
        collect_server(statement, words[1]);
      } else if (kind == "options" && statement.block()) {
        options_ = statement.block();
      }
    }
  }

  void collect_key(const BindStatement& statement) {
    std::vector<std::string> words = statement.words();
    if (words.size() != 2 || !statement.block()) {
      report(statement, "key", "expected key \"name\" { algorithm ...; secret \"...\"; }");
      return;
    }
    Key key;
    key.name = words[1];
    for (const BindStatement& item : *statement.block()) {
      std::vector<std::string> value = item.words();
      if (value.size() == 2 && item.keyword() == "algorithm") key.algorithm = value[1];
      if (value.size() == 2 && item.keyword() == "secret") key.secret = value[1];
    }
    static const std::set<std::string> kAlgorithms = {"hmac-md5",    "hmac-sha1",   "hmac-sha224",
                                                      "hmac-sha256", "hmac-sha384", "hmac-sha512"};
    std::string algorithm = key.algorithm;
    for (char& c : algorithm)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (algorithm == "hmac-md5.sig-alg.reg.int") algorithm = "hmac-md5";
    if (!kAlgorithms.count(algorithm) || key.secret.empty()) {
      report(statement, "key " + quoted(key.name) + " algorithm " + key.algorithm,
             key.secret.empty() ? "no secret" : "an algorithm zoned does not have");
      return;
    }
    key.algorithm = algorithm;
    keys_[key.name] = keys_in_order_.size();
    keys_in_order_.push_back(key);
  }

  void collect_server(const BindStatement& statement, const std::string& address) {
    for (const BindStatement& item : *statement.block()) {
      if (item.keyword() == "keys" && item.block() && !item.block()->empty()) {
        server_keys_[address] = item.block()->front().keyword();
      } else {
        report(item, "server " + address + " " + item.keyword(), "no nsd.conf equivalent");
      }
    }
  }

  void top_level(const BindStatement& statement) {
    const std::string& kind = statement.keyword();
    if (kind == "key" || kind == "acl" || kind == "masters" || kind == "primaries" ||
        kind == "remote-servers" || kind == "server") {
      return;  // used where referred to
    }
    if (kind == "options") {
      if (statement.block()) options(*statement.block());
    } else if (kind == "zone") {
      zone(statement);
    } else if (kind == "view") {
      report(statement, "view " + quoted(name_of(statement)),
             "zoned has no views; none of its zones are translated");
    } else if (kind == "logging") {
      report(statement, "logging", "zoned logs to syslog or its logfile: option");
    } else if (kind == "controls") {
      report(statement, "controls", "zoned-control has its own remote-control: clause");
    } else if (kind == "dnssec-policy") {
      report(statement, "dnssec-policy " + quoted(name_of(statement)), "zoned does not sign zones");
    } else {
      report(statement, kind, "no nsd.conf equivalent");
    }
  }

  static std::string name_of(const BindStatement& statement) {
    return statement.values.size() > 1 && !statement.values[1].is_block ? statement.values[1].text
                                                                        : std::string();
  }

  // ---- options ----

  void options(const std::vector<BindStatement>& block) {
    static const std::set<std::string> kZoneDefaults = {"allow-transfer", "also-notify", "notify",
                                                        "allow-notify", "allow-query"};
    static const std::set<std::string> kRecursive = {
        "allow-recursion",    "allow-query-cache",    "forwarders",    "forward",
        "dnssec-validation",  "max-cache-size",       "auth-nxdomain", "empty-zones-enable",
        "allow-recursion-on", "allow-query-cache-on", "prefetch",      "qname-minimization"};
    for (const BindStatement& item : block) {
      std::vector<std::string> words = item.words();
      const std::string& name = item.keyword();
      if (kZoneDefaults.count(name)) continue;  // applied to each zone
      if (name == "directory" && words.size() == 2) {
        server_lines_ += "\tzonesdir: " + quoted(words[1]) + "\n";
      } else if (name == "pid-file" && words.size() == 2 && words[1] != "none") {
        server_lines_ += "\tpidfile: " + quoted(words[1]) + "\n";
      } else if (name == "version" && words.size() == 2 && item.values[1].quoted) {
        server_lines_ += "\tversion: " + quoted(words[1]) + "\n";
      } else if (name == "version" && words.size() == 2 && words[1] == "none") {
        server_lines_ += "\thide-version: yes\n";
      } else if (name == "port" && words.size() == 2 && parse_port(words[1], default_port_)) {
        continue;
      } else if (name == "listen-on" || name == "listen-on-v6") {
        listen_on_.push_back(&item);
      } else if (name == "recursion" && words.size() == 2 && words[1] == "no") {
        continue;  // zoned never recurses
      } else if (kRecursive.count(name) || name == "recursion") {
        report(item, "options " + name, "recursion and caching: zoned is authoritative only");
      } else {
        report(item, "options " + name, "no nsd.conf equivalent");
      }
    }
  }

  std::string server_clause() {
    struct Listen {
      std::string address;
      unsigned port;
    };
    std::vector<Listen> listens;
    bool saw_v4 = false;
    bool saw_v6 = false;
    bool any_v4 = false;
    bool any_v6 = false;
    for (const BindStatement* item : listen_on_) {
      bool v6 = item->keyword() == "listen-on-v6";
      (v6 ? saw_v6 : saw_v4) = true;
      std::vector<std::string> words = item->words();
      unsigned port = default_port_;
      bool understood = item->block() != nullptr;
      for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i] == "port" && i + 1 < words.size() && parse_port(words[i + 1], port)) {
          ++i;
        } else {
          understood = false;
        }
      }
      if (!understood) {
        report(*item, item->keyword() + " " + (words.size() > 1 ? words[1] : ""),
               "only listen-on [port N] { addresses; } is");
        continue;
      }
      std::vector<AclOut> addresses;
      std::set<std::string> visiting;
      bool positive = false;
      expand_list(*item->block(), addresses, item->keyword(), visiting, positive);
      for (const AclOut& entry : addresses) {
        bool wildcard = entry.address == "0.0.0.0/0" || entry.address == "::0/0";
        bool entry_v6 = entry.address.find(':') != std::string::npos;
        if (entry_v6 != v6) continue;  // `any` gives both families
        if (entry.key != "NOKEY" || (!wildcard && !is_address(entry.address))) {
          report(*item, item->keyword() + " " + entry.address,
                 "only plain addresses, any and none are");
          continue;
        }
        if (wildcard) (v6 ? any_v6 : any_v4) = true;
        listens.push_back({wildcard ? (v6 ? "::" : "0.0.0.0") : entry.address, port});
      }
    }
    // BIND's defaults: listen-on { any; }; listen-on-v6 { any; };
    if (!saw_v4) {
      any_v4 = true;
      listens.push_back({"0.0.0.0", default_port_});
    }
    if (!saw_v6) {
      any_v6 = true;
      listens.push_back({"::", default_port_});
    }
    std::set<unsigned> ports;
    for (const Listen& listen : listens)
      ports.insert(listen.port);
    std::string out = server_lines_;
    bool one_port = ports.size() <= 1;
    unsigned port = ports.empty() ? default_port_ : *ports.begin();
    if (one_port && port != 53) out += "\tport: " + std::to_string(port) + "\n";
    if (any_v4 && any_v6 && listens.size() == 2 && one_port) return out;  // the wildcard
    for (const Listen& listen : listens) {
      out +=
          "\tip-address: " + (one_port ? listen.address : with_port(listen.address, listen.port)) +
          "\n";
    }
    return out;
  }

  // ---- address match lists ----

  // Appends the entries of a BIND address match list in NSD's form. `what` names the list
  // for reports.
  void expand_list(const std::vector<BindStatement>& list, std::vector<AclOut>& out,
                   const std::string& what, std::set<std::string>& visiting, bool& positive) {
    for (const BindStatement& element : list) {
      expand_element(element, out, what, visiting, positive);
    }
  }

  void expand_element(const BindStatement& element, std::vector<AclOut>& out,
                      const std::string& what, std::set<std::string>& visiting, bool& positive) {
    std::vector<std::string> words = element.words();
    bool negated = false;
    if (!words.empty() && words[0] == "!") {
      negated = true;
      words.erase(words.begin());
    } else if (!words.empty() && words[0].size() > 1 && words[0][0] == '!') {
      negated = true;
      words[0].erase(0, 1);
    }
    if (words.empty() && element.block()) {  // a nested { ... } list
      if (negated) {
        report(element, what + " !{ ... }", "a negated nested list has no NSD form");
        return;
      }
      expand_list(*element.block(), out, what, visiting, positive);
      return;
    }
    if (words.empty()) return;
    const std::string& first = words[0];
    if (first == "key" && words.size() == 2) {
      if (negated) {
        report(element, what + " !key " + words[1], "a negated key has no NSD form");
        return;
      }
      if (!known_key(element, words[1], what)) return;
      positive = true;
      out.push_back({"0.0.0.0/0", words[1]});
      out.push_back({"::0/0", words[1]});
      return;
    }
    bool address = is_address(first) || is_prefix(first);
    if (address) {
      std::string key = "NOKEY";
      if (words.size() == 3 && words[1] == "key") {
        if (!known_key(element, words[2], what)) return;
        key = words[2];
      } else if (words.size() != 1) {
        report(element, what + " " + first, "unexpected words after the address");
        return;
      }
      if (negated) {
        if (positive) {
          report(element, what + " !" + first,
                 "a negation after an allowing element: NSD's BLOCKED entries win wherever "
                 "they stand, BIND's first match does not");
          return;
        }
        key = "BLOCKED";
      } else {
        positive = true;
      }
      out.push_back({first, key});
      return;
    }
    if (words.size() != 1) {
      report(element, what + " " + first, "not an address match list element");
      return;
    }
    if (first == "none") {
      if (negated) report(element, what + " !none", "means any: write any");
      return;
    }
    if (negated) {
      report(element, what + " !" + first, "only negated addresses have an NSD form (BLOCKED)");
      return;
    }
    if (first == "any") {
      positive = true;
      out.push_back({"0.0.0.0/0", "NOKEY"});
      out.push_back({"::0/0", "NOKEY"});
    } else if (first == "localhost" || first == "localnets") {
      report(element, what + " " + first,
             "stands for the host's own addresses or networks, which only BIND knows");
    } else if (auto acl = acls_.find(first); acl != acls_.end()) {
      if (!visiting.insert(first).second) {
        report(element, what + " acl " + first, "the acl refers to itself");
        return;
      }
      expand_list(*acl->second->block(), out, what, visiting, positive);
      visiting.erase(first);
    } else {
      report(element, what + " " + first, "not an address, key or known acl");
    }
  }

  bool known_key(const BindStatement& where, const std::string& key, const std::string& what) {
    if (keys_.count(key)) return true;
    report(where, what + " key " + key, "no translated key of that name");
    return false;
  }

  // ---- remote server lists (primaries, also-notify) ----

  void expand_remotes(const BindStatement& list_statement, std::vector<Remote>& out,
                      const std::string& what, std::set<std::string>& visiting) {
    std::vector<std::string> words = list_statement.words();
    unsigned list_port = 0;
    for (std::size_t i = 1; i + 1 < words.size(); ++i) {
      if (words[i] == "port") parse_port(words[i + 1], list_port);
    }
    for (const BindStatement& element : *list_statement.block()) {
      std::vector<std::string> parts = element.words();
      if (parts.empty()) continue;
      Remote remote;
      remote.port = list_port;
      bool ok = true;
      for (std::size_t i = 1; i < parts.size(); ++i) {
        if (parts[i] == "port" && i + 1 < parts.size() && parse_port(parts[i + 1], remote.port)) {
          ++i;
        } else if (parts[i] == "key" && i + 1 < parts.size()) {
          remote.key = parts[++i];
        } else {
          report(element, what + " " + parts[0] + " " + parts[i],
                 parts[i] == "tls" ? "zoned has no zone transfers over TLS yet"
                                   : "not a remote server element");
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (is_address(parts[0])) {
        remote.address = parts[0];
        if (remote.key.empty()) {
          if (auto server = server_keys_.find(parts[0]); server != server_keys_.end()) {
            remote.key = server->second;
          }
        }
        if (!remote.key.empty() && !known_key(element, remote.key, what)) continue;
        out.push_back(remote);
      } else if (auto list = remote_lists_.find(parts[0]); list != remote_lists_.end()) {
        if (!visiting.insert(parts[0]).second) {
          report(element, what + " " + parts[0], "the list refers to itself");
          continue;
        }
        std::size_t first = out.size();
        expand_remotes(*list->second, out, what, visiting);
        visiting.erase(parts[0]);
        for (std::size_t i = first; i < out.size(); ++i) {
          if (!remote.key.empty()) out[i].key = remote.key;
        }
      } else {
        report(element, what + " " + parts[0], "not an address or a known primaries list");
      }
    }
  }

  // ---- zones ----

  // The zone's own statement `name`, or the options' one, or nullptr.
  const BindStatement* setting(const std::vector<BindStatement>& zone_block,
                               const std::string& name) const {
    for (const BindStatement& item : zone_block) {
      if (item.keyword() == name) return &item;
    }
    if (options_) {
      for (const BindStatement& item : *options_) {
        if (item.keyword() == name) return &item;
      }
    }
    return nullptr;
  }

  void acl_lines(const BindStatement& list, const std::string& option, const std::string& what,
                 std::string& out) {
    if (!list.block()) {
      report(list, what, "expected a { ... } list");
      return;
    }
    std::vector<AclOut> entries;
    std::set<std::string> visiting;
    bool positive = false;
    expand_list(*list.block(), entries, what, visiting, positive);
    for (const AclOut& entry : entries) {
      out += "\t" + option + ": " + entry.address + " " + entry.key + "\n";
    }
  }

  void remote_lines(const std::vector<Remote>& remotes, const std::string& option,
                    std::string& out) {
    for (const Remote& remote : remotes) {
      out += "\t" + option + ": " + with_port(remote.address, remote.port) + " " +
             (remote.key.empty() ? "NOKEY" : remote.key) + "\n";
    }
  }

  void zone(const BindStatement& statement) {
    std::vector<std::string> words = statement.words();
    std::string name = words.size() >= 2 ? words[1] : "";
    std::string what = "zone " + quoted(name);
    if (!statement.block() || words.size() < 2 || words.size() > 3) {
      report(statement, what, "expected zone \"name\" [class] { ... }");
      return;
    }
    if (words.size() == 3 && words[2] != "IN" && words[2] != "in") {
      report(statement, what + " class " + words[2], "zoned serves class IN only");
      return;
    }
    const std::vector<BindStatement>& block = *statement.block();
    std::string type;
    for (const BindStatement& item : block) {
      if (item.keyword() == "type" && item.values.size() == 2) type = item.values[1].text;
      if (item.keyword() == "in-view") {
        report(item, what + " in-view", "zoned has no views");
        return;
      }
    }
    bool primary = type == "primary" || type == "master";
    bool secondary = type == "secondary" || type == "slave";
    if (!primary && !secondary) {
      report(statement, what + " type " + (type.empty() ? "(none)" : type),
             "zoned serves primary and secondary zones only");
      return;
    }
    std::string out = "\nzone:\n\tname: " + quoted(name) + "\n";
    static const std::set<std::string> kHandled = {"type",        "file",    "allow-transfer",
                                                   "also-notify", "notify",  "allow-notify",
                                                   "allow-query", "masters", "primaries"};
    for (const BindStatement& item : block) {
      const std::string& option = item.keyword();
      std::vector<std::string> values = item.words();
      if (option == "file" && values.size() == 2) {
        if (values[1].find('%') != std::string::npos) {
          report(item, what + " file", "a % in the name means a substitution in nsd.conf");
        } else {
          out += "\tzonefile: " + quoted(values[1]) + "\n";
        }
      } else if (kHandled.count(option)) {
        continue;
      } else if (option == "allow-update" && item.block() && item.block()->size() == 1 &&
                 item.block()->front().keyword() == "none") {
        continue;
      } else if (option == "allow-update" || option == "update-policy") {
        report(item, what + " " + option, "dynamic zones: zoned does not take UPDATE");
      } else if ((option == "dnssec-policy" && values.size() == 2 && values[1] == "none") ||
                 (option == "inline-signing" && values.size() == 2 && values[1] == "no")) {
        continue;
      } else if (option == "dnssec-policy" || option == "inline-signing" ||
                 option == "auto-dnssec") {
        report(item, what + " " + option, "zoned does not sign zones");
      } else {
        report(item, what + " " + option, "no nsd.conf equivalent");
      }
    }
    if (secondary) secondary_lines(statement, block, what, out);
    transfer_and_notify_lines(statement, block, what, primary, out);
    if (const BindStatement* query = setting(block, "allow-query")) {
      acl_lines(*query, "allow-query", what + " allow-query", out);
    }
    zones_ += out;
  }

  void secondary_lines(const BindStatement& statement, const std::vector<BindStatement>& block,
                       const std::string& what, std::string& out) {
    const BindStatement* primaries = nullptr;
    for (const BindStatement& item : block) {
      if (item.keyword() == "primaries" || item.keyword() == "masters") primaries = &item;
    }
    std::vector<Remote> remotes;
    if (primaries && primaries->block()) {
      std::set<std::string> visiting;
      expand_remotes(*primaries, remotes, what + " " + primaries->keyword(), visiting);
    }
    if (remotes.empty()) {
      report(statement, what + " (secondary)", "no primaries to transfer it from");
    }
    // BIND takes NOTIFY from the primaries' addresses, signed or not; NSD matches the key
    // too, so a primary with a key gets both entries.
    for (const Remote& remote : remotes) {
      out += "\tallow-notify: " + remote.address + " NOKEY\n";
      if (!remote.key.empty()) out += "\tallow-notify: " + remote.address + " " + remote.key + "\n";
    }
    if (const BindStatement* allow = setting(block, "allow-notify")) {
      acl_lines(*allow, "allow-notify", what + " allow-notify", out);
    }
    remote_lines(remotes, "request-xfr", out);
  }

  void transfer_and_notify_lines(const BindStatement& statement,
                                 const std::vector<BindStatement>& block, const std::string& what,
                                 bool primary, std::string& out) {
    if (const BindStatement* transfer = setting(block, "allow-transfer")) {
      if (transfer->values.size() != 2 || !transfer->values[1].is_block) {
        report(*transfer, what + " allow-transfer port/transport", "zoned has no such choice");
      } else {
        acl_lines(*transfer, "provide-xfr", what + " allow-transfer", out);
      }
    } else {
      note(statement, what +
                          ": no allow-transfer: BIND's default { any; } is translated as "
                          "provide-xfr: 0.0.0.0/0 NOKEY and ::0/0 NOKEY");
      out += "\tprovide-xfr: 0.0.0.0/0 NOKEY\n\tprovide-xfr: ::0/0 NOKEY\n";
    }
    std::string notify = "yes";
    const BindStatement* notify_statement = setting(block, "notify");
    if (notify_statement && notify_statement->values.size() == 2) {
      notify = notify_statement->values[1].text;
    }
    if (notify == "master-only" || notify == "primary-only") notify = primary ? "yes" : "no";
    const BindStatement* also = setting(block, "also-notify");
    if (notify == "no") {
      if (also) note(*also, what + ": also-notify is unused with notify no, as in BIND");
      return;
    }
    if (notify != "yes" && notify != "explicit") {
      report(notify_statement ? *notify_statement : statement, what + " notify " + notify,
             "expected yes, no, explicit, primary-only or master-only");
      return;
    }
    if (notify == "yes") {
      report(notify_statement ? *notify_statement : statement, what + " notify yes",
             "BIND also notifies the servers of the zone's NS records; zoned notifies only the "
             "notify: addresses (list them in also-notify, or say notify explicit)");
    }
    if (also && also->block()) {
      std::vector<Remote> remotes;
      std::set<std::string> visiting;
      expand_remotes(*also, remotes, what + " also-notify", visiting);
      remote_lines(remotes, "notify", out);
    }
  }

  BindImport result_;
  std::set<std::string> reported_;
  std::map<std::string, const BindStatement*> acls_;
  std::map<std::string, const BindStatement*> remote_lists_;
  std::map<std::string, std::string> server_keys_;
  std::map<std::string, std::size_t> keys_;
  std::vector<Key> keys_in_order_;
  const std::vector<BindStatement>* options_ = nullptr;
  std::vector<const BindStatement*> listen_on_;
  unsigned default_port_ = 53;
  std::string server_lines_;
  std::string zones_;
};

}  // namespace

BindParseResult parse_bind_text(std::string_view text, const std::string& name,
                                const BindFileReader& reader) {
  BindParseResult result;
  Parser parser(text, name, reader, 0);
  if (!parser.parse_block(result.statements, false, 0, 0, result.error)) {
    result.statements.clear();
  }
  return result;
}

BindParseResult parse_bind_file(const std::string& path) {
  std::optional<std::string> text = read_whole_file(path);
  if (!text) {
    BindParseResult result;
    result.error = path + ": cannot read the file";
    return result;
  }
  return parse_bind_text(*text, path);
}

BindImport translate_bind(const std::vector<BindStatement>& statements) {
  return Translator().run(statements);
}

namespace {
BindImport import_parsed(BindParseResult parsed) {
  if (!parsed.ok()) {
    BindImport result;
    result.error = std::move(parsed.error);
    return result;
  }
  return translate_bind(parsed.statements);
}
}  // namespace

BindImport import_bind_file(const std::string& path) {
  return import_parsed(parse_bind_file(path));
}

BindImport import_bind_text(std::string_view text, const std::string& name,
                            const BindFileReader& reader) {
  return import_parsed(parse_bind_text(text, name, reader));
}

}  // namespace zoned::config
