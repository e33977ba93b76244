// SPDX-License-Identifier: GPL-2.0
/*
 * Source NAT inside conntrack.
 *
 * Deterministic: choose the public address and port range, then let
 * nf_nat_setup_info() pick a free tuple inside it. nf_nat bounds its own
 * search; when it gives up, the tuple it leaves is one that is already in
 * use, so a taken reply tuple means the range is exhausted.
 *
 * PBA: the allocator picks the block; the port inside it is found here by
 * checking tuples (random start, RFC 6056), so the connection is counted
 * in the block before nf_nat_setup_info() is given exactly that port.
 */
#include <linux/netfilter.h>
#include <linux/random.h>
#include <net/netfilter/nf_nat.h>
#include "nat.h"
#include "track.h"

/* Protocols whose tuples carry a port or an id that nf_nat can choose. */
static bool proto_has_ports(u8 protonum)
{
	switch (protonum) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
	case IPPROTO_ICMP:
		return true;
	}
	return false;
}

static unsigned int nat_in_range(struct nf_conn *ct, __be32 addr,
				 u16 port_first, u16 port_last)
{
	struct nf_nat_range2 range = {
		.flags = NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED,
		.min_addr.ip = addr,
		.max_addr.ip = addr,
		.min_proto.all = htons(port_first),
		.max_proto.all = htons(port_last),
	};

	return nf_nat_setup_info(ct, &range, NF_NAT_MANIP_SRC);
}

unsigned int cgnat_det_nat(struct cgnat_instance *inst, struct nf_conn *ct)
{
	const struct nf_conntrack_tuple *orig =
		&ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	struct cgnat_det_map map;
	unsigned int verdict;

	if (!proto_has_ports(orig->dst.protonum)) {
		cgnat_count(inst, CGNAT_C_DROP_PROTO);
		return NF_DROP;
	}
	if (!cgnat_det_forward(&inst->det, ntohl(orig->src.u3.ip), &map)) {
		cgnat_count(inst, CGNAT_C_DROP_NOT_INSIDE);
		return NF_DROP;
	}
	verdict = nat_in_range(ct, htonl(map.addr), map.port_first,
			       map.port_last);
	if (verdict != NF_ACCEPT)
		return verdict;
	if (nf_conntrack_tuple_taken(&ct->tuplehash[IP_CT_DIR_REPLY].tuple,
				     ct)) {
		cgnat_count(inst, CGNAT_C_DROP_EXHAUSTED);
		return NF_DROP;
	}
	cgnat_count(inst, CGNAT_C_TRANSLATED);
	cgnat_count(inst, cgnat_proto_counter(orig->dst.protonum, true));
	return NF_ACCEPT;
}

struct port_search {
	struct nf_conn *ct;
	struct nf_conntrack_tuple reply;	/* as it would be after NAT */
	bool icmp;
};

/* cgnat_port_fn: a port of [first, last] whose reply tuple is free. */
static int find_port(void *arg, u32 addr, u16 first, u16 last)
{
	struct port_search *s = arg;
	u32 n = last - first + 1, start = get_random_u32_below(n), i;
	__be16 *key = s->icmp ? &s->reply.src.u.icmp.id : &s->reply.dst.u.all;

	s->reply.dst.u3.ip = htonl(addr);
	for (i = 0; i < min(n, 128U); i++) {
		u16 port = first + (start + i) % n;

		*key = htons(port);
		if (!nf_conntrack_tuple_taken(&s->reply, s->ct))
			return port;
	}
	return -1;
}

static unsigned int pba_fail(struct cgnat_instance *inst, int err)
{
	cgnat_count(inst, err == -EDQUOT ? CGNAT_C_DROP_QUOTA
					 : CGNAT_C_DROP_EXHAUSTED);
	return NF_DROP;
}

static bool inside_ok(const struct cgnat_instance *inst, u32 src)
{
	return !(inst->flags & CGNAT_F_INSIDE) ||
	       (src >= ntohl(inst->inside_first) &&
		src <= ntohl(inst->inside_last));
}

unsigned int cgnat_pba_nat(struct cgnat_instance *inst, struct nf_conn *ct)
{
	const struct nf_conntrack_tuple *orig =
		&ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	struct port_search s = { .ct = ct };
	u32 src = ntohl(orig->src.u3.ip);
	struct cgnat_pick pick;
	unsigned int verdict;
	int err;

	if (!proto_has_ports(orig->dst.protonum)) {
		cgnat_count(inst, CGNAT_C_DROP_PROTO);
		return NF_DROP;
	}
	if (!inside_ok(inst, src)) {
		cgnat_count(inst, CGNAT_C_DROP_NOT_INSIDE);
		return NF_DROP;
	}
	s.icmp = orig->dst.protonum == IPPROTO_ICMP;
	s.reply = ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	err = cgnat_pool_acquire(inst->pool, src, find_port, &s, cgnat_now(),
				 &pick);
	if (err)
		return pba_fail(inst, err);
	verdict = nat_in_range(ct, htonl(pick.addr), pick.port, pick.port);
	if (verdict != NF_ACCEPT ||
	    nf_conntrack_tuple_taken(&ct->tuplehash[IP_CT_DIR_REPLY].tuple,
				     ct)) {
		cgnat_pool_conn_put(inst->pool, pick.block, cgnat_now());
		return verdict != NF_ACCEPT ? verdict
					    : pba_fail(inst, -ENOSPC);
	}
	/*
	 * Not trackable (it has another helper): it stays counted, so its
	 * block is held until the rule goes; an early release could hand its
	 * port to another subscriber while it is in use.
	 */
	if (cgnat_track(ct, inst, pick.block))
		cgnat_count(inst, CGNAT_C_UNTRACKED);
	cgnat_count(inst, CGNAT_C_TRANSLATED);
	cgnat_count(inst, cgnat_proto_counter(orig->dst.protonum, true));
	return NF_ACCEPT;
}
