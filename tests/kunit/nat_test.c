// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the deterministic target's NAT with real conntrack entries and
 * the real nf_nat_setup_info(): the chosen port lies in the subscriber's
 * range, exhaustion drops only the exhausted subscriber's new connection.
 */
#include <kunit/test.h>
#include <linux/icmp.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_zones.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include "instance.h"
#include "nat.h"
#include "track.h"

#define IN(i)	htonl(0x64400000u + (i))	/* 100.64.0.i */
#define SERVER	htonl(0xc0000201u)		/* 192.0.2.1 */

static const struct xt_cgnat_tginfo nat_info = {
	.mode = CGNAT_MODE_DETERMINISTIC,
	.inside_first = IN(0),
	.inside_last = IN(9),
	.outside_first = htonl(0xc6336401u),	/* 198.51.100.1 */
	.outside_last = htonl(0xc6336404u),	/* 198.51.100.4 */
	.port_min = 1024,
	.port_max = 1053,	/* 3 subscribers per address: 10 ports each */
};

static struct nf_conn *new_ct(struct kunit *test, u8 proto, __be32 src,
			      u16 sport, u16 dport)
{
	struct nf_conntrack_tuple orig = {}, repl = {};
	struct nf_conn *ct;

	orig.src.l3num = NFPROTO_IPV4;
	orig.src.u3.ip = src;
	orig.dst.u3.ip = SERVER;
	orig.dst.protonum = proto;
	if (proto == IPPROTO_ICMP) {
		orig.src.u.icmp.id = htons(sport);
		orig.dst.u.icmp.type = ICMP_ECHO;
	} else {
		orig.src.u.all = htons(sport);
		orig.dst.u.all = htons(dport);
	}
	KUNIT_ASSERT_TRUE(test, nf_ct_invert_tuple(&repl, &orig));
	ct = nf_conntrack_alloc(&init_net, &nf_ct_zone_dflt, &orig, &repl,
				GFP_KERNEL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ct));
	return ct;
}

/* Make @ct visible in the conntrack table, as confirmation would. */
static void insert_ct(struct kunit *test, struct nf_conn *ct)
{
	ct->timeout = nfct_time_stamp + 600 * HZ;
	__set_bit(IPS_CONFIRMED_BIT, &ct->status);
	KUNIT_ASSERT_EQ(test, nf_conntrack_hash_check_insert(ct), 0);
}

static void remove_ct(struct nf_conn *ct)
{
	nf_ct_delete(ct, 0, 0);
	nf_ct_put(ct);
}

static struct cgnat_instance *get_instance(struct kunit *test)
{
	struct cgnat_instance *inst = cgnat_instance_get(&init_net, &nat_info);

	KUNIT_ASSERT_FALSE(test, IS_ERR(inst));
	return inst;
}

static void expect_in_range(struct kunit *test, struct cgnat_instance *inst,
			    struct nf_conn *ct, __be32 src)
{
	const struct nf_conntrack_tuple *r =
		&ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	/* an ICMP id sits in src for both directions */
	u16 port = ntohs(nf_ct_protonum(ct) == IPPROTO_ICMP ?
			 r->src.u.icmp.id : r->dst.u.all);
	struct cgnat_det_map m;

	KUNIT_ASSERT_TRUE(test, cgnat_det_forward(&inst->det, ntohl(src), &m));
	KUNIT_EXPECT_EQ(test, ntohl(r->dst.u3.ip), m.addr);
	KUNIT_EXPECT_GE(test, port, m.port_first);
	KUNIT_EXPECT_LE(test, port, m.port_last);
	KUNIT_EXPECT_TRUE(test, ct->status & IPS_SRC_NAT);
}

static void nat_ports_in_range_test(struct kunit *test)
{
	static const u8 protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };
	struct cgnat_instance *inst = get_instance(test);
	struct nf_conn *ct;
	unsigned int i, p;

	for (p = 0; p < ARRAY_SIZE(protos); p++) {
		for (i = 0; i < 10; i++) {
			ct = new_ct(test, protos[p], IN(i), 40000 + i, 80);
			KUNIT_EXPECT_EQ(test, cgnat_det_nat(inst, ct),
					(unsigned int)NF_ACCEPT);
			expect_in_range(test, inst, ct, IN(i));
			nf_conntrack_free(ct);
		}
	}
	cgnat_instance_put(inst);
}

static void nat_refusals_test(struct kunit *test)
{
	struct cgnat_instance *inst = get_instance(test);
	struct cgnat_stats s;
	struct nf_conn *ct;

	ct = new_ct(test, IPPROTO_TCP, IN(10), 40000, 80);	/* not inside */
	KUNIT_EXPECT_EQ(test, cgnat_det_nat(inst, ct), (unsigned int)NF_DROP);
	nf_conntrack_free(ct);
	ct = new_ct(test, IPPROTO_GRE, IN(1), 0, 0);		/* no ports */
	KUNIT_EXPECT_EQ(test, cgnat_det_nat(inst, ct), (unsigned int)NF_DROP);
	nf_conntrack_free(ct);
	cgnat_instance_sum_stats(inst, &s);
	KUNIT_EXPECT_EQ(test, s.c[CGNAT_C_DROP_NOT_INSIDE], 1ULL);
	KUNIT_EXPECT_EQ(test, s.c[CGNAT_C_DROP_PROTO], 1ULL);
	KUNIT_EXPECT_EQ(test, s.c[CGNAT_C_TRANSLATED], 0ULL);
	cgnat_instance_put(inst);
}

static void nat_exhaustion_test(struct kunit *test)
{
	struct cgnat_instance *inst = get_instance(test);
	struct nf_conn *held[10], *ct;
	struct cgnat_stats s;
	unsigned int i;

	/* subscriber 3 takes all 10 of its ports towards one server port */
	for (i = 0; i < ARRAY_SIZE(held); i++) {
		held[i] = new_ct(test, IPPROTO_TCP, IN(3), 50000 + i, 443);
		KUNIT_ASSERT_EQ(test, cgnat_det_nat(inst, held[i]),
				(unsigned int)NF_ACCEPT);
		expect_in_range(test, inst, held[i], IN(3));
		insert_ct(test, held[i]);
	}
	ct = new_ct(test, IPPROTO_TCP, IN(3), 60000, 443);
	KUNIT_EXPECT_EQ(test, cgnat_det_nat(inst, ct), (unsigned int)NF_DROP);
	nf_conntrack_free(ct);
	/* its neighbour on the same public address is not disturbed */
	ct = new_ct(test, IPPROTO_TCP, IN(2), 60000, 443);
	KUNIT_EXPECT_EQ(test, cgnat_det_nat(inst, ct), (unsigned int)NF_ACCEPT);
	expect_in_range(test, inst, ct, IN(2));
	nf_conntrack_free(ct);
	cgnat_instance_sum_stats(inst, &s);
	KUNIT_EXPECT_EQ(test, s.c[CGNAT_C_DROP_EXHAUSTED], 1ULL);
	KUNIT_EXPECT_EQ(test, s.c[CGNAT_C_TRANSLATED], 11ULL);
	for (i = 0; i < ARRAY_SIZE(held); i++)
		remove_ct(held[i]);
	cgnat_instance_put(inst);
}

static void instance_sharing_test(struct kunit *test)
{
	struct xt_cgnat_tginfo overlap = nat_info;
	struct cgnat_instance *a, *b, *c;

	a = get_instance(test);
	b = get_instance(test);
	KUNIT_EXPECT_PTR_EQ(test, a, b);	/* identical rules share */
	overlap.outside_first = htonl(0xc6336404u);
	overlap.outside_last = htonl(0xc6336408u);
	c = cgnat_instance_get(&init_net, &overlap);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(c), -EADDRINUSE);
	overlap.outside_first = htonl(0xc6336405u);	/* adjacent: fine */
	c = cgnat_instance_get(&init_net, &overlap);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_EXPECT_NE(test, c->id, a->id);
	cgnat_instance_put(c);
	cgnat_instance_put(b);
	cgnat_instance_put(a);
}

static const struct xt_cgnat_tginfo pba_info = {
	.mode = CGNAT_MODE_PBA,
	.outside_first = htonl(0xc6336410u),	/* 198.51.100.16 */
	.outside_last = htonl(0xc6336411u),
	.port_min = 1024,
	.port_max = 2047,
	.block_size = 64,
	.max_blocks = 2,
	.quarantine = 0,
	.threshold = 0,
};

static int pba_block_of(struct cgnat_instance *inst, struct nf_conn *ct)
{
	const struct nf_conntrack_tuple *r =
		&ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	int b;

	spin_lock_bh(&inst->pool->lock);
	b = cgnat_pool_find(inst->pool, ntohl(r->dst.u3.ip),
			    ntohs(r->dst.u.all));
	spin_unlock_bh(&inst->pool->lock);
	return b;
}

static u64 stat(struct cgnat_instance *inst, enum cgnat_counter c)
{
	struct cgnat_stats s;

	cgnat_instance_sum_stats(inst, &s);
	return s.c[c];
}

/*
 * Translated into a block of its own subscriber, tracked by the helper.
 * Like init_conntrack(), the conntrack starts with the skb's reference.
 */
static struct nf_conn *pba_translate(struct kunit *test,
				     struct cgnat_instance *inst, int sub,
				     u16 sport)
{
	struct nf_conn *ct = new_ct(test, IPPROTO_UDP, IN(sub), sport, 53);
	struct nf_conn_help *help;
	int b;

	refcount_set(&ct->ct_general.use, 1);
	KUNIT_ASSERT_EQ(test, cgnat_pba_nat(inst, ct), (unsigned int)NF_ACCEPT);
	b = pba_block_of(inst, ct);
	KUNIT_ASSERT_GE(test, b, 0);
	KUNIT_EXPECT_EQ(test, inst->pool->blocks[b].owner, ntohl(IN(sub)));
	help = nfct_help(ct);
	KUNIT_ASSERT_NOT_NULL(test, help);
	KUNIT_EXPECT_STREQ(test, rcu_access_pointer(help->helper)->name,
			   "cgnat");
	return ct;
}

/* The first packet is dropped after NAT: the block must come back. */
static void pba_unconfirmed_drop_test(struct kunit *test)
{
	struct cgnat_instance *inst = cgnat_instance_get(&init_net, &pba_info);
	struct nf_conn *ct;

	KUNIT_ASSERT_FALSE(test, IS_ERR(inst));
	ct = pba_translate(test, inst, 1, 5000);
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_BLOCKS_ALLOCATED), 1ULL);
	cgnat_track_settle(false);	/* the skb still holds it: in flight */
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_BLOCKS_RELEASED), 0ULL);
	nf_ct_put(ct);			/* the skb is dropped */
	cgnat_track_settle(false);	/* only the queue holds it: dropped */
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_BLOCKS_RELEASED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_DESTROYED_UDP), 1ULL);
	KUNIT_EXPECT_EQ(test, inst->pool->nsubs, 0u);
	cgnat_instance_put(inst);
}

/* Confirmed, then deleted by conntrack: the helper releases the block. */
static void pba_destroy_releases_test(struct kunit *test)
{
	struct cgnat_instance *inst = cgnat_instance_get(&init_net, &pba_info);
	struct nf_conn *a, *b;

	KUNIT_ASSERT_FALSE(test, IS_ERR(inst));
	a = pba_translate(test, inst, 2, 5000);
	b = pba_translate(test, inst, 2, 5001);
	KUNIT_EXPECT_EQ(test, pba_block_of(inst, a), pba_block_of(inst, b));
	insert_ct(test, a);		/* table + queue references; the */
	insert_ct(test, b);		/* skb's is gone after confirmation */
	cgnat_track_settle(false);	/* confirmed: left to the helper */
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_BLOCKS_RELEASED), 0ULL);
	nf_ct_delete(a, 0, 0);
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_BLOCKS_RELEASED), 0ULL);
	nf_ct_delete(b, 0, 0);		/* the last connection of the block */
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_BLOCKS_RELEASED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(inst, CGNAT_C_DESTROYED_UDP), 2ULL);
	cgnat_instance_put(inst);
}

static struct kunit_case nat_test_cases[] = {
	KUNIT_CASE(pba_unconfirmed_drop_test),
	KUNIT_CASE(pba_destroy_releases_test),
	KUNIT_CASE(nat_ports_in_range_test),
	KUNIT_CASE(nat_refusals_test),
	KUNIT_CASE(nat_exhaustion_test),
	KUNIT_CASE(instance_sharing_test),
	{}
};

static struct kunit_suite nat_test_suite = {
	.name = "cgnat_nat",
	.test_cases = nat_test_cases,
};

kunit_test_suite(nat_test_suite);
