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
#include "syslogfmt.h"

static const char *const type_names[] = {
	[REC_BLOCK_ALLOC] = "block-alloc",
	[REC_BLOCK_RELEASE] = "block-release",
	[REC_QUOTA_EXCEEDED] = "quota-exceeded",
	[REC_PORTS_EXHAUSTED] = "ports-exhausted",
	[REC_ADDRESSES_EXHAUSTED] = "addresses-exhausted",
	[REC_THRESHOLD] = "threshold",
	[REC_CONFIG_ADD] = "config-add",
	[REC_CONFIG_DEL] = "config-del",
};

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
	return type < sizeof(type_names) / sizeof(type_names[0]) &&
	       type_names[type] ? type_names[type] : "unknown";
}

const char *record_origin_name(uint8_t origin)
{
	static const char *const names[] = { "event", "start", "resync",
					     "interim" };

	return origin < 4 ? names[origin] : "unknown";
}

static void fmt_time(char *buf, size_t cap, uint64_t ns, int digits)
{
	time_t t = ns / 1000000000ULL;
	uint64_t frac = ns % 1000000000ULL;
	struct tm tm;
	char s[32];
	int i;

	for (i = digits; i < 9; i++)
		frac /= 10;
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, cap, "%s.%0*" PRIu64 "Z", s, digits, frac);
}

static void addr(char *buf, uint32_t a)
{
	struct in_addr in = { .s_addr = htonl(a) };

	inet_ntop(AF_INET, &in, buf, 64);
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
	p = add(p, "ports", "%u-%u", r->port_first, r->port_last);
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
		p = add(p, "inside", "%u.%u.%u.%u-%u.%u.%u.%u",
			r->in_first >> 24, (r->in_first >> 16) & 255,
			(r->in_first >> 8) & 255, r->in_first & 255,
			r->in_last >> 24, (r->in_last >> 16) & 255,
			(r->in_last >> 8) & 255, r->in_last & 255);
	p = add(p, "outside", "%u.%u.%u.%u-%u.%u.%u.%u",
		r->out_first >> 24, (r->out_first >> 16) & 255,
		(r->out_first >> 8) & 255, r->out_first & 255,
		r->out_last >> 24, (r->out_last >> 16) & 255,
		(r->out_last >> 8) & 255, r->out_last & 255);
	p = add(p, "ports", "%u-%u", r->port_min, r->port_max);
	if (r->block_size)
		p = add(p, "block_size", "%u", r->block_size);
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

	p = add(p, "event", "%s", record_type_name(r->type));
	p = add(p, "seq", "%" PRIu64, r->seq);
	p->key = "time";
	fmt_time(p->value, sizeof(p->value), r->time_ns, 9);
	p++;
	if (r->instance)
		p = add(p, "instance", "%u", r->instance);
	p = add_detail(p, r);
	p = add(p, "origin", "%s", record_origin_name(r->origin));
	return p - kv;
}

size_t fmt_kv(const struct record *r, char *buf, size_t cap)
{
	struct kv kv[KV_MAX];
	int i, n = record_fields(r, kv);
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < cap; i++)
		len += snprintf(buf + len, cap - len, "%s%s=%s", i ? " " : "",
				kv[i].key, kv[i].value);
	return len < cap ? len : cap - 1;
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
	char ts[48], esc[160];
	int i, n = record_fields(r, kv);
	size_t len;

	fmt_time(ts, sizeof(ts), r->time_ns, 6);	/* RFC 5424: 1-6 digits */
	len = snprintf(buf, cap, "<%d>1 %s %s %s %d %s [%s", o->facility * 8 +
		       o->severity, ts, o->hostname, o->app, o->procid,
		       record_type_name(r->type), o->sd_id);
	for (i = 1; i < n && len < cap; i++) {	/* event is the MSGID */
		sd_escape(kv[i].value, esc, sizeof(esc));
		len += snprintf(buf + len, cap - len, " %s=\"%s\"", kv[i].key,
				esc);
	}
	if (len < cap)
		len += snprintf(buf + len, cap - len, "] ");
	if (len < cap)
		len += fmt_kv(r, buf + len, cap - len);
	return len < cap ? len : cap - 1;
}
