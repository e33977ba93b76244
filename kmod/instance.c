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
 */
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include "instance.h"

static DEFINE_MUTEX(cgnat_instances_lock);
static LIST_HEAD(cgnat_instances);
static u32 cgnat_next_id = 1;

static bool same_config(const struct cgnat_instance *inst,
			const struct xt_cgnat_tginfo *info)
{
	return inst->mode == info->mode &&
	       inst->inside_first == info->inside_first &&
	       inst->inside_last == info->inside_last &&
	       inst->outside_first == info->outside_first &&
	       inst->outside_last == info->outside_last &&
	       inst->port_min == info->port_min &&
	       inst->port_max == info->port_max;
}

static bool outside_overlaps(const struct cgnat_instance *inst,
			     const struct xt_cgnat_tginfo *info)
{
	return cgnat_det_ranges_overlap(ntohl(inst->outside_first),
					ntohl(inst->outside_last),
					ntohl(info->outside_first),
					ntohl(info->outside_last));
}

static struct cgnat_instance *instance_new(struct net *net,
					   const struct xt_cgnat_tginfo *info)
{
	struct cgnat_instance *inst;
	const char *why;
	int err;

	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		return ERR_PTR(-ENOMEM);
	err = cgnat_det_init(&inst->det, ntohl(info->inside_first),
			     ntohl(info->inside_last),
			     ntohl(info->outside_first),
			     ntohl(info->outside_last),
			     info->port_min, info->port_max, &why);
	if (err) {
		pr_info_ratelimited("refused: %s\n", why);
		kfree(inst);
		return ERR_PTR(-EINVAL);
	}
	inst->stats = alloc_percpu(struct cgnat_stats);
	if (!inst->stats) {
		kfree(inst);
		return ERR_PTR(-ENOMEM);
	}
	write_pnet(&inst->net, net);
	inst->refs = 1;
	inst->id = cgnat_next_id++;
	inst->mode = info->mode;
	inst->inside_first = info->inside_first;
	inst->inside_last = info->inside_last;
	inst->outside_first = info->outside_first;
	inst->outside_last = info->outside_last;
	inst->port_min = info->port_min;
	inst->port_max = info->port_max;
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
			goto out;
		}
		if (outside_overlaps(inst, info)) {
			pr_info_ratelimited("refused: --outside %pI4-%pI4 overlaps the --outside %pI4-%pI4 of CGNAT instance %u in this network namespace\n",
					    &info->outside_first,
					    &info->outside_last,
					    &inst->outside_first,
					    &inst->outside_last, inst->id);
			inst = ERR_PTR(-EADDRINUSE);
			goto out;
		}
	}
	inst = instance_new(net, info);
	if (!IS_ERR(inst))
		list_add_tail(&inst->list, &cgnat_instances);
out:
	mutex_unlock(&cgnat_instances_lock);
	return inst;
}

static void instance_free_rcu(struct rcu_head *rcu)
{
	struct cgnat_instance *inst = container_of(rcu, struct cgnat_instance,
						   rcu);

	free_percpu(inst->stats);
	kfree(inst);
}

void cgnat_instance_put(struct cgnat_instance *inst)
{
	mutex_lock(&cgnat_instances_lock);
	if (--inst->refs == 0)
		list_del(&inst->list);
	else
		inst = NULL;
	mutex_unlock(&cgnat_instances_lock);
	if (inst)
		call_rcu(&inst->rcu, instance_free_rcu);
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
