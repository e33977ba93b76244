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
#include "cgnl.h"

#define NL_BUF_SIZE 32768	/* a dump part always fits (MNL_SOCKET_DUMP_SIZE) */

struct cgnl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t events_group;
	unsigned int seq;
	char buf[NL_BUF_SIZE];
};

static void parse_group(const struct nlattr *grp, struct cgnl *nl)
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
	struct cgnl *nl = data;
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

static struct nlmsghdr *request(struct cgnl *nl, uint16_t type,
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
int cgnl_talk(struct cgnl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
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

struct cgnl *cgnl_open(const char **why)
{
	struct cgnl *nl = calloc(1, sizeof(*nl));
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
	err = cgnl_talk(nl, nlh, family_cb, nl);
	if (err || !nl->family) {
		*why = "the xt_CGNAT module is not loaded (no Generic Netlink family \"cgnat\")";
		goto fail;
	}
	return nl;
fail:
	cgnl_close(nl);
	return NULL;
}

struct cgnl *cgnl_connect(void)
{
	const char *why;
	struct cgnl *nl = cgnl_open(&why);

	if (!nl)
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
	return nl;
}

struct mnl_socket *cgnl_socket(struct cgnl *nl)
{
	return nl->sock;
}

uint32_t cgnl_events_group(struct cgnl *nl)
{
	return nl->events_group;
}

char *cgnl_buf(struct cgnl *nl, size_t *len)
{
	*len = sizeof(nl->buf);
	return nl->buf;
}

void cgnl_close(struct cgnl *nl)
{
	if (nl && nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

struct nlmsghdr *cgnl_request(struct cgnl *nl, uint8_t cmd, bool dump)
{
	return request(nl, nl->family, dump ? NLM_F_DUMP : NLM_F_ACK, cmd);
}


void cgnl_report(int err, const char *what)
{
	if (err == -EPERM)
		fprintf(stderr, "%s: permission denied: CGNAT state and events need CAP_NET_ADMIN\n",
			program_invocation_short_name);
	else if (err)
		fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what,
			strerror(-err));
}
