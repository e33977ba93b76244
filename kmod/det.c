// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Deterministic mapping (RFC 7422).
 *
 * Subscriber number i (its offset in the inside range, 0..N_in-1) lives on
 * public address number a(i) = floor(i * N_out / N_in). That spreads the
 * subscribers evenly: every address carries floor or ceil of N_in / N_out
 * of them, and with more outside than inside addresses each subscriber has
 * an address of its own, spaced evenly over the outside range. The first
 * subscriber on address a is first(a) = ceil(a * N_in / N_out); the slot of
 * i on its address is i - first(a(i)). Every subscriber gets the same
 * number of ports, floor(N_ports / ceil(N_in / N_out)), so no subscriber is
 * worse off than another, and slot s owns ports
 * [port_min + s * size, port_min + (s + 1) * size - 1].
 *
 * Unlike VPP det44 this needs no power-of-two range sizes, and unlike a
 * plain "ratio" formula it never leaves the last outside addresses empty
 * while others carry an extra subscriber. Products fit in 64 bits: i and a
 * are below 2^32 and the counts at most 2^32.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/math64.h>
#else
#include <errno.h>
#include <stddef.h>
#define div64_u64(a, b) ((a) / (b))
#endif
#include "det.h"

static u64 ceil_div(u64 n, u64 d)
{
	return div64_u64(n + d - 1, d);
}

/* first subscriber offset on address number a, for 0 <= a <= out_count */
static u64 det_first_sub(const struct cgnat_det *d, u64 a)
{
	if (a >= d->out_count)
		return d->in_count;
	return ceil_div(a * d->in_count, d->out_count);
}

int cgnat_det_init(struct cgnat_det *d, u32 in_first, u32 in_last,
		   u32 out_first, u32 out_last, u32 port_min, u32 port_max,
		   const char **why)
{
	static const char *dummy;
	u64 spa;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (in_first > in_last) {
		*why = "inside range is inverted (first address above last)";
		return -EINVAL;
	}
	if (out_first > out_last) {
		*why = "outside range is inverted (first address above last)";
		return -EINVAL;
	}
	if (port_min < 1 || port_max > 65535 || port_min > port_max) {
		*why = "port range must lie within 1-65535 with first <= last";
		return -EINVAL;
	}
	d->in_first = in_first;
	d->out_first = out_first;
	d->in_count = (u64)in_last - in_first + 1;
	d->out_count = (u64)out_last - out_first + 1;
	d->port_min = port_min;
	d->port_count = port_max - port_min + 1;
	spa = ceil_div(d->in_count, d->out_count);
	if (spa > d->port_count) {
		*why = "too few public addresses and ports: a subscriber would get no port";
		return -ERANGE;
	}
	d->subs_per_addr = spa;
	d->ports_per_sub = d->port_count / d->subs_per_addr;
	return 0;
}

bool cgnat_det_forward(const struct cgnat_det *d, u32 inside,
		       struct cgnat_det_map *map)
{
	u64 i = (u64)inside - d->in_first;
	u64 a, slot;

	if (inside < d->in_first || i >= d->in_count)
		return false;
	a = div64_u64(i * d->out_count, d->in_count);
	slot = i - det_first_sub(d, a);
	map->addr = d->out_first + (u32)a;
	map->port_first = d->port_min + (u32)slot * d->ports_per_sub;
	map->port_last = map->port_first + d->ports_per_sub - 1;
	return true;
}

bool cgnat_det_reverse(const struct cgnat_det *d, u32 outside, u32 port,
		       u32 *inside)
{
	u64 a = (u64)outside - d->out_first;
	u64 slot, i;

	if (outside < d->out_first || a >= d->out_count)
		return false;
	if (port < d->port_min || port - d->port_min >= d->port_count)
		return false;
	slot = (port - d->port_min) / d->ports_per_sub;
	i = det_first_sub(d, a) + slot;
	if (slot >= d->subs_per_addr || i >= det_first_sub(d, a + 1))
		return false;
	*inside = d->in_first + (u32)i;
	return true;
}

bool cgnat_det_ranges_overlap(u32 a_first, u32 a_last, u32 b_first,
			      u32 b_last)
{
	return a_first <= b_last && b_first <= a_last;
}
