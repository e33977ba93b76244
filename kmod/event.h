/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_EVENT_H
#define _CGNAT_EVENT_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/skbuff.h>
#include <linux/types.h>
#include <net/net_namespace.h>

/* What the allocator reports; sent as CGNAT_CMD_EVENT (linux/cgnat.h). */
struct cgnat_event {
	u8 type;		/* enum cgnat_event_type */
	u32 subscriber;		/* host order */
	u32 public;		/* host order */
	u16 port_first, port_last;
	u64 alloc_ns;
	u32 used, total;	/* threshold: blocks */
};

/* Per network namespace: the event sequence and its counters. */
struct cgnat_netstate {
	struct list_head list;
	possible_net_t net;
	unsigned int refs;	/* under the netstate lock */
	atomic64_t seq;
	atomic64_t sent;
	atomic64_t failed;
};

struct cgnat_instance;

struct cgnat_netstate *cgnat_netstate_get(struct net *net);
void cgnat_netstate_put(struct cgnat_netstate *ns);
/* Copy the counters of @net's state into @out; false if it has none. */
bool cgnat_netstate_read(struct net *net, struct cgnat_netstate *out);

struct sk_buff *cgnat_event_build(const struct cgnat_instance *inst,
				  const struct cgnat_event *ev, u64 seq,
				  gfp_t gfp);
void cgnat_event_send(struct cgnat_instance *inst,
		      const struct cgnat_event *ev);
void cgnat_event_config(struct cgnat_instance *inst, bool added);
int cgnat_event_init(void);
void cgnat_event_exit(void);

#endif /* _CGNAT_EVENT_H */
