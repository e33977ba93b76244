// SPDX-License-Identifier: GPL-2.0
/*
 * Knowing when a port block is free, in the kernel.
 *
 * Each connection translated into a block is counted in that block by the
 * target. The count must come down exactly once when the connection ends,
 * never early, whatever ends it: TCP close, a timeout, conntrack -D or -F,
 * the namespace going away. The options (see Documentation/pba.rst):
 *
 *  - the conntrack event notifier: one per namespace, and ctnetlink users
 *    (conntrack -E, conntrackd) own it; not usable;
 *  - a periodic sweep of the conntrack table: exact but late, and its cost
 *    grows with the table;
 *  - a conntrack helper whose .destroy is called by conntrack for every
 *    confirmed connection that dies. Chosen: exact, immediate, independent
 *    of userspace and of ctnetlink.
 *
 * A helper's destroy is not called for a conntrack dropped before it was
 * confirmed (a later rule dropped the first packet, a clash at
 * confirmation). So the target also takes a reference on every new
 * conntrack and queues it; a worker checks the queue every second: a
 * confirmed conntrack is left to .destroy, one that only our reference
 * keeps alive was dropped unconfirmed and its count is returned here.
 *
 * The same worker ends quarantines. Connections that already have a helper
 * (FTP, SIP when their helpers are assigned) cannot get this one: they are
 * translated into the block but not counted (CGNAT_STAT_UNTRACKED).
 */
#include <linux/llist.h>
#include <linux/workqueue.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include "track.h"

struct cgnat_ct_data {
	struct llist_node pending;
	struct nf_conn *ct;
	u32 instance_id;
	u32 block;
	unsigned long flags;
};

#define CGNAT_CT_COUNTED 0

/* it lives in the helper area of the conntrack: no allocation per flow */
static_assert(sizeof(struct cgnat_ct_data) <=
	      sizeof_field(struct nf_conn_help, data));

static LLIST_HEAD(cgnat_pending);
static void cgnat_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(cgnat_work, cgnat_work_fn);

/* The connection of @d has ended: uncount it from its block. */
static void conn_gone(struct nf_conn *ct, struct cgnat_ct_data *d)
{
	struct cgnat_instance *inst;

	if (!test_and_clear_bit(CGNAT_CT_COUNTED, &d->flags))
		return;
	rcu_read_lock();
	inst = cgnat_instance_find_rcu(nf_ct_net(ct), d->instance_id);
	if (inst && inst->pool) {
		cgnat_count(inst, cgnat_proto_counter(nf_ct_protonum(ct),
						      false));
		cgnat_pool_conn_put(inst->pool, d->block, cgnat_now());
	}
	rcu_read_unlock();
}

static int cgnat_help(struct sk_buff *skb, unsigned int protoff,
		      struct nf_conn *ct, enum ip_conntrack_info ctinfo)
{
	return NF_ACCEPT;
}

static void cgnat_ct_destroy(struct nf_conn *ct)
{
	conn_gone(ct, nfct_help_data(ct));
}

static const struct nf_conntrack_expect_policy cgnat_expect_policy = {
	.max_expected	= 0,
	.timeout	= 1,
};

/* Never assigned by tuple: IPPROTO_RAW has no conntrack. */
static struct nf_conntrack_helper cgnat_helper __read_mostly = {
	.name		= "cgnat",
	.me		= THIS_MODULE,
	.tuple.src.l3num = NFPROTO_IPV4,
	.tuple.dst.protonum = IPPROTO_RAW,
	.expect_policy	= &cgnat_expect_policy,
	.help		= cgnat_help,
	.destroy	= cgnat_ct_destroy,
	.data_len	= sizeof(struct cgnat_ct_data),
};

/*
 * Tie @ct (unconfirmed, just translated into @block of @inst, already
 * counted there) to the helper. -EBUSY if it has another helper; the
 * caller then uncounts it.
 */
int cgnat_track(struct nf_conn *ct, struct cgnat_instance *inst, u32 block)
{
	struct nf_conn_help *help = nfct_help(ct);
	struct cgnat_ct_data *d;

	if (help && rcu_access_pointer(help->helper))
		return -EBUSY;
	if (!help)
		help = nf_ct_helper_ext_add(ct, GFP_ATOMIC);
	if (!help)
		return -ENOMEM;
	d = (struct cgnat_ct_data *)help->data;
	d->ct = ct;
	d->instance_id = inst->id;
	d->block = block;
	set_bit(CGNAT_CT_COUNTED, &d->flags);
	rcu_assign_pointer(help->helper, &cgnat_helper);
	nf_conntrack_get(&ct->ct_general);
	llist_add(&d->pending, &cgnat_pending);
	return 0;
}

/* Settle queued conntracks; keep those still on their way. */
void cgnat_track_settle(bool all)
{
	struct llist_node *list = llist_del_all(&cgnat_pending);
	struct cgnat_ct_data *d, *next;

	llist_for_each_entry_safe(d, next, list, pending) {
		struct nf_conn *ct = d->ct;

		if (!nf_ct_is_confirmed(ct)) {
			if (!all && refcount_read(&ct->ct_general.use) > 1) {
				llist_add(&d->pending, &cgnat_pending);
				continue;
			}
			conn_gone(ct, d);	/* dropped before confirmation */
		}
		nf_ct_put(ct);
	}
}

static void tick_pool(struct cgnat_pool *pool)
{
	cgnat_pool_tick(pool, cgnat_now());
}

static void cgnat_work_fn(struct work_struct *work)
{
	cgnat_track_settle(false);
	cgnat_instance_walk_pools(tick_pool);
	schedule_delayed_work(&cgnat_work, HZ);
}

int __init cgnat_track_init(void)
{
	int err = nf_conntrack_helper_register(&cgnat_helper);

	if (!err)
		schedule_delayed_work(&cgnat_work, HZ);
	return err;
}

void cgnat_track_exit(void)
{
	cancel_delayed_work_sync(&cgnat_work);
	cgnat_track_settle(true);
	nf_conntrack_helper_unregister(&cgnat_helper);
}
