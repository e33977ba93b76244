// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the deterministic arithmetic (kmod/det.c), checked exhaustively
 * on small and odd configurations: every subscriber, every port.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include "det.h"

struct det_case {
	const char *name;
	u32 in_count, out_count, port_min, port_max;
};

static const struct det_case det_cases[] = {
	{ "one subscriber, one address, one port", 1, 1, 1, 1 },
	{ "10 on 4 (not a multiple)", 10, 4, 1024, 1123 },
	{ "7 on 3, all ports", 7, 3, 1024, 65535 },
	{ "one outside address", 100, 1, 2000, 2099 },
	{ "more outside than inside", 5, 8, 1024, 1073 },
	{ "1 inside on 5 outside", 1, 5, 10, 19 },
	{ "equal counts", 3, 3, 3, 5 },
	{ "33 on 32", 33, 32, 1024, 1100 },
	{ "1000 on 7", 1000, 7, 40000, 40999 },
	{ "256 on 1, full range", 256, 1, 1024, 65535 },
	{ "ports not divisible", 3, 1, 1000, 1009 },
};

static void det_case_to_desc(const struct det_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(det, det_cases, det_case_to_desc);

#define IN_BASE 0x64400000u	/* 100.64.0.0 */
#define OUT_BASE 0xcb007100u	/* 203.0.113.0 */

static void check_subscriber(struct kunit *test, const struct cgnat_det *d,
			     u32 sub, u32 *per_addr)
{
	struct cgnat_det_map m;
	u32 port, back;

	KUNIT_ASSERT_TRUE(test, cgnat_det_forward(d, sub, &m));
	KUNIT_ASSERT_GE(test, m.addr, d->out_first);
	KUNIT_ASSERT_LT(test, (u64)m.addr - d->out_first, d->out_count);
	KUNIT_ASSERT_GE(test, m.port_first, d->port_min);
	KUNIT_ASSERT_LT(test, m.port_last - d->port_min, d->port_count);
	KUNIT_ASSERT_EQ(test, m.port_last - m.port_first + 1, d->ports_per_sub);
	per_addr[m.addr - d->out_first]++;
	for (port = m.port_first; port <= m.port_last; port++) {
		KUNIT_ASSERT_TRUE(test, cgnat_det_reverse(d, m.addr, port,
							  &back));
		KUNIT_ASSERT_EQ(test, back, sub);
	}
}

/* reverse() of any (address, port) names a subscriber that owns it. */
static void check_every_port(struct kunit *test, const struct cgnat_det *d)
{
	u32 a, port, sub, owned = 0;
	struct cgnat_det_map m;

	for (a = 0; a < d->out_count; a++) {
		for (port = 1; port <= 65535; port++) {
			if (!cgnat_det_reverse(d, d->out_first + a, port, &sub))
				continue;
			KUNIT_ASSERT_TRUE(test, cgnat_det_forward(d, sub, &m));
			KUNIT_ASSERT_EQ(test, m.addr, d->out_first + a);
			KUNIT_ASSERT_TRUE(test, port >= m.port_first &&
					  port <= m.port_last);
			owned++;
		}
	}
	/* so ranges are disjoint: every owned port counted exactly once */
	KUNIT_EXPECT_EQ(test, owned, (u32)d->in_count * d->ports_per_sub);
}

static void check_even(struct kunit *test, const struct cgnat_det *d,
		       const u32 *per_addr)
{
	u32 a, lo = U32_MAX, hi = 0, last = 0, gap_lo = U32_MAX, gap_hi = 0;
	bool seen = false;

	for (a = 0; a < d->out_count; a++) {
		lo = min(lo, per_addr[a]);
		hi = max(hi, per_addr[a]);
		if (!per_addr[a])
			continue;
		KUNIT_EXPECT_LE(test, per_addr[a], d->subs_per_addr);
		if (seen) {
			gap_lo = min(gap_lo, a - last);
			gap_hi = max(gap_hi, a - last);
		}
		seen = true;
		last = a;
	}
	if (d->in_count >= d->out_count)
		KUNIT_EXPECT_LE(test, hi - lo, 1u);
	else if (gap_hi)	/* one subscriber per address, spread evenly */
		KUNIT_EXPECT_LE(test, gap_hi - gap_lo, 1u);
}

static void det_exhaustive_test(struct kunit *test)
{
	const struct det_case *c = test->param_value;
	struct cgnat_det d;
	u32 *per_addr, i;

	KUNIT_ASSERT_EQ(test, cgnat_det_init(&d, IN_BASE,
					     IN_BASE + c->in_count - 1,
					     OUT_BASE,
					     OUT_BASE + c->out_count - 1,
					     c->port_min, c->port_max, NULL),
			0);
	KUNIT_ASSERT_GE(test, d.ports_per_sub, 1u);
	per_addr = kunit_kcalloc(test, c->out_count, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, per_addr);
	for (i = 0; i < c->in_count; i++)
		check_subscriber(test, &d, IN_BASE + i, per_addr);
	check_every_port(test, &d);
	check_even(test, &d, per_addr);
}

static void det_edges_test(struct kunit *test)
{
	struct cgnat_det d;
	struct cgnat_det_map m;
	u32 sub;

	KUNIT_ASSERT_EQ(test, cgnat_det_init(&d, IN_BASE, IN_BASE + 9,
					     OUT_BASE, OUT_BASE + 3, 1024,
					     1123, NULL), 0);
	/* first subscriber: first address, first ports */
	KUNIT_ASSERT_TRUE(test, cgnat_det_forward(&d, IN_BASE, &m));
	KUNIT_EXPECT_EQ(test, m.addr, OUT_BASE);
	KUNIT_EXPECT_EQ(test, m.port_first, 1024u);
	/* last subscriber: last address */
	KUNIT_ASSERT_TRUE(test, cgnat_det_forward(&d, IN_BASE + 9, &m));
	KUNIT_EXPECT_EQ(test, m.addr, OUT_BASE + 3);
	/* just outside the inside range */
	KUNIT_EXPECT_FALSE(test, cgnat_det_forward(&d, IN_BASE - 1, &m));
	KUNIT_EXPECT_FALSE(test, cgnat_det_forward(&d, IN_BASE + 10, &m));
	/* 3 per address x 33 ports: 1122 is the last owned port, 1123 the
	 * unused tail; then ports below and above the range
	 */
	KUNIT_EXPECT_TRUE(test, cgnat_det_reverse(&d, OUT_BASE, 1122, &sub));
	KUNIT_EXPECT_FALSE(test, cgnat_det_reverse(&d, OUT_BASE, 1123, &sub));
	KUNIT_EXPECT_FALSE(test, cgnat_det_reverse(&d, OUT_BASE, 1023, &sub));
	KUNIT_EXPECT_FALSE(test, cgnat_det_reverse(&d, OUT_BASE, 1124, &sub));
	KUNIT_EXPECT_FALSE(test, cgnat_det_reverse(&d, OUT_BASE + 4, 2000,
						   &sub));
}

/* The whole IPv4 space on itself: no 64-bit overflow at the top. */
static void det_full_space_test(struct kunit *test)
{
	struct cgnat_det d;
	struct cgnat_det_map m;
	u32 sub;

	KUNIT_ASSERT_EQ(test, cgnat_det_init(&d, 0, U32_MAX, 0, U32_MAX, 1,
					     65535, NULL), 0);
	KUNIT_EXPECT_EQ(test, d.subs_per_addr, 1u);
	KUNIT_ASSERT_TRUE(test, cgnat_det_forward(&d, U32_MAX, &m));
	KUNIT_EXPECT_EQ(test, m.addr, U32_MAX);
	KUNIT_ASSERT_TRUE(test, cgnat_det_reverse(&d, U32_MAX, 65535, &sub));
	KUNIT_EXPECT_EQ(test, sub, U32_MAX);
	KUNIT_ASSERT_EQ(test, cgnat_det_init(&d, 0, U32_MAX, 7, 7, 1, 65535,
					     NULL), -ERANGE);
}

struct det_refusal {
	const char *name;
	u32 in_first, in_last, out_first, out_last, port_min, port_max;
	int err;
};

static const struct det_refusal det_refusals[] = {
	{ "inside inverted", 10, 9, 100, 100, 1024, 65535, -EINVAL },
	{ "outside inverted", 10, 10, 101, 100, 1024, 65535, -EINVAL },
	{ "port 0", 10, 10, 100, 100, 0, 65535, -EINVAL },
	{ "port above 65535", 10, 10, 100, 100, 1024, 65536, -EINVAL },
	{ "ports inverted", 10, 10, 100, 100, 2000, 1999, -EINVAL },
	{ "no port for a subscriber", 1, 100, 5, 5, 1, 99, -ERANGE },
	{ "exactly one port each", 1, 100, 5, 5, 1, 100, 0 },
};

static void refusal_to_desc(const struct det_refusal *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(det_refusal, det_refusals, refusal_to_desc);

static void det_refusal_test(struct kunit *test)
{
	const struct det_refusal *r = test->param_value;
	const char *why = NULL;
	struct cgnat_det d;

	KUNIT_EXPECT_EQ(test, cgnat_det_init(&d, r->in_first, r->in_last,
					     r->out_first, r->out_last,
					     r->port_min, r->port_max, &why),
			r->err);
	if (r->err)
		KUNIT_EXPECT_NOT_NULL(test, why);
}

static struct kunit_case det_test_cases[] = {
	KUNIT_CASE_PARAM(det_exhaustive_test, det_gen_params),
	KUNIT_CASE(det_edges_test),
	KUNIT_CASE(det_full_space_test),
	KUNIT_CASE_PARAM(det_refusal_test, det_refusal_gen_params),
	{}
};

static struct kunit_suite det_test_suite = {
	.name = "cgnat_det",
	.test_cases = det_test_cases,
};

kunit_test_suite(det_test_suite);
