// SPDX-License-Identifier: MIT
/*
 * run_corrupt.c - `corrupt WHAT PFN`: can the port's self-check fail?
 *
 * The port breaks one named piece of its own metadata (port_ops.corrupt,
 * SCN_CAP_CORRUPT; the pieces are enum pf_corrupt of vocab.h).  Its
 * self-check must then report a violation: check_touched() runs first (the
 * incremental walk may or may not see it; it is counted, not judged), then
 * check_all() with a limit of 1, which must report exactly one (none is
 * `selfcheck.missed_corruption`, more is `selfcheck.limit_ignored`: the
 * limit is the port's promise, port.h), then check_all() with no limit
 * for the count the replayer prints.  Either way the run ends there: the
 * state is broken on purpose, so no later op and no end-of-run check
 * means anything; the instance is only destroyed.
 *
 * A port with no such piece now (PF_ENOENT) or none in its design
 * (PF_ENOTSUP) changes nothing: the run goes on, and the usual checks after
 * the op see that nothing changed.  Any other answer is reported.
 */
#include <stdio.h>
#include <string.h>
#include "run_internal.h"

struct seen {
	unsigned int n;
	char first[160];
};

static void count_violation(void *arg, const char *id, unsigned long pfn, const char *detail)
{
	struct seen *s = arg;

	if (!s->n++) {
		if (pfn == ~0UL)
			snprintf(s->first, sizeof(s->first), "%s (%s)", id, detail);
		else
			snprintf(s->first, sizeof(s->first), "%s at pfn 0x%lx (%s)", id, pfn, detail);
	}
}

bool run_corrupt(struct run_ctx *c, const struct scn_op *op)
{
	const char *what = scn_corrupt_name(op->arg);
	struct seen touched = { 0 }, first = { 0 }, all = { 0 };
	unsigned int n;
	unsigned long where = ~0UL;
	int err = c->port->corrupt(c->p, op->arg, (unsigned long)op->pfn, &where);

	if (err) {
		c->last = LAST_FAILED;
		run_note(c, "  -> %s: nothing broken\n", run_strerror(err));
		if (err != PF_ENOENT && err != PF_ENOTSUP)
			return run_fail(c, "port.corrupt_error", 0, 0, "corrupt %s 0x%llx: error %d "
					"(%s), where only ENOENT or ENOTSUP may say nothing was broken",
					what, (unsigned long long)op->pfn, err, run_strerror(err));
		return true;
	}
	c->last = LAST_OK;
	if (c->port->check_touched)
		c->port->check_touched(c->p, count_violation, &touched, 0);
	n = c->port->check_all(c->p, count_violation, &first, 1);
	if (first.n > 1 || n > 1)
		return run_fail(c, "selfcheck.limit_ignored", 0, 0, "corrupt %s 0x%llx: a self-check "
				"limited to 1 violation reported %u (returned %u)", what,
				(unsigned long long)op->pfn, first.n, n);
	c->port->check_all(c->p, count_violation, &all, 0);
	if (!first.n || !all.n)
		return run_fail(c, "selfcheck.missed_corruption", where == ~0UL ? 0 : where,
				where == ~0UL ? 0 : where + 1, "corrupt %s 0x%llx: the port broke it "
				"(pfn %s0x%lx) but its full self-check reports nothing%s", what,
				(unsigned long long)op->pfn, where == ~0UL ? "none, " : "", where,
				touched.n ? " (its incremental check did)" : "");
	snprintf(c->r->ended_by, sizeof(c->r->ended_by),
		 "ended by `corrupt %s`: the self-check reports %u violation%s (the incremental "
		 "one %u), first %s", what, all.n, all.n == 1 ? "" : "s", touched.n, all.first);
	run_note(c, "  -> %s\n", c->r->ended_by);
	c->corrupted = true;
	return false;
}
