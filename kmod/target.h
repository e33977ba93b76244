/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CGNAT_TARGET_H
#define _CGNAT_TARGET_H

int cgnat_target_init(void);
void cgnat_target_exit(void);

#endif /* _CGNAT_TARGET_H */
