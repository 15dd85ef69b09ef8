// SPDX-License-Identifier: MIT
/*
 * port_buggy.c - deliberately wrong ports: the reference allocator behind
 * a wrapper that plants one classic bug.  The test suite fuzzes each from
 * the corpus and requires the harness to report it, so a harness that
 * stops biting fails its own tests.  (A bug inside alloc/ itself, missing
 * coalescing, is built separately from a mutated copy of buddy.c; see
 * fuzz/CMakeLists.txt.)
 *
 *  bug-offbyone    order-0 allocations report the pfn one page too high
 *  bug-doublehand  every fifth order-0 allocation hands out the previous
 *                  one's page again
 *  bug-zonelimit   ignores the zone bits of the gfp (GFP_DMA from Normal)
 *  bug-drainloss   a drain leaks one page
 *  bug-mbfree      `memblock free` of more than a page leaves the last page reserved
 *  bug-isobusy     an isolate the reference refuses (EBUSY: a pageblock around
 *                  the range holds an unmovable allocation or a reserved page,
 *                  or is isolated already) answers success
 *  bug-isorefuse   every isolate answers EBUSY, a clean range's too
 * The last two declare Linux's policy (PORT_CAP_LINUX_POLICY, the
 * reference's policy view behind the wrapper), which the isolate judge of
 * fuzz/check/run_compact.c needs (oracle.isolate_unmovable,
 * oracle.isolate_refused).
 */
#include <stdlib.h>
#include "alloc/alloc.h"
#include "port_ref.h"

struct bug_port {
	void *ref;
	unsigned long nr_allocs;
	unsigned long last_pfn;
	bool have_last;
};

static void *bug_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	struct bug_port *b = calloc(1, sizeof(*b));

	if (!b) {
		*err = ALLOC_ENOMEM;
		return NULL;
	}
	b->ref = ref_create(cfg, env, err);
	if (!b->ref) {
		free(b);
		return NULL;
	}
	return b;
}

static void bug_destroy(void *port)
{
	struct bug_port *b = port;

	ref_destroy(b->ref);
	free(b);
}

#define B(port) (((struct bug_port *)(port))->ref)

static int fwd_memblock(void *p, const struct port_mb_op *op, uint64_t *addr)
{
	return ref_memblock(B(p), op, addr);
}

static void fwd_memblock_report(void *p, struct port_mb_state *out)
{
	ref_memblock_report(B(p), out);
}

static int fwd_boot(void *p, const struct port_map *map)
{
	return ref_boot(B(p), map);
}

/* bug-mbfree: `memblock free` of a range past the first page keeps its last page reserved. */
static int mbfree_memblock(void *p, const struct port_mb_op *op, uint64_t *addr)
{
	if (op->kind == PORT_MB_FREE && op->base >= PF_PAGE_SIZE && op->size > PF_PAGE_SIZE) {
		struct port_mb_op cut = *op;

		cut.size -= PF_PAGE_SIZE;
		return ref_memblock(B(p), &cut, addr);
	}
	return ref_memblock(B(p), op, addr);
}

static int plain_alloc(void *p, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
		       unsigned long *pfn)
{
	return ref_alloc(B(p), gfp, order, cpu, nid, pfn);
}

static int plain_free(void *p, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	return ref_free(B(p), pfn, order, cpu);
}

static int plain_drain(void *p, int cpu)
{
	return ref_drain(B(p), cpu);
}

static int fwd_compact(void *p, int nid, int zone, unsigned int order)
{
	return ref_compact(B(p), nid, zone, order);
}

static int fwd_isolate(void *p, unsigned long start_pfn, unsigned long nr_pages, bool on)
{
	return ref_isolate(B(p), start_pfn, nr_pages, on);
}

static int fwd_contig(void *p, unsigned long start_pfn, unsigned long nr_pages)
{
	return ref_contig(B(p), start_pfn, nr_pages);
}

static int fwd_counters(void *p, int nid, int zone, struct port_zone_counters *out)
{
	return ref_zone_counters(B(p), nid, zone, out);
}

static unsigned int fwd_check_all(void *p, port_violation_fn fn, void *ctx, unsigned int limit)
{
	return ref_check_all(B(p), fn, ctx, limit);
}

static unsigned int fwd_check_touched(void *p, port_violation_fn fn, void *ctx, unsigned int limit)
{
	return ref_check_touched(B(p), fn, ctx, limit);
}

static void fwd_describe(void *p, unsigned long pfn, char *buf, size_t len)
{
	ref_describe_pfn(B(p), pfn, buf, len);
}

static void fwd_dump(void *p, enum scn_dump what, FILE *out)
{
	ref_dump(B(p), what, out);
}

static int offbyone_alloc(void *p, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
			  unsigned long *pfn)
{
	int err = ref_alloc(B(p), gfp, order, cpu, nid, pfn);

	if (!err && order == 0)
		*pfn += 1;
	return err;
}

static int offbyone_free(void *p, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	return ref_free(B(p), order == 0 && pfn ? pfn - 1 : pfn, order, cpu);
}

static int doublehand_alloc(void *p, uint32_t gfp, unsigned int order, unsigned int cpu,
			    int nid, unsigned long *pfn)
{
	struct bug_port *b = p;
	int err;

	if (order == 0 && b->have_last && ++b->nr_allocs % 5 == 0) {
		*pfn = b->last_pfn;
		return 0;
	}
	err = ref_alloc(b->ref, gfp, order, cpu, nid, pfn);
	if (!err && order == 0) {
		b->last_pfn = *pfn;
		b->have_last = true;
	}
	return err;
}

static int zonelimit_alloc(void *p, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
			   unsigned long *pfn)
{
	return ref_alloc(B(p), gfp & ~(GFPF_DMA | GFPF_DMA32), order, cpu, nid, pfn);
}

static int drainloss_drain(void *p, int cpu)
{
	unsigned long pfn;
	int err = ref_drain(B(p), cpu);

	if (!err)
		ref_alloc(B(p), GFP_KERNEL | GFPF_NOWARN, 0, 0, NUMA_NO_NODE, &pfn);
	return err;
}

/* bug-isobusy: a refused isolate answers 0, and nothing is isolated. */
static int isobusy_isolate(void *p, unsigned long start_pfn, unsigned long nr_pages, bool on)
{
	int err = ref_isolate(B(p), start_pfn, nr_pages, on);

	return on && err == ALLOC_EBUSY ? 0 : err;
}

/* bug-isorefuse: isolation is always busy. */
static int isorefuse_isolate(void *p, unsigned long start_pfn, unsigned long nr_pages, bool on)
{
	return on ? ALLOC_EBUSY : ref_isolate(B(p), start_pfn, nr_pages, on);
}

/* The reference's policy view, through the wrapper. */
static int fwd_zone_policy(void *p, int nid, int zone, struct port_zone_policy *out)
{
	return port_ref_policy.zone(B(p), nid, zone, out);
}

static int fwd_pcp_policy(void *p, int nid, int zone, unsigned int cpu,
			  struct port_pcp_policy *out)
{
	return port_ref_policy.pcp(B(p), nid, zone, cpu, out);
}

static void fwd_block_policy(void *p, unsigned long pfn, struct port_block_policy *out)
{
	port_ref_policy.block(B(p), pfn, out);
}

static unsigned long fwd_min_free_kbytes(void *p)
{
	return port_ref_policy.min_free_kbytes(B(p));
}

static int fwd_list_head(void *p, int nid, int zone, int cpu, unsigned int order, int mt,
			 unsigned long *pfn)
{
	return port_ref_policy.list_head(B(p), nid, zone, cpu, order, mt, pfn);
}

static const struct port_policy_ops bug_policy = {
	.zone = fwd_zone_policy,
	.pcp = fwd_pcp_policy,
	.block = fwd_block_policy,
	.min_free_kbytes = fwd_min_free_kbytes,
	.list_head = fwd_list_head,
};

#define BUG_PORT_MB(pname, mb, a, f, d) {				\
	.name = pname, .level = PORT_REF_LEVEL, .caps = PORT_REF_CAPS,	\
	.create = bug_create, .destroy = bug_destroy,			\
	.memblock = mb, .memblock_report = fwd_memblock_report,		\
	.boot = fwd_boot,						\
	.alloc = a, .free = f, .drain = d,				\
	.compact = fwd_compact, .isolate = fwd_isolate, .contig = fwd_contig, \
	.zone_counters = fwd_counters, .check_all = fwd_check_all,	\
	.check_touched = fwd_check_touched, .describe_pfn = fwd_describe, \
	.dump = fwd_dump, .set_abort_hook = ref_set_abort_hook }
#define BUG_PORT(pname, a, f, d) BUG_PORT_MB(pname, fwd_memblock, a, f, d)
/* A wrong isolate behind a port that declares Linux's policy. */
#define BUG_PORT_ISOLATE(pname, iso) {					\
	.name = pname, .level = PORT_REF_LEVEL,				\
	.caps = PORT_REF_CAPS | PORT_CAP_LINUX_POLICY, .policy = &bug_policy, \
	.create = bug_create, .destroy = bug_destroy,			\
	.memblock = fwd_memblock, .memblock_report = fwd_memblock_report, \
	.boot = fwd_boot,						\
	.alloc = plain_alloc, .free = plain_free, .drain = plain_drain,	\
	.compact = fwd_compact, .isolate = iso, .contig = fwd_contig,	\
	.zone_counters = fwd_counters, .check_all = fwd_check_all,	\
	.check_touched = fwd_check_touched, .describe_pfn = fwd_describe, \
	.dump = fwd_dump, .set_abort_hook = ref_set_abort_hook }

const struct port_ops port_bug_offbyone =
	BUG_PORT("bug-offbyone", offbyone_alloc, offbyone_free, plain_drain);
const struct port_ops port_bug_doublehand =
	BUG_PORT("bug-doublehand", doublehand_alloc, plain_free, plain_drain);
const struct port_ops port_bug_zonelimit =
	BUG_PORT("bug-zonelimit", zonelimit_alloc, plain_free, plain_drain);
const struct port_ops port_bug_drainloss =
	BUG_PORT("bug-drainloss", plain_alloc, plain_free, drainloss_drain);
const struct port_ops port_bug_mbfree =
	BUG_PORT_MB("bug-mbfree", mbfree_memblock, plain_alloc, plain_free, plain_drain);
const struct port_ops port_bug_isobusy = BUG_PORT_ISOLATE("bug-isobusy", isobusy_isolate);
const struct port_ops port_bug_isorefuse = BUG_PORT_ISOLATE("bug-isorefuse", isorefuse_isolate);
