/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNATD_CONFIG_H
#define CGNATD_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#define CFG_MAX_TARGETS 8

struct target {
	bool tcp;
	struct sockaddr_in addr;
	char text[80];		/* as written, for status and errors */
};

struct config {
	bool syslog;			/* local syslog(3) */
	char ident[32];
	int facility;			/* LOG_LOCAL4 ... */
	int level;			/* LOG_INFO ... */
	struct target remote[CFG_MAX_TARGETS];	/* RFC 5424 receivers */
	int nremote;
	char sd_id[64];
	char hostname[64];
	struct target ipfix[CFG_MAX_TARGETS];	/* IPFIX collectors */
	int nipfix;
	uint32_t domain;
	unsigned int template_interval;	/* s, UDP template refresh */
	unsigned int interim;		/* s, 0: off */
	bool flows;			/* per-flow NAT44 session records */
	unsigned int rcvbuf;		/* netlink receive buffer, bytes */
	unsigned int queue;		/* records per output */
	char status_file[128];
	char state_db[128];		/* "" (off): no crash-safe state */
};

void config_defaults(struct config *c);
/* Each returns 0, or -1 after printing "WHERE: reason". */
int config_load(struct config *c, const char *path);
int config_set(struct config *c, const char *where, const char *kv);

#endif
