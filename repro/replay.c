// SPDX-License-Identifier: MIT
/*
 * replay.c - run .trace files or binary fuzz inputs through the same
 * runner the fuzz targets use, with dumps on stdout and the failure report
 * on stderr.
 *
 *   replay [--port NAME] [--verbose] [--print] [--no-contents] [--binary] FILE...
 *   replay --port NAME --diff OTHER FILE...   (differential mode, diff.c)
 *   replay --list-ports
 *
 * A file ending in .trace is parsed (its `expect` lines are checked); any
 * other file is a binary input decoded for the port's capabilities, unless
 * it holds text that starts like a .trace (then it is parsed, and said so;
 * --binary decodes it anyway).  A .trace is read up to SCN_MAX_TRACE_BYTES,
 * a binary input up to SCN_MAX_INPUT_BYTES; a larger file is refused.
 * --print shows the scenario as a .trace instead of running it.
 * Exit status: 0 every file ran clean, 1 a check or expect failed, 2 a
 * file could not be read or parsed or holds no scenario (nothing of it
 * ran), the options are wrong, or a .trace's `boot` cannot run on its map
 * (said on the line of `boot`; a binary input with such a map is skipped
 * quietly, as while fuzzing).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/check/run.h"

struct replay_args {
	const struct port_ops *port;
	const struct port_ops *diff;	/* --diff NAME: differential mode */
	bool verbose, print, contents, force_binary;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * Does a file not named .trace hold a .trace?  Only text bytes (tab, CR,
 * LF, printable ASCII, UTF-8), and the first word a .trace line starts
 * with or a comment.  A binary input starts with its version byte (1 or
 * 2), so the seeds and regression cases never look like text; a fuzzer's
 * crash file of printable bytes that starts with such a word is the one
 * miss, and --binary reads it as binary.
 */
static bool looks_like_trace(const uint8_t *data, size_t size)
{
	static const char *const words[] = {
		"#", "config", "node", "memblock", "zones", "boot", "alloc", "free", "drain",
		"compact", "isolate", "unisolate", "contig", "misuse", "expect", "check", "dump",
	};
	size_t i = size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3) ? 3 : 0, w;

	for (size_t k = 0; k < size; k++)
		if ((data[k] < 0x20 && data[k] != '\t' && data[k] != '\n' && data[k] != '\r') ||
		    data[k] == 0x7f)
			return false;
	while (i < size && strchr(" \t\r\n", data[i]))
		i++;
	for (w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t n = strlen(words[w]);

		if (size - i >= n && !memcmp(data + i, words[w], n) &&
		    (w == 0 || i + n == size || strchr(" \t\r\n#", data[i + n])))
			return true;
	}
	return false;
}

/* Is there anything to run: a memblock op, `boot` or a run op? */
static bool holds_scenario(const struct scenario *s)
{
	return s->nr_boot || s->booted || s->nr_ops;
}

static int read_input(const char *path, bool is_trace, uint8_t **data, size_t *size)
{
	size_t max = is_trace ? SCN_MAX_TRACE_BYTES : SCN_MAX_INPUT_BYTES;

	if (scenario_read_file(path, max, data, size) == 0)
		return 0;
	if (errno == EFBIG)
		fprintf(stderr, "%s: cannot read: larger than %zu MiB, the limit of a %s\n", path,
			max >> 20, is_trace ? ".trace" : "binary input");
	else
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
	return 2;
}

static int load(const char *path, const struct replay_args *a, struct scenario *s,
		struct scn_names *names, bool *is_trace)
{
	char err[512];
	uint8_t *buf;
	size_t n;

	*is_trace = ends_with(path, ".trace");
	if (*is_trace) {
		if (scenario_parse_file(path, s, names, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
	} else {
		if (read_input(path, false, &buf, &n))
			return 2;
		if (n && !a->force_binary && looks_like_trace(buf, n)) {
			fprintf(stderr, "%s: not named .trace but holds text: read as a .trace "
				"(--binary decodes it as a binary input)\n", path);
			*is_trace = true;
			if (scenario_parse(memchr(buf, 0, n) ? "" : (const char *)buf, path, s, names,
					   err, sizeof(err))) {
				fprintf(stderr, "%s\n", err);
				free(buf);
				return 2;
			}
		} else {
			/* every byte string is an input, the empty one too (a default machine) */
			scenario_decode(buf, n, port_op_caps(a->port), s);
		}
		free(buf);
	}
	if (*is_trace && !holds_scenario(s)) {
		fprintf(stderr, "%s: holds no scenario (no memblock op, no `boot`, no op): "
			"nothing run\n", path);
		return 2;
	}
	return 0;
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

static int replay_one(const char *path, const struct replay_args *a, struct scenario *s,
		      struct scn_names *names)
{
	struct run_opts opts = { 0 };
	struct run_result r;
	bool is_trace;
	int rc = load(path, a, s, names, &is_trace);

	if (rc)
		return rc;
	if (a->print) {
		scenario_print(s, is_trace ? names : NULL, stdout);
		scenario_release(s);
		scn_names_release(names);
		return 0;
	}
	opts.port = a->port;
	opts.honour_expect = is_trace;
	opts.page_contents = a->contents;
	opts.verbose = a->verbose;
	opts.out = stdout;
	opts.report = a->verbose ? stdout : NULL;
	opts.err = stderr;
	opts.names = is_trace ? names : NULL;
	if (a->diff)
		run_diff(s, &opts, a->diff, &r);
	else
		run_scenario_with_before(s, &opts, &r);
	scenario_release(s);
	scn_names_release(names);
	fflush(stdout);
	if (r.status == RUN_NOT_BOOTED) {
		/* a .trace asked for a `boot` that cannot run: its author must know */
		if (is_trace) {
			fprintf(stderr, "%s:%u: boot: %s\n", path, s->boot_line, r.boot_why);
			return 2;
		}
		if (a->verbose)
			fprintf(stderr, "%s: skipped: boot %s\n", path, r.boot_why);
		return 0;
	}
	if (r.status != RUN_OK)
		return 1;
	fprintf(stderr, "%s: ok, %u ops run, %u skipped\n", path, r.ops_run, r.ops_skipped);
	return 0;
}

static bool port_usable(const struct port_ops *port);

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

static int usage(const char *why, const char *arg)
{
	if (why)
		fprintf(stderr, "replay: %s%s%s\n", why, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "usage: replay [--port NAME] [--verbose] [--print] [--no-contents] "
			"[--binary] FILE...\n"
			"       replay --port NAME --diff OTHER FILE...\n"
			"       replay --list-ports\n"
			"ports:\n");
	port_list(stderr);
	return 2;
}

/*
 * The options, anywhere on the line (all read before any file runs);
 * the FILEs are moved to the front of @files.  Return: the number of
 * files, 0 after --list-ports, or -1 after a usage message.
 */
static int parse_args(int argc, char **argv, struct replay_args *a, char **files)
{
	int i, n = 0;
	bool opts = true;

	for (i = 1; i < argc; i++) {
		if (!opts || argv[i][0] != '-' || !argv[i][1]) {
			files[n++] = argv[i];
		} else if (!strcmp(argv[i], "--")) {
			opts = false;
		} else if (!strcmp(argv[i], "--port")) {
			if (i + 1 == argc)
				return usage("--port needs a port name", NULL), -1;
			a->port = port_find(argv[++i]);
			if (!a->port)
				return usage("no such port", argv[i]), -1;
		} else if (!strcmp(argv[i], "--diff")) {
			if (i + 1 == argc)
				return usage("--diff needs a port name", NULL), -1;
			a->diff = port_find(argv[++i]);
			if (!a->diff)
				return usage("no such port", argv[i]), -1;
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
	struct replay_args a = { port_find(NULL), NULL, false, false, true, false };
	char **files = malloc(sizeof(*files) * (size_t)argc);
	struct scenario *s = malloc(sizeof(*s));
	struct scn_names *names = calloc(1, sizeof(*names));
	int i, n, rc = 0;

	if (!files || !s || !names) {
		fprintf(stderr, "replay: out of memory\n");
		rc = 2;
	} else {
		n = parse_args(argc, argv, &a, files);
		rc = n < 0 ? 2 : 0;
		if (n > 0 && !(port_usable(a.port) && (!a.diff || diff_usable(&a))))
			n = 0, rc = 2;
		for (i = 0; i < n; i++) {
			int r = replay_one(files[i], &a, s, names);

			if (r > rc)
				rc = r;
		}
	}
	free(files);
	free(s);
	if (names)
		scn_names_release(names);
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
