// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of cgnatd. Netlink multicast is not reliable: a full
 * receive buffer drops events and the next read fails with ENOBUFS
 * (netlink(7)). NETLINK_NO_ENOBUFS is never set; instead the per-namespace
 * sequence number shows exactly which events are missing, and a dump of
 * the live blocks (CGNAT_CMD_GET_BLOCKS) repairs the log.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/cgnat.h>
#include "cgnl.h"
#include "listen.h"

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, CGNAT_A_MAX) > 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static uint64_t u(const struct nlattr *a)
{
	if (!a)
		return 0;
	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		return mnl_attr_get_u8(a);
	case 2:
		return mnl_attr_get_u16(a);
	case 4:
		return mnl_attr_get_u32(a);
	}
	return mnl_attr_get_u64(a);
}

static uint32_t ip(const struct nlattr *a)
{
	return a ? ntohl(mnl_attr_get_u32(a)) : 0;
}

/* A cgnat message (event, block or instance) as a record. */
static void parse(const struct nlmsghdr *nlh, struct record *r)
{
	const struct nlattr *tb[CGNAT_A_MAX + 1] = { 0 };

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, tb);
	memset(r, 0, sizeof(*r));
	r->type = u(tb[CGNAT_A_EVENT]);
	r->seq = u(tb[CGNAT_A_SEQ]);
	r->time_ns = u(tb[CGNAT_A_TIMESTAMP_NS]);
	r->instance = u(tb[CGNAT_A_INSTANCE_ID]);
	r->subscriber = ip(tb[CGNAT_A_SUBSCRIBER]);
	r->public = ip(tb[CGNAT_A_PUBLIC]);
	r->port_first = u(tb[CGNAT_A_PORT_FIRST]);
	r->port_last = u(tb[CGNAT_A_PORT_LAST]);
	r->alloc_ns = u(tb[CGNAT_A_ALLOC_NS]);
	r->max_blocks = u(tb[CGNAT_A_MAX_BLOCKS]);
	r->used = u(tb[CGNAT_A_BLOCKS_USED]);
	r->total = u(tb[CGNAT_A_BLOCKS_TOTAL]);
	r->threshold = u(tb[CGNAT_A_THRESHOLD]);
	r->mode = u(tb[CGNAT_A_MODE]);
	r->in_first = ip(tb[CGNAT_A_INSIDE_FIRST]);
	r->in_last = ip(tb[CGNAT_A_INSIDE_LAST]);
	r->out_first = ip(tb[CGNAT_A_OUTSIDE_FIRST]);
	r->out_last = ip(tb[CGNAT_A_OUTSIDE_LAST]);
	r->port_min = u(tb[CGNAT_A_PORT_MIN]);
	r->port_max = u(tb[CGNAT_A_PORT_MAX]);
	r->block_size = u(tb[CGNAT_A_BLOCK_SIZE]);
	if (!r->time_ns)
		r->time_ns = u(tb[CGNAT_A_CREATED_NS]);
}

int listener_open(struct listener *l, unsigned int rcvbuf, emit_fn emit,
		  void *ctx)
{
	struct mnl_socket *s;
	uint32_t group;
	int fd;

	memset(l, 0, sizeof(*l));
	l->emit = emit;
	l->ctx = ctx;
	l->events = cgnl_connect();
	l->req = l->events ? cgnl_connect() : NULL;
	if (!l->req)
		return -ENOENT;
	s = cgnl_socket(l->events);
	fd = mnl_socket_get_fd(s);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	group = cgnl_events_group(l->events);
	if (!group || mnl_socket_setsockopt(s, NETLINK_ADD_MEMBERSHIP, &group,
					    sizeof(group))) {
		cgnl_report(group ? -errno : -ENOENT, "joining the events group");
		return -EPERM;
	}
	/* let the kernel count what it could not deliver (events_failed) */
	mnl_socket_setsockopt(s, NETLINK_BROADCAST_ERROR, &(int){ 1 }, sizeof(int));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return 0;
}

int listener_fd(struct listener *l)
{
	return mnl_socket_get_fd(cgnl_socket(l->events));
}

static int seq_cb(const struct nlmsghdr *nlh, void *data)
{
	struct record r;

	parse(nlh, &r);
	*(uint64_t *)data = r.seq;
	return MNL_CB_OK;
}

/* the namespace's last event number, asked before a dump */
static int current_seq(struct listener *l, uint64_t *seq)
{
	return cgnl_talk(l->req, cgnl_request(l->req, CGNAT_CMD_GET_STATS, false),
			 seq_cb, seq);
}

struct dump {
	struct listener *l;
	uint8_t origin;
	bool all;	/* log every live block, even one already logged */
};

static int start_block_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump *d = data;
	struct record r;
	struct entry *e;

	parse(nlh, &r);
	r.type = REC_BLOCK_ALLOC;
	r.origin = d->origin;
	r.seq = 0;
	r.time_ns = now_ns();
	e = ledger_find(&d->l->ledger, &r);
	if (e && e->alloc_ns == r.alloc_ns && !e->closed_by_resync) {
		e->seen = true;
		if (d->all)
			d->l->emit(&r, d->l->ctx);
		return MNL_CB_OK;
	}
	if (e && !e->closed_by_resync) {
		/* reallocated while events were lost: close the old holder */
		struct record old;

		entry_to_record(e, REC_BLOCK_RELEASE, d->origin, r.time_ns, &old);
		d->l->emit(&old, d->l->ctx);
	}
	ledger_open(&d->l->ledger, &r);
	ledger_find(&d->l->ledger, &r)->seen = true;
	d->l->emit(&r, d->l->ctx);
	return MNL_CB_OK;
}

static int dump_blocks(struct listener *l, uint8_t origin)
{
	struct dump d = { .l = l, .origin = origin,
			  .all = origin == ORIGIN_START };

	return cgnl_talk(l->req, cgnl_request(l->req, CGNAT_CMD_GET_BLOCKS, true),
			 start_block_cb, &d);
}

static int config_cb(const struct nlmsghdr *nlh, void *data)
{
	struct listener *l = data;
	struct record r;

	parse(nlh, &r);
	r.type = REC_CONFIG_ADD;
	r.origin = ORIGIN_START;
	l->emit(&r, l->ctx);
	return MNL_CB_OK;
}

static void emit_loss(struct listener *l, uint64_t from, uint64_t to)
{
	struct record r = { .type = REC_LOSS, .origin = ORIGIN_EVENT,
			    .time_ns = now_ns(), .count = to - from + 1,
			    .lost_from = from, .lost_to = to };

	l->st.lost += r.count;
	l->emit(&r, l->ctx);
}

/*
 * At start: the configuration, every live block, and the closing of every
 * block a previous run may have left open (@l's ledger, from the state
 * database) that the kernel no longer has; events numbered after @old_seq
 * while we were not listening are logged as lost.
 */
int listener_start(struct listener *l, uint64_t old_seq)
{
	struct entry *e, *tmp;
	struct record r;
	uint64_t seq = 0;
	int err;

	err = current_seq(l, &seq);
	if (!err)
		err = cgnl_talk(l->req, cgnl_request(l->req,
					CGNAT_CMD_GET_INSTANCES, true),
				config_cb, l);
	if (!err && old_seq && seq > old_seq)
		emit_loss(l, old_seq + 1, seq);
	HASH_ITER(hh, l->ledger.map, e, tmp)
		e->seen = false;
	if (!err)
		err = dump_blocks(l, ORIGIN_START);
	if (err) {
		cgnl_report(err, "reading the kernel's state");
		return err;
	}
	HASH_ITER(hh, l->ledger.map, e, tmp) {
		if (e->seen)
			continue;
		entry_to_record(e, REC_BLOCK_RELEASE, ORIGIN_START, now_ns(), &r);
		l->emit(&r, l->ctx);
		ledger_remove(&l->ledger, e);
	}
	l->st.last_seq = seq;
	return 0;
}

/* Log what the kernel says is alive and what it no longer has. */
static int resync(struct listener *l)
{
	struct entry *e, *tmp;
	struct record r;
	uint64_t seq = 0;
	int err;

	err = current_seq(l, &seq);
	if (err)
		return err;
	HASH_ITER(hh, l->ledger.map, e, tmp) {
		if (e->closed_by_resync)
			ledger_remove(&l->ledger, e);
		else
			e->seen = false;
	}
	err = dump_blocks(l, ORIGIN_RESYNC);
	if (err)
		return err;
	HASH_ITER(hh, l->ledger.map, e, tmp) {
		if (e->seen || e->closed_by_resync)
			continue;
		entry_to_record(e, REC_BLOCK_RELEASE, ORIGIN_RESYNC, now_ns(), &r);
		e->closed_by_resync = true;
		l->emit(&r, l->ctx);
	}
	if (seq > l->st.last_seq)
		emit_loss(l, l->st.last_seq + 1, seq);
	l->st.last_seq = seq > l->st.last_seq ? seq : l->st.last_seq;
	l->st.resyncs++;
	l->need_resync = 0;
	return 0;
}

static void apply(struct listener *l, struct record *r)
{
	if (r->type == REC_BLOCK_ALLOC && !ledger_open(&l->ledger, r))
		return;
	if (r->type == REC_BLOCK_RELEASE && !ledger_close(&l->ledger, r))
		return;
	l->emit(r, l->ctx);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct listener *l = data;
	struct record r;

	parse(nlh, &r);
	r.origin = ORIGIN_EVENT;
	if (r.seq <= l->st.last_seq) {
		if (r.seq != 1)
			return MNL_CB_OK;	/* already covered by a dump */
		l->st.last_seq = 0;		/* the module was loaded again */
		l->need_resync = 1;
	}
	if (l->st.last_seq && r.seq > l->st.last_seq + 1) {
		l->st.gaps++;
		emit_loss(l, l->st.last_seq + 1, r.seq - 1);
		l->need_resync = 1;
	}
	l->st.last_seq = r.seq;
	l->st.events++;
	apply(l, &r);
	return MNL_CB_OK;
}

int listener_read(struct listener *l)
{
	size_t len;
	char *buf = cgnl_buf(l->events, &len);
	int n;

	for (;;) {
		n = mnl_socket_recvfrom(cgnl_socket(l->events), buf, len);
		if (n < 0 && errno == ENOBUFS) {
			l->st.enobufs++;
			l->need_resync = 1;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n < 0)
			return -errno;
		mnl_cb_run(buf, n, 0, 0, event_cb, l);
	}
	return l->need_resync ? resync(l) : 0;
}

void listener_interim(struct listener *l)
{
	struct entry *e, *tmp;
	struct record r;

	HASH_ITER(hh, l->ledger.map, e, tmp) {
		if (e->closed_by_resync)
			continue;
		entry_to_record(e, REC_BLOCK_ALLOC, ORIGIN_INTERIM, now_ns(), &r);
		l->emit(&r, l->ctx);
	}
}

void listener_close(struct listener *l)
{
	ledger_clear(&l->ledger);
	if (l->req)
		cgnl_close(l->req);
	if (l->events)
		cgnl_close(l->events);
}

int listener_replay(struct listener *l, const char *path, emit_fn emit,
		    void *ctx)
{
	static char buf[1 << 26];
	FILE *f = fopen(path, "r");
	size_t n;

	memset(l, 0, sizeof(*l));
	l->emit = emit;
	l->ctx = ctx;
	if (!f) {
		fprintf(stderr, "cgnatd: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (mnl_cb_run(buf, n, 0, 0, event_cb, l) < 0) {
		fprintf(stderr, "cgnatd: %s: not a recording of cgnat events\n", path);
		return -EINVAL;
	}
	return 0;	/* no kernel to resync from: losses stay logged as such */
}
