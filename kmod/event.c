// SPDX-License-Identifier: GPL-2.0
/*
 * Events on the "events" multicast group: every block allocation and
 * release, quota, exhaustion and threshold event and every configuration
 * change, numbered per network namespace without gaps so that a listener
 * can tell when it lost some (netlink multicast drops on a full socket
 * buffer). The number is taken even when nobody listens: the numbering
 * counts events, not deliveries.
 *
 * The namespace state is refcounted, not kept in pernet storage: rules (and
 * with them the last events) are destroyed by the iptables/nftables pernet
 * exit, after ours runs. The namespace holds one reference from the first
 * rule until it exits, so the numbering never restarts while it lives; each
 * instance holds another.
 */
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/cgnat.h>
#include <net/genetlink.h>
#include "event.h"
#include "genl.h"
#include "instance.h"

static DEFINE_MUTEX(netstate_lock);
static LIST_HEAD(netstates);

static struct cgnat_netstate *netstate_find(struct net *net)
{
	struct cgnat_netstate *ns;

	list_for_each_entry(ns, &netstates, list)
		if (net_eq(read_pnet(&ns->net), net))
			return ns;
	return NULL;
}

struct cgnat_netstate *cgnat_netstate_get(struct net *net)
{
	struct cgnat_netstate *ns;

	mutex_lock(&netstate_lock);
	ns = netstate_find(net);
	if (ns) {
		ns->refs++;
	} else {
		ns = kzalloc(sizeof(*ns), GFP_KERNEL);
		if (ns) {
			write_pnet(&ns->net, net);
			ns->refs = 2;	/* the namespace's and the caller's */
			list_add(&ns->list, &netstates);
		}
	}
	mutex_unlock(&netstate_lock);
	return ns;
}

void cgnat_netstate_put(struct cgnat_netstate *ns)
{
	mutex_lock(&netstate_lock);
	if (--ns->refs == 0)
		list_del(&ns->list);
	else
		ns = NULL;
	mutex_unlock(&netstate_lock);
	kfree(ns);
}

bool cgnat_netstate_read(struct net *net, struct cgnat_netstate *out)
{
	struct cgnat_netstate *ns;

	mutex_lock(&netstate_lock);
	ns = netstate_find(net);
	if (ns) {
		atomic64_set(&out->seq, atomic64_read(&ns->seq));
		atomic64_set(&out->sent, atomic64_read(&ns->sent));
		atomic64_set(&out->failed, atomic64_read(&ns->failed));
	}
	mutex_unlock(&netstate_lock);
	return ns;
}

static int put_header(struct sk_buff *skb, const struct cgnat_instance *inst,
		      u8 type, u64 seq)
{
	if (nla_put_u8(skb, CGNAT_A_EVENT, type) ||
	    nla_put_u64_64bit(skb, CGNAT_A_SEQ, seq, CGNAT_A_PAD) ||
	    nla_put_u64_64bit(skb, CGNAT_A_TIMESTAMP_NS, ktime_get_real_ns(),
			      CGNAT_A_PAD) ||
	    nla_put_u32(skb, CGNAT_A_INSTANCE_ID, inst->id))
		return -EMSGSIZE;
	return 0;
}

static int put_block_event(struct sk_buff *skb, const struct cgnat_event *ev)
{
	switch (ev->type) {
	case CGNAT_EVENT_BLOCK_ALLOC:
	case CGNAT_EVENT_BLOCK_RELEASE:
		if (nla_put_u16(skb, CGNAT_A_PORT_FIRST, ev->port_first) ||
		    nla_put_u16(skb, CGNAT_A_PORT_LAST, ev->port_last) ||
		    nla_put_u64_64bit(skb, CGNAT_A_ALLOC_NS, ev->alloc_ns,
				      CGNAT_A_PAD))
			return -EMSGSIZE;
		fallthrough;
	case CGNAT_EVENT_QUOTA_EXCEEDED:
	case CGNAT_EVENT_PORTS_EXHAUSTED:
	case CGNAT_EVENT_ADDRESSES_EXHAUSTED:
		if (nla_put_in_addr(skb, CGNAT_A_SUBSCRIBER,
				    htonl(ev->subscriber)))
			return -EMSGSIZE;
		break;
	case CGNAT_EVENT_THRESHOLD:
		if (nla_put_u32(skb, CGNAT_A_BLOCKS_USED, ev->used) ||
		    nla_put_u32(skb, CGNAT_A_BLOCKS_TOTAL, ev->total))
			return -EMSGSIZE;
		break;
	}
	if (ev->public && nla_put_in_addr(skb, CGNAT_A_PUBLIC,
					  htonl(ev->public)))
		return -EMSGSIZE;
	return 0;
}

static void deliver(struct cgnat_instance *inst, struct sk_buff *skb)
{
	struct net *net = read_pnet(&inst->net);
	int err = cgnat_genl_multicast(net, skb);

	if (!err)
		atomic64_inc(&inst->ns->sent);
	else if (err != -ESRCH)		/* -ESRCH: nobody listens */
		atomic64_inc(&inst->ns->failed);
}

/* The message for @ev numbered @seq, or NULL. */
struct sk_buff *cgnat_event_build(const struct cgnat_instance *inst,
				  const struct cgnat_event *ev, u64 seq,
				  gfp_t gfp)
{
	struct sk_buff *skb = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	void *hdr;

	if (!skb)
		return NULL;
	hdr = cgnat_genl_put(skb, CGNAT_CMD_EVENT);
	if (!hdr || put_header(skb, inst, ev->type, seq) ||
	    put_block_event(skb, ev) ||
	    (ev->type == CGNAT_EVENT_QUOTA_EXCEEDED &&
	     nla_put_u16(skb, CGNAT_A_MAX_BLOCKS, inst->pba_cfg.max_blocks)) ||
	    (ev->type == CGNAT_EVENT_THRESHOLD &&
	     nla_put_u8(skb, CGNAT_A_THRESHOLD, inst->pba_cfg.threshold))) {
		nlmsg_free(skb);
		return NULL;
	}
	genlmsg_end(skb, hdr);
	return skb;
}

void cgnat_event_send(struct cgnat_instance *inst,
		      const struct cgnat_event *ev)
{
	u64 seq = atomic64_inc_return(&inst->ns->seq);
	struct sk_buff *skb;

	if (!cgnat_genl_has_listeners(read_pnet(&inst->net)))
		return;
	skb = cgnat_event_build(inst, ev, seq, GFP_ATOMIC);
	if (!skb) {
		atomic64_inc(&inst->ns->failed);
		net_warn_ratelimited("xt_CGNAT: could not build an event\n");
		return;
	}
	deliver(inst, skb);
}

void cgnat_event_config(struct cgnat_instance *inst, bool added)
{
	u8 type = added ? CGNAT_EVENT_CONFIG_ADD : CGNAT_EVENT_CONFIG_DEL;
	u64 seq = atomic64_inc_return(&inst->ns->seq);
	struct sk_buff *skb;
	void *hdr;

	if (!cgnat_genl_has_listeners(read_pnet(&inst->net)))
		return;
	skb = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb) {
		atomic64_inc(&inst->ns->failed);
		return;
	}
	hdr = cgnat_genl_put(skb, CGNAT_CMD_EVENT);
	if (!hdr || put_header(skb, inst, type, seq) ||
	    cgnat_put_instance_config(skb, inst)) {
		nlmsg_free(skb);
		atomic64_inc(&inst->ns->failed);
		return;
	}
	genlmsg_end(skb, hdr);
	deliver(inst, skb);
}

static void __net_exit cgnat_event_net_exit(struct net *net)
{
	struct cgnat_netstate *ns;

	mutex_lock(&netstate_lock);
	ns = netstate_find(net);
	mutex_unlock(&netstate_lock);
	if (ns)
		cgnat_netstate_put(ns);
}

static struct pernet_operations cgnat_event_net_ops = {
	.exit = cgnat_event_net_exit,
};

int __init cgnat_event_init(void)
{
	return register_pernet_subsys(&cgnat_event_net_ops);
}

void cgnat_event_exit(void)
{
	unregister_pernet_subsys(&cgnat_event_net_ops);
}
