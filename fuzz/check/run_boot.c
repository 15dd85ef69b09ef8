// SPDX-License-Identifier: MIT
/*
 * run_boot.c - the boot half of a run: play the scenario's memblock ops
 * on the reference memblock (alloc/memblock.c, used here as a library) to
 * get the final memory map, judge each memblock op's result, describe the
 * map to the oracle, create the port from it, and compare the port's zone
 * sizes with the oracle's.
 *
 * The default zone boundaries when a scenario gives none are x86-64's:
 * DMA below 16 MiB, DMA32 below 4 GiB, Normal to the end of memory.
 */
#include <stdlib.h>
#include <string.h>
#include "alloc/alloc.h"
#include "run_internal.h"

#define PAGE_BYTES	4096ULL

uint64_t run_end_pfn(const struct memblock *mb)
{
	uint64_t end = 0;
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		uint64_t e = (r->base + r->size) / PAGE_BYTES;

		if (e > end)
			end = e;
	}
	return end;
}

/* Did [addr, addr + size) touch any of the @nr reserved regions in @before? */
static bool hits_reserved(const struct memblock_region *before, unsigned long nr,
			  uint64_t addr, uint64_t size)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		if (addr < before[i].base + before[i].size && before[i].base < addr + size)
			return true;
	return false;
}

/* A memblock alloc result: aligned, in memory, not reserved before, below max. */
static bool judge_mb_alloc(struct run_ctx *c, const struct scn_boot_op *op, int err,
			   uint64_t addr, bool was_reserved_free)
{
	uint64_t align = op->align ? op->align : MEMBLOCK_DEFAULT_ALIGN;

	if (err || !op->size)	/* a zero-size allocation reserves nothing */
		return true;
	if (addr & (align - 1))
		return run_fail(c, "memblock.alloc_misaligned", 0, 0,
				"memblock alloc returned 0x%llx, align 0x%llx",
				(unsigned long long)addr, (unsigned long long)align);
	if (addr < PAGE_BYTES || (op->max_addr && addr + op->size > op->max_addr))
		return run_fail(c, "memblock.alloc_out_of_limits", 0, 0,
				"memblock alloc returned 0x%llx size 0x%llx, max 0x%llx",
				(unsigned long long)addr, (unsigned long long)op->size,
				(unsigned long long)op->max_addr);
	if (!memblock_is_region_memory(&c->mb, addr, op->size) || !was_reserved_free)
		return run_fail(c, "memblock.alloc_not_free", 0, 0,
				"memblock alloc returned 0x%llx size 0x%llx: not free memory",
				(unsigned long long)addr, (unsigned long long)op->size);
	return true;
}

static bool play_boot_op(struct run_ctx *c, const struct scn_boot_op *op)
{
	struct check_ctx cc = { 0 };
	uint64_t addr = 0;
	int err = 0;

	switch (op->kind) {
	case BOOT_MB_ADD:
		err = memblock_add_node(&c->mb, op->base, op->size, op->nid < 0 ? 0 : op->nid);
		break;
	case BOOT_MB_RESERVE:
		err = memblock_reserve(&c->mb, op->base, op->size);
		break;
	case BOOT_MB_REMOVE:
		err = memblock_remove(&c->mb, op->base, op->size);
		break;
	case BOOT_MB_FREE:
		err = memblock_free(&c->mb, op->base, op->size);
		break;
	case BOOT_MB_ALLOC: {
		unsigned long nr = c->mb.reserved.cnt;
		struct memblock_region *before = malloc((nr + 1) * sizeof(*before));

		if (!before)
			return false;
		memcpy(before, c->mb.reserved.regions, nr * sizeof(*before));
		err = memblock_alloc_range(&c->mb, op->size, op->align, op->nid, op->min_addr,
					   op->max_addr, op->bottom_up, &addr);
		if (!err && !judge_mb_alloc(c, op, err, addr,
					    !hits_reserved(before, nr, addr, op->size))) {
			free(before);
			return false;
		}
		free(before);
		run_note(c, "memblock alloc -> 0x%llx (%d)\n", (unsigned long long)addr, err);
		break;
	}
	}
	if (memblock_check(&c->mb, &cc))
		return run_fail(c, "memblock.invariant", 0, 0,
				"memblock_check found %u violation(s) after a boot op", cc.count);
	return true;
}

static bool build_map(struct run_ctx *c)
{
	const struct scn_zones *z = &c->s->zones;
	unsigned long i;
	uint64_t end = run_end_pfn(&c->mb);

	c->memory = calloc(c->mb.memory.cnt + 1, sizeof(*c->memory));
	c->reserved = calloc(c->mb.reserved.cnt + 1, sizeof(*c->reserved));
	if (!c->memory || !c->reserved)
		return false;
	for (i = 0; i < c->mb.memory.cnt; i++) {
		c->memory[i].base = c->mb.memory.regions[i].base;
		c->memory[i].size = c->mb.memory.regions[i].size;
		c->memory[i].nid = c->mb.memory.regions[i].nid;
	}
	for (i = 0; i < c->mb.reserved.cnt; i++) {
		c->reserved[i].base = c->mb.reserved.regions[i].base;
		c->reserved[i].size = c->mb.reserved.regions[i].size;
		c->reserved[i].nid = c->mb.reserved.regions[i].nid;
	}
	c->map.scn = c->s;
	c->map.memory = c->memory;
	c->map.nr_memory = (unsigned int)c->mb.memory.cnt;
	c->map.reserved = c->reserved;
	c->map.nr_reserved = (unsigned int)c->mb.reserved.cnt;
	c->map.end_pfn = end;
	if (z->set) {
		memcpy(c->map.max_zone_pfn, z->max_zone_pfn, sizeof(c->map.max_zone_pfn));
		c->map.has_movable = z->has_movable;
		c->map.movable_pfn = z->movable_pfn;
	} else {
		c->map.max_zone_pfn[0] = end < 4096 ? end : 4096;
		c->map.max_zone_pfn[1] = end < (1ULL << 20) ? end : (1ULL << 20);
		c->map.max_zone_pfn[2] = end;
	}
	return true;
}

static bool build_oracle(struct run_ctx *c)
{
	unsigned int i;

	c->orc = oracle_create(c->map.end_pfn, c->s->cfg.nr_nodes);
	if (!c->orc)
		return false;
	oracle_set_zones(c->orc, c->map.max_zone_pfn, c->map.has_movable, c->map.movable_pfn);
	for (i = 0; i < c->map.nr_memory; i++)
		oracle_add_memory(c->orc, c->memory[i].base, c->memory[i].size, c->memory[i].nid);
	for (i = 0; i < c->map.nr_reserved; i++)
		oracle_add_reserved(c->orc, c->reserved[i].base, c->reserved[i].size);
	oracle_finish_boot(c->orc);
	return true;
}

/*
 * port_env.migrate: a port moved a live block (compaction, contig).  The
 * block must be a live allocation with intact contents, the target free;
 * the contents follow it and the oracle records the move.
 */
static void on_migrate(void *arg, unsigned long old_pfn, unsigned long new_pfn,
		       unsigned int order)
{
	struct run_ctx *c = arg;
	struct oracle_verdict v;
	unsigned int slot;

	for (slot = 0; slot < SCN_NR_SLOTS; slot++) {
		const struct oracle_slot *os = oracle_slot(c->orc, slot);

		if (os->live && os->pfn == old_pfn && os->order == order)
			break;
	}
	if (slot == SCN_NR_SLOTS) {
		run_fail(c, "port.migrate_unknown", old_pfn, old_pfn + (1UL << order),
			 "migrated order-%u block at 0x%lx is no live allocation", order, old_pfn);
		return;
	}
	if (!content_verify(c, slot, old_pfn, order))
		return;
	if (!oracle_note_migrate(c->orc, slot, new_pfn, &v)) {
		run_fail(c, v.id, new_pfn, new_pfn + (1UL << order), "%s", v.detail);
		return;
	}
	content_migrate(c, slot, old_pfn, new_pfn, order);
	c->last_pfn[slot] = new_pfn;
	content_verify(c, slot, new_pfn, order);
}

/* Does the map hold any whole page in a zone (something a port must take)? */
static bool oracle_has_memory(const struct run_ctx *c)
{
	int nid, zone;

	for (nid = 0; nid < c->s->cfg.nr_nodes; nid++)
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
			if (oracle_present_pages(c->orc, nid, zone))
				return true;
	return false;
}

/* Maps the ports cannot hold end the run cleanly, before any judging. */
static bool map_possible(const struct run_ctx *c)
{
	uint64_t limit = c->o->max_end_pfn ? c->o->max_end_pfn : 1ULL << 24;

	return c->map.end_pfn > 0 && c->map.end_pfn <= limit;
}

/**
 * run_boot - everything before the first run-phase op.
 * @c: run context with s, o, r and port set
 * Return: true to go on with the ops; false when the run is over (a
 * failure was reported, or the map is one no port can take).
 */
bool run_boot(struct run_ctx *c)
{
	unsigned int i;
	int err = 0;

	if (memblock_init(&c->mb))
		return false;
	c->mb_live = true;
	for (i = 0; i < c->s->nr_boot; i++) {
		c->cur_boot = (int)i;
		if (!play_boot_op(c, &c->s->boot[i]))
			return false;
	}
	c->cur_boot = -1;
	if (!build_map(c))
		return false;
	if (!map_possible(c)) {
		if (c->o->honour_expect && c->o->err)
			fprintf(c->o->err, "note: the memory map ends at pfn 0x%llx, which no port "
				"takes (limit 0x%llx): no op ran\n",
				(unsigned long long)c->map.end_pfn,
				c->o->max_end_pfn ? (unsigned long long)c->o->max_end_pfn : 1ULL << 24);
		return false;
	}
	if (!build_oracle(c) || !content_setup(c))
		return false;
	/* every K ops, but at most one walk per WALK_PFNS_PER_OP pfns of map per op */
	c->walk_every = (unsigned int)((c->map.end_pfn + WALK_PFNS_PER_OP - 1) / WALK_PFNS_PER_OP);
	if (c->walk_every < c->s->cfg.check_every)
		c->walk_every = c->s->cfg.check_every;
	c->env.migrate = on_migrate;
	c->env.migrate_ctx = c;
	c->p = c->port->create(&c->s->cfg, &c->map, &c->env, &err);
	if (!c->p) {
		if (err != ALLOC_ENOMEM && oracle_has_memory(c))
			return run_fail(c, "port.refused_map", 0, 0,
					"port %s refused a map with whole pages of memory: error %d",
					c->port->name, err);
		run_note(c, "port %s refused the map: error %d\n", c->port->name, err);
		return false;
	}
	if (!run_check_zones(c, true))
		return false;
	return run_check_all(c);
}

void run_teardown(struct run_ctx *c)
{
	if (c->p)
		c->port->destroy(c->p);
	c->p = NULL;
	content_teardown(c);
	oracle_destroy(c->orc);
	c->orc = NULL;
	if (c->mb_live)
		memblock_release(&c->mb);
	c->mb_live = false;
	free(c->memory);
	free(c->reserved);
	c->memory = c->reserved = NULL;
}
