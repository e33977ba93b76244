/* SPDX-License-Identifier: GPL-2.0 */
/* Names of the kernel's events, as cgnatctl prints and cgnatd logs them. */
#ifndef CGNAT_NAMES_H
#define CGNAT_NAMES_H

#include <stdint.h>

/* "block-alloc", ... for enum cgnat_event_type; NULL if unknown */
const char *cgnat_event_name(unsigned int type);

#endif
