// SPDX-License-Identifier: MIT
/*
 * predict.c (policy judge) - before an allocation the judge decided: the
 * very block Linux takes and the pageblock type it ends in.  rmqueue()
 * takes the first entry of a list (__rmqueue_smallest(), rmqueue_pcplist());
 * a fallback claims the pageblock of the first block of the largest
 * stealable order when try_to_claim_block()'s threshold holds (free pages
 * plus "alike" pages at least half the pageblock, prep_move_freepages_block()
 * counts), then takes the lowest free block of the smallest fitting order
 * the move put on the new type's list; else the second loop takes the
 * first block of the smallest fallback order, unclaimed.  The judge reads
 * list heads and the pageblock's blocks through the port's policy table
 * and the owners' gfp from the oracle.
 */
#include <stdlib.h>
#include <string.h>
#include "judge_internal.h"

static bool head_of(struct policy *pol, const struct pol_zone *z, int cpu, unsigned int order,
		    int mt, unsigned long *pfn)
{
	return pol->ops->list_head &&
	       pol->ops->list_head(pol->p, z->nid, z->idx, cpu, order, mt, pfn) == 0;
}

static int smallest_order(const struct pol_machine *m, const struct pol_zone *z,
			  unsigned int order, int mt)
{
	unsigned int o;

	for (o = order; o <= m->max_order; o++)
		if (z->nr_free[o][mt])
			return (int)o;
	return -1;
}

/*
 * The migratetype the allocation whose block starts at @head asked for:
 * the live slot holding @head (live blocks do not overlap), every slot
 * searched, a .trace's beyond ORACLE_NR_SLOTS too.
 */
static int owner_mt(const struct policy *pol, unsigned long head)
{
	int slot = oracle_slot_of(pol->orc, head);
	const struct oracle_slot *os = slot < 0 ? NULL : oracle_slot(pol->orc, (unsigned int)slot);

	return os && os->pfn == head ? pol_gfp_migratetype(&pol->m, os->gfp) : -1;
}

/*
 * prep_move_freepages_block() and try_to_claim_block()'s threshold for the
 * pageblock of @h; on a claim, *@pfn is the block the request then takes.
 */
static bool claims(struct policy *pol, const struct pol_zone *z, unsigned long h,
		   unsigned int order, int mt, int block_mt, unsigned long *pfn, bool *own_inside)
{
	const struct pol_machine *m = &pol->m;
	unsigned long pb = m->pageblock_nr_pages, start = h & ~(pb - 1), p, free = 0, movable = 0;
	unsigned long alike, best = ~0UL;
	unsigned int best_order = ~0u;
	struct port_block_policy b;

	*own_inside = false;
	if (start < z->start_pfn || start + pb > z->start_pfn + z->spanned)
		return false;
	for (p = start; p < start + pb; ) {
		unsigned long nr = 1;

		pol->ops->block(pol->p, p, &b);
		if (b.state != PORT_BLOCK_OTHER && b.nid == z->nid && b.zone == z->idx &&
		    b.head_pfn == p) {
			nr = 1UL << b.order;
			if (b.state == PORT_BLOCK_FREE) {
				free += nr;
				if (b.list_mt == mt)
					*own_inside = true;
				if (b.order >= order && b.order < best_order) {
					best_order = b.order;
					best = p;
				}
			} else if (b.state == PORT_BLOCK_ALLOCATED && owner_mt(pol, p) == POL_MOVABLE) {
				movable += nr;
			}
		}
		p += nr;
	}
	if (mt == POL_MOVABLE)
		alike = movable;
	else if (block_mt == POL_MOVABLE)
		alike = pb - free - movable;
	else
		alike = 0;
	if (free + alike < pb / 2 && !m->mobility_disabled)
		return false;
	*pfn = best;
	return best != ~0UL;
}

bool pol_predict_block(struct policy *pol, const struct pol_zone *z, const struct pol_request *rq,
		       unsigned int alloc_flags, struct pol_expect *e)
{
	const struct pol_machine *m = &pol->m;
	struct pol_source_pred src = pol_rmqueue_source(m, z, rq->cpu, rq->order, rq->mt,
							alloc_flags);
	unsigned int o, min_order = rq->order;
	bool own_inside;
	int fmt, so;

	e->exact = false;
	e->want = e->alt = -1;
	e->src = src.src;
	if ((alloc_flags & POL_ALLOC_NOFRAGMENT) && rq->order < m->pageblock_order)
		min_order = m->pageblock_order;
	switch (src.src) {
	case POL_SRC_PCP:
		e->exact = head_of(pol, z, (int)rq->cpu, rq->order, rq->mt, &e->pfn);
		return true;
	case POL_SRC_HIGHATOMIC:
	case POL_SRC_OWN:
		e->want = src.src == POL_SRC_OWN ? rq->mt : POL_HIGHATOMIC;
		so = smallest_order(m, z, rq->order, e->want);
		e->exact = so >= 0 && head_of(pol, z, -1, (unsigned int)so, e->want, &e->pfn);
		return true;
	case POL_SRC_STEAL:
		break;
	default:	/* CLAIM, MAYBE_CLAIM: the first loop of __rmqueue_fallback() */
		for (o = m->max_order + 1; o-- > min_order; ) {
			unsigned long h;

			fmt = pol_find_suitable_fallback(z, o, rq->mt);
			if (fmt < 0)
				continue;
			if (!pol_can_steal_fallback(m, o, rq->mt) || !head_of(pol, z, -1, o, fmt, &h))
				break;
			if (o >= m->pageblock_order) {
				e->src = POL_SRC_CLAIM;
				e->want = rq->mt;
				e->pfn = h;
				e->exact = true;
				return true;
			}
			if (claims(pol, z, h, rq->order, rq->mt, fmt, &e->pfn, &own_inside)) {
				e->src = POL_SRC_CLAIM;
				e->want = rq->mt;
				e->exact = true;
				return true;
			}
		}
		break;
	}
	/* the second loop: the first block of the smallest fallback order, unclaimed */
	e->src = POL_SRC_STEAL;
	for (o = rq->order; o <= m->max_order; o++) {
		fmt = pol_find_suitable_fallback(z, o, rq->mt);
		if (fmt >= 0) {
			e->want = fmt;
			e->exact = head_of(pol, z, -1, o, fmt, &e->pfn);
			return true;
		}
	}
	return false;
}

/*
 * rmqueue_bulk() calls __rmqueue() up to rmqueue_bulk_count() times.  When
 * the first block comes from the requested type's lists, the takes that
 * follow split that type's blocks (__rmqueue_smallest() touches no other
 * list) until the type has no block of the order left: the count of
 * takes it serves is fixed by the census, sum of nr_free[k] * 2^(k-order).
 * If the refill wants more, the next take is the refill's first fallback,
 * made on the other types' lists exactly as they were before the op, and
 * __rmqueue_fallback()'s first loop is followed on them as predict does
 * for a first block: at pageblock order or more the claim is certain (a
 * whole-pageblock claim always succeeds) and so is its block (that list's
 * head before the op); below it, try_to_claim_block()'s threshold is read
 * on the pageblock as it was before the op, which the earlier takes left
 * alone when no free block of the requested type's lists lay in it (they
 * take only such blocks; the blocks they cache count neither as free nor
 * as alike).  A claimed pageblock must end the op with the requested type
 * (claims only give the requested type; the highatomic reserve retypes
 * the returned, first, block's pageblock, which that free block cannot
 * share).
 * Not decided (e->refill_claim stays false): a threshold on a pageblock
 * holding a free block of the requested type's lists (the earlier takes
 * may have taken it), a failed claim (the second loop steals, and a later
 * fallback may still claim that pageblock), and every fallback after the
 * first (the lists then changed by a claim, and the port shows only a
 * list's head).
 */
void pol_predict_refill_claim(struct policy *pol, const struct pol_zone *z,
			      const struct pol_request *rq, unsigned int alloc_flags,
			      struct pol_expect *e)
{
	const struct pol_machine *m = &pol->m;
	unsigned int n, k, o, min_order = rq->order;
	unsigned long own = 0, h, p;
	struct pol_zone *sim;
	bool own_inside;
	int fmt;

	e->refill_claim = false;
	if (e->src != POL_SRC_OWN || !pol_pcp_allowed_order(rq->order) || !z->high[rq->cpu])
		return;
	n = pol_rmqueue_bulk_count(z->batch[rq->cpu], rq->order);
	for (k = rq->order; k <= m->max_order && own < n; k++)
		own += z->nr_free[k][rq->mt] << (k - rq->order);
	if (own >= n)
		return;
	sim = malloc(sizeof(*sim));
	if (!sim)
		return;
	*sim = *z;
	for (k = rq->order; k <= m->max_order; k++)
		sim->nr_free[k][rq->mt] = 0;
	if ((alloc_flags & POL_ALLOC_NOFRAGMENT) && rq->order < m->pageblock_order)
		min_order = m->pageblock_order;
	for (o = m->max_order + 1; o-- > min_order; ) {
		fmt = pol_find_suitable_fallback(sim, o, rq->mt);
		if (fmt < 0)
			continue;
		if (!pol_can_steal_fallback(m, o, rq->mt) || !head_of(pol, z, -1, o, fmt, &h))
			break;
		if (o >= m->pageblock_order) {
			e->refill_claim = true;
			e->claim_pfn = h;
			e->claim_order = o;
			break;
		}
		if (claims(pol, z, h, rq->order, rq->mt, fmt, &p, &own_inside) && !own_inside) {
			e->refill_claim = true;
			e->claim_pfn = h & ~(m->pageblock_nr_pages - 1);
			e->claim_order = m->pageblock_order;
			break;
		}
		if (own_inside)
			break;
	}
	free(sim);
}
