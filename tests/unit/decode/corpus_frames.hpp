#pragma once
// Frames from the shared corpus (../shared/corpus), copied from `tshark -r <file> -x` with
// the file and frame number named above each. Expected values in the tests come from
// `tshark -T fields` on the same frame.

#include <pktscope/core/link_type.hpp>

namespace pktscope::test::corpus {

// kbandla__dpkt/examples/data/dns_icmp.pcap frame 1: eth:ethertype:ip:udp:dns
inline constexpr const char* eth_ipv4_udp_dns = "02 1a 11 f0 c8 3b 60 33 4b 13 c5 58 08 00 45 00 "
                                                "00 42 d0 a6 00 00 40 11 d2 a9 c0 a8 2b 09 c0 a8 "
                                                "2b 01 c9 dd 00 35 00 2e f2 68 52 8e 01 00 00 01 "
                                                "00 00 00 00 00 00 01 38 01 38 01 38 01 38 07 69 "
                                                "6e 2d 61 64 64 72 04 61 72 70 61 00 00 0c 00 01 ";

// seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/tls.pcap frame 26:
// eth:ethertype:ipv6:tcp (SYN)
inline constexpr const char* eth_ipv6_tcp_syn = "cc 40 d0 c2 f2 62 8c ec 4b ca 16 5a 86 dd 60 09 "
                                                "98 06 00 20 06 40 26 01 06 47 4b 02 1d 20 e4 a1 "
                                                "6d fa 6f 66 e3 99 26 07 f8 b0 40 05 08 02 00 00 "
                                                "00 00 00 00 20 03 c5 79 01 bb e3 d3 a0 45 00 00 "
                                                "00 00 80 02 fd 20 c0 ef 00 00 02 04 05 a0 01 03 "
                                                "03 08 01 01 04 02 ";

// the-tcpdump-group__tcpdump/tests/tcp-handshake-nano.pcap frame 1: sll:ethertype:ip:tcp
inline constexpr const char* sll_ipv4_tcp_syn = "00 04 02 00 00 00 00 00 00 00 00 00 00 00 08 00 "
                                                "45 00 00 3c 29 a9 40 00 40 06 db 5f 83 9b d7 45 "
                                                "89 74 51 5e b6 40 00 50 2f 84 2a cb 00 00 00 00 "
                                                "a0 02 6a 40 50 c4 00 00 02 04 05 50 04 02 08 0a "
                                                "43 6a 03 62 00 00 00 00 01 03 03 07 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Sll2Packet.pcap frame 1:
// sll:ethertype:ip:tcp
inline constexpr const char* sll2_ipv4_tcp_ack = "08 00 00 00 00 00 00 14 00 01 04 06 d2 cf c2 50 "
                                                 "15 ea 00 00 45 00 00 28 8b 22 40 00 40 06 59 97 "
                                                 "07 f9 97 72 74 3f 42 6c df cc 01 bb a7 ab 9f bf "
                                                 "aa ce b5 e9 50 10 04 22 56 31 00 00 ";

// zeek__zeek/testing/btest/Traces/dns-svcb.pcap frame 1: null:ip:udp:dns
// (IPv4 header checksum 0: computed by the loopback interface's offload, never filled)
inline constexpr const char* null_ipv4_udp_dns = "02 00 00 00 45 00 00 50 b2 66 00 00 40 11 00 00 "
                                                 "7f 00 00 01 7f 00 00 01 e0 cd 00 35 00 3c fe 4f "
                                                 "c9 64 01 20 00 01 00 00 00 00 00 01 07 65 78 61 "
                                                 "6d 70 6c 65 03 63 6f 6d 00 00 40 00 01 00 00 29 "
                                                 "10 00 00 00 00 00 00 0c 00 0a 00 08 ae 42 38 d9 "
                                                 "3c 7c 85 38 ";

// the-tcpdump-group__tcpdump/tests/LINKTYPE_RAW_ipv4.pcap frame 1: raw:ip:udp:dns
// (LINKTYPE_IPV4.pcap frame 1 holds the same bytes)
inline constexpr const char* raw_ipv4_udp_dns = "45 00 00 39 00 01 00 00 40 11 a6 95 c0 a8 01 64 "
                                                "09 09 09 09 30 39 00 35 00 25 19 76 12 34 01 00 "
                                                "00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 "
                                                "03 63 6f 6d 00 00 01 00 01 ";

// the-tcpdump-group__tcpdump/tests/LINKTYPE_RAW_ipv6.pcap frame 1: raw:ipv6:udp:dns
// (LINKTYPE_IPV6.pcap frame 1 holds the same bytes)
inline constexpr const char* raw_ipv6_udp_dns = "60 00 00 00 00 25 11 40 20 01 0d b8 00 00 00 00 "
                                                "00 00 00 00 00 00 00 01 26 20 00 fe 00 00 00 00 "
                                                "00 00 00 00 00 00 00 09 30 39 00 35 00 25 98 b3 "
                                                "12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 "
                                                "6d 70 6c 65 03 63 6f 6d 00 00 01 00 01 ";

// the-tcpdump-group__tcpdump/tests/mpls-ldp-hello.pcap frame 1: ppp:ip:udp:ldp
inline constexpr const char* ppp_ipv4_udp = "ff 03 00 21 45 c0 00 46 3c db 00 00 01 11 91 06 "
                                            "0a 01 01 03 e0 00 00 02 02 86 02 86 00 32 d4 9e "
                                            "00 01 00 26 0a 01 00 02 00 00 01 00 00 1c 00 01 "
                                            "19 70 04 00 00 04 00 0f 00 00 04 01 00 04 0a 01 "
                                            "00 02 04 02 00 04 00 00 00 01 ";

// zeek__zeek/testing/btest/Traces/tunnels/gre-sample.pcap frame 33:
// eth:ethertype:ip:gre:ip:udp:dns
inline constexpr const char* gre_ipv4_udp_dns = "00 c0 ca 14 b0 52 00 02 2d 56 4a fd 08 00 45 00 "
                                                "00 55 00 00 40 00 ff 2f 1e 58 ac 1b 01 42 42 3b "
                                                "6d 89 00 00 08 00 45 00 00 3d 00 00 40 00 40 11 "
                                                "da 97 42 3b 6f be ac 1c 02 03 93 2b 00 35 00 29 "
                                                "17 1d bd aa 01 00 00 01 00 00 00 00 00 00 03 77 "
                                                "77 77 07 67 6c 65 65 62 6c 65 03 6f 72 67 00 00 "
                                                "ff 00 01 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/GrePackets.pcap frame 7:
// eth:ethertype:ip:gre:eth:ethertype:ip:tcp (transparent Ethernet bridging, 0x6558)
inline constexpr const char* gre_teb_tcp = "00 ae f3 52 aa d1 00 02 15 37 a2 44 08 00 45 00 "
                                           "00 52 00 01 00 00 40 2f 70 73 01 02 03 04 04 03 "
                                           "02 01 20 00 65 58 00 00 fd e8 00 01 02 03 04 05 "
                                           "00 01 23 45 56 78 08 00 45 00 00 28 00 01 00 00 "
                                           "40 06 66 c7 0a 00 00 04 0a 00 00 05 04 d0 00 50 "
                                           "00 00 00 00 00 00 00 00 50 02 20 00 76 ba 00 00 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/GrePackets.pcap frame 6:
// eth:ethertype:vlan:ethertype:ipv6:ip:gre:ppp:ip:udp:dns (4in6, then PPTP-style GRE v1)
inline constexpr const char* vlan_4in6_gre_ppp_dns =
    "0c 01 00 00 61 3d 00 19 06 e6 82 c4 81 00 00 64 "
    "86 dd 60 00 00 00 00 d2 04 39 26 07 fc d0 01 00 "
    "23 00 00 00 00 00 b1 08 2a 6b 24 02 f0 00 00 01 "
    "8e 01 00 00 00 00 00 00 55 55 45 00 00 d2 86 d7 "
    "40 00 40 2f 3b 8f c0 34 a6 9a 10 00 00 c8 30 01 "
    "88 0b 00 b2 00 11 00 08 3a b8 ff 03 00 21 45 00 "
    "00 ae 03 06 00 00 32 11 9d 16 08 08 08 08 ac 10 "
    "2c 03 00 35 9f 40 00 9a bb da a6 2c 81 83 00 01 "
    "00 00 00 01 00 00 35 78 71 74 2d 64 65 74 65 63 "
    "74 2d 6d 6f 64 65 32 2d 39 37 37 31 32 65 38 38 "
    "2d 31 36 37 61 2d 34 35 62 39 2d 39 33 65 65 2d "
    "39 31 33 31 34 30 65 37 36 36 37 38 00 00 1c 00 "
    "01 00 00 06 00 01 00 00 02 f5 00 40 01 61 0c 72 "
    "6f 6f 74 2d 73 65 72 76 65 72 73 03 6e 65 74 00 "
    "05 6e 73 74 6c 64 0c 76 65 72 69 73 69 67 6e 2d "
    "67 72 73 03 63 6f 6d 00 78 0d 09 09 00 00 07 08 "
    "00 00 03 84 00 09 3a 80 00 01 51 80 ";

// the-tcpdump-group__tcpdump/tests/vxlan.pcap frame 1:
// eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data
inline constexpr const char* vxlan_icmp = "00 16 3e 08 71 cf 36 dc 85 1e b3 40 08 00 45 00 "
                                          "00 86 d2 c0 40 00 40 11 51 52 c0 a8 cb 01 c0 a8 "
                                          "ca 01 b0 5d 12 b5 00 72 00 00 08 00 00 00 00 00 "
                                          "64 00 00 30 88 01 00 02 00 16 3e 37 f6 04 08 00 "
                                          "45 00 00 54 00 00 40 00 40 01 23 4f c0 a8 cb 03 "
                                          "c0 a8 cb 05 08 00 f6 f2 05 0c 00 01 fc e2 97 51 "
                                          "00 00 00 00 a6 f8 02 00 00 00 00 00 10 11 12 13 "
                                          "14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 "
                                          "24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 "
                                          "34 35 36 37 ";

// the-tcpdump-group__tcpdump/tests/nsh.pcap frame 1: eth:ethertype:nsh:ip:udp:data
inline constexpr const char* nsh_ipv4_udp = "52 54 00 4b 73 5f 02 42 0a 00 08 03 89 4f 00 06 "
                                            "01 01 00 03 09 07 00 00 00 01 00 00 00 02 00 00 "
                                            "00 03 00 00 00 04 45 00 00 22 28 44 40 00 40 11 "
                                            "e9 6a 0a 00 08 03 0a 0d 0d 0d cc 05 1f 40 00 0e "
                                            "00 00 62 65 67 69 6e 0a ";

// the-tcpdump-group__tcpdump/tests/nsh-over-vxlan-gpe.pcap frame 1:
// eth:ethertype:ip:udp:vxlan:nsh:ip:udp:data
inline constexpr const char* vxlan_gpe_nsh_udp = "00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 "
                                                 "00 5c 40 23 40 00 40 11 fc 6b 7f 00 00 01 7f 00 "
                                                 "00 01 12 b6 12 b6 00 48 49 f7 0c 00 00 04 ff ff "
                                                 "ff 00 30 06 02 01 ff ff ff ff 00 01 02 01 12 34 "
                                                 "56 78 00 02 03 01 12 34 56 78 45 00 00 20 d4 31 "
                                                 "00 00 ff 11 66 47 c0 a8 00 01 c0 a8 00 02 27 10 "
                                                 "4e 20 00 0c 21 78 74 65 73 74 ";

// the-tcpdump-group__tcpdump/tests/geneve.pcap frame 1:
// eth:ethertype:ip:udp:geneve:eth:ethertype:ip:icmp:data
inline constexpr const char* geneve_icmp = "00 1b 21 3c ac 30 00 1b 21 3c ab 64 08 00 45 00 "
                                           "00 8e df ad 40 00 40 11 32 af 14 00 00 01 14 00 "
                                           "00 02 31 4a 17 c1 00 7a 00 00 02 40 65 58 00 00 "
                                           "0a 00 00 00 80 01 00 00 00 0c fe 71 d8 83 72 4f "
                                           "b6 9e d2 49 51 48 08 00 45 00 00 54 bd a2 40 00 "
                                           "40 01 41 04 1e 00 00 01 1e 00 00 02 08 00 2c 54 "
                                           "29 52 00 17 f1 a2 ce 54 00 00 00 00 17 78 0c 00 "
                                           "00 00 00 00 10 11 12 13 14 15 16 17 18 19 1a 1b "
                                           "1c 1d 1e 1f 20 21 22 23 24 25 26 27 28 29 2a 2b "
                                           "2c 2d 2e 2f 30 31 32 33 34 35 36 37 ";

// zeek__zeek/testing/btest/Traces/tunnels/4in4.pcap frame 1: eth:ethertype:ip:ip:udp:data
inline constexpr const char* ip4in4_udp = "00 10 db 88 d2 ef c8 bc c8 96 d2 a0 08 00 45 00 "
                                          "00 34 00 01 00 00 40 04 6a b2 01 02 03 04 05 06 "
                                          "07 08 45 00 00 20 00 01 00 00 40 11 66 ca 0a 00 "
                                          "00 01 0a 00 00 02 75 30 32 c8 00 0c 93 2a 58 58 "
                                          "58 58 ";

// zeek__zeek/testing/btest/Traces/tunnels/6in4.pcap frame 1: eth:ethertype:ip:ipv6:udp:data
inline constexpr const char* ip6in4_udp = "00 10 db 88 d2 ef c8 bc c8 96 d2 a0 08 00 45 00 "
                                          "00 48 00 01 00 00 40 29 6a 79 01 02 03 04 05 06 "
                                          "07 08 60 00 00 00 00 0c 11 40 de ad 00 00 00 00 "
                                          "00 00 00 00 00 00 00 00 be ef ca fe 00 00 00 00 "
                                          "00 00 00 00 00 00 00 00 ba be 75 30 32 c8 00 0c "
                                          "83 d2 58 58 58 58 ";

// zeek__zeek/testing/btest/Traces/tunnels/4in6.pcap frame 1: eth:ethertype:ipv6:ip:tcp
inline constexpr const char* ip4in6_tcp = "00 90 1a 41 65 41 00 16 cf 41 9c 20 86 dd 60 00 "
                                          "00 00 00 28 04 40 20 02 46 37 d5 d3 00 00 00 00 "
                                          "00 00 46 37 d5 d3 20 01 48 60 00 00 20 01 00 00 "
                                          "00 00 00 00 00 68 45 00 00 28 00 01 00 00 40 06 "
                                          "3b 6b 46 37 d5 d3 c0 58 63 01 7a 69 00 50 00 00 "
                                          "00 00 00 00 00 00 50 02 20 00 d5 c4 00 00 ";

// zeek__zeek/testing/btest/Traces/tunnels/6in6.pcap frame 1: eth:ethertype:ipv6:ipv6:udp:data
inline constexpr const char* ip6in6_udp = "ff ff ff ff ff ff 00 00 00 00 00 00 86 dd 60 00 "
                                          "00 00 00 34 29 40 20 01 04 f8 00 04 00 07 02 e0 "
                                          "81 ff fe 52 ff ff 20 01 04 f8 00 04 00 07 02 e0 "
                                          "81 ff fe 52 9a 6b 60 00 00 00 00 0c 11 40 de ad "
                                          "00 00 00 00 00 00 00 00 00 00 00 00 be ef ca fe "
                                          "00 00 00 00 00 00 00 00 00 00 00 00 ba be 75 30 "
                                          "32 c8 00 0c 83 d2 58 58 58 58 ";

// zeek__zeek/testing/btest/Traces/mixed-vlan-mpls.pcap frame 1: eth:ethertype:mpls:ip:tcp
inline constexpr const char* mpls_ipv4_tcp = "00 30 96 e6 fc 39 00 30 96 05 28 38 88 47 00 01 "
                                             "dd ff 45 c0 00 2c 00 00 00 00 ff 06 a4 e7 0a 01 "
                                             "02 01 0a 22 00 01 2a f9 00 17 98 32 0f fb 00 00 "
                                             "00 00 60 02 10 20 a2 40 00 00 02 04 02 18 ";

// the-tcpdump-group__tcpdump/tests/mpls-over-udp.pcap frame 1:
// eth:ethertype:ip:udp:mpls:ip:icmp:data (UDP port 6635, RFC 7510)
inline constexpr const char* mpls_in_udp_icmp = "52 9a 00 c8 4f 88 52 9a 00 82 5c 62 08 00 45 00 "
                                                "00 74 67 6f 00 00 40 11 e3 fb 0a 64 0c aa 0a 64 "
                                                "0d 9d e5 4b 19 eb 00 60 00 00 00 01 51 3f 45 00 "
                                                "00 54 67 6f 40 00 3f 01 c0 22 0a 03 00 0a 0a 01 "
                                                "00 0a 08 00 76 43 a6 eb 00 10 94 07 3f 5e 00 00 "
                                                "00 00 45 88 03 00 00 00 00 00 10 11 12 13 14 15 "
                                                "16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 "
                                                "26 27 28 29 2a 2b 2c 2d 2e 2f 30 31 32 33 34 35 "
                                                "36 37 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/MplsPackets.pcap frame 2:
// eth:ethertype:mpls:pwethheuristic:pwethcw:eth:ethertype:vlan:ethertype:ip:icmp:data
inline constexpr const char* mpls_pw_eth_icmp = "cc 04 04 dc 00 10 cc 03 04 dc 00 10 88 47 00 01 "
                                                "20 fe 00 01 01 ff 00 00 00 00 cc 07 0d 08 00 00 "
                                                "cc 00 0a 64 00 00 81 00 00 01 08 00 45 00 00 64 "
                                                "00 07 00 00 ff 01 38 3e c0 a8 01 02 c0 a8 01 01 "
                                                "00 00 bb 2a 00 01 00 02 00 00 00 00 00 04 cb 18 "
                                                "ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd "
                                                "ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd "
                                                "ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd "
                                                "ab cd ab cd ab cd ab cd ab cd ab cd ab cd ab cd ";

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/one_http_stream_rst.pcap frame 1:
// eth:ethertype:vlan:ethertype:vlan:ethertype:pppoes:ppp:ip:tcp
inline constexpr const char* qinq_pppoe_tcp = "44 2b 03 cd 52 00 6c f0 49 d4 fe a8 81 00 03 ab "
                                              "81 00 02 e8 88 64 11 00 dd e5 00 36 00 21 45 00 "
                                              "00 34 36 26 40 00 80 06 ec 40 0a 03 41 23 b9 08 "
                                              "d4 2e 13 cc 00 50 9c d2 de 46 00 00 00 00 80 02 "
                                              "20 00 e7 91 00 00 02 04 05 a0 01 03 03 08 01 01 "
                                              "04 02 ";

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/frag_with_padding.pcap frame 8:
// eth:ethertype:vlan:ethertype:ip:udp:data, a first fragment (MF, offset 0) in a 60-byte
// frame with 14 octets of zero padding (eth.padding)
inline constexpr const char* vlan_first_fragment_padded =
    "01 00 5e 00 02 02 38 06 b4 38 b3 42 81 00 00 13 "
    "08 00 45 00 00 1c 63 12 60 00 03 11 07 3f 0a 0d "
    "01 71 e0 00 02 02 a5 a2 a4 76 24 c1 cf 11 00 00 "
    "00 00 00 00 00 00 00 00 00 00 00 00 ";

// The same file's frame 7 (559 bytes, the last fragment: offset 1111, MF clear), first 64
// bytes only: eth:ethertype:vlan:ethertype:ip:data
inline constexpr const char* vlan_last_fragment_prefix =
    "01 00 5e 00 02 02 38 06 b4 38 b3 42 81 00 00 13 "
    "08 00 45 00 02 1d 63 12 44 57 03 11 20 e7 0a 0d "
    "01 71 e0 00 02 02 00 00 00 00 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/packet_trailer.pcap frame 4: a
// 60-byte frame whose 6 bytes after the IP datagram are not zero (tshark: eth.trailer
// 0101080a0000) — minimum-size padding all the same
inline constexpr const char* padded_nonzero_60 = "6c f0 49 b2 de 6e 30 46 9a 23 fb fa 08 00 45 00 "
                                                 "00 28 9d be 00 00 2e 06 e8 e6 ad c2 4e 68 0a 00 "
                                                 "00 01 01 bb d7 9a 46 52 9f 28 80 7d f5 6c 50 10 "
                                                 "01 58 73 96 00 00 01 01 08 0a 00 00 ";

// seladb__PcapPlusPlus/Tests/Pcap++Test/PcapExamples/one_http_stream_fin.pcap frame 3: 64
// bytes: 6 zero padding bytes (eth.padding) and the frame's FCS 2d 2e 0c e3
// (zlib.crc32 of the first 60 bytes is 0xe30c2e2d)
inline constexpr const char* padded_with_fcs_64 =
    "00 19 e3 e7 5d 23 00 0f 66 ae e9 8a 08 00 45 00 "
    "00 28 54 86 40 00 80 06 6a 8e c0 a8 01 02 4d 43 "
    "2c ce c1 4e 00 50 ee d8 56 95 91 f7 4a d9 50 10 "
    "01 02 8f 39 00 00 00 00 00 00 00 00 2d 2e 0c e3 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/doipPackets.pcapng frame 1: 86
// bytes, 12 bytes after the IP datagram (eth.trailer 050607080910111213141516)
inline constexpr const char* trailer_12 = "54 e1 ad 6b ac 15 00 1a 37 bf ee 74 08 00 45 00 "
                                          "00 38 4d e8 00 00 ff 06 2d fd a9 fe 75 ee a9 fe "
                                          "75 ef 34 58 d2 5e 00 19 1a a0 ab 87 80 3d 50 18 "
                                          "16 4f 47 a1 00 00 02 fd 80 03 00 00 00 08 40 10 "
                                          "0e 80 02 22 f1 01 05 06 07 08 09 10 11 12 13 14 "
                                          "15 16 17 18 19 20 ";

// zeek__zeek/testing/btest/Traces/tunnels/gre-sample.pcap frame 9:
// eth:ethertype:ip:gre:ip:udp:ntp
inline constexpr const char* gre_udp_ntp = "00 c0 ca 14 b0 52 00 02 2d 56 4a fd 08 00 45 00 "
                                           "00 64 00 00 40 00 ff 2f 1e 49 ac 1b 01 42 42 3b "
                                           "6d 89 00 00 08 00 45 10 00 4c 00 00 40 00 40 11 "
                                           "72 15 42 3b 6f be 12 1a 04 69 00 7b 00 7b 00 38 "
                                           "8f bc 23 0b 06 ef 00 00 00 00 00 00 02 d6 7f 7f "
                                           "01 01 c2 90 f0 ec d9 a7 8f 25 c2 90 f0 c7 6a eb "
                                           "20 00 c2 90 f0 b6 fe 03 b3 e9 c2 90 f0 f5 d9 8d "
                                           "ac 25 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/Dhcp2.pcap frame 1:
// eth:ethertype:ip:udp:dhcp
inline constexpr const char* eth_udp_dhcp = "ff ff ff ff ff ff 00 00 6c 82 dc 4e 08 00 45 00 "
                                            "01 36 53 d2 40 00 20 11 05 e6 00 00 00 00 ff ff "
                                            "ff ff 00 44 00 43 01 22 8e 67 01 01 06 00 ac 2e "
                                            "ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 6c 82 dc 4e 00 00 00 00 "
                                            "00 00 00 00 00 00 38 14 73 6e 61 6d 65 20 66 69 "
                                            "65 6c 64 20 6f 76 65 72 6c 6f 61 64 ff 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 38 18 66 69 6c 65 20 6e 61 6d "
                                            "65 20 66 69 65 6c 64 20 6f 76 65 72 6c 6f 61 64 "
                                            "ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                                            "00 00 00 00 00 00 63 82 53 63 35 01 01 39 02 02 "
                                            "4e 37 04 01 1c 03 2b 33 04 00 00 0e 10 34 01 03 "
                                            "38 07 50 61 64 64 69 6e 67 00 3d 07 01 00 00 6c "
                                            "82 dc 4e ff ";

// seladb__PcapPlusPlus/Tests/ExamplesTest/pcap_examples/tls.pcap frame 5:
// eth:ethertype:ip:tcp:tls (an alert record, content type 21)
inline constexpr const char* eth_tcp_tls = "44 6d 57 4b ed 0b 00 80 48 49 11 64 08 00 45 00 "
                                           "00 43 47 0d 40 00 80 06 30 50 c0 a8 01 04 c0 a8 "
                                           "01 03 08 0d 01 bb ad 5b cd 27 19 2d a3 a2 50 18 "
                                           "24 76 fa 23 00 00 15 03 01 00 16 c3 e2 e9 ef 5b "
                                           "b1 1b 66 56 ae 82 9c 32 a9 51 67 43 9b 59 2f 82 "
                                           "90 ";

// seladb__PcapPlusPlus/Tests/Packet++Test/PacketExamples/MplsPackets.pcap frame 1 (365 bytes
// on the wire, 361 captured): eth:ethertype:vlan:ethertype:vlan:ethertype:mpls:ip:tcp:http
inline constexpr const char* qinq_mpls_http_cut = "28 c2 ce ba 97 e8 50 81 89 f9 d5 7b 81 00 00 d7 "
                                                  "81 00 00 0b 88 47 03 e8 01 7e 45 00 01 4f 7a c5 "
                                                  "00 00 7e 06 a0 bf 02 03 04 06 0c 0d 0e 0f 50 9c "
                                                  "00 50 46 96 62 08 7f ff ff ff 50 18 03 fb a1 c8 "
                                                  "00 00 47 45 54 20 2f 69 2f 3f 74 69 64 3d 31 39 "
                                                  "39 26 68 61 73 68 3d 38 6b 74 78 72 6c 26 73 75 "
                                                  "62 69 64 3d 30 20 48 54 54 50 2f 31 2e 31 0d 0a "
                                                  "41 63 63 65 70 74 3a 20 61 70 70 6c 69 63 61 74 "
                                                  "69 6f 6e 2f 6a 61 76 61 73 63 72 69 70 74 2c 20 "
                                                  "2a 2f 2a 3b 71 3d 30 2e 38 0d 0a 41 63 63 65 70 "
                                                  "74 2d 4c 61 6e 67 75 61 67 65 3a 20 65 6e 2d 55 "
                                                  "53 2c 65 6e 3b 71 3d 30 2e 35 0d 0a 55 73 65 72 "
                                                  "2d 41 67 65 6e 74 3a 20 4d 6f 7a 69 6c 6c 61 2f "
                                                  "35 2e 30 20 28 57 69 6e 64 6f 77 73 20 4e 54 20 "
                                                  "36 2e 33 3b 20 57 4f 57 36 34 3b 20 54 72 69 64 "
                                                  "65 6e 74 2f 37 2e 30 3b 20 72 76 3a 31 31 2e 30 "
                                                  "29 20 6c 69 6b 65 20 47 65 63 6b 6f 0d 0a 41 63 "
                                                  "63 65 70 74 2d 45 6e 63 6f 64 69 6e 67 3a 20 67 "
                                                  "7a 69 70 2c 20 64 65 66 6c 61 74 65 0d 0a 48 6f "
                                                  "73 74 3a 20 73 72 76 31 2e 73 72 76 2d 73 74 61 "
                                                  "74 2e 63 6f 6d 0d 0a 44 4e 54 3a 20 31 0d 0a 43 "
                                                  "6f 6e 6e 65 63 74 69 6f 6e 3a 20 4b 65 65 70 2d "
                                                  "41 6c 69 76 65 0d 0a 0d 0a ";

// the-tcpdump-group__tcpdump/tests/of13_ericsson.pcapng frame 65 (OpenFlow 1.3 Packet-Out from
// TCP port 6633): eth:ethertype:ip:tcp:openflow:openflow_v4:eth:ethertype:ip:udp:data
inline constexpr const char* openflow_packet_out_udp =
    "00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 "
    "00 98 70 1e 40 00 40 06 cc 3f 7f 00 00 01 7f 00 "
    "00 01 19 e9 e4 51 15 68 dc 51 e5 18 f3 4d 80 18 "
    "00 6f fe 8c 00 00 01 01 08 0a 00 1d b1 63 00 1d "
    "b0 b8 04 0d 00 64 00 00 00 a7 ff ff ff ff 00 00 "
    "00 01 00 10 00 00 00 00 00 00 00 00 00 10 ff ff "
    "ff fd 00 20 00 00 00 00 00 00 a0 b1 c2 d3 e4 f5 "
    "01 23 45 67 89 ab 08 00 45 00 00 24 12 34 40 00 "
    "ff 11 e6 40 c0 a8 01 01 c0 a8 01 02 04 d2 16 2e "
    "00 10 f6 b7 4f 70 65 6e 46 6c 6f 77 00 00 00 00 "
    "00 00 00 00 00 00 ";

// the-tcpdump-group__tcpdump/tests/of13_ericsson.pcapng frame 69 (OpenFlow 1.3 Packet-In to TCP
// port 6633): eth:ethertype:ip:tcp:openflow:openflow_v4:eth:ethertype:ip:udp:data
inline constexpr const char* openflow_packet_in_udp =
    "00 00 00 00 00 00 00 00 00 00 00 00 08 00 45 00 "
    "00 ea 5e 7c 40 00 40 06 dd 8f 7f 00 00 01 7f 00 "
    "00 01 e4 51 19 e9 e5 18 f3 e7 15 68 dd 19 80 18 "
    "00 56 fe de 00 00 01 01 08 0a 00 1d b1 68 00 1d "
    "b1 67 04 0a 00 b6 00 00 00 00 00 00 00 05 00 3c "
    "01 00 ff ff ff ff ff ff ff ff 00 01 00 5d 80 00 "
    "00 04 67 9c 07 98 80 00 0a 02 08 00 80 00 14 01 "
    "11 80 00 04 08 00 00 00 00 00 00 00 00 80 00 18 "
    "04 c0 a8 01 02 80 00 16 04 c0 a8 01 01 80 00 1e "
    "02 04 d2 80 00 06 06 a0 b1 c2 d3 e4 f5 80 00 10 "
    "01 00 80 00 20 02 16 2e 80 00 08 06 01 23 45 67 "
    "89 ab 80 00 12 01 00 00 00 00 00 00 a0 b1 c2 d3 "
    "e4 f5 01 23 45 67 89 ab 08 00 45 00 00 24 12 34 "
    "40 00 ff 11 e6 40 c0 a8 01 01 c0 a8 01 02 04 d2 "
    "16 2e 00 10 f6 b7 4f 70 65 6e 46 6c 6f 77 00 00 "
    "00 00 00 00 00 00 00 00 ";

} // namespace pktscope::test::corpus
