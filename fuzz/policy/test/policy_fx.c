// SPDX-License-Identifier: MIT
/* policy_fx.c - the policy judge's test fixture; see policy_fx.h. */
#include <string.h>

#include <pagefuzz/vocab.h>
#include "fuzz/policy/rules.h"
#include "oracle/test/oracle_maps.h"
#include "tests/testlib.h"
#include "policy_fx.h"

const unsigned long zstart[4] = { 0, 0x40, 0x100, 0 };
const unsigned long zsize[4] = { 0x40, 0xc0, 0x200, 0 };

void fx_init(struct fx *x, unsigned int high, unsigned int batch)
{
	unsigned long managed[4] = { 0x40, 0xc0, 0x200, 0 };
	int z, cpu;

	memset(x, 0, sizeof(*x));
	x->orc = movable_map(0x300, 0, false);
	x->cfg.max_order = 4;
	x->cfg.pageblock_order = 2;
	x->cfg.nr_cpus = 2;
	x->cfg.nr_nodes = 1;
	x->cfg.pcp_high = high;
	x->cfg.pcp_batch = batch;
	x->cfg.min_free_kbytes = 256;
	x->cfg.mobility = true;
	x->cfg.check_every = 1;
	x->f.orc = x->orc;
	x->f.min_free_kbytes = 256;
	for (z = 0; z < 4; z++) {
		struct port_zone_policy *zp = &x->f.zone[z];

		zp->start_pfn = zstart[z];
		zp->spanned = zp->present = zp->managed = zsize[z];
		pol_setup_per_zone_wmarks(256, managed[z], 0x300, zp->wmark);
		pol_setup_per_zone_lowmem_reserve(managed, z, zp->lowmem_reserve);
		zp->nr_free[4][POL_MOVABLE] = zsize[z] / 16;
		for (cpu = 0; cpu < 2; cpu++) {
			x->f.pcp[z][cpu].high = zsize[z] ? high : 0;
			x->f.pcp[z][cpu].batch = zsize[z] ? batch : 1;
		}
	}
}

void fx_create(struct fx *x)
{
	x->pol = policy_create(&x->cfg, &fake_port_ops, &x->f, x->orc, 0x400);
	EXPECT_TRUE(x->pol != NULL);
}

void fx_done(struct fx *x)
{
	policy_destroy(x->pol);
	oracle_destroy(x->orc);
}

const char *id_of(struct fx *x, bool ok)
{
	if (ok)
		return x->v.id ? "passed, but set an id" : "ok";
	return x->v.id ? x->v.id : "failed without an id";
}

const char *boot_id(struct fx *x)
{
	memset(&x->v, 0, sizeof(x->v));
	fx_create(x);
	return id_of(x, policy_boot(x->pol, &x->v));
}
