// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the userspace building blocks: address/port parsing and
 * printing (userspace/common/range.c) and the deterministic arithmetic as
 * cgnatctl runs it (kmod/det.c), pinned by hand-computed vectors: a change
 * of formula would silently change the answer to past lookups.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "det.h"
#include "range.h"


static uint32_t A(const char *s)
{
	struct in_addr in;

	inet_pton(AF_INET, s, &in);
	return ntohl(in.s_addr);
}

static void test_parse_addrs(void)
{
	static const struct { const char *in; int ok; const char *first, *last; } v[] = {
		{ "100.64.0.0/22", 1, "100.64.0.0", "100.64.3.255" },
		{ "203.0.113.5", 1, "203.0.113.5", "203.0.113.5" },
		{ "203.0.113.5/32", 1, "203.0.113.5", "203.0.113.5" },
		{ "0.0.0.0/0", 1, "0.0.0.0", "255.255.255.255" },
		{ "10.0.0.9-10.0.1.3", 1, "10.0.0.9", "10.0.1.3" },
		{ "10.0.0.9-10.0.0.1", 0, NULL, NULL },		/* inverted */
		{ "100.64.0.5/22", 0, NULL, NULL },		/* host bits */
		{ "100.64.0.0/33", 0, NULL, NULL },
		{ "100.64.0.0/", 0, NULL, NULL },
		{ "100.64.0/24", 0, NULL, NULL },
		{ "300.1.1.1", 0, NULL, NULL },
		{ "", 0, NULL, NULL },
		{ "1.2.3.4-", 0, NULL, NULL },
		{ "fe80::1", 0, NULL, NULL },
	};
	const char *why;
	uint32_t f, l;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		why = NULL;
		int r = range_parse_addrs(v[i].in, &f, &l, &why);

		CHECK((r == 0) == v[i].ok, "parse_addrs(\"%s\") = %d", v[i].in, r);
		if (v[i].ok && !r)
			CHECK(f == A(v[i].first) && l == A(v[i].last),
			      "parse_addrs(\"%s\") range", v[i].in);
		if (!v[i].ok)
			CHECK(why && *why, "parse_addrs(\"%s\") gives a reason", v[i].in);
	}
}

static void test_parse_ports(void)
{
	static const struct { const char *in; int ok; uint32_t a, b; } v[] = {
		{ "1024-65535", 1, 1024, 65535 }, { "80", 1, 80, 80 },
		{ "1:2", 1, 1, 2 }, { "0-10", 0, 0, 0 }, { "5-3", 0, 0, 0 },
		{ "1-65536", 0, 0, 0 }, { "x", 0, 0, 0 }, { "-5", 0, 0, 0 },
		{ "1024-", 0, 0, 0 }, { "99999999999999999999", 0, 0, 0 },
	};
	const char *why;
	uint32_t a, b;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int r = range_parse_ports(v[i].in, &a, &b, &why);

		CHECK((r == 0) == v[i].ok, "parse_ports(\"%s\") = %d", v[i].in, r);
		if (v[i].ok && !r)
			CHECK(a == v[i].a && b == v[i].b, "parse_ports(\"%s\")", v[i].in);
	}
}

static void test_endpoint(void)
{
	const char *why;
	uint32_t a;
	int32_t p;

	CHECK(!range_parse_endpoint("203.0.113.5:18510", &a, &p, &why) &&
	      a == A("203.0.113.5") && p == 18510, "endpoint with port");
	CHECK(!range_parse_endpoint("100.64.1.7", &a, &p, &why) && p == -1,
	      "endpoint without port");
	CHECK(range_parse_endpoint("100.64.1.7:", &a, &p, &why), "empty port");
	CHECK(range_parse_endpoint("100.64.1.7:65536", &a, &p, &why), "port too big");
	CHECK(range_parse_endpoint("host:80", &a, &p, &why), "name refused");
}

static void test_format(void)
{
	static const struct { const char *first, *last, *want; } v[] = {
		{ "100.64.0.0", "100.64.3.255", "100.64.0.0/22" },
		{ "203.0.113.5", "203.0.113.5", "203.0.113.5" },
		{ "10.0.0.1", "10.0.0.60", "10.0.0.1-10.0.0.60" },
		{ "10.0.0.2", "10.0.0.5", "10.0.0.2-10.0.0.5" },	/* size 4, unaligned */
		{ "0.0.0.0", "255.255.255.255", "0.0.0.0/0" },
	};
	char buf[RANGE_STRLEN];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		range_format_addrs(buf, A(v[i].first), A(v[i].last));
		CHECK(!strcmp(buf, v[i].want), "format %s-%s = %s", v[i].first,
		      v[i].last, buf);
	}
}

/* Hand-computed: 10 subscribers on 4 addresses, ports 1024-1123. */
static void test_det_vectors(void)
{
	static const struct { uint32_t off, addr_off, first, last; } v[] = {
		/* a(i) = floor(4i/10): 0,0,0,1,1,2,2,2,3,3; ceil(10/4) = 3
		 * subscribers per address at most, 100/3 = 33 ports each */
		{ 0, 0, 1024, 1056 }, { 2, 0, 1090, 1122 }, { 3, 1, 1024, 1056 },
		{ 4, 1, 1057, 1089 }, { 5, 2, 1024, 1056 }, { 7, 2, 1090, 1122 },
		{ 9, 3, 1057, 1089 },
	};
	struct cgnat_det d;
	struct cgnat_det_map m;
	uint32_t sub;
	size_t i;

	CHECK(!cgnat_det_init(&d, A("100.64.0.0"), A("100.64.0.9"),
			      A("203.0.113.0"), A("203.0.113.3"), 1024, 1123, NULL),
	      "det init");
	CHECK(d.ports_per_sub == 33 && d.subs_per_addr == 3, "det sizes");
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		CHECK(cgnat_det_forward(&d, A("100.64.0.0") + v[i].off, &m) &&
		      m.addr == A("203.0.113.0") + v[i].addr_off &&
		      m.port_first == v[i].first && m.port_last == v[i].last,
		      "forward subscriber %u", v[i].off);
		CHECK(cgnat_det_reverse(&d, m.addr, v[i].last, &sub) &&
		      sub == A("100.64.0.0") + v[i].off, "reverse %u", v[i].off);
	}
	CHECK(!cgnat_det_reverse(&d, A("203.0.113.1"), 1090, &sub),
	      "address 1 has only two subscribers: third slot empty");
	CHECK(!cgnat_det_reverse(&d, A("203.0.113.0"), 1123, &sub),
	      "port past the last full slot is nobody's");
	CHECK(cgnat_det_init(&d, 1, 0, 0, 0, 1, 1, NULL) == -EINVAL, "inverted refused");
}

int main(void)
{
	test_parse_addrs();
	test_parse_ports();
	test_endpoint();
	test_format();
	test_det_vectors();
	printf("units: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
