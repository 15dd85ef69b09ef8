/* SPDX-License-Identifier: MIT */
/*
 * bin2trace - print a binary fuzz input as the .trace it decodes to, with
 * every op kind allowed (SCN_CAP_ALL), slots named s<N>.
 *
 *   bin2trace IN.bin > OUT.trace
 *
 * Exit status: 0 printed; 1 stdout could not be written; 2 the input
 * could not be read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenario.h"

int main(int argc, char **argv)
{
	struct scenario *s;
	uint8_t *data;
	size_t size;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IN.bin\n", argv[0]);
		return 2;
	}
	if (scenario_read_file(argv[1], SCN_MAX_INPUT_BYTES, &data, &size)) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	s = malloc(sizeof(*s));
	if (!s) {
		fprintf(stderr, "bin2trace: out of memory\n");
		free(data);
		return 2;
	}
	scenario_decode(data, size, SCN_CAP_ALL, s);
	scenario_print(s, NULL, stdout);
	free(s);
	free(data);
	return fflush(stdout) ? 1 : 0;
}
