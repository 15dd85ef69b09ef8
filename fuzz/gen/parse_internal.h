/* SPDX-License-Identifier: MIT */
/*
 * parse_internal.h - the parser state and helpers shared by parse.c (lexing,
 * numbers, names, entry points), parse_boot.c (the boot phase) and
 * parse_run.c (run ops).  Every function returns 0 or -1; on -1 the error
 * text is already in the parser's err buffer.  parse_names.c keeps the
 * names and their slots.
 */
#ifndef PAGEFUZZ_PARSE_INTERNAL_H
#define PAGEFUZZ_PARSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "gen_internal.h"

#define MAX_LINE	1024	/* bytes per line, with the NUL */
#define MAX_TOKENS	48
#define ORIGIN_TOK	48
#define BLANKS		" \t\r\v\f"

/* Where a value that is checked later was written. */
struct origin {
	uint32_t line;
	char tok[ORIGIN_TOK];
};

struct parser {
	const char *file;
	uint32_t line;
	struct scenario *s;
	struct scn_names *names;
	char *err;
	size_t errlen;
	uint64_t reserved;		/* slots named s<N> somewhere in the text */
	uint64_t used;			/* slots < SCN_NR_SLOTS taken by a name */
	uint32_t more_cap;		/* room in names->more */
	uint32_t *hash, hash_cap;	/* name -> slot + 1, open addressing */
	uint32_t nr_hashed;
	struct origin max_order_at, pageblock_at;
	struct origin node_at[SCN_MAX_NODES];
	struct origin dist_at[SCN_MAX_NODES][SCN_MAX_NODES];
	struct origin nid_at[SCN_MAX_BOOT_OPS];
	char buf[MAX_LINE];
	char *tok[MAX_TOKENS];
	unsigned int ntok;
};

int parse_fail_line(struct parser *p, uint32_t line, const char *tok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* parse_fail - error at @tok on the current line; parse_fail_at - at an origin */
#define parse_fail(p, tok, ...) parse_fail_line((p), (p)->line, (tok), __VA_ARGS__)
#define parse_fail_at(p, o, ...) parse_fail_line((p), (o)->line, (o)->tok, __VA_ARGS__)
void parse_remember(struct parser *p, struct origin *o, const char *tok);
void parse_escape(const char *tok, char *buf, size_t len);

int parse_number(struct parser *p, const char *tok, const char *text, uint64_t min,
		 uint64_t max, bool size_suffix, uint64_t *v);
const char *parse_key_value(const char *tok, const char *key);
int parse_lookup_word(const char *const *words, unsigned int n, const char *tok);

/* parse_names.c */
bool parse_slot_name(const char *t, unsigned int *slot);
bool parse_name_ok(const char *t);
int parse_name_slot(struct parser *p, const char *tok, unsigned int *slot);

/* parse_boot.c */
int parse_boot_line(struct parser *p);
int parse_boot_check(struct parser *p);
/* parse_run.c */
int parse_run_line(struct parser *p);

#endif /* PAGEFUZZ_PARSE_INTERNAL_H */
