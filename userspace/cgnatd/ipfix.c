// SPDX-License-Identifier: GPL-2.0
/*
 * IPFIX encoding of NAT events: RFC 7011 framing, RFC 8158 information
 * elements, each with exactly its registered length (collectors such as
 * nfacctd drop records whose lengths are off; others accept them silently).
 */
#include <string.h>
#include "ipfix.h"

struct ie {
	uint16_t id, len;
};

struct tmpl {
	uint16_t id;
	uint8_t nfields;
	struct ie f[12];
};

/* information elements (RFC 7012 / IANA registry) */
#define IE_PROTO	4, 1	/* protocolIdentifier */
#define IE_SPORT	7, 2	/* sourceTransportPort */
#define IE_SADDR	8, 4	/* sourceIPv4Address */
#define IE_DPORT	11, 2	/* destinationTransportPort */
#define IE_DADDR	12, 4	/* destinationIPv4Address */
#define IE_POSTSADDR	225, 4	/* postNATSourceIPv4Address */
#define IE_POSTSPORT	227, 2	/* postNAPTSourceTransportPort */
#define IE_NATEVENT	230, 1	/* natEvent */
#define IE_POOLID	283, 4	/* natPoolId */
#define IE_OBSTIME	323, 8	/* observationTimeMilliseconds */
#define IE_PRSTART	361, 2	/* portRangeStart */
#define IE_PREND	362, 2	/* portRangeEnd */
#define IE_PRSTEP	363, 2	/* portRangeStepSize */
#define IE_PRNUM	364, 2	/* portRangeNumPorts */
#define IE_QUOTAEV	466, 4	/* natQuotaExceededEvent */
#define IE_THRESHEV	467, 4	/* natThresholdEvent */
#define IE_MAXPERUSER	473, 4	/* maxEntriesPerUser */

#define F(x) { x }

enum { T_BLOCK = 256, T_QUOTA, T_ADDR_EXH, T_PORT_EXH, T_THRESH, T_SESSION };

static const struct tmpl templates[] = {
	{ T_BLOCK, 9, { F(IE_OBSTIME), F(IE_SADDR), F(IE_POSTSADDR),
			F(IE_PRSTART), F(IE_PREND), F(IE_PRSTEP), F(IE_PRNUM),
			F(IE_NATEVENT), F(IE_POOLID) } },
	{ T_QUOTA, 6, { F(IE_OBSTIME), F(IE_NATEVENT), F(IE_QUOTAEV),
			F(IE_SADDR), F(IE_MAXPERUSER), F(IE_POOLID) } },
	{ T_ADDR_EXH, 3, { F(IE_OBSTIME), F(IE_NATEVENT), F(IE_POOLID) } },
	{ T_PORT_EXH, 5, { F(IE_OBSTIME), F(IE_NATEVENT), F(IE_SADDR),
			   F(IE_POSTSADDR), F(IE_POOLID) } },
	{ T_THRESH, 5, { F(IE_OBSTIME), F(IE_NATEVENT), F(IE_THRESHEV),
			 F(IE_POSTSADDR), F(IE_POOLID) } },
	{ T_SESSION, 10, { F(IE_OBSTIME), F(IE_NATEVENT), F(IE_PROTO),
			   F(IE_SADDR), F(IE_SPORT), F(IE_POSTSADDR),
			   F(IE_POSTSPORT), F(IE_DADDR), F(IE_DPORT),
			   F(IE_POOLID) } },
};

/* natQuotaExceededEvent 3: maximum entries per user (RFC 8158) */
#define QUOTA_MAX_ENTRIES_PER_USER 3
/* natThresholdEvent 3: address and port mapping high threshold */
#define THRESHOLD_ADDR_PORT_HIGH 3

static uint8_t *put8(uint8_t *p, uint8_t v)
{
	*p = v;
	return p + 1;
}

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	return put16(put16(p, v >> 16), v);
}

static uint8_t *put64(uint8_t *p, uint64_t v)
{
	return put32(put32(p, v >> 32), v);
}

static const struct tmpl *find_template(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (templates[i].id == id)
			return &templates[i];
	return NULL;
}

static size_t record_len(const struct tmpl *t)
{
	size_t len = 0;
	int i;

	for (i = 0; i < t->nfields; i++)
		len += t->f[i].len;
	return len;
}

static uint8_t *put_header(uint8_t *p, const struct ipfix_exporter *x,
			   uint32_t export_time)
{
	p = put16(p, 10);
	p = put16(p, 0);		/* length, filled in at the end */
	p = put32(p, export_time);
	p = put32(p, x->seq);
	return put32(p, x->domain);
}

static void finish(uint8_t *msg, size_t len)
{
	put16(msg + 2, len);
}

size_t ipfix_templates(struct ipfix_exporter *x, uint32_t export_time,
		       uint8_t *buf, size_t cap)
{
	uint8_t *p = put_header(buf, x, export_time), *set = p;
	size_t i;
	int f;

	(void)cap;	/* the template set is about 200 bytes */
	p = put16(p, 2);
	p = put16(p, 0);
	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++) {
		p = put16(p, templates[i].id);
		p = put16(p, templates[i].nfields);
		for (f = 0; f < templates[i].nfields; f++) {
			p = put16(p, templates[i].f[f].id);
			p = put16(p, templates[i].f[f].len);
		}
	}
	put16(set + 2, p - set);
	finish(buf, p - buf);
	return p - buf;
}

uint16_t ipfix_template_of(const struct record *r)
{
	switch (r->type) {
	case REC_BLOCK_ALLOC:
	case REC_BLOCK_RELEASE:
		return T_BLOCK;
	case REC_QUOTA_EXCEEDED:
		return T_QUOTA;
	case REC_ADDRESSES_EXHAUSTED:
		return T_ADDR_EXH;
	case REC_PORTS_EXHAUSTED:
		return T_PORT_EXH;
	case REC_THRESHOLD:
		return T_THRESH;
	case REC_SESSION_CREATE:
	case REC_SESSION_DELETE:
		return T_SESSION;
	}
	return 0;
}

static uint8_t nat_event(const struct record *r)
{
	switch (r->type) {
	case REC_BLOCK_ALLOC:
		return NAT_BLOCK_ALLOC;
	case REC_BLOCK_RELEASE:
		return NAT_BLOCK_DEALLOC;
	case REC_QUOTA_EXCEEDED:
		return NAT_QUOTA_EXCEEDED;
	case REC_ADDRESSES_EXHAUSTED:
		return NAT_ADDRESSES_EXHAUSTED;
	case REC_PORTS_EXHAUSTED:
		return NAT_PORTS_EXHAUSTED;
	case REC_THRESHOLD:
		return NAT_THRESHOLD_REACHED;
	case REC_SESSION_CREATE:
		return NAT44_SESSION_CREATE;
	}
	return NAT44_SESSION_DELETE;
}

static uint8_t *put_block(uint8_t *p, const struct record *r)
{
	p = put32(p, r->subscriber);
	p = put32(p, r->public);
	p = put16(p, r->port_first);
	p = put16(p, r->port_last);
	p = put16(p, 1);
	p = put16(p, r->port_last - r->port_first + 1);
	p = put8(p, nat_event(r));
	return put32(p, r->instance);
}

static uint8_t *put_session(uint8_t *p, const struct record *r)
{
	p = put8(p, nat_event(r));
	p = put8(p, r->proto);
	p = put32(p, r->subscriber);
	p = put16(p, r->sport);
	p = put32(p, r->public);
	p = put16(p, r->post_sport);
	p = put32(p, r->daddr);
	p = put16(p, r->dport);
	return put32(p, r->instance);
}

/* the fields after observationTimeMilliseconds, in template order */
static uint8_t *put_record(uint8_t *p, uint16_t tid, const struct record *r)
{
	p = put64(p, r->time_ns / 1000000);
	switch (tid) {
	case T_BLOCK:
		return put_block(p, r);
	case T_QUOTA:
		p = put8(p, nat_event(r));
		p = put32(p, QUOTA_MAX_ENTRIES_PER_USER);
		p = put32(p, r->subscriber);
		p = put32(p, r->max_blocks);
		return put32(p, r->instance);
	case T_ADDR_EXH:
		p = put8(p, nat_event(r));
		return put32(p, r->instance);
	case T_PORT_EXH:
		p = put8(p, nat_event(r));
		p = put32(p, r->subscriber);
		p = put32(p, r->public);
		return put32(p, r->instance);
	case T_THRESH:
		p = put8(p, nat_event(r));
		p = put32(p, THRESHOLD_ADDR_PORT_HIGH);
		p = put32(p, r->public);
		return put32(p, r->instance);
	}
	return put_session(p, r);
}

size_t ipfix_message(struct ipfix_exporter *x, uint32_t export_time,
		     const struct record *const *recs, size_t n,
		     size_t *used, uint8_t *buf, size_t cap)
{
	uint8_t *p = put_header(buf, x, export_time), *set = NULL;
	uint16_t set_tid = 0, tid;
	uint32_t records = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct tmpl *t;

		tid = ipfix_template_of(recs[i]);
		if (!tid)
			continue;
		t = find_template(tid);
		if ((size_t)(p - buf) + record_len(t) + (tid != set_tid ? 4 : 0) > cap)
			break;
		if (tid != set_tid) {
			if (set)
				put16(set + 2, p - set);
			set = p;
			set_tid = tid;
			p = put16(p, tid);
			p = put16(p, 0);
		}
		p = put_record(p, tid, recs[i]);
		records++;
	}
	if (set)
		put16(set + 2, p - set);
	*used = i;
	x->seq += records;
	finish(buf, p - buf);
	return records ? (size_t)(p - buf) : 0;
}
