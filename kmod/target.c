// SPDX-License-Identifier: GPL-2.0
/* The xtables target CGNAT: validation, instance binding, packet hook. */
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <net/netfilter/nf_conntrack.h>
#include "nat.h"
#include "target.h"

static struct cgnat_instance *tg_instance(const struct xt_cgnat_tginfo *info)
{
	return (struct cgnat_instance *)(uintptr_t)info->priv;
}

static bool reserved_clear(const struct xt_cgnat_tginfo *info)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(info->reserved); i++)
		if (info->reserved[i])
			return false;
	return !info->pad[0] && !info->pad[1] && !info->pad[2];
}

static const char *check_mode(const struct xt_cgnat_tginfo *info)
{
	switch (info->mode) {
	case CGNAT_MODE_DETERMINISTIC:
		if (info->block_size || info->max_blocks || info->quarantine ||
		    info->threshold)
			return "port-block options in deterministic mode";
		return NULL;
	case CGNAT_MODE_PBA:
		if ((info->flags & CGNAT_F_INSIDE) &&
		    ntohl(info->inside_first) > ntohl(info->inside_last))
			return "inside range is inverted";
		if (!(info->flags & CGNAT_F_INSIDE) &&
		    (info->inside_first || info->inside_last))
			return "inside range without CGNAT_F_INSIDE";
		return NULL;
	}
	return "unknown mode";
}

static int cgnat_tg_check(const struct xt_tgchk_param *par)
{
	struct xt_cgnat_tginfo *info = par->targinfo;
	struct cgnat_instance *inst;
	const char *why;
	int err;

	if ((info->flags & ~__CGNAT_F_ALL) || !reserved_clear(info)) {
		pr_info_ratelimited("refused: unknown flags or options (newer iptables plugin?)\n");
		return -EOPNOTSUPP;
	}
	why = check_mode(info);
	if (why) {
		pr_info_ratelimited("refused: %s\n", why);
		return -EINVAL;
	}
	err = nf_ct_netns_get(par->net, par->family);
	if (err)
		return err;
	inst = cgnat_instance_get(par->net, info);
	if (IS_ERR(inst)) {
		nf_ct_netns_put(par->net, par->family);
		return PTR_ERR(inst);
	}
	info->priv = (uintptr_t)inst;
	return 0;
}

static void cgnat_tg_destroy(const struct xt_tgdtor_param *par)
{
	cgnat_instance_put(tg_instance(par->targinfo));
	nf_ct_netns_put(par->net, par->family);
}

static unsigned int cgnat_tg(struct sk_buff *skb,
			     const struct xt_action_param *par)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	struct cgnat_instance *inst;

	/* The nat table sees only the first packet of a connection. */
	if (WARN_ON_ONCE(!ct || (ctinfo != IP_CT_NEW &&
				 ctinfo != IP_CT_RELATED)))
		return NF_DROP;
	inst = tg_instance(par->targinfo);
	return inst->pool ? cgnat_pba_nat(inst, ct) : cgnat_det_nat(inst, ct);
}

static struct xt_target cgnat_tg_reg __read_mostly = {
	.name		= "CGNAT",
	.revision	= 0,
	.family		= NFPROTO_IPV4,
	.table		= "nat",
	.hooks		= 1 << NF_INET_POST_ROUTING,
	.target		= cgnat_tg,
	.checkentry	= cgnat_tg_check,
	.destroy	= cgnat_tg_destroy,
	.targetsize	= sizeof(struct xt_cgnat_tginfo),
	.usersize	= offsetof(struct xt_cgnat_tginfo, priv),
	.me		= THIS_MODULE,
};

int __init cgnat_target_init(void)
{
	return xt_register_target(&cgnat_tg_reg);
}

void cgnat_target_exit(void)
{
	xt_unregister_target(&cgnat_tg_reg);
}
