// SPDX-License-Identifier: GPL-2.0
/* xt_CGNAT: carrier-grade NAT inside conntrack. */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include "genl.h"
#include "target.h"

static int __init cgnat_init(void)
{
	int err;

	err = cgnat_genl_init();
	if (err)
		goto err_genl;
	err = cgnat_target_init();
	if (err)
		goto err_target;
	pr_info("loaded\n");
	return 0;

err_target:
	cgnat_genl_exit();
err_genl:
	return err;
}

static void __exit cgnat_exit(void)
{
	cgnat_target_exit();
	cgnat_genl_exit();
	rcu_barrier();	/* instances are freed by call_rcu() */
}

module_init(cgnat_init);
module_exit(cgnat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Carrier-grade NAT: deterministic NAT and port blocks");
MODULE_AUTHOR("The cgnat authors");
MODULE_ALIAS("ipt_CGNAT");
MODULE_ALIAS_GENL_FAMILY("cgnat");
