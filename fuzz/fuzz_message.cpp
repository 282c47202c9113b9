// libFuzzer target for the message parser, RecordIterator and MessageBuilder.
//
// Every accepted message is rebuilt with MessageBuilder (OPT through add_opt, TSIG through
// add_tsig, RRsets under a mark) and parsed again: the second parse must succeed and yield
// the same records (names compared case-insensitively, since compression keeps the case
// written first). It is rebuilt once more into a smaller message, where RRsets that do not
// fit are rolled back: that message must parse too and hold a prefix of the records. Any
// disagreement traps, so the fuzzer checks both directions at once.
//
// message_parser_test includes this file and replays fuzz/corpus/message/ through it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"

namespace {

using namespace zoned::wire;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool same_octets_nocase(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

bool same_rrset(const Record& a, const Record& b) {
  return a.section == b.section && a.type == b.type && a.cls == b.cls && equal(a.owner, b.owner);
}

// The OPT record as add_opt would write it, when it can (no Z bits, few options).
struct OptCopy {
  std::array<EdnsOption, 16> options;
  OptRecord opt;
  bool usable = false;
};

void copy_opt(const Edns& e, OptCopy& out) {
  out.usable = false;
  if ((e.flags & ~kEdnsFlagDo) != 0) return;
  out.opt = {e.udp_size, e.extended_rcode, e.version, e.dnssec_ok(), {}};
  EdnsOptionIterator it(e.options);
  EdnsOptionView o;
  std::size_t n = 0;
  for (; it.next(o); ++n) {
    if (n == out.options.size()) return;
    out.options[n] = {o.code, o.data};
    if (o.code == edns_option::EDE && o.data.size() >= 2)  // exercise the INFO-CODE path
      out.options[n] = {o.code, o.data.subspan(2), true, load_u16(o.data.data())};
  }
  out.opt.options = {out.options.data(), n};
  out.usable = true;
}

BuildError add_record(MessageBuilder& b, const Record& rr, const OptCopy& opt) {
  if (rr.type == rrtype::OPT && opt.usable) return b.add_opt(opt.opt);
  if (rr.type == rrtype::TSIG) {
    b.release(rr.owner.size() + 10 + rr.rdata.size());  // what rebuild() reserved
    if (rr.ttl == 0) return b.add_tsig(rr.owner, rr.rdata);
  }
  return b.add_rr(rr.section, rr.owner, rr.type, rr.cls, rr.ttl, rr.rdata);
}

constexpr long kBuildFailed = -1;  // the builder refused something it should take
constexpr long kNotValid = -2;     // SIG/NXT RDATA that only RecordIterator validates

// Adds the records of `msg` to `b`, RRset by RRset; an RRset that does not fit is rolled
// back and ends the rebuild. Returns the number of records added.
long rebuild(std::span<const std::uint8_t> msg, const MessageInfo& info, MessageBuilder& b) {
  static std::uint8_t rdata_buf[kMaxRdataLength];
  static OptCopy opt;
  b.header() = info.header;
  if (info.has_edns) copy_opt(info.edns, opt);
  if (info.has_tsig) {
    const TsigRecord& t = info.tsig;
    std::size_t rdata = t.algorithm.size() + 16 + t.mac.size() + t.other_data.size();
    if (!b.reserve(t.key_name.size() + 10 + rdata)) return 0;
  }
  if (info.has_question &&
      b.add_question(info.question.name, info.question.type, info.question.cls) != BuildError::kOk)
    return 0;
  RecordIterator it(msg, info, rdata_buf);
  Record rr;
  Record first;
  MessageBuilder::Mark mark = b.mark();
  long added = 0;
  long in_rrset = 0;
  while (it.next(rr)) {
    if (in_rrset == 0 || !same_rrset(rr, first)) {
      mark = b.mark();
      first = rr;
      in_rrset = 0;
    }
    BuildError e = add_record(b, rr, opt);
    if (e == BuildError::kNoSpace) {
      b.rollback(mark);
      return added - in_rrset;
    }
    if (e != BuildError::kOk) return kBuildFailed;
    ++added;
    ++in_rrset;
  }
  if (it.error() == ParseError::kBadRdata) return kNotValid;
  check(it.error() == ParseError::kOk);
  return added;
}

// The first `count` records of `a` and all records of `b` must be the same.
void compare_records(std::span<const std::uint8_t> a, const MessageInfo& ia,
                     std::span<const std::uint8_t> b, const MessageInfo& ib, long count) {
  static std::uint8_t buf_a[kMaxRdataLength];
  static std::uint8_t buf_b[kMaxRdataLength];
  RecordIterator ita(a, ia, buf_a);
  RecordIterator itb(b, ib, buf_b);
  Record ra;
  Record rb;
  for (long i = 0; i < count; ++i) {
    check(ita.next(ra) && itb.next(rb));
    check(same_rrset(ra, rb) && ra.ttl == rb.ttl);
    check(same_octets_nocase(ra.rdata, rb.rdata));
  }
  check(!itb.next(rb) && itb.error() == ParseError::kOk);
}

// `complete`: every record was added, so nothing may be missing.
void check_rebuilt(std::span<const std::uint8_t> msg, const MessageInfo& info, MessageBuilder& b,
                   long added, bool complete) {
  std::span<const std::uint8_t> built = b.finish();
  check(built.size() <= b.max_size());
  MessageInfo again;
  check(parse_message(built, again) == ParseError::kOk);
  check(again.header.flags == info.header.flags && again.header.id == info.header.id);
  if (complete) {
    check(again.has_question == info.has_question && again.has_edns == info.has_edns &&
          again.has_tsig == info.has_tsig);
  }
  if (again.has_question) check(equal(again.question.name, info.question.name));
  if (again.has_edns) check(again.edns.udp_size == info.edns.udp_size);
  compare_records(msg, info, built, again, added);
}

void round_trips(std::span<const std::uint8_t> msg, const MessageInfo& info) {
  // Only the first question is kept by the parser, so only such messages can be rebuilt.
  if (info.header.qdcount > 1) return;
  static std::uint8_t out[kMaxMessageSize];
  std::size_t total = std::size_t{info.header.ancount} + info.header.nscount + info.header.arcount;
  MessageBuilder full(out, kMaxMessageSize);
  long added = rebuild(msg, info, full);
  check(added != kBuildFailed);
  if (added == kNotValid) return;
  if (static_cast<std::size_t>(added) == total) check_rebuilt(msg, info, full, added, true);
  // Again, with room for about three quarters of the original.
  MessageBuilder part(out, kHeaderSize + msg.size() * 3 / 4);
  added = rebuild(msg, info, part);
  check(added >= 0);
  check_rebuilt(msg, info, part, added, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> msg(data, size);
  MessageInfo info;
  ParseError e = parse_message(msg, info);
  check(to_string(e) != nullptr);
  if (e != ParseError::kOk) return 0;
  round_trips(msg, info);
  return 0;
}
