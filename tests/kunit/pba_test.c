// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the port-block allocator (kmod/pba.c) with a simulated port table,
 * and the encoding of its events.
 */
#include <kunit/test.h>
#include <linux/cgnat.h>
#include <net/genetlink.h>
#include "instance.h"
#include "pba.h"

#define OUT 0xcb007100u		/* 203.0.113.0 */
#define SUB(i) (0x64400000u + (i))	/* 100.64.0.i */

/* Ports in use, per public address offset: what conntrack would know. */
struct fake {
	struct kunit *test;
	const struct cgnat_pool *pool;
	unsigned long used[4][BITS_TO_LONGS(65536)];
	struct cgnat_event ev[256];
	int nev;
};

static int fake_port(void *arg, u32 addr, u16 first, u16 last)
{
	struct fake *f = arg;
	u32 a = addr - OUT, p;

	KUNIT_EXPECT_LT(f->test, a, 4u);
	for (p = first; p <= last; p++) {
		if (!test_bit(p, f->used[a])) {
			set_bit(p, f->used[a]);
			return p;
		}
	}
	return -1;
}

static void fake_event(void *ctx, const struct cgnat_event *ev)
{
	struct fake *f = ctx;

	if (f->nev < ARRAY_SIZE(f->ev))
		f->ev[f->nev] = *ev;
	f->nev++;
}

static int count_events(const struct fake *f, u8 type)
{
	int i, n = 0;

	for (i = 0; i < min_t(int, f->nev, ARRAY_SIZE(f->ev)); i++)
		n += f->ev[i].type == type;
	return n;
}

static struct cgnat_pool *make_pool(struct kunit *test, struct fake *f,
				    u32 naddr, u16 ports, u16 block,
				    u16 max_blocks, u8 threshold)
{
	struct cgnat_pba_cfg cfg = {
		.out_first = OUT, .out_count = naddr, .port_min = 1024,
		.port_max = 1024 + ports - 1, .block_size = block,
		.max_blocks = max_blocks, .quarantine = 120,
		.threshold = threshold,
	};
	struct cgnat_pool *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	const char *why;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, cgnat_pba_check(&cfg, &why), 0);
	f->test = test;
	f->pool = p;
	KUNIT_ASSERT_EQ(test, cgnat_pool_init(p, &cfg, fake_event, f), 0);
	return p;
}

static void pba_pairing_test(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct cgnat_pool *p = make_pool(test, f, 4, 1024, 8, 4, 0);
	struct cgnat_pick pick;
	u32 addr = 0;
	u16 first, last;
	int i;

	/* 32 connections: 4 blocks of 8 ports, all on one address */
	for (i = 0; i < 32; i++) {
		KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(1), fake_port,
							 f, 0, &pick), 0);
		if (!i)
			addr = pick.addr;
		KUNIT_EXPECT_EQ(test, pick.addr, addr);
		cgnat_block_range(p, pick.block, &pick.addr, &first, &last);
		KUNIT_EXPECT_TRUE(test, pick.port >= first && pick.port <= last);
	}
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_BLOCK_ALLOC), 4);
	/* the 33rd: at --max-blocks with every port busy */
	KUNIT_EXPECT_EQ(test, cgnat_pool_acquire(p, SUB(1), fake_port, f, 0,
						 &pick), -EDQUOT);
	KUNIT_EXPECT_EQ(test, cgnat_pool_acquire(p, SUB(1), fake_port, f, 0,
						 &pick), -EDQUOT);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_QUOTA_EXCEEDED), 1);
	/* another subscriber is not disturbed */
	KUNIT_EXPECT_EQ(test, cgnat_pool_acquire(p, SUB(2), fake_port, f, 0,
						 &pick), 0);
	cgnat_pool_destroy(p);
}

static void pba_release_quarantine_test(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct cgnat_pool *p = make_pool(test, f, 1, 16, 8, 1, 0);
	struct cgnat_pick a, b, c;
	const struct cgnat_event *rel;

	KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(1), fake_port, f, 10,
						 &a), 0);
	KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(1), fake_port, f, 10,
						 &b), 0);
	KUNIT_EXPECT_EQ(test, a.block, b.block);
	KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(2), fake_port, f, 10,
						 &c), 0);
	cgnat_pool_conn_put(p, a.block, 20);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_BLOCK_RELEASE), 0);
	cgnat_pool_conn_put(p, b.block, 20);	/* last one: released */
	KUNIT_ASSERT_EQ(test, count_events(f, CGNAT_EVENT_BLOCK_RELEASE), 1);
	rel = &f->ev[f->nev - 1];
	KUNIT_EXPECT_EQ(test, rel->subscriber, SUB(1));
	KUNIT_EXPECT_EQ(test, rel->alloc_ns, f->ev[0].alloc_ns);
	KUNIT_EXPECT_EQ(test, p->blocks[a.block].state,
			(u8)CGNAT_BLOCK_QUARANTINE);
	/* both blocks taken or resting: a third subscriber must wait */
	memset(f->used, 0, sizeof(f->used));
	KUNIT_EXPECT_EQ(test, cgnat_pool_acquire(p, SUB(3), fake_port, f, 100,
						 &c), -ENOSPC);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_ADDRESSES_EXHAUSTED),
			1);
	cgnat_pool_tick(p, 139);		/* released at 20: rests to 140 */
	KUNIT_EXPECT_EQ(test, p->blocks[a.block].state,
			(u8)CGNAT_BLOCK_QUARANTINE);
	cgnat_pool_tick(p, 140);
	KUNIT_EXPECT_EQ(test, p->blocks[a.block].state, (u8)CGNAT_BLOCK_FREE);
	KUNIT_EXPECT_EQ(test, cgnat_pool_acquire(p, SUB(3), fake_port, f, 141,
						 &c), 0);
	KUNIT_EXPECT_EQ(test, c.block, a.block);
	cgnat_pool_destroy(p);
}

static void pba_ports_exhausted_test(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct cgnat_pool *p = make_pool(test, f, 2, 16, 8, 4, 0);
	struct cgnat_pick pick;
	int i, err = 0;

	/* subscriber 1 fills its address (2 blocks); paired pooling keeps
	 * it there although the other address has free blocks
	 */
	for (i = 0; i < 17 && !err; i++)
		err = cgnat_pool_acquire(p, SUB(1), fake_port, f, 0, &pick);
	KUNIT_EXPECT_EQ(test, i, 17);
	KUNIT_EXPECT_EQ(test, err, -ENOSPC);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_PORTS_EXHAUSTED), 1);
	KUNIT_EXPECT_EQ(test, cgnat_pool_acquire(p, SUB(2), fake_port, f, 0,
						 &pick), 0);
	KUNIT_EXPECT_NE(test, pick.addr, f->ev[0].public);
	cgnat_pool_destroy(p);
}

static void pba_spread_test(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct cgnat_pool *p = make_pool(test, f, 4, 4096, 16, 1, 0);
	struct cgnat_pick pick;
	u32 a, lo = U32_MAX, hi = 0;
	int i;

	for (i = 0; i < 200; i++)
		KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(i), fake_port,
							 f, 0, &pick), 0);
	for (a = 0; a < 4; a++) {
		lo = min(lo, p->pubs[a].subs);
		hi = max(hi, p->pubs[a].subs);
	}
	/* two random choices keep the load close to 50 each */
	KUNIT_EXPECT_LE(test, hi - lo, 12u);
	cgnat_pool_destroy(p);
}

static void pba_threshold_test(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct cgnat_pool *p = make_pool(test, f, 1, 80, 8, 1, 50);
	struct cgnat_pick pick[10];
	int i;

	p->cfg.quarantine = 0;
	for (i = 0; i < 5; i++)		/* 5 of 10 blocks: 50 % */
		KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(i), fake_port,
							 f, 0, &pick[i]), 0);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_THRESHOLD), 1);
	KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(5), fake_port, f, 0,
						 &pick[5]), 0);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_THRESHOLD), 1);
	cgnat_pool_conn_put(p, pick[5].block, 0);
	cgnat_pool_conn_put(p, pick[4].block, 0);	/* 4 of 10: re-armed */
	KUNIT_ASSERT_EQ(test, cgnat_pool_acquire(p, SUB(7), fake_port, f, 0,
						 &pick[7]), 0);
	KUNIT_EXPECT_EQ(test, count_events(f, CGNAT_EVENT_THRESHOLD), 2);
	cgnat_pool_destroy(p);
}

struct refusal {
	const char *name;
	struct cgnat_pba_cfg cfg;
};

static const struct refusal refusals[] = {
	{ "block larger than ports", { .out_count = 1, .port_min = 1024,
	  .port_max = 1100, .block_size = 100, .max_blocks = 1 } },
	{ "zero block size", { .out_count = 1, .port_min = 1024,
	  .port_max = 1100, .block_size = 0, .max_blocks = 1 } },
	{ "zero max blocks", { .out_count = 1, .port_min = 1024,
	  .port_max = 1100, .block_size = 8, .max_blocks = 0 } },
	{ "max blocks above 64", { .out_count = 1, .port_min = 1024,
	  .port_max = 1100, .block_size = 8, .max_blocks = 65 } },
	{ "threshold above 100", { .out_count = 1, .port_min = 1024,
	  .port_max = 1100, .block_size = 8, .max_blocks = 1,
	  .threshold = 101 } },
	{ "port 0", { .out_count = 1, .port_min = 0, .port_max = 1100,
	  .block_size = 8, .max_blocks = 1 } },
};

static void refusal_desc(const struct refusal *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(pba_refusal, refusals, refusal_desc);

static void pba_refusal_test(struct kunit *test)
{
	const struct refusal *r = test->param_value;
	const char *why = NULL;

	KUNIT_EXPECT_NE(test, cgnat_pba_check(&r->cfg, &why), 0);
	KUNIT_EXPECT_NOT_NULL(test, why);
}

/* A block release event carries what an exporter needs, nothing less. */
static void event_encoding_test(struct kunit *test)
{
	struct cgnat_instance inst = { .id = 7 };
	struct cgnat_event ev = {
		.type = CGNAT_EVENT_BLOCK_RELEASE, .subscriber = SUB(9),
		.public = OUT + 2, .port_first = 1152, .port_last = 1279,
		.alloc_ns = 1234567890123ULL,
	};
	struct nlattr *tb[CGNAT_A_MAX + 1];
	struct sk_buff *skb;
	struct nlmsghdr *nlh;

	skb = cgnat_event_build(&inst, &ev, 42, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nlh = nlmsg_hdr(skb);
	KUNIT_ASSERT_EQ(test, nlmsg_parse(nlh, GENL_HDRLEN, tb, CGNAT_A_MAX,
					  NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, ((struct genlmsghdr *)nlmsg_data(nlh))->cmd,
			CGNAT_CMD_EVENT);
	KUNIT_ASSERT_NOT_NULL(test, tb[CGNAT_A_SEQ]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[CGNAT_A_SEQ]), 42ULL);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[CGNAT_A_EVENT]),
			(u8)CGNAT_EVENT_BLOCK_RELEASE);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[CGNAT_A_INSTANCE_ID]), 7u);
	KUNIT_EXPECT_EQ(test, ntohl(nla_get_in_addr(tb[CGNAT_A_SUBSCRIBER])),
			SUB(9));
	KUNIT_EXPECT_EQ(test, ntohl(nla_get_in_addr(tb[CGNAT_A_PUBLIC])),
			OUT + 2);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[CGNAT_A_PORT_FIRST]), 1152);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[CGNAT_A_PORT_LAST]), 1279);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[CGNAT_A_ALLOC_NS]),
			1234567890123ULL);
	KUNIT_EXPECT_NOT_NULL(test, tb[CGNAT_A_TIMESTAMP_NS]);
	kfree_skb(skb);
}

static struct kunit_case pba_test_cases[] = {
	KUNIT_CASE(pba_pairing_test),
	KUNIT_CASE(pba_release_quarantine_test),
	KUNIT_CASE(pba_ports_exhausted_test),
	KUNIT_CASE(pba_spread_test),
	KUNIT_CASE(pba_threshold_test),
	KUNIT_CASE_PARAM(pba_refusal_test, pba_refusal_gen_params),
	KUNIT_CASE(event_encoding_test),
	{}
};

static struct kunit_suite pba_test_suite = {
	.name = "cgnat_pba",
	.test_cases = pba_test_cases,
};

kunit_test_suite(pba_test_suite);
