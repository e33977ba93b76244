// SPDX-License-Identifier: GPL-2.0
/*
 * Source NAT inside conntrack: choose the public address and port range,
 * then let nf_nat_setup_info() pick a free tuple inside it. nf_nat bounds
 * its own search; when it gives up, the tuple it leaves is one that is
 * already in use, so a taken reply tuple means the range is exhausted.
 */
#include <linux/netfilter.h>
#include <net/netfilter/nf_nat.h>
#include "nat.h"

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
	return NF_ACCEPT;
}
