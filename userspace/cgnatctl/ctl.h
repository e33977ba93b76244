/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNATCTL_CTL_H
#define CGNATCTL_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "instance.h"

struct ctl_opts {
	bool json;
	const char *rules;	/* iptables-save file instead of the kernel */
	const char *subscriber;	/* blocks filter */
	const char *public;	/* blocks filter */
	long count;		/* monitor: stop after this many events */
	long timeout;		/* monitor: stop after this many seconds idle */
	const char *record;	/* monitor: also write raw messages here */
	const char *replay;	/* monitor: decode raw messages from here */
};

int ctl_lookup(const struct ctl_opts *o, const struct ctl_set *set,
	       const char *query);
int ctl_show(const struct ctl_opts *o, const struct ctl_set *set);
const char *ctl_mode_name(uint32_t mode);

int ctl_stats(const struct ctl_opts *o);
int ctl_pool(const struct ctl_opts *o);
int ctl_blocks(const struct ctl_opts *o);
int ctl_monitor(const struct ctl_opts *o);
/* print the live block holding PUBLIC:PORT; 0 found, 1 not, 2 error */
int ctl_lookup_live(const struct ctl_opts *o, uint32_t addr, uint16_t port);
/* print a subscriber's live blocks; 0 found, 1 not, 2 error */
int ctl_blocks_of(const struct ctl_opts *o, uint32_t subscriber);
int ctl_blocks_on(const struct ctl_opts *o, uint32_t public);
void ctl_format_time(char *buf, size_t len, uint64_t ns);

struct nlmsghdr;
struct nlattr;
/* attributes of a cgnat message, indexed by enum cgnat_attr */
int ctl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb);
uint64_t ctl_u64(const struct nlattr **tb, int type);
uint32_t ctl_u32(const struct nlattr **tb, int type);
uint16_t ctl_u16(const struct nlattr **tb, int type);
uint32_t ctl_addr(const struct nlattr **tb, int type);	/* host order */
void ctl_print_block(const struct ctl_opts *o, const struct nlattr **tb,
		     bool first);

#endif
