/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * cgnat: the Generic Netlink API of the xt_CGNAT module.
 *
 * Family name "cgnat" (CGNAT_GENL_NAME), version CGNAT_GENL_VERSION.
 * State is per network namespace: a request is answered from the namespace
 * of the socket that sent it. Every command needs CAP_NET_ADMIN in the user
 * namespace that owns that network namespace; others get EPERM.
 *
 * CGNAT_CMD_GET_INSTANCES
 * -----------------------
 * Dump only (NLM_F_DUMP). The request carries no attributes. The reply is
 * one message per configured CGNAT instance. An instance is one distinct
 * target configuration; identical rules share one instance, so a rule that
 * appears in several chains is listed once. Each message holds:
 *
 *    CGNAT_A_INSTANCE_ID: NLA_U32, stable for the instance's lifetime,
 *                         unique in the namespace, never reused
 *    CGNAT_A_MODE: NLA_U32, enum cgnat_mode (linux/netfilter/xt_CGNAT.h)
 *    CGNAT_A_INSIDE_FIRST, CGNAT_A_INSIDE_LAST: NLA_BE32 (IPv4 addresses)
 *    CGNAT_A_OUTSIDE_FIRST, CGNAT_A_OUTSIDE_LAST: NLA_BE32
 *    CGNAT_A_PORT_MIN, CGNAT_A_PORT_MAX: NLA_U16
 *    CGNAT_A_PORTS_PER_SUBSCRIBER: NLA_U32, size of each subscriber's range
 *    CGNAT_A_SUBSCRIBERS_PER_ADDRESS: NLA_U32, most subscribers on one
 *                                     public address
 *    CGNAT_A_CREATED_NS: NLA_U64, CLOCK_REALTIME in ns when the instance
 *                        (its configuration) came into force
 *    CGNAT_A_STATS: NLA_NESTED
 *        CGNAT_STAT_TRANSLATED: NLA_U64, connections translated
 *        CGNAT_STAT_DROP_EXHAUSTED: NLA_U64, new connections dropped because
 *                                   the subscriber's range had no free port
 *        CGNAT_STAT_DROP_NOT_INSIDE: NLA_U64, dropped: source not in the
 *                                    inside range
 *        CGNAT_STAT_DROP_PROTO: NLA_U64, dropped: protocol without ports or
 *                               ids (anything but TCP, UDP, UDP-Lite, SCTP,
 *                               DCCP, ICMP), which no lookup could explain
 *
 * The deterministic mapping itself is not sent: it is computed from these
 * attributes by the arithmetic in kmod/det.c, which the kernel and cgnatctl
 * share.
 *
 * Unknown attributes in requests are rejected (strict validation).
 */
#ifndef _UAPI_LINUX_CGNAT_H
#define _UAPI_LINUX_CGNAT_H

#define CGNAT_GENL_NAME		"cgnat"
#define CGNAT_GENL_VERSION	1

enum cgnat_cmd {
	CGNAT_CMD_UNSPEC,
	CGNAT_CMD_GET_INSTANCES,
	__CGNAT_CMD_MAX
};

#define CGNAT_CMD_MAX (__CGNAT_CMD_MAX - 1)

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
	__CGNAT_A_MAX
};

#define CGNAT_A_MAX (__CGNAT_A_MAX - 1)

enum cgnat_stat_attr {
	CGNAT_STAT_UNSPEC,
	CGNAT_STAT_PAD,
	CGNAT_STAT_TRANSLATED,
	CGNAT_STAT_DROP_EXHAUSTED,
	CGNAT_STAT_DROP_NOT_INSIDE,
	CGNAT_STAT_DROP_PROTO,
	__CGNAT_STAT_MAX
};

#define CGNAT_STAT_MAX (__CGNAT_STAT_MAX - 1)

#endif /* _UAPI_LINUX_CGNAT_H */
