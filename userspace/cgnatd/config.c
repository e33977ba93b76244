// SPDX-License-Identifier: GPL-2.0
/*
 * /etc/cgnat/cgnatd.conf: "key = value" lines, '#' comments. Every bad line
 * is refused with the file, the line and the reason; command-line "-o
 * key=value" overrides go through the same checks.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include "config.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->syslog = true;
	strcpy(c->ident, "cgnatd");
	c->facility = LOG_LOCAL4;
	c->level = LOG_INFO;
	strcpy(c->sd_id, "cgnat@32473");
	c->domain = 1;
	c->template_interval = 60;
	c->rcvbuf = 32 << 20;
	c->queue = 1 << 20;
	strcpy(c->status_file, "/run/cgnatd.status");
	strcpy(c->state_db, "/var/lib/cgnat/cgnatd.db");
}

static const struct { const char *name; int value; } facilities[] = {
	{ "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
}, levels[] = {
	{ "emerg", LOG_EMERG }, { "alert", LOG_ALERT }, { "crit", LOG_CRIT },
	{ "err", LOG_ERR }, { "warning", LOG_WARNING },
	{ "notice", LOG_NOTICE }, { "info", LOG_INFO }, { "debug", LOG_DEBUG },
};

static int lookup(const char *v, const void *table, size_t n, int *out)
{
	const struct { const char *name; int value; } *t = table;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(v, t[i].name)) {
			*out = t[i].value;
			return 0;
		}
	}
	return -1;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true"))
		*out = true;
	else if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false"))
		*out = false;
	else
		return -1;
	return 0;
}

static int parse_uint(const char *v, unsigned long min, unsigned long max,
		      unsigned int *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

/* udp://A.B.C.D:PORT or tcp://A.B.C.D:PORT */
static int parse_target(const char *v, struct target *t)
{
	char host[INET_ADDRSTRLEN];
	const char *hp, *colon;
	unsigned int port;

	if (!strncmp(v, "udp://", 6))
		t->tcp = false;
	else if (!strncmp(v, "tcp://", 6))
		t->tcp = true;
	else
		return -1;
	hp = v + 6;
	colon = strrchr(hp, ':');
	if (!colon || (size_t)(colon - hp) >= sizeof(host) ||
	    parse_uint(colon + 1, 1, 65535, &port))
		return -1;
	memcpy(host, hp, colon - hp);
	host[colon - hp] = '\0';
	t->addr.sin_family = AF_INET;
	t->addr.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &t->addr.sin_addr) != 1)
		return -1;
	snprintf(t->text, sizeof(t->text), "%s", v);
	return 0;
}

/* name@number, printable US-ASCII without '=', ' ', ']', '"' (RFC 5424) */
static int valid_sd_id(const char *v)
{
	const char *at = strchr(v, '@');

	if (!at || at == v || !at[1] || strlen(v) > 32)
		return 0;
	for (; *v; v++)
		if (*v < 33 || *v > 126 || strchr("= ]\"", *v))
			return 0;
	for (at++; *at; at++)
		if (!isdigit((unsigned char)*at))
			return 0;
	return 1;
}

static int add_target(struct target *list, int *n, const char *v)
{
	if (*n >= CFG_MAX_TARGETS)
		return -1;
	if (parse_target(v, &list[*n]))
		return -1;
	(*n)++;
	return 0;
}

static int copy(char *dst, size_t cap, const char *v)
{
	if (!*v || strlen(v) >= cap)
		return -1;
	strcpy(dst, v);
	return 0;
}

static const char *apply(struct config *c, const char *k, const char *v)
{
	if (!strcmp(k, "syslog"))
		return parse_bool(v, &c->syslog) ? "expected on or off" : NULL;
	if (!strcmp(k, "syslog_ident"))
		return copy(c->ident, sizeof(c->ident), v) ? "1-31 characters" : NULL;
	if (!strcmp(k, "syslog_facility"))
		return lookup(v, facilities, 10, &c->facility) ?
		       "expected daemon, user or local0-local7" : NULL;
	if (!strcmp(k, "syslog_level"))
		return lookup(v, levels, 8, &c->level) ?
		       "expected emerg, alert, crit, err, warning, notice, info or debug" : NULL;
	if (!strcmp(k, "remote_syslog"))
		return add_target(c->remote, &c->nremote, v) ?
		       "expected udp://ADDR:PORT or tcp://ADDR:PORT (at most 8)" : NULL;
	if (!strcmp(k, "sd_id"))
		return valid_sd_id(v) && !copy(c->sd_id, sizeof(c->sd_id), v) ? NULL :
		       "expected name@enterprise-number (RFC 5424 SD-ID)";
	if (!strcmp(k, "hostname"))
		return copy(c->hostname, sizeof(c->hostname), v) ? "1-63 characters" : NULL;
	if (!strcmp(k, "ipfix"))
		return add_target(c->ipfix, &c->nipfix, v) ?
		       "expected udp://ADDR:PORT or tcp://ADDR:PORT (at most 8)" : NULL;
	if (!strcmp(k, "ipfix_domain"))
		return parse_uint(v, 0, UINT32_MAX, &c->domain) ? "expected 0-4294967295" : NULL;
	if (!strcmp(k, "template_interval"))
		return parse_uint(v, 1, 86400, &c->template_interval) ? "expected 1-86400 seconds" : NULL;
	if (!strcmp(k, "interim"))
		return parse_uint(v, 0, 86400, &c->interim) ? "expected 0 (off) to 86400 seconds" : NULL;
	if (!strcmp(k, "flows"))
		return parse_bool(v, &c->flows) ? "expected on or off" : NULL;
	if (!strcmp(k, "rcvbuf"))
		return parse_uint(v, 65536, 1U << 30, &c->rcvbuf) ? "expected 65536-1073741824 bytes" : NULL;
	if (!strcmp(k, "queue"))
		return parse_uint(v, 16, 1U << 24, &c->queue) ? "expected 16-16777216 records" : NULL;
	if (!strcmp(k, "state_db")) {
		if (!strcmp(v, "off")) {
			c->state_db[0] = '\0';
			return NULL;
		}
		return copy(c->state_db, sizeof(c->state_db), v) ? "a path of 1-127 characters, or off" : NULL;
	}
	if (!strcmp(k, "status_file"))
		return copy(c->status_file, sizeof(c->status_file), v) ? "a path of 1-127 characters" : NULL;
	return "unknown key";
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_set(struct config *c, const char *where, const char *kv)
{
	char buf[512], *eq, *k, *v;
	const char *why;

	snprintf(buf, sizeof(buf), "%s", kv);
	eq = strchr(buf, '=');
	if (!eq) {
		fprintf(stderr, "cgnatd: %s: expected key = value\n", where);
		return -1;
	}
	*eq = '\0';
	k = trim(buf);
	v = trim(eq + 1);
	why = apply(c, k, v);
	if (why) {
		fprintf(stderr, "cgnatd: %s: %s \"%s\": %s\n", where, k, v, why);
		return -1;
	}
	return 0;
}

int config_load(struct config *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512], where[300], *s;
	unsigned int n = 0;
	int err = 0;

	if (!f) {
		fprintf(stderr, "cgnatd: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		n++;
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		snprintf(where, sizeof(where), "%s:%u", path, n);
		if (config_set(c, where, s))
			err = -1;
	}
	fclose(f);
	return err;
}
