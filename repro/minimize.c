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
 * fields, slot names) until a round changes nothing.  Progress goes to
 * stderr, a line per round.  OUT (default IN.min) gets ".trace" and
 * ".bin": the .trace starts with a header naming the port and the
 * signature (input.h) and replays on its own.  Deterministic: the same IN
 * gives the same OUT.
 *
 * Exit status: 0 minimized and written, 1 IN does not fail (nothing to
 * keep), 2 bad usage or input, or the result could not be written.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "input.h"
#include "shrink.h"

#define MAX_ROUNDS 16

struct min_args {
	const struct port_ops *port;
	const char *in, *out;
	bool fork, verbose;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void minimize_rounds(struct shrink *sh, struct scenario *s, double t0)
{
	unsigned int round;

	for (round = 1; round <= MAX_ROUNDS; round++) {
		unsigned int before = shrink_nr_ops(s);
		bool changed = shrink_ops(sh, s);

		changed |= shrink_boot(sh, s);
		changed |= shrink_config(sh, s);
		changed |= shrink_fields(sh, s);
		changed |= shrink_slots(sh, s);
		fprintf(stderr, "minimize: round %u: %u -> %u ops, %lu runs, %.1f s\n", round, before,
			shrink_nr_ops(s), sh->runs, now_s() - t0);
		if (!changed)
			break;
	}
}

/*
 * The binary form, shortest: bytes past the end of an input read as 0,
 * so trailing zero bytes go as long as the input still decodes to @s.
 */
static size_t encode_short(const struct scenario *s, unsigned int caps, uint8_t *buf,
			   struct scenario *scratch)
{
	size_t n = scenario_encode(s, buf, SCN_MAX_ENCODED);

	while (n > 0 && buf[n - 1] == 0) {
		scenario_decode(buf, n - 1, caps, scratch);
		if (!scenario_equal(scratch, s))
			break;
		n--;
	}
	return n;
}

static int write_outputs(const struct min_args *a, const struct shrink *sh,
			 const struct scenario *s, unsigned int ops_before, size_t bytes_before)
{
	static uint8_t buf[SCN_MAX_ENCODED];
	struct scenario *scratch = malloc(sizeof(*scratch));
	char path[4096];
	size_t n, base = strlen(a->out);
	FILE *f;

	if (base > 6 && !strcmp(a->out + base - 6, ".trace"))
		base -= 6;
	if (!scratch || base + 8 > sizeof(path))
		return 2;
	n = encode_short(s, sh->port->caps, buf, scratch);
	free(scratch);
	snprintf(path, sizeof(path), "%.*s.bin", (int)base, a->out);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, n, f) != n || fclose(f)) {
		perror(path);
		return 2;
	}
	snprintf(path, sizeof(path), "%.*s.trace", (int)base, a->out);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 2;
	}
	fprintf(f, "# minimized by repro/minimize from %s: %u ops (%zu bytes) -> %u ops (%zu bytes)\n",
		a->in, ops_before, bytes_before, shrink_nr_ops(s), n);
	fprintf(f, "# port: %s\n# signature: %s\n", sh->port->name, sh->signature);
	scenario_print(s, NULL, f);
	if (fclose(f)) {
		perror(path);
		return 2;
	}
	fprintf(stderr, "minimize: wrote %s and %.*s.bin (%u ops, %zu bytes)\n", path, (int)base,
		a->out, shrink_nr_ops(s), n);
	return 0;
}

/* The printed .trace, parsed back and run as a .trace is, must fail the same way. */
static void check_printed(struct shrink *sh, const struct scenario *s)
{
	char *text = NULL, err[512];
	size_t len = 0;
	struct scn_names *names = malloc(sizeof(*names));
	struct scenario *back = malloc(sizeof(*back));
	FILE *f = open_memstream(&text, &len);
	struct run_result r;

	if (f && names && back) {
		scenario_print(s, NULL, f);
		fclose(f);
		f = NULL;
		if (scenario_parse(text, "(printed)", back, names, err, sizeof(err)))
			fprintf(stderr, "minimize: warning: the printed trace does not parse: %s\n", err);
		else if (run_signature(back, sh->port, true, &r) != RUN_FAILED ||
			 strcmp(r.signature, sh->signature))
			fprintf(stderr, "minimize: warning: the printed trace fails as '%s', not '%s'\n",
				r.status ? r.signature : "(clean)", sh->signature);
	}
	if (f)
		fclose(f);
	free(text);
	free(names);
	free(back);
}

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

static int minimize(const struct min_args *a, struct scenario *s, struct scn_names *names)
{
	struct repro_input in;
	struct shrink sh;
	struct run_result r;
	unsigned int ops_before;
	size_t bytes_before;
	double t0 = now_s();
	int rc = repro_load(a->in, a->port, s, names, &in);

	if (rc)
		return rc;
	if (shrink_init(&sh, in.port, in.is_trace))
		return 2;
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
	bytes_before = in.is_trace ? shrink_encoded_bytes(s) : in.bytes;
	fprintf(stderr, "minimize: %s: %u ops, %zu bytes, signature %s\n", a->in, ops_before,
		bytes_before, sh.signature);
	minimize_rounds(&sh, s, t0);
	check_printed(&sh, s);
	rc = write_outputs(a, &sh, s, ops_before, bytes_before);
	fprintf(stderr, "minimize: %u -> %u ops in %lu runs, %.1f s\n", ops_before,
		shrink_nr_ops(s), sh.runs, now_s() - t0);
	shrink_fini(&sh);
	return rc;
}

int main(int argc, char **argv)
{
	struct min_args a = { NULL, NULL, NULL, true, false };
	struct scenario *s = malloc(sizeof(*s));
	struct scn_names *names = malloc(sizeof(*names));
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
	free(s);
	free(names);
	return rc;
}
