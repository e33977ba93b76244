// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include "ledger.h"

static void key_of(const struct record *r, struct block_key *k)
{
	memset(k, 0, sizeof(*k));
	k->instance = r->instance;
	k->public = r->public;
	k->port_first = r->port_first;
}

struct entry *ledger_find(struct ledger *l, const struct record *r)
{
	struct block_key k;
	struct entry *e;

	key_of(r, &k);
	HASH_FIND(hh, l->map, &k, sizeof(k), e);
	return e;
}

bool ledger_open(struct ledger *l, const struct record *r)
{
	struct entry *e = ledger_find(l, r);

	if (e && e->alloc_ns == r->alloc_ns && !e->closed_by_resync)
		return false;	/* already logged (by a dump) */
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return true;	/* log it anyway */
		key_of(r, &e->key);
		HASH_ADD(hh, l->map, key, sizeof(e->key), e);
	}
	e->subscriber = r->subscriber;
	e->port_last = r->port_last;
	e->alloc_ns = r->alloc_ns;
	e->closed_by_resync = false;
	return true;
}

bool ledger_close(struct ledger *l, const struct record *r)
{
	struct entry *e = ledger_find(l, r);
	bool logged_already;

	if (!e)
		return true;	/* allocated before we listened: log it */
	logged_already = e->closed_by_resync && e->alloc_ns == r->alloc_ns;
	ledger_remove(l, e);
	return !logged_already;
}

void ledger_remove(struct ledger *l, struct entry *e)
{
	HASH_DEL(l->map, e);
	free(e);
}

unsigned int ledger_count(struct ledger *l)
{
	return HASH_COUNT(l->map);
}

void ledger_clear(struct ledger *l)
{
	struct entry *e, *tmp;

	HASH_ITER(hh, l->map, e, tmp)
		ledger_remove(l, e);
}

void entry_to_record(const struct entry *e, uint8_t type, uint8_t origin,
		     uint64_t time_ns, struct record *r)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->origin = origin;
	r->time_ns = time_ns;
	r->instance = e->key.instance;
	r->public = e->key.public;
	r->port_first = e->key.port_first;
	r->port_last = e->port_last;
	r->subscriber = e->subscriber;
	r->alloc_ns = e->alloc_ns;
}
