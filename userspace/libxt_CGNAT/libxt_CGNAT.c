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

enum { O_MODE, O_INSIDE, O_OUTSIDE, O_PORTS, O_BLOCK_SIZE, O_MAX_BLOCKS,
       O_QUARANTINE, O_THRESHOLD };

static const struct xt_option_entry cgnat_tg_opts[] = {
	{ .name = "mode", .id = O_MODE, .type = XTTYPE_STRING,
	  .flags = XTOPT_MAND },
	{ .name = "inside", .id = O_INSIDE, .type = XTTYPE_STRING },
	{ .name = "outside", .id = O_OUTSIDE, .type = XTTYPE_STRING,
	  .flags = XTOPT_MAND },
	{ .name = "ports", .id = O_PORTS, .type = XTTYPE_STRING },
	{ .name = "block-size", .id = O_BLOCK_SIZE, .type = XTTYPE_UINT16,
	  .min = 1, .flags = XTOPT_PUT,
	  XTOPT_POINTER(struct xt_cgnat_tginfo, block_size) },
	{ .name = "max-blocks", .id = O_MAX_BLOCKS, .type = XTTYPE_UINT16,
	  .min = 1, .max = CGNAT_MAX_BLOCKS_LIMIT, .flags = XTOPT_PUT,
	  XTOPT_POINTER(struct xt_cgnat_tginfo, max_blocks) },
	{ .name = "quarantine", .id = O_QUARANTINE, .type = XTTYPE_UINT32,
	  .max = 86400, .flags = XTOPT_PUT,
	  XTOPT_POINTER(struct xt_cgnat_tginfo, quarantine) },
	{ .name = "threshold", .id = O_THRESHOLD, .type = XTTYPE_UINT8,
	  .max = 100, .flags = XTOPT_PUT,
	  XTOPT_POINTER(struct xt_cgnat_tginfo, threshold) },
	XTOPT_TABLEEND,
};

static void cgnat_tg_help(void)
{
	printf("CGNAT target options:\n"
	       "  --mode deterministic|pba     RFC 7422 mapping or port-block allocation\n"
	       "  --inside ADDR[/LEN|-LAST]    subscriber addresses (pba: optional filter)\n"
	       "  --outside ADDR[/LEN|-LAST]   public addresses\n"
	       "  --ports FIRST-LAST           public ports to use (default %u-%u)\n"
	       "pba only:\n"
	       "  --block-size N               ports per block (default %u)\n"
	       "  --max-blocks N               blocks per subscriber, 1-%u (default %u)\n"
	       "  --quarantine SECONDS         rest of a released block (default %u)\n"
	       "  --threshold PERCENT          address use that raises an event, 0 off (default %u)\n",
	       CGNAT_PORT_MIN_DEFAULT, CGNAT_PORT_MAX_DEFAULT,
	       CGNAT_BLOCK_SIZE_DEFAULT, CGNAT_MAX_BLOCKS_LIMIT,
	       CGNAT_MAX_BLOCKS_DEFAULT, CGNAT_QUARANTINE_DEFAULT,
	       CGNAT_THRESHOLD_DEFAULT);
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
		if (!strcmp(cb->arg, "deterministic"))
			info->mode = CGNAT_MODE_DETERMINISTIC;
		else if (!strcmp(cb->arg, "pba"))
			info->mode = CGNAT_MODE_PBA;
		else
			xtables_error(PARAMETER_PROBLEM,
				      "CGNAT: --mode \"%s\": expected \"deterministic\" or \"pba\"",
				      cb->arg);
		break;
	case O_INSIDE:
		parse_addrs("inside", cb->arg, &info->inside_first,
			    &info->inside_last);
		info->flags |= CGNAT_F_INSIDE;
		break;
	case O_BLOCK_SIZE:
		info->flags |= CGNAT_F_BLOCK_SIZE;
		break;
	case O_MAX_BLOCKS:
		info->flags |= CGNAT_F_MAX_BLOCKS;
		break;
	case O_QUARANTINE:
		info->flags |= CGNAT_F_QUARANTINE;
		break;
	case O_THRESHOLD:
		info->flags |= CGNAT_F_THRESHOLD;
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

#define PBA_FLAGS (CGNAT_F_BLOCK_SIZE | CGNAT_F_MAX_BLOCKS | \
		   CGNAT_F_QUARANTINE | CGNAT_F_THRESHOLD)

static void check_det(const struct xt_cgnat_tginfo *info)
{
	struct cgnat_det det;
	const char *why;
	int err;

	if (!(info->flags & CGNAT_F_INSIDE))
		xtables_error(PARAMETER_PROBLEM,
			      "CGNAT: --mode deterministic needs --inside");
	if (info->flags & PBA_FLAGS)
		xtables_error(PARAMETER_PROBLEM,
			      "CGNAT: --block-size, --max-blocks, --quarantine and --threshold are for --mode pba");
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

static void check_pba(struct xt_cgnat_tginfo *info)
{
	unsigned int ports = info->port_max - info->port_min + 1;

	if (!(info->flags & CGNAT_F_BLOCK_SIZE))
		info->block_size = CGNAT_BLOCK_SIZE_DEFAULT;
	if (!(info->flags & CGNAT_F_MAX_BLOCKS))
		info->max_blocks = CGNAT_MAX_BLOCKS_DEFAULT;
	if (!(info->flags & CGNAT_F_QUARANTINE))
		info->quarantine = CGNAT_QUARANTINE_DEFAULT;
	if (!(info->flags & CGNAT_F_THRESHOLD))
		info->threshold = CGNAT_THRESHOLD_DEFAULT;
	if (info->block_size > ports)
		xtables_error(PARAMETER_PROBLEM,
			      "CGNAT: --block-size %u is larger than the %u ports of --ports",
			      info->block_size, ports);
}

static void cgnat_tg_check(struct xt_fcheck_call *cb)
{
	struct xt_cgnat_tginfo *info = cb->data;

	if (info->mode == CGNAT_MODE_PBA)
		check_pba(info);
	else
		check_det(info);
}

static void print_addrs(const char *prefix, __be32 first, __be32 last)
{
	char buf[RANGE_STRLEN];

	range_format_addrs(buf, ntohl(first), ntohl(last));
	printf(" %s%s", prefix, buf);
}

static void show_pba(const struct xt_cgnat_tginfo *info, bool save)
{
	const char *pfx = save ? "--" : "";

	if (!save || (info->flags & CGNAT_F_BLOCK_SIZE))
		printf(" %sblock-size %u", pfx, info->block_size);
	if (!save || (info->flags & CGNAT_F_MAX_BLOCKS))
		printf(" %smax-blocks %u", pfx, info->max_blocks);
	if (!save || (info->flags & CGNAT_F_QUARANTINE))
		printf(" %squarantine %u", pfx, info->quarantine);
	if (!save || (info->flags & CGNAT_F_THRESHOLD))
		printf(" %sthreshold %u", pfx, info->threshold);
}

static void cgnat_tg_show(const struct xt_cgnat_tginfo *info, bool save)
{
	const char *pfx = save ? "--" : "";
	bool pba = info->mode == CGNAT_MODE_PBA;

	printf(" %smode %s", pfx, pba ? "pba" :
	       info->mode == CGNAT_MODE_DETERMINISTIC ? "deterministic" : "?");
	if (info->flags & CGNAT_F_INSIDE) {
		printf(" %sinside", pfx);
		print_addrs("", info->inside_first, info->inside_last);
	}
	printf(" %soutside", pfx);
	print_addrs("", info->outside_first, info->outside_last);
	if (!save || (info->flags & CGNAT_F_PORTS))
		printf(" %sports %u-%u", pfx, info->port_min, info->port_max);
	if (pba)
		show_pba(info, save);
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
