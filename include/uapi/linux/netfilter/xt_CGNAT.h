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
#define __CGNAT_F_ALL		(CGNAT_F_PORTS)

#define CGNAT_PORT_MIN_DEFAULT	1024
#define CGNAT_PORT_MAX_DEFAULT	65535

struct xt_cgnat_tginfo {
	__u32	mode;		/* enum cgnat_mode */
	__u32	flags;		/* CGNAT_F_* */
	__be32	inside_first;
	__be32	inside_last;
	__be32	outside_first;
	__be32	outside_last;
	__u16	port_min;
	__u16	port_max;
	__u32	reserved[8];

	/* Kernel-private, not copied to userspace (usersize). */
	__aligned_u64	priv;
};

#endif /* _UAPI_XT_CGNAT_H */
