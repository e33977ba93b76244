/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNATCTL_NL_H
#define CGNATCTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct ctl_nl;

struct ctl_nl *ctl_nl_open(const char **why);
/* ctl_nl_open() that prints why it failed */
struct ctl_nl *ctl_nl_connect(void);
void ctl_nl_close(struct ctl_nl *nl);
struct nlmsghdr *ctl_nl_request(struct ctl_nl *nl, uint8_t cmd, bool dump);
int ctl_nl_talk(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data);
struct mnl_socket *ctl_nl_socket(struct ctl_nl *nl);
uint32_t ctl_nl_events_group(struct ctl_nl *nl);
char *ctl_nl_buf(struct ctl_nl *nl, size_t *len);
/* print a readable message for a failed request (EPERM explained) */
void ctl_nl_report(int err, const char *what);

#endif
