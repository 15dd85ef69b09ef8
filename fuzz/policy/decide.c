// SPDX-License-Identifier: MIT
/*
 * decide.c (policy judge) - which zone serves a request and in which
 * attempt, restated: prepare_alloc_pages(), get_page_from_freelist() (the
 * zonelist walk with zone_watermark_fast() and the ALLOC_NOFRAGMENT
 * retries), __alloc_pages() (fast path at the low watermark) and
 * __alloc_pages_slowpath() as the model has it (rules.h, deviations).
 * Decisions are made on the state before the op; an attempt that fails
 * changes nothing, so the first attempt that would succeed decides, up to
 * the drain stage, whose outcome depends on where drained pages merge.
 */
#include <pagefuzz/vocab.h>
#include "oracle/oracle.h"
#include "rules.h"

bool pol_prepare_request(const struct pol_machine *m, uint32_t gfp, unsigned int order,
			 unsigned int cpu, int nid, struct pol_request *rq)
{
	rq->gfp = gfp;
	rq->order = order;
	rq->cpu = cpu;
	rq->nid = nid < 0 ? (int)(cpu % m->nr_nodes) : nid;
	rq->highest_zoneidx = oracle_gfp_zone(gfp);
	rq->mt = pol_gfp_migratetype(m, gfp);
	return rq->highest_zoneidx >= 0 && rq->mt >= 0 && order <= m->max_order &&
	       cpu < m->nr_cpus && rq->nid < (int)m->nr_nodes;
}

const struct pol_zonelist *pol_request_zonelist(const struct pol_machine *m,
					       const struct pol_request *rq)
{
	return (rq->gfp & GFPF_THISNODE) ? &m->thisnode[rq->nid] : &m->fallback[rq->nid];
}

/* The preferred zone: the first of the zonelist the request may use. */
static int preferred_index(const struct pol_zonelist *zl, const struct pol_request *rq)
{
	unsigned int i;

	for (i = 0; i < zl->nr; i++)
		if (zl->zone[i] <= rq->highest_zoneidx)
			return (int)i;
	return -1;
}

bool pol_get_page_from_freelist(const struct pol_machine *m, const struct pol_request *rq,
				unsigned int alloc_flags, int *nid, int *zone,
				unsigned int *flags_out)
{
	const struct pol_zonelist *zl = pol_request_zonelist(m, rq);
	int pref = preferred_index(zl, rq);
	unsigned int i;

	if (pref < 0)
		return false;
retry:
	for (i = 0; i < zl->nr; i++) {
		const struct pol_zone *z = &m->zones[zl->nid[i]][zl->zone[i]];

		if (zl->zone[i] > rq->highest_zoneidx)
			continue;
		/* a remote node: fragmenting the local one is better than this */
		if ((alloc_flags & POL_ALLOC_NOFRAGMENT) && m->nr_nodes > 1 &&
		    zl->nid[i] != zl->nid[pref]) {
			alloc_flags &= ~POL_ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (!(alloc_flags & POL_ALLOC_NO_WATERMARKS) &&
		    !pol_zone_watermark_fast(m, z, rq->order, z->wmark[alloc_flags & POL_ALLOC_WMARK_MASK],
					     rq->highest_zoneidx, alloc_flags))
			continue;
		if (pol_rmqueue_serves(m, z, rq->cpu, rq->order, rq->mt, alloc_flags)) {
			*nid = zl->nid[i];
			*zone = zl->zone[i];
			*flags_out = alloc_flags;
			return true;
		}
	}
	if (alloc_flags & POL_ALLOC_NOFRAGMENT) {
		alloc_flags &= ~POL_ALLOC_NOFRAGMENT;
		goto retry;
	}
	return false;
}

void pol_alloc_pages(const struct pol_machine *m, const struct pol_request *rq,
		     struct pol_decision *d)
{
	const struct pol_zonelist *zl = pol_request_zonelist(m, rq);
	int pref = preferred_index(zl, rq);
	unsigned int slow = pol_gfp_to_alloc_flags(rq->gfp, rq->order);
	bool reserves = pol_gfp_pfmemalloc_allowed(rq->gfp);

	d->pass = POL_PASS_NONE;
	d->nid = d->zone = -1;
	d->alloc_flags = 0;
	d->may_drain = false;
	d->final_flags = slow;
	if (pref < 0)
		return;		/* no zone the request may use: it fails at once */
	if (pol_get_page_from_freelist(m, rq, POL_ALLOC_WMARK_LOW |
				       pol_alloc_flags_nofragment(m, zl->nid[pref], zl->zone[pref]),
				       &d->nid, &d->zone, &d->alloc_flags)) {
		d->pass = POL_PASS_FAST;
		return;
	}
	if (pol_get_page_from_freelist(m, rq, slow, &d->nid, &d->zone, &d->alloc_flags)) {
		d->pass = POL_PASS_SLOW;
		return;
	}
	if (reserves) {
		d->final_flags = POL_ALLOC_NO_WATERMARKS | (slow & POL_ALLOC_KSWAPD);
		if (pol_get_page_from_freelist(m, rq, d->final_flags, &d->nid, &d->zone,
					       &d->alloc_flags)) {
			d->pass = POL_PASS_RESERVES;
			return;
		}
	}
	d->may_drain = (rq->gfp & (GFPF_DIRECT_RECLAIM | GFPF_NO_WATERMARKS)) != 0;
	if (d->may_drain)
		d->pass = POL_PASS_DRAINED;
}
