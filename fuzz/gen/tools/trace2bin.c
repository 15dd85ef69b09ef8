/* SPDX-License-Identifier: MIT */
/*
 * trace2bin - turn a readable .trace into a binary fuzz input (a corpus
 * seed or a regression case): parse, then encode.
 *
 *   trace2bin IN.trace OUT.bin
 *
 * Exit status: 0 written; 1 the output could not be written; 2 the trace
 * does not parse or has no binary form (no `boot`, no `memblock add`, or
 * a .trace-only form: more than 64 names or 4096 ops, an unnamed alloc,
 * `x N`, `expect ok=K`; the message names the line).
 */
#include <stdio.h>
#include <stdlib.h>
#include "scenario.h"

int main(int argc, char **argv)
{
	struct scenario *s = calloc(1, sizeof(*s));	/* scenario_release() at the end */
	uint8_t *buf = malloc(SCN_MAX_ENCODED);
	char err[512];
	const char *why;
	uint32_t line;
	size_t len;
	FILE *out;
	int rc = 2;

	if (argc != 3) {
		fprintf(stderr, "usage: %s IN.trace OUT.bin\n", argv[0]);
		goto done;
	}
	if (!s || !buf) {
		fprintf(stderr, "trace2bin: out of memory\n");
		goto done;
	}
	if (scenario_parse_file(argv[1], s, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		goto done;
	}
	why = scenario_encodable_line(s, &line);
	len = why ? 0 : scenario_encode(s, buf, SCN_MAX_ENCODED);
	if (!len && line) {
		fprintf(stderr, "%s:%u: cannot encode: %s; it replays as a .trace\n", argv[1], line,
			why);
		goto done;
	}
	if (!len) {
		fprintf(stderr, "%s: cannot encode: %s\n", argv[1], why ? why : "internal error");
		goto done;
	}
	out = fopen(argv[2], "wb");
	rc = !out || fwrite(buf, 1, len, out) != len;
	if (out && fclose(out))
		rc = 1;
	if (rc)
		perror(argv[2]);
done:
	free(buf);
	if (s)
		scenario_release(s);
	free(s);
	return rc;
}
