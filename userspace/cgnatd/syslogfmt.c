// SPDX-License-Identifier: GPL-2.0
/*
 * The text forms of a record. The key=value line is stable: keys in a
 * fixed order, no spaces in values, so a SIEM can parse it with one rule.
 * RFC 5424 carries the same pairs as structured data under a configurable
 * SD-ID (name@enterprise-number, since "cgnat" is not IANA-registered).
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "names.h"
#include "syslogfmt.h"

const char *record_type_name(uint8_t type)
{
	switch (type) {
	case REC_LOSS:
		return "loss";
	case REC_SESSION_CREATE:
		return "session-create";
	case REC_SESSION_DELETE:
		return "session-delete";
	}
	return cgnat_event_name(type) ?: "unknown";
}

const char *record_origin_name(uint8_t origin)
{
	static const char *const names[] = { "event", "start", "resync",
					     "interim" };

	return origin < 4 ? names[origin] : "unknown";
}

/* Small writers: the hot path of cgnatd formats without printf. */
static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_u64(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_ip(char *p, uint32_t a)
{
	p = put_u64(p, a >> 24, 0);
	*p++ = '.';
	p = put_u64(p, (a >> 16) & 255, 0);
	*p++ = '.';
	p = put_u64(p, (a >> 8) & 255, 0);
	*p++ = '.';
	return put_u64(p, a & 255, 0);
}

/* RFC 3339 UTC with @digits decimals; the date part is cached per second */
static void fmt_time(char *buf, size_t cap, uint64_t ns, int digits)
{
	static __thread time_t cached = -1;
	static __thread char date[24];
	time_t t = ns / 1000000000ULL;
	uint64_t frac = ns % 1000000000ULL;
	struct tm tm;
	char *p;
	int i;

	(void)cap;	/* callers pass at least 40 bytes */
	if (t != cached) {
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
		cached = t;
	}
	for (i = digits; i < 9; i++)
		frac /= 10;
	p = put_str(buf, date);
	*p++ = '.';
	p = put_u64(p, frac, digits);
	*p++ = 'Z';
	*p = '\0';
}

static void addr(char *buf, uint32_t a)
{
	*put_ip(buf, a) = '\0';
}

static struct kv *add_u(struct kv *kv, const char *key, uint64_t v)
{
	kv->key = key;
	*put_u64(kv->value, v, 0) = '\0';
	return kv + 1;
}

static struct kv *add_range(struct kv *kv, const char *key, uint32_t a,
			    uint32_t b, bool ip)
{
	char *p = kv->value;

	kv->key = key;
	p = ip ? put_ip(p, a) : put_u64(p, a, 0);
	*p++ = '-';
	p = ip ? put_ip(p, b) : put_u64(p, b, 0);
	*p = '\0';
	return kv + 1;
}

static struct kv *add(struct kv *kv, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static struct kv *add(struct kv *kv, const char *key, const char *fmt, ...)
{
	va_list ap;

	kv->key = key;
	va_start(ap, fmt);
	vsnprintf(kv->value, sizeof(kv->value), fmt, ap);
	va_end(ap);
	return kv + 1;
}

static struct kv *add_addr(struct kv *kv, const char *key, uint32_t a)
{
	kv->key = key;
	addr(kv->value, a);
	return kv + 1;
}

static struct kv *add_block(struct kv *p, const struct record *r)
{
	p = add_addr(p, "subscriber", r->subscriber);
	p = add_addr(p, "public", r->public);
	p = add_range(p, "ports", r->port_first, r->port_last, false);
	if (r->alloc_ns) {
		p->key = "allocated";
		fmt_time(p->value, sizeof(p->value), r->alloc_ns, 9);
		p++;
	}
	return p;
}

static struct kv *add_config(struct kv *p, const struct record *r)
{
	p = add(p, "mode", "%s", r->mode == 2 ? "pba" : "deterministic");
	if (r->in_last)
		p = add_range(p, "inside", r->in_first, r->in_last, true);
	p = add_range(p, "outside", r->out_first, r->out_last, true);
	p = add_range(p, "ports", r->port_min, r->port_max, false);
	if (r->block_size)
		p = add_u(p, "block_size", r->block_size);
	return p;
}

static struct kv *add_session(struct kv *p, const struct record *r)
{
	p = add(p, "proto", "%u", r->proto);
	p = add_addr(p, "subscriber", r->subscriber);
	p = add(p, "sport", "%u", r->sport);
	p = add_addr(p, "public", r->public);
	p = add(p, "public_port", "%u", r->post_sport);
	p = add_addr(p, "destination", r->daddr);
	return add(p, "dport", "%u", r->dport);
}

static struct kv *add_detail(struct kv *p, const struct record *r)
{
	switch (r->type) {
	case REC_BLOCK_ALLOC:
	case REC_BLOCK_RELEASE:
		return add_block(p, r);
	case REC_QUOTA_EXCEEDED:
		p = add_addr(p, "subscriber", r->subscriber);
		p = add_addr(p, "public", r->public);
		return add(p, "max_blocks", "%u", r->max_blocks);
	case REC_PORTS_EXHAUSTED:
		p = add_addr(p, "subscriber", r->subscriber);
		return add_addr(p, "public", r->public);
	case REC_ADDRESSES_EXHAUSTED:
		return add_addr(p, "subscriber", r->subscriber);
	case REC_THRESHOLD:
		p = add_addr(p, "public", r->public);
		p = add(p, "blocks_used", "%u", r->used);
		p = add(p, "blocks_total", "%u", r->total);
		return add(p, "threshold", "%u", r->threshold);
	case REC_CONFIG_ADD:
	case REC_CONFIG_DEL:
		return add_config(p, r);
	case REC_LOSS:
		p = add(p, "count", "%" PRIu64, r->count);
		p = add(p, "lost_from", "%" PRIu64, r->lost_from);
		return add(p, "lost_to", "%" PRIu64, r->lost_to);
	}
	return add_session(p, r);
}

int record_fields(const struct record *r, struct kv *kv)
{
	struct kv *p = kv;

	p->key = "event";
	strcpy(p->value, record_type_name(r->type));
	p++;
	p = add_u(p, "seq", r->seq);
	p->key = "time";
	fmt_time(p->value, sizeof(p->value), r->time_ns, 9);
	p++;
	if (r->instance)
		p = add_u(p, "instance", r->instance);
	p = add_detail(p, r);
	p->key = "origin";
	strcpy(p->value, record_origin_name(r->origin));
	p++;
	return p - kv;
}

static size_t join_kv(const struct kv *kv, int n, char *buf, size_t cap)
{
	char *p = buf, *end = buf + cap - 1;
	int i;

	for (i = 0; i < n; i++) {
		size_t k = strlen(kv[i].key), v = strlen(kv[i].value);

		if (p + k + v + 2 > end)
			break;
		if (i)
			*p++ = ' ';
		memcpy(p, kv[i].key, k);
		p += k;
		*p++ = '=';
		memcpy(p, kv[i].value, v);
		p += v;
	}
	*p = '\0';
	return p - buf;
}

size_t fmt_kv(const struct record *r, char *buf, size_t cap)
{
	struct kv kv[KV_MAX];

	return join_kv(kv, record_fields(r, kv), buf, cap);
}

size_t sd_escape(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	for (; *in && n + 2 < cap; in++) {
		if (*in == '"' || *in == '\\' || *in == ']')
			out[n++] = '\\';
		out[n++] = *in;
	}
	out[n] = '\0';
	return n;
}

size_t fmt_5424(const struct record *r, const struct rfc5424 *o, char *buf,
		size_t cap)
{
	struct kv kv[KV_MAX];
	int i, n = record_fields(r, kv);
	char ts[48], *p = buf, *end = buf + cap - 1;

	fmt_time(ts, sizeof(ts), r->time_ns, 6);	/* RFC 5424: 1-6 digits */
	if (cap < 512)
		return 0;
	*p++ = '<';
	p = put_u64(p, o->facility * 8 + o->severity, 0);
	p = put_str(p, ">1 ");
	p = put_str(p, ts);
	*p++ = ' ';
	p += snprintf(p, 200, "%.63s %.47s ", o->hostname, o->app);
	p = put_u64(p, o->procid, 0);
	*p++ = ' ';
	p = put_str(p, kv[0].value);		/* the event is the MSGID */
	p = put_str(p, " [");
	p = put_str(p, o->sd_id);
	for (i = 1; i < n && p + 200 < end; i++) {
		*p++ = ' ';
		p = put_str(p, kv[i].key);
		p = put_str(p, "=\"");
		p += sd_escape(kv[i].value, p, 160);
		*p++ = '"';
	}
	p = put_str(p, "] ");
	p += join_kv(kv, n, p, end - p + 1);
	return p - buf;
}
