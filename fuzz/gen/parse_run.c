/* SPDX-License-Identifier: MIT */
/*
 * parse_run.c - run-phase lines of a .trace.  The op's OPF_* fields
 * (ops.def) drive it: positional arguments in a fixed order (NAME, PFN,
 * NR_PAGES, ORDER, ok|fail, dump name), then key=value arguments in any
 * order, then an optional `-> NAME`.  A key the kind does not take is an
 * error; a key left out takes the default that print.c leaves out.
 */
#include <string.h>
#include <pagefuzz/vocab.h>
#include "parse_internal.h"

static int match_op(struct parser *p, unsigned int *kind, unsigned int *next)
{
	for (unsigned int k = 0; k < NR_OP_KINDS; k++) {
		const char *name = ops_desc[k].name, *sp = strchr(name, ' ');

		if (!sp && strcmp(name, p->tok[0]) == 0) {
			*next = 1;
		} else if (sp && strlen(p->tok[0]) == (size_t)(sp - name) &&
			   strncmp(name, p->tok[0], (size_t)(sp - name)) == 0 && p->ntok > 1 &&
			   strcmp(sp + 1, p->tok[1]) == 0) {
			*next = 2;
		} else {
			continue;
		}
		*kind = k;
		return 0;
	}
	if (strcmp(p->tok[0], "misuse") == 0)
		return parse_fail(p, p->tok[p->ntok > 1], "expected double_free, wrong_order or free_pfn");
	return parse_fail(p, p->tok[0], "unknown op");
}

static int parse_order(struct parser *p, const char *tok, const char *text, struct scn_op *op)
{
	uint64_t v;

	if (parse_number(p, tok, text, 0, PF_MAX_ORDER_LIMIT, false, &v))
		return -1;
	if (v > p->s->cfg.max_order)
		return parse_fail(p, tok, "order > max_order %u", p->s->cfg.max_order);
	op->order = (uint8_t)v;
	return 0;
}

/*
 * `expect ok=K [fail=M]` or `expect fail=M`: of the N runs of the op
 * before (`x N`; 1 for any other op; expect, dump and check lines are
 * looked past), the first K succeeded and the other M = N - K failed.  Only the first token is read here (@t); a second one
 * is the op's only keyed argument, read by expect_fail_key().
 */
static int parse_expect_count(struct parser *p, const char *t, struct scn_op *op)
{
	uint64_t runs = scenario_runs_before(p->s, p->s->nr_ops), v;
	const char *ok = parse_key_value(t, "ok"), *fail = parse_key_value(t, "fail");

	if (!ok && !fail)
		return parse_fail(p, t, "expected ok, fail, ok=K or fail=M");
	if (!runs)
		return parse_fail(p, t, "a counting expect needs an op before it");
	if (parse_number(p, t, ok ? ok : fail, 0, runs, false, &v))
		return -1;
	op->arg = EXPECT_COUNT;
	op->times = (uint32_t)(ok ? v : runs - v);
	return 0;
}

/* The `fail=M` after `expect ok=K`: M must be what is left of the N runs. */
static int expect_fail_key(struct parser *p, const char *t, struct scn_op *op)
{
	uint64_t runs = scenario_runs_before(p->s, p->s->nr_ops), v;
	const char *fail = parse_key_value(t, "fail");

	if (!fail || op->arg != EXPECT_COUNT || !parse_key_value(p->tok[1], "ok"))
		return 1;
	if (parse_number(p, t, fail, 0, runs, false, &v))
		return -1;
	if (op->times + v != runs)
		return parse_fail(p, t, "ok + fail must be %llu, the runs of the op before",
				  (unsigned long long)runs);
	return 0;
}

/* One positional argument of @field; the token is there. */
static int positional(struct parser *p, unsigned int field, const char *t, struct scn_op *op)
{
	unsigned int slot;
	int w;

	switch (field) {
	case OPF_REF:
		if (parse_name_slot(p, t, &slot))
			return -1;
		op->slot = slot;
		return 0;
	case OPF_PFN:
		return parse_number(p, t, t, 0, SCN_MAX_OP_PFN, false, &op->pfn);
	case OPF_NR:
		return parse_number(p, t, t, 1, SCN_MAX_NR_PAGES, false, &op->nr_pages);
	case OPF_ORDER:
		return parse_order(p, t, t, op);
	case OPF_EXPECT:
		if (!strcmp(t, "ok") || !strcmp(t, "fail")) {
			op->arg = strcmp(t, "ok") == 0 ? EXPECT_OK : EXPECT_FAIL;
			return 0;
		}
		return parse_expect_count(p, t, op);
	case OPF_CALL:
		w = parse_lookup_word(ops_call_names, PF_NR_BAD_CALLS, t);
		if (w < 0)
			return parse_fail(p, t, "no such bad call (fuzz/gen/TRACE.md lists them)");
		op->arg = (uint8_t)w;
		return 0;
	case OPF_CORRUPT:
		w = parse_lookup_word(ops_corrupt_names, PF_NR_CORRUPT, t);
		if (w < 0)
			return parse_fail(p, t, "no such corruption (fuzz/gen/TRACE.md lists them)");
		op->arg = (uint8_t)w;
		return 0;
	default:
		w = parse_lookup_word(ops_dump_names, NR_DUMPS, t);
		if (w < 0)
			return parse_fail(p, t, "expected buddyinfo, pagetypeinfo, zoneinfo or memblock");
		op->arg = (uint8_t)w;
		return 0;
	}
}

static int keyed_cpu(struct parser *p, const char *t, const char *v, unsigned int f,
		     struct scn_op *op)
{
	uint64_t n;

	if ((f & OPF_CPU_ALL) && strcmp(v, "all") == 0) {
		op->cpu = -1;
		return 0;
	}
	if (parse_number(p, t, v, 0, SCN_MAX_CPUS - 1, false, &n))
		return -1;
	if (n >= p->s->cfg.nr_cpus)
		return parse_fail(p, t, "cpu >= cpus=%u", p->s->cfg.nr_cpus);
	op->cpu = (int8_t)n;
	return 0;
}

/* One key=value argument.  Return: 0, -1 on error, 1 if @t is no key of @f. */
static int keyed(struct parser *p, const char *t, unsigned int f, struct scn_op *op,
		 bool *have_order)
{
	const char *v;
	uint64_t n;
	int w;

	if ((f & OPF_GFP) && (v = parse_key_value(t, "gfp")))
		return scn_gfp_parse(v, &op->gfp) ? parse_fail(p, t, "unknown gfp flag") : 0;
	if ((f & (OPF_CPU | OPF_CPU_ALL)) && (v = parse_key_value(t, "cpu")))
		return keyed_cpu(p, t, v, f, op);
	if ((f & OPF_NID) && (v = parse_key_value(t, "nid"))) {
		if (parse_number(p, t, v, 0, SCN_MAX_NODES - 1, false, &n))
			return -1;
		if (n >= p->s->cfg.nr_nodes)
			return parse_fail(p, t, "nid >= nodes=%u", p->s->cfg.nr_nodes);
		op->nid = (int8_t)n;
		return 0;
	}
	if ((f & OPF_ZONE) && (v = parse_key_value(t, "zone"))) {
		w = parse_lookup_word(ops_zone_names, PF_NR_ZONES, v);
		if (w < 0)
			return parse_fail(p, t, "zone is DMA, DMA32, Normal or Movable");
		op->zone = (int8_t)w;
		return 0;
	}
	if ((f & OPF_PIN) && strcmp(t, "pinned") == 0) {
		op->arg = 1;
		return 0;
	}
	if ((f & OPF_ORDER_KEY) && (v = parse_key_value(t, "order"))) {
		*have_order = true;
		return parse_order(p, t, v, op);
	}
	if (f & OPF_EXPECT)
		return expect_fail_key(p, t, op);
	return 1;
}

/* `x N` (the op runs N times); @i is at the `x`. */
static int parse_times(struct parser *p, unsigned int *i, struct scn_op *op)
{
	uint64_t n;

	if (*i + 1 == p->ntok)
		return parse_fail(p, p->tok[*i], "missing N after x");
	if (parse_number(p, p->tok[*i + 1], p->tok[*i + 1], 1, SCN_MAX_TIMES, false, &n))
		return -1;
	op->times = n == 1 ? 0 : (uint32_t)n;
	(*i)++;
	return 0;
}

/* Keyed arguments, `x N` and the optional `-> NAME`, from token @i on. */
static int op_options(struct parser *p, unsigned int i, unsigned int f, struct scn_op *op)
{
	bool have_order = false, bound = false, repeated = false;
	unsigned int slot;
	int rc;

	for (; i < p->ntok; i++) {
		const char *t = p->tok[i];

		if ((f & OPF_TIMES) && strcmp(t, "x") == 0 && !repeated) {
			if (parse_times(p, &i, op))
				return -1;
			repeated = true;
			continue;
		}

		if ((f & OPF_CPU_ALL) && strcmp(t, "all") == 0) {
			op->cpu = -1;	/* `drain all`: the same as `drain` and `drain cpu=all` */
			continue;
		}
		if ((f & OPF_BIND) && strcmp(t, "->") == 0 && i + 2 == p->ntok) {
			if (repeated)
				return parse_fail(p, t, "a repeated op (x N) binds no name");
			if (parse_name_slot(p, p->tok[++i], &slot))
				return -1;
			op->slot = slot;
			bound = true;
			continue;
		}
		rc = keyed(p, t, f, op, &have_order);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return parse_fail(p, t, "unexpected here");
	}
	if ((f & OPF_ORDER_KEY) && !have_order)
		return parse_fail(p, p->tok[0], "missing order=N");
	if ((f & OPF_BIND) && !bound)
		op->slot = SCN_SLOT_NONE;	/* an unnamed allocation takes no name */
	return 0;
}

int parse_run_line(struct parser *p)
{
	static const unsigned int order[] = {
		OPF_CALL, OPF_CORRUPT, OPF_REF, OPF_PFN, OPF_NR, OPF_ORDER, OPF_EXPECT, OPF_DUMP,
	};
	static const char *const what[] = { "CALL", "WHAT", "NAME", "PFN", "NR_PAGES", "ORDER",
					    "ok|fail", "WHAT" };
	struct scn_op *op;
	unsigned int kind = 0, i = 0, f;	/* set by match_op(); gcc -O2 cannot see it */

	if (match_op(p, &kind, &i))
		return -1;
	if (!p->s->booted)
		return parse_fail(p, p->tok[0], "run op before `boot`");
	op = scenario_new_op(p->s);
	if (!op)
		return parse_fail(p, p->tok[0], "%s %u ops", p->s->nr_ops == SCN_MAX_TRACE_OPS ?
				  "more than" : "out of memory after", p->s->nr_ops);
	ops_clear(op, kind);
	op->line = p->line;
	f = ops_desc[kind].fields;
	if (f & OPF_GFP)
		op->gfp = GFPF_KERNEL;
	if (f & OPF_CPU_ALL)
		op->cpu = -1;
	for (unsigned int k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		if (!(f & order[k]))
			continue;
		if (i == p->ntok)
			return parse_fail(p, p->tok[i - 1], "missing %s", what[k]);
		if (positional(p, order[k], p->tok[i++], op))
			return -1;
	}
	if (op_options(p, i, f, op))
		return -1;
	p->s->nr_ops++;
	return 0;
}
