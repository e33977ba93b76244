/* SPDX-License-Identifier: GPL-2.0 */
/* The blocks the outputs have been told are allocated and not released. */
#ifndef CGNATD_LEDGER_H
#define CGNATD_LEDGER_H

#include <stdbool.h>
#include <stdint.h>
#include <uthash.h>
#include "record.h"

struct block_key {
	uint32_t instance;
	uint32_t public;
	uint16_t port_first;
	uint16_t pad;		/* zero: the key is hashed as bytes */
};

struct entry {
	struct block_key key;
	uint32_t subscriber;
	uint16_t port_last;
	uint64_t alloc_ns;
	bool seen;		/* in the current resync dump */
	bool closed_by_resync;	/* a resync logged its release */
	UT_hash_handle hh;
};

struct ledger {
	struct entry *map;
};

struct entry *ledger_find(struct ledger *l, const struct record *r);
/* true if @r (an allocation) is new to the ledger and was added */
bool ledger_open(struct ledger *l, const struct record *r);
/* true if @r (a release) closes an open entry, which is removed */
bool ledger_close(struct ledger *l, const struct record *r);
void ledger_remove(struct ledger *l, struct entry *e);
unsigned int ledger_count(struct ledger *l);
void ledger_clear(struct ledger *l);
void entry_to_record(const struct entry *e, uint8_t type, uint8_t origin,
		     uint64_t time_ns, struct record *r);

#endif
