// SPDX-License-Identifier: GPL-2.0
/*
 * Session records from ctnetlink events. Only source-NATed connections are
 * logged. ctnetlink events can be lost too (ENOBUFS); sessions cannot be
 * resynchronised from a dump the way blocks can, so losses are counted
 * (flow_events_lost) and logged as a loss record.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include "flows.h"

static int flow_cb(enum nf_conntrack_msg_type type, struct nf_conntrack *ct,
		   void *data)
{
	struct flows *f = data;
	struct timespec now;
	struct record r = { .origin = ORIGIN_EVENT };

	if (!(nfct_get_attr_u32(ct, ATTR_STATUS) & IPS_SRC_NAT))
		return NFCT_CB_CONTINUE;
	clock_gettime(CLOCK_REALTIME, &now);
	r.type = type == NFCT_T_DESTROY ? REC_SESSION_DELETE : REC_SESSION_CREATE;
	r.time_ns = now.tv_sec * 1000000000ULL + now.tv_nsec;
	r.proto = nfct_get_attr_u8(ct, ATTR_ORIG_L4PROTO);
	r.subscriber = ntohl(nfct_get_attr_u32(ct, ATTR_ORIG_IPV4_SRC));
	r.daddr = ntohl(nfct_get_attr_u32(ct, ATTR_ORIG_IPV4_DST));
	r.public = ntohl(nfct_get_attr_u32(ct, ATTR_REPL_IPV4_DST));
	if (r.proto == IPPROTO_ICMP) {
		r.sport = ntohs(nfct_get_attr_u16(ct, ATTR_ICMP_ID));
		r.post_sport = ntohs(nfct_get_attr_u16(ct, ATTR_REPL_PORT_SRC));	/* the id */
	} else {
		r.sport = ntohs(nfct_get_attr_u16(ct, ATTR_ORIG_PORT_SRC));
		r.dport = ntohs(nfct_get_attr_u16(ct, ATTR_ORIG_PORT_DST));
		r.post_sport = ntohs(nfct_get_attr_u16(ct, ATTR_REPL_PORT_DST));
	}
	f->emit(&r, f->ctx);
	return NFCT_CB_CONTINUE;
}

int flows_open(struct flows *f, emit_fn emit, void *ctx)
{
	memset(f, 0, sizeof(*f));
	f->emit = emit;
	f->ctx = ctx;
	f->h = nfct_open(CONNTRACK, NF_NETLINK_CONNTRACK_NEW |
			 NF_NETLINK_CONNTRACK_DESTROY);
	if (!f->h)
		return -errno;
	nfct_callback_register(f->h, NFCT_T_NEW | NFCT_T_DESTROY, flow_cb, f);
	fcntl(nfct_fd(f->h), F_SETFL, O_NONBLOCK);
	return 0;
}

int flows_fd(struct flows *f)
{
	return nfct_fd(f->h);
}

void flows_read(struct flows *f)
{
	while (nfct_catch(f->h) < 0) {
		struct record r = { .type = REC_LOSS, .count = 0 };
		struct timespec now;

		if (errno != ENOBUFS)
			return;
		clock_gettime(CLOCK_REALTIME, &now);
		r.time_ns = now.tv_sec * 1000000000ULL + now.tv_nsec;
		f->lost++;
		f->emit(&r, f->ctx);	/* count unknown: session events */
	}
}

void flows_close(struct flows *f)
{
	nfct_close(f->h);
}
