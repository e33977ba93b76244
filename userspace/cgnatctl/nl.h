/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNATCTL_NL_H
#define CGNATCTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct ctl_nl;

struct ctl_nl *ctl_nl_open(const char **why);
void ctl_nl_close(struct ctl_nl *nl);
struct nlmsghdr *ctl_nl_request(struct ctl_nl *nl, uint8_t cmd, bool dump);
int ctl_nl_talk(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data);

#endif
