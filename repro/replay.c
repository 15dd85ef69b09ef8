// SPDX-License-Identifier: MIT
/*
 * replay.c - run .trace files or binary fuzz inputs through the same
 * runner the fuzz targets use, with dumps on stdout and the failure report
 * on stderr.
 *
 *   replay [--port NAME] [--verbose] [--print] [--no-contents] [--svg OUT.svg] FILE...
 *   replay --port NAME --diff OTHER FILE...   (differential mode, diff.c)
 *   replay --list-ports
 *
 * A file ending in .trace is parsed (its `expect` lines are checked); any
 * other file is a binary input decoded for the port's capabilities.
 * Without --port, a .trace's case header (`# port: NAME`, see input.h)
 * picks the port, else "ref"; a header's `# expect-signature: SIG` makes
 * exactly that failure the passing verdict (a case of a broken port).
 * --print shows the scenario as a .trace instead of running it; --svg
 * draws the memory map as the run left it (at the failure) into OUT.svg.
 * Exit status: 0 every file ran clean, 1 a check or expect failed, 2 a
 * file could not be read or parsed (nothing of it ran), or a .trace's
 * `boot` cannot run on its map (said on the line of `boot`; a binary
 * input with such a map is skipped quietly, as while fuzzing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "input.h"
#include "svg.h"

struct replay_args {
	const struct port_ops *port;	/* --port, or NULL: the file's header or name, else ref */
	const struct port_ops *diff;	/* --diff NAME: differential mode */
	bool verbose, print, contents;
	const char *svg;		/* --svg OUT.svg: the memory map at the end */
};

static void draw_svg(const struct run_view *view, void *arg)
{
	const char *path = arg;
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return;
	}
	svg_write(view, f);
	if (fclose(f))
		perror(path);
	else
		fprintf(stderr, "memory map written to %s\n", path);
}

/* A case header's expect-signature: the run must fail with exactly it. */
static int expected_failure(const char *path, const struct repro_input *in,
			    const struct run_result *r)
{
	const char *want = in->hdr.expect_signature;

	if (r->status == RUN_FAILED && !strcmp(r->signature, want)) {
		fprintf(stderr, "%s: fails as its header expects: %s\n", path, want);
		return 0;
	}
	fprintf(stderr, "%s: expected the failure '%s', got %s%s\n", path, want,
		r->status == RUN_FAILED ? "" : "a clean run",
		r->status == RUN_FAILED ? r->signature : "");
	return 1;
}

/*
 * run_scenario(), and when it fails on a pfn range, a second run up to the
 * failing op prints the port's view of that range before the op: the
 * report shows "port before" and "port after" lines (the runs are
 * deterministic, page memory included).
 */
static void run_scenario_with_before(const struct scenario *s, struct run_opts *opts,
				     struct run_result *r)
{
	char *report = NULL, *before = NULL, *sig;
	size_t report_len = 0, before_len = 0;
	struct run_opts again = *opts;
	struct run_result r2;
	FILE *err = opts->err;

	opts->err = open_memstream(&report, &report_len);
	if (!opts->err) {
		opts->err = err;
		run_scenario(s, opts, r);
		return;
	}
	run_scenario(s, opts, r);
	fclose(opts->err);
	opts->err = err;
	if (r->status != RUN_OK && r->start_pfn < r->end_pfn && opts->port->describe_pfn &&
	    (r->failed_op >= 0 || r->at_end)) {
		again.describe_before = true;
		again.before_op = r->at_end ? (int)s->nr_ops : r->failed_op;
		again.before_start = r->start_pfn;
		again.before_end = r->end_pfn;
		again.verbose = false;
		again.at_end = NULL;		/* the picture is of the failure, not before it */
		again.out = NULL;
		again.report = NULL;
		again.err = open_memstream(&before, &before_len);
		if (again.err) {
			run_scenario(s, &again, &r2);
			fclose(again.err);
		}
	}
	sig = report ? strstr(report, "port after ") : NULL;
	if (!sig && report)
		sig = strstr(report, "signature  ");
	if (sig && before) {
		fwrite(report, 1, (size_t)(sig - report), err);
		fputs(before, err);
		fputs(sig, err);
	} else if (report) {
		fputs(report, err);
	}
	free(report);
	free(before);
}

static bool port_usable(const struct port_ops *port);

static int replay_one(const char *path, const struct replay_args *a, struct scenario *s,
		      struct scn_names *names)
{
	struct run_opts opts = { 0 };
	struct repro_input in;
	struct run_result r;
	int rc = repro_load(path, a->port, s, names, &in);

	if (rc)
		return rc;
	if (a->print) {
		scenario_print(s, in.is_trace ? names : NULL, stdout);
		return 0;
	}
	if (!a->port && in.hdr.port[0])
		fprintf(stderr, "%s: port %s (from the file's header)\n", path, in.port->name);
	if (!a->port && !port_usable(in.port))
		return 2;
	if (a->diff && !a->port) {
		fprintf(stderr, "replay: --diff needs --port\n");
		return 2;
	}
	opts.port = in.port;
	opts.honour_expect = in.is_trace;
	opts.page_contents = a->contents;
	opts.verbose = a->verbose;
	opts.out = stdout;
	opts.report = a->verbose ? stdout : NULL;
	opts.err = stderr;
	opts.names = in.is_trace ? names : NULL;
	if (a->svg) {
		opts.at_end = draw_svg;
		opts.at_end_arg = (void *)a->svg;
	}
	if (a->diff)
		run_diff(s, &opts, a->diff, &r);
	else
		run_scenario_with_before(s, &opts, &r);
	fflush(stdout);
	if (r.status == RUN_NOT_BOOTED) {
		/* a .trace asked for a `boot` that cannot run: its author must know */
		if (in.is_trace) {
			fprintf(stderr, "%s:%u: boot: %s\n", path, s->boot_line, r.boot_why);
			return 2;
		}
		if (a->verbose)
			fprintf(stderr, "%s: skipped: boot %s\n", path, r.boot_why);
		return 0;
	}
	if (in.hdr.expect_signature[0])
		return expected_failure(path, &in, &r);
	if (r.status != RUN_OK)
		return 1;
	if (a->verbose)
		fprintf(stderr, "%s: ok, %u ops run, %u skipped\n", path, r.ops_run, r.ops_skipped);
	return 0;
}

/* --diff: two usable ports of one level that take the same op kinds. */
static bool diff_usable(const struct replay_args *a)
{
	if (!port_usable(a->diff))
		return false;
	if (a->diff->level != a->port->level || port_op_caps(a->diff) != port_op_caps(a->port)) {
		fprintf(stderr, "replay: --diff needs two ports of one level taking the same op "
			"kinds: %s is level %u (ops 0x%x), %s level %u (ops 0x%x)\n",
			a->port->name, a->port->level, port_op_caps(a->port), a->diff->name,
			a->diff->level, port_op_caps(a->diff));
		return false;
	}
	return true;
}

static int usage(void)
{
	fprintf(stderr, "usage: replay [--port NAME] [--verbose] [--print] [--no-contents] "
			"[--svg OUT.svg] FILE...\n"
			"       replay --port NAME --diff OTHER FILE...\n"
			"       replay --list-ports\n"
			"ports:\n");
	port_list(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct replay_args a = { NULL, NULL, false, false, true, NULL };
	struct scenario *s = malloc(sizeof(*s));
	struct scn_names *names = malloc(sizeof(*names));
	int i, rc = 0, files = 0;

	if (!s || !names)
		return 2;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--port") && i + 1 < argc) {
			a.port = port_find(argv[++i]);
			if (!a.port)
				return usage();
		} else if (!strcmp(argv[i], "--svg") && i + 1 < argc) {
			a.svg = argv[++i];
		} else if (!strcmp(argv[i], "--diff") && i + 1 < argc) {
			a.diff = port_find(argv[++i]);
			if (!a.diff)
				return usage();
		} else if (!strcmp(argv[i], "--list-ports")) {
			port_list(stdout);
			free(s);
			free(names);
			return 0;
		} else if (!strcmp(argv[i], "--verbose")) {
			a.verbose = true;
		} else if (!strcmp(argv[i], "--print")) {
			a.print = true;
		} else if (!strcmp(argv[i], "--no-contents")) {
			a.contents = false;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			int r = (!a.port || port_usable(a.port)) && (!a.diff || (a.port && diff_usable(&a))) ?
				replay_one(argv[i], &a, s, names) : 2;

			files++;
			if (r > rc)
				rc = r;
		}
	}
	free(s);
	free(names);
	return files ? rc : usage();
}

/* A port that declares what it lacks is refused before any file. */
static bool port_usable(const struct port_ops *port)
{
	char why[300];

	if (!port_check(port, why, sizeof(why)))
		return true;
	fprintf(stderr, "replay: refusing %s\n", why);
	return false;
}
