// Readers over files, pipes and compressed data: the same packets whichever
// way the bytes arrive, and refills that never invalidate the current packet.
#include "reader_fixtures.hpp"

#include <pktscope/io/capture_reader.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

namespace pktscope::test {
namespace {

/// A pcap with records of many sizes, some larger than a small refill block.
byte_vec varied_pcap(bool be) {
  byte_vec file = pcap_header(be, false, 65535);
  for (std::uint32_t i = 0; i < 300; ++i) {
    const std::size_t n = (i * 997U) % 6001U;
    const byte_vec r = pcap_record(be, i, i, payload(n, static_cast<std::uint8_t>(i)),
                                   static_cast<std::uint32_t>(n));
    file.insert(file.end(), r.begin(), r.end());
  }
  return file;
}

byte_vec varied_pcapng() {
  byte_vec file = concat({shb(true), idb(true, 1, 0)});
  for (std::uint32_t i = 0; i < 300; ++i) {
    const std::size_t n = (i * 991U) % 7001U;
    const byte_vec b =
        epb(true, 0, i, payload(n, static_cast<std::uint8_t>(i)), static_cast<std::uint32_t>(n));
    file.insert(file.end(), b.begin(), b.end());
  }
  return file;
}

byte_vec gzip(const byte_vec& in) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  byte_vec out(deflateBound(&z, static_cast<uLong>(in.size())) + 64);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

byte_vec zstd(const byte_vec& in) {
  byte_vec out(ZSTD_compressBound(in.size()));
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  EXPECT_EQ(ZSTD_isError(n), 0U);
  out.resize(n);
  return out;
}

class temp_file {
public:
  explicit temp_file(const byte_vec& content) {
    char name[] = "/tmp/pktscope_reader_XXXXXX";
    const int fd = ::mkstemp(name);
    EXPECT_GE(fd, 0);
    path_ = name;
    EXPECT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::close(fd);
  }
  ~temp_file() { std::remove(path_.c_str()); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  [[nodiscard]] const std::string& path() const { return path_; }

private:
  std::string path_;
};

void expect_same(const std::vector<read_packet>& a, const std::vector<read_packet>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].ts, b[i].ts) << i;
    EXPECT_EQ(a[i].data, b[i].data) << i;
    EXPECT_EQ(a[i].file_offset, b[i].file_offset) << i;
  }
}

std::vector<read_packet> read_memory(const byte_vec& file) {
  auto r = capture_reader::from_memory(file);
  EXPECT_TRUE(r);
  if (!r) {
    return {};
  }
  auto pkts = read_all(*r);
  EXPECT_FALSE(r->failure());
  return pkts;
}

TEST(stream_reader, files_mapped_and_read_in_small_blocks) {
  for (const byte_vec& file : {varied_pcap(false), varied_pcap(true), varied_pcapng()}) {
    const auto expected = read_memory(file);
    ASSERT_EQ(expected.size(), 300U);
    const temp_file tmp(file);
    for (const bool mmap : {true, false}) {
      reader_options opts;
      opts.use_mmap = mmap;
      opts.block_bytes = 4096; // smaller than many records: forces growth
      auto r = capture_reader::open(tmp.path(), opts);
      ASSERT_TRUE(r);
      expect_same(read_all(*r), expected);
      EXPECT_FALSE(r->failure());
      EXPECT_EQ(r->offset(), file.size());
    }
  }
}

TEST(stream_reader, read_ahead_hands_out_the_same_packets) {
  for (const byte_vec& file : {varied_pcap(false), varied_pcap(true), varied_pcapng()}) {
    const auto expected = read_memory(file);
    ASSERT_EQ(expected.size(), 300U);
    // 4096: many records span blocks and some exceed headroom plus block (gathered);
    // 65536: most refills carry a tail into the next block's headroom.
    for (const std::size_t block : {4096U, 65536U}) {
      for (const byte_vec& stored : {file, zstd(file)}) {
        const temp_file tmp(stored);
        reader_options opts;
        opts.block_bytes = static_cast<std::uint32_t>(block);
        opts.read_ahead = true;
        auto r = capture_reader::open(tmp.path(), opts);
        ASSERT_TRUE(r);
        expect_same(read_all(*r), expected);
        EXPECT_FALSE(r->failure());
        EXPECT_EQ(r->offset(), file.size());
      }
    }
  }
}

TEST(stream_reader, read_ahead_reports_a_truncated_last_record) {
  byte_vec file = varied_pcap(false);
  const auto expected = read_memory(file);
  file.resize(file.size() - 3);
  const temp_file tmp(file);
  reader_options opts;
  opts.block_bytes = 4096;
  opts.read_ahead = true;
  auto r = capture_reader::open(tmp.path(), opts);
  ASSERT_TRUE(r);
  const auto got = read_all(*r);
  ASSERT_EQ(got.size(), expected.size() - 1);
  ASSERT_TRUE(r->failure());
  EXPECT_EQ(r->failure()->err.code, errc::truncated);
}

TEST(stream_reader, read_ahead_reader_closed_early) {
  const temp_file tmp(varied_pcapng());
  reader_options opts;
  opts.block_bytes = 4096;
  opts.read_ahead = true;
  auto r = capture_reader::open(tmp.path(), opts);
  ASSERT_TRUE(r);
  ASSERT_NE(r->next(), nullptr); // the destructor stops the thread with blocks in flight
}

TEST(stream_reader, pipe_through_a_descriptor_path) {
  const byte_vec file = varied_pcapng();
  const auto expected = read_memory(file);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    // Small writes so the reader sees partial records.
    for (std::size_t off = 0; off < file.size(); off += 1000) {
      const std::size_t n = std::min<std::size_t>(1000, file.size() - off);
      if (::write(fds[1], file.data() + off, n) != static_cast<ssize_t>(n)) {
        break;
      }
    }
    ::close(fds[1]);
  });
  reader_options opts;
  opts.block_bytes = 4096;
  auto r = capture_reader::open("/dev/fd/" + std::to_string(fds[0]), opts);
  ASSERT_TRUE(r);
  const auto got = read_all(*r);
  writer.join();
  ::close(fds[0]);
  expect_same(got, expected);
  EXPECT_FALSE(r->failure());
}

TEST(stream_reader, gzip_and_zstd_are_detected_by_magic) {
  for (const byte_vec& file : {varied_pcap(false), varied_pcapng()}) {
    const auto expected = read_memory(file);
    const byte_vec gz = gzip(file);
    const byte_vec zs = zstd(file);
    auto rg = capture_reader::from_memory(gz);
    ASSERT_TRUE(rg);
    EXPECT_EQ(rg->info().compressed, compression::gzip);
    expect_same(read_all(*rg), expected);
    EXPECT_FALSE(rg->failure());
    auto rz = capture_reader::from_memory(zs);
    ASSERT_TRUE(rz);
    EXPECT_EQ(rz->info().compressed, compression::zstd);
    expect_same(read_all(*rz), expected);
    EXPECT_FALSE(rz->failure());

    const temp_file tmp(zs); // and from a file
    auto rf = capture_reader::open(tmp.path());
    ASSERT_TRUE(rf);
    expect_same(read_all(*rf), expected);
  }
}

TEST(stream_reader, concatenated_gzip_members_are_one_stream) {
  const byte_vec file = varied_pcap(false);
  const std::size_t cut = 24 + 16 + 0 + 16 + 997; // after the second record
  const byte_vec first(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut));
  const byte_vec rest(file.begin() + static_cast<std::ptrdiff_t>(cut), file.end());
  const byte_vec r_bytes = concat({gzip(first), gzip(rest)});
  auto r = capture_reader::from_memory(r_bytes);
  ASSERT_TRUE(r);
  expect_same(read_all(*r), read_memory(file));
  EXPECT_FALSE(r->failure());
}

TEST(stream_reader, cut_compressed_streams_keep_earlier_packets) {
  const byte_vec file = varied_pcap(false);
  for (const bool use_gzip : {true, false}) {
    const byte_vec packed = use_gzip ? gzip(file) : zstd(file);
    const byte_vec cut(packed.begin(),
                       packed.begin() + static_cast<std::ptrdiff_t>(packed.size() / 2));
    auto r = capture_reader::from_memory(cut);
    ASSERT_TRUE(r);
    const auto pkts = read_all(*r);
    EXPECT_GT(pkts.size(), 10U);
    EXPECT_LT(pkts.size(), 300U);
    ASSERT_TRUE(r->failure());
    EXPECT_EQ(r->failure()->err.code, errc::truncated);

    byte_vec corrupt = packed;
    for (std::size_t i = packed.size() / 2; i < packed.size() / 2 + 64; ++i) {
      corrupt[i] ^= 0x5a;
    }
    // Depending on where the damage lands, open() or a later read reports it;
    // never a silent clean end.
    auto rc = capture_reader::from_memory(corrupt);
    if (rc) {
      (void)read_all(*rc);
      EXPECT_TRUE(rc->failure());
    }
  }
}

TEST(stream_reader, open_errors) {
  auto missing = capture_reader::open("/nonexistent/file.pcap");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::io);
  const temp_file empty(byte_vec{});
  auto r = capture_reader::open(empty.path());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, errc::truncated);
}

} // namespace
} // namespace pktscope::test
