/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * cgnat: the Generic Netlink API of the xt_CGNAT module.
 *
 * Family name "cgnat" (CGNAT_GENL_NAME), version CGNAT_GENL_VERSION, one
 * multicast group "events" (CGNAT_GENL_MCGRP_EVENTS).
 *
 * State is per network namespace: a request is answered from the namespace
 * of the socket that sent it, and events reach listeners in the namespace
 * where they happened. Every command, and joining "events", needs
 * CAP_NET_ADMIN in the user namespace that owns that network namespace;
 * others get EPERM. Requests are validated strictly: unknown attributes
 * are refused.
 *
 * Addresses are NLA_BE32 (network byte order); everything else is host
 * order. Times are CLOCK_REALTIME in nanoseconds.
 *
 * CGNAT_CMD_GET_INSTANCES (dump, no request attributes)
 * -----------------------------------------------------
 * One message per instance. An instance is one distinct target
 * configuration in the namespace; identical rules share one instance.
 *
 *    CGNAT_A_INSTANCE_ID: NLA_U32, unique in the namespace, never reused
 *    CGNAT_A_MODE: NLA_U32, enum cgnat_mode (linux/netfilter/xt_CGNAT.h)
 *    CGNAT_A_INSIDE_FIRST, CGNAT_A_INSIDE_LAST: NLA_BE32 (PBA: only when
 *                                               restricted by --inside)
 *    CGNAT_A_OUTSIDE_FIRST, CGNAT_A_OUTSIDE_LAST: NLA_BE32
 *    CGNAT_A_PORT_MIN, CGNAT_A_PORT_MAX: NLA_U16
 *    CGNAT_A_PORTS_PER_SUBSCRIBER: NLA_U32 (deterministic)
 *    CGNAT_A_SUBSCRIBERS_PER_ADDRESS: NLA_U32 (deterministic)
 *    CGNAT_A_BLOCK_SIZE, CGNAT_A_MAX_BLOCKS: NLA_U16 (PBA)
 *    CGNAT_A_QUARANTINE: NLA_U32, seconds (PBA)
 *    CGNAT_A_THRESHOLD: NLA_U8, percent (PBA)
 *    CGNAT_A_CREATED_NS: NLA_U64, when the configuration came into force
 *    CGNAT_A_STATS: NLA_NESTED, counters since then (enum cgnat_stat_attr)
 *
 * CGNAT_CMD_GET_BLOCKS (dump)
 * ---------------------------
 * Every live port block of every PBA instance: what a listener dumps to
 * resynchronise after losing events. Optional request filters:
 *    CGNAT_A_SUBSCRIBER: NLA_BE32, only this subscriber's blocks
 *    CGNAT_A_PUBLIC: NLA_BE32, only blocks on this public address
 * One message per block:
 *    CGNAT_A_INSTANCE_ID, CGNAT_A_SUBSCRIBER, CGNAT_A_PUBLIC,
 *    CGNAT_A_PORT_FIRST, CGNAT_A_PORT_LAST: NLA_U16,
 *    CGNAT_A_ALLOC_NS: NLA_U64, when the block was allocated,
 *    CGNAT_A_CONNECTIONS: NLA_U32, connections using it now,
 *    CGNAT_A_SEQ: NLA_U64, the namespace's event sequence number when the
 *                 message was built: every event with a lower number is
 *                 reflected in the dump.
 *
 * CGNAT_CMD_GET_POOL (dump, no request attributes)
 * ------------------------------------------------
 * One message per public address of every PBA instance:
 *    CGNAT_A_INSTANCE_ID, CGNAT_A_PUBLIC,
 *    CGNAT_A_BLOCKS_TOTAL, CGNAT_A_BLOCKS_USED (active),
 *    CGNAT_A_BLOCKS_QUARANTINED, CGNAT_A_SUBSCRIBERS: NLA_U32,
 *    CGNAT_A_THRESHOLD: NLA_U8 (the instance's threshold, percent)
 *
 * CGNAT_CMD_GET_STATS (do, no request attributes)
 * -----------------------------------------------
 * The namespace's event counters:
 *    CGNAT_A_SEQ: NLA_U64, the last sequence number given to an event
 *    CGNAT_A_STATS: NLA_NESTED with CGNAT_STAT_EVENTS_SENT and
 *                   CGNAT_STAT_EVENTS_FAILED (events the kernel could not
 *                   build or deliver to every listener, ENOBUFS included)
 * Per-instance counters are in CGNAT_CMD_GET_INSTANCES.
 *
 * CGNAT_CMD_LOOKUP (do)
 * ---------------------
 * Request: CGNAT_A_PUBLIC (NLA_BE32) and CGNAT_A_PORT (NLA_U16), both
 * required. Reply: the live block holding that port, as in GET_BLOCKS, or
 * ENOENT (extack says why) when no PBA block holds it now.
 *
 * CGNAT_CMD_EVENT (multicast on "events")
 * ---------------------------------------
 * Every event carries:
 *    CGNAT_A_EVENT: NLA_U8, enum cgnat_event_type
 *    CGNAT_A_SEQ: NLA_U64, per namespace, starting at 1, +1 per event with
 *                 no gaps; a gap seen by a listener means events were lost
 *                 (then dump GET_BLOCKS). The numbering lasts as long as the
 *                 namespace; it restarts at 1 only when the module is
 *                 loaded again (a listener then sees a lower number).
 *    CGNAT_A_TIMESTAMP_NS: NLA_U64
 *    CGNAT_A_INSTANCE_ID: NLA_U32, the rule's instance (IPFIX natPoolId)
 * and by type:
 *    CGNAT_EVENT_BLOCK_ALLOC, CGNAT_EVENT_BLOCK_RELEASE: CGNAT_A_SUBSCRIBER,
 *        CGNAT_A_PUBLIC, CGNAT_A_PORT_FIRST, CGNAT_A_PORT_LAST,
 *        CGNAT_A_ALLOC_NS (release: when the block had been allocated)
 *    CGNAT_EVENT_QUOTA_EXCEEDED: CGNAT_A_SUBSCRIBER, CGNAT_A_PUBLIC,
 *        CGNAT_A_MAX_BLOCKS; at most one per subscriber per second
 *    CGNAT_EVENT_PORTS_EXHAUSTED: CGNAT_A_SUBSCRIBER, CGNAT_A_PUBLIC: the
 *        subscriber's public address has no free block (paired pooling
 *        keeps it there); at most one per second per instance
 *    CGNAT_EVENT_ADDRESSES_EXHAUSTED: CGNAT_A_SUBSCRIBER: no public address
 *        has a free block for a new subscriber; at most one per second
 *    CGNAT_EVENT_THRESHOLD: CGNAT_A_PUBLIC, CGNAT_A_BLOCKS_USED,
 *        CGNAT_A_BLOCKS_TOTAL, CGNAT_A_THRESHOLD: an address's use rose to
 *        the threshold (sent again only after it fell below)
 *    CGNAT_EVENT_CONFIG_ADD, CGNAT_EVENT_CONFIG_DEL: the instance
 *        attributes of GET_INSTANCES without statistics: a configuration
 *        came into force or ended. For deterministic rules these events are
 *        the whole log a lookup at a past time needs.
 */
#ifndef _UAPI_LINUX_CGNAT_H
#define _UAPI_LINUX_CGNAT_H

#define CGNAT_GENL_NAME		"cgnat"
#define CGNAT_GENL_VERSION	1
#define CGNAT_GENL_MCGRP_EVENTS	"events"

enum cgnat_cmd {
	CGNAT_CMD_UNSPEC,
	CGNAT_CMD_GET_INSTANCES,
	CGNAT_CMD_GET_BLOCKS,
	CGNAT_CMD_GET_POOL,
	CGNAT_CMD_GET_STATS,
	CGNAT_CMD_LOOKUP,
	CGNAT_CMD_EVENT,
	__CGNAT_CMD_MAX
};

#define CGNAT_CMD_MAX (__CGNAT_CMD_MAX - 1)

enum cgnat_event_type {
	CGNAT_EVENT_UNSPEC,
	CGNAT_EVENT_BLOCK_ALLOC,
	CGNAT_EVENT_BLOCK_RELEASE,
	CGNAT_EVENT_QUOTA_EXCEEDED,
	CGNAT_EVENT_PORTS_EXHAUSTED,
	CGNAT_EVENT_ADDRESSES_EXHAUSTED,
	CGNAT_EVENT_THRESHOLD,
	CGNAT_EVENT_CONFIG_ADD,
	CGNAT_EVENT_CONFIG_DEL,
	__CGNAT_EVENT_MAX
};

#define CGNAT_EVENT_MAX (__CGNAT_EVENT_MAX - 1)

enum cgnat_attr {
	CGNAT_A_UNSPEC,
	CGNAT_A_PAD,
	CGNAT_A_INSTANCE_ID,
	CGNAT_A_MODE,
	CGNAT_A_INSIDE_FIRST,
	CGNAT_A_INSIDE_LAST,
	CGNAT_A_OUTSIDE_FIRST,
	CGNAT_A_OUTSIDE_LAST,
	CGNAT_A_PORT_MIN,
	CGNAT_A_PORT_MAX,
	CGNAT_A_PORTS_PER_SUBSCRIBER,
	CGNAT_A_SUBSCRIBERS_PER_ADDRESS,
	CGNAT_A_CREATED_NS,
	CGNAT_A_STATS,
	CGNAT_A_BLOCK_SIZE,
	CGNAT_A_MAX_BLOCKS,
	CGNAT_A_QUARANTINE,
	CGNAT_A_THRESHOLD,
	CGNAT_A_SUBSCRIBER,
	CGNAT_A_PUBLIC,
	CGNAT_A_PORT,
	CGNAT_A_PORT_FIRST,
	CGNAT_A_PORT_LAST,
	CGNAT_A_ALLOC_NS,
	CGNAT_A_CONNECTIONS,
	CGNAT_A_SEQ,
	CGNAT_A_EVENT,
	CGNAT_A_TIMESTAMP_NS,
	CGNAT_A_BLOCKS_TOTAL,
	CGNAT_A_BLOCKS_USED,
	CGNAT_A_BLOCKS_QUARANTINED,
	CGNAT_A_SUBSCRIBERS,
	__CGNAT_A_MAX
};

#define CGNAT_A_MAX (__CGNAT_A_MAX - 1)

/*
 * Counters. Connections are counted when they are translated (created)
 * and, for PBA, when conntrack forgets them (destroyed); created minus
 * destroyed is what is alive.
 */
enum cgnat_stat_attr {
	CGNAT_STAT_UNSPEC,
	CGNAT_STAT_PAD,
	CGNAT_STAT_TRANSLATED,		/* NLA_U64: all connections translated */
	CGNAT_STAT_DROP_EXHAUSTED,	/* NLA_U64: no free port or block */
	CGNAT_STAT_DROP_NOT_INSIDE,	/* NLA_U64: source not in --inside */
	CGNAT_STAT_DROP_PROTO,		/* NLA_U64: protocol without ports */
	CGNAT_STAT_DROP_QUOTA,		/* NLA_U64: PBA, subscriber at --max-blocks */
	CGNAT_STAT_CREATED_TCP,		/* NLA_U64 */
	CGNAT_STAT_CREATED_UDP,		/* NLA_U64 */
	CGNAT_STAT_CREATED_ICMP,	/* NLA_U64 */
	CGNAT_STAT_CREATED_OTHER,	/* NLA_U64: UDP-Lite, SCTP, DCCP */
	CGNAT_STAT_DESTROYED_TCP,	/* NLA_U64: PBA only */
	CGNAT_STAT_DESTROYED_UDP,	/* NLA_U64 */
	CGNAT_STAT_DESTROYED_ICMP,	/* NLA_U64 */
	CGNAT_STAT_DESTROYED_OTHER,	/* NLA_U64 */
	CGNAT_STAT_UNTRACKED,		/* NLA_U64: PBA connections that already
					 * had a conntrack helper (FTP, SIP):
					 * not counted in their block
					 */
	CGNAT_STAT_BLOCKS_ALLOCATED,	/* NLA_U64 */
	CGNAT_STAT_BLOCKS_RELEASED,	/* NLA_U64 */
	CGNAT_STAT_SUBSCRIBERS,		/* NLA_U64: PBA, holding blocks now */
	CGNAT_STAT_BLOCKS_ACTIVE,	/* NLA_U64: PBA, now */
	CGNAT_STAT_BLOCKS_QUARANTINED,	/* NLA_U64: PBA, now */
	CGNAT_STAT_EVENTS_SENT,		/* NLA_U64: GET_STATS only */
	CGNAT_STAT_EVENTS_FAILED,	/* NLA_U64: GET_STATS only */
	__CGNAT_STAT_MAX
};

#define CGNAT_STAT_MAX (__CGNAT_STAT_MAX - 1)

#endif /* _UAPI_LINUX_CGNAT_H */
