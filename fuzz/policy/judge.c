// SPDX-License-Identifier: MIT
/*
 * judge.c (policy judge) - boot values and per-op decisions: what Linux
 * would have done, from the state census.c checked, against what the
 * port did.  It reaches the port only through port_ops.policy (and the
 * oracle for zones, nodes and free pages); it never calls alloc/.
 *
 * Ids: policy.min_free_kbytes, policy.wmark, policy.lowmem_reserve,
 * policy.pcp_high, policy.pcp_batch (boot and every re-read);
 * policy.alloc_should_succeed, policy.alloc_should_fail, policy.alloc_zone,
 * policy.alloc_block (not the block Linux takes: predict.c),
 * policy.fail_undrained, policy.fail_highatomic_kept, policy.fail_changed_state,
 * policy.highatomic_unreserve (after the drain: judge_drained_success()),
 * policy.pageblock_type, policy.highatomic_reserve, policy.pcp_alloc,
 * policy.pcp_refill, policy.pcp_free, policy.pcp_free_list, policy.drain; census.c, dump.c,
 * isolate.c and judge_compact.c (the `compact` op, direct compaction) add
 * theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "judge_internal.h"

static const char *const zone_names[POL_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
static const char *const pass_names[] = { "fast path", "slow path", "memory reserves",
					  "after the drain", "nowhere" };

bool pol_fail(struct policy_verdict *v, const char *id, unsigned long pfn, const char *fmt, ...)
{
	va_list ap;

	v->id = id;
	v->pfn = pfn;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	return false;
}

struct policy *policy_create(const struct scn_config *cfg, const struct port_ops *port,
			     void *instance, const struct oracle *orc, unsigned long end_pfn)
{
	struct policy *pol;

	if (!(port->caps & PORT_CAP_LINUX_POLICY) || !port->policy || !port->policy->zone ||
	    !port->policy->pcp || !port->policy->block || !port->policy->min_free_kbytes ||
	    !port->policy->list_head)
		return NULL;
	pol = calloc(1, sizeof(*pol));
	if (!pol)
		return NULL;
	pol->m.zones = calloc(cfg->nr_nodes ? cfg->nr_nodes : 1, sizeof(*pol->m.zones));
	if (!pol->m.zones) {
		free(pol);
		return NULL;
	}
	pol->cfg = cfg;
	pol->port = port;
	pol->ops = port->policy;
	pol->p = instance;
	pol->orc = orc;
	pol->end_pfn = end_pfn;
	return pol;
}

void policy_destroy(struct policy *pol)
{
	if (pol) {
		pol_compact_free(pol);
		free(pol->walk);
		free(pol->iso);
		free(pol->m.zones);
	}
	free(pol);
}

/* The judge's own boot values, from the config and the oracle's zone sizes. */
static void derive_boot_values(struct policy *pol)
{
	struct pol_machine *m = &pol->m;
	const struct scn_config *cfg = pol->cfg;
	unsigned long all = 0, lowmem = 0, managed[POL_NR_ZONES];
	unsigned int cpu, cpus_on_node;
	int nid, zt;

	m->nr_nodes = cfg->nr_nodes;
	m->nr_cpus = cfg->nr_cpus;
	m->max_order = cfg->max_order;
	m->pageblock_order = cfg->pageblock_order;
	m->pageblock_nr_pages = 1UL << cfg->pageblock_order;
	memcpy(m->distance, cfg->distance, sizeof(m->distance));
	for (nid = 0; nid < (int)m->nr_nodes; nid++) {
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			struct pol_zone *z = &m->zones[nid][zt];

			z->nid = nid;
			z->idx = zt;
			z->managed = oracle_managed_pages(pol->orc, nid, zt);
			z->present = oracle_present_pages(pol->orc, nid, zt);
			all += z->managed;
			if (zt <= POL_NORMAL)
				lowmem += z->managed;
		}
	}
	/* build_all_zonelists(): too little memory to group by mobility */
	m->mobility_disabled = !cfg->mobility || all < m->pageblock_nr_pages * POL_MTS;
	m->min_free_kbytes = cfg->min_free_auto ? pol_calculate_min_free_kbytes(lowmem) :
			     cfg->min_free_kbytes;
	for (nid = 0; nid < (int)m->nr_nodes; nid++) {
		for (zt = 0; zt < POL_NR_ZONES; zt++)
			managed[zt] = m->zones[nid][zt].managed;
		cpus_on_node = 0;
		for (cpu = 0; cpu < m->nr_cpus; cpu++)
			if (cpu % m->nr_nodes == (unsigned int)nid)
				cpus_on_node++;
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			struct pol_zone *z = &m->zones[nid][zt];
			unsigned int batch = 1, high = 0;

			pol_setup_per_zone_wmarks(m->min_free_kbytes, z->managed, all, z->wmark);
			pol_setup_per_zone_lowmem_reserve(managed, zt, z->lowmem_reserve);
			if (z->managed) {	/* else the boot pageset: high 0, batch 1 */
				batch = cfg->pcp_auto ? pol_zone_batchsize(z->managed) : cfg->pcp_batch;
				high = cfg->pcp_auto ? pol_zone_highsize(z->wmark[1], cpus_on_node,
									 m->nr_cpus, batch) :
						       cfg->pcp_high;
			}
			for (cpu = 0; cpu < m->nr_cpus; cpu++) {
				z->high[cpu] = high;
				z->batch[cpu] = batch;
			}
		}
	}
	pol_build_zonelists(m);
}

bool policy_boot(struct policy *pol, struct policy_verdict *v)
{
	struct port_zone_policy zp;
	unsigned long mfk;
	int nid, zt;

	derive_boot_values(pol);
	mfk = pol->ops->min_free_kbytes(pol->p);
	if (mfk != pol->m.min_free_kbytes)
		return pol_fail(v, "policy.min_free_kbytes", ~0UL,
				"min_free_kbytes %lu, Linux gives %lu (%s)", mfk, pol->m.min_free_kbytes,
				pol->cfg->min_free_auto ? "calculate_min_free_kbytes()" :
				"the configured value");
	for (nid = 0; nid < (int)pol->m.nr_nodes; nid++) {
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			struct pol_zone *z = &pol->m.zones[nid][zt];

			if (pol->ops->zone(pol->p, nid, zt, &zp))
				return pol_fail(v, "policy.port_error", ~0UL, "zone(%d, %d) failed",
						nid, zt);
			z->start_pfn = zp.start_pfn;
			z->spanned = zp.spanned;
		}
	}
	return pol_read_all(pol, v);
}

/* ---- alloc ---- */

/*
 * The first pfn of [from, to) that is @z's own: a zone's span may hold
 * pfns of an interleaved node's zone, and a pageblock's type is kept per
 * zone (FLATMEM's zone->pageblock_flags, alloc/pageblock.c), so only the
 * zone's own pfns show the type @z gave the pageblock.  ~0UL if none.
 */
static unsigned long own_pfn(struct policy *pol, const struct pol_zone *z, unsigned long from,
			     unsigned long to, struct port_block_policy *b)
{
	unsigned long q;

	for (q = from; q < to; q++) {
		if (q < z->start_pfn || q >= z->start_pfn + z->spanned)
			continue;
		pol->ops->block(pol->p, q, b);
		if (b->state != PORT_BLOCK_OTHER && b->nid == z->nid && b->zone == z->idx)
			return q;
	}
	return ~0UL;
}

/*
 * The type of every pageblock of [pfn, pfn + 2^order) after the op must be
 * @want (or @alt), as @z's own pfns in it show it.
 */
static bool check_pageblocks(struct policy *pol, const struct pol_zone *z, unsigned long pfn,
			     unsigned int order, int want, int alt, const char *why,
			     struct policy_verdict *v)
{
	unsigned long pb = pol->m.pageblock_nr_pages, end = pfn + (1UL << order), p;
	struct port_block_policy b;

	for (p = pfn & ~(pb - 1); p < end; p += pb) {
		unsigned long at = own_pfn(pol, z, p < pfn ? pfn : p, p + pb < end ? p + pb : end, &b);

		if (at == ~0UL)
			continue;
		if (b.pageblock_mt != want && b.pageblock_mt != alt)
			return pol_fail(v, "policy.pageblock_type", at,
					"order-%u block 0x%lx: pageblock of 0x%lx is type %d, Linux "
					"leaves it type %d%s%.0d (%s)", order, pfn, at, b.pageblock_mt,
					want, alt >= 0 ? " or " : "", alt >= 0 ? alt : 0, why);
	}
	return true;
}

/*
 * The served block: the one Linux takes (when predicted exactly), its
 * pageblock's type (own, claimed, stolen, highatomic, or retyped by the
 * highatomic reserve) and the reserve counter.
 */
static bool judge_source(struct policy *pol, const struct pol_zone *pre,
			 const struct pol_request *rq, const struct pol_decision *d,
			 const struct pol_expect *e, unsigned long pfn, struct policy_verdict *v)
{
	static const char *const why[] = {
		[POL_SRC_PCP] = "the first block of the per-cpu list",
		[POL_SRC_HIGHATOMIC] = "the first block of the highatomic list",
		[POL_SRC_OWN] = "the first block of the requested type's list",
		[POL_SRC_CLAIM] = "try_to_claim_block() takes the pageblock",
		[POL_SRC_MAYBE_CLAIM] = "try_to_claim_block(), or else the smallest fallback",
		[POL_SRC_STEAL] = "the first block of the smallest fallback order, unclaimed",
	};
	const struct pol_machine *m = &pol->m;
	const struct pol_zone *post = &m->zones[d->nid][d->zone];
	unsigned long want_res = pre->nr_reserved_highatomic, pb = m->pageblock_nr_pages;
	bool reserve = false;
	int want = e->want, alt = e->alt;

	if (e->exact && pfn != e->pfn)
		return pol_fail(v, "policy.alloc_block", pfn,
				"order-%u gfp 0x%x from node %d zone %s got 0x%lx; Linux takes 0x%lx "
				"(%s)", rq->order, rq->gfp, d->nid, zone_names[d->zone], pfn, e->pfn,
				why[e->src]);
	if (e->src == POL_SRC_PCP)
		return true;	/* a cached block: any pageblock type */
	if (e->refill_claim &&
	    !check_pageblocks(pol, pre, e->claim_pfn, e->claim_order, rq->mt, -1,
			      "rmqueue_bulk()'s first fallback takes a whole pageblock: "
			      "try_to_claim_block() claims it", v))
		return false;
	/*
	 * A per-cpu refill (rmqueue_bulk()) goes on taking blocks after the
	 * first, and a later fallback may claim the first one's pageblock.
	 */
	if (e->src == POL_SRC_STEAL && pol_pcp_allowed_order(rq->order) && pre->high[rq->cpu])
		alt = rq->mt;
	if (e->src != POL_SRC_HIGHATOMIC && rq->order && (d->alloc_flags & POL_ALLOC_HIGHATOMIC) &&
	    pol_reserve_highatomic_pageblock(m, pre, pfn, rq->order, POL_UNMOVABLE)) {
		reserve = true;
		want = POL_HIGHATOMIC;
		alt = -1;
		if (rq->order < m->pageblock_order) {
			want_res += pb;
		} else {
			unsigned long p;

			for (p = pfn; p < pfn + (1UL << rq->order); p += pb)
				if (p >= pre->start_pfn && p < pre->start_pfn + pre->spanned)
					want_res += pb;
		}
	}
	if (want >= 0 && !check_pageblocks(pol, pre, pfn, rq->order, want, alt,
					   reserve ? "reserve_highatomic_pageblock()" : why[e->src], v))
		return false;
	if (post->nr_reserved_highatomic != want_res)
		return pol_fail(v, "policy.highatomic_reserve", pfn,
				"node %d zone %s: nr_reserved_highatomic %lu after an order-%u "
				"allocation (flags 0x%x), Linux has %lu (limit %lu)", d->nid,
				zone_names[d->zone], post->nr_reserved_highatomic, rq->order,
				d->alloc_flags, want_res, pre->managed / 100 + pb);
	return true;
}

/* rmqueue_pcplist(): a hit takes one block; a refill fetches rmqueue_bulk()'s count. */
static bool judge_pcp_alloc(struct policy *pol, const struct pol_zone *pre,
			    const struct pol_request *rq, const struct pol_decision *d,
			    struct policy_verdict *v)
{
	const struct pol_zone *post = &pol->m.zones[d->nid][d->zone];
	unsigned int cpu = rq->cpu, o = rq->order, n;
	unsigned long before, after;

	if (!pol_pcp_allowed_order(o) || !pre->high[cpu])
		return true;
	before = pre->pcp_blocks[cpu][o][rq->mt];
	after = post->pcp_blocks[cpu][o][rq->mt];
	if (before) {
		if (after != before - 1 || post->pcp_count[cpu] != pre->pcp_count[cpu] - (1UL << o))
			return pol_fail(v, "policy.pcp_alloc", ~0UL,
					"cpu %u order %u type %d: the list held %lu blocks, after "
					"taking one it holds %lu (count %lu -> %lu)", cpu, o, rq->mt,
					before, after, pre->pcp_count[cpu], post->pcp_count[cpu]);
		return true;
	}
	n = pol_rmqueue_bulk_count(pre->batch[cpu], o);
	if (after + 1 > n || post->pcp_count[cpu] != pre->pcp_count[cpu] + (after << o))
		return pol_fail(v, "policy.pcp_refill", ~0UL,
				"cpu %u order %u: a refill of at most %u blocks left %lu cached "
				"(count %lu -> %lu)", cpu, o, n, after, pre->pcp_count[cpu],
				post->pcp_count[cpu]);
	if (after + 1 < n && post->nr_reserved_highatomic == pre->nr_reserved_highatomic &&
	    pol_rmqueue_possible(&pol->m, post, o, rq->mt, d->alloc_flags & ~POL_ALLOC_HIGHATOMIC))
		return pol_fail(v, "policy.pcp_refill", ~0UL,
				"cpu %u order %u: rmqueue_bulk() stopped after %lu of %u blocks "
				"while the buddy still had one", cpu, o, after + 1, n);
	return true;
}

/* Failure after the drain stage: lists empty, no free highatomic block, no usable zone. */
static bool judge_drained_failure(struct policy *pol, const struct pol_request *rq,
				  const struct pol_decision *d, struct policy_verdict *v)
{
	const struct pol_zonelist *zl = pol_request_zonelist(&pol->m, rq);
	unsigned int i, o, cpu;
	unsigned int flags;
	int nid, zone;

	for (i = 0; i < zl->nr; i++) {
		const struct pol_zone *z = &pol->m.zones[zl->nid[i]][zl->zone[i]];

		for (cpu = 0; cpu < pol->m.nr_cpus; cpu++)
			if (z->pcp_count[cpu])
				return pol_fail(v, "policy.fail_undrained", ~0UL,
						"node %d zone %s cpu %u: %lu pages cached after a "
						"failed allocation that drains", z->nid,
						zone_names[z->idx], cpu, z->pcp_count[cpu]);
		if (zl->zone[i] > rq->highest_zoneidx)
			continue;
		for (o = 0; o <= pol->m.max_order; o++)
			if (z->nr_free[o][POL_HIGHATOMIC])
				return pol_fail(v, "policy.fail_highatomic_kept", ~0UL,
						"node %d zone %s: a free order-%u highatomic block "
						"survives a failed allocation (Linux releases them all "
						"first)", z->nid, zone_names[z->idx], o);
	}
	if (pol_get_page_from_freelist(&pol->m, rq, d->final_flags, &nid, &zone, &flags))
		return pol_fail(v, "policy.alloc_should_succeed", ~0UL,
				"order-%u gfp 0x%x failed, but after the drain node %d zone %s serves "
				"it (flags 0x%x)", rq->order, rq->gfp, nid, zone_names[zone], flags);
	return true;
}

/*
 * Nothing may change when Linux fails without draining: every zone of the
 * request's zonelist (the ones a wrong drain or a wrong attempt would
 * touch) re-read and compared with what it was.
 */
static bool judge_unchanged(struct policy *pol, const struct pol_request *rq,
			    struct policy_verdict *v)
{
	const struct pol_zonelist *zl = pol_request_zonelist(&pol->m, rq);
	struct pol_zone *z, before;
	unsigned int i;

	for (i = 0; i < zl->nr; i++) {
		z = &pol->m.zones[zl->nid[i]][zl->zone[i]];
		before = *z;
		if (!pol_read_zone(pol, z->nid, z->idx, POL_ALL_CPUS, v))
			return false;
		if (memcmp(before.nr_free, z->nr_free, sizeof(z->nr_free)) ||
		    memcmp(before.pcp_blocks, z->pcp_blocks, sizeof(z->pcp_blocks)) ||
		    before.nr_reserved_highatomic != z->nr_reserved_highatomic)
			return pol_fail(v, "policy.fail_changed_state", ~0UL,
					"order-%u gfp 0x%x failed without reaching the drain stage, but "
					"node %d zone %s's free or per-cpu lists changed", rq->order,
					rq->gfp, z->nid, zone_names[z->idx]);
	}
	return true;
}

/* Does any per-cpu list of any zone hold pages? */
static bool pcp_pages_anywhere(const struct pol_machine *m)
{
	unsigned int nid, zone, cpu;

	for (nid = 0; nid < m->nr_nodes; nid++)
		for (zone = 0; zone < POL_NR_ZONES; zone++)
			for (cpu = 0; cpu < m->nr_cpus; cpu++)
				if (m->zones[nid][zone].pcp_count[cpu])
					return true;
	return false;
}

/*
 * A success after the drain stage: where it came from depends on where
 * the drained pages merged, but the highatomic reserve is decided when
 * the first walk after the drain is sure to succeed (on
 * pol_drained_bound()'s lower bound of the drained state).  Then
 * should_reclaim_retry()'s forced releases never ran, and the only
 * release was unreserve_highatomic_pageblock(ac, false) before the drain,
 * which keeps the last pageblock of a zone (a reserve of at most one
 * pageblock) and releases in one zone at most.
 */
static bool drained_walk_succeeds(struct policy *pol, const struct pol_request *rq,
				  const struct pol_decision *d)
{
	struct pol_machine sim;
	unsigned int flags;
	int nid, zone;
	bool ok;

	if (!pcp_pages_anywhere(&pol->m))	/* the drain changes nothing: the bound is the state */
		return pol_get_page_from_freelist(&pol->m, rq, d->final_flags, &nid, &zone, &flags);
	if (!pol_drained_bound(pol, &sim))
		return false;
	ok = pol_get_page_from_freelist(&sim, rq, d->final_flags, &nid, &zone, &flags);
	free(sim.zones);
	return ok;
}

/*
 * Does a zone the request may use hold a highatomic reserve?  Only then can
 * judge_drained_success() find a release to judge, so only then is the
 * drained bound (a walk over every free block) worth working out.
 */
static bool highatomic_reserved(const struct policy *pol, const struct pol_request *rq)
{
	const struct pol_zonelist *zl = pol_request_zonelist(&pol->m, rq);
	unsigned int i;

	for (i = 0; i < zl->nr; i++)
		if (zl->zone[i] <= rq->highest_zoneidx &&
		    pol->m.zones[zl->nid[i]][zl->zone[i]].nr_reserved_highatomic)
			return true;
	return false;
}

/* @decided: drained_walk_succeeds() held before the op (on the port's state then). */
static bool judge_drained_success(struct policy *pol, const struct pol_request *rq,
				  bool decided, unsigned long pfn, struct policy_verdict *v)
{
	const struct pol_zonelist *zl = pol_request_zonelist(&pol->m, rq);
	unsigned long before[POL_MAX_NODES * POL_NR_ZONES];
	unsigned int i, lowered = 0;

	for (i = 0; i < zl->nr; i++)
		before[i] = pol->m.zones[zl->nid[i]][zl->zone[i]].nr_reserved_highatomic;
	if (!pol_read_all(pol, v))
		return false;
	if (!decided)
		return true;
	for (i = 0; i < zl->nr; i++) {
		const struct pol_zone *z = &pol->m.zones[zl->nid[i]][zl->zone[i]];

		if (zl->zone[i] > rq->highest_zoneidx || z->nr_reserved_highatomic >= before[i])
			continue;
		if (before[i] <= pol->m.pageblock_nr_pages)
			return pol_fail(v, "policy.highatomic_unreserve", pfn,
					"order-%u gfp 0x%x: node %d zone %s's highatomic reserve went "
					"%lu -> %lu, but the walk after the drain succeeds, so only "
					"the unforced release ran, which keeps the last pageblock",
					rq->order, rq->gfp, z->nid, zone_names[z->idx], before[i],
					z->nr_reserved_highatomic);
		if (++lowered > 1)
			return pol_fail(v, "policy.highatomic_unreserve", pfn,
					"order-%u gfp 0x%x: highatomic reserves released in more "
					"than one zone (node %d zone %s the second), but the walk "
					"after the drain succeeds: one unforced release at most",
					rq->order, rq->gfp, z->nid, zone_names[z->idx]);
	}
	return true;
}

void policy_before_alloc(struct policy *pol, uint32_t gfp, unsigned int order, unsigned int cpu,
			 int nid)
{
	struct pol_pending *pd = &pol->pending;

	pd->valid = pol_prepare_request(&pol->m, gfp, order, cpu, nid, &pd->rq);
	if (!pd->valid)
		return;
	pd->gfp = gfp;
	pd->order = order;
	pd->cpu = cpu;
	pd->nid = nid;
	pol_alloc_pages(&pol->m, &pd->rq, &pd->d);
	pd->have_expect = pd->d.pass <= POL_PASS_RESERVES &&
			  pol_predict_block(pol, &pol->m.zones[pd->d.nid][pd->d.zone], &pd->rq,
					    pd->d.alloc_flags, &pd->e);
	pd->drained_walk_ok = pd->d.pass == POL_PASS_DRAINED && highatomic_reserved(pol, &pd->rq) &&
			      drained_walk_succeeds(pol, &pd->rq, &pd->d);
	pd->have_compact_before = pd->d.pass == POL_PASS_DRAINED && order > POL_COSTLY_ORDER;
	if (pd->have_compact_before)
		pol_compact_results(pol, pd->compact_before);
	if (pd->have_expect)
		pol_predict_refill_claim(pol, &pol->m.zones[pd->d.nid][pd->d.zone], &pd->rq,
					 pd->d.alloc_flags, &pd->e);
}

bool policy_alloc(struct policy *pol, uint32_t gfp, unsigned int order, unsigned int cpu,
		  int nid, int err, unsigned long pfn, struct policy_verdict *v)
{
	struct pol_pending *pd = &pol->pending;
	struct pol_request rq;
	struct pol_decision d;
	struct pol_expect e = { .src = POL_SRC_MAYBE_CLAIM, .want = -1, .alt = -1,
				.refill_claim = false };
	struct pol_zone pre;
	int got_nid, got_zone;
	bool drained_walk_ok = false, have_compact_before = false;

	if (pd->valid && pd->gfp == gfp && pd->order == order && pd->cpu == cpu && pd->nid == nid) {
		rq = pd->rq;
		d = pd->d;
		if (pd->have_expect)
			e = pd->e;
		drained_walk_ok = pd->drained_walk_ok;
		have_compact_before = pd->have_compact_before;
	} else {
		if (!pol_prepare_request(&pol->m, gfp, order, cpu, nid, &rq))
			return true;
		pol_alloc_pages(&pol->m, &rq, &d);
	}
	pd->valid = false;
	if (err) {
		if (d.pass <= POL_PASS_RESERVES)
			return pol_fail(v, "policy.alloc_should_succeed", ~0UL,
					"order-%u gfp 0x%x cpu %u failed; Linux serves it from node "
					"%d zone %s in the %s (flags 0x%x)", order, gfp, cpu, d.nid,
					zone_names[d.zone], pass_names[d.pass], d.alloc_flags);
		/*
		 * A costly order also tries direct compaction at the very end, which
		 * moves pages after the last walk: the state is re-read, and every
		 * zone it may use that was never compacted must have been then.
		 */
		if (d.pass == POL_PASS_DRAINED && order > POL_COSTLY_ORDER)
			return pol_read_all(pol, v) &&
			       (!have_compact_before ||
				pol_judge_direct_compact(pol, &rq, pd->compact_before, v));
		if (d.pass == POL_PASS_DRAINED)
			return pol_read_all(pol, v) && judge_drained_failure(pol, &rq, &d, v);
		return judge_unchanged(pol, &rq, v);
	}
	got_nid = oracle_node_of(pol->orc, pfn);
	got_zone = oracle_zone_of(pol->orc, pfn);
	if (d.pass == POL_PASS_NONE)
		return pol_fail(v, "policy.alloc_should_fail", pfn,
				"order-%u gfp 0x%x cpu %u got 0x%lx (node %d zone %s); Linux fails it: "
				"no zone passes its watermark with a block to give%s", order, gfp,
				cpu, pfn, got_nid, got_zone >= 0 ? zone_names[got_zone] : "-",
				(gfp & (GFPF_DIRECT_RECLAIM | GFPF_NO_WATERMARKS)) ? "" :
				", and it may not drain");
	if (d.pass == POL_PASS_DRAINED)
		return judge_drained_success(pol, &rq, drained_walk_ok, pfn, v);
	if (got_nid != d.nid || got_zone != d.zone)
		return pol_fail(v, "policy.alloc_zone", pfn,
				"order-%u gfp 0x%x cpu %u came from node %d zone %s; Linux takes it "
				"from node %d zone %s in the %s (flags 0x%x)", order, gfp, cpu,
				got_nid, got_zone >= 0 ? zone_names[got_zone] : "-", d.nid,
				zone_names[d.zone], pass_names[d.pass], d.alloc_flags);
	pre = pol->m.zones[d.nid][d.zone];
	if (!pol_read_zone(pol, d.nid, d.zone, cpu, v))
		return false;
	return judge_source(pol, &pre, &rq, &d, &e, pfn, v) && judge_pcp_alloc(pol, &pre, &rq, &d, v);
}

/* ---- free, drain ---- */

/*
 * free_unref_page(): a block of an isolated pageblock goes straight to the
 * buddy lists.  Model deviation (rules.h): with pageblock_order below a
 * per-cpu order, a block spanning pageblocks of different types (one
 * isolated while the block was out) bypasses the lists too.
 */
static bool pol_free_to_pcp(struct policy *pol, unsigned long pfn, unsigned int order)
{
	struct port_block_policy b;
	unsigned long p;
	int mt;

	pol->ops->block(pol->p, pfn, &b);
	mt = b.pageblock_mt;
	if (mt == POL_ISOLATE)
		return false;
	for (p = pfn + pol->m.pageblock_nr_pages;
	     order > pol->m.pageblock_order && p < pfn + (1UL << order);
	     p += pol->m.pageblock_nr_pages) {
		pol->ops->block(pol->p, p, &b);
		if (b.pageblock_mt != mt)
			return false;
	}
	return true;
}

bool policy_free(struct policy *pol, unsigned long pfn, unsigned int order, unsigned int cpu,
		 struct policy_verdict *v)
{
	int nid = oracle_node_of(pol->orc, pfn), zone = oracle_zone_of(pol->orc, pfn);
	struct pol_zone *z;
	struct port_block_policy b;
	unsigned long before, added, after, spilled, listed[POL_PCPTYPES] = { 0 };
	unsigned int top, o;
	int mt;
	long nr;

	if (nid < 0 || zone < 0 || cpu >= pol->m.nr_cpus)
		return pol_read_all(pol, v);
	z = &pol->m.zones[nid][zone];
	before = z->pcp_count[cpu];
	if (pol_pcp_allowed_order(order))
		memcpy(listed, z->pcp_blocks[cpu][order], sizeof(listed));
	/* the largest cached block bounds how far a spill overshoots */
	for (top = order, o = 0; o < PORT_POLICY_PCP_ORDERS; o++)
		for (mt = 0; mt < POL_PCPTYPES; mt++)
			if (z->pcp_blocks[cpu][o][mt] && o > top)
				top = o;
	if (!pol_read_zone(pol, nid, zone, cpu, v))
		return false;
	after = z->pcp_count[cpu];
	added = (pol_pcp_allowed_order(order) && z->high[cpu]) ? 1UL << order : 0;
	if (added && !pol_free_to_pcp(pol, pfn, order))
		added = 0;
	if (!added) {
		if (after != before)
			return pol_fail(v, "policy.pcp_free", pfn,
					"an order-%u free bypasses the per-cpu lists, but cpu %u's "
					"count went %lu -> %lu", order, cpu, before, after);
		return true;
	}
	if (before + added < z->high[cpu]) {
		if (after != before + added)
			return pol_fail(v, "policy.pcp_free", pfn,
					"cpu %u: count %lu + %lu is below high %u, nothing spills, "
					"but the count is %lu", cpu, before, added, z->high[cpu], after);
		/* free_unref_page(): the list of the pageblock's type, HIGHATOMIC and CMA on MOVABLE's */
		pol->ops->block(pol->p, pfn, &b);
		mt = b.pageblock_mt < POL_PCPTYPES ? b.pageblock_mt : POL_MOVABLE;
		if (z->pcp_blocks[cpu][order][mt] != listed[mt] + 1)
			return pol_fail(v, "policy.pcp_free_list", pfn,
					"cpu %u: an order-%u block of a pageblock of type %d goes onto "
					"list type %d, which went from %lu to %lu blocks", cpu, order,
					b.pageblock_mt, mt, listed[mt], z->pcp_blocks[cpu][order][mt]);
		return true;
	}
	/* free_pcppages_bulk(): whole blocks until nr_pcp_free() pages are out */
	nr = pol_nr_pcp_free(z->high[cpu], z->batch[cpu]);
	if ((unsigned long)nr > before + added)
		nr = (long)(before + added);
	spilled = before + added - after;
	if (after > before + added || spilled < (unsigned long)nr ||
	    spilled >= (unsigned long)nr + (1UL << top))
		return pol_fail(v, "policy.pcp_free", pfn,
				"cpu %u: count %lu + %lu reached high %u, Linux spills %ld pages "
				"(whole blocks), the count went to %lu", cpu, before, added,
				z->high[cpu], nr, after);
	return true;
}

bool policy_drain(struct policy *pol, int cpu, struct policy_verdict *v)
{
	unsigned int c;
	int nid, zt;

	if (!pol_read_all(pol, v))
		return false;
	for (nid = 0; nid < (int)pol->m.nr_nodes; nid++)
		for (zt = 0; zt < POL_NR_ZONES; zt++)
			for (c = 0; c < pol->m.nr_cpus; c++)
				if ((cpu < 0 || (unsigned int)cpu == c) &&
				    pol->m.zones[nid][zt].pcp_count[c])
					return pol_fail(v, "policy.drain", ~0UL,
							"node %d zone %s cpu %u: %lu pages cached "
							"after the drain", nid, zone_names[zt], c,
							pol->m.zones[nid][zt].pcp_count[c]);
	return true;
}

bool policy_resync(struct policy *pol, struct policy_verdict *v)
{
	return pol_read_all(pol, v);
}

/*
 * The census walk costs a pass over the map: on every 8th call (not the
 * one at boot, where nothing has happened yet) and on the last, so every
 * run has one (every 4th call cost 2% of fuzzing time; a wrong count is
 * then seen a few walks later, or at the end of the run).
 */
bool policy_walk(struct policy *pol, bool last, struct policy_verdict *v)
{
	if (!last && ++pol->walks % 8)
		return true;
	/* the port's counts as they are now: a walk may come in the middle of an op */
	return policy_isolated_kept(pol, v) && pol_read_all(pol, v) && pol_census_walk(pol, v);
}
