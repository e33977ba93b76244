/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_GENL_H
#define _CGNAT_GENL_H

int cgnat_genl_init(void);
void cgnat_genl_exit(void);

#endif /* _CGNAT_GENL_H */
