/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An output: local syslog, an RFC 5424 receiver or an IPFIX collector,
 * each with its own thread and bounded queue, so that a receiver that is
 * down or slow delays only itself: the netlink reader never waits, and a
 * full queue drops records and counts them.
 */
#ifndef CGNATD_OUTPUT_H
#define CGNATD_OUTPUT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "config.h"
#include "ipfix.h"
#include "record.h"

enum out_kind { OUT_SYSLOG, OUT_5424, OUT_IPFIX };

struct output {
	enum out_kind kind;
	const struct target *target;	/* NULL for local syslog */
	const struct config *cfg;
	char name[96];

	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct record *ring;
	unsigned int cap, head, count;
	bool stop;
	pthread_t thread;

	/* statistics, under lock */
	uint64_t sent, dropped, errors, reconnects;
	uint64_t pushed_id;	/* last record id queued (or dropped) */
	uint64_t done_id;	/* last record id handed on (or given up) */
	bool busy;		/* a batch is being delivered */

	/* the thread's own */
	int fd;
	struct ipfix_exporter x;
	time_t templates_at;
	char host[64];
};

int output_start(struct output *o, enum out_kind kind,
		 const struct target *t, const struct config *cfg);
void output_push(struct output *o, const struct record *r);
/* the same for n records, with one lock and one wake-up */
void output_push_many(struct output *o, const struct record *r, size_t n);
/* stop the thread after it emptied its queue or waited @ms */
void output_stop(struct output *o, unsigned int ms);
/* every record up to this id has been handed on or given up */
uint64_t output_done(struct output *o);
void output_stats(struct output *o, uint64_t *sent, uint64_t *dropped,
		  uint64_t *errors, uint64_t *reconnects, unsigned int *queued);

#endif
