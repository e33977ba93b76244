// SPDX-License-Identifier: GPL-2.0
/*
 * Registry of CGNAT instances. An instance is created by the first rule
 * with a given configuration and shared by every identical rule: iptables
 * (legacy) re-checks every rule of a table on each change, and
 * iptables-nft-restore adds the new rules before it drops the old ones, so
 * an identical configuration must share rather than collide.
 *
 * The registry is one global list, not per-netns storage: rules are
 * destroyed by the iptables/nftables pernet exit, which runs after this
 * module's own pernet exit would have, so instances must outlive it.
 * Readers on the packet path (connection teardown) look instances up by
 * id under RCU; writers hold the mutex.
 */
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/cgnat.h>
#include "instance.h"

static DEFINE_MUTEX(cgnat_instances_lock);
static LIST_HEAD(cgnat_instances);
static u32 cgnat_next_id = 1;

enum cgnat_counter cgnat_proto_counter(u8 protonum, bool created)
{
	int base = created ? CGNAT_C_CREATED_TCP : CGNAT_C_DESTROYED_TCP;

	switch (protonum) {
	case IPPROTO_TCP:
		return base;
	case IPPROTO_UDP:
		return base + 1;
	case IPPROTO_ICMP:
		return base + 2;
	}
	return base + 3;
}

static bool same_config(const struct cgnat_instance *inst,
			const struct xt_cgnat_tginfo *info)
{
	return inst->mode == info->mode &&
	       inst->inside_first == info->inside_first &&
	       inst->inside_last == info->inside_last &&
	       inst->outside_first == info->outside_first &&
	       inst->outside_last == info->outside_last &&
	       inst->port_min == info->port_min &&
	       inst->port_max == info->port_max &&
	       (inst->mode != CGNAT_MODE_PBA ||
		(inst->pba_cfg.block_size == info->block_size &&
		 inst->pba_cfg.max_blocks == info->max_blocks &&
		 inst->pba_cfg.quarantine == info->quarantine &&
		 inst->pba_cfg.threshold == info->threshold));
}

static bool outside_overlaps(const struct cgnat_instance *inst,
			     const struct xt_cgnat_tginfo *info)
{
	return cgnat_det_ranges_overlap(ntohl(inst->outside_first),
					ntohl(inst->outside_last),
					ntohl(info->outside_first),
					ntohl(info->outside_last));
}

static void pool_event(void *ctx, const struct cgnat_event *ev)
{
	struct cgnat_instance *inst = ctx;

	if (ev->type == CGNAT_EVENT_BLOCK_ALLOC)
		cgnat_count(inst, CGNAT_C_BLOCKS_ALLOCATED);
	else if (ev->type == CGNAT_EVENT_BLOCK_RELEASE)
		cgnat_count(inst, CGNAT_C_BLOCKS_RELEASED);
	cgnat_event_send(inst, ev);
}

static int config_pba(struct cgnat_instance *inst,
		      const struct xt_cgnat_tginfo *info)
{
	struct cgnat_pba_cfg *c = &inst->pba_cfg;
	const char *why;
	int err;

	if (ntohl(info->outside_first) > ntohl(info->outside_last)) {
		pr_info_ratelimited("refused: outside range is inverted\n");
		return -EINVAL;
	}
	c->out_first = ntohl(info->outside_first);
	c->out_count = ntohl(info->outside_last) - c->out_first + 1;
	c->port_min = info->port_min;
	c->port_max = info->port_max;
	c->block_size = info->block_size;
	c->max_blocks = info->max_blocks;
	c->quarantine = info->quarantine;
	c->threshold = info->threshold;
	err = cgnat_pba_check(c, &why);
	if (err) {
		pr_info_ratelimited("refused: %s\n", why);
		return err;
	}
	inst->pool = kzalloc(sizeof(*inst->pool), GFP_KERNEL);
	if (!inst->pool)
		return -ENOMEM;
	err = cgnat_pool_init(inst->pool, c, pool_event, inst);
	if (err) {
		kfree(inst->pool);
		inst->pool = NULL;
	}
	return err;
}

static int config_det(struct cgnat_instance *inst,
		      const struct xt_cgnat_tginfo *info)
{
	const char *why;
	int err;

	err = cgnat_det_init(&inst->det, ntohl(info->inside_first),
			     ntohl(info->inside_last),
			     ntohl(info->outside_first),
			     ntohl(info->outside_last),
			     info->port_min, info->port_max, &why);
	if (err) {
		pr_info_ratelimited("refused: %s\n", why);
		return -EINVAL;
	}
	return 0;
}

static void instance_free(struct cgnat_instance *inst)
{
	if (inst->pool) {
		cgnat_pool_destroy(inst->pool);
		kfree(inst->pool);
	}
	if (inst->ns)
		cgnat_netstate_put(inst->ns);
	free_percpu(inst->stats);
	kfree(inst);
}

static struct cgnat_instance *instance_new(struct net *net,
					   const struct xt_cgnat_tginfo *info)
{
	struct cgnat_instance *inst;
	int err;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	write_pnet(&inst->net, net);
	inst->mode = info->mode;
	inst->flags = info->flags;
	inst->inside_first = info->inside_first;
	inst->inside_last = info->inside_last;
	inst->outside_first = info->outside_first;
	inst->outside_last = info->outside_last;
	inst->port_min = info->port_min;
	inst->port_max = info->port_max;
	inst->stats = alloc_percpu(struct cgnat_stats);
	inst->ns = cgnat_netstate_get(net);
	err = -ENOMEM;
	if (inst->stats && inst->ns)
		err = info->mode == CGNAT_MODE_PBA ? config_pba(inst, info)
						   : config_det(inst, info);
	if (err) {
		instance_free(inst);
		return ERR_PTR(err);
	}
	inst->refs = 1;
	inst->id = cgnat_next_id++;
	inst->created_ns = ktime_get_real_ns();
	return inst;
}

/*
 * Find the instance for @info in @net, or create it. An --outside range
 * that overlaps another instance's is refused: a public address:port must
 * name one subscriber.
 */
struct cgnat_instance *cgnat_instance_get(struct net *net,
					  const struct xt_cgnat_tginfo *info)
{
	struct cgnat_instance *inst;

	mutex_lock(&cgnat_instances_lock);
	list_for_each_entry(inst, &cgnat_instances, list) {
		if (!net_eq(read_pnet(&inst->net), net))
			continue;
		if (same_config(inst, info)) {
			inst->refs++;
			mutex_unlock(&cgnat_instances_lock);
			return inst;
		}
		if (outside_overlaps(inst, info)) {
			pr_info_ratelimited("refused: --outside %pI4-%pI4 overlaps the --outside %pI4-%pI4 of CGNAT instance %u in this network namespace\n",
					    &info->outside_first,
					    &info->outside_last,
					    &inst->outside_first,
					    &inst->outside_last, inst->id);
			mutex_unlock(&cgnat_instances_lock);
			return ERR_PTR(-EADDRINUSE);
		}
	}
	inst = instance_new(net, info);
	if (!IS_ERR(inst))
		list_add_tail_rcu(&inst->list, &cgnat_instances);
	mutex_unlock(&cgnat_instances_lock);
	if (!IS_ERR(inst))
		cgnat_event_config(inst, true);
	return inst;
}

void cgnat_instance_put(struct cgnat_instance *inst)
{
	mutex_lock(&cgnat_instances_lock);
	if (--inst->refs == 0)
		list_del_rcu(&inst->list);
	else
		inst = NULL;
	mutex_unlock(&cgnat_instances_lock);
	if (!inst)
		return;
	synchronize_rcu();	/* connection teardown may still use the pool */
	if (inst->pool)
		cgnat_pool_release_all(inst->pool);
	cgnat_event_config(inst, false);
	instance_free(inst);
}

struct cgnat_instance *cgnat_instance_find_rcu(struct net *net, u32 id)
{
	struct cgnat_instance *inst;

	list_for_each_entry_rcu(inst, &cgnat_instances, list)
		if (inst->id == id && net_eq(read_pnet(&inst->net), net))
			return inst;
	return NULL;
}

void cgnat_instance_sum_stats(const struct cgnat_instance *inst,
			      struct cgnat_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct cgnat_stats *s = per_cpu_ptr(inst->stats, cpu);

		for (i = 0; i < CGNAT_C_MAX; i++)
			sum->c[i] += READ_ONCE(s->c[i]);
	}
}

/*
 * Call @fn for each instance of @net whose id is above @after_id, in id
 * order, until it returns non-zero; that value is returned.
 */
int cgnat_instance_walk(struct net *net, u32 after_id, cgnat_instance_fn fn,
			void *arg)
{
	struct cgnat_instance *inst;
	int ret = 0;

	mutex_lock(&cgnat_instances_lock);
	list_for_each_entry(inst, &cgnat_instances, list) {
		if (inst->id <= after_id || !net_eq(read_pnet(&inst->net), net))
			continue;
		ret = fn(inst, arg);
		if (ret)
			break;
	}
	mutex_unlock(&cgnat_instances_lock);
	return ret;
}

void cgnat_instance_walk_pools(void (*fn)(struct cgnat_pool *pool))
{
	struct cgnat_instance *inst;

	mutex_lock(&cgnat_instances_lock);
	list_for_each_entry(inst, &cgnat_instances, list)
		if (inst->pool)
			fn(inst->pool);
	mutex_unlock(&cgnat_instances_lock);
}
