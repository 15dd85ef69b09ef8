/* SPDX-License-Identifier: MIT */
/*
 * test_oracle_random.c - the oracle's word-at-a-time paths against the
 * plain page-by-page reading, on random maps and random op sequences:
 * boot counting (oracle_finish_boot), the yes/no placement test
 * (block_usable behind oracle_check_alloc) and whole-block allocations and
 * frees (set_block_words).  Each compares with a recount from the public
 * per-pfn queries only, so a fast path that drifts from the rule fails.
 */
#include <stdlib.h>
#include <string.h>

#include <pagefuzz/vocab.h>
#include "oracle/oracle.h"
#include "tests/testlib.h"
#include "oracle_maps.h"

TEST_STATE_DEFINE;

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Boot on random maps (byte-granular ranges, overlapping nodes, zones
 * ending anywhere, a movable zone or none) against a recount straight from
 * the ranges: the state of every pfn and every (node, zone)'s present,
 * managed and free pages.  finish_boot counts whole words with popcounts
 * and falls back to pfn by pfn; this is where the two must agree.
 */
static void test_boot_random(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	unsigned int round, wrong_state = 0, wrong_count = 0;

	TEST_BEGIN("boot_random/recount");
	for (round = 0; round < 60; round++) {
		unsigned long end = 1 + rnd(&x) % 1500, p;
		unsigned int nodes = 1 + (unsigned int)(rnd(&x) % 4), i, nr_mem = 1 + rnd(&x) % 6;
		uint64_t zend[3], movable = rnd(&x) % (end + 64), mem[6][3], res[5][2];
		unsigned int nr_res = rnd(&x) % 6, n, z;
		bool has_movable = rnd(&x) & 1;
		unsigned long want[ORACLE_MAX_NODES][ORACLE_NR_ZONES][2];
		struct oracle *o = oracle_create(end, nodes);

		zend[0] = rnd(&x) % (end + 64);
		zend[1] = zend[0] + rnd(&x) % (end + 64);
		zend[2] = zend[1] + rnd(&x) % (end + 64);
		oracle_set_zones(o, zend, has_movable, movable);
		for (i = 0; i < nr_mem; i++) {
			mem[i][0] = rnd(&x) % (end * PG);		/* base, bytes */
			mem[i][1] = rnd(&x) % ((end + 8) * PG);	/* size */
			mem[i][2] = rnd(&x) % nodes;
			oracle_add_memory(o, mem[i][0], mem[i][1], (int)mem[i][2]);
		}
		for (i = 0; i < nr_res && i < 5; i++) {
			res[i][0] = rnd(&x) % (end * PG);
			res[i][1] = rnd(&x) % 4 ? rnd(&x) % (64 * PG) : 0;
			oracle_add_reserved(o, res[i][0], res[i][1]);
		}
		oracle_finish_boot(o);
		memset(want, 0, sizeof(want));
		for (p = 0; p < end; p++) {
			int nid = -1, zone = oracle_zone_of(o, p);
			bool reserved = false;
			enum oracle_state st;

			for (i = 0; i < nr_mem; i++)	/* whole pages only; the last range wins */
				if (p >= (mem[i][0] + PG - 1) / PG && p < (mem[i][0] + mem[i][1]) / PG)
					nid = (int)mem[i][2];
			for (i = 0; i < nr_res && i < 5; i++)	/* any touched page */
				if (res[i][1] && p >= res[i][0] / PG &&
				    p < (res[i][0] + res[i][1] + PG - 1) / PG)
					reserved = true;
			st = nid < 0 ? ORC_HOLE : reserved || zone == ORACLE_NO_ZONE ? ORC_RESERVED : ORC_FREE;
			wrong_state += oracle_state_of(o, p) != st || (nid >= 0 && oracle_node_of(o, p) != nid);
			if (nid >= 0 && zone != ORACLE_NO_ZONE) {
				want[nid][zone][0]++;
				want[nid][zone][1] += st == ORC_FREE;
			}
		}
		for (n = 0; n < nodes; n++)
			for (z = 0; z < ORACLE_NR_ZONES; z++)
				wrong_count += oracle_present_pages(o, (int)n, (int)z) != want[n][z][0] ||
					       oracle_managed_pages(o, (int)n, (int)z) != want[n][z][1] ||
					       oracle_free_pages(o, (int)n, (int)z) != want[n][z][1];
		oracle_destroy(o);
	}
	EXPECT_EQ(wrong_state, 0);
	EXPECT_EQ(wrong_count, 0);
}

/* The page-by-page reading of check_alloc's placement rule, from public queries. */
static bool usable_by_pages(const struct oracle *o, unsigned long pfn, unsigned int order)
{
	unsigned long p;

	for (p = pfn; p < pfn + (1UL << order); p++)
		if (oracle_state_of(o, p) != ORC_FREE || oracle_is_isolated(o, p) ||
		    oracle_zone_of(o, p) != oracle_zone_of(o, pfn) ||
		    oracle_node_of(o, p) != oracle_node_of(o, pfn))
			return false;
	return true;
}

/*
 * The word-at-a-time yes/no of check_alloc (no verdict asked) against the
 * page loop, and against the verdict-asking path, for every aligned block
 * of every order on maps with holes, reservations, both nodes, a movable
 * zone, live allocations and isolated ranges at unaligned edges.
 */
static void test_block_scan(void)
{
	const uint32_t gfp = GFPF_HIGHMEM | GFPF_MOVABLE;	/* any zone */
	unsigned int round, order, bad = 0, disagree = 0, usable = 0, wrong_failure = 0, failures = 0;
	uint64_t seed = 0x2545f4914f6cdd1dULL;

	TEST_BEGIN("block_scan/words_equal_pages");
	for (round = 0; round < 8; round++) {
		struct oracle *o = round & 1 ? movable_map(0x300, 0x1c3 + round, true) : std_map();
		unsigned int slot;
		unsigned long pfn;

		for (slot = 0; slot < 24; slot++) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			order = (unsigned int)(seed % 5);
			pfn = (unsigned long)(seed >> 8) % 0x400 & ~((1UL << order) - 1);
			if (slot < 20 && usable_by_pages(o, pfn, order))
				oracle_note_alloc(o, slot, pfn, order, gfp);
			else if (slot >= 20)
				oracle_note_isolate(o, pfn + 3, pfn + 3 + (seed >> 40) % 150, true);
		}
		/* whole words with no usable page, which the failure scan skips */
		for (pfn = 0; round >= 4 && pfn < 0x400; pfn += 0x40)
			if ((seed >> (pfn / 0x40)) & 1)
				oracle_note_isolate(o, pfn, pfn + 0x40, true);
		for (order = 0; order <= 9; order++) {
			struct oracle_req req = { .gfp = gfp, .order = order, .nid = 0 };
			struct oracle_req fail = { .gfp = gfp | GFPF_NO_WATERMARKS, .order = order };
			bool any = false;

			for (pfn = 0; pfn < 0x400; pfn += 1UL << order) {
				struct oracle_verdict v = { 0 };
				bool quick = oracle_check_alloc(o, &req, pfn, NULL);

				usable += quick;
				any |= usable_by_pages(o, pfn, order);
				bad += quick != usable_by_pages(o, pfn, order);
				disagree += quick != oracle_check_alloc(o, &req, pfn, &v);
			}
			/* a failure is legitimate exactly when no block of the order is usable */
			wrong_failure += oracle_check_failure(o, &fail, NULL) == any;
			failures += !any;
		}
		oracle_destroy(o);
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(disagree, 0);
	EXPECT_EQ(wrong_failure, 0);
	EXPECT_GT(usable, 100);	/* the maps left real free blocks to find */
	EXPECT_GT(failures, 8);	/* and orders with none, whose failures are legitimate */
}

/* Every page of the block free (isolated or not), as note_alloc requires. */
static bool all_free(const struct oracle *o, unsigned long pfn, unsigned int order)
{
	unsigned long p;

	for (p = pfn; p < pfn + (1UL << order); p++)
		if (oracle_state_of(o, p) != ORC_FREE)
			return false;
	return true;
}

/*
 * Random allocations, frees, migrations and isolations (blocks across
 * zone and node edges included), with every (node, zone)'s free and
 * isolated free counts recounted from the pages after each step: the
 * word-at-a-time set_block path and the page loop must keep them exact.
 */
static void test_counts_random(void)
{
	uint64_t x = 0x51ed27b3c0ffee11ULL;
	unsigned int round, step, wrong = 0, allocs = 0;

	TEST_BEGIN("counts_random/recount");
	for (round = 0; round < 6; round++) {
		struct oracle *o = round & 1 ? movable_map(0x300, 0x1c3 + round, true) : std_map();

		for (step = 0; step < 300; step++) {
			unsigned int slot = (unsigned int)(rnd(&x) % 16), order = (unsigned int)(rnd(&x) % 8);
			unsigned long pfn = (unsigned long)(rnd(&x) % 0x400) & ~((1UL << order) - 1);
			const struct oracle_slot *sl = oracle_slot(o, slot);
			unsigned long want[ORACLE_MAX_NODES][ORACLE_NR_ZONES][2], p;
			int n, z;

			switch (rnd(&x) % 4) {
			case 0:
			case 1:
				if (!sl->live && pfn + (1UL << order) <= 0x400 && all_free(o, pfn, order)) {
					oracle_note_alloc(o, slot, pfn, order, 0);
					allocs++;
				} else if (sl->live)
					oracle_note_free(o, slot);
				break;
			case 2:
				if (sl->live && pfn + (1UL << sl->order) <= 0x400 &&
				    usable_by_pages(o, pfn & ~((1UL << sl->order) - 1), sl->order))
					oracle_note_migrate(o, slot, pfn & ~((1UL << sl->order) - 1), NULL);
				break;
			default:
				oracle_note_isolate(o, pfn, pfn + rnd(&x) % 200, rnd(&x) & 1);
				break;
			}
			memset(want, 0, sizeof(want));
			for (p = 0; p < 0x400; p++)
				if (oracle_state_of(o, p) == ORC_FREE && oracle_zone_of(o, p) != ORACLE_NO_ZONE)
					want[oracle_node_of(o, p)][oracle_zone_of(o, p)][oracle_is_isolated(o, p)]++;
			for (n = 0; n < 2; n++)
				for (z = 0; z < ORACLE_NR_ZONES; z++)
					wrong += oracle_free_pages(o, n, z) != want[n][z][0] ||
						 !oracle_check_zone_free(o, n, z, want[n][z][0] + want[n][z][1],
									 NULL);
		}
		oracle_destroy(o);
	}
	EXPECT_EQ(wrong, 0);
	EXPECT_GT(allocs, 300);	/* the sequences really allocated and freed */
}

int main(void)
{
	test_boot_random();
	test_block_scan();
	test_counts_random();
	return test_main_end();
}
