/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_INSTANCE_H
#define _CGNAT_INSTANCE_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "det.h"
#include "event.h"
#include "pba.h"

enum cgnat_counter {
	CGNAT_C_TRANSLATED,
	CGNAT_C_DROP_EXHAUSTED,
	CGNAT_C_DROP_NOT_INSIDE,
	CGNAT_C_DROP_PROTO,
	CGNAT_C_DROP_QUOTA,
	CGNAT_C_CREATED_TCP,
	CGNAT_C_CREATED_UDP,
	CGNAT_C_CREATED_ICMP,
	CGNAT_C_CREATED_OTHER,
	CGNAT_C_DESTROYED_TCP,
	CGNAT_C_DESTROYED_UDP,
	CGNAT_C_DESTROYED_ICMP,
	CGNAT_C_DESTROYED_OTHER,
	CGNAT_C_UNTRACKED,
	CGNAT_C_BLOCKS_ALLOCATED,
	CGNAT_C_BLOCKS_RELEASED,
	CGNAT_C_MAX
};

struct cgnat_stats {
	u64 c[CGNAT_C_MAX];
};

/* One distinct target configuration in one network namespace. */
struct cgnat_instance {
	struct list_head list;		/* RCU */
	possible_net_t net;
	unsigned int refs;		/* rules using it, under the registry lock */
	u32 id;
	u32 mode;
	u32 flags;
	__be32 inside_first, inside_last;
	__be32 outside_first, outside_last;
	u16 port_min, port_max;
	u64 created_ns;
	struct cgnat_det det;		/* deterministic */
	struct cgnat_pba_cfg pba_cfg;	/* PBA */
	struct cgnat_pool *pool;	/* PBA */
	struct cgnat_netstate *ns;
	struct cgnat_stats __percpu *stats;
};

static inline void cgnat_count(struct cgnat_instance *inst,
			       enum cgnat_counter c)
{
	this_cpu_inc(inst->stats->c[c]);
}

/* CREATED_* and DESTROYED_* counter of a protocol */
enum cgnat_counter cgnat_proto_counter(u8 protonum, bool created);

struct cgnat_instance *cgnat_instance_get(struct net *net,
					  const struct xt_cgnat_tginfo *info);
void cgnat_instance_put(struct cgnat_instance *inst);
struct cgnat_instance *cgnat_instance_find_rcu(struct net *net, u32 id);
void cgnat_instance_sum_stats(const struct cgnat_instance *inst,
			      struct cgnat_stats *sum);

typedef int (*cgnat_instance_fn)(struct cgnat_instance *inst, void *arg);
int cgnat_instance_walk(struct net *net, u32 after_id, cgnat_instance_fn fn,
			void *arg);
/* every PBA instance of every namespace, for the housekeeping worker */
void cgnat_instance_walk_pools(void (*fn)(struct cgnat_pool *pool));

#endif /* _CGNAT_INSTANCE_H */
