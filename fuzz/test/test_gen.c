/* SPDX-License-Identifier: MIT */
/*
 * test_gen.c - self-tests of fuzz/gen's binary side: random bytes always
 * decode to valid scenarios; encode and print invert decode; one changed
 * or deleted op record touches one op; the phases and the capability mask
 * keep op kinds out.  The text side (the printed form, parse errors, gfp
 * names) is test_parse.c.
 *
 *   test_gen                       the self-tests (ctest gen/selftest)
 *   test_gen --roundtrip DIR...    every *.trace and *.bin under DIR must
 *                                  round-trip (ctest gen/roundtrip-corpus)
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "gen_testutil.h"

TEST_STATE_DEFINE;

#define NR_RANDOM_INPUTS	1000
#define MAX_RANDOM_LEN		4096

/* Random length, random bytes, version byte left random too. */
static size_t random_input(uint8_t *buf)
{
	size_t len = (size_t)(rng() % (MAX_RANDOM_LEN + 1));

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)rng();
	return len;
}

/*
 * Where the op records of @buf start, as decode.c lays them out: boot
 * records follow while byte 16 (then the last record's bit 7) says so,
 * up to SCN_MAX_BOOT_OPS.  Meaningless when the input ends inside the
 * boot section (there are no ops then).
 */
static size_t op_region(const uint8_t *buf, size_t len)
{
	bool more = (len > HDR_BOOT ? buf[HDR_BOOT] : 0) < HDR_BOOT_NONE;
	size_t pos = HDR_BYTES;

	for (unsigned int n = 0; more && n < SCN_MAX_BOOT_OPS; n++, pos += BOOT_REC_BYTES)
		more = pos < len && (buf[pos + BOOT_KIND] & BOOT_KIND_MORE);
	return pos;
}

static bool has_memory(const struct scenario *s)
{
	for (unsigned int i = 0; i < s->nr_boot; i++)
		if (s->boot[i].kind == BOOT_MB_ADD)
			return true;
	return false;
}

/*
 * A decoded scenario never checks its `expect`s, and neither does the
 * .trace it prints: `config expect=off` comes with the first `expect`.
 */
static void check_expect_off(const struct scenario *s, const char *what)
{
	struct scenario *back = new_scenario();
	char *text = print_to_string(s, NULL), err[256];
	bool any = false;

	for (unsigned int i = 0; i < s->nr_ops; i++)
		any |= s->ops[i].kind == OP_EXPECT;
	TEST_BEGIN(what);
	EXPECT_TRUE(s->cfg.expect_off);
	EXPECT_EQ(scenario_parse(text, "printed", back, NULL, err, sizeof(err)), 0);
	EXPECT_EQ(back->cfg.expect_off, any);
	EXPECT_EQ(strstr(text, " expect=off\n") != NULL, any);
	free(text);
	free(back);
}

/* (a), (b), (c): random inputs are valid and round-trip; every kind shows up. */
static void test_random_inputs(void)
{
	uint8_t *buf = malloc(MAX_RANDOM_LEN);
	struct scenario *s = new_scenario();
	unsigned long op_kinds[NR_OP_KINDS] = { 0 }, boot_kinds[NR_MB_KINDS] = { 0 };
	unsigned int invalid = 0, no_memory = 0, bad_trip = 0, few_boot = 0, max_boot = 0;

	for (unsigned int n = 0; n < NR_RANDOM_INPUTS; n++) {
		size_t len = random_input(buf);
		const char *why;
		unsigned long before = test_state.failures;

		scenario_decode(buf, len, SCN_CAP_ALL, s);
		why = scenario_validate(s);
		if (why && invalid++ < 5)
			fprintf(stderr, "  input %u invalid: %s\n", n, why);
		if (!s->booted || !has_memory(s))
			no_memory++;
		for (unsigned int i = 0; i < s->nr_ops; i++)
			op_kinds[s->ops[i].kind]++;
		for (unsigned int i = 0; i < s->nr_boot; i++)
			boot_kinds[s->boot[i].kind]++;
		few_boot += s->nr_boot <= 4;
		max_boot = s->nr_boot > max_boot ? s->nr_boot : max_boot;
		check_round_trips(s, "random input round trips");
		check_expect_off(s, "random input keeps expect=off");
		bad_trip += test_state.failures != before;
	}
	TEST_BEGIN("random inputs decode to valid scenarios");
	EXPECT_EQ(invalid, 0);
	EXPECT_EQ(no_memory, 0);
	EXPECT_EQ(bad_trip, 0);
	for (unsigned int k = 0; k < NR_OP_KINDS; k++)
		EXPECT_GT(op_kinds[k], 0);
	for (unsigned int k = 0; k < NR_MB_KINDS; k++)
		EXPECT_GT(boot_kinds[k], 0);
	/* Each further boot record is half as likely: mostly short lists, some long. */
	EXPECT_GT(few_boot, NR_RANDOM_INPUTS * 8 / 10);
	EXPECT_GT(max_boot, 6);
	free(s);
	free(buf);
}

/* A scenario of @n disjoint 4 KiB `memblock add`s, 8 KiB apart. */
static void boot_adds(struct scenario *s, unsigned int n)
{
	scenario_init(s);
	s->booted = true;
	for (unsigned int i = 0; i < n; i++)
		s->boot[s->nr_boot++] = (struct scn_boot_op){ .kind = BOOT_MB_ADD,
							      .base = 0x2000ull * i,
							      .size = 0x1000 };
}

/*
 * Any boot record count 0..SCN_MAX_BOOT_OPS: byte 16 says whether a first
 * record is there, bit 7 of each record's byte 0 whether another follows.
 */
static void test_boot_chain(void)
{
	static const unsigned int counts[] = { 1, 2, 8, 9, 63, 64, 65, 129, 130, 511,
					       SCN_MAX_BOOT_OPS };
	struct scenario *s = new_scenario(), *back = new_scenario();
	uint8_t *bin = malloc(SCN_MAX_ENCODED);
	size_t len;

	for (unsigned int c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		unsigned int n = counts[c], bad_bits = 0;

		TEST_BEGIN("boot record count encodes exactly");
		boot_adds(s, n);
		ops_clear(&s->ops[s->nr_ops++], OP_CHECK);
		len = scenario_encode(s, bin, SCN_MAX_ENCODED);
		EXPECT_EQ(len, HDR_BYTES + n * BOOT_REC_BYTES + OP_REC_BYTES);
		EXPECT_LT(bin[HDR_BOOT], HDR_BOOT_NONE);
		for (unsigned int i = 0; i < n; i++)
			bad_bits += !(bin[HDR_BYTES + i * BOOT_REC_BYTES + BOOT_KIND] & BOOT_KIND_MORE) !=
				    (i + 1 == n);
		EXPECT_EQ(bad_bits, 0);
		scenario_decode(bin, len, SCN_CAP_ALL, back);
		EXPECT_EQ(back->nr_boot, n);
		EXPECT_EQ(back->nr_ops, 1);
		EXPECT_TRUE(scenario_equal(s, back));
		check_print_parse(s, "boot record count prints and parses");
	}

	TEST_BEGIN("byte 16 >= HDR_BOOT_NONE: no boot records, ops right after the header");
	memset(bin, 0, HDR_BYTES + OP_REC_BYTES);
	bin[HDR_BOOT] = HDR_BOOT_NONE;
	bin[HDR_BYTES] = (uint8_t)ops_first_index(OP_CHECK);
	scenario_decode(bin, HDR_BYTES + OP_REC_BYTES, SCN_CAP_ALL, back);
	EXPECT_EQ(back->nr_boot, 1);		/* the implicit `memblock add` */
	EXPECT_EQ(back->boot[0].kind, BOOT_MB_ADD);
	EXPECT_EQ(back->nr_ops, 1);
	EXPECT_EQ(back->ops[0].kind, OP_CHECK);
	bin[HDR_BOOT] = HDR_BOOT_NONE - 1;
	scenario_decode(bin, HDR_BYTES + OP_REC_BYTES, SCN_CAP_ALL, back);
	EXPECT_EQ(back->nr_ops, 0);		/* one boot record wanted, input cut short */

	TEST_BEGIN("bit 7 set on the last record the input holds: cut short, no ops");
	boot_adds(s, 3);
	len = scenario_encode(s, bin, SCN_MAX_ENCODED);
	EXPECT_EQ(len, HDR_BYTES + 3 * BOOT_REC_BYTES);
	bin[HDR_BYTES + 2 * BOOT_REC_BYTES + BOOT_KIND] |= BOOT_KIND_MORE;
	memset(bin + len, 0, BOOT_REC_BYTES - 1);
	bin[len] = (uint8_t)ops_first_index(OP_CHECK);
	scenario_decode(bin, len + BOOT_REC_BYTES - 1, SCN_CAP_ALL, back);
	EXPECT_EQ(back->nr_boot, 3);
	EXPECT_EQ(back->nr_ops, 0);
	scenario_decode(bin, len + OP_REC_BYTES, SCN_CAP_ALL, back);
	EXPECT_EQ(back->nr_ops, 0);

	TEST_BEGIN("bit 7 set on record SCN_MAX_BOOT_OPS: the boot section ends anyway");
	boot_adds(s, SCN_MAX_BOOT_OPS);
	ops_clear(&s->ops[s->nr_ops++], OP_CHECK);
	len = scenario_encode(s, bin, SCN_MAX_ENCODED);
	bin[len - OP_REC_BYTES - BOOT_REC_BYTES + BOOT_KIND] |= BOOT_KIND_MORE;
	scenario_decode(bin, len, SCN_CAP_ALL, back);
	EXPECT_EQ(back->nr_ops, 1);
	EXPECT_TRUE(scenario_equal(s, back));

	TEST_BEGIN("bits 4..6 of a boot record's byte 0 change nothing");
	boot_adds(s, 2);
	len = scenario_encode(s, bin, SCN_MAX_ENCODED);
	bin[HDR_BYTES + BOOT_KIND] |= 0x70;
	bin[HDR_BYTES + BOOT_REC_BYTES + BOOT_KIND] |= 0x70;
	scenario_decode(bin, len, SCN_CAP_ALL, back);
	EXPECT_TRUE(scenario_equal(s, back));
	free(bin);
	free(back);
	free(s);
}

/* The empty input and one cut inside the header are small default machines. */
static void test_short_inputs(void)
{
	struct scenario *s = new_scenario();
	uint8_t three[3] = { 7, 0, 0 };

	TEST_BEGIN("empty input");
	scenario_decode(NULL, 0, SCN_CAP_ALL, s);
	EXPECT_TRUE(scenario_validate(s) == NULL);
	EXPECT_EQ(s->version, SCN_FORMAT_VERSION);
	EXPECT_EQ(s->cfg.max_order, 10);
	EXPECT_EQ(s->cfg.pageblock_order, 9);
	EXPECT_EQ(s->nr_boot, 1);
	EXPECT_EQ(s->boot[0].kind, BOOT_MB_ADD);
	EXPECT_EQ(s->boot[0].size, 1ull << 14);
	EXPECT_EQ(s->nr_ops, 0);
	TEST_BEGIN("unknown version decodes as the current version");
	scenario_decode(three, sizeof(three), SCN_CAP_ALL, s);
	EXPECT_EQ(s->version, SCN_FORMAT_VERSION);
	EXPECT_TRUE(scenario_validate(s) == NULL);
	free(s);
}

/* Byte 15 of a version-1 input keeps its version-1 meaning; version 2 swaps 0xfd..0xff / 0xb5..0xb7. */
static void test_version1_addr_bits(void)
{
	static const struct { uint8_t b; uint64_t v1_size, v2_size; } rows[] = {
		{ 0xfd, 1ull << 30, 1ull << 15 },	/* v2: as v1's 0xb5, 15 bits */
		{ 0xfe, 1ull << 32, 1ull << 16 },
		{ 0xff, 0, 1ull << 17 },		/* v1: 64 bits (checked below) */
		{ 0xb5, 1ull << 15, 1ull << 30 },
		{ 0xb6, 1ull << 16, 1ull << 32 },
		{ 0x04, 1ull << 18, 1ull << 18 },	/* elsewhere the two agree */
	};
	struct scenario *s = new_scenario(), *back = new_scenario();
	uint8_t in[17] = { 0 }, out[SCN_MAX_ENCODED];
	unsigned int i, version;

	TEST_BEGIN("version 1 inputs keep their address widths");
	in[16] = 0xe0;				/* no boot records: the default `memblock add 0 2^bits` */
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		for (version = 1; version <= 2; version++) {
			uint64_t want = version == 1 ? rows[i].v1_size : rows[i].v2_size;
			size_t n;

			in[0] = (uint8_t)version;
			in[15] = rows[i].b;
			scenario_decode(in, sizeof(in), SCN_CAP_ALL, s);
			EXPECT_EQ(s->version, version);
			EXPECT_TRUE(scenario_validate(s) == NULL);
			EXPECT_EQ(s->boot[0].kind, BOOT_MB_ADD);
			if (want)
				EXPECT_EQ(s->boot[0].size, want);
			else
				EXPECT_EQ(s->boot[0].size, 1ull << 63);	/* 64 bits: the size is capped */
			/* re-encoding keeps the version, and decodes to the same scenario */
			n = scenario_encode(s, out, sizeof(out));
			EXPECT_TRUE(n > 0 && out[0] == version);
			scenario_decode(out, n, SCN_CAP_ALL, back);
			EXPECT_TRUE(scenario_equal(s, back));
		}
	}
	free(s);
	free(back);
}

static bool op_same(const struct scn_op *a, const struct scn_op *b)
{
	return a->kind == b->kind && a->order == b->order && a->slot == b->slot &&
	       a->arg == b->arg && a->cpu == b->cpu && a->nid == b->nid &&
	       a->zone == b->zone && a->gfp == b->gfp && a->pfn == b->pfn &&
	       a->nr_pages == b->nr_pages;
}

/* (e) locality: one changed byte changes <= 1 op; one deleted record removes 1 op. */
static void test_locality(void)
{
	uint8_t *buf = malloc(MAX_RANDOM_LEN), *cut = malloc(MAX_RANDOM_LEN);
	struct scenario *a = new_scenario(), *b = new_scenario();
	unsigned int tried = 0, spread = 0, bad_delete = 0;

	while (tried < 300) {
		size_t len = random_input(buf), start = op_region(buf, len);
		unsigned int differ = 0, victim;

		if (len > HDR_FLAGS)	/* strict locality holds without phases */
			buf[HDR_FLAGS] &= (uint8_t)~HDRF_PHASES;

		scenario_decode(buf, len, SCN_CAP_ALL, a);
		if (a->nr_ops < 3)
			continue;
		tried++;
		victim = (unsigned int)(rng() % a->nr_ops);
		buf[start + victim * OP_REC_BYTES + rng() % OP_REC_BYTES] ^= (uint8_t)(1 + rng() % 255);
		scenario_decode(buf, len, SCN_CAP_ALL, b);
		for (unsigned int i = 0; i < a->nr_ops && i < b->nr_ops; i++)
			differ += !op_same(&a->ops[i], &b->ops[i]);
		spread += a->nr_ops != b->nr_ops || differ > 1;

		victim = (unsigned int)(rng() % b->nr_ops);
		memcpy(cut, buf, start + victim * OP_REC_BYTES);
		memcpy(cut + start + victim * OP_REC_BYTES, buf + start + (victim + 1) * OP_REC_BYTES,
		       len - start - (victim + 1) * OP_REC_BYTES);
		scenario_decode(cut, len - OP_REC_BYTES, SCN_CAP_ALL, a);
		bad_delete += a->nr_ops + 1 != b->nr_ops;
		for (unsigned int i = 0; i < a->nr_ops && a->nr_ops + 1 == b->nr_ops; i++)
			bad_delete += !op_same(&a->ops[i], &b->ops[i + (i >= victim)]);
	}
	TEST_BEGIN("locality of op records");
	EXPECT_EQ(spread, 0);
	EXPECT_EQ(bad_delete, 0);
	free(a);
	free(b);
	free(cut);
	free(buf);
}

/*
 * Fragmenting phases: after PHASE_FRAGMENTED_FREES frees, the last ALLOC
 * entry decodes as COMPACT (and back to ALLOC after it), only with the
 * header flag; over random inputs the flag makes compaction ops more common.
 */
static void test_phases(void)
{
	uint8_t *buf = calloc(1, MAX_RANDOM_LEN);
	struct scenario *s = new_scenario();
	unsigned int last_alloc = ops_first_index(OP_FREE) - 1, i, n, with = 0, without = 0;
	size_t pos = HDR_BYTES;

	TEST_BEGIN("phases");
	buf[HDR_BOOT] = HDR_BOOT_NONE;
	for (i = 0; i < PHASE_FRAGMENTED_FREES; i++, pos += OP_REC_BYTES)
		buf[pos] = (uint8_t)ops_first_index(OP_FREE);
	buf[pos] = (uint8_t)last_alloc;			/* fragmented: COMPACT */
	buf[pos + OP_REC_BYTES] = (uint8_t)last_alloc;	/* after a COMPACT: ALLOC */
	pos += 2 * OP_REC_BYTES;
	buf[HDR_FLAGS] = HDRF_PHASES;
	scenario_decode(buf, pos, SCN_CAP_ALL, s);
	EXPECT_EQ(s->nr_ops, PHASE_FRAGMENTED_FREES + 2);
	EXPECT_EQ(s->ops[PHASE_FRAGMENTED_FREES].kind, OP_COMPACT);
	EXPECT_EQ(s->ops[PHASE_FRAGMENTED_FREES + 1].kind, OP_ALLOC);
	buf[HDR_FLAGS] = 0;
	scenario_decode(buf, pos, SCN_CAP_ALL, s);
	EXPECT_EQ(s->ops[PHASE_FRAGMENTED_FREES].kind, OP_ALLOC);
	for (i = 0; i < OP_KIND_TABLE; i++)	/* the encoder's entries never move */
		for (n = 0; n < NR_OP_KINDS; n++)
			if (ops_desc[n].weight && i == ops_first_index(n))
				EXPECT_EQ(ops_kind_at_phase(i, true), ops_kind_at(i));
	for (n = 0; n < 300; n++) {
		size_t len = random_input(buf);

		if (len <= HDR_FLAGS)
			continue;
		for (int flag = 0; flag < 2; flag++) {
			buf[HDR_FLAGS] = (uint8_t)(flag ? buf[HDR_FLAGS] | HDRF_PHASES :
						   buf[HDR_FLAGS] & ~HDRF_PHASES);
			scenario_decode(buf, len, SCN_CAP_ALL, s);
			for (i = 0; i < s->nr_ops; i++)
				*(flag ? &with : &without) += s->ops[i].kind == OP_COMPACT;
		}
	}
	EXPECT_GT(with, without);
	free(s);
	free(buf);
}

/* (g) a kind whose capability is missing never comes out of the decoder. */
static void test_caps(void)
{
	static const unsigned int masks[] = {
		0, SCN_CAP_DRAIN, SCN_CAP_COMPACT, SCN_CAP_ISOLATE, SCN_CAP_CONTIG,
		SCN_CAP_MISUSE, SCN_CAP_DUMP, SCN_CAP_DOUBLE_FREE, SCN_CAP_WRONG_ORDER,
		SCN_CAP_FREE_PFN,
	};
	uint8_t *buf = malloc(MAX_RANDOM_LEN);
	struct scenario *s = new_scenario();

	for (unsigned int m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
		unsigned int leaked = 0, allowed_seen = 0, ops = 0;

		for (unsigned int n = 0; n < 200; n++) {
			size_t len = random_input(buf);

			scenario_decode(buf, len, masks[m], s);
			for (unsigned int i = 0; i < s->nr_ops; i++) {
				unsigned int cap = scn_op_cap(s->ops[i].kind);

				leaked += cap && !(cap & masks[m]);
				allowed_seen += cap && (cap & masks[m]);
			}
			ops += s->nr_ops;
			EXPECT_TRUE(scenario_validate(s) == NULL);
		}
		TEST_BEGIN("caps mask");
		EXPECT_EQ(leaked, 0);
		EXPECT_GT(ops, 0);
		if (masks[m])
			EXPECT_GT(allowed_seen, 0);
	}
	free(s);
	free(buf);
}
/* ---- --roundtrip DIR...: corpus files ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void roundtrip_file(const char *path, unsigned int *files)
{
	struct scenario *s = new_scenario();
	char err[512];
	uint8_t *data;
	size_t size;

	TEST_BEGIN(path);
	if (ends_with(path, ".trace")) {
		(*files)++;
		EXPECT_EQ(scenario_parse_file(path, s, NULL, err, sizeof(err)), 0);
		check_print_parse(s, path);
		if (scenario_encodable(s) == NULL)
			check_encode_decode(s, path);
	} else if (ends_with(path, ".bin")) {
		(*files)++;
		EXPECT_EQ(scenario_read_file(path, SCN_MAX_INPUT_BYTES, &data, &size), 0);
		scenario_decode(data, size, SCN_CAP_ALL, s);
		free(data);
		check_round_trips(s, path);
	}
	free(s);
}

static void roundtrip_dir(const char *dir, unsigned int *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	TEST_BEGIN(dir);
	if (!d && errno == ENOENT) {
		printf("%s: absent (git keeps no empty directory)\n", dir);
		return;
	}
	EXPECT_TRUE(d != NULL);
	while (d && (e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			roundtrip_dir(path, files);
		else
			roundtrip_file(path, files);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--roundtrip") == 0) {
		unsigned int files = 0;

		for (int i = 2; i < argc; i++)
			roundtrip_dir(argv[i], &files);
		printf("%u corpus files\n", files);
		TEST_BEGIN("corpus");
		EXPECT_GT(files, 0);
		return test_main_end();
	}
	test_short_inputs();
	test_version1_addr_bits();
	test_random_inputs();
	test_locality();
	test_boot_chain();
	test_phases();
	test_caps();
	return test_main_end();
}
