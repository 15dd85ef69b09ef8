// SPDX-License-Identifier: MIT
/*
 * declares_pcp.c - a port that declares level 3 (per-cpu lists) but has
 * no drain(): the harness must refuse it with a message naming what is
 * missing, before running anything (tests/CMakeLists.txt, ports/refuse-*).
 */
#include <stddef.h>
#include "port.h"

static void *dp_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	(void)cfg;
	(void)env;
	*err = PF_ENOMEM;
	return NULL;
}

static int dp_boot(void *port, const struct port_map *map)
{
	(void)port;
	(void)map;
	return PF_ENOMEM;
}

static void dp_destroy(void *port)
{
	(void)port;
}

static int dp_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
		    unsigned long *pfn)
{
	(void)port;
	(void)gfp;
	(void)order;
	(void)cpu;
	(void)nid;
	(void)pfn;
	return PF_ENOMEM;
}

static int dp_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	(void)port;
	(void)pfn;
	(void)order;
	(void)cpu;
	return PF_ENOENT;
}

const struct port_ops port_declares_pcp = {
	.name = "declares-pcp",
	.level = PORT_LEVEL_PCP,
	.caps = 0,
	.create = dp_create,
	.boot = dp_boot,
	.destroy = dp_destroy,
	.alloc = dp_alloc,
	.free = dp_free,
};
