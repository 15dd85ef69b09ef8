// SPDX-License-Identifier: MIT
/*
 * shrink_output.c - what the minimizer writes: OUT.trace (a header naming
 * the port and the signature kept, then the scenario) and OUT.bin (its
 * binary form cut to the shortest prefix that still decodes to the same
 * scenario; none when the scenario has no binary form), and the check that the printed .trace, parsed back and
 * run as a .trace is (its `expect`s honoured), fails the same way.
 */
#include <stdlib.h>
#include <string.h>
#include "shrink.h"

/* The binary layout, as documented at the top of fuzz/gen/decode.c. */
#define BIN_HEADER_BYTES	113
#define BIN_BOOT_FLAG_BYTE	16	/* >= 224: no boot records follow */
#define BIN_NO_BOOT_RECORDS	224
#define BIN_BOOT_RECORD_BYTES	28
#define BIN_ADDR_BITS_BYTE	15	/* the width the default map's size follows */

/*
 * A map of one `memblock add 0 (1 << addr_bits)` is what the decoder puts
 * in when the input has no boot record: drop the record if the shorter
 * input, with some address width, decodes to the same scenario.
 */
static size_t drop_default_add(const struct scenario *s, unsigned int caps, uint8_t *buf,
			       size_t n, struct scenario *scratch)
{
	static uint8_t alt[SCN_MAX_ENCODED];
	unsigned int width;
	size_t m;

	if (s->nr_boot != 1 || n < BIN_HEADER_BYTES + BIN_BOOT_RECORD_BYTES)
		return n;
	memcpy(alt, buf, BIN_HEADER_BYTES);
	alt[BIN_BOOT_FLAG_BYTE] = BIN_NO_BOOT_RECORDS;
	m = n - BIN_BOOT_RECORD_BYTES;
	memcpy(alt + BIN_HEADER_BYTES, buf + BIN_HEADER_BYTES + BIN_BOOT_RECORD_BYTES,
	       m - BIN_HEADER_BYTES);
	/* the default map is 1 << addr_bits: find the width byte that gives ours */
	for (width = 0; width < 256; width++) {
		alt[BIN_ADDR_BITS_BYTE] = (uint8_t)width;
		scenario_decode(alt, m, caps, scratch);
		if (scenario_equal(scratch, s)) {
			memcpy(buf, alt, m);
			return m;
		}
	}
	return n;
}

/*
 * The binary form, shortest: without a boot record the decoder would add
 * anyway, and cut to the shortest prefix that still decodes to @s.  Bytes
 * past the end of an input read as 0, and a record's bytes the decoder
 * does not read for its kind (an op's fields it has none of, the tail of
 * a last record) mean nothing, so trailing bytes can go whatever their
 * value: every prefix length is tried, shortest first (decoding is cheap).
 */
static size_t encode_short(const struct scenario *s, unsigned int caps, uint8_t *buf,
			   struct scenario *scratch)
{
	size_t n = drop_default_add(s, caps, buf, scenario_encode(s, buf, SCN_MAX_ENCODED), scratch);

	for (size_t m = 0; m < n; m++) {
		scenario_decode(buf, m, caps, scratch);
		if (scenario_equal(scratch, s))
			return m;
	}
	return n;
}

int shrink_write(const char *out, const char *from, const struct shrink *sh,
		 const struct scenario *s, unsigned int ops_before, size_t bytes_before)
{
	static uint8_t buf[SCN_MAX_ENCODED];
	struct scenario *scratch = malloc(sizeof(*scratch));
	char path[4096];
	const char *why;
	size_t n, base = strlen(out);
	FILE *f;

	if (base > 6 && !strcmp(out + base - 6, ".trace"))
		base -= 6;
	if (!scratch || base + 8 > sizeof(path))
		return 2;
	why = scenario_encodable(s);
	n = why ? 0 : encode_short(s, port_op_caps(sh->port), buf, scratch);
	free(scratch);
	snprintf(path, sizeof(path), "%.*s.bin", (int)base, out);
	if (why) {
		/* no binary form: no stale .bin of an earlier run either */
		remove(path);
		fprintf(stderr, "minimize: no %s: the scenario has no binary form (%s)\n", path, why);
	} else {
		f = fopen(path, "wb");
		if (!f || fwrite(buf, 1, n, f) != n || fclose(f)) {
			perror(path);
			return 2;
		}
	}
	snprintf(path, sizeof(path), "%.*s.trace", (int)base, out);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 2;
	}
	fprintf(f, "# minimized by repro/minimize from %s: %u ops (%zu bytes) -> %u ops (%zu bytes)\n",
		from, ops_before, bytes_before, shrink_nr_ops(s), n);
	fprintf(f, "# port: %s\n# signature: %s\n", sh->port->name, sh->signature);
	scenario_print(s, NULL, f);
	if (fclose(f)) {
		perror(path);
		return 2;
	}
	if (why)
		fprintf(stderr, "minimize: wrote %s (%u ops)\n", path, shrink_nr_ops(s));
	else
		fprintf(stderr, "minimize: wrote %s and %.*s.bin (%u ops, %zu bytes)\n", path,
			(int)base, out, shrink_nr_ops(s), n);
	return 0;
}

/* Run @back as a .trace is run (its `expect`s honoured), isolated as @sh is. */
static enum run_status run_as_trace(const struct shrink *sh, const struct scenario *back,
				    struct run_result *r)
{
	struct shrink as_trace;
	enum run_status st;

	if (shrink_init(&as_trace, sh->port, true))
		return RUN_OK;
	as_trace.isolate = sh->isolate;
	st = shrink_run(&as_trace, back, r);
	shrink_fini(&as_trace);
	return st;
}

/* The printed .trace, parsed back and run as a .trace is, must fail the same way. */
void shrink_check_printed(struct shrink *sh, const struct scenario *s)
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
		else if (run_as_trace(sh, back, &r) != RUN_FAILED || strcmp(r.signature, sh->signature))
			fprintf(stderr, "minimize: warning: the printed trace fails as '%s', not '%s'\n",
				r.status ? r.signature : "(clean)", sh->signature);
	}
	if (f)
		fclose(f);
	free(text);
	free(names);
	free(back);
}
