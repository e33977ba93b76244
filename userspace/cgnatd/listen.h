/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Listening to the kernel: every event becomes a record; a lost event
 * (sequence gap, ENOBUFS) becomes a loss record and a resync, which logs
 * every live block the outputs have not seen and closes every logged block
 * that is gone, so every block alive is always in the log.
 */
#ifndef CGNATD_LISTEN_H
#define CGNATD_LISTEN_H

#include <stdint.h>
#include "ledger.h"
#include "record.h"

struct listen_stats {
	uint64_t events;	/* received */
	uint64_t gaps;		/* sequence gaps seen */
	uint64_t enobufs;	/* receive buffer overflows */
	uint64_t lost;		/* events not received */
	uint64_t resyncs;
	uint64_t last_seq;
};

typedef void (*emit_fn)(const struct record *r, void *ctx);

struct listener {
	struct cgnl *events;	/* joined to "events" */
	struct cgnl *req;	/* dumps and requests */
	struct ledger ledger;
	struct listen_stats st;
	int need_resync;
	emit_fn emit;
	void *ctx;
};

int listener_open(struct listener *l, unsigned int rcvbuf, emit_fn emit,
		  void *ctx);
int listener_fd(struct listener *l);
/* log the configuration and every live block ("found at start") */
int listener_start(struct listener *l, uint64_t old_seq);
/* read what is there, repair losses; 0 or -errno */
int listener_read(struct listener *l);
void listener_interim(struct listener *l);
/* events recorded by "cgnatctl monitor --record" instead of the kernel */
int listener_replay(struct listener *l, const char *path, emit_fn emit,
		    void *ctx);
void listener_close(struct listener *l);

#endif
