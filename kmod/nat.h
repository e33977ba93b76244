/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_NAT_H
#define _CGNAT_NAT_H

#include <net/netfilter/nf_conntrack.h>
#include "instance.h"

unsigned int cgnat_det_nat(struct cgnat_instance *inst, struct nf_conn *ct);
unsigned int cgnat_pba_nat(struct cgnat_instance *inst, struct nf_conn *ct);

#endif /* _CGNAT_NAT_H */
