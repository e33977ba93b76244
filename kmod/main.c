// SPDX-License-Identifier: GPL-2.0
/* xt_CGNAT: carrier-grade NAT inside conntrack. */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include "event.h"
#include "genl.h"
#include "target.h"
#include "track.h"

static int __init cgnat_init(void)
{
	int err;

	err = cgnat_event_init();
	if (err)
		goto err_event;
	err = cgnat_genl_init();
	if (err)
		goto err_genl;
	err = cgnat_track_init();
	if (err)
		goto err_track;
	err = cgnat_target_init();
	if (err)
		goto err_target;
	pr_info("loaded\n");
	return 0;

err_target:
	cgnat_track_exit();
err_track:
	cgnat_genl_exit();
err_genl:
	cgnat_event_exit();
err_event:
	return err;
}

static void __exit cgnat_exit(void)
{
	cgnat_target_exit();
	cgnat_track_exit();
	cgnat_genl_exit();
	cgnat_event_exit();
	rcu_barrier();	/* subscribers are freed by kfree_rcu() */
}

module_init(cgnat_init);
module_exit(cgnat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Carrier-grade NAT: deterministic NAT and port blocks");
MODULE_AUTHOR("The cgnat authors");
MODULE_ALIAS("ipt_CGNAT");
MODULE_ALIAS_GENL_FAMILY("cgnat");
