// SPDX-License-Identifier: GPL-2.0
/*
 * The Generic Netlink family "cgnat": see include/uapi/linux/cgnat.h for
 * the commands, their attribute trees and the event group.
 */
#include <linux/cgnat.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "genl.h"
#include "instance.h"

static struct genl_family cgnat_genl_family;

enum { CGNAT_MCGRP_EVENTS };

#ifdef CGNAT_HAVE_GENL_INFO_DUMP
#define dump_attrs(cb) (genl_info_dump(cb)->attrs)
#else
#define dump_attrs(cb) (genl_dumpit_info(cb)->attrs)
#endif

void *cgnat_genl_put(struct sk_buff *skb, u8 cmd)
{
	return genlmsg_put(skb, 0, 0, &cgnat_genl_family, 0, cmd);
}

bool cgnat_genl_has_listeners(struct net *net)
{
	return genl_has_listeners(&cgnat_genl_family, net, CGNAT_MCGRP_EVENTS);
}

int cgnat_genl_multicast(struct net *net, struct sk_buff *skb)
{
	return genlmsg_multicast_netns(&cgnat_genl_family, net, skb, 0,
				       CGNAT_MCGRP_EVENTS, GFP_ATOMIC);
}

static const u16 stat_attr[CGNAT_C_MAX] = {
	[CGNAT_C_TRANSLATED] = CGNAT_STAT_TRANSLATED,
	[CGNAT_C_DROP_EXHAUSTED] = CGNAT_STAT_DROP_EXHAUSTED,
	[CGNAT_C_DROP_NOT_INSIDE] = CGNAT_STAT_DROP_NOT_INSIDE,
	[CGNAT_C_DROP_PROTO] = CGNAT_STAT_DROP_PROTO,
	[CGNAT_C_DROP_QUOTA] = CGNAT_STAT_DROP_QUOTA,
	[CGNAT_C_CREATED_TCP] = CGNAT_STAT_CREATED_TCP,
	[CGNAT_C_CREATED_UDP] = CGNAT_STAT_CREATED_UDP,
	[CGNAT_C_CREATED_ICMP] = CGNAT_STAT_CREATED_ICMP,
	[CGNAT_C_CREATED_OTHER] = CGNAT_STAT_CREATED_OTHER,
	[CGNAT_C_DESTROYED_TCP] = CGNAT_STAT_DESTROYED_TCP,
	[CGNAT_C_DESTROYED_UDP] = CGNAT_STAT_DESTROYED_UDP,
	[CGNAT_C_DESTROYED_ICMP] = CGNAT_STAT_DESTROYED_ICMP,
	[CGNAT_C_DESTROYED_OTHER] = CGNAT_STAT_DESTROYED_OTHER,
	[CGNAT_C_UNTRACKED] = CGNAT_STAT_UNTRACKED,
	[CGNAT_C_BLOCKS_ALLOCATED] = CGNAT_STAT_BLOCKS_ALLOCATED,
	[CGNAT_C_BLOCKS_RELEASED] = CGNAT_STAT_BLOCKS_RELEASED,
};

static int put_u64s(struct sk_buff *skb, const u16 *attrs, const u64 *v,
		    int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (nla_put_u64_64bit(skb, attrs[i], v[i], CGNAT_STAT_PAD))
			return -EMSGSIZE;
	return 0;
}

static int put_pool_gauges(struct sk_buff *skb, struct cgnat_pool *p)
{
	static const u16 attrs[] = { CGNAT_STAT_SUBSCRIBERS,
				     CGNAT_STAT_BLOCKS_ACTIVE,
				     CGNAT_STAT_BLOCKS_QUARANTINED };
	u64 v[3] = { 0 };
	u32 a;

	spin_lock_bh(&p->lock);
	v[0] = p->nsubs;
	for (a = 0; a < p->cfg.out_count; a++) {
		v[1] += p->pubs[a].active;
		v[2] += p->pubs[a].quarantined;
	}
	spin_unlock_bh(&p->lock);
	return put_u64s(skb, attrs, v, ARRAY_SIZE(v));
}

static int put_stats(struct sk_buff *skb, const struct cgnat_instance *inst)
{
	struct cgnat_stats s;
	struct nlattr *nest;

	cgnat_instance_sum_stats(inst, &s);
	nest = nla_nest_start(skb, CGNAT_A_STATS);
	if (!nest || put_u64s(skb, stat_attr, s.c, CGNAT_C_MAX) ||
	    (inst->pool && put_pool_gauges(skb, inst->pool))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int put_pba_config(struct sk_buff *skb, const struct cgnat_instance *inst)
{
	const struct cgnat_pba_cfg *c = &inst->pba_cfg;

	if (nla_put_u16(skb, CGNAT_A_BLOCK_SIZE, c->block_size) ||
	    nla_put_u16(skb, CGNAT_A_MAX_BLOCKS, c->max_blocks) ||
	    nla_put_u32(skb, CGNAT_A_QUARANTINE, c->quarantine) ||
	    nla_put_u8(skb, CGNAT_A_THRESHOLD, c->threshold))
		return -EMSGSIZE;
	if ((inst->flags & CGNAT_F_INSIDE) &&
	    (nla_put_in_addr(skb, CGNAT_A_INSIDE_FIRST, inst->inside_first) ||
	     nla_put_in_addr(skb, CGNAT_A_INSIDE_LAST, inst->inside_last)))
		return -EMSGSIZE;
	return 0;
}

static int put_det_config(struct sk_buff *skb, const struct cgnat_instance *inst)
{
	if (nla_put_in_addr(skb, CGNAT_A_INSIDE_FIRST, inst->inside_first) ||
	    nla_put_in_addr(skb, CGNAT_A_INSIDE_LAST, inst->inside_last) ||
	    nla_put_u32(skb, CGNAT_A_PORTS_PER_SUBSCRIBER,
			inst->det.ports_per_sub) ||
	    nla_put_u32(skb, CGNAT_A_SUBSCRIBERS_PER_ADDRESS,
			inst->det.subs_per_addr))
		return -EMSGSIZE;
	return 0;
}

/* The configuration (no id, no counters): instances and config events. */
int cgnat_put_instance_config(struct sk_buff *skb,
			      const struct cgnat_instance *inst)
{
	if (nla_put_u32(skb, CGNAT_A_MODE, inst->mode) ||
	    nla_put_in_addr(skb, CGNAT_A_OUTSIDE_FIRST, inst->outside_first) ||
	    nla_put_in_addr(skb, CGNAT_A_OUTSIDE_LAST, inst->outside_last) ||
	    nla_put_u16(skb, CGNAT_A_PORT_MIN, inst->port_min) ||
	    nla_put_u16(skb, CGNAT_A_PORT_MAX, inst->port_max) ||
	    nla_put_u64_64bit(skb, CGNAT_A_CREATED_NS, inst->created_ns,
			      CGNAT_A_PAD))
		return -EMSGSIZE;
	return inst->pool ? put_pba_config(skb, inst)
			  : put_det_config(skb, inst);
}

struct dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	__be32 sub, pub;	/* GET_BLOCKS filters, 0: any */
	u64 seq;
};

static void *dump_put(struct dump_ctx *ctx, u8 cmd)
{
	return genlmsg_put(ctx->skb, NETLINK_CB(ctx->cb->skb).portid,
			   ctx->cb->nlh->nlmsg_seq, &cgnat_genl_family,
			   NLM_F_MULTI, cmd);
}

static int dump_instance(struct cgnat_instance *inst, void *arg)
{
	struct dump_ctx *ctx = arg;
	void *hdr = dump_put(ctx, CGNAT_CMD_GET_INSTANCES);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(ctx->skb, CGNAT_A_INSTANCE_ID, inst->id) ||
	    cgnat_put_instance_config(ctx->skb, inst) ||
	    put_stats(ctx->skb, inst)) {
		genlmsg_cancel(ctx->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(ctx->skb, hdr);
	ctx->cb->args[0] = inst->id;
	return 0;
}

static int dump_end(struct sk_buff *skb, int err)
{
	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* more to come in the next part */
	return err ?: skb->len;
}

static int cgnat_get_instances_dump(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct dump_ctx ctx = { .skb = skb, .cb = cb };

	return dump_end(skb, cgnat_instance_walk(sock_net(skb->sk),
						 cb->args[0], dump_instance,
						 &ctx));
}

static int put_block(struct sk_buff *skb, const struct cgnat_instance *inst,
		     u32 b, u64 seq)
{
	const struct cgnat_block *blk = &inst->pool->blocks[b];
	u16 first, last;
	u32 addr;

	cgnat_block_range(inst->pool, b, &addr, &first, &last);
	if (nla_put_u32(skb, CGNAT_A_INSTANCE_ID, inst->id) ||
	    nla_put_in_addr(skb, CGNAT_A_SUBSCRIBER, htonl(blk->owner)) ||
	    nla_put_in_addr(skb, CGNAT_A_PUBLIC, htonl(addr)) ||
	    nla_put_u16(skb, CGNAT_A_PORT_FIRST, first) ||
	    nla_put_u16(skb, CGNAT_A_PORT_LAST, last) ||
	    nla_put_u64_64bit(skb, CGNAT_A_ALLOC_NS, blk->alloc_ns,
			      CGNAT_A_PAD) ||
	    nla_put_u32(skb, CGNAT_A_CONNECTIONS,
			max(atomic_read(&blk->conns), 0)) ||
	    nla_put_u64_64bit(skb, CGNAT_A_SEQ, seq, CGNAT_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static bool block_wanted(const struct dump_ctx *ctx,
			 const struct cgnat_pool *p, u32 b)
{
	u32 a = p->cfg.out_first + b / p->per_addr;

	return p->blocks[b].state == CGNAT_BLOCK_ACTIVE &&
	       (!ctx->sub || ntohl(ctx->sub) == p->blocks[b].owner) &&
	       (!ctx->pub || ntohl(ctx->pub) == a);
}

/*
 * Per-instance dumps: cb->args[0] is the instance being dumped (or the
 * next one to start), cb->args[1] the next item in it.
 */
struct item_dump {
	u8 cmd;
	u32 (*count)(const struct cgnat_pool *p);
	bool (*wanted)(const struct dump_ctx *ctx, const struct cgnat_pool *p,
		       u32 i);
	int (*put)(struct sk_buff *skb, const struct cgnat_instance *inst,
		   u32 i, u64 seq);
};

static int dump_items(struct cgnat_instance *inst, struct dump_ctx *ctx,
		      const struct item_dump *d)
{
	struct cgnat_pool *p = inst->pool;
	int err = 0;
	u32 i;

	if (!p)
		return 0;
	if (ctx->cb->args[0] != inst->id) {
		ctx->cb->args[0] = inst->id;
		ctx->cb->args[1] = 0;
	}
	spin_lock_bh(&p->lock);
	for (i = ctx->cb->args[1]; i < d->count(p); i++) {
		void *hdr;

		if (d->wanted && !d->wanted(ctx, p, i))
			continue;
		hdr = dump_put(ctx, d->cmd);
		err = hdr ? d->put(ctx->skb, inst, i, ctx->seq) : -EMSGSIZE;
		if (err) {
			if (hdr)
				genlmsg_cancel(ctx->skb, hdr);
			ctx->cb->args[1] = i;
			break;
		}
		genlmsg_end(ctx->skb, hdr);
	}
	spin_unlock_bh(&p->lock);
	if (!err) {
		ctx->cb->args[0] = inst->id + 1;
		ctx->cb->args[1] = 0;
	}
	return err;
}

static u32 count_blocks(const struct cgnat_pool *p)
{
	return p->nblocks;
}

static const struct item_dump block_dump = {
	.cmd = CGNAT_CMD_GET_BLOCKS,
	.count = count_blocks,
	.wanted = block_wanted,
	.put = put_block,
};

static int dump_pool_blocks(struct cgnat_instance *inst, void *arg)
{
	return dump_items(inst, arg, &block_dump);
}

static u64 current_seq(struct net *net)
{
	struct cgnat_netstate ns;

	return cgnat_netstate_read(net, &ns) ? atomic64_read(&ns.seq) : 0;
}

static int cgnat_get_blocks_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct nlattr **attrs = dump_attrs(cb);
	struct dump_ctx ctx = { .skb = skb, .cb = cb };
	u32 after = cb->args[0] ? cb->args[0] - 1 : 0;

	if (attrs[CGNAT_A_SUBSCRIBER])
		ctx.sub = nla_get_in_addr(attrs[CGNAT_A_SUBSCRIBER]);
	if (attrs[CGNAT_A_PUBLIC])
		ctx.pub = nla_get_in_addr(attrs[CGNAT_A_PUBLIC]);
	ctx.seq = current_seq(sock_net(skb->sk));
	return dump_end(skb, cgnat_instance_walk(sock_net(skb->sk), after,
						 dump_pool_blocks, &ctx));
}

static int put_pub(struct sk_buff *skb, const struct cgnat_instance *inst,
		   u32 a, u64 seq)
{
	const struct cgnat_pool *p = inst->pool;
	const struct cgnat_pub *pub = &p->pubs[a];

	if (nla_put_u32(skb, CGNAT_A_INSTANCE_ID, inst->id) ||
	    nla_put_in_addr(skb, CGNAT_A_PUBLIC, htonl(p->cfg.out_first + a)) ||
	    nla_put_u32(skb, CGNAT_A_BLOCKS_TOTAL, p->per_addr) ||
	    nla_put_u32(skb, CGNAT_A_BLOCKS_USED, pub->active) ||
	    nla_put_u32(skb, CGNAT_A_BLOCKS_QUARANTINED, pub->quarantined) ||
	    nla_put_u32(skb, CGNAT_A_SUBSCRIBERS, pub->subs) ||
	    nla_put_u8(skb, CGNAT_A_THRESHOLD, p->cfg.threshold))
		return -EMSGSIZE;
	return 0;
}

static u32 count_pubs(const struct cgnat_pool *p)
{
	return p->cfg.out_count;
}

static const struct item_dump pub_dump = {
	.cmd = CGNAT_CMD_GET_POOL,
	.count = count_pubs,
	.put = put_pub,
};

static int dump_pool_pubs(struct cgnat_instance *inst, void *arg)
{
	return dump_items(inst, arg, &pub_dump);
}

static int cgnat_get_pool_dump(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct dump_ctx ctx = { .skb = skb, .cb = cb };
	u32 after = cb->args[0] ? cb->args[0] - 1 : 0;

	return dump_end(skb, cgnat_instance_walk(sock_net(skb->sk), after,
						 dump_pool_pubs, &ctx));
}

static int cgnat_get_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgnat_netstate ns = {};
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	cgnat_netstate_read(genl_info_net(info), &ns);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &cgnat_genl_family, 0,
				CGNAT_CMD_GET_STATS);
	if (!hdr ||
	    nla_put_u64_64bit(msg, CGNAT_A_SEQ, atomic64_read(&ns.seq),
			      CGNAT_A_PAD))
		goto nospace;
	nest = nla_nest_start(msg, CGNAT_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(msg, CGNAT_STAT_EVENTS_SENT,
			      atomic64_read(&ns.sent), CGNAT_STAT_PAD) ||
	    nla_put_u64_64bit(msg, CGNAT_STAT_EVENTS_FAILED,
			      atomic64_read(&ns.failed), CGNAT_STAT_PAD))
		goto nospace;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

struct lookup_ctx {
	struct sk_buff *msg;
	struct genl_info *info;
	u32 addr;
	u16 port;
	bool found;
};

static int lookup_one(struct cgnat_instance *inst, void *arg)
{
	struct lookup_ctx *l = arg;
	void *hdr;
	int b, err;

	if (!inst->pool)
		return 0;
	spin_lock_bh(&inst->pool->lock);
	b = cgnat_pool_find(inst->pool, l->addr, l->port);
	if (b < 0) {
		spin_unlock_bh(&inst->pool->lock);
		return 0;
	}
	hdr = genlmsg_put_reply(l->msg, l->info, &cgnat_genl_family, 0,
				CGNAT_CMD_LOOKUP);
	err = hdr ? put_block(l->msg, inst, b, 0) : -EMSGSIZE;
	spin_unlock_bh(&inst->pool->lock);
	if (err)
		return err;
	genlmsg_end(l->msg, hdr);
	l->found = true;
	return 1;
}

static int cgnat_lookup_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lookup_ctx l = { .info = info };
	int err;

	if (GENL_REQ_ATTR_CHECK(info, CGNAT_A_PUBLIC) ||
	    GENL_REQ_ATTR_CHECK(info, CGNAT_A_PORT))
		return -EINVAL;
	l.addr = ntohl(nla_get_in_addr(info->attrs[CGNAT_A_PUBLIC]));
	l.port = nla_get_u16(info->attrs[CGNAT_A_PORT]);
	l.msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!l.msg)
		return -ENOMEM;
	err = cgnat_instance_walk(genl_info_net(info), 0, lookup_one, &l);
	if (err < 0 || !l.found) {
		nlmsg_free(l.msg);
		if (!err)
			NL_SET_ERR_MSG(info->extack,
				       "no port block holds this address and port now");
		return err < 0 ? err : -ENOENT;
	}
	return genlmsg_reply(l.msg, info);
}

static const struct nla_policy blocks_policy[CGNAT_A_MAX + 1] = {
	[CGNAT_A_SUBSCRIBER] = { .type = NLA_BE32 },
	[CGNAT_A_PUBLIC] = { .type = NLA_BE32 },
};

static const struct nla_policy lookup_policy[CGNAT_A_MAX + 1] = {
	[CGNAT_A_PUBLIC] = { .type = NLA_BE32 },
	[CGNAT_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

static const struct genl_ops cgnat_genl_ops[] = {
	{
		.cmd	= CGNAT_CMD_GET_INSTANCES,
		.dumpit	= cgnat_get_instances_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= CGNAT_CMD_GET_BLOCKS,
		.dumpit	= cgnat_get_blocks_dump,
		.policy	= blocks_policy,
		.maxattr = CGNAT_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= CGNAT_CMD_GET_POOL,
		.dumpit	= cgnat_get_pool_dump,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= CGNAT_CMD_GET_STATS,
		.doit	= cgnat_get_stats_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= CGNAT_CMD_LOOKUP,
		.doit	= cgnat_lookup_doit,
		.policy	= lookup_policy,
		.maxattr = CGNAT_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

/* Events name subscribers: only CAP_NET_ADMIN may listen. */
static const struct genl_multicast_group cgnat_mcgrps[] = {
	[CGNAT_MCGRP_EVENTS] = {
		.name	= CGNAT_GENL_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family cgnat_genl_family __ro_after_init = {
	.name		= CGNAT_GENL_NAME,
	.version	= CGNAT_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= cgnat_genl_ops,
	.n_ops		= ARRAY_SIZE(cgnat_genl_ops),
	.mcgrps		= cgnat_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(cgnat_mcgrps),
	.resv_start_op	= CGNAT_CMD_GET_INSTANCES,
};

int __init cgnat_genl_init(void)
{
	return genl_register_family(&cgnat_genl_family);
}

void cgnat_genl_exit(void)
{
	genl_unregister_family(&cgnat_genl_family);
}
