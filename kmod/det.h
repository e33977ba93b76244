/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Deterministic CGNAT arithmetic (RFC 7422): pure functions of the
 * configuration, with no skb or conntrack types, compiled into the kernel
 * module, the KUnit suite, cgnatctl and the iptables plugin alike.
 * Addresses are host byte order here.
 */
#ifndef _CGNAT_DET_H
#define _CGNAT_DET_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <linux/types.h>
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
#endif

struct cgnat_det {
	u32 in_first;
	u32 out_first;
	u64 in_count;		/* up to 2^32 */
	u64 out_count;
	u32 port_min;
	u32 port_count;
	u32 subs_per_addr;	/* most subscribers sharing one address */
	u32 ports_per_sub;	/* size of every subscriber's range */
};

struct cgnat_det_map {
	u32 addr;		/* public address */
	u32 port_first;
	u32 port_last;
};

int cgnat_det_init(struct cgnat_det *d, u32 in_first, u32 in_last,
		   u32 out_first, u32 out_last, u32 port_min, u32 port_max,
		   const char **why);
bool cgnat_det_forward(const struct cgnat_det *d, u32 inside,
		       struct cgnat_det_map *map);
bool cgnat_det_reverse(const struct cgnat_det *d, u32 outside, u32 port,
		       u32 *inside);
bool cgnat_det_ranges_overlap(u32 a_first, u32 a_last, u32 b_first,
			      u32 b_last);

#endif /* _CGNAT_DET_H */
