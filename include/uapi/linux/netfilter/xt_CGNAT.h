/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Parameters of the xtables target CGNAT (nat table, POSTROUTING, IPv4).
 *
 * This structure is ABI: iptables writes it, the kernel validates it in
 * checkentry and iptables-save prints it back. Only fixed-width fields; any
 * change of layout needs a new .revision. Addresses are in network byte
 * order, ports and counts in host byte order.
 *
 * mode CGNAT_MODE_DETERMINISTIC (RFC 7422): every address in
 *   [inside_first, inside_last] owns one public address of
 *   [outside_first, outside_last] and one contiguous port range inside
 *   [port_min, port_max]; the mapping is a pure function of the
 *   configuration (see Documentation/deterministic.rst).
 *
 * mode CGNAT_MODE_PBA (port-block allocation): a subscriber gets blocks of
 *   block_size ports on one public address of [outside_first,
 *   outside_last] (paired pooling, RFC 6888 REQ-2), at most max_blocks of
 *   them (REQ-4). A block is released when its last connection is gone
 *   and rests quarantine seconds before anyone can have it again (REQ-8).
 *   threshold is the percentage of an address's blocks in use above which
 *   a threshold event is sent (0: never). [inside_first, inside_last]
 *   restricts the subscribers when CGNAT_F_INSIDE is set.
 *
 * Fields marked "reserved" must be zero; the kernel refuses anything else
 * so that later revisions can give them meaning.
 */
#ifndef _UAPI_XT_CGNAT_H
#define _UAPI_XT_CGNAT_H

#include <linux/types.h>

enum cgnat_mode {
	CGNAT_MODE_UNSPEC,
	CGNAT_MODE_DETERMINISTIC,
	CGNAT_MODE_PBA,
};

/* Flags: which optional fields the user gave. */
#define CGNAT_F_PORTS		(1U << 0)
#define CGNAT_F_INSIDE		(1U << 1)
#define CGNAT_F_BLOCK_SIZE	(1U << 2)
#define CGNAT_F_MAX_BLOCKS	(1U << 3)
#define CGNAT_F_QUARANTINE	(1U << 4)
#define CGNAT_F_THRESHOLD	(1U << 5)
#define __CGNAT_F_ALL		((1U << 6) - 1)

#define CGNAT_PORT_MIN_DEFAULT		1024
#define CGNAT_PORT_MAX_DEFAULT		65535
#define CGNAT_BLOCK_SIZE_DEFAULT	128
#define CGNAT_MAX_BLOCKS_DEFAULT	16
#define CGNAT_MAX_BLOCKS_LIMIT		64
#define CGNAT_QUARANTINE_DEFAULT	120
#define CGNAT_THRESHOLD_DEFAULT		90

struct xt_cgnat_tginfo {
	__u32	mode;		/* enum cgnat_mode */
	__u32	flags;		/* CGNAT_F_* */
	__be32	inside_first;
	__be32	inside_last;
	__be32	outside_first;
	__be32	outside_last;
	__u16	port_min;
	__u16	port_max;
	__u16	block_size;	/* PBA: ports per block */
	__u16	max_blocks;	/* PBA: blocks per subscriber */
	__u32	quarantine;	/* PBA: seconds */
	__u8	threshold;	/* PBA: percent, 0 = no threshold events */
	__u8	pad[3];		/* must be zero */
	__u32	reserved[5];

	/* Kernel-private, not copied to userspace (usersize). */
	__aligned_u64	priv;
};

#endif /* _UAPI_XT_CGNAT_H */
