/* SPDX-License-Identifier: GPL-2.0 */
/* Text forms of a record: key=value (local syslog) and RFC 5424. */
#ifndef CGNATD_SYSLOGFMT_H
#define CGNATD_SYSLOGFMT_H

#include <stddef.h>
#include "record.h"

struct rfc5424 {
	int facility;		/* 0..23 */
	int severity;		/* 0..7 */
	const char *hostname;
	const char *app;
	int procid;
	const char *sd_id;	/* name@enterprise-number */
};

struct kv {
	const char *key;
	char value[64];
};

#define KV_MAX 16

/* The fields of a record as ordered key/value pairs; returns how many. */
int record_fields(const struct record *r, struct kv *kv);
/* "key=value key=value ..." */
size_t fmt_kv(const struct record *r, char *buf, size_t cap);
/* one RFC 5424 message (no framing) */
size_t fmt_5424(const struct record *r, const struct rfc5424 *o, char *buf,
		size_t cap);
/* SD-PARAM-VALUE escaping: '"', '\\' and ']' get a backslash */
size_t sd_escape(const char *in, char *out, size_t cap);

#endif
