/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_TRACK_H
#define _CGNAT_TRACK_H

#include <net/netfilter/nf_conntrack.h>
#include "instance.h"

int cgnat_track(struct nf_conn *ct, struct cgnat_instance *inst, u32 block);
void cgnat_track_settle(bool all);
int cgnat_track_init(void);
void cgnat_track_exit(void);

#endif /* _CGNAT_TRACK_H */
