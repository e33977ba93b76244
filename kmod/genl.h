/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_GENL_H
#define _CGNAT_GENL_H

#include <net/genetlink.h>

struct cgnat_instance;

int cgnat_genl_init(void);
void cgnat_genl_exit(void);
void *cgnat_genl_put(struct sk_buff *skb, u8 cmd);
bool cgnat_genl_has_listeners(struct net *net);
int cgnat_genl_multicast(struct net *net, struct sk_buff *skb);
int cgnat_put_instance_config(struct sk_buff *skb,
			      const struct cgnat_instance *inst);

#endif /* _CGNAT_GENL_H */
