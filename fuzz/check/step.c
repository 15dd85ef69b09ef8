// SPDX-License-Identifier: MIT
/*
 * step.c - run_scenario() taken apart for the C reproducers (step.h): the
 * same setup, judging halves and checks as run.c and run_boot.c, with the
 * port calls left to the caller.  No op loop here: the caller is the loop,
 * written out one op at a time.
 */
#include <stdlib.h>
#include <string.h>
#include "run_internal.h"
#include "step.h"

struct run_ctx *step_open(const struct scenario *s, const struct run_opts *opts,
			  struct run_result *result)
{
	struct run_ctx *c = run_ctx_new(s, opts, result);

	if (!c)
		return NULL;
	if (run_slots_setup(c))
		run_boot_setup(c);
	return c;
}

bool step_ok(const struct run_ctx *c)
{
	return !c->failed && c->mbm_live;
}

const struct port_env *step_env(const struct run_ctx *c)
{
	return &c->env;
}

bool step_created(struct run_ctx *c, void *p, int err)
{
	c->p = p;
	return run_boot_created(c, err);
}

void step_mb_op(const struct run_ctx *c, unsigned int i, struct port_mb_op *op)
{
	run_to_port_op(&c->s->boot[i], op);
}

bool step_judge_memblock(struct run_ctx *c, unsigned int i, const struct port_mb_op *op,
			 int err, uint64_t addr)
{
	c->cur_boot = (int)i;
	return run_judge_memblock(c, op, err, addr);
}

bool step_boot_op(struct run_ctx *c, unsigned int i)
{
	c->cur_boot = (int)i;
	return run_play_boot_op(c, &c->s->boot[i]);
}

bool step_boot(struct run_ctx *c)
{
	c->cur_boot = -1;
	return c->s->booted && run_boot_machine(c);
}

bool step_begin(struct run_ctx *c, unsigned int i, uint32_t run)
{
	c->cur_op = (int)i;
	c->cur_run = run;
	c->reason[0] = 0;
	c->step_skipped = c->r->ops_skipped;
	if (run_supported(c, scenario_op(c->s, i)))
		return true;
	run_skip(c, "not supported by this port (yet)");
	return false;
}

bool step_alloc_prepare(struct run_ctx *c, const struct scn_op *op, unsigned int *slot)
{
	return run_alloc_prepare(c, op, slot);
}

bool step_judge_alloc(struct run_ctx *c, const struct scn_op *op, unsigned int slot, int err,
		      unsigned long pfn)
{
	return run_judge_alloc(c, op, slot, err, pfn);
}

bool step_free_prepare(struct run_ctx *c, const struct scn_op *op, unsigned long *pfn,
		       unsigned int *order)
{
	return run_free_live(c, op) &&
	       run_free_prepare(c, op->slot, (unsigned int)op->cpu, pfn, order);
}

bool step_judge_free(struct run_ctx *c, const struct scn_op *op, unsigned long pfn,
		     unsigned int order, int err)
{
	return run_judge_free(c, op->slot, pfn, order, (unsigned int)op->cpu, err);
}

bool step_judge_drain(struct run_ctx *c, const struct scn_op *op, int err)
{
	return run_judge_drain(c, op, err);
}

bool step_op(struct run_ctx *c, const struct scn_op *op)
{
	return run_do_op(c, op);
}

bool step_after(struct run_ctx *c, const struct scn_op *op, uint32_t run)
{
	if (c->failed)
		return false;
	if (c->corrupted) {	/* a `corrupt` op ended the run (run_corrupt.c) */
		c->r->ops_run++;
		return false;
	}
	if (c->r->ops_skipped == c->step_skipped)
		c->r->ops_run++;
	run_note_run(c, op, run == 0);
	return run_check_step(c);
}

bool step_end(struct run_ctx *c)
{
	if (c->corrupted)
		return true;	/* a `corrupt` op ended the run (run_corrupt.c) */
	c->cur_op = c->s->nr_ops ? (int)c->s->nr_ops - 1 : -1;
	c->last_walk = true;
	if (!run_check_all(c))
		return false;
	if (run_end_checks(c))
		run_check_zones(c, false);
	return !c->failed;
}

enum run_status step_close(struct run_ctx *c)
{
	enum run_status st;

	if (!c)
		return RUN_OK;
	st = c->r->status;
	run_teardown(c);
	run_slots_teardown(c);
	if (c->port->set_abort_hook)
		c->port->set_abort_hook(NULL, NULL);
	free(c);
	return st;
}
