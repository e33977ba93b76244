/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNATCTL_CTL_H
#define CGNATCTL_CTL_H

#include <stdbool.h>
#include "instance.h"

struct ctl_opts {
	bool json;
	const char *rules;	/* iptables-save file instead of the kernel */
};

int ctl_lookup(const struct ctl_opts *o, const struct ctl_set *set,
	       const char *query);
int ctl_show(const struct ctl_opts *o, const struct ctl_set *set);

#endif
