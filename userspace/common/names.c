// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <linux/cgnat.h>
#include "names.h"

static const char *const names[] = {
	[CGNAT_EVENT_BLOCK_ALLOC] = "block-alloc",
	[CGNAT_EVENT_BLOCK_RELEASE] = "block-release",
	[CGNAT_EVENT_QUOTA_EXCEEDED] = "quota-exceeded",
	[CGNAT_EVENT_PORTS_EXHAUSTED] = "ports-exhausted",
	[CGNAT_EVENT_ADDRESSES_EXHAUSTED] = "addresses-exhausted",
	[CGNAT_EVENT_THRESHOLD] = "threshold",
	[CGNAT_EVENT_CONFIG_ADD] = "config-add",
	[CGNAT_EVENT_CONFIG_DEL] = "config-del",
};

const char *cgnat_event_name(unsigned int type)
{
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}
