// The CHAOS class (NSD's answer_chaos, BIND's version.bind convention): who this server is
// and what it runs, as one TXT record; nothing else is answered in class CH.
#include <algorithm>
#include <array>
#include <cstring>

#include "server/answer/answer_steps.h"
#include "wire/edns.h"
#include "wire/rrtype.h"

namespace zoned::server {
namespace {

namespace rrtype = wire::rrtype;

// The names NSD answers, in wire form; compared case-insensitively.
constexpr std::string_view kIdServer{"\002id\006server\000", 11};
constexpr std::string_view kHostnameBind{"\010hostname\004bind\000", 15};
constexpr std::string_view kVersionServer{"\007version\006server\000", 16};
constexpr std::string_view kVersionBind{"\007version\004bind\000", 14};

bool is_name(wire::NameView name, std::string_view wire_form) {
  if (name.size() != wire_form.size()) return false;
  // Length octets are below 'A' and compare equal after lowering as well.
  for (std::size_t i = 0; i < wire_form.size(); ++i) {
    std::uint8_t c = name.data()[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<std::uint8_t>(c - 'A' + 'a');
    if (c != static_cast<std::uint8_t>(wire_form[i])) return false;
  }
  return true;
}

enum class Which : std::uint8_t { kNone, kIdentity, kVersion };

Which which_name(wire::NameView name) {
  if (is_name(name, kIdServer) || is_name(name, kHostnameBind)) return Which::kIdentity;
  if (is_name(name, kVersionServer) || is_name(name, kVersionBind)) return Which::kVersion;
  return Which::kNone;
}

}  // namespace

ChaosResult write_chaos_answer(wire::MessageBuilder& b, const wire::MessageInfo& info,
                               const ChaosOptions& chaos) {
  const wire::Question& q = info.question;
  ChaosResult result;
  if (b.add_question(q.name, q.type, q.cls) != wire::BuildError::kOk) {
    result.rcode = wire::Rcode::kRefused;
    return result;
  }
  const Which which = which_name(q.name.view());
  const bool hidden = which == Which::kIdentity ? chaos.hide_identity : chaos.hide_version;
  if ((q.type != rrtype::TXT && q.type != rrtype::ANY) || which == Which::kNone || hidden) {
    result.rcode = wire::Rcode::kRefused;
    // As NSD: a TXT (or ANY) question for a hidden name is prohibited; any other question
    // in class CH is not supported.
    const bool txt = q.type == rrtype::TXT || q.type == rrtype::ANY;
    result.ede_code =
        txt && hidden && which != Which::kNone ? wire::ede::kProhibited : wire::ede::kNotSupported;
    return result;
  }
  // One character-string: a length octet and at most 255 octets (the configuration checks
  // identity and version; a long host name is cut).
  const std::string_view text = which == Which::kIdentity ? chaos.identity : chaos.version;
  std::array<std::uint8_t, 256> rdata;
  const std::size_t length = std::min<std::size_t>(text.size(), 255);
  rdata[0] = static_cast<std::uint8_t>(length);
  if (length > 0) std::memcpy(rdata.data() + 1, text.data(), length);
  if (b.add_rr(wire::Section::kAnswer, q.name.view(), rrtype::TXT, wire::rrclass::CH, 0,
               {rdata.data(), length + 1}) != wire::BuildError::kOk)
    result.truncated = true;
  return result;
}

}  // namespace zoned::server
