/* SPDX-License-Identifier: MIT */
/*
 * gen_testutil.c - what the generator self-tests share (test_gen.c,
 * test_parse.c): a fixed-seed PRNG, scenarios on the heap, the printed
 * form as a string, and the round-trip checks.
 */
#include <stdlib.h>
#include <string.h>
#include "gen_testutil.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

struct scenario *new_scenario(void)
{
	struct scenario *s = malloc(sizeof(*s));

	if (!s) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	scenario_init(s);
	return s;
}

/* The text scenario_print() gives; the caller frees it. */
char *print_to_string(const struct scenario *s, const struct scn_names *names)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		exit(2);
	scenario_print(s, names, f);
	fclose(f);
	return text;
}

/* print -> parse gives @s back. */
void check_print_parse(const struct scenario *s, const char *what)
{
	struct scenario *back = new_scenario();
	char err[256], *text = print_to_string(s, NULL);

	TEST_BEGIN(what);
	EXPECT_EQ(scenario_parse(text, "printed", back, NULL, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "  %s\n", err);
	EXPECT_TRUE(scenario_equal(s, back));
	free(text);
	free(back);
}

/* encode -> decode gives @s back, and encode refuses a buffer one byte short. */
void check_encode_decode(const struct scenario *s, const char *what)
{
	struct scenario *back = new_scenario();
	uint8_t *bin = malloc(SCN_MAX_ENCODED);
	size_t len;

	TEST_BEGIN(what);
	EXPECT_TRUE(scenario_encodable(s) == NULL);
	len = scenario_encode(s, bin, SCN_MAX_ENCODED);
	EXPECT_GT(len, 0);
	EXPECT_EQ(scenario_encode(s, bin, len - 1), 0);
	scenario_decode(bin, len, SCN_CAP_ALL, back);
	EXPECT_TRUE(scenario_equal(s, back));
	free(bin);
	free(back);
}

void check_round_trips(const struct scenario *s, const char *what)
{
	check_encode_decode(s, what);
	check_print_parse(s, what);
}
