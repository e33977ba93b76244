// SPDX-License-Identifier: GPL-2.0
/*
 * Port-block allocation (RFC 6888): the pool of blocks of one PBA rule.
 *
 * Every public address is cut into blocks of block_size ports. A subscriber
 * holds up to max_blocks blocks, all on one address (paired pooling); a new
 * subscriber goes to the less used of two addresses drawn at random, which
 * spreads load without scanning the pool. A block counts the connections
 * using it; when the count drops to zero the block is released and rests in
 * quarantine (a FIFO, since every block rests equally long) before it can be
 * allocated again. Work per new connection is bounded by max_blocks tries
 * of at most 128 ports each, plus two bitmap searches.
 *
 * Nothing here knows conntrack: the caller finds free ports (cgnat_port_fn)
 * and reports connections ending. Events go to an injected callback.
 */
#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/netfilter/xt_CGNAT.h>
#include <linux/cgnat.h>
#include "pba.h"

static const struct rhashtable_params sub_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct cgnat_sub, addr),
	.head_offset = offsetof(struct cgnat_sub, node),
	.automatic_shrinking = true,
};

int cgnat_pba_check(const struct cgnat_pba_cfg *cfg, const char **why)
{
	u32 ports = cfg->port_max - cfg->port_min + 1;

	if (!cfg->out_count) {
		*why = "outside range is empty";
		return -EINVAL;
	}
	if (cfg->port_min < 1 || cfg->port_min > cfg->port_max) {
		*why = "port range must lie within 1-65535 with first <= last";
		return -EINVAL;
	}
	if (cfg->block_size < 1 || cfg->block_size > ports) {
		*why = "block size must be between 1 and the number of ports";
		return -EINVAL;
	}
	if (cfg->max_blocks < 1 || cfg->max_blocks > CGNAT_MAX_BLOCKS_LIMIT) {
		*why = "max blocks must be between 1 and 64";
		return -EINVAL;
	}
	if (cfg->threshold > 100) {
		*why = "threshold is a percentage, 0-100";
		return -EINVAL;
	}
	if ((u64)cfg->out_count * (ports / cfg->block_size) > (1U << 26)) {
		*why = "pool too large (more than 2^26 blocks)";
		return -E2BIG;
	}
	return 0;
}

int cgnat_pool_init(struct cgnat_pool *p, const struct cgnat_pba_cfg *cfg,
		    cgnat_event_fn event, void *ctx)
{
	u32 i;

	memset(p, 0, sizeof(*p));
	spin_lock_init(&p->lock);
	INIT_LIST_HEAD(&p->quarantine);
	p->cfg = *cfg;
	p->event = event;
	p->event_ctx = ctx;
	p->exhaust_ev = jiffies - HZ - 1;
	p->per_addr = (cfg->port_max - cfg->port_min + 1) / cfg->block_size;
	p->nblocks = cfg->out_count * p->per_addr;
	p->free = p->nblocks;
	p->blocks = kvcalloc(p->nblocks, sizeof(*p->blocks), GFP_KERNEL);
	p->pubs = kvcalloc(cfg->out_count, sizeof(*p->pubs), GFP_KERNEL);
	p->block_free = bitmap_zalloc(p->nblocks, GFP_KERNEL);
	p->pub_free = bitmap_zalloc(cfg->out_count, GFP_KERNEL);
	if (!p->blocks || !p->pubs || !p->block_free || !p->pub_free ||
	    rhashtable_init(&p->subs, &sub_params)) {
		kvfree(p->blocks);
		kvfree(p->pubs);
		bitmap_free(p->block_free);
		bitmap_free(p->pub_free);
		return -ENOMEM;
	}
	bitmap_fill(p->block_free, p->nblocks);
	bitmap_fill(p->pub_free, cfg->out_count);
	for (i = 0; i < p->nblocks; i++)
		INIT_LIST_HEAD(&p->blocks[i].quarantine);
	return 0;
}

static void free_sub(void *ptr, void *arg)
{
	kfree(ptr);
}

void cgnat_pool_destroy(struct cgnat_pool *p)
{
	rhashtable_free_and_destroy(&p->subs, free_sub, NULL);
	kvfree(p->blocks);
	kvfree(p->pubs);
	bitmap_free(p->block_free);
	bitmap_free(p->pub_free);
}

void cgnat_block_range(const struct cgnat_pool *p, u32 block, u32 *addr,
		       u16 *first, u16 *last)
{
	u32 a = block / p->per_addr;

	*addr = p->cfg.out_first + a;
	*first = p->cfg.port_min + (block - a * p->per_addr) *
		 p->cfg.block_size;
	*last = *first + p->cfg.block_size - 1;
}

int cgnat_pool_find(const struct cgnat_pool *p, u32 addr, u16 port)
{
	u32 a = addr - p->cfg.out_first, idx, b;

	if (addr < p->cfg.out_first || a >= p->cfg.out_count ||
	    port < p->cfg.port_min)
		return -1;
	idx = (port - p->cfg.port_min) / p->cfg.block_size;
	if (idx >= p->per_addr)
		return -1;
	b = a * p->per_addr + idx;
	return p->blocks[b].state == CGNAT_BLOCK_ACTIVE ? b : -1;
}

static void emit(struct cgnat_pool *p, u8 type, u32 sub, u32 block)
{
	struct cgnat_event ev = { .type = type, .subscriber = sub };

	if (block != U32_MAX) {
		cgnat_block_range(p, block, &ev.public, &ev.port_first,
				  &ev.port_last);
		ev.alloc_ns = p->blocks[block].alloc_ns;
	}
	p->event(p->event_ctx, &ev);
}

static u32 pub_used(const struct cgnat_pool *p, u32 a)
{
	return p->pubs[a].active + p->pubs[a].quarantined;
}

static void check_threshold(struct cgnat_pool *p, u32 a)
{
	struct cgnat_pub *pub = &p->pubs[a];
	bool over = p->cfg.threshold &&
		    pub_used(p, a) * 100ULL >= (u64)p->cfg.threshold * p->per_addr;
	struct cgnat_event ev = {
		.type = CGNAT_EVENT_THRESHOLD,
		.public = p->cfg.out_first + a,
		.used = pub_used(p, a),
		.total = p->per_addr,
	};

	if (over && !pub->over_threshold)
		p->event(p->event_ctx, &ev);
	pub->over_threshold = over;
}

/* A lightly used address with a free block, or -1 if there is none. */
static int pick_address(struct cgnat_pool *p)
{
	u32 n = p->cfg.out_count, a, b;

	if (!p->free)
		return -1;
	a = get_random_u32_below(n);
	b = get_random_u32_below(n);
	if (!test_bit(a, p->pub_free) ||
	    (test_bit(b, p->pub_free) && pub_used(p, b) < pub_used(p, a)))
		a = b;
	if (test_bit(a, p->pub_free))
		return a;
	a = find_next_bit(p->pub_free, n, a);
	if (a >= n)
		a = find_first_bit(p->pub_free, n);
	return a < n ? a : -1;
}

/* A free block on address @a, taken out of the free set; or -1. */
static int take_block(struct cgnat_pool *p, u32 a)
{
	u32 base = a * p->per_addr, end = base + p->per_addr;
	u32 b = base + get_random_u32_below(p->per_addr);

	b = find_next_bit(p->block_free, end, b);
	if (b >= end)
		b = find_next_bit(p->block_free, end, base);
	if (b >= end)
		return -1;
	clear_bit(b, p->block_free);
	p->free--;
	if (find_next_bit(p->block_free, end, base) >= end)
		clear_bit(a, p->pub_free);
	return b;
}

static struct cgnat_sub *new_sub(struct cgnat_pool *p, u32 addr)
{
	struct cgnat_sub *sub;
	int a = pick_address(p);

	if (a < 0) {
		if (time_after(jiffies, p->exhaust_ev + HZ)) {
			p->exhaust_ev = jiffies;
			emit(p, CGNAT_EVENT_ADDRESSES_EXHAUSTED, addr, U32_MAX);
		}
		return ERR_PTR(-ENOSPC);
	}
	sub = kzalloc(struct_size(sub, blocks, p->cfg.max_blocks), GFP_ATOMIC);
	if (!sub)
		return ERR_PTR(-ENOMEM);
	sub->addr = addr;
	sub->pub = a;
	sub->quota_ev = jiffies - HZ - 1;
	if (rhashtable_insert_fast(&p->subs, &sub->node, sub_params)) {
		kfree(sub);
		return ERR_PTR(-ENOMEM);
	}
	p->pubs[a].subs++;
	p->nsubs++;
	return sub;
}

static void drop_sub(struct cgnat_pool *p, struct cgnat_sub *sub)
{
	rhashtable_remove_fast(&p->subs, &sub->node, sub_params);
	p->pubs[sub->pub].subs--;
	p->nsubs--;
	kfree_rcu(sub, rcu);
}

static int grow_sub(struct cgnat_pool *p, struct cgnat_sub *sub)
{
	struct cgnat_block *blk;
	int b;

	if (sub->nblocks >= p->cfg.max_blocks) {
		if (time_after(jiffies, sub->quota_ev + HZ)) {
			sub->quota_ev = jiffies;
			emit(p, CGNAT_EVENT_QUOTA_EXCEEDED, sub->addr, U32_MAX);
		}
		return -EDQUOT;
	}
	b = take_block(p, sub->pub);
	if (b < 0) {
		if (time_after(jiffies, p->exhaust_ev + HZ)) {
			p->exhaust_ev = jiffies;
			emit(p, CGNAT_EVENT_PORTS_EXHAUSTED, sub->addr, U32_MAX);
		}
		return -ENOSPC;
	}
	blk = &p->blocks[b];
	blk->state = CGNAT_BLOCK_ACTIVE;
	blk->owner = sub->addr;
	blk->alloc_ns = ktime_get_real_ns();
	atomic_set(&blk->conns, 0);
	sub->blocks[sub->nblocks++] = b;
	p->pubs[sub->pub].active++;
	emit(p, CGNAT_EVENT_BLOCK_ALLOC, sub->addr, b);
	check_threshold(p, sub->pub);
	return b;
}

static bool try_block(struct cgnat_pool *p, u32 b, cgnat_port_fn fn,
		      void *arg, struct cgnat_pick *pick)
{
	u16 first, last;
	int port;

	cgnat_block_range(p, b, &pick->addr, &first, &last);
	port = fn(arg, pick->addr, first, last);
	if (port < 0)
		return false;
	pick->block = b;
	pick->port = port;
	atomic_inc(&p->blocks[b].conns);
	return true;
}

static void release_block(struct cgnat_pool *p, struct cgnat_sub *sub,
			  u32 b, u64 now);

static int acquire_locked(struct cgnat_pool *p, u32 addr, cgnat_port_fn fn,
			  void *arg, u64 now, struct cgnat_pick *pick)
{
	struct cgnat_sub *sub;
	int i, b;

	sub = rhashtable_lookup_fast(&p->subs, &addr, sub_params);
	if (sub) {
		/* newest block first: older ones drain and get released */
		for (i = sub->nblocks - 1; i >= 0; i--)
			if (try_block(p, sub->blocks[i], fn, arg, pick))
				return 0;
	} else {
		sub = new_sub(p, addr);
		if (IS_ERR(sub))
			return PTR_ERR(sub);
	}
	b = grow_sub(p, sub);
	if (b >= 0 && try_block(p, b, fn, arg, pick))
		return 0;
	if (b >= 0)	/* every port of a fresh block taken: give it back */
		release_block(p, sub, b, now);
	else if (!sub->nblocks)
		drop_sub(p, sub);
	return b >= 0 ? -ENOSPC : b;
}

/*
 * Pick a block and port for a new connection of subscriber @addr and count
 * the connection in the block. 0 with @pick filled, -EDQUOT (at
 * max_blocks, every port busy), -ENOSPC (no free block) or -ENOMEM.
 */
int cgnat_pool_acquire(struct cgnat_pool *p, u32 addr, cgnat_port_fn fn,
		       void *arg, u64 now, struct cgnat_pick *pick)
{
	int err;

	rcu_read_lock();
	spin_lock_bh(&p->lock);
	err = acquire_locked(p, addr, fn, arg, now, pick);
	spin_unlock_bh(&p->lock);
	rcu_read_unlock();
	return err;
}

static void free_block(struct cgnat_pool *p, u32 b)
{
	u32 a = b / p->per_addr;

	p->blocks[b].state = CGNAT_BLOCK_FREE;
	p->pubs[a].quarantined--;
	set_bit(b, p->block_free);
	set_bit(a, p->pub_free);
	p->free++;
	check_threshold(p, a);
}

static void release_block(struct cgnat_pool *p, struct cgnat_sub *sub,
			  u32 b, u64 now)
{
	struct cgnat_block *blk = &p->blocks[b];
	u32 a = b / p->per_addr;
	int i;

	emit(p, CGNAT_EVENT_BLOCK_RELEASE, blk->owner, b);
	for (i = 0; i < sub->nblocks; i++) {
		if (sub->blocks[i] == b) {
			sub->blocks[i] = sub->blocks[--sub->nblocks];
			break;
		}
	}
	if (!sub->nblocks)
		drop_sub(p, sub);
	blk->state = CGNAT_BLOCK_QUARANTINE;
	blk->until = now + p->cfg.quarantine;
	p->pubs[a].active--;
	p->pubs[a].quarantined++;
	if (p->cfg.quarantine)
		list_add_tail(&blk->quarantine, &p->quarantine);
	else
		free_block(p, b);
}

/* One connection of @block is gone; the last one releases the block. */
void cgnat_pool_conn_put(struct cgnat_pool *p, u32 block, u64 now)
{
	struct cgnat_block *blk = &p->blocks[block];
	struct cgnat_sub *sub;

	if (!atomic_dec_and_test(&blk->conns))
		return;
	rcu_read_lock();
	spin_lock_bh(&p->lock);
	if (blk->state == CGNAT_BLOCK_ACTIVE && !atomic_read(&blk->conns)) {
		sub = rhashtable_lookup_fast(&p->subs, &blk->owner, sub_params);
		if (!WARN_ON_ONCE(!sub))
			release_block(p, sub, block, now);
	}
	spin_unlock_bh(&p->lock);
	rcu_read_unlock();
}

/* End the quarantine of blocks whose time is up. */
void cgnat_pool_tick(struct cgnat_pool *p, u64 now)
{
	struct cgnat_block *blk, *tmp;

	spin_lock_bh(&p->lock);
	list_for_each_entry_safe(blk, tmp, &p->quarantine, quarantine) {
		if (blk->until > now)
			break;
		list_del_init(&blk->quarantine);
		free_block(p, blk - p->blocks);
	}
	spin_unlock_bh(&p->lock);
}

/* The rule is gone: close every live block in the log. */
void cgnat_pool_release_all(struct cgnat_pool *p)
{
	u32 b;

	spin_lock_bh(&p->lock);
	for (b = 0; b < p->nblocks; b++)
		if (p->blocks[b].state == CGNAT_BLOCK_ACTIVE)
			emit(p, CGNAT_EVENT_BLOCK_RELEASE, p->blocks[b].owner, b);
	spin_unlock_bh(&p->lock);
}
