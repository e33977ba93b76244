// SPDX-License-Identifier: GPL-2.0
/* cgnatctl show: the configured instances and their counters. */
#include <inttypes.h>
#include <stdio.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "ctl.h"
#include "range.h"

static void show_json(const struct ctl_instance *in, const char *inr,
		      const char *outr, bool first)
{
	const uint64_t *v = in->stats.v;

	printf("%s{\"id\":%u,\"mode\":\"%s\",\"inside\":\"%s\",\"outside\":\"%s\","
	       "\"port_min\":%u,\"port_max\":%u,\"created_ns\":%" PRIu64,
	       first ? "" : ",", in->id, ctl_mode_name(in->mode), inr, outr,
	       in->port_min, in->port_max, in->created_ns);
	if (in->mode == CGNAT_MODE_PBA)
		printf(",\"block_size\":%u,\"max_blocks\":%u,\"quarantine\":%u,\"threshold\":%u",
		       in->block_size, in->max_blocks, in->quarantine,
		       in->threshold);
	else
		printf(",\"ports_per_subscriber\":%u,\"subscribers_per_address\":%u",
		       in->det.ports_per_sub, in->det.subs_per_addr);
	if (in->has_stats)
		printf(",\"stats\":{\"translated\":%" PRIu64 ",\"drop_exhausted\":%" PRIu64
		       ",\"drop_not_inside\":%" PRIu64 ",\"drop_proto\":%" PRIu64
		       ",\"drop_quota\":%" PRIu64 "}",
		       v[CGNAT_STAT_TRANSLATED], v[CGNAT_STAT_DROP_EXHAUSTED],
		       v[CGNAT_STAT_DROP_NOT_INSIDE], v[CGNAT_STAT_DROP_PROTO],
		       v[CGNAT_STAT_DROP_QUOTA]);
	printf("}");
}

static void show_text(const struct ctl_instance *in, const char *inr,
		      const char *outr, bool from_file)
{
	const uint64_t *v = in->stats.v;

	printf("%s %u: %s", from_file ? "line" : "instance", in->id,
	       ctl_mode_name(in->mode));
	if (in->mode == CGNAT_MODE_DETERMINISTIC || in->has_inside)
		printf(" --inside %s", inr);
	printf(" --outside %s --ports %u-%u\n", outr, in->port_min,
	       in->port_max);
	if (in->mode == CGNAT_MODE_PBA)
		printf("  blocks of %u ports, at most %u per subscriber, quarantine %u s, threshold %u%%\n",
		       in->block_size, in->max_blocks, in->quarantine,
		       in->threshold);
	else
		printf("  %u ports per subscriber, up to %u subscribers per public address\n",
		       in->det.ports_per_sub, in->det.subs_per_addr);
	if (in->has_stats)
		printf("  translated %" PRIu64 "  dropped: exhausted %" PRIu64
		       ", not inside %" PRIu64 ", protocol %" PRIu64
		       ", quota %" PRIu64 "\n",
		       v[CGNAT_STAT_TRANSLATED], v[CGNAT_STAT_DROP_EXHAUSTED],
		       v[CGNAT_STAT_DROP_NOT_INSIDE], v[CGNAT_STAT_DROP_PROTO],
		       v[CGNAT_STAT_DROP_QUOTA]);
}

int ctl_show(const struct ctl_opts *o, const struct ctl_set *set)
{
	char inr[RANGE_STRLEN], outr[RANGE_STRLEN];
	size_t i;

	if (o->json)
		printf("{\"source\":\"%s\",\"instances\":[", set->source);
	for (i = 0; i < set->n; i++) {
		const struct ctl_instance *in = &set->v[i];

		range_format_addrs(inr, in->in_first, in->in_last);
		if (in->mode == CGNAT_MODE_PBA && !in->has_inside)
			snprintf(inr, sizeof(inr), "any");
		range_format_addrs(outr, in->out_first, in->out_last);
		if (o->json)
			show_json(in, inr, outr, i == 0);
		else
			show_text(in, inr, outr, set->from_file);
	}
	if (o->json)
		printf("]}\n");
	else if (!set->n)
		printf("no CGNAT instances (%s)\n", set->source);
	return 0;
}

const char *ctl_mode_name(uint32_t mode)
{
	return mode == CGNAT_MODE_PBA ? "pba" :
	       mode == CGNAT_MODE_DETERMINISTIC ? "deterministic" : "unknown";
}
