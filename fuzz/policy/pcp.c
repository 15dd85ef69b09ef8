// SPDX-License-Identifier: MIT
/*
 * pcp.c (policy judge) - per-cpu list sizing and traffic, restated:
 * zone_batchsize(), zone_highsize() (v5.14-v6.6: the low watermark over
 * the node's cpus), nr_pcp_free() without free_factor, rmqueue_bulk()'s
 * block count and pcp_allowed_order().  Deviations: rules.h.
 */
#include "rules.h"

unsigned int pol_zone_batchsize(unsigned long managed)
{
	/* a quarter of a 1024th of the zone, at most 1 MiB / 4, then 2^n - 1 */
	unsigned long b = managed / 1024;
	unsigned long r = 1;

	if (b > 256)
		b = 256;
	b /= 4;
	if (b < 1)
		b = 1;
	b = b + b / 2;
	while (r <= b / 2)
		r <<= 1;
	return (unsigned int)(r > 1 ? r - 1 : 1);
}

unsigned int pol_zone_highsize(unsigned long low_wmark, unsigned int cpus_on_node,
			       unsigned int nr_cpus, unsigned int batch)
{
	unsigned long high = low_wmark / (cpus_on_node ? cpus_on_node : nr_cpus);
	unsigned long floor = 4UL * batch;

	return (unsigned int)(high > floor ? high : floor);
}

long pol_nr_pcp_free(unsigned int high, unsigned int batch)
{
	if (high < batch)
		return 1;
	/* clamp(batch, batch, high - batch) */
	return (long)(batch < high - batch ? batch : high - batch);
}

unsigned int pol_rmqueue_bulk_count(unsigned int batch, unsigned int order)
{
	unsigned int n = batch >> order;

	if (batch <= 1)
		return 1;
	return n > 2 ? n : 2;
}

bool pol_pcp_allowed_order(unsigned int order)
{
	return order <= POL_COSTLY_ORDER;
}
