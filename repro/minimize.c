// SPDX-License-Identifier: MIT
/*
 * minimize.c - shrink a failing scenario to a small one that fails the
 * same way, and write it as a .trace and as a binary fuzz input.
 *
 *   minimize [--port NAME] [--no-fork] [--verbose] IN [-o OUT]
 *
 * IN is a crash file or a .trace.  The signature to keep is the one IN's
 * own run reports (the runner's `signature` line).  The passes of
 * shrink.h run in rounds (ops, boot ops and map, machine config, op
 * fields, slot names) until a round changes nothing, once from IN's
 * scenario and once from its bytes shrunk byte-wise; the smaller result
 * is written.  Candidates run in a worker process unless --no-fork.
 * Progress goes to stderr, a line per round.  OUT (default IN.min) gets ".trace" and
 * ".bin": the .trace starts with a header naming the port and the
 * signature (input.h) and replays on its own.  Deterministic: the same IN
 * gives the same OUT.
 *
 * Exit status: 0 minimized and written, 1 IN does not fail (nothing to
 * keep), 2 bad usage or input, or the result could not be written.
 */
#include <stdlib.h>
#include <string.h>
#include "input.h"
#include "shrink.h"

struct min_args {
	const struct port_ops *port;
	const char *in, *out;
	bool fork, verbose;
};

static int usage(void)
{
	fprintf(stderr, "usage: minimize [--port NAME] [--no-fork] [--verbose] IN [-o OUT]\n"
			"  writes OUT.trace and OUT.bin (default OUT: IN.min); ports:\n");
	port_list(stderr);
	return 2;
}

static int parse_args(int argc, char **argv, struct min_args *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			a->port = port_find(argv[++i]);
			if (!a->port) {
				fprintf(stderr, "minimize: no port '%s'\n", argv[i]);
				return usage();
			}
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			a->out = argv[++i];
		} else if (!strcmp(argv[i], "--no-fork")) {
			a->fork = false;
		} else if (!strcmp(argv[i], "--verbose")) {
			a->verbose = true;
		} else if (argv[i][0] == '-' || a->in) {
			return usage();
		} else {
			a->in = argv[i];
		}
	}
	return a->in ? 0 : usage();
}

/*
 * A .trace of more than SCN_MAX_OPS ops (the passes work on the fixed
 * array): cut after the failing op, if it is one of the first ones.
 */
static bool fits_ops(struct shrink *sh, struct scenario *s, const char *path)
{
	struct run_result r;

	if (shrink_run(sh, s, &r) == RUN_FAILED && r.failed_op >= 0 &&
	    r.failed_op < SCN_MAX_OPS) {
		s->nr_ops = (unsigned int)r.failed_op + 1;
		scenario_release(s);
		return true;
	}
	fprintf(stderr, "minimize: %s: %u ops, and it does not fail within the first %u: "
		"too long to minimize\n", path, s->nr_ops, SCN_MAX_OPS);
	return false;
}

static int minimize(const struct min_args *a, struct scenario *s, struct scn_names *names)
{
	struct repro_input in;
	struct shrink sh;
	struct run_result r;
	unsigned int ops_before;
	size_t bytes_before;
	double t0 = shrink_now();
	int rc = repro_load(a->in, a->port, s, names, &in);

	if (rc)
		return rc;
	if (shrink_init(&sh, in.port, in.is_trace))
		return 2;
	if (s->nr_ops > SCN_MAX_OPS && !fits_ops(&sh, s, a->in)) {
		shrink_fini(&sh);
		return 2;
	}
	sh.isolate = a->fork;
	sh.verbose = a->verbose;
	if (shrink_run(&sh, s, &r) != RUN_FAILED) {
		fprintf(stderr, "minimize: %s runs clean on port %s: nothing to minimize\n", a->in,
			in.port->name);
		shrink_fini(&sh);
		return 1;
	}
	snprintf(sh.signature, sizeof(sh.signature), "%s", r.signature);
	ops_before = shrink_nr_ops(s);
	bytes_before = in.is_trace && !scenario_encodable(s) ? shrink_encoded_bytes(s) : in.bytes;
	fprintf(stderr, "minimize: %s: %u ops, %zu bytes, signature %s\n", a->in, ops_before,
		bytes_before, sh.signature);
	sh.progress = true;
	shrink_minimize(&sh, s);
	shrink_check_printed(&sh, s);
	rc = shrink_write(a->out, a->in, &sh, s, ops_before, bytes_before);
	fprintf(stderr, "minimize: %u -> %u ops in %lu runs, %.1f s\n", ops_before,
		shrink_nr_ops(s), sh.runs, shrink_now() - t0);
	shrink_fini(&sh);
	return rc;
}

int main(int argc, char **argv)
{
	struct min_args a = { NULL, NULL, NULL, true, false };
	struct scenario *s = calloc(1, sizeof(*s));		/* scenario_release() needs it zeroed */
	struct scn_names *names = calloc(1, sizeof(*names));	/* as scn_names_release() */
	char def_out[4096];
	int rc;

	if (!s || !names)
		return 2;
	rc = parse_args(argc, argv, &a);
	if (!rc && !a.out) {
		snprintf(def_out, sizeof(def_out), "%s.min", a.in);
		a.out = def_out;
	}
	if (!rc)
		rc = minimize(&a, s, names);
	scenario_release(s);
	scn_names_release(names);
	free(s);
	free(names);
	return rc;
}
