// SPDX-License-Identifier: GPL-2.0
/*
 * cgnatctl lookup: public address[:port] -> subscriber, or subscriber ->
 * public address and ports. Deterministic answers are computed from the
 * configuration (kernel or saved rules) with kmod/det.c; no record is read.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "ctl.h"
#include "range.h"

struct answer {
	const struct ctl_instance *in;
	uint32_t subscriber;
	struct cgnat_det_map map;
};

static void print_answer(const struct ctl_opts *o, const struct ctl_set *set,
			 const struct answer *a, bool first)
{
	char sub[RANGE_STRLEN], pub[RANGE_STRLEN], inr[RANGE_STRLEN];
	char outr[RANGE_STRLEN], since[48];
	unsigned int n = a->map.port_last - a->map.port_first + 1;

	range_format_addr(sub, a->subscriber);
	range_format_addr(pub, a->map.addr);
	range_format_addrs(inr, a->in->in_first, a->in->in_last);
	range_format_addrs(outr, a->in->out_first, a->in->out_last);
	ctl_format_time(since, sizeof(since), a->in->created_ns);
	if (o->json) {
		printf("%s{\"subscriber\":\"%s\",\"public\":\"%s\",\"port_first\":%u,\"port_last\":%u,"
		       "\"%s\":%u,\"mode\":\"deterministic\",\"inside\":\"%s\",\"outside\":\"%s\","
		       "\"ports\":\"%u-%u\",\"in_force_since\":\"%s\",\"source\":\"%s\","
		       "\"method\":\"computed\"}",
		       first ? "" : ",", sub, pub, a->map.port_first,
		       a->map.port_last, set->from_file ? "line" : "instance",
		       a->in->id, inr, outr, a->in->port_min, a->in->port_max,
		       since, set->source);
		return;
	}
	printf("subscriber %s: public %s ports %u-%u (%u ports)\n", sub, pub,
	       a->map.port_first, a->map.port_last, n);
	printf("  rule     %s %u: --mode deterministic --inside %s --outside %s --ports %u-%u\n",
	       set->from_file ? "line" : "instance", a->in->id, inr, outr,
	       a->in->port_min, a->in->port_max);
	printf("  source   %s, in force since %s\n", set->source, since);
	printf("  method   computed from the configuration, no records consulted\n");
}

static int by_subscriber(const struct ctl_set *set, uint32_t addr,
			 struct answer *out, int max)
{
	int n = 0;
	size_t i;

	for (i = 0; i < set->n && n < max; i++) {
		if (set->v[i].mode != CGNAT_MODE_DETERMINISTIC)
			continue;
		out[n].in = &set->v[i];
		out[n].subscriber = addr;
		if (cgnat_det_forward(&set->v[i].det, addr, &out[n].map))
			n++;
	}
	return n;
}

static int by_public(const struct ctl_set *set, uint32_t addr, int32_t port,
		     struct answer *out, int max)
{
	const struct ctl_instance *in = NULL;
	uint32_t p;
	size_t i;
	int n = 0;

	for (i = 0; i < set->n; i++)
		if (addr >= set->v[i].out_first && addr <= set->v[i].out_last)
			in = &set->v[i];
	if (!in || in->mode != CGNAT_MODE_DETERMINISTIC)
		return 0;
	for (p = port >= 0 ? (uint32_t)port : in->port_min;
	     p <= (port >= 0 ? (uint32_t)port : in->port_max) && n < max;
	     p += port >= 0 ? 1 : in->det.ports_per_sub) {
		out[n].in = in;
		if (!cgnat_det_reverse(&in->det, addr, p, &out[n].subscriber))
			continue;
		cgnat_det_forward(&in->det, out[n].subscriber, &out[n].map);
		n++;
	}
	return n;
}

static bool has_pba(const struct ctl_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->v[i].mode == CGNAT_MODE_PBA)
			return !set->from_file;
	return false;
}

/* Port blocks are allocated live: the kernel knows who holds one now. */
static int lookup_pba(const struct ctl_opts *o, const struct ctl_set *set,
		      const struct ctl_instance *in, uint32_t addr,
		      int32_t port)
{
	if (set->from_file) {
		fprintf(stderr, "cgnatctl: line %u is a port-block (pba) rule: who held a port is in the event log (cgnatd, syslog, IPFIX), not in the rules\n",
			in->id);
		return 1;
	}
	if (port < 0)
		return ctl_blocks_on(o, addr);
	return ctl_lookup_live(o, addr, port);
}

#define MAX_ANSWERS 65536

int ctl_lookup(const struct ctl_opts *o, const struct ctl_set *set,
	       const char *query)
{
	static struct answer ans[MAX_ANSWERS];
	char pub[RANGE_STRLEN];
	bool public = false;
	const char *why;
	uint32_t addr;
	int32_t port;
	size_t i;
	int n;

	if (range_parse_endpoint(query, &addr, &port, &why)) {
		fprintf(stderr, "cgnatctl: lookup \"%s\": %s\n", query, why);
		return 2;
	}
	for (i = 0; i < set->n; i++) {
		if (addr < set->v[i].out_first || addr > set->v[i].out_last)
			continue;
		if (set->v[i].mode == CGNAT_MODE_PBA)
			return lookup_pba(o, set, &set->v[i], addr, port);
		public = true;
	}
	if (port >= 0 && !public) {
		range_format_addr(pub, addr);
		fprintf(stderr, "cgnatctl: lookup \"%s\": %s is not a public address of any CGNAT rule (%s)\n",
			query, pub, set->source);
		return 1;
	}
	n = public ? by_public(set, addr, port, ans, MAX_ANSWERS)
		   : by_subscriber(set, addr, ans, MAX_ANSWERS);
	if (o->json)
		printf("{\"query\":\"%s\",\"found\":%s,\"results\":[", query,
		       n ? "true" : "false");
	for (i = 0; i < (size_t)n; i++)
		print_answer(o, set, &ans[i], i == 0);
	if (o->json)
		printf("]}\n");
	if (!n && !public && has_pba(set))
		return ctl_blocks_of(o, addr);
	if (!n && !o->json)
		printf("%s: no subscriber (%s)\n", query,
		       public ? "the port is outside every subscriber's range"
			      : "not an inside or public address of any CGNAT rule");
	return n ? 0 : 1;
}
