// SPDX-License-Identifier: GPL-2.0
/*
 * iptables plugin for the CGNAT target. Validation uses the same
 * arithmetic as the kernel (kmod/det.c), so a rule the kernel would refuse
 * is refused here first, with the reason.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <xtables.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "det.h"
#include "range.h"

enum { O_MODE, O_INSIDE, O_OUTSIDE, O_PORTS };

static const struct xt_option_entry cgnat_tg_opts[] = {
	{ .name = "mode", .id = O_MODE, .type = XTTYPE_STRING,
	  .flags = XTOPT_MAND },
	{ .name = "inside", .id = O_INSIDE, .type = XTTYPE_STRING },
	{ .name = "outside", .id = O_OUTSIDE, .type = XTTYPE_STRING,
	  .flags = XTOPT_MAND },
	{ .name = "ports", .id = O_PORTS, .type = XTTYPE_STRING },
	XTOPT_TABLEEND,
};

static void cgnat_tg_help(void)
{
	printf("CGNAT target options:\n"
	       "  --mode deterministic         RFC 7422 deterministic NAT\n"
	       "  --inside ADDR[/LEN|-LAST]    subscriber (private) addresses\n"
	       "  --outside ADDR[/LEN|-LAST]   public addresses\n"
	       "  --ports FIRST-LAST           public ports to use (default %u-%u)\n",
	       CGNAT_PORT_MIN_DEFAULT, CGNAT_PORT_MAX_DEFAULT);
}

static void cgnat_tg_init(struct xt_entry_target *t)
{
	struct xt_cgnat_tginfo *info = (void *)t->data;

	info->port_min = CGNAT_PORT_MIN_DEFAULT;
	info->port_max = CGNAT_PORT_MAX_DEFAULT;
}

static void parse_addrs(const char *opt, const char *arg, __be32 *first,
			__be32 *last)
{
	const char *why;
	uint32_t a, b;

	if (range_parse_addrs(arg, &a, &b, &why))
		xtables_error(PARAMETER_PROBLEM, "CGNAT: --%s \"%s\": %s",
			      opt, arg, why);
	*first = htonl(a);
	*last = htonl(b);
}

static void cgnat_tg_parse(struct xt_option_call *cb)
{
	struct xt_cgnat_tginfo *info = cb->data;
	const char *why;
	uint32_t a, b;

	xtables_option_parse(cb);
	switch (cb->entry->id) {
	case O_MODE:
		if (strcmp(cb->arg, "deterministic"))
			xtables_error(PARAMETER_PROBLEM,
				      "CGNAT: --mode \"%s\": expected \"deterministic\"",
				      cb->arg);
		info->mode = CGNAT_MODE_DETERMINISTIC;
		break;
	case O_INSIDE:
		parse_addrs("inside", cb->arg, &info->inside_first,
			    &info->inside_last);
		break;
	case O_OUTSIDE:
		parse_addrs("outside", cb->arg, &info->outside_first,
			    &info->outside_last);
		break;
	case O_PORTS:
		if (range_parse_ports(cb->arg, &a, &b, &why))
			xtables_error(PARAMETER_PROBLEM,
				      "CGNAT: --ports \"%s\": %s", cb->arg, why);
		info->port_min = a;
		info->port_max = b;
		info->flags |= CGNAT_F_PORTS;
		break;
	}
}

static void cgnat_tg_check(struct xt_fcheck_call *cb)
{
	const struct xt_cgnat_tginfo *info = cb->data;
	struct cgnat_det det;
	const char *why;
	int err;

	if (!(cb->xflags & (1 << O_INSIDE)))
		xtables_error(PARAMETER_PROBLEM,
			      "CGNAT: --mode deterministic needs --inside");
	err = cgnat_det_init(&det, ntohl(info->inside_first),
			     ntohl(info->inside_last),
			     ntohl(info->outside_first),
			     ntohl(info->outside_last),
			     info->port_min, info->port_max, &why);
	if (err && err != -ERANGE)
		xtables_error(PARAMETER_PROBLEM, "CGNAT: %s", why);
	if (err)
		xtables_error(PARAMETER_PROBLEM,
			      "CGNAT: %s (--inside has %llu addresses, --outside %llu, --ports %u)",
			      why, (unsigned long long)det.in_count,
			      (unsigned long long)det.out_count,
			      info->port_max - info->port_min + 1);
}

static void print_addrs(const char *prefix, __be32 first, __be32 last)
{
	char buf[RANGE_STRLEN];

	range_format_addrs(buf, ntohl(first), ntohl(last));
	printf(" %s%s", prefix, buf);
}

static void cgnat_tg_show(const struct xt_cgnat_tginfo *info, bool save)
{
	const char *pfx = save ? "--" : "";

	printf(" %smode %s", pfx,
	       info->mode == CGNAT_MODE_DETERMINISTIC ? "deterministic" : "?");
	printf(" %sinside", pfx);
	print_addrs("", info->inside_first, info->inside_last);
	printf(" %soutside", pfx);
	print_addrs("", info->outside_first, info->outside_last);
	if (!save || (info->flags & CGNAT_F_PORTS))
		printf(" %sports %u-%u", pfx, info->port_min, info->port_max);
}

static void cgnat_tg_print(const void *ip, const struct xt_entry_target *t,
			   int numeric)
{
	(void)ip;
	(void)numeric;
	printf(" CGNAT");
	cgnat_tg_show((const void *)t->data, false);
}

static void cgnat_tg_save(const void *ip, const struct xt_entry_target *t)
{
	(void)ip;
	cgnat_tg_show((const void *)t->data, true);
}

static struct xtables_target cgnat_tg_reg = {
	.name		= "CGNAT",
	.version	= XTABLES_VERSION,
	.family		= NFPROTO_IPV4,
	.revision	= 0,
	.size		= XT_ALIGN(sizeof(struct xt_cgnat_tginfo)),
	.userspacesize	= offsetof(struct xt_cgnat_tginfo, priv),
	.help		= cgnat_tg_help,
	.init		= cgnat_tg_init,
	.x6_parse	= cgnat_tg_parse,
	.x6_fcheck	= cgnat_tg_check,
	.print		= cgnat_tg_print,
	.save		= cgnat_tg_save,
	.x6_options	= cgnat_tg_opts,
};

static void __attribute__((constructor)) cgnat_tg_ldr(void)
{
	xtables_register_target(&cgnat_tg_reg);
}
