/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for src/ipr.c: RemoteIPRanges parsing (good values of every
 * form and family, bad values with their exact messages), canonical
 * text, counts, public space, containment, summaries, and a seeded
 * property test of the union against a bitmap and the sum of its parts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "err.h"
#include "ipr.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define U(h, l)		{ .hi = (h), .lo = (l) }
#define ALL		UINT64_MAX
#define V6ALL		"340282366920938463463374607431768211456"
#define V6ALLM1		"340282366920938463463374607431768211455"

Suite	*suite_ipr(void);

static struct ipr
must_parse(const char *s)
{
	struct ipr r;
	struct err e;

	err_clear(&e);
	ck_assert_msg(ipr_parse(s, &r, &e) == 0, "'%s': %s", s, e.msg);
	return r;
}

/* ------------------------------------------------------------ ipr_parse */

static const struct good {
	const char	*in;
	int		 af;
	enum ipr_form	 form;
	struct u128	 lo, hi;
	const char	*count;
	const char	*fmt;
} goods[] = {
	/* IPv4 */
	{ "192.168.5.10", 4, IPR_SINGLE, U(0, 0xc0a8050a), U(0, 0xc0a8050a),
	    "1", "192.168.5.10" },
	{ "  192.168.5.10  ", 4, IPR_SINGLE, U(0, 0xc0a8050a),
	    U(0, 0xc0a8050a), "1", "192.168.5.10" },
	{ "0.0.0.0", 4, IPR_SINGLE, U(0, 0), U(0, 0), "1", "0.0.0.0" },
	{ "255.255.255.255", 4, IPR_SINGLE, U(0, 0xffffffff),
	    U(0, 0xffffffff), "1", "255.255.255.255" },
	{ "0.0.0.0-255.255.255.255", 4, IPR_LOHI, U(0, 0), U(0, 0xffffffff),
	    "4294967296", "0.0.0.0-255.255.255.255" },
	{ "192.168.5.10-192.168.5.20", 4, IPR_LOHI, U(0, 0xc0a8050a),
	    U(0, 0xc0a80514), "11", "192.168.5.10-192.168.5.20" },
	{ "10.0.0.5-10.0.0.5", 4, IPR_LOHI, U(0, 0x0a000005),
	    U(0, 0x0a000005), "1", "10.0.0.5-10.0.0.5" },
	{ "192.168.1.0/24", 4, IPR_CIDR, U(0, 0xc0a80100), U(0, 0xc0a801ff),
	    "256", "192.168.1.0/24" },
	{ "192.168.5.1/24", 4, IPR_CIDR, U(0, 0xc0a80500), U(0, 0xc0a805ff),
	    "256", "192.168.5.0/24" },
	{ "0.0.0.0/0", 4, IPR_CIDR, U(0, 0), U(0, 0xffffffff),
	    "4294967296", "0.0.0.0/0" },
	{ "10.1.2.3/32", 4, IPR_CIDR, U(0, 0x0a010203), U(0, 0x0a010203),
	    "1", "10.1.2.3/32" },
	{ "10.0.0.0/08", 4, IPR_CIDR, U(0, 0x0a000000), U(0, 0x0affffff),
	    "16777216", "10.0.0.0/8" },
	{ "192.168.1.0(255.255.255.0)", 4, IPR_NETMASK, U(0, 0xc0a80100),
	    U(0, 0xc0a801ff), "256", "192.168.1.0(255.255.255.0)" },
	{ "10.1.2.3(255.0.0.0)", 4, IPR_NETMASK, U(0, 0x0a000000),
	    U(0, 0x0affffff), "16777216", "10.0.0.0(255.0.0.0)" },
	{ "1.2.3.4(255.255.255.255)", 4, IPR_NETMASK, U(0, 0x01020304),
	    U(0, 0x01020304), "1", "1.2.3.4(255.255.255.255)" },
	{ "1.2.3.4(0.0.0.0)", 4, IPR_NETMASK, U(0, 0), U(0, 0xffffffff),
	    "4294967296", "0.0.0.0(0.0.0.0)" },
	/* IPv6 */
	{ "::", 6, IPR_SINGLE, U(0, 0), U(0, 0), "1", "::" },
	{ "::1", 6, IPR_SINGLE, U(0, 1), U(0, 1), "1", "::1" },
	{ "2001:db8::5", 6, IPR_SINGLE, U(0x20010db800000000, 5),
	    U(0x20010db800000000, 5), "1", "2001:db8::5" },
	{ "2001:0DB8:0000:0000:0000:0000:0000:0001", 6, IPR_SINGLE,
	    U(0x20010db800000000, 1), U(0x20010db800000000, 1), "1",
	    "2001:db8::1" },
	{ "1:2:3:4:5:6:7:8", 6, IPR_SINGLE, U(0x0001000200030004,
	    0x0005000600070008), U(0x0001000200030004, 0x0005000600070008),
	    "1", "1:2:3:4:5:6:7:8" },
	{ "1:2:3:4:5:6:1.2.3.4", 6, IPR_SINGLE, U(0x0001000200030004,
	    0x0005000601020304), U(0x0001000200030004, 0x0005000601020304),
	    "1", "1:2:3:4:5:6:102:304" },
	{ "::ffff:10.1.2.3", 6, IPR_SINGLE, U(0, 0x0000ffff0a010203),
	    U(0, 0x0000ffff0a010203), "1", "::ffff:10.1.2.3" },
	{ "::FFFF:0a01:0203", 6, IPR_SINGLE, U(0, 0x0000ffff0a010203),
	    U(0, 0x0000ffff0a010203), "1", "::ffff:10.1.2.3" },
	{ "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6, IPR_LOHI, U(0, 0),
	    U(ALL, ALL), V6ALL, "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	{ "::ffff:0.0.0.0-::ffff:255.255.255.255", 6, IPR_LOHI,
	    U(0, 0x0000ffff00000000), U(0, 0x0000ffffffffffff), "4294967296",
	    "::ffff:0.0.0.0-::ffff:255.255.255.255" },
	{ "::/0", 6, IPR_CIDR, U(0, 0), U(ALL, ALL), V6ALL, "::/0" },
	{ "::1/128", 6, IPR_CIDR, U(0, 1), U(0, 1), "1", "::1/128" },
	{ "2001:DB8::/32", 6, IPR_CIDR, U(0x20010db800000000, 0),
	    U(0x20010db8ffffffff, ALL), "79228162514264337593543950336",
	    "2001:db8::/32" },
	{ "fe80::1/64", 6, IPR_CIDR, U(0xfe80000000000000, 0),
	    U(0xfe80000000000000, ALL), "18446744073709551616", "fe80::/64" },
	{ "::ffff:10.0.0.0/104", 6, IPR_CIDR, U(0, 0x0000ffff0a000000),
	    U(0, 0x0000ffff0affffff), "16777216", "::ffff:10.0.0.0/104" },
	{ "2001:db8::(ffff:ffff::)", 6, IPR_NETMASK,
	    U(0x20010db800000000, 0), U(0x20010db8ffffffff, ALL),
	    "79228162514264337593543950336", "2001:db8::(ffff:ffff::)" },
	{ "::1(::)", 6, IPR_NETMASK, U(0, 0), U(ALL, ALL), V6ALL, "::(::)" },
	/*
	 * At the edges of the one-pass parser (fast_parse() in ipr.c):
	 * values it takes, and valid values it leaves to the full parser.
	 */
	{ "1.2.3.4/00000000000000000000032", 4, IPR_CIDR, U(0, 0x01020304),
	    U(0, 0x01020304), "1", "1.2.3.4/32" },
	{ "1.2.3.4-1.2.3.4  ", 4, IPR_LOHI, U(0, 0x01020304),
	    U(0, 0x01020304), "1", "1.2.3.4-1.2.3.4" },
	{ "0.0.0.0-0.0.0.0", 4, IPR_LOHI, U(0, 0), U(0, 0), "1",
	    "0.0.0.0-0.0.0.0" },
	{ "255.255.255.255/32", 4, IPR_CIDR, U(0, 0xffffffff),
	    U(0, 0xffffffff), "1", "255.255.255.255/32" },
	{ "1.2.3.4(255.255.255.255)   ", 4, IPR_NETMASK, U(0, 0x01020304),
	    U(0, 0x01020304), "1", "1.2.3.4(255.255.255.255)" },
	{ "1.2.3.4(255.0.0.0) ", 4, IPR_NETMASK, U(0, 0x01000000),
	    U(0, 0x01ffffff), "16777216", "1.0.0.0(255.0.0.0)" },
	{ "1.2.3.4(128.0.0.0)", 4, IPR_NETMASK, U(0, 0), U(0, 0x7fffffff),
	    "2147483648", "0.0.0.0(128.0.0.0)" },
	{ "  ::  ", 6, IPR_SINGLE, U(0, 0), U(0, 0), "1", "::" },
	{ "a::", 6, IPR_SINGLE, U(0x000a000000000000, 0),
	    U(0x000a000000000000, 0), "1", "a::" },
	{ "a::b", 6, IPR_SINGLE, U(0x000a000000000000, 0xb),
	    U(0x000a000000000000, 0xb), "1", "a::b" },
	{ "::a:b", 6, IPR_SINGLE, U(0, 0xa000b), U(0, 0xa000b), "1",
	    "::a:b" },
	{ "1:2:3:4:5:6:7::", 6, IPR_SINGLE, U(0x0001000200030004,
	    0x0005000600070000), U(0x0001000200030004, 0x0005000600070000),
	    "1", "1:2:3:4:5:6:7:0" },
	{ "::2:3:4:5:6:7:8", 6, IPR_SINGLE, U(0x0000000200030004,
	    0x0005000600070008), U(0x0000000200030004, 0x0005000600070008),
	    "1", "0:2:3:4:5:6:7:8" },
	{ "2001:db8::/64  ", 6, IPR_CIDR, U(0x20010db800000000, 0),
	    U(0x20010db800000000, ALL), "18446744073709551616",
	    "2001:db8::/64" },
	{ "::ffff:1.2.3.4-::ffff:1.2.3.5", 6, IPR_LOHI,
	    U(0, 0x0000ffff01020304), U(0, 0x0000ffff01020305), "2",
	    "::ffff:1.2.3.4-::ffff:1.2.3.5" },
	{ "::ffff:1.2.3.0(ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00)", 6,
	    IPR_NETMASK, U(0, 0x0000ffff01020300), U(0, 0x0000ffff010203ff),
	    "256", "::ffff:1.2.3.0(ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00)" },
	/* fast_octet(): one, two and three digits, zero alone. */
	{ "9.99.100.255", 4, IPR_SINGLE, U(0, 0x096364ff), U(0, 0x096364ff),
	    "1", "9.99.100.255" },
	{ "0.10.0.199", 4, IPR_SINGLE, U(0, 0x000a00c7), U(0, 0x000a00c7),
	    "1", "0.10.0.199" },
	{ "10.1.2.3/31", 4, IPR_CIDR, U(0, 0x0a010202), U(0, 0x0a010203),
	    "2", "10.1.2.2/31" },
	/* fast_ip6(): the head above "::" shifted by 64 bits, more, less. */
	{ "1:2:3:4::", 6, IPR_SINGLE, U(0x0001000200030004, 0),
	    U(0x0001000200030004, 0), "1", "1:2:3:4::" },
	{ "1:2:3:4:5::", 6, IPR_SINGLE, U(0x0001000200030004,
	    0x0005000000000000), U(0x0001000200030004, 0x0005000000000000),
	    "1", "1:2:3:4:5::" },
	{ "1:2:3::4", 6, IPR_SINGLE, U(0x0001000200030000, 4),
	    U(0x0001000200030000, 4), "1", "1:2:3::4" },
	{ "1:2:3:4:5:6::8", 6, IPR_SINGLE, U(0x0001000200030004,
	    0x0005000600000008), U(0x0001000200030004, 0x0005000600000008),
	    "1", "1:2:3:4:5:6:0:8" },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6, IPR_SINGLE,
	    U(ALL, ALL), U(ALL, ALL), "1",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
};

static const struct bad {
	const char	*in;
	const char	*msg;
} bads[] = {
	{ "10.0.0.5-10.0.0.1",
	    "'10.0.0.5-10.0.0.1': start address is after end address" },
	{ "256.1.1.1",
	    "'256.1.1.1': IPv4 field '256' is out of range (0-255)" },
	{ "::1::2",
	    "'::1::2': '::' may appear only once in an IPv6 address" },
	{ "10.0.0.0/33",
	    "'10.0.0.0/33': prefix length 33 is out of range (0-32)" },
	{ "1.2.3",
	    "'1.2.3': expected 4 fields in an IPv4 address, found 3" },
	{ "1.2.3.4.5",
	    "'1.2.3.4.5': expected 4 fields in an IPv4 address, found 5" },
	{ "1..2.3", "'1..2.3': empty field in an IPv4 address" },
	{ "1.2.3.", "'1.2.3.': empty field in an IPv4 address" },
	{ "+1.2.3.4", "'+1.2.3.4': expected an IPv4 or IPv6 address" },
	{ "1.+2.3.4",
	    "'1.+2.3.4': unexpected character '+' in an IPv4 address" },
	{ "010.0.0.1", "'010.0.0.1': IPv4 field '010' has a leading zero "
	    "(ambiguous: .NET reads it as octal)" },
	{ "10.0.0.0(255.0.255.0)",
	    "'10.0.0.0(255.0.255.0)': mask '255.0.255.0' is not contiguous" },
	{ "1.2.3.4-::1", "'1.2.3.4-::1': start and end addresses are of "
	    "different families (IPv4 and IPv6)" },
	{ "", "'': expected an IP address, range, prefix or netmask" },
	{ "   ", "'   ': expected an IP address, range, prefix or netmask" },
	{ "abc", "'abc': expected an IPv4 or IPv6 address" },
	{ "1.2.3.4/", "'1.2.3.4/': expected a prefix length (0-32) after "
	    "'/'" },
	{ "1.2.3.4/x", "'1.2.3.4/x': expected a prefix length (0-32) after "
	    "'/'" },
	{ "1.2.3.4/8-1", "'1.2.3.4/8-1': expected a prefix length (0-32) "
	    "after '/'" },
	{ "1.2.3.4/99999999999999", "'1.2.3.4/99999999999999': prefix "
	    "length 99999999999999 is out of range (0-32)" },
	{ "-1.2.3.4", "'-1.2.3.4': expected an address before '-'" },
	{ "/8", "'/8': expected an address before '/'" },
	{ "(255.0.0.0)", "'(255.0.0.0)': expected an address before '('" },
	{ "1.2.3.4-", "'1.2.3.4-': expected an address after '-'" },
	{ "::1/129",
	    "'::1/129': prefix length 129 is out of range (0-128)" },
	/* Where fast_octet() and fast_group() give up. */
	{ "1.2.3.2555",
	    "'1.2.3.2555': IPv4 field '2555' is out of range (0-255)" },
	{ "01.2.3.4", "'01.2.3.4': IPv4 field '01' has a leading zero "
	    "(ambiguous: .NET reads it as octal)" },
	{ "1.2.3.09", "'1.2.3.09': IPv4 field '09' has a leading zero "
	    "(ambiguous: .NET reads it as octal)" },
	{ "12345::",
	    "'12345::': IPv6 group '12345' has more than 4 hex digits" },
	{ "::fffff",
	    "'::fffff': IPv6 group 'fffff' has more than 4 hex digits" },
	{ "1:2:3:4:5:6:7:8:9",
	    "'1:2:3:4:5:6:7:8:9': too many groups in an IPv6 address" },
	{ "1:2:3:4:5:6:7:8::",
	    "'1:2:3:4:5:6:7:8::': too many groups in an IPv6 address" },
	{ "1::2:3:4:5:6:7:8",
	    "'1::2:3:4:5:6:7:8': too many groups in an IPv6 address" },
	{ "::1/", "'::1/': expected a prefix length (0-128) after '/'" },
	{ "1.2.3.4x",
	    "'1.2.3.4x': unexpected character 'x' in an IPv4 address" },
	{ "1.2.3.4 x",
	    "'1.2.3.4 x': unexpected character ' ' in an IPv4 address" },
	{ "\t1.2.3.4", "'\t1.2.3.4': expected an IPv4 or IPv6 address" },
	{ "1.2.3.4\n",
	    "'1.2.3.4\n': unexpected byte 0x0a in an IPv4 address" },
	{ "1.2.3.4 - 1.2.3.5", "'1.2.3.4 - 1.2.3.5': start address: "
	    "unexpected character ' ' in an IPv4 address" },
	{ "10.0.0.1-10.0.0.256", "'10.0.0.1-10.0.0.256': end address: "
	    "IPv4 field '256' is out of range (0-255)" },
	{ "abc-1.2.3.4",
	    "'abc-1.2.3.4': start address: expected an IPv4 or IPv6 address" },
	{ "1.2.3.4-1.2.3.5-1.2.3.6", "'1.2.3.4-1.2.3.5-1.2.3.6': end "
	    "address: unexpected character '-' in an IPv4 address" },
	{ "300.0.0.0/8", "'300.0.0.0/8': address: IPv4 field '300' is out "
	    "of range (0-255)" },
	{ "1:2:3:4:5:6:7:8:9",
	    "'1:2:3:4:5:6:7:8:9': too many groups in an IPv6 address" },
	{ "1:2:3:4::5:6:7:8",
	    "'1:2:3:4::5:6:7:8': too many groups in an IPv6 address" },
	{ "1:2:3:4:5:6:7:8::",
	    "'1:2:3:4:5:6:7:8::': too many groups in an IPv6 address" },
	{ "1:2:3:4:5:6:7:1.2.3.4",
	    "'1:2:3:4:5:6:7:1.2.3.4': too many groups in an IPv6 address" },
	{ "1:2:3:4:5:6:7",
	    "'1:2:3:4:5:6:7': too few groups in an IPv6 address" },
	{ "12345::",
	    "'12345::': IPv6 group '12345' has more than 4 hex digits" },
	{ ":1::", "':1::': IPv6 address starts with a single ':'" },
	{ "1::2:", "'1::2:': IPv6 address ends with a single ':'" },
	{ ":::", "':::': unexpected character ':' in an IPv6 address" },
	{ "::g", "'::g': unexpected character 'g' in an IPv6 address" },
	{ "fe80::1%eth0", "'fe80::1%eth0': zone ids are not allowed "
	    "('%eth0')" },
	{ "[::1]",
	    "'[::1]': brackets are not allowed around an IPv6 address" },
	{ "[::1]/64", "'[::1]/64': address: brackets are not allowed around "
	    "an IPv6 address" },
	{ "::ffff:256.1.1.1",
	    "'::ffff:256.1.1.1': IPv4 field '256' is out of range (0-255)" },
	{ "::1.2.3",
	    "'::1.2.3': expected 4 fields in an IPv4 address, found 3" },
	{ "::ab.1.2.3",
	    "'::ab.1.2.3': unexpected character 'a' in an IPv4 address" },
	{ "1.2.3.4(255.0.0.0",
	    "'1.2.3.4(255.0.0.0': expected ')' at the end of the mask" },
	{ "1.2.3.4(",
	    "'1.2.3.4(': expected ')' at the end of the mask" },
	{ "1.2.3.4()", "'1.2.3.4()': expected a mask between '(' and ')'" },
	{ "1.2.3.4(255.0.0.0)x",
	    "'1.2.3.4(255.0.0.0)x': unexpected text after ')'" },
	{ "1.2.3.4(255.0.0.0))", "'1.2.3.4(255.0.0.0))': mask: unexpected "
	    "character ')' in an IPv4 address" },
	{ "1.2.3.4(ffff::)", "'1.2.3.4(ffff::)': address and mask are of "
	    "different families (IPv4 and IPv6)" },
	{ "2001:db8::(ffff:0:ffff::)",
	    "'2001:db8::(ffff:0:ffff::)': mask 'ffff:0:ffff::' is not "
	    "contiguous" },
	/* Values the one-pass parser gives back to the full parser. */
	{ "1.2.3.04", "'1.2.3.04': IPv4 field '04' has a leading zero "
	    "(ambiguous: .NET reads it as octal)" },
	{ "00.1.2.3", "'00.1.2.3': IPv4 field '00' has a leading zero "
	    "(ambiguous: .NET reads it as octal)" },
	{ "1.2.3.4-01.2.3.4", "'1.2.3.4-01.2.3.4': end address: IPv4 field "
	    "'01' has a leading zero (ambiguous: .NET reads it as octal)" },
	{ "1.2.3.1234",
	    "'1.2.3.1234': IPv4 field '1234' is out of range (0-255)" },
	{ "1.2.3.256",
	    "'1.2.3.256': IPv4 field '256' is out of range (0-255)" },
	{ "1.2.3.4/33 ",
	    "'1.2.3.4/33 ': prefix length 33 is out of range (0-32)" },
	{ "1.2.3.4/24/", "'1.2.3.4/24/': expected a prefix length (0-32) "
	    "after '/'" },
	{ "1.2.3.4/ 24", "'1.2.3.4/ 24': expected a prefix length (0-32) "
	    "after '/'" },
	{ "1.2.3.4 /24", "'1.2.3.4 /24': address: unexpected character ' ' "
	    "in an IPv4 address" },
	{ "2001:db8::/64 x", "'2001:db8::/64 x': expected a prefix length "
	    "(0-128) after '/'" },
	{ "1.2.3.4-1.2.3.5 x", "'1.2.3.4-1.2.3.5 x': end address: "
	    "unexpected character ' ' in an IPv4 address" },
	{ "::1-::", "'::1-::': start address is after end address" },
	{ "1:2:3:4:5:6:7:8-::",
	    "'1:2:3:4:5:6:7:8-::': start address is after end address" },
	{ "::1-1.2.3.4", "'::1-1.2.3.4': start and end addresses are of "
	    "different families (IPv6 and IPv4)" },
	{ "1.2.3.4( 255.0.0.0)", "'1.2.3.4( 255.0.0.0)': mask: expected an "
	    "IPv4 or IPv6 address" },
	{ "1.2.3.4(255.0.0.0) x",
	    "'1.2.3.4(255.0.0.0) x': unexpected text after ')'" },
	{ "::(255.0.0.0)", "'::(255.0.0.0)': address and mask are of "
	    "different families (IPv6 and IPv4)" },
	{ "1.2.3.4(0.0.0.1)",
	    "'1.2.3.4(0.0.0.1)': mask '0.0.0.1' is not contiguous" },
	{ "1::2:3:4:5:6:7:8",
	    "'1::2:3:4:5:6:7:8': too many groups in an IPv6 address" },
	{ "1:2:3:4:5:6:7:8:",
	    "'1:2:3:4:5:6:7:8:': IPv6 address ends with a single ':'" },
	{ "::1:", "'::1:': IPv6 address ends with a single ':'" },
	{ "1:2", "'1:2': too few groups in an IPv6 address" },
	{ "12345:: ",
	    "'12345:: ': IPv6 group '12345' has more than 4 hex digits" },
};

START_TEST(test_parse_good)
{
	const struct good *g = &goods[_i];
	struct ipr r, r2;
	struct err e;
	char buf[IPR_STR_MAX + 1], cnt[U128_STR_MAX + 1];
	int n;

	err_clear(&e);
	ck_assert_msg(ipr_parse(g->in, &r, &e) == 0, "'%s': %s", g->in,
	    e.msg);
	ck_assert_int_eq(r.af, g->af);
	ck_assert_int_eq(r.form, g->form);
	ck_assert_msg(u128_cmp(r.lo, g->lo) == 0 && u128_cmp(r.hi, g->hi) == 0,
	    "'%s': lo %016llx%016llx hi %016llx%016llx", g->in,
	    (unsigned long long)r.lo.hi, (unsigned long long)r.lo.lo,
	    (unsigned long long)r.hi.hi, (unsigned long long)r.hi.lo);
	(void)ipr_count_fmt(&r, cnt, sizeof(cnt));
	ck_assert_str_eq(cnt, g->count);
	n = ipr_fmt(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, g->fmt);
	ck_assert_int_eq(n, (int)strlen(g->fmt));
	/* The canonical text parses back to the same value. */
	r2 = must_parse(buf);
	ck_assert(memcmp(&r, &r2, sizeof(r)) == 0);
}
END_TEST

START_TEST(test_parse_bad)
{
	const struct bad *b = &bads[_i];
	struct ipr r, keep;
	struct err e;

	memset(&r, 0x5a, sizeof(r));
	keep = r;
	err_clear(&e);
	ck_assert_int_eq(ipr_parse(b->in, &r, &e), -1);
	ck_assert_int_eq(e.kind, ERR_DATA);
	ck_assert_str_eq(e.msg, b->msg);
	/* The out-param is untouched on failure. */
	ck_assert(memcmp(&r, &keep, sizeof(r)) == 0);
}
END_TEST

/* ----------------------------------------------------- ipr_parse_common */

static const struct commoncase {
	const char	*in;
	size_t		 len;
	bool		 want;
} commons[] = {
	{ "10.1.2.3", 8, true },
	{ "10.1.2.3-10.1.2.9", 17, true },
	{ " 10.0.0.0/8 ", 12, true },
	{ "10.0.0.0(255.0.0.0)", 19, true },
	{ "2001:db8::/64", 13, true },
	{ "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 42, true },
	/* A NUL inside the value: its bytes are not the text ipr_parse sees. */
	{ "10.1.2.3\0junk", 13, false },
	{ "10.1.2.3\0", 9, false },
	/* Valid, but not a common form: for ipr_parse(). */
	{ "::ffff:10.1.2.3", 15, false },
	{ "1.2.3.4/00000000000000000000032", 31, true },
	/* Invalid. */
	{ "010.0.0.1", 9, false },
	{ "10.0.0.5-10.0.0.1", 17, false },
	{ "", 0, false },
	{ "10.1.2.3\xc3\xa9", 10, false },
};

START_TEST(test_parse_common)
{
	const struct commoncase *c = &commons[_i];
	struct ipr r, keep, full;
	struct err e;
	bool ok;

	memset(&r, 0x5a, sizeof(r));
	keep = r;
	ok = ipr_parse_common(c->in, c->len, &r);
	ck_assert_msg(ok == c->want, "'%s'", c->in);
	if (!ok) {
		ck_assert(memcmp(&r, &keep, sizeof(r)) == 0);
		return;
	}
	/* The same value as ipr_parse() gives, from plain ASCII. */
	err_clear(&e);
	memset(&full, 0, sizeof(full));
	ck_assert_int_eq(ipr_parse(c->in, &full, &e), 0);
	ck_assert(memcmp(&r, &full, sizeof(r)) == 0);
	ck_assert_uint_eq(strlen(c->in), c->len);
}
END_TEST

/* Every parse case: ipr_parse_common() agrees with ipr_parse() or passes. */
START_TEST(test_parse_common_agrees)
{
	const char *in = _i < (int)NITEMS(goods) ? goods[_i].in :
	    bads[_i - (int)NITEMS(goods)].in;
	struct ipr r, full;
	struct err e;
	size_t i;

	memset(&r, 0x5a, sizeof(r));
	memset(&full, 0x5a, sizeof(full));
	if (!ipr_parse_common(in, strlen(in), &r))
		return;
	ck_assert_int_eq(ipr_parse(in, &full, &e), 0);
	ck_assert_msg(memcmp(&r, &full, sizeof(r)) == 0, "'%s'", in);
	for (i = 0; in[i] != '\0'; i++)
		ck_assert((unsigned char)in[i] < 0x80);
}
END_TEST

/* -------------------------------------------------------------- ipr_fmt */

static const struct fmtcase {
	const char	*in;
	const char	*out;
} fmts[] = {
	/* RFC 5952 4.1: no leading zeros; 4.3: lower case. */
	{ "2001:0db8::0001", "2001:db8::1" },
	{ "2001:DB8::AbCd", "2001:db8::abcd" },
	/* 4.2.1: the longest run; 4.2.2: not one group; 4.2.3: first. */
	{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
	{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
	{ "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
	{ "0:0:1:0:0:1:0:0", "::1:0:0:1:0:0" },
	{ "1:0:0:0:0:0:0:0", "1::" },
	{ "0:0:0:0:0:0:0:0", "::" },
	{ "1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7:0" },
	{ "0:2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8" },
	/* 5: mixed notation for IPv4-mapped only. */
	{ "::ffff:a01:203", "::ffff:10.1.2.3" },
	{ "::ffff:0:0", "::ffff:0.0.0.0" },
	{ "::10.1.2.3", "::a01:203" },
	{ "64:ff9b::10.1.2.3", "64:ff9b::a01:203" },
	{ "::fffe:a01:203", "::fffe:a01:203" },
	{ "1::ffff:a01:203", "1::ffff:a01:203" },
	/* forms */
	{ " 10.0.0.0/8 ", "10.0.0.0/8" },
	{ "10.200.0.0/9", "10.128.0.0/9" },
	{ "10.0.0.1(255.255.255.254)", "10.0.0.0(255.255.255.254)" },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff(ffff:ffff:ffff:ffff:ffff:"
	    "ffff:ffff:fffe)", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe(ffff:"
	    "ffff:ffff:ffff:ffff:ffff:ffff:fffe)" },
	{ "::/1", "::/1" },
	{ "8000::/1", "8000::/1" },
	{ "2001:db8::1:2/127", "2001:db8::1:2/127" },
};

START_TEST(test_fmt)
{
	const struct fmtcase *f = &fmts[_i];
	struct ipr r = must_parse(f->in), r2;
	char buf[IPR_STR_MAX + 1], small[6];
	int n;

	n = ipr_fmt(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, f->out);
	ck_assert_int_eq(n, (int)strlen(f->out));
	ck_assert_int_le(n, IPR_STR_MAX);
	r2 = must_parse(buf);
	ck_assert(memcmp(&r, &r2, sizeof(r)) == 0);
	/* snprintf-style truncation. */
	ck_assert_int_eq(ipr_fmt(&r, small, sizeof(small)), n);
	ck_assert_int_eq(strncmp(small, f->out, sizeof(small) - 1), 0);
	ck_assert_uint_eq(strlen(small), (size_t)n < sizeof(small) ?
	    (size_t)n : sizeof(small) - 1);
	ck_assert_int_eq(ipr_fmt(&r, NULL, 0), n);
}
END_TEST

/* ------------------------------------------------------------ ipr_count */

static const struct countcase {
	const char	*in;
	const char	*sat;		/* u128_fmt(ipr_count()) */
	const char	*exact;		/* ipr_count_fmt() */
} counts[] = {
	{ "1.2.3.4", "1", "1" },
	{ "1.2.3.4/31", "2", "2" },
	{ "0.0.0.0/0", "4294967296", "4294967296" },
	{ "::/64", "18446744073709551616", "18446744073709551616" },
	{ "::/1", "170141183460469231731687303715884105728",
	    "170141183460469231731687303715884105728" },
	{ "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", V6ALLM1, V6ALLM1 },
	{ "::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", V6ALLM1, V6ALLM1 },
	{ "::/0", V6ALLM1, V6ALL },
	{ "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", V6ALLM1, V6ALL },
	{ "::(::)", V6ALLM1, V6ALL },
};

START_TEST(test_count)
{
	const struct countcase *c = &counts[_i];
	struct ipr r = must_parse(c->in);
	char buf[U128_STR_MAX + 1];

	(void)u128_fmt(ipr_count(&r), buf, sizeof(buf));
	ck_assert_str_eq(buf, c->sat);
	ck_assert_int_eq(ipr_count_fmt(&r, buf, sizeof(buf)),
	    (int)strlen(c->exact));
	ck_assert_str_eq(buf, c->exact);
}
END_TEST

/* --------------------------------------------------- ipr_is_single_host */

static const struct boolcase {
	const char	*in;
	bool		 want;
} singles[] = {
	{ "1.2.3.4", true },
	{ "1.2.3.4/32", true },
	{ "1.2.3.4-1.2.3.4", true },
	{ "1.2.3.4(255.255.255.255)", true },
	{ "::1/128", true },
	{ "2001:db8::1-2001:db8::1", true },
	{ "1.2.3.4/31", false },
	{ "1.2.3.4-1.2.3.5", false },
	{ "::/127", false },
	{ "0.0.0.0/0", false },
};

START_TEST(test_is_single_host)
{
	struct ipr r = must_parse(singles[_i].in);

	ck_assert_msg(ipr_is_single_host(&r) == singles[_i].want, "'%s'",
	    singles[_i].in);
}
END_TEST

/* --------------------------------------------------- ipr_reaches_public */

static const struct boolcase publics[] = {
	{ "8.8.8.8", true },
	{ "11.0.0.0", true },
	{ "10.0.0.0/8", false },
	{ "10.0.0.0-12.0.0.0", true },		/* 11/8 in between */
	{ "10.0.0.0-10.255.255.255", false },
	{ "0.0.0.0-255.255.255.255", true },
	{ "0.0.0.0", false },
	{ "0.0.0.0/8", false },
	{ "127.0.0.1", false },
	{ "100.64.0.0/10", false },
	{ "100.128.0.0", true },
	{ "169.254.1.1", false },
	{ "172.16.0.0-172.31.255.255", false },
	{ "172.32.0.0", true },
	{ "192.0.0.0/23", true },		/* 192.0.1/24 is public */
	{ "192.0.0.0/24", false },
	{ "192.0.2.0/24", false },
	{ "192.168.0.0/16", false },
	{ "198.18.0.0/15", false },
	{ "198.20.0.0", true },
	{ "198.51.100.7", false },
	{ "203.0.113.0(255.255.255.0)", false },
	{ "224.0.0.0-255.255.255.255", false },
	{ "223.255.255.255-255.255.255.255", true },
	{ "::", false },
	{ "::1", false },
	{ "::2", true },
	{ "::-::1", false },
	{ "::ffff:10.1.2.3", false },
	{ "::ffff:8.8.8.8", true },
	{ "::ffff:10.0.0.0/104", false },
	{ "::ffff:0.0.0.0/96", true },
	{ "64:ff9b::10.0.0.1", false },
	{ "64:ff9b::192.168.0.0/112", false },
	{ "64:ff9b::8.8.8.8", true },
	{ "100::/64", false },
	{ "100:0:0:1::", true },
	{ "2001:db8::/32", false },
	{ "2001:db8::/31", true },
	{ "2001:4860::/32", true },
	{ "fc00::/7", false },
	{ "fd12:3456::1", false },
	{ "fe80::/10", false },
	{ "fec0::", true },
	{ "ff02::1", false },
	{ "ff00::/8", false },
	{ "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false },
	{ "fe80::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true },
	{ "::/0", true },
	/* Edges of the IPv6 block table (adjacent blocks, mapped ends). */
	{ "::-::2", true },
	{ "::fffe:ffff:ffff-::ffff:0:0", true },
	{ "::ffff:223.255.255.255-::ffff:255.255.255.255", true },
	{ "::ffff:224.0.0.0-::ffff:255.255.255.255", false },
	{ "::ffff:255.255.255.255-::1:0:0:0", true },
	{ "64:ff9b::240.0.0.0-64:ff9b::255.255.255.255", false },
	{ "64:ff9b::ffff:ffff-64:ff9b::1:0:0", true },
	{ "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false },
	{ "fe80::-fec0::", true },
	{ "ff00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false },
	{ "240.0.0.0-255.255.255.255", false },
};

START_TEST(test_reaches_public)
{
	struct ipr r = must_parse(publics[_i].in);

	ck_assert_msg(ipr_reaches_public(&r) == publics[_i].want, "'%s'",
	    publics[_i].in);
}
END_TEST

/* --------------------------------------------------------- ipr_contains */

static const struct containscase {
	const char	*range;
	const char	*addr;
	bool		 want;
} contains[] = {
	{ "10.0.0.0/8", "10.1.2.3", true },
	{ "10.0.0.0/8", "10.0.0.0", true },
	{ "10.0.0.0/8", "10.255.255.255", true },
	{ "10.0.0.0/8", "11.0.0.0", false },
	{ "10.0.0.0/8", "9.255.255.255", false },
	{ "10.0.0.0/8", "::ffff:10.1.2.3", false },	/* other family */
	{ "::ffff:0:0/96", "10.1.2.3", false },
	{ "192.168.5.10-192.168.5.20", "192.168.5.20", true },
	{ "192.168.5.10-192.168.5.20", "192.168.5.21", false },
	{ "192.168.5.10-192.168.5.20", "192.168.5.9", false },
	{ "::/0", "::", true },
	{ "::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true },
	{ "2001:db8::(ffff:ffff::)", "2001:db8:ffff::1", true },
	{ "2001:db8::(ffff:ffff::)", "2001:db9::", false },
};

START_TEST(test_contains)
{
	const struct containscase *c = &contains[_i];
	struct ipr r = must_parse(c->range), a = must_parse(c->addr);

	ck_assert_msg(ipr_contains(&r, a.af, a.lo) == c->want, "'%s' '%s'",
	    c->range, c->addr);
}
END_TEST

/* -------------------------------------------------------- ipr_summarise */

static const struct sumcase {
	const char	*in[8];
	bool		 wider, all4, all6, pub;
	uint64_t	 n4;
	const char	*n6;		/* ipr_summary_ipv6_fmt() */
	size_t		 widest;
	const char	*wcount;	/* u128_fmt(widest_count) */
} sums[] = {
	/* The default connector's two whole-space values. */
	{ { "0.0.0.0-255.255.255.255",
	    "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	    true, true, true, true, 4294967296u, V6ALL, 1, V6ALLM1 },
	/* DOC-RELAY's relay connector: two hosts, not wider. */
	{ { "192.168.5.10", "192.168.5.11" },
	    false, false, false, false, 2, "0", 0, "1" },
	{ { "10.0.0.0/24" }, true, false, false, false, 256, "0", 0, "256" },
	{ { "10.0.0.0-12.0.0.0" }, true, false, false, true, 33554433, "0",
	    0, "33554433" },
	{ { "0.0.0.0/1", "128.0.0.0/1" }, true, true, false, true,
	    4294967296u, "0", 0, "2147483648" },
	{ { "128.0.0.0/1", "0.0.0.0-127.255.255.254", "127.255.255.255" },
	    true, true, false, true, 4294967296u, "0", 0, "2147483648" },
	{ { "0.0.0.0/0", "0.0.0.0/0" }, true, true, false, true,
	    4294967296u, "0", 0, "4294967296" },
	{ { "::/0" }, true, false, true, true, 0, V6ALL, 0, V6ALLM1 },
	{ { "::/1", "8000::/1" }, true, false, true, true, 0, V6ALL, 0,
	    "170141183460469231731687303715884105728" },
	{ { "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe" }, true, false,
	    false, true, 0, V6ALLM1, 0, V6ALLM1 },
	{ { "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" }, true, false, true,
	    true, 0, V6ALL, 0, V6ALLM1 },
	{ { "::ffff:10.0.0.0/104", "::ffff:192.168.0.0/112" }, true, false,
	    false, false, 0, "16842752", 0, "16777216" },
	{ { "::ffff:10.0.0.0/104", "::ffff:8.8.8.8" }, true, false, false,
	    true, 0, "16777217", 0, "16777216" },
	{ { "64:ff9b::10.0.0.0/104" }, true, false, false, false, 0,
	    "16777216", 0, "16777216" },
	{ { "2001:db8::/32" }, true, false, false, false, 0,
	    "79228162514264337593543950336", 0,
	    "79228162514264337593543950336" },
	{ { "2001:4860::/32" }, true, false, false, true, 0,
	    "79228162514264337593543950336", 0,
	    "79228162514264337593543950336" },
	/* Overlapping and adjacent values are counted once. */
	{ { "10.0.0.0/8", "10.1.0.0/16", "10.255.255.255-11.0.0.0" }, true,
	    false, false, true, 16777217, "0", 0, "16777216" },
	{ { "10.0.0.0-10.0.0.9", "10.0.0.10-10.0.0.19", "10.0.0.5" }, true,
	    false, false, false, 20, "0", 0, "10" },
	{ { "192.168.5.10", "fe80::/10", "fc00::/7" }, true, false, false,
	    false, 1, "2990762990516060714033565885630775296", 2,
	    "2658455991569831745807614120560689152" },
	{ { "::1", "::1", "10.0.0.1" }, false, false, false, false, 1, "1",
	    0, "1" },
	/*
	 * Public space is checked on each union with one cursor over the
	 * blocks: spans sharing a block, then moving on to later ones.
	 */
	{ { "10.0.0.1", "10.0.0.3", "172.16.0.1", "172.16.0.3",
	    "192.168.1.1-192.168.1.5" }, true, false, false, false, 9, "0",
	    4, "5" },
	{ { "10.0.0.1", "10.0.0.3", "11.0.0.0" }, false, false, false, true,
	    3, "0", 0, "1" },
	{ { "2001:db8::1", "2001:db8::3", "fd00::1", "fe80::1", "ff02::1" },
	    false, false, false, false, 0, "5", 0, "1" },
	{ { "::1", "::ffff:10.0.0.1", "64:ff9b::192.168.0.1", "2001:db8::1",
	    "ff02::1" }, false, false, false, false, 0, "5", 0, "1" },
	{ { "::1", "::ffff:10.0.0.1", "::ffff:10.0.0.3", "64:ff9b::8.8.8.8" },
	    false, false, false, true, 0, "4", 0, "1" },
	/* Public IPv4 settles it; IPv6 alone can too. */
	{ { "8.8.8.8", "2001:db8::1" }, false, false, false, true, 1, "1", 0,
	    "1" },
	{ { "10.0.0.1", "2001:4860::1" }, false, false, false, true, 1, "1",
	    0, "1" },
	{ { NULL }, false, false, false, false, 0, "0", 0, "0" },
};

START_TEST(test_summarise)
{
	const struct sumcase *c = &sums[_i];
	struct ipr r[8];
	struct ipr_summary s;
	char buf[U128_STR_MAX + 1];
	size_t n;

	for (n = 0; n < NITEMS(c->in) && c->in[n] != NULL; n++)
		r[n] = must_parse(c->in[n]);
	memset(&s, 0xa5, sizeof(s));
	ipr_summarise(r, n, &s);
	ck_assert_uint_eq(s.nvalues, n);
	ck_assert_uint_eq(s.ninvalid, 0);
	ck_assert(s.wider_than_one_host == c->wider);
	ck_assert(s.covers_all_ipv4 == c->all4);
	ck_assert(s.covers_all_ipv6 == c->all6);
	ck_assert(s.reaches_public == c->pub);
	ck_assert_uint_eq(s.ipv4_addresses, c->n4);
	(void)ipr_summary_ipv6_fmt(&s, buf, sizeof(buf));
	ck_assert_str_eq(buf, c->n6);
	ck_assert_uint_eq(s.widest, c->widest);
	(void)u128_fmt(s.widest_count, buf, sizeof(buf));
	ck_assert_str_eq(buf, c->wcount);
	/* The saturated field agrees with the exact text below 2^128. */
	(void)u128_fmt(s.ipv6_addresses, buf, sizeof(buf));
	if (!c->all6)
		ck_assert_str_eq(buf, c->n6);
	else
		ck_assert_str_eq(buf, V6ALLM1);
}
END_TEST

/* ------------------------------------------------- u128_fmt, u128_cmp */

static const struct u128fmtcase {
	struct u128	 v;
	const char	*s;
} u128fmts[] = {
	{ U(0, 0), "0" },
	{ U(0, 1), "1" },
	{ U(0, 10), "10" },
	{ U(0, 4294967296u), "4294967296" },
	{ U(0, 10000000000000000000u), "10000000000000000000" },
	{ U(0, ALL), "18446744073709551615" },
	{ U(1, 0), "18446744073709551616" },
	{ U(0x4b3b4ca85a86c47a, 0x098a224000000000),
	    "100000000000000000000000000000000000000" },
	{ U(ALL, ALL), V6ALLM1 },
};

START_TEST(test_u128_fmt)
{
	const struct u128fmtcase *c = &u128fmts[_i];
	char buf[U128_STR_MAX + 1], small[4];
	int n;

	n = u128_fmt(c->v, buf, sizeof(buf));
	ck_assert_str_eq(buf, c->s);
	ck_assert_int_eq(n, (int)strlen(c->s));
	ck_assert_int_eq(u128_fmt(c->v, small, sizeof(small)), n);
	ck_assert_int_eq(strncmp(small, c->s, sizeof(small) - 1), 0);
	ck_assert_int_eq(u128_fmt(c->v, NULL, 0), n);
}
END_TEST

static const struct u128cmpcase {
	struct u128	a, b;
	int		want;
} u128cmps[] = {
	{ U(0, 0), U(0, 0), 0 },
	{ U(0, 1), U(0, 2), -1 },
	{ U(0, 2), U(0, 1), 1 },
	{ U(1, 0), U(0, ALL), 1 },
	{ U(0, ALL), U(1, 0), -1 },
	{ U(ALL, ALL), U(ALL, ALL), 0 },
	{ U(ALL, 0), U(ALL, 1), -1 },
};

START_TEST(test_u128_cmp)
{
	const struct u128cmpcase *c = &u128cmps[_i];

	ck_assert_int_eq(u128_cmp(c->a, c->b), c->want);
	ck_assert_int_eq(u128_cmp(c->b, c->a), -c->want);
}
END_TEST

/* ------------------------------------------- union property (seeded) */

static uint64_t
rnd(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

#define UNIVERSE	4096	/* addresses in the bitmap */
#define NRANGES		200

/*
 * Random values inside a small universe (so a bitmap gives the true
 * union) in every form, written as text and parsed; plus a few huge IPv6
 * values.  The union must equal the bitmap count, be at most the sum of
 * the parts and at least the largest part; every value must re-parse
 * from its canonical text.
 */
START_TEST(test_union_property)
{
	static uint8_t bm4[UNIVERSE], bm6[UNIVERSE];
	struct ipr r[NRANGES], r2;
	struct ipr_summary s;
	char text[IPR_STR_MAX + 1], in[128];
	uint64_t seed = UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(_i + 1);
	uint64_t sum4 = 0, max4 = 0, bits4 = 0, bits6 = 0, lo, hi;
	struct u128 sum6 = U(0, 0), max6 = U(0, 0), c;
	size_t i, n, k;
	bool huge = false;
	int len;

	memset(bm4, 0, sizeof(bm4));
	memset(bm6, 0, sizeof(bm6));
	n = 1 + rnd(&seed) % NRANGES;
	for (i = 0; i < n; i++) {
		bool v6 = rnd(&seed) % 2;
		unsigned form = (unsigned)(rnd(&seed) % 4);
		char a[64], b[64];
		bool big = false;

		lo = rnd(&seed) % UNIVERSE;
		hi = lo + rnd(&seed) % (rnd(&seed) % 2 ? 16 : 512);
		if (hi >= UNIVERSE)
			hi = UNIVERSE - 1;
		len = 0;
		if (form >= 2) {	/* an aligned block around lo */
			len = (int)(rnd(&seed) % 10);
			lo &= ~(uint64_t)((1u << len) - 1);
			hi = lo + (1u << len) - 1;
		}
		if (v6 && rnd(&seed) % 50 == 0) {
			/*
			 * Huge: a /1 to /8 in 1000::-7fff:..., all of them
			 * partly public; not checked against a bitmap.
			 */
			int plen = 1 + (int)(rnd(&seed) % 8);

			(void)snprintf(in, sizeof(in), "%x::/%d",
			    (unsigned)((0x10 + rnd(&seed) % 0x70) << 8), plen);
			huge = big = true;
			r[i] = must_parse(in);
		} else if (v6) {
			(void)snprintf(a, sizeof(a), "2001:db8::%x:%x",
			    (unsigned)(lo >> 16), (unsigned)(lo & 0xffff));
			(void)snprintf(b, sizeof(b), "2001:db8::%x:%x",
			    (unsigned)(hi >> 16), (unsigned)(hi & 0xffff));
			if (form == 0 && lo == hi)
				(void)snprintf(in, sizeof(in), "%s", a);
			else if (form <= 1)
				(void)snprintf(in, sizeof(in), "%s-%s", a,
				    b);
			else if (form == 2)
				(void)snprintf(in, sizeof(in), "%s/%d", b,
				    128 - len);
			else
				(void)snprintf(in, sizeof(in),
				    "%s(ffff:ffff:ffff:ffff:ffff:ffff:ffff:%x)",
				    b, (unsigned)(0xffffu << len) & 0xffff);
			r[i] = must_parse(in);
			for (k = lo; k <= hi; k++)
				bm6[k] = 1;
		} else {
			(void)snprintf(a, sizeof(a), "10.0.%u.%u",
			    (unsigned)(lo >> 8), (unsigned)(lo & 0xff));
			(void)snprintf(b, sizeof(b), "10.0.%u.%u",
			    (unsigned)(hi >> 8), (unsigned)(hi & 0xff));
			if (form == 0 && lo == hi)
				(void)snprintf(in, sizeof(in), "%s", a);
			else if (form <= 1)
				(void)snprintf(in, sizeof(in), "%s-%s", a,
				    b);
			else if (form == 2)
				(void)snprintf(in, sizeof(in), "%s/%d", b,
				    32 - len);
			else
				(void)snprintf(in, sizeof(in),
				    "%s(255.255.%u.%u)", b,
				    (unsigned)((0xffffu << len) >> 8) & 0xff,
				    (unsigned)(0xffu << len) & 0xff);
			r[i] = must_parse(in);
			for (k = lo; k <= hi; k++)
				bm4[k] = 1;
		}
		c = ipr_count(&r[i]);
		if (!big)
			ck_assert_msg(c.hi == 0 && c.lo == hi - lo + 1,
			    "'%s'", in);
		if (r[i].af == 4) {
			sum4 += c.lo;
			if (c.lo > max4)
				max4 = c.lo;
		} else {
			/* Exact here: the parts are far below 2^128. */
			sum6.lo += c.lo;
			sum6.hi += c.hi + (sum6.lo < c.lo);
			if (u128_cmp(c, max6) > 0)
				max6 = c;
		}
		/* Canonical text round trip. */
		(void)ipr_fmt(&r[i], text, sizeof(text));
		r2 = must_parse(text);
		ck_assert_msg(memcmp(&r[i], &r2, sizeof(r2)) == 0, "'%s'",
		    text);
	}
	for (k = 0; k < UNIVERSE; k++) {
		bits4 += bm4[k];
		bits6 += bm6[k];
	}
	ipr_summarise(r, n, &s);
	ck_assert_uint_eq(s.ipv4_addresses, bits4);
	ck_assert_uint_le(s.ipv4_addresses, sum4);
	ck_assert_uint_ge(s.ipv4_addresses, max4);
	if (!huge)
		ck_assert(s.ipv6_addresses.hi == 0 &&
		    s.ipv6_addresses.lo == bits6);
	ck_assert_int_le(u128_cmp(s.ipv6_addresses, sum6), 0);
	ck_assert_int_ge(u128_cmp(s.ipv6_addresses, max6), 0);
	ck_assert(!s.covers_all_ipv4 && !s.covers_all_ipv6);
	ck_assert(s.reaches_public == huge);
}
END_TEST

/* --------------------------------------------------------------- suite */

Suite *
suite_ipr(void)
{
	Suite *s = suite_create("ipr");
	TCase *tc;

	tc = tcase_create("parse_good");
	tcase_add_loop_test(tc, test_parse_good, 0, (int)NITEMS(goods));
	suite_add_tcase(s, tc);
	tc = tcase_create("parse_bad");
	tcase_add_loop_test(tc, test_parse_bad, 0, (int)NITEMS(bads));
	suite_add_tcase(s, tc);
	tc = tcase_create("parse_common");
	tcase_add_loop_test(tc, test_parse_common, 0, (int)NITEMS(commons));
	tcase_add_loop_test(tc, test_parse_common_agrees, 0,
	    (int)(NITEMS(goods) + NITEMS(bads)));
	suite_add_tcase(s, tc);
	tc = tcase_create("fmt");
	tcase_add_loop_test(tc, test_fmt, 0, (int)NITEMS(fmts));
	suite_add_tcase(s, tc);
	tc = tcase_create("count");
	tcase_add_loop_test(tc, test_count, 0, (int)NITEMS(counts));
	suite_add_tcase(s, tc);
	tc = tcase_create("is_single_host");
	tcase_add_loop_test(tc, test_is_single_host, 0, (int)NITEMS(singles));
	suite_add_tcase(s, tc);
	tc = tcase_create("reaches_public");
	tcase_add_loop_test(tc, test_reaches_public, 0, (int)NITEMS(publics));
	suite_add_tcase(s, tc);
	tc = tcase_create("contains");
	tcase_add_loop_test(tc, test_contains, 0, (int)NITEMS(contains));
	suite_add_tcase(s, tc);
	tc = tcase_create("summarise");
	tcase_add_loop_test(tc, test_summarise, 0, (int)NITEMS(sums));
	suite_add_tcase(s, tc);
	tc = tcase_create("u128_fmt");
	tcase_add_loop_test(tc, test_u128_fmt, 0, (int)NITEMS(u128fmts));
	suite_add_tcase(s, tc);
	tc = tcase_create("u128_cmp");
	tcase_add_loop_test(tc, test_u128_cmp, 0, (int)NITEMS(u128cmps));
	suite_add_tcase(s, tc);
	tc = tcase_create("union_property");
	tcase_add_loop_test(tc, test_union_property, 0, 64);
	suite_add_tcase(s, tc);
	return s;
}
