/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_INSTANCE_H
#define _CGNAT_INSTANCE_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "det.h"

enum cgnat_counter {
	CGNAT_C_TRANSLATED,
	CGNAT_C_DROP_EXHAUSTED,
	CGNAT_C_DROP_NOT_INSIDE,
	CGNAT_C_DROP_PROTO,
	CGNAT_C_MAX
};

struct cgnat_stats {
	u64 c[CGNAT_C_MAX];
};

/* One distinct target configuration in one network namespace. */
struct cgnat_instance {
	struct list_head list;
	possible_net_t net;
	unsigned int refs;		/* rules using it, under cgnat_instances_lock */
	u32 id;
	u32 mode;
	__be32 inside_first, inside_last;
	__be32 outside_first, outside_last;
	u16 port_min, port_max;
	u64 created_ns;
	struct cgnat_det det;
	struct cgnat_stats __percpu *stats;
	struct rcu_head rcu;
};

static inline void cgnat_count(struct cgnat_instance *inst,
			       enum cgnat_counter c)
{
	this_cpu_inc(inst->stats->c[c]);
}

struct cgnat_instance *cgnat_instance_get(struct net *net,
					  const struct xt_cgnat_tginfo *info);
void cgnat_instance_put(struct cgnat_instance *inst);
void cgnat_instance_sum_stats(const struct cgnat_instance *inst,
			      struct cgnat_stats *sum);

typedef int (*cgnat_instance_fn)(const struct cgnat_instance *inst, void *arg);
int cgnat_instance_walk(struct net *net, u32 after_id, cgnat_instance_fn fn,
			void *arg);

#endif /* _CGNAT_INSTANCE_H */
