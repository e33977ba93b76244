// SPDX-License-Identifier: GPL-2.0
/* cgnatctl show: the configured instances and their counters. */
#include <inttypes.h>
#include <stdio.h>
#include "ctl.h"
#include "range.h"

static void show_json(const struct ctl_instance *in, const char *inr,
		      const char *outr, bool first)
{
	printf("%s{\"id\":%u,\"mode\":\"deterministic\",\"inside\":\"%s\",\"outside\":\"%s\","
	       "\"port_min\":%u,\"port_max\":%u,\"ports_per_subscriber\":%u,"
	       "\"subscribers_per_address\":%u,\"created_ns\":%" PRIu64,
	       first ? "" : ",", in->id, inr, outr, in->port_min,
	       in->port_max, in->det.ports_per_sub, in->det.subs_per_addr,
	       in->created_ns);
	if (in->has_stats)
		printf(",\"stats\":{\"translated\":%" PRIu64 ",\"drop_exhausted\":%" PRIu64
		       ",\"drop_not_inside\":%" PRIu64 ",\"drop_proto\":%" PRIu64 "}",
		       in->stats.translated, in->stats.drop_exhausted,
		       in->stats.drop_not_inside, in->stats.drop_proto);
	printf("}");
}

static void show_text(const struct ctl_instance *in, const char *inr,
		      const char *outr, bool from_file)
{
	printf("%s %u: deterministic --inside %s --outside %s --ports %u-%u\n",
	       from_file ? "line" : "instance", in->id, inr, outr,
	       in->port_min, in->port_max);
	printf("  %u ports per subscriber, up to %u subscribers per public address\n",
	       in->det.ports_per_sub, in->det.subs_per_addr);
	if (in->has_stats)
		printf("  translated %" PRIu64 "  dropped: exhausted %" PRIu64
		       ", not inside %" PRIu64 ", protocol %" PRIu64 "\n",
		       in->stats.translated, in->stats.drop_exhausted,
		       in->stats.drop_not_inside, in->stats.drop_proto);
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
