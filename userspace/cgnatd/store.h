/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crash-safe memory of what the log may show open. A block is written
 * before its allocation record goes to the outputs (write-ahead) and kept,
 * marked, after its release record was queued, until every output has
 * handed that record on. After kill -9, a restart closes in the log every
 * block it may have left open that the kernel no longer has, and logs as
 * lost the events numbered while it was down.
 */
#ifndef CGNATD_STORE_H
#define CGNATD_STORE_H

#include <stdint.h>
#include "ledger.h"

struct sqlite3;

struct store {
	struct sqlite3 *db;
};

int store_open(struct store *s, const char *path);
void store_close(struct store *s);
int store_begin(struct store *s);
int store_commit(struct store *s);
void store_alloc(struct store *s, const struct record *r);
void store_release(struct store *s, const struct record *r, uint64_t id);
/* forget released blocks whose record every output has handed on */
void store_purge(struct store *s, uint64_t done_id);
void store_set_seq(struct store *s, uint64_t seq);
uint64_t store_seq(struct store *s);
/* put every remembered block into @l (as possibly open in the log) */
int store_load(struct store *s, struct ledger *l);

#endif
