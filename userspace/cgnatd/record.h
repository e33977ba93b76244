/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One thing cgnatd logs: a kernel event, or what the daemon concluded
 * itself (a block found active at start or at a resync, a loss notice).
 */
#ifndef CGNATD_RECORD_H
#define CGNATD_RECORD_H

#include <stdbool.h>
#include <stdint.h>

enum rec_origin {
	ORIGIN_EVENT,		/* the kernel announced it */
	ORIGIN_START,		/* found active when cgnatd started */
	ORIGIN_RESYNC,		/* found (or found gone) by a resync dump */
	ORIGIN_INTERIM,		/* periodic re-announcement of a live block */
};

enum rec_type {
	REC_BLOCK_ALLOC = 1,	/* = enum cgnat_event_type where they exist */
	REC_BLOCK_RELEASE,
	REC_QUOTA_EXCEEDED,
	REC_PORTS_EXHAUSTED,
	REC_ADDRESSES_EXHAUSTED,
	REC_THRESHOLD,
	REC_CONFIG_ADD,
	REC_CONFIG_DEL,
	REC_LOSS = 100,		/* events were lost (count) */
	REC_SESSION_CREATE,	/* per-flow, from conntrack events */
	REC_SESSION_DELETE,
};

struct record {
	uint64_t id;		/* cgnatd's own count of records, from 1 */
	uint8_t type;		/* enum rec_type */
	uint8_t origin;		/* enum rec_origin */
	uint64_t seq;		/* kernel sequence number, 0 if none */
	uint64_t time_ns;	/* CLOCK_REALTIME */
	uint32_t instance;
	uint32_t subscriber;	/* addresses in host order */
	uint32_t public;
	uint16_t port_first, port_last;
	uint64_t alloc_ns;
	uint32_t max_blocks;
	uint32_t used, total;
	uint8_t threshold;
	uint64_t count;		/* REC_LOSS: events not received ... */
	uint64_t lost_from, lost_to;	/* ... numbered lost_from-lost_to */
	/* configuration events */
	uint32_t mode;
	uint32_t in_first, in_last, out_first, out_last;
	uint16_t port_min, port_max, block_size;
	/* sessions */
	uint8_t proto;
	uint16_t sport, post_sport, dport;
	uint32_t daddr;
};

const char *record_type_name(uint8_t type);
const char *record_origin_name(uint8_t origin);

#endif
