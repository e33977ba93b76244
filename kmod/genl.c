// SPDX-License-Identifier: GPL-2.0
/*
 * The Generic Netlink family "cgnat": see include/uapi/linux/cgnat.h for
 * the commands and their attribute trees.
 */
#include <linux/cgnat.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "genl.h"
#include "instance.h"

static struct genl_family cgnat_genl_family;

static const u16 stat_attr[CGNAT_C_MAX] = {
	[CGNAT_C_TRANSLATED] = CGNAT_STAT_TRANSLATED,
	[CGNAT_C_DROP_EXHAUSTED] = CGNAT_STAT_DROP_EXHAUSTED,
	[CGNAT_C_DROP_NOT_INSIDE] = CGNAT_STAT_DROP_NOT_INSIDE,
	[CGNAT_C_DROP_PROTO] = CGNAT_STAT_DROP_PROTO,
};

static int put_stats(struct sk_buff *skb, const struct cgnat_instance *inst)
{
	struct cgnat_stats s;
	struct nlattr *nest;
	int i;

	cgnat_instance_sum_stats(inst, &s);
	nest = nla_nest_start(skb, CGNAT_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < CGNAT_C_MAX; i++) {
		if (nla_put_u64_64bit(skb, stat_attr[i], s.c[i],
				      CGNAT_STAT_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_instance(struct sk_buff *skb, const struct cgnat_instance *inst)
{
	if (nla_put_u32(skb, CGNAT_A_INSTANCE_ID, inst->id) ||
	    nla_put_u32(skb, CGNAT_A_MODE, inst->mode) ||
	    nla_put_in_addr(skb, CGNAT_A_INSIDE_FIRST, inst->inside_first) ||
	    nla_put_in_addr(skb, CGNAT_A_INSIDE_LAST, inst->inside_last) ||
	    nla_put_in_addr(skb, CGNAT_A_OUTSIDE_FIRST, inst->outside_first) ||
	    nla_put_in_addr(skb, CGNAT_A_OUTSIDE_LAST, inst->outside_last) ||
	    nla_put_u16(skb, CGNAT_A_PORT_MIN, inst->port_min) ||
	    nla_put_u16(skb, CGNAT_A_PORT_MAX, inst->port_max) ||
	    nla_put_u32(skb, CGNAT_A_PORTS_PER_SUBSCRIBER,
			inst->det.ports_per_sub) ||
	    nla_put_u32(skb, CGNAT_A_SUBSCRIBERS_PER_ADDRESS,
			inst->det.subs_per_addr) ||
	    nla_put_u64_64bit(skb, CGNAT_A_CREATED_NS, inst->created_ns,
			      CGNAT_A_PAD))
		return -EMSGSIZE;
	return put_stats(skb, inst);
}

struct dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int dump_one(const struct cgnat_instance *inst, void *arg)
{
	struct dump_ctx *ctx = arg;
	void *hdr;

	hdr = genlmsg_put(ctx->skb, NETLINK_CB(ctx->cb->skb).portid,
			  ctx->cb->nlh->nlmsg_seq, &cgnat_genl_family,
			  NLM_F_MULTI, CGNAT_CMD_GET_INSTANCES);
	if (!hdr)
		return -EMSGSIZE;
	if (put_instance(ctx->skb, inst)) {
		genlmsg_cancel(ctx->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(ctx->skb, hdr);
	ctx->cb->args[0] = inst->id;
	return 0;
}

static int cgnat_get_instances_dump(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct dump_ctx ctx = { .skb = skb, .cb = cb };
	int err;

	err = cgnat_instance_walk(sock_net(skb->sk), cb->args[0], dump_one,
				  &ctx);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* more to come in the next part */
	return err ?: skb->len;
}

static const struct genl_ops cgnat_genl_ops[] = {
	{
		.cmd	= CGNAT_CMD_GET_INSTANCES,
		.dumpit	= cgnat_get_instances_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family cgnat_genl_family __ro_after_init = {
	.name		= CGNAT_GENL_NAME,
	.version	= CGNAT_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= cgnat_genl_ops,
	.n_ops		= ARRAY_SIZE(cgnat_genl_ops),
	.resv_start_op	= CGNAT_CMD_GET_INSTANCES + 1,
};

int __init cgnat_genl_init(void)
{
	return genl_register_family(&cgnat_genl_family);
}

void cgnat_genl_exit(void)
{
	genl_unregister_family(&cgnat_genl_family);
}
