// SPDX-License-Identifier: GPL-2.0
/*
 * cgnatctl stats, pool, blocks and live lookups: the kernel's PBA state.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include "ctl.h"
#include "cgnl.h"
#include "range.h"

void ctl_format_time(char *buf, size_t len, uint64_t ns)
{
	time_t t = ns / 1000000000ULL;
	struct tm tm;
	char s[32];

	if (!ns) {
		snprintf(buf, len, "unknown");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%09" PRIu64 "Z", s, (uint64_t)(ns % 1000000000ULL));
}

static int parse_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, CGNAT_A_MAX) > 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

int ctl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	memset(tb, 0, sizeof(*tb) * (CGNAT_A_MAX + 1));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_cb, tb);
}

uint64_t ctl_u64(const struct nlattr **tb, int type)
{
	return tb[type] ? mnl_attr_get_u64(tb[type]) : 0;
}

uint32_t ctl_u32(const struct nlattr **tb, int type)
{
	return tb[type] ? mnl_attr_get_u32(tb[type]) : 0;
}

uint32_t ctl_addr(const struct nlattr **tb, int type)
{
	return tb[type] ? ntohl(mnl_attr_get_u32(tb[type])) : 0;
}

uint16_t ctl_u16(const struct nlattr **tb, int type)
{
	return tb[type] ? mnl_attr_get_u16(tb[type]) : 0;
}

/* one block (GET_BLOCKS, LOOKUP, block events) as text or JSON */
void ctl_print_block(const struct ctl_opts *o, const struct nlattr **tb,
		     bool first)
{
	char sub[RANGE_STRLEN], pub[RANGE_STRLEN], when[48];

	range_format_addr(sub, ctl_addr(tb, CGNAT_A_SUBSCRIBER));
	range_format_addr(pub, ctl_addr(tb, CGNAT_A_PUBLIC));
	ctl_format_time(when, sizeof(when), ctl_u64(tb, CGNAT_A_ALLOC_NS));
	if (o->json) {
		printf("%s{\"instance\":%u,\"subscriber\":\"%s\",\"public\":\"%s\","
		       "\"port_first\":%u,\"port_last\":%u,\"allocated\":\"%s\","
		       "\"allocated_ns\":%" PRIu64 ",\"connections\":%u}",
		       first ? "" : ",", ctl_u32(tb, CGNAT_A_INSTANCE_ID), sub, pub,
		       ctl_u16(tb, CGNAT_A_PORT_FIRST), ctl_u16(tb, CGNAT_A_PORT_LAST),
		       when, ctl_u64(tb, CGNAT_A_ALLOC_NS),
		       ctl_u32(tb, CGNAT_A_CONNECTIONS));
		return;
	}
	printf("subscriber %s public %s ports %u-%u instance %u allocated %s connections %u\n",
	       sub, pub, ctl_u16(tb, CGNAT_A_PORT_FIRST),
	       ctl_u16(tb, CGNAT_A_PORT_LAST), ctl_u32(tb, CGNAT_A_INSTANCE_ID),
	       when, ctl_u32(tb, CGNAT_A_CONNECTIONS));
}

struct walk {
	const struct ctl_opts *o;
	unsigned int n;
};

static int block_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CGNAT_A_MAX + 1];
	struct walk *w = data;

	ctl_parse(nlh, tb);
	ctl_print_block(w->o, tb, w->n++ == 0);
	return MNL_CB_OK;
}

/* GET_BLOCKS with optional filters; prints; returns blocks found or -errno */
static int dump_blocks(const struct ctl_opts *o, uint32_t sub, uint32_t pub)
{
	struct walk w = { .o = o };
	struct nlmsghdr *nlh;
	struct cgnl *nl;
	int err;

	nl = cgnl_connect();
	if (!nl)
		return -ENOENT;
	nlh = cgnl_request(nl, CGNAT_CMD_GET_BLOCKS, true);
	if (sub)
		mnl_attr_put_u32(nlh, CGNAT_A_SUBSCRIBER, htonl(sub));
	if (pub)
		mnl_attr_put_u32(nlh, CGNAT_A_PUBLIC, htonl(pub));
	if (o->json)
		printf("{\"blocks\":[");
	err = cgnl_talk(nl, nlh, block_cb, &w);
	if (o->json)
		printf("]}\n");
	cgnl_close(nl);
	cgnl_report(err, "dumping blocks");
	return err ? err : (int)w.n;
}

static int parse_filter(const char *s, const char *what, uint32_t *addr)
{
	const char *why;
	int32_t port;

	if (!s)
		return 0;
	if (range_parse_endpoint(s, addr, &port, &why) || port >= 0) {
		fprintf(stderr, "cgnatctl: %s \"%s\": expected an IPv4 address\n",
			what, s);
		return -1;
	}
	return 0;
}

int ctl_blocks(const struct ctl_opts *o)
{
	uint32_t sub = 0, pub = 0;
	int n;

	if (parse_filter(o->subscriber, "--subscriber", &sub) ||
	    parse_filter(o->public, "--public", &pub))
		return 2;
	n = dump_blocks(o, sub, pub);
	if (n == 0 && !o->json)
		printf("no live port blocks\n");
	return n < 0 ? 2 : 0;
}

int ctl_blocks_of(const struct ctl_opts *o, uint32_t subscriber)
{
	int n = dump_blocks(o, subscriber, 0);

	return n < 0 ? 2 : n ? 0 : 1;
}

int ctl_blocks_on(const struct ctl_opts *o, uint32_t public)
{
	int n = dump_blocks(o, 0, public);

	return n < 0 ? 2 : n ? 0 : 1;
}

static int lookup_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CGNAT_A_MAX + 1];
	const struct ctl_opts *o = data;

	ctl_parse(nlh, tb);
	if (o->json)
		printf("{\"found\":true,\"method\":\"live\",\"block\":");
	ctl_print_block(o, tb, true);
	if (o->json)
		printf("}\n");
	else
		printf("  method   live state of the kernel (port-block allocation): this is who holds it now\n");
	return MNL_CB_OK;
}

int ctl_lookup_live(const struct ctl_opts *o, uint32_t addr, uint16_t port)
{
	struct nlmsghdr *nlh;
	struct cgnl *nl;
	int err;

	nl = cgnl_connect();
	if (!nl)
		return 2;
	nlh = cgnl_request(nl, CGNAT_CMD_LOOKUP, false);
	mnl_attr_put_u32(nlh, CGNAT_A_PUBLIC, htonl(addr));
	mnl_attr_put_u16(nlh, CGNAT_A_PORT, port);
	err = cgnl_talk(nl, nlh, lookup_cb, (void *)o);
	cgnl_close(nl);
	if (err == -ENOENT) {
		if (o->json)
			printf("{\"found\":false,\"method\":\"live\"}\n");
		else
			printf("no port block holds this address and port now (see the event log for the past)\n");
		return 1;
	}
	cgnl_report(err, "lookup");
	return err ? 2 : 0;
}

struct pool_walk {
	const struct ctl_opts *o;
	unsigned int n;
};

static int pool_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CGNAT_A_MAX + 1];
	struct pool_walk *w = data;
	uint32_t total, used, quar, pct;
	unsigned int thr;
	char pub[RANGE_STRLEN];

	ctl_parse(nlh, tb);
	range_format_addr(pub, ctl_addr(tb, CGNAT_A_PUBLIC));
	total = ctl_u32(tb, CGNAT_A_BLOCKS_TOTAL);
	used = ctl_u32(tb, CGNAT_A_BLOCKS_USED);
	quar = ctl_u32(tb, CGNAT_A_BLOCKS_QUARANTINED);
	thr = tb[CGNAT_A_THRESHOLD] ? mnl_attr_get_u8(tb[CGNAT_A_THRESHOLD]) : 0;
	pct = total ? (uint32_t)((used + quar) * 100ULL / total) : 0;
	if (w->o->json)
		printf("%s{\"instance\":%u,\"public\":\"%s\",\"blocks_total\":%u,"
		       "\"blocks_used\":%u,\"blocks_quarantined\":%u,\"subscribers\":%u,"
		       "\"use_percent\":%u,\"busy\":%s}",
		       w->n ? "," : "", ctl_u32(tb, CGNAT_A_INSTANCE_ID), pub, total,
		       used, quar, ctl_u32(tb, CGNAT_A_SUBSCRIBERS), pct,
		       thr && pct >= thr ? "true" : "false");
	else
		printf("%-15s instance %u  blocks %u used + %u quarantined of %u (%u%%)  subscribers %u%s\n",
		       pub, ctl_u32(tb, CGNAT_A_INSTANCE_ID), used, quar, total, pct,
		       ctl_u32(tb, CGNAT_A_SUBSCRIBERS),
		       thr && pct >= thr ? "  BUSY" : "");
	w->n++;
	return MNL_CB_OK;
}

int ctl_pool(const struct ctl_opts *o)
{
	struct pool_walk w = { .o = o };
	struct cgnl *nl;
	int err;

	nl = cgnl_connect();
	if (!nl)
		return 2;
	if (o->json)
		printf("{\"addresses\":[");
	err = cgnl_talk(nl, cgnl_request(nl, CGNAT_CMD_GET_POOL, true),
			  pool_cb, &w);
	if (o->json)
		printf("]}\n");
	else if (!err && !w.n)
		printf("no port-block pools\n");
	cgnl_close(nl);
	cgnl_report(err, "dumping the pool");
	return err ? 2 : 0;
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CGNAT_A_MAX + 1];
	struct ctl_stats *s = data;
	struct nlattr *a;

	ctl_parse(nlh, tb);
	s->v[0] = ctl_u64(tb, CGNAT_A_SEQ);	/* slot 0 is unused: the seq */
	if (tb[CGNAT_A_STATS])
		mnl_attr_for_each_nested(a, tb[CGNAT_A_STATS])
			if (mnl_attr_get_type(a) <= CGNAT_STAT_MAX)
				s->v[mnl_attr_get_type(a)] = mnl_attr_get_u64(a);
	return MNL_CB_OK;
}

static const struct {
	int attr;
	const char *name;
} stat_names[] = {
	{ CGNAT_STAT_SUBSCRIBERS, "subscribers" },
	{ CGNAT_STAT_BLOCKS_ACTIVE, "blocks_active" },
	{ CGNAT_STAT_BLOCKS_QUARANTINED, "blocks_quarantined" },
	{ CGNAT_STAT_BLOCKS_ALLOCATED, "blocks_allocated" },
	{ CGNAT_STAT_BLOCKS_RELEASED, "blocks_released" },
	{ CGNAT_STAT_TRANSLATED, "translated" },
	{ CGNAT_STAT_CREATED_TCP, "created_tcp" },
	{ CGNAT_STAT_CREATED_UDP, "created_udp" },
	{ CGNAT_STAT_CREATED_ICMP, "created_icmp" },
	{ CGNAT_STAT_CREATED_OTHER, "created_other" },
	{ CGNAT_STAT_DESTROYED_TCP, "destroyed_tcp" },
	{ CGNAT_STAT_DESTROYED_UDP, "destroyed_udp" },
	{ CGNAT_STAT_DESTROYED_ICMP, "destroyed_icmp" },
	{ CGNAT_STAT_DESTROYED_OTHER, "destroyed_other" },
	{ CGNAT_STAT_UNTRACKED, "untracked" },
	{ CGNAT_STAT_DROP_EXHAUSTED, "drop_exhausted" },
	{ CGNAT_STAT_DROP_QUOTA, "drop_quota" },
	{ CGNAT_STAT_DROP_NOT_INSIDE, "drop_not_inside" },
	{ CGNAT_STAT_DROP_PROTO, "drop_proto" },
	{ CGNAT_STAT_EVENTS_SENT, "events_sent" },
	{ CGNAT_STAT_EVENTS_FAILED, "events_failed" },
};

int ctl_stats(const struct ctl_opts *o)
{
	struct ctl_set set = { 0 };
	struct ctl_stats sum = { 0 }, ev = { 0 };
	struct cgnl *nl;
	size_t i, k;
	int err;

	if (ctl_nl_get_instances(&set))
		return 2;
	for (i = 0; i < set.n; i++)
		for (k = 1; k <= CGNAT_STAT_MAX; k++)
			sum.v[k] += set.v[i].stats.v[k];
	nl = cgnl_connect();
	err = nl ? cgnl_talk(nl, cgnl_request(nl, CGNAT_CMD_GET_STATS, false),
			       stats_cb, &ev) : -ENOENT;
	cgnl_close(nl);
	ctl_set_free(&set);
	if (err) {
		cgnl_report(err, "reading event counters");
		return 2;
	}
	sum.v[CGNAT_STAT_EVENTS_SENT] = ev.v[CGNAT_STAT_EVENTS_SENT];
	sum.v[CGNAT_STAT_EVENTS_FAILED] = ev.v[CGNAT_STAT_EVENTS_FAILED];
	printf(o->json ? "{\"instances\":%zu,\"event_seq\":%" PRIu64 : "instances %zu\nevent_seq %" PRIu64 "\n",
	       i, ev.v[0]);
	for (k = 0; k < sizeof(stat_names) / sizeof(stat_names[0]); k++)
		printf(o->json ? ",\"%s\":%" PRIu64 : "%s %" PRIu64 "\n",
		       stat_names[k].name, sum.v[stat_names[k].attr]);
	if (o->json)
		printf("}\n");
	return 0;
}
