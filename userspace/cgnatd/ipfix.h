/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPFIX (RFC 7011) messages carrying RFC 8158 NAT events. One exporter
 * state per collector and transport session: the sequence number counts
 * the data records sent before each message.
 */
#ifndef CGNATD_IPFIX_H
#define CGNATD_IPFIX_H

#include <stddef.h>
#include <stdint.h>
#include "record.h"

#define IPFIX_MAX_MSG 1400	/* fits one Ethernet frame over UDP */

struct ipfix_exporter {
	uint32_t domain;	/* observation domain id */
	uint32_t seq;		/* data records sent so far, mod 2^32 */
};

/* natEvent values (RFC 8158) */
enum {
	NAT_ADDRESSES_EXHAUSTED = 3,
	NAT44_SESSION_CREATE = 4,
	NAT44_SESSION_DELETE = 5,
	NAT_PORTS_EXHAUSTED = 12,
	NAT_QUOTA_EXCEEDED = 13,
	NAT_BLOCK_ALLOC = 16,
	NAT_BLOCK_DEALLOC = 17,
	NAT_THRESHOLD_REACHED = 18,
};

/* A message holding every template; returns its length. */
size_t ipfix_templates(struct ipfix_exporter *x, uint32_t export_time,
		       uint8_t *buf, size_t cap);

/* The template id a record is sent with, 0 if IPFIX has no record for it. */
uint16_t ipfix_template_of(const struct record *r);

/*
 * Encode records into one message (one data set per run of the same
 * template). Returns the message length and sets *used to how many of
 * the n records went in (those IPFIX does not carry count as used).
 */
size_t ipfix_message(struct ipfix_exporter *x, uint32_t export_time,
		     const struct record *const *recs, size_t n,
		     size_t *used, uint8_t *buf, size_t cap);

#endif
