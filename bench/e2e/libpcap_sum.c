/* Reference for scripts/bench-read.sh: the minimal libpcap loop that
 * read_bench is compared with (pcap_next_ex, summing caplen). */
#include <pcap/pcap.h>
#include <stdio.h>

int main(int argc, char** argv) {
  char err[PCAP_ERRBUF_SIZE];
  if (argc < 2) {
    fprintf(stderr, "usage: libpcap_sum FILE\n");
    return 2;
  }
  pcap_t* p = pcap_open_offline(argv[1], err);
  if (p == NULL) {
    fprintf(stderr, "libpcap_sum: %s\n", err);
    return 1;
  }
  struct pcap_pkthdr* h;
  const unsigned char* data;
  unsigned long long packets = 0, captured = 0;
  int rc;
  while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
    ++packets;
    captured += h->caplen;
  }
  printf("packets %llu captured_bytes %llu\n", packets, captured);
  pcap_close(p);
  return rc == PCAP_ERROR_BREAK ? 0 : 1;
}
