// SPDX-License-Identifier: MIT
/*
 * mb_diff.c - the boot-phase differential (mb_diff.h): one scenario's
 * memblock ops on two memblock ports in lockstep, everything either port
 * reports compared after each op, the first difference reported with
 * both states side by side.
 *
 * The judge reads the ports only through mb_port_ops; what it knows
 * about memblock is the list of intended deviations below, each named
 * after the Linux function it concerns, so that the differential does not
 * report it again.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/diff/mb_diff.h"

/* What one port reported after one op. */
struct side {
	struct mb_port_result res;
	unsigned long cnt[MB_PORT_NR_TYPES];
	unsigned long max[MB_PORT_NR_TYPES];
	uint64_t total[MB_PORT_NR_TYPES];
	uint64_t array_base[MB_PORT_NR_TYPES];
	uint64_t array_bytes[MB_PORT_NR_TYPES];
	struct mb_port_region *regions[MB_PORT_NR_TYPES];
	unsigned long cap[MB_PORT_NR_TYPES];	/* entries regions[] has room for */
};

static const char *const type_name[MB_PORT_NR_TYPES] = { "memory", "reserved" };

static void collect(void *arg, enum mb_port_type type, const struct mb_port_array *a)
{
	struct side *s = arg;

	if (a->cnt > s->cap[type]) {
		free(s->regions[type]);
		s->cap[type] = a->cnt * 2;
		s->regions[type] = malloc(s->cap[type] * sizeof(*s->regions[type]));
		if (!s->regions[type])
			abort();
	}
	s->cnt[type] = a->cnt;
	s->max[type] = a->max;
	s->total[type] = a->total_size;
	s->array_base[type] = a->array_base;
	s->array_bytes[type] = a->array_bytes;
	if (a->cnt)
		memcpy(s->regions[type], a->regions, a->cnt * sizeof(*a->regions));
}

static bool region_equal(const struct mb_port_region *x, const struct mb_port_region *y)
{
	return x->base == y->base && x->size == y->size && x->flags == y->flags &&
	       x->nid == y->nid;
}

/*
 * Intended deviations of the reference from Linux.  The only one found so
 * far is a difference of spelling between the trace language and a
 * kernel API, so the linux port translates it and says so (mb_port_linux.c:
 * max=1, which memblock_find_in_range_node() reads as
 * MEMBLOCK_ALLOC_NOLEAKTRACE).  The one deviation in behaviour is where
 * Linux has a bug: memblock_double_array() may copy the reserved array over
 * the memory array it is installing; the reference keeps the two apart
 * (alloc/memblock.c, double_array()), the linux port reports the overlap
 * as its known_bug, and the run stops there.  The linux port also stops a
 * run where Linux itself stops (a BUG_ON(), or a memcpy() between
 * overlapping arrays): see mb_port_linux.c, bug_result().
 *
 * One deviation in behaviour is by design: an op that fails after it
 * grew an array (an add or reserve needing two doublings, the second
 * without room) is undone whole by the reference (alloc/memblock.c,
 * op_end()), while Linux's memblock_add_range() and
 * memblock_isolate_range() return -ENOMEM and keep the first doubling.
 * The linux port reports it as its deviation (mb_port_linux.c) and the
 * run stops there.  The judge's model accepts both (oracle/mb_model.c,
 * mbm_judge_growth()).
 */

/* The first field that differs, written into @field; false if none. */
static bool compare(const struct side *a, const struct side *b, char *field, size_t len)
{
	unsigned int t;
	unsigned long i;

	if (a->res.ok != b->res.ok) {
		snprintf(field, len, "result");
		return true;
	}
	if (a->res.addr != b->res.addr) {
		snprintf(field, len, "alloc_addr");
		return true;
	}
	for (t = 0; t < MB_PORT_NR_TYPES; t++) {
		if (a->cnt[t] != b->cnt[t] || a->max[t] != b->max[t] ||
		    a->total[t] != b->total[t]) {
			snprintf(field, len, "%s.%s", type_name[t],
				 a->cnt[t] != b->cnt[t] ? "cnt" :
				 a->max[t] != b->max[t] ? "max" : "total_size");
			return true;
		}
		if (a->array_base[t] != b->array_base[t] || a->array_bytes[t] != b->array_bytes[t]) {
			snprintf(field, len, "%s.array", type_name[t]);
			return true;
		}
		for (i = 0; i < a->cnt[t]; i++)
			if (!region_equal(&a->regions[t][i], &b->regions[t][i])) {
				snprintf(field, len, "%s.region", type_name[t]);
				return true;
			}
	}
	return false;
}

static const char *op_word(const struct scn_boot_op *op)
{
	static const char *const words[NR_BOOT_KINDS] = {
		[BOOT_MB_ADD] = "memblock_add", [BOOT_MB_RESERVE] = "memblock_reserve",
		[BOOT_MB_REMOVE] = "memblock_remove", [BOOT_MB_FREE] = "memblock_free",
		[BOOT_MB_ALLOC] = "memblock_alloc",
	};

	return op->kind < NR_BOOT_KINDS ? words[op->kind] : "?";
}

#define COL	78	/* width of the left column */

static void format_region(char *buf, size_t len, unsigned long i, const struct mb_port_region *r)
{
	snprintf(buf, len, "  [%lu] base=0x%016" PRIx64 " size=0x%016" PRIx64 " nid=%d flags=0x%x",
		 i, r->base, r->size, r->nid, r->flags);
}

static void print_type(FILE *out, unsigned int t, const struct side *a, const struct side *b)
{
	unsigned long n = a->cnt[t] > b->cnt[t] ? a->cnt[t] : b->cnt[t], i;
	char l[128], r[128];

	snprintf(l, sizeof(l), "memblock.%s: cnt=%lu max=%lu total_size=0x%" PRIx64
		 " array=0x%" PRIx64 "+0x%" PRIx64, type_name[t], a->cnt[t], a->max[t],
		 a->total[t], a->array_base[t], a->array_bytes[t]);
	snprintf(r, sizeof(r), "memblock.%s: cnt=%lu max=%lu total_size=0x%" PRIx64
		 " array=0x%" PRIx64 "+0x%" PRIx64, type_name[t], b->cnt[t], b->max[t],
		 b->total[t], b->array_base[t], b->array_bytes[t]);
	fprintf(out, "%c %-*s | %s\n", strcmp(l, r) ? '*' : ' ', COL, l, r);
	for (i = 0; i < n; i++) {
		l[0] = r[0] = '\0';
		if (i < a->cnt[t])
			format_region(l, sizeof(l), i, &a->regions[t][i]);
		if (i < b->cnt[t])
			format_region(r, sizeof(r), i, &b->regions[t][i]);
		fprintf(out, "%c %-*s | %s\n", strcmp(l, r) ? '*' : ' ', COL, l, r);
	}
}

static void report(const struct scenario *s, unsigned int idx, const struct mb_diff_opts *o,
		   const struct side *a, const struct side *b, const char *field,
		   struct mb_diff_result *r)
{
	FILE *out = o->out;
	const struct scn_boot_op *op = &s->boot[idx];
	char l[64], rr[64];
	unsigned int i;

	snprintf(r->signature, sizeof(r->signature), "mbdiff:%s:%s", field, op_word(op));
	r->differ = true;
	if (!out)
		return;
	fprintf(out, "mbdiff: %s and %s differ in %s after boot op %u", o->a->name, o->b->name,
		field, idx + 1);
	if (op->line)
		fprintf(out, " (line %u)", op->line);
	fputs(": ", out);
	scenario_print_boot_op(op, out);
	snprintf(l, sizeof(l), "%s: %s addr=0x%" PRIx64, o->a->name, a->res.ok ? "ok" : "failed",
		 a->res.addr);
	snprintf(rr, sizeof(rr), "%s: %s addr=0x%" PRIx64, o->b->name, b->res.ok ? "ok" : "failed",
		 b->res.addr);
	fprintf(out, "%c %-*s | %s\n", strcmp(l + strlen(o->a->name), rr + strlen(o->b->name)) ?
		'*' : ' ', COL, l, rr);
	for (i = 0; i < MB_PORT_NR_TYPES; i++)
		print_type(out, i, a, b);
	fputs("# the boot ops up to here, as a .trace:\n", out);
	for (i = 0; i <= idx; i++)
		scenario_print_boot_op(&s->boot[i], out);
	fprintf(out, "signature  %s\n", r->signature);
	fflush(out);
}

static void free_side(struct side *s)
{
	unsigned int t;

	for (t = 0; t < MB_PORT_NR_TYPES; t++)
		free(s->regions[t]);
}

/**
 * mb_diff_run - play every boot op of @s on both ports, compare after each.
 * @s: the scenario (its run-phase ops are ignored)
 * @o: the two ports and where to report
 * @r: the outcome
 * Return: 0 agreed, 1 a difference (reported), 2 a port could not be created.
 */
int mb_diff_run(const struct scenario *s, const struct mb_diff_opts *o,
		struct mb_diff_result *r)
{
	struct side sa = { 0 }, sb = { 0 };
	void *ma = o->a->create(), *mb = o->b->create();
	char field[64];
	unsigned int i;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	if (!ma || !mb) {
		if (o->out)
			fprintf(o->out, "mbdiff: could not create the %s memblock\n",
				ma ? o->b->name : o->a->name);
		ret = 2;
		goto out;
	}
	for (i = 0; i < s->nr_boot && i < SCN_MAX_BOOT_OPS; i++) {
		const struct scn_boot_op *op = &s->boot[i];

		sa.res = o->a->op(ma, op);
		sb.res = o->b->op(mb, op);
		o->a->report(ma, collect, &sa);
		o->b->report(mb, collect, &sb);
		r->ops_run++;
		if (o->verbose && o->out) {
			scenario_print_boot_op(op, o->out);
			fprintf(o->out, "  -> %s %s 0x%" PRIx64 ", %s %s 0x%" PRIx64 "\n",
				o->a->name, sa.res.ok ? "ok" : "failed", sa.res.addr,
				o->b->name, sb.res.ok ? "ok" : "failed", sb.res.addr);
		}
		/*
		 * A port broken by a bug it knows, or past an intended deviation:
		 * the rest would compare garbage, or differ by design.
		 */
		if (sa.res.known_bug || sb.res.known_bug || sa.res.deviation || sb.res.deviation) {
			bool bug = sa.res.known_bug || sb.res.known_bug;
			bool on_a = bug ? sa.res.known_bug != NULL : sa.res.deviation != NULL;
			const char *why = bug ? (on_a ? sa.res.known_bug : sb.res.known_bug) :
					  (on_a ? sa.res.deviation : sb.res.deviation);

			if (bug)
				r->known_bug = why;
			else
				r->deviation = why;
			if (o->out && !o->quiet_stops)
				fprintf(o->out, "mbdiff: boot op %u: %s: %s; not compared further\n",
					i + 1, on_a ? o->a->name : o->b->name, why);
			break;
		}
		if (!compare(&sa, &sb, field, sizeof(field)))
			continue;
		report(s, i, o, &sa, &sb, field, r);
		ret = 1;
		break;
	}
out:
	if (ma)
		o->a->destroy(ma);
	if (mb)
		o->b->destroy(mb);
	free_side(&sa);
	free_side(&sb);
	if (ret == 1 && o->abort_on_diff)
		abort();
	return ret;
}
