#pragma once
/// DNS messages (RFC 1035 §4.1) as views: header, question and resource-record iteration,
/// name decoding with compression pointers into caller buffers, DNS-over-TCP framing
/// (RFC 1035 §4.2.2, RFC 7766) and a message builder for queries and answers.
/// Nothing here allocates.

#include <pktscope/core/address.hpp>
#include <pktscope/core/bytes.hpp>
#include <pktscope/core/endian.hpp>
#include <pktscope/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pktscope::dns {

namespace fields { // RFC 1035 §4.1.1
inline constexpr std::size_t id = 0, flags = 2, qdcount = 4, ancount = 6, nscount = 8, arcount = 10;
}
inline constexpr std::size_t header_len = 12;
inline constexpr std::uint16_t port = 53;

/// RFC 1035 §2.3.4: a label holds at most 63 octets, a name at most 255 octets on the wire
/// (length octets and the final root octet included, compression pointers not).
inline constexpr std::size_t max_label_len = 63;
inline constexpr std::size_t max_name_len = 255;
/// Upper bound of the text form of any name (every octet escaped as "\ooo", dots between):
/// a buffer of this size always receives the whole text.
inline constexpr std::size_t max_name_text = 1024;
/// A legitimate 255-octet name has at most 127 labels, so it never needs more jumps.
inline constexpr std::size_t max_pointer_jumps = 127;
/// The top two bits of a length octet that make it (and the next octet) a compression
/// pointer, RFC 1035 §4.1.4.
inline constexpr std::uint8_t pointer_bits = 0xc0;

/// RFC 1035 §4.1.1, RFC 6895 §2 (registry "DNS OpCodes").
enum class opcode : std::uint8_t {
  query = 0,
  iquery = 1,
  status = 2,
  notify = 4,
  update = 5,
  dso = 6
};
/// RFC 6895 §2.3 ("DNS RCODEs"); values above 15 need EDNS (RFC 6891).
enum class rcode : std::uint16_t {
  noerror = 0,
  formerr = 1,
  servfail = 2,
  nxdomain = 3,
  notimp = 4,
  refused = 5,
  yxdomain = 6,
  yxrrset = 7,
  nxrrset = 8,
  notauth = 9,
  notzone = 10,
  dsotypeni = 11,
  badvers = 16,
  badkey = 17,
  badtime = 18,
  badmode = 19,
  badname = 20,
  badalg = 21,
  badtrunc = 22,
  badcookie = 23,
};
/// TYPE and QTYPE values (IANA "Resource Record (RR) TYPEs"); unlisted values stay valid.
enum class qtype : std::uint16_t {
  a = 1,
  ns = 2,
  cname = 5,
  soa = 6,
  null_ = 10,
  wks = 11,
  ptr = 12,
  hinfo = 13,
  mx = 15,
  txt = 16,
  rp = 17,
  afsdb = 18,
  sig = 24,
  key = 25,
  aaaa = 28,
  loc = 29,
  srv = 33,
  naptr = 35,
  kx = 36,
  cert = 37,
  dname = 39,
  opt = 41,
  apl = 42,
  ds = 43,
  sshfp = 44,
  ipseckey = 45,
  rrsig = 46,
  nsec = 47,
  dnskey = 48,
  dhcid = 49,
  nsec3 = 50,
  nsec3param = 51,
  tlsa = 52,
  smimea = 53,
  hip = 55,
  cds = 59,
  cdnskey = 60,
  openpgpkey = 61,
  csync = 62,
  zonemd = 63,
  svcb = 64,
  https = 65,
  spf = 99,
  tkey = 249,
  tsig = 250,
  ixfr = 251,
  axfr = 252,
  mailb = 253,
  maila = 254,
  any = 255,
  uri = 256,
  caa = 257,
};
/// CLASS values (RFC 1035 §3.2.4, RFC 2136). mDNS (RFC 6762 §5.4, §10.2) uses the top bit
/// of the class for the unicast-response / cache-flush flag: see class_mask.
enum class qclass : std::uint16_t { in = 1, cs = 2, ch = 3, hs = 4, none = 254, any = 255 };
inline constexpr std::uint16_t class_mask = 0x7fff;

/// "Query", "IQuery", "Status", "Notify", "Update", "DSO"; "Unknown" when unlisted.
std::string_view describe(opcode v) noexcept;
/// "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", ... (RFC 6895 names).
std::string_view describe(rcode v) noexcept;
/// "A", "AAAA", "CNAME", ... (IANA mnemonics); "Unknown" when unlisted.
std::string_view describe(qtype v) noexcept;
/// "IN", "CH", "HS", ...; the mDNS top bit is ignored.
std::string_view describe(qclass v) noexcept;

/// Bits of the flags word (RFC 1035 §4.1.1; AD and CD from RFC 4035 §3.2).
namespace flag {
inline constexpr std::uint16_t qr = 0x8000, aa = 0x0400, tc = 0x0200, rd = 0x0100, ra = 0x0080,
                               z = 0x0040, ad = 0x0020, cd = 0x0010;
inline constexpr std::uint16_t opcode_mask = 0x7800, rcode_mask = 0x000f;
inline constexpr int opcode_shift = 11;
} // namespace flag

/// The flags word field by field, for building ({.qr = true, .rd = true}.to_u16()).
struct flag_set {
  bool qr = false;
  dns::opcode opcode = opcode::query;
  bool aa = false, tc = false, rd = false, ra = false, z = false, ad = false, cd = false;
  dns::rcode rcode = rcode::noerror; ///< only the low 4 bits fit the header

  [[nodiscard]] constexpr std::uint16_t to_u16() const noexcept {
    std::uint32_t v =
        (static_cast<std::uint32_t>(opcode) << flag::opcode_shift) & flag::opcode_mask;
    v |= static_cast<std::uint32_t>(rcode) & flag::rcode_mask;
    v |= (qr ? flag::qr : 0U) | (aa ? flag::aa : 0U) | (tc ? flag::tc : 0U) | (rd ? flag::rd : 0U) |
         (ra ? flag::ra : 0U) | (z ? flag::z : 0U) | (ad ? flag::ad : 0U) | (cd ? flag::cd : 0U);
    return static_cast<std::uint16_t>(v);
  }
  [[nodiscard]] static constexpr flag_set from_u16(std::uint16_t f) noexcept {
    flag_set s;
    s.qr = (f & flag::qr) != 0;
    s.opcode = static_cast<dns::opcode>((f & flag::opcode_mask) >> flag::opcode_shift);
    s.aa = (f & flag::aa) != 0;
    s.tc = (f & flag::tc) != 0;
    s.rd = (f & flag::rd) != 0;
    s.ra = (f & flag::ra) != 0;
    s.z = (f & flag::z) != 0;
    s.ad = (f & flag::ad) != 0;
    s.cd = (f & flag::cd) != 0;
    s.rcode = static_cast<dns::rcode>(f & flag::rcode_mask);
    return s;
  }
  friend constexpr bool operator==(const flag_set&, const flag_set&) = default;
};

/// Plain value of the 12-byte header. write_to() writes exactly these values.
struct header {
  std::uint16_t id = 0, flags = 0, qdcount = 0, ancount = 0, nscount = 0, arcount = 0;

  [[nodiscard]] std::size_t size() const noexcept { return header_len; }
  /// Precondition: out.size() >= size().
  void write_to(mut_bytes out) const noexcept {
    store_be16(out, fields::id, id);
    store_be16(out, fields::flags, flags);
    store_be16(out, fields::qdcount, qdcount);
    store_be16(out, fields::ancount, ancount);
    store_be16(out, fields::nscount, nscount);
    store_be16(out, fields::arcount, arcount);
  }
  friend bool operator==(const header&, const header&) = default;
};

/// What read_name() found. `end_offset` is where the field after the name starts (after the
/// first compression pointer, if any); `wire_len` is the RFC 1035 length of the expanded name
/// (1 for the root); `text_len` is the length of the text in `out`: when out_cap is too small,
/// what fits, less a UTF-8 sequence the end would cut (the text stays valid UTF-8).
struct name_info {
  std::size_t end_offset = 0;
  std::size_t wire_len = 0;
  std::size_t text_len = 0;
  std::uint8_t labels = 0;
  std::uint8_t jumps = 0;
  bool text_complete = true; ///< false when out_cap was too small (the text is cut)

  [[nodiscard]] bool is_root() const noexcept { return labels == 0; }
};

/// Decodes the (possibly compressed) name starting at `msg[offset]`; `msg` is the whole DNS
/// message, because pointers are offsets from its start. Writes the text form as tshark
/// prints dns.qry.name to out[0, out_cap) (no NUL): labels joined by '.', the root as
/// "<Root>"; octets 0x20-0x7e as they are ('.' and '\' inside labels included); \a \b \t
/// \n \v \f \r for those controls and "\ooo" (octal) for other controls and 0x7f; UTF-8
/// sequences printable as they are, non-printable code points as "\uXXXX", invalid
/// sequences as U+FFFD; a bitstring label (extended label type 0x41, RFC 2673) as
/// "\[x<octets in hex>/<bit count>]" (a count of 0 is 256 bits, as the RFC says; tshark
/// reads one octet). `out` may be null when out_cap is 0 (validation only).
/// Pointers may point anywhere in msg, forwards too (RFC 1035 §4.1.4 foresees only earlier
/// occurrences; tshark follows any): a pointer to a target the walk followed before would
/// repeat forever and is refused, as is a walk of more than max_pointer_jumps pointers.
/// Errors: truncated(dns, off, ...) when the name runs past msg; malformed(dns, off) for
/// label type 10 or an extended label other than a bitstring label, a pointer loop, or an
/// expanded length over max_name_len; `off` is the offending octet. check_name() tells these
/// faults apart.
[[nodiscard]] result<name_info> read_name(bytes msg, std::size_t offset, char* out,
                                          std::size_t out_cap) noexcept;

/// Why read_name() refuses a name: the first fault met walking it.
enum class name_fault : std::uint8_t {
  none,
  truncated,      ///< runs past the message
  too_long,       ///< expands to more than max_name_len octets (RFC 1035 §3.1)
  pointer_loop,   ///< a pointer leads back to a target already followed, or too many pointers
  extended_label, ///< label type 01 (RFC 6891 §5) but a bitstring label: length not known
  reserved_label, ///< label type 10, reserved (RFC 1035 §4.1.4)
};

/// A name's fault and where the field after it starts (as name_info::end_offset), which is
/// known for a valid name and for the faults that leave the octets in place intact:
/// too_long (the walk goes on in place without text to the name's end or first pointer; a
/// fault met there wins; pointers are not followed), pointer_loop (a loop needs a pointer, and the
/// first one ends the name in place); and, as tshark reads it, for an extended label met in place:
/// just after its label-type octet (its real length is unknown, so what follows is a guess).
struct name_check {
  name_fault fault = name_fault::none;
  std::size_t end_offset = 0; ///< 0 when unknown (no name ends at offset 0)
};
/// Walks the name at msg[offset] as read_name() does, without text; no errors.
[[nodiscard]] name_check check_name(bytes msg, std::size_t offset) noexcept;
/// The text tshark shows in place of a name with this fault: "<Name too long>", "<Name
/// contains a pointer that loops>", "<Unknown extended label>". Empty for none, truncated and
/// reserved_label (tshark's dissector stops there and shows no name).
[[nodiscard]] std::string_view placeholder(name_fault f) noexcept;

/// Appends the tshark text form of one label's octets to out (used by read_name; exposed for
/// other names that tshark escapes the same way). Returns the length the text needs;
/// writes only what fits in out_cap.
std::size_t format_label(bytes label, char* out, std::size_t out_cap) noexcept;

/// Octets of a name written from text without compression: labels separated by '.', an
/// optional final '.', "" or "." for the root; "\X" stands for X and "\DDD" for the octet
/// with decimal value DDD (RFC 1035 §5.1). Errors: malformed(dns, i) where i indexes `text`,
/// for an empty label, a label over 63 octets, a name over 255 octets or a bad escape.
[[nodiscard]] result<std::size_t> encoded_name_len(std::string_view text) noexcept;
/// Writes `text` (syntax as encoded_name_len) uncompressed to `out`; returns the octets
/// written. Errors: those of encoded_name_len; truncated(dns, 0, needed, out.size()).
[[nodiscard]] result<std::size_t> write_name(std::string_view text, mut_bytes out) noexcept;

enum class section : std::uint8_t { question, answer, authority, additional, end };
std::string_view describe(section s) noexcept;

/// One question entry (RFC 1035 §4.1.2). Decode its name with
/// read_name(msg, name_offset, ...) when name_fault is none.
struct question {
  std::size_t name_offset = 0;
  std::size_t end_offset = 0; ///< offset just after QCLASS
  /// none, or a fault after which the name's end, so QTYPE and QCLASS, are still known
  /// (name_check): too_long, pointer_loop, or extended_label met in place.
  dns::name_fault name_fault = name_fault::none;
  dns::qtype type{};
  std::uint16_t qclass = 0; ///< raw; & class_mask for the class, top bit = mDNS QU

  [[nodiscard]] dns::qclass klass() const noexcept {
    return static_cast<dns::qclass>(qclass & class_mask);
  }
};

/// Preference and exchange name of an MX record (RFC 1035 §3.3.9).
struct mx_data {
  std::uint16_t preference = 0;
  name_info exchange;
};

/// Walks the <character-string>s of TXT RDATA (RFC 1035 §3.3.14): each is a length octet
/// and that many octets.
class txt_reader {
public:
  explicit txt_reader(bytes rdata) noexcept : rdata_(rdata) {}
  [[nodiscard]] bool at_end() const noexcept { return off_ >= rdata_.size(); }
  /// Next string (a view into the message). Precondition: !at_end(). Errors:
  /// malformed(dns, off) when its length runs past the RDATA (off relative to the RDATA).
  [[nodiscard]] result<std::string_view> next() noexcept;

private:
  bytes rdata_;
  std::size_t off_ = 0;
};

/// One resource record (RFC 1035 §4.1.3). Holds a view of the whole message so that names in
/// its RDATA can follow compression pointers; valid while the message bytes live.
struct resource_record {
  bytes msg;
  dns::section section = section::answer;
  std::size_t name_offset = 0;
  dns::qtype type{};
  std::uint16_t rclass = 0; ///< raw; & class_mask for the class, top bit = mDNS cache flush
  std::uint32_t ttl = 0;
  std::size_t rdata_offset = 0; ///< from the start of the message
  bytes rdata;                  ///< exactly RDLENGTH octets (the cursor checked they exist)
  std::size_t end_offset = 0;

  [[nodiscard]] dns::qclass klass() const noexcept {
    return static_cast<dns::qclass>(rclass & class_mask);
  }

  /// Address of an A record. Errors: malformed(dns, rdata_offset) unless RDLENGTH is 4.
  [[nodiscard]] result<ipv4_address> a() const noexcept;
  /// Address of an AAAA record (RFC 3596). Errors: malformed unless RDLENGTH is 16.
  [[nodiscard]] result<ipv6_address> aaaa() const noexcept;
  /// The domain name that is the whole RDATA of CNAME, NS, PTR and DNAME records, decoded as
  /// read_name() does. Errors: read_name's; malformed(dns, rdata_offset) when the name's
  /// in-place octets do not end exactly at the end of the RDATA.
  [[nodiscard]] result<name_info> target(char* out, std::size_t out_cap) const noexcept;
  /// MX preference and exchange. Errors as target().
  [[nodiscard]] result<mx_data> mx(char* out, std::size_t out_cap) const noexcept;
  /// TXT strings.
  [[nodiscard]] txt_reader txt() const noexcept { return txt_reader(rdata); }
};

/// Read-only view of a DNS message.
class view {
public:
  /// Errors: truncated(dns, 0, 12, size) when b is shorter than the header. Sections are
  /// checked lazily by record_cursor, so a message cut by snaplen still yields its header.
  [[nodiscard]] static result<view> parse(bytes b) noexcept;

  // In bounds: parse() checked b_.size() >= header_len.
  [[nodiscard]] std::uint16_t id() const noexcept { return load_be16(b_, fields::id); }
  [[nodiscard]] std::uint16_t flags() const noexcept { return load_be16(b_, fields::flags); }
  [[nodiscard]] flag_set flag_fields() const noexcept { return flag_set::from_u16(flags()); }
  [[nodiscard]] bool qr() const noexcept { return (flags() & flag::qr) != 0; }
  [[nodiscard]] dns::opcode opcode() const noexcept {
    return static_cast<dns::opcode>((flags() & flag::opcode_mask) >> flag::opcode_shift);
  }
  [[nodiscard]] bool aa() const noexcept { return (flags() & flag::aa) != 0; }
  [[nodiscard]] bool tc() const noexcept { return (flags() & flag::tc) != 0; }
  [[nodiscard]] bool rd() const noexcept { return (flags() & flag::rd) != 0; }
  [[nodiscard]] bool ra() const noexcept { return (flags() & flag::ra) != 0; }
  [[nodiscard]] bool z() const noexcept { return (flags() & flag::z) != 0; }
  [[nodiscard]] bool ad() const noexcept { return (flags() & flag::ad) != 0; }
  [[nodiscard]] bool cd() const noexcept { return (flags() & flag::cd) != 0; }
  [[nodiscard]] dns::rcode rcode() const noexcept {
    return static_cast<dns::rcode>(flags() & flag::rcode_mask);
  }
  [[nodiscard]] std::uint16_t qdcount() const noexcept { return load_be16(b_, fields::qdcount); }
  [[nodiscard]] std::uint16_t ancount() const noexcept { return load_be16(b_, fields::ancount); }
  [[nodiscard]] std::uint16_t nscount() const noexcept { return load_be16(b_, fields::nscount); }
  [[nodiscard]] std::uint16_t arcount() const noexcept { return load_be16(b_, fields::arcount); }

  /// The whole message (header included): names are decoded against it.
  [[nodiscard]] bytes message() const noexcept { return b_; }
  [[nodiscard]] bytes header_bytes() const noexcept { return b_.first(header_len); }
  [[nodiscard]] std::size_t captured_len() const noexcept { return b_.size(); }
  [[nodiscard]] header to_header() const noexcept {
    return {id(), flags(), qdcount(), ancount(), nscount(), arcount()};
  }

private:
  explicit view(bytes b) noexcept : b_(b) {}
  bytes b_;
};

/// Walks questions, then answer, authority and additional records, in wire order, checking
/// each entry's bounds as it goes. After an error the cursor is at its end.
///   dns::record_cursor c(v);
///   while (c.next_section() == dns::section::question) { auto q = c.next_question(); ... }
///   while (!c.at_end()) { auto rr = c.next_record(); ... }
class record_cursor {
public:
  explicit record_cursor(const view& v) noexcept;
  /// Section of the next entry; section::end when all counted entries were read.
  [[nodiscard]] dns::section next_section() const noexcept;
  [[nodiscard]] bool at_end() const noexcept { return next_section() == section::end; }
  /// Offset of the next entry (after the last one read: where trailing bytes start).
  [[nodiscard]] std::size_t offset() const noexcept { return off_; }
  /// Precondition: next_section() == section::question. A question whose name is too long,
  /// loops or starts an extended label in place is still returned, with question::name_fault
  /// set, as tshark reads its type and class after it. Errors: read_name's for the other faults
  /// (the name is validated, not formatted); truncated when QTYPE/QCLASS are cut.
  [[nodiscard]] result<question> next_question() noexcept;
  /// Precondition: next_section() is answer, authority or additional. Errors: read_name's;
  /// truncated when the fixed fields or the RDATA are cut.
  [[nodiscard]] result<resource_record> next_record() noexcept;

private:
  bytes msg_;
  std::size_t off_ = header_len;
  std::uint32_t left_[4] = {};
  void stop() noexcept;
};

/// Heuristic for DNS on a port not assigned to it (UDP payloads no port claims): a standard
/// query or response whose section counts look like a real message. The rule is the one
/// Wireshark's DNS heuristic applies (found by probing its output with crafted headers), so
/// both tools take the same payloads for DNS: more than the 12-octet header, opcode QUERY,
/// a query asks exactly one question with no answer or authority records, a response has at
/// most one question, 100 answers and 10 authority records, and either has at most 10
/// additional records. An empty message of counts 0 is a response that passes (as there).
[[nodiscard]] bool looks_like_message(bytes payload) noexcept;

/// DNS over TCP (RFC 1035 §4.2.2, RFC 7766 §8): each message is preceded by its length as
/// two octets. `message` is clipped to the captured bytes; complete() tells whether it is whole.
struct tcp_message {
  bytes message;
  std::size_t declared_len = 0;
  [[nodiscard]] bool complete() const noexcept { return message.size() == declared_len; }
  /// Octets the prefixed message occupies in the stream (2 + declared_len).
  [[nodiscard]] std::size_t framed_len() const noexcept { return 2 + declared_len; }
};
/// Errors: truncated(dns, 0, 2, size) when the stream holds less than the length prefix.
[[nodiscard]] result<tcp_message> parse_tcp_message(bytes stream) noexcept;
/// Writes the 2-octet prefix. Precondition: out.size() >= 2.
inline void write_tcp_length(mut_bytes out, std::uint16_t message_len) noexcept {
  store_be16(out, 0, message_len);
}

enum class compression : std::uint8_t { off, on };

/// Writes a DNS message into a caller buffer: header, then questions, then records in
/// section order. The header counts are updated by every add, so message() is always a
/// well-formed message. A failed add leaves the message as it was. With compression::on a
/// name reuses (by pointer, RFC 1035 §4.1.4) the longest suffix already written, matching
/// octets exactly (case preserved), among the first names' labels that fit its table.
class message_builder {
public:
  /// Starts the message with the given id and flags word (see flag_set). If out is shorter
  /// than the header, every add fails with truncated and message() is empty.
  message_builder(mut_bytes out, std::uint16_t id, std::uint16_t flags,
                  compression c = compression::on) noexcept;

  /// Errors (all adds): truncated(dns, size(), needed, capacity) when out is too small;
  /// malformed(dns, i) for a bad name text (see encoded_name_len); unsupported(dns) when
  /// the section order would go backwards or a count would pass 65535.
  [[nodiscard]] result<void> add_question(std::string_view name, qtype type,
                                          std::uint16_t qclass = 1) noexcept;
  /// A record with RDATA given as octets (no compression inside).
  [[nodiscard]] result<void> add_record(section s, std::string_view name, qtype type,
                                        std::uint32_t ttl, bytes rdata,
                                        std::uint16_t rclass = 1) noexcept;
  [[nodiscard]] result<void> add_a(std::string_view name, std::uint32_t ttl, ipv4_address addr,
                                   section s = section::answer) noexcept;
  [[nodiscard]] result<void> add_aaaa(std::string_view name, std::uint32_t ttl, ipv6_address addr,
                                      section s = section::answer) noexcept;
  /// CNAME, NS, PTR or DNAME: RDATA is `target` (compressed like any other name).
  [[nodiscard]] result<void> add_name_record(std::string_view name, qtype type, std::uint32_t ttl,
                                             std::string_view target,
                                             section s = section::answer) noexcept;
  [[nodiscard]] result<void> add_cname(std::string_view name, std::uint32_t ttl,
                                       std::string_view target,
                                       section s = section::answer) noexcept {
    return add_name_record(name, qtype::cname, ttl, target, s);
  }
  [[nodiscard]] result<void> add_mx(std::string_view name, std::uint32_t ttl,
                                    std::uint16_t preference, std::string_view exchange,
                                    section s = section::answer) noexcept;
  /// TXT with `text` split into <character-string>s of at most 255 octets (one empty string
  /// when text is empty).
  [[nodiscard]] result<void> add_txt(std::string_view name, std::uint32_t ttl,
                                     std::string_view text, section s = section::answer) noexcept;

  [[nodiscard]] std::size_t size() const noexcept { return pos_; }
  /// The message written so far.
  [[nodiscard]] bytes message() const noexcept { return bytes(out_.data(), pos_); }

private:
  struct mark {
    std::size_t pos;
    std::size_t table_len;
  };
  [[nodiscard]] result<void> begin(section s) noexcept;
  [[nodiscard]] result<void> put_name(std::string_view text) noexcept;
  [[nodiscard]] result<void> put_bytes(bytes b) noexcept;
  [[nodiscard]] result<void> put_u16(std::uint16_t v) noexcept;
  [[nodiscard]] result<void> put_u32(std::uint32_t v) noexcept;
  [[nodiscard]] result<void> put_record_head(section s, std::string_view name, qtype type,
                                             std::uint16_t rclass, std::uint32_t ttl) noexcept;
  [[nodiscard]] result<void> finish_record(std::size_t rdlen_pos) noexcept;
  /// A whole resource record: its head, then `put_rdata()` (returning result<void>), then its
  /// length; on failure the message is rolled back to before the record.
  template <class Body>
  [[nodiscard]] result<void> put_record(section s, std::string_view name, qtype type,
                                        std::uint16_t rclass, std::uint32_t ttl,
                                        Body&& put_rdata) noexcept;
  void rollback(mark m) noexcept;
  void bump(section s) noexcept;
  [[nodiscard]] bool match_suffix(const std::uint8_t* labels, std::size_t len,
                                  std::size_t at) const noexcept;

  static constexpr std::size_t table_cap = 64;
  mut_bytes out_;
  std::size_t pos_ = 0;
  section section_ = section::question;
  compression compression_;
  std::uint16_t table_[table_cap] = {};
  std::size_t table_len_ = 0;
};

} // namespace pktscope::dns
