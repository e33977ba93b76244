// SPDX-License-Identifier: GPL-2.0
/*
 * cgnatctl monitor: the "events" multicast group, one line per event, like
 * `ip monitor`. Losses are never hidden: a sequence gap or ENOBUFS is
 * printed as such (cgnatd repairs them; an operator should know).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include "ctl.h"
#include "cgnl.h"
#include "names.h"
#include "range.h"

struct mon {
	const struct ctl_opts *o;
	uint64_t last_seq;
	long seen;
};

static void addr_field(const char *name, const struct nlattr **tb, int type,
		       bool json)
{
	char a[RANGE_STRLEN];

	if (!tb[type])
		return;
	range_format_addr(a, ctl_addr(tb, type));
	printf(json ? ",\"%s\":\"%s\"" : " %s %s", name, a);
}

static void num_field(const char *name, const struct nlattr **tb, int type,
		      bool json)
{
	uint64_t v;

	if (!tb[type])
		return;
	switch (mnl_attr_get_payload_len(tb[type])) {
	case 1:
		v = mnl_attr_get_u8(tb[type]);
		break;
	case 2:
		v = mnl_attr_get_u16(tb[type]);
		break;
	case 4:
		v = mnl_attr_get_u32(tb[type]);
		break;
	default:
		v = mnl_attr_get_u64(tb[type]);
	}
	printf(json ? ",\"%s\":%" PRIu64 : " %s %" PRIu64, name, v);
}

static void print_event(const struct ctl_opts *o, const struct nlattr **tb)
{
	unsigned int type = tb[CGNAT_A_EVENT] ? mnl_attr_get_u8(tb[CGNAT_A_EVENT]) : 0;
	const char *name = cgnat_event_name(type) ?: "unknown";
	char when[48];

	ctl_format_time(when, sizeof(when), ctl_u64(tb, CGNAT_A_TIMESTAMP_NS));
	if (o->json)
		printf("{\"seq\":%" PRIu64 ",\"time\":\"%s\",\"time_ns\":%" PRIu64
		       ",\"event\":\"%s\"", ctl_u64(tb, CGNAT_A_SEQ), when,
		       ctl_u64(tb, CGNAT_A_TIMESTAMP_NS), name);
	else
		printf("seq %" PRIu64 " %s %s", ctl_u64(tb, CGNAT_A_SEQ), when, name);
	num_field("instance", tb, CGNAT_A_INSTANCE_ID, o->json);
	addr_field("subscriber", tb, CGNAT_A_SUBSCRIBER, o->json);
	addr_field("public", tb, CGNAT_A_PUBLIC, o->json);
	num_field("port_first", tb, CGNAT_A_PORT_FIRST, o->json);
	num_field("port_last", tb, CGNAT_A_PORT_LAST, o->json);
	num_field("allocated_ns", tb, CGNAT_A_ALLOC_NS, o->json);
	num_field("max_blocks", tb, CGNAT_A_MAX_BLOCKS, o->json);
	num_field("blocks_used", tb, CGNAT_A_BLOCKS_USED, o->json);
	num_field("blocks_total", tb, CGNAT_A_BLOCKS_TOTAL, o->json);
	num_field("threshold", tb, CGNAT_A_THRESHOLD, o->json);
	num_field("mode", tb, CGNAT_A_MODE, o->json);
	addr_field("inside_first", tb, CGNAT_A_INSIDE_FIRST, o->json);
	addr_field("inside_last", tb, CGNAT_A_INSIDE_LAST, o->json);
	addr_field("outside_first", tb, CGNAT_A_OUTSIDE_FIRST, o->json);
	addr_field("outside_last", tb, CGNAT_A_OUTSIDE_LAST, o->json);
	num_field("port_min", tb, CGNAT_A_PORT_MIN, o->json);
	num_field("port_max", tb, CGNAT_A_PORT_MAX, o->json);
	num_field("block_size", tb, CGNAT_A_BLOCK_SIZE, o->json);
	printf(o->json ? "}\n" : "\n");
}

static void print_loss(const struct ctl_opts *o, uint64_t n, const char *why)
{
	if (o->json)
		printf("{\"event\":\"lost\",\"count\":%" PRIu64 ",\"reason\":\"%s\"}\n",
		       n, why);
	else
		printf("LOST %" PRIu64 " events (%s)\n", n, why);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CGNAT_A_MAX + 1];
	struct mon *m = data;
	uint64_t seq;

	ctl_parse(nlh, tb);
	seq = ctl_u64(tb, CGNAT_A_SEQ);
	if (m->last_seq && seq > m->last_seq + 1)
		print_loss(m->o, seq - m->last_seq - 1, "sequence gap");
	m->last_seq = seq;
	print_event(m->o, tb);
	m->seen++;
	return MNL_CB_OK;
}

static int listen_events(struct cgnl *nl, struct mon *m, FILE *rec)
{
	struct pollfd p = { .fd = mnl_socket_get_fd(cgnl_socket(nl)),
			    .events = POLLIN };
	size_t len;
	char *buf = cgnl_buf(nl, &len);
	int n;

	while (!m->o->count || m->seen < m->o->count) {
		n = poll(&p, 1, m->o->timeout ? m->o->timeout * 1000 : -1);
		if (n == 0)
			return 0;
		n = mnl_socket_recvfrom(cgnl_socket(nl), buf, len);
		if (n < 0 && errno == ENOBUFS) {
			print_loss(m->o, 0, "ENOBUFS: the kernel dropped events, count unknown until the next one");
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (rec && (fwrite(buf, 1, n, rec) != (size_t)n || fflush(rec)))
			return -errno;
		if (mnl_cb_run(buf, n, 0, 0, event_cb, m) < 0)
			return -errno;
	}
	return 0;
}

/* decode messages recorded with --record */
static int replay(struct mon *m, const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[1 << 24];
	size_t n;

	if (!f) {
		fprintf(stderr, "cgnatctl: %s: %s\n", path, strerror(errno));
		return 2;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (mnl_cb_run(buf, n, 0, 0, event_cb, m) < 0) {
		fprintf(stderr, "cgnatctl: %s: not a recording of cgnat events\n", path);
		return 2;
	}
	return 0;
}

int ctl_monitor(const struct ctl_opts *o)
{
	struct mon m = { .o = o };
	struct cgnl *nl;
	uint32_t group;
	FILE *rec = NULL;
	int err, sz = 8 << 20;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (o->replay)
		return replay(&m, o->replay);
	if (o->record && !(rec = fopen(o->record, "w"))) {
		fprintf(stderr, "cgnatctl: %s: %s\n", o->record, strerror(errno));
		return 2;
	}
	nl = cgnl_connect();
	if (!nl)
		return 2;
	group = cgnl_events_group(nl);
	setsockopt(mnl_socket_get_fd(cgnl_socket(nl)), SOL_SOCKET,
		   SO_RCVBUFFORCE, &sz, sizeof(sz));
	err = group ? mnl_socket_setsockopt(cgnl_socket(nl),
					    NETLINK_ADD_MEMBERSHIP, &group,
					    sizeof(group)) : -1;
	/* let the kernel count what it could not deliver (events_failed) */
	mnl_socket_setsockopt(cgnl_socket(nl), NETLINK_BROADCAST_ERROR,
			      &(int){ 1 }, sizeof(int));
	if (err) {
		err = group ? -errno : -ENOENT;
		cgnl_close(nl);
		cgnl_report(err, "joining the events group");
		return 2;
	}
	err = listen_events(nl, &m, rec);
	cgnl_close(nl);
	if (rec)
		fclose(rec);
	cgnl_report(err, "receiving events");
	return err ? 2 : 0;
}
