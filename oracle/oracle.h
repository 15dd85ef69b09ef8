/* SPDX-License-Identifier: MIT */
/*
 * oracle.h - the bitmap model that judges an allocator port.
 *
 * One state per pfn (hole, reserved, free, allocated) kept as bitmaps, the
 * node of every pfn, the zone of every pfn from max_zone_pfn[] and the
 * ZONE_MOVABLE start, an isolated bitmap, and a table of live allocations
 * by slot.  It never picks pages: it only says whether the port's answer
 * could be right.  It includes alloc.h for the GFP bit values only; it
 * never sees the allocator's internals.
 */
#ifndef PAGEFUZZ_ORACLE_H
#define PAGEFUZZ_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ORACLE_NR_SLOTS		64
#define ORACLE_MAX_NODES	8
#define ORACLE_NR_ZONES		4	/* DMA, DMA32, Normal, Movable */
#define ORACLE_NO_ZONE		(-1)

enum oracle_state { ORC_HOLE, ORC_RESERVED, ORC_FREE, ORC_ALLOCATED };

/* A failed check: a stable dotted id, where, and what. */
struct oracle_verdict {
	const char *id;			/* e.g. "oracle.alloc_not_free" */
	unsigned long pfn;
	char detail[200];
};

/* What an allocation asked for. */
struct oracle_req {
	uint32_t gfp;			/* GFPF_* bits */
	unsigned int order;
	int nid;			/* preferred node (already resolved from the cpu) */
	/*
	 * A level-1 (one arena) port: gfp and node mean nothing and a block
	 * may straddle zones and nodes; only its pages are judged.
	 */
	bool anywhere;
};

struct oracle_slot {
	bool live;
	unsigned long pfn;
	unsigned int order;
	unsigned long nr_pages;		/* 2^order, or the length of a contig range */
	uint32_t gfp;			/* 0 for a contig range */
};

struct oracle;

/* All pfns in [0, end_pfn) start as holes.  NULL if out of host memory. */
struct oracle *oracle_create(unsigned long end_pfn, unsigned int nr_nodes);
void oracle_destroy(struct oracle *o);
/* Slots 0..@nr_slots-1 (ORACLE_NR_SLOTS unless asked, once); false: no memory. */
bool oracle_set_slots(struct oracle *o, unsigned int nr_slots);

/* ---- boot: the final memory map (byte ranges, as memblock keeps them) ---- */
void oracle_set_zones(struct oracle *o, const uint64_t max_zone_pfn[3],
		      bool has_movable, uint64_t movable_pfn);
/* Pages wholly inside [base, base+size) become free on node @nid. */
void oracle_add_memory(struct oracle *o, uint64_t base, uint64_t size, int nid);
/* Pages touching [base, base+size) that are free become reserved. */
void oracle_add_reserved(struct oracle *o, uint64_t base, uint64_t size);
/* After the map is in: pages in no zone become reserved; counters computed. */
void oracle_finish_boot(struct oracle *o);

/* ---- queries ---- */
enum oracle_state oracle_state_of(const struct oracle *o, unsigned long pfn);
unsigned long oracle_next_free(const struct oracle *o, unsigned long pfn);
int oracle_zone_of(const struct oracle *o, unsigned long pfn);	/* or ORACLE_NO_ZONE */
int oracle_node_of(const struct oracle *o, unsigned long pfn);
bool oracle_is_isolated(const struct oracle *o, unsigned long pfn);
unsigned long oracle_end_pfn(const struct oracle *o);
/* free (not isolated) pages of a zone of a node */
unsigned long oracle_free_pages(const struct oracle *o, int nid, int zone);
unsigned long oracle_present_pages(const struct oracle *o, int nid, int zone);
unsigned long oracle_managed_pages(const struct oracle *o, int nid, int zone);
const struct oracle_slot *oracle_slot(const struct oracle *o, unsigned int slot);
/*
 * The whole slot table, for loops over every slot: entry i is
 * oracle_slot(o, i), for i below the count oracle_set_slots() was given
 * (ORACLE_NR_SLOTS by default).  The table moves only in oracle_set_slots().
 */
const struct oracle_slot *oracle_slots(const struct oracle *o);
/* the live slot whose block holds @pfn, or -1 */
int oracle_slot_of(const struct oracle *o, unsigned long pfn);
const char *oracle_zone_name(int zone);		/* "DMA" ... "Movable", "none" */
const char *oracle_state_name(enum oracle_state st);	/* "hole" ... "allocated" */
/* the highest zone a gfp allows (gfp_zone), or ORACLE_NO_ZONE for a bad combination */
int oracle_gfp_zone(uint32_t gfp);
/* one line about a pfn range: states, zone, node, owning slot (describe.c) */
void oracle_describe(const struct oracle *o, unsigned long start_pfn, unsigned long end_pfn,
		     char *buf, size_t len);

/* ---- judging ---- */
/*
 * oracle_check_alloc - could [pfn, pfn + 2^order) answer @req?
 * Every page free and not isolated, pfn aligned to the order, all pages in
 * one zone and one node, the zone allowed by the gfp, the node == req->nid
 * under __GFP_THISNODE (with req->anywhere: only free, unisolated, aligned
 * and in range).  Does not change the model.
 */
bool oracle_check_alloc(const struct oracle *o, const struct oracle_req *req,
			unsigned long pfn, struct oracle_verdict *v);
/* Record a judged allocation under @slot (which must be empty). */
void oracle_note_alloc(struct oracle *o, unsigned int slot, unsigned long pfn,
		       unsigned int order, uint32_t gfp);
/*
 * oracle_check_failure - was failing @req legitimate?  Only decidable with
 * GFPF_NO_WATERMARKS (the port drained and ignored watermarks): then an
 * aligned, wholly free, unisolated 2^order block in an eligible zone (zone
 * <= gfp_zone, on req->nid under __GFP_THISNODE) proves the failure wrong.
 * Without that flag any failure is accepted.
 */
bool oracle_check_failure(const struct oracle *o, const struct oracle_req *req,
			  struct oracle_verdict *v);
/*
 * oracle_largest_free_order - the largest order <= @max_order for which an
 * aligned, wholly free, unisolated block exists (in one zone and node
 * unless @anywhere), or -1 if no page is free.
 */
int oracle_largest_free_order(const struct oracle *o, unsigned int max_order, bool anywhere);
/* Record the free of a live slot. */
void oracle_note_free(struct oracle *o, unsigned int slot);
/*
 * oracle_note_migrate - record that a live slot moved to @new_pfn.  False
 * and a verdict (nothing changes) unless the slot is a movable allocation
 * (gfp with __GFP_MOVABLE) and the target is free, unisolated, in one zone
 * and node, in a zone its gfp allows and, under __GFP_THISNODE, on its node.
 */
bool oracle_note_migrate(struct oracle *o, unsigned int slot, unsigned long new_pfn,
			 struct oracle_verdict *v);
/* oracle_check_contig - could [pfn, pfn + nr_pages) be taken by alloc_contig_range()? */
bool oracle_check_contig(const struct oracle *o, unsigned long pfn, unsigned long nr_pages,
			 struct oracle_verdict *v);
/* Record a judged contig range under @slot (which must be empty). */
void oracle_note_contig(struct oracle *o, unsigned int slot, unsigned long pfn,
			unsigned long nr_pages);
/* Does (nid, zone) hold a free, unisolated, aligned 2^order block?  -1: any. */
bool oracle_has_free_block(const struct oracle *o, int nid, int zone, unsigned int order);
/* free pages of a zone of a node that are isolated */
unsigned long oracle_isolated_free(const struct oracle *o, int nid, int zone);
/* Mark [start, end) isolated or not. */
void oracle_note_isolate(struct oracle *o, unsigned long start_pfn, unsigned long end_pfn,
			 bool isolated);
/*
 * Compare a port's count of free pages (buddy + per-cpu + isolated free, as
 * port.h counts them) for one zone with the oracle's free + isolated free.
 */
bool oracle_check_zone_free(const struct oracle *o, int nid, int zone,
			    unsigned long port_free, struct oracle_verdict *v);
/*
 * oracle_check_protection - a zone's lowmem_reserve[] against the kernel's
 * formula (setup_per_zone_lowmem_reserve(), ratios DMA 256, DMA32 256,
 * Normal 32, Movable 0): for j > zone, the managed pages of the node's
 * zones zone+1..j over the zone's ratio; 0 for j <= zone, for a ratio of 0
 * and for a zone without managed pages.  Checked right after boot.
 */
bool oracle_check_protection(const struct oracle *o, int nid, int zone,
			     const unsigned long reserve[ORACLE_NR_ZONES],
			     struct oracle_verdict *v);
/*
 * oracle_check_layout - the port's managed and present pages of a zone,
 * compared right after boot.
 */
bool oracle_check_layout(const struct oracle *o, int nid, int zone, unsigned long present,
			 unsigned long managed, struct oracle_verdict *v);

#endif /* PAGEFUZZ_ORACLE_H */
