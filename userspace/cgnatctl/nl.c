// SPDX-License-Identifier: GPL-2.0
/* cgnatctl: the kernel's instances, read with the shared netlink helpers. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/cgnat.h>
#include "instance.h"
#include "cgnl.h"

static void parse_stats(const struct nlattr *nest, struct ctl_stats *s)
{
	struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) <= CGNAT_STAT_MAX &&
		    mnl_attr_get_payload_len(attr) == sizeof(uint64_t))
			s->v[mnl_attr_get_type(attr)] = mnl_attr_get_u64(attr);
}

static void parse_instance_attr(const struct nlattr *attr,
				struct ctl_instance *in)
{
	switch (mnl_attr_get_type(attr)) {
	case CGNAT_A_INSTANCE_ID:
		in->id = mnl_attr_get_u32(attr);
		break;
	case CGNAT_A_MODE:
		in->mode = mnl_attr_get_u32(attr);
		break;
	case CGNAT_A_INSIDE_FIRST:
		in->in_first = ntohl(mnl_attr_get_u32(attr));
		in->has_inside = true;
		break;
	case CGNAT_A_INSIDE_LAST:
		in->in_last = ntohl(mnl_attr_get_u32(attr));
		break;
	case CGNAT_A_OUTSIDE_FIRST:
		in->out_first = ntohl(mnl_attr_get_u32(attr));
		break;
	case CGNAT_A_OUTSIDE_LAST:
		in->out_last = ntohl(mnl_attr_get_u32(attr));
		break;
	case CGNAT_A_PORT_MIN:
		in->port_min = mnl_attr_get_u16(attr);
		break;
	case CGNAT_A_PORT_MAX:
		in->port_max = mnl_attr_get_u16(attr);
		break;
	case CGNAT_A_CREATED_NS:
		in->created_ns = mnl_attr_get_u64(attr);
		break;
	case CGNAT_A_BLOCK_SIZE:
		in->block_size = mnl_attr_get_u16(attr);
		break;
	case CGNAT_A_MAX_BLOCKS:
		in->max_blocks = mnl_attr_get_u16(attr);
		break;
	case CGNAT_A_QUARANTINE:
		in->quarantine = mnl_attr_get_u32(attr);
		break;
	case CGNAT_A_THRESHOLD:
		in->threshold = mnl_attr_get_u8(attr);
		break;
	case CGNAT_A_STATS:
		in->has_stats = true;
		parse_stats(attr, &in->stats);
		break;
	}
}

static int instance_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctl_set *set = data;
	struct ctl_instance in = { 0 };
	struct nlattr *attr;
	const char *why;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		parse_instance_attr(attr, &in);
	if (ctl_set_add(set, &in, &why)) {
		fprintf(stderr, "cgnatctl: kernel instance %u: %s\n", in.id,
			why);
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int ctl_nl_get_instances(struct ctl_set *set)
{
	struct cgnl *nl;
	int err;

	snprintf(set->source, sizeof(set->source), "kernel");
	nl = cgnl_connect();
	if (!nl)
		return -ENOENT;
	err = cgnl_talk(nl, cgnl_request(nl, CGNAT_CMD_GET_INSTANCES, true),
			  instance_cb, set);
	cgnl_close(nl);
	cgnl_report(err, "dumping instances");
	return err;
}
