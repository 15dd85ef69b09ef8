// SPDX-License-Identifier: MIT
/*
 * mbdiff.c - replay inputs through the boot-phase differential: each FILE
 * (a .trace, or a binary fuzz input) has its memblock ops run on the
 * reference memblock and on Linux's, compared after every op.
 *
 *   mbdiff [--verbose] [--print] FILE...
 *
 * --verbose prints each op and both results; --print prints the input's
 * boot ops as a .trace and runs nothing.  Exit status: 0 every file
 * agreed, 1 a difference (reported with its signature), 2 a file could
 * not be read or parsed (or a memblock not created).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/diff/mb_diff.h"

static bool is_trace(const char *path)
{
	size_t n = strlen(path);

	return n > 6 && !strcmp(path + n - 6, ".trace");
}

static int load(const char *path, struct scenario *s)
{
	char err[512];
	uint8_t *data;
	size_t size;

	if (is_trace(path)) {
		if (scenario_parse_file(path, s, NULL, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		return 0;
	}
	if (scenario_read_file(path, SCN_MAX_INPUT_BYTES, &data, &size)) {
		perror(path);
		return 2;
	}
	scenario_decode(data, size, SCN_CAP_ALL, s);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	struct mb_diff_opts opts = { .a = &mb_port_ref_ops, .b = &mb_port_linux_ops,
				     .out = stdout };
	struct scenario *s = malloc(sizeof(*s));
	bool print = false;
	int i, worst = 0, nfiles = 0;

	if (!s)
		return 2;
	for (i = 1; i < argc; i++) {
		struct mb_diff_result r;
		int ret;

		if (!strcmp(argv[i], "--verbose")) {
			opts.verbose = true;
			continue;
		}
		if (!strcmp(argv[i], "--print")) {
			print = true;
			continue;
		}
		nfiles++;
		ret = load(argv[i], s);
		if (!ret && print) {
			for (unsigned int k = 0; k < s->nr_boot; k++)
				scenario_print_boot_op(&s->boot[k], stdout);
		} else if (!ret) {
			ret = mb_diff_run(s, &opts, &r);
			printf("%s: %u boot ops, %s\n", argv[i], r.ops_run,
			       ret == 1 ? r.signature : ret ? "error" :
			       r.known_bug ? "agree until a known bug (see above)" :
			       r.deviation ? "agree until an intended deviation (see above)" :
			       "ref and linux agree");
		}
		if (!ret)
			scenario_release(s);	/* a long .trace's ops past SCN_MAX_OPS */
		if (ret > worst)
			worst = ret;
	}
	free(s);
	if (!nfiles) {
		fprintf(stderr, "usage: mbdiff [--verbose] [--print] FILE...\n");
		return 2;
	}
	return worst;
}
