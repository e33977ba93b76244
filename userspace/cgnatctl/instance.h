/* SPDX-License-Identifier: GPL-2.0 */
/* A CGNAT configuration as cgnatctl knows it: from the kernel or a file. */
#ifndef CGNATCTL_INSTANCE_H
#define CGNATCTL_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "det.h"

#include <linux/cgnat.h>

struct ctl_stats {
	uint64_t v[CGNAT_STAT_MAX + 1];	/* indexed by enum cgnat_stat_attr */
};

struct ctl_instance {
	uint32_t id;		/* kernel instance id, or rules-file line */
	uint32_t mode;
	uint32_t in_first, in_last, out_first, out_last;	/* host order */
	uint32_t port_min, port_max;
	uint32_t block_size, max_blocks, quarantine, threshold;	/* PBA */
	bool has_inside;
	uint64_t created_ns;	/* 0 when unknown (rules file) */
	bool has_stats;
	struct ctl_stats stats;
	struct cgnat_det det;
};

struct ctl_set {
	struct ctl_instance *v;
	size_t n;
	char source[300];	/* "kernel" or "rules FILE" */
	bool from_file;
};

/* Appends @inst after validating it; 0 or -errno with *why set. */
int ctl_set_add(struct ctl_set *set, const struct ctl_instance *inst,
		const char **why);
void ctl_set_free(struct ctl_set *set);

/* Fill @set from the kernel (netlink) or from iptables-save output. */
int ctl_nl_get_instances(struct ctl_set *set);
int ctl_rules_load(struct ctl_set *set, const char *path);

#endif
