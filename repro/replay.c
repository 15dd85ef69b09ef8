// SPDX-License-Identifier: MIT
/*
 * replay.c - run .trace files or binary fuzz inputs through the same
 * runner the fuzz targets use, with dumps on stdout and the failure report
 * on stderr.
 *
 *   replay [--port NAME] [--verbose] [--print] [--no-contents] [--svg OUT.svg]
 *          [--binary] FILE...
 *   replay --port NAME --diff OTHER FILE...   (differential mode, diff.c)
 *   replay --list-ports
 *
 * A file ending in .trace is parsed (its `expect` lines are checked); any
 * other file is a binary input decoded for the port's capabilities, unless
 * it holds text that starts like a .trace (then it is parsed, and said so;
 * --binary decodes it anyway).  A .trace is read up to SCN_MAX_TRACE_BYTES,
 * a binary input up to SCN_MAX_INPUT_BYTES; a larger file is refused.
 * Options may come anywhere on the line; all are read before any file.
 * Without --port, a .trace's case header (`# port: NAME`, see input.h)
 * picks the port, else "ref"; a header's `# expect-signature: SIG` makes
 * exactly that failure the passing verdict (a case of a broken port).
 * --print shows the scenario as a .trace instead of running it; --svg
 * draws the memory map as the run left it (at the failure) into OUT.svg.
 * Exit status: 0 every file ran clean, 1 a check or expect failed, 2 a
 * file could not be read or parsed or holds no scenario (nothing of it
 * ran), the options are wrong, or a .trace's
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
	bool verbose, print, contents, force_binary;
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
	char *report = NULL, *before;
	size_t report_len = 0;
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
	before = run_before_view(s, opts, r);
	if (report)
		run_print_report(err, report, before);
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
	int rc = repro_load_as(path, a->port, a->force_binary, s, names, &in);

	if (rc)
		return rc;
	if (a->print) {
		scenario_print(s, in.is_trace ? names : NULL, stdout);
		scenario_release(s);
		scn_names_release(names);
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
	if (r.ended_by[0])
		fprintf(stderr, "%s: %s\n", path, r.ended_by);
	fprintf(stderr, "%s: ok, %u ops run, %u skipped\n", path, r.ops_run, r.ops_skipped);
	return 0;
}

/* --diff: two usable ports; they are compared at the lower of their levels. */
static bool diff_usable(const struct replay_args *a)
{
	return port_usable(a->diff);
}

static int usage(const char *why, const char *arg)
{
	if (why)
		fprintf(stderr, "replay: %s%s%s\n", why, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "usage: replay [--port NAME] [--verbose] [--print] [--no-contents] "
			"[--svg OUT.svg] [--binary] FILE...\n"
			"       replay --port NAME --diff OTHER FILE...\n"
			"       replay --list-ports\n"
			"ports:\n");
	port_list(stderr);
	return 2;
}

/* An option's value: argv[*i + 1], or NULL after a usage message. */
static const char *value(int argc, char **argv, int *i)
{
	if (*i + 1 == argc) {
		fprintf(stderr, "replay: %s needs a value\n", argv[*i]);
		usage(NULL, NULL);
		return NULL;
	}
	return argv[++*i];
}

/*
 * The options, anywhere on the line (all read before any file runs);
 * the FILEs are moved to the front of @files.  Return: the number of
 * files, 0 after --list-ports, or -1 after a usage message.
 */
static int parse_args(int argc, char **argv, struct replay_args *a, char **files)
{
	const char *v;
	int i, n = 0;
	bool opts = true;

	for (i = 1; i < argc; i++) {
		if (!opts || argv[i][0] != '-' || !argv[i][1]) {
			files[n++] = argv[i];
		} else if (!strcmp(argv[i], "--")) {
			opts = false;
		} else if (!strcmp(argv[i], "--port") || !strcmp(argv[i], "--diff")) {
			bool diff = argv[i][2] == 'd';

			if (!(v = value(argc, argv, &i)))
				return -1;
			if (!port_find(v))
				return usage("no such port", v), -1;
			*(diff ? &a->diff : &a->port) = port_find(v);
		} else if (!strcmp(argv[i], "--svg")) {
			if (!(a->svg = value(argc, argv, &i)))
				return -1;
		} else if (!strcmp(argv[i], "--list-ports")) {
			port_list(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--verbose")) {
			a->verbose = true;
		} else if (!strcmp(argv[i], "--print")) {
			a->print = true;
		} else if (!strcmp(argv[i], "--no-contents")) {
			a->contents = false;
		} else if (!strcmp(argv[i], "--binary")) {
			a->force_binary = true;
		} else {
			return usage("unknown option", argv[i]), -1;
		}
	}
	return n ? n : (usage("no FILE given", NULL), -1);
}

int main(int argc, char **argv)
{
	struct replay_args a = { NULL, NULL, false, false, true, false, NULL };
	char **files = malloc(sizeof(*files) * (size_t)argc);
	struct scenario *s = calloc(1, sizeof(*s));	/* scenario_release() needs it zeroed */
	struct scn_names *names = calloc(1, sizeof(*names));
	int i, n, rc = 0;

	if (!files || !s || !names) {
		fprintf(stderr, "replay: out of memory\n");
		rc = 2;
	} else {
		n = parse_args(argc, argv, &a, files);
		rc = n < 0 ? 2 : 0;
		if (n > 0 && !((!a.port || port_usable(a.port)) && (!a.diff || (a.port && diff_usable(&a)))))
			n = 0, rc = 2;
		for (i = 0; i < n; i++) {
			int r = replay_one(files[i], &a, s, names);

			scenario_release(s);
			scn_names_release(names);
			if (r > rc)
				rc = r;
		}
	}
	free(files);
	free(s);
	free(names);
	return rc;
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
