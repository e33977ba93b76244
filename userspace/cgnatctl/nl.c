// SPDX-License-Identifier: GPL-2.0
/* Talking to the kernel's "cgnat" Generic Netlink family with libmnl. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/cgnat.h>
#include "instance.h"
#include "nl.h"

#define NL_BUF_SIZE 32768	/* a dump part always fits (MNL_SOCKET_DUMP_SIZE) */

struct ctl_nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t events_group;
	unsigned int seq;
	char buf[NL_BUF_SIZE];
};

static void parse_group(const struct nlattr *grp, struct ctl_nl *nl)
{
	const char *name = NULL;
	uint32_t id = 0;
	struct nlattr *a;

	mnl_attr_for_each_nested(a, grp) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
			id = mnl_attr_get_u32(a);
	}
	if (name && !strcmp(name, CGNAT_GENL_MCGRP_EVENTS))
		nl->events_group = id;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ctl_nl *nl = data;
	struct nlattr *attr, *grp;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			nl->family = mnl_attr_get_u16(attr);
		if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS)
			mnl_attr_for_each_nested(grp, attr)
				parse_group(grp, nl);
	}
	return MNL_CB_OK;
}

static struct nlmsghdr *request(struct ctl_nl *nl, uint16_t type,
				uint16_t flags, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = CGNAT_GENL_VERSION;
	return nlh;
}

/* Send @nlh and run @cb over every reply until the final ACK or DONE. */
int ctl_nl_talk(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	unsigned int portid = mnl_socket_get_portid(nl->sock);
	int ret;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ret = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run(nl->buf, ret, nlh->nlmsg_seq, portid, cb,
				 data);
	} while (ret == MNL_CB_OK);
	return ret < 0 ? -errno : 0;
}

struct ctl_nl *ctl_nl_open(const char **why)
{
	struct ctl_nl *nl = calloc(1, sizeof(*nl));
	struct nlmsghdr *nlh;
	int err;

	*why = "out of memory";
	if (!nl)
		return NULL;
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		*why = strerror(errno);
		goto fail;
	}
	nl->seq = time(NULL);
	nlh = request(nl, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, CGNAT_GENL_NAME);
	err = ctl_nl_talk(nl, nlh, family_cb, nl);
	if (err || !nl->family) {
		*why = "the xt_CGNAT module is not loaded (no Generic Netlink family \"cgnat\")";
		goto fail;
	}
	return nl;
fail:
	ctl_nl_close(nl);
	return NULL;
}

struct ctl_nl *ctl_nl_connect(void)
{
	const char *why;
	struct ctl_nl *nl = ctl_nl_open(&why);

	if (!nl)
		fprintf(stderr, "cgnatctl: %s\n", why);
	return nl;
}

struct mnl_socket *ctl_nl_socket(struct ctl_nl *nl)
{
	return nl->sock;
}

uint32_t ctl_nl_events_group(struct ctl_nl *nl)
{
	return nl->events_group;
}

char *ctl_nl_buf(struct ctl_nl *nl, size_t *len)
{
	*len = sizeof(nl->buf);
	return nl->buf;
}

void ctl_nl_close(struct ctl_nl *nl)
{
	if (nl && nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

struct nlmsghdr *ctl_nl_request(struct ctl_nl *nl, uint8_t cmd, bool dump)
{
	return request(nl, nl->family, dump ? NLM_F_DUMP : NLM_F_ACK, cmd);
}

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
	struct ctl_nl *nl;
	int err;

	snprintf(set->source, sizeof(set->source), "kernel");
	nl = ctl_nl_connect();
	if (!nl)
		return -ENOENT;
	err = ctl_nl_talk(nl, ctl_nl_request(nl, CGNAT_CMD_GET_INSTANCES, true),
			  instance_cb, set);
	ctl_nl_close(nl);
	ctl_nl_report(err, "dumping instances");
	return err;
}

void ctl_nl_report(int err, const char *what)
{
	if (err == -EPERM)
		fprintf(stderr, "cgnatctl: permission denied: CGNAT state and events need CAP_NET_ADMIN\n");
	else if (err)
		fprintf(stderr, "cgnatctl: %s: %s\n", what, strerror(-err));
}
