// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <sqlite3.h>
#include "store.h"

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	/* a kill -9 loses nothing written: the kernel has the pages */
	"PRAGMA synchronous=OFF;"
	"CREATE TABLE IF NOT EXISTS blocks ("
	" instance INTEGER, public INTEGER, port_first INTEGER,"
	" port_last INTEGER, subscriber INTEGER, alloc_ns INTEGER,"
	" released_by INTEGER,"	/* record id of the queued release */
	" PRIMARY KEY (instance, public, port_first));"
	"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER);";

static int exec(struct store *s, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return 0;
	fprintf(stderr, "cgnatd: state database: %s\n", err);
	sqlite3_free(err);
	return -1;
}

int store_open(struct store *s, const char *path)
{
	char dir[256], *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0750);	/* an existing one is fine */
	}
	if (sqlite3_open(path, &s->db) != SQLITE_OK) {
		fprintf(stderr, "cgnatd: %s: %s\n", path, sqlite3_errmsg(s->db));
		return -1;
	}
	return exec(s, schema);
}

void store_close(struct store *s)
{
	sqlite3_close(s->db);
}

int store_begin(struct store *s)
{
	return exec(s, "BEGIN");
}

int store_commit(struct store *s)
{
	return exec(s, "COMMIT");
}

static void run(struct store *s, const char *sql, const int64_t *v, int n)
{
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	for (i = 0; i < n; i++)
		sqlite3_bind_int64(st, i + 1, v[i]);
	if (sqlite3_step(st) != SQLITE_DONE)
		fprintf(stderr, "cgnatd: state database: %s\n", sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
}

void store_alloc(struct store *s, const struct record *r)
{
	int64_t v[] = { r->instance, r->public, r->port_first, r->port_last,
			r->subscriber, (int64_t)r->alloc_ns };

	run(s, "INSERT OR REPLACE INTO blocks VALUES (?,?,?,?,?,?,NULL)", v, 6);
}

void store_release(struct store *s, const struct record *r, uint64_t id)
{
	int64_t v[] = { (int64_t)id, r->instance, r->public, r->port_first };

	run(s, "UPDATE blocks SET released_by=? WHERE instance=? AND public=? AND port_first=?",
	    v, 4);
}

void store_purge(struct store *s, uint64_t done_id)
{
	int64_t v[] = { (int64_t)done_id };

	run(s, "DELETE FROM blocks WHERE released_by IS NOT NULL AND released_by<=?", v, 1);
}

void store_set_seq(struct store *s, uint64_t seq)
{
	int64_t v[] = { (int64_t)seq };

	run(s, "INSERT OR REPLACE INTO meta VALUES ('last_seq', ?)", v, 1);
}

uint64_t store_seq(struct store *s)
{
	sqlite3_stmt *st;
	uint64_t seq = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key='last_seq'",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return seq;
}

int store_load(struct store *s, struct ledger *l)
{
	sqlite3_stmt *st;
	struct record r;
	int n = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT instance, public, port_first, port_last,"
			       " subscriber, alloc_ns FROM blocks", -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		memset(&r, 0, sizeof(r));
		r.instance = sqlite3_column_int64(st, 0);
		r.public = sqlite3_column_int64(st, 1);
		r.port_first = sqlite3_column_int64(st, 2);
		r.port_last = sqlite3_column_int64(st, 3);
		r.subscriber = sqlite3_column_int64(st, 4);
		r.alloc_ns = sqlite3_column_int64(st, 5);
		ledger_open(l, &r);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}
