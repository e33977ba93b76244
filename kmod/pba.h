/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_PBA_H
#define _CGNAT_PBA_H

#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include "event.h"

struct cgnat_pba_cfg {
	u32 out_first;		/* host order */
	u32 out_count;
	u16 port_min, port_max;
	u16 block_size;
	u16 max_blocks;
	u32 quarantine;		/* seconds */
	u8 threshold;		/* percent; 0: no threshold events */
};

enum cgnat_block_state {
	CGNAT_BLOCK_FREE,
	CGNAT_BLOCK_ACTIVE,
	CGNAT_BLOCK_QUARANTINE,
};

struct cgnat_block {
	struct list_head quarantine;	/* pool FIFO while quarantined */
	u64 alloc_ns;
	u64 until;			/* end of quarantine, boottime s */
	u32 owner;			/* subscriber, host order */
	atomic_t conns;
	u8 state;
};

struct cgnat_pub {
	u32 active;
	u32 quarantined;
	u32 subs;
	bool over_threshold;
};

struct cgnat_sub {
	struct rhash_head node;
	struct rcu_head rcu;
	u32 addr;
	u32 pub;		/* address index in the pool */
	unsigned long quota_ev;	/* jiffies of the last quota event */
	u8 nblocks;
	u32 blocks[];
};

typedef void (*cgnat_event_fn)(void *ctx, const struct cgnat_event *ev);
/* Find a free port in [first, last] of public @addr: the port or -1. */
typedef int (*cgnat_port_fn)(void *arg, u32 addr, u16 first, u16 last);

struct cgnat_pool {
	spinlock_t lock;	/* everything below but cfg and the conns counts */
	struct cgnat_pba_cfg cfg;
	u32 per_addr;			/* blocks per public address */
	u32 nblocks;
	u32 free;
	u32 nsubs;
	struct cgnat_block *blocks;
	struct cgnat_pub *pubs;
	unsigned long *block_free;	/* bit set: block is free */
	unsigned long *pub_free;	/* bit set: address has a free block */
	struct list_head quarantine;
	struct rhashtable subs;
	unsigned long exhaust_ev;	/* jiffies of the last exhaustion event */
	cgnat_event_fn event;
	void *event_ctx;
};

struct cgnat_pick {
	u32 block;
	u32 addr;		/* public, host order */
	u16 port;
};

int cgnat_pba_check(const struct cgnat_pba_cfg *cfg, const char **why);
int cgnat_pool_init(struct cgnat_pool *p, const struct cgnat_pba_cfg *cfg,
		    cgnat_event_fn event, void *ctx);
void cgnat_pool_destroy(struct cgnat_pool *p);
int cgnat_pool_acquire(struct cgnat_pool *p, u32 sub, cgnat_port_fn fn,
		       void *arg, u64 now, struct cgnat_pick *pick);
void cgnat_pool_conn_put(struct cgnat_pool *p, u32 block, u64 now);
void cgnat_pool_tick(struct cgnat_pool *p, u64 now);
void cgnat_pool_release_all(struct cgnat_pool *p);
void cgnat_block_range(const struct cgnat_pool *p, u32 block, u32 *addr,
		       u16 *first, u16 *last);
/* The block holding @port of public @addr, or -1 (caller holds the lock). */
int cgnat_pool_find(const struct cgnat_pool *p, u32 addr, u16 port);

static inline u64 cgnat_now(void)
{
	return ktime_get_boottime_seconds();
}

#endif /* _CGNAT_PBA_H */
