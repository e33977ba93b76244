// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "instance.h"

static bool same_config(const struct ctl_instance *a,
			const struct ctl_instance *b)
{
	return a->mode == b->mode && a->in_first == b->in_first &&
	       a->in_last == b->in_last && a->out_first == b->out_first &&
	       a->out_last == b->out_last && a->port_min == b->port_min &&
	       a->port_max == b->port_max && a->block_size == b->block_size &&
	       a->max_blocks == b->max_blocks &&
	       a->quarantine == b->quarantine && a->threshold == b->threshold;
}

/*
 * Same rule as the kernel: identical configurations are one instance,
 * overlapping public ranges are an error (a lookup would be ambiguous).
 */
int ctl_set_add(struct ctl_set *set, const struct ctl_instance *inst,
		const char **why)
{
	struct ctl_instance *v, copy = *inst;
	size_t i;

	if (inst->mode != CGNAT_MODE_DETERMINISTIC &&
	    inst->mode != CGNAT_MODE_PBA) {
		*why = "unsupported mode";
		return -EINVAL;
	}
	if (inst->mode == CGNAT_MODE_DETERMINISTIC &&
	    cgnat_det_init(&copy.det, inst->in_first, inst->in_last,
			   inst->out_first, inst->out_last, inst->port_min,
			   inst->port_max, why))
		return -EINVAL;
	for (i = 0; i < set->n; i++) {
		if (same_config(&set->v[i], inst))
			return 0;
		if (cgnat_det_ranges_overlap(set->v[i].out_first,
					     set->v[i].out_last,
					     inst->out_first, inst->out_last)) {
			*why = "--outside overlaps another CGNAT rule's";
			return -EEXIST;
		}
	}
	v = realloc(set->v, (set->n + 1) * sizeof(*v));
	if (!v) {
		*why = "out of memory";
		return -ENOMEM;
	}
	set->v = v;
	set->v[set->n++] = copy;
	return 0;
}

void ctl_set_free(struct ctl_set *set)
{
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
