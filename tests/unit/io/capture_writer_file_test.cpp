// capture_writer on files: atomic replacement through a temporary sibling, cleanup
// on abandonment and errors, FIFOs written in place.

#include <pktscope/io/capture_writer.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

namespace pktscope {
namespace {

namespace fs = std::filesystem;

const std::array<std::uint8_t, 4> payload{1, 2, 3, 4};

packet make_packet() {
  packet p;
  p.ts = 1'000'000'000;
  p.data = payload;
  p.original_len = 4;
  return p;
}

class WriterFile : public ::testing::Test {
protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "pktscope-writer-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
  static std::vector<std::uint8_t> slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path dir_;
};

TEST_F(WriterFile, WritesToTemporaryThenRenamesOnClose) {
  const auto target = dir_ / "out.pcap";
  auto w = capture_writer::create(target.string(), {.format = capture_format::pcap});
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write(make_packet()));
  const auto during = entries();
  ASSERT_EQ(during.size(), 1U);
  EXPECT_EQ(during[0].rfind(".out.pcap.", 0), 0U) << during[0];
  EXPECT_EQ(during[0].substr(during[0].size() - 5), ".part");
  ASSERT_TRUE((*w)->close());
  EXPECT_EQ(entries(), std::vector<std::string>{"out.pcap"});
  EXPECT_EQ(fs::file_size(target), 24U + 16U + 4U);
  std::vector<std::uint8_t> memory;
  auto m = capture_writer::write_to_memory(memory, {.format = capture_format::pcap});
  ASSERT_TRUE(m->write(make_packet()));
  ASSERT_TRUE(m->close());
  EXPECT_EQ(slurp(target), memory);
}

TEST_F(WriterFile, UnclosedWriterLeavesNothing) {
  const auto target = dir_ / "out.pcapng";
  {
    auto w = capture_writer::create(target.string());
    ASSERT_TRUE(w);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE((*w)->write(make_packet()));
    }
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(WriterFile, ExistingFileIsReplacedOnlyByClose) {
  const auto target = dir_ / "keep.pcap";
  std::ofstream(target) << "old";
  {
    auto w = capture_writer::create(target.string(), {.format = capture_format::pcap});
    ASSERT_TRUE(w);
    ASSERT_TRUE((*w)->write(make_packet()));
    EXPECT_EQ(fs::file_size(target), 3U); // untouched while writing
  }                                       // abandoned: the old file survives
  EXPECT_EQ(entries(), std::vector<std::string>{"keep.pcap"});
  EXPECT_EQ(fs::file_size(target), 3U);
  auto w = capture_writer::create(target.string(), {.format = capture_format::pcap});
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->close());
  EXPECT_EQ(fs::file_size(target), 24U);
}

TEST_F(WriterFile, LargeOutputPassesThroughSmallBuffer) {
  const auto target = dir_ / "big.pcap";
  std::vector<std::uint8_t> big(10000, 0xab); // larger than the 4 KiB buffer
  packet p = make_packet();
  p.data = big;
  p.original_len = 10000;
  auto w =
      capture_writer::create(target.string(), {.format = capture_format::pcap, .buffer_bytes = 1});
  ASSERT_TRUE(w);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*w)->write(p));
    ASSERT_TRUE((*w)->write(make_packet()));
  }
  ASSERT_TRUE((*w)->close());
  EXPECT_EQ(fs::file_size(target), 24U + 3 * (16U + 10000U + 16U + 4U));
  EXPECT_EQ((*w)->bytes_written(), fs::file_size(target));
}

TEST_F(WriterFile, MissingDirectoryFailsWithIoAndErrno) {
  errno = 0;
  auto w = capture_writer::create((dir_ / "no" / "such.pcap").string());
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, errc::io);
  EXPECT_EQ(errno, ENOENT);
}

TEST_F(WriterFile, DirectoryAsTargetFails) {
  auto w = capture_writer::create(dir_.string());
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, errc::io);
  EXPECT_TRUE(entries().empty());
}

TEST_F(WriterFile, RenameFailureRemovesTemporary) {
  // A directory sitting at the target name makes rename() fail at close.
  const auto target = dir_ / "taken";
  auto w = capture_writer::create(target.string());
  ASSERT_TRUE(w);
  fs::create_directory(target);
  fs::create_directory(target / "child"); // non-empty: rename cannot replace it
  ASSERT_TRUE((*w)->write(make_packet()));
  const auto closed = (*w)->close();
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, errc::io);
  EXPECT_NE((*w)->os_error(), 0);
  EXPECT_EQ(entries(), std::vector<std::string>{"taken"});
}

TEST_F(WriterFile, FifoIsWrittenInPlace) {
  const auto fifo = dir_ / "pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::vector<std::uint8_t> received;
  std::thread reader([&] { received = slurp(fifo); });
  auto w = capture_writer::create(fifo.string(), {.format = capture_format::pcap});
  ASSERT_TRUE(w);
  ASSERT_TRUE((*w)->write(make_packet()));
  ASSERT_TRUE((*w)->close());
  w->reset(); // closes the descriptor: the reader sees end of file
  reader.join();
  EXPECT_EQ(received.size(), 24U + 16U + 4U);
  EXPECT_EQ(entries(), std::vector<std::string>{"pipe"});
  struct stat st {};
  ASSERT_EQ(stat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

} // namespace
} // namespace pktscope
