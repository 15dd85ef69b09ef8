/* SPDX-License-Identifier: MIT */
/*
 * parse.c - .trace text -> scenario, the grammar of TRACE.md: the boot
 * phase (config, node, memblock, zones), `boot`, then run ops.  Lines are
 * cut at '#', split on blanks; numbers are decimal or 0x hex, and memblock
 * byte values may end in K, M or G (powers of 1024).
 *
 * Every error stops the parse with "FILE:LINE: bad token 'TOK': why".
 * Values are checked as soon as they can be: ranges that depend on the
 * config (a nid against `nodes`, pageblock_order against max_order) wait
 * for `boot` (or the end of the text), because config lines may come in
 * any order before it; those errors name the token that set the value.
 *
 * Names and slots.  A name of the form s<N> (N < SCN_NR_SLOTS, no leading
 * zero) is slot N; every such token of the text is reserved up front.  Any
 * other name takes the lowest slot that is neither reserved nor taken by a
 * name seen before.  An ALLOC or CONTIG without `-> NAME` takes such a slot
 * too and prints back as s<N>.  `free X` of a name never bound is allowed:
 * it gets a slot of its own, which the runner finds empty and skips.  The
 * name after `memblock alloc ... ->` is accepted and dropped: boot memory
 * is never freed by name.  These rules make parse(print(s)) == s.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "parse_internal.h"

/* ---- errors ---- */

/**
 * parse_fail_line - put "FILE:LINE: bad token 'TOK': why" in the error buffer
 * @p: the parser
 * @line: the line to name
 * @tok: the token to name
 * @fmt: printf format of the reason
 *
 * Return: -1, so that callers can `return parse_fail(...)`.
 */
int parse_fail_line(struct parser *p, uint32_t line, const char *tok, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->errlen)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%u: bad token '%s': ", p->file, line, tok);
	if (n >= 0 && (size_t)n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/**
 * parse_remember - note where a value that is checked later was written
 * @p: the parser (its current line)
 * @o: the origin to fill
 * @tok: the token, copied (cut to ORIGIN_TOK - 1 bytes)
 */
void parse_remember(struct parser *p, struct origin *o, const char *tok)
{
	o->line = p->line;
	snprintf(o->tok, sizeof(o->tok), "%s", tok);
}

/* ---- lexing ---- */

/* Copy one line, cut the comment, split on blanks.  Return: 0 or -1. */
static int split_line(struct parser *p, const char *start, size_t len)
{
	char *q = p->buf;
	bool too_long = len >= MAX_LINE;

	if (too_long)
		len = MAX_LINE - 1;
	memcpy(p->buf, start, len);
	p->buf[len] = 0;
	q[strcspn(q, "#")] = 0;
	p->ntok = 0;
	for (;;) {
		q += strspn(q, BLANKS);
		if (!*q)
			break;
		char *tok = q;

		q += strcspn(q, BLANKS);
		if (*q)
			*q++ = 0;
		if (p->ntok == MAX_TOKENS)
			return parse_fail(p, tok, "more than %d tokens on a line", MAX_TOKENS);
		p->tok[p->ntok++] = tok;
	}
	if (too_long)
		return parse_fail(p, p->ntok ? p->tok[0] : "", "line longer than %d bytes", MAX_LINE - 1);
	return 0;
}

static int parse_u64(const char *t, bool size_suffix, uint64_t *v)
{
	unsigned int base = 10, shift = 0;
	uint64_t acc = 0;
	const char *q = t;

	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		base = 16;
		q += 2;
	}
	if (!*q)
		return -1;
	for (; *q; q++) {
		unsigned int d;

		if (*q >= '0' && *q <= '9')
			d = (unsigned int)(*q - '0');
		else if (base == 16 && ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f'))
			d = (unsigned int)((*q | 0x20) - 'a' + 10);
		else
			break;
		if (acc > (UINT64_MAX - d) / base)
			return -1;
		acc = acc * base + d;
	}
	if (q == t || (base == 16 && q == t + 2))
		return -1;
	if (size_suffix && q[0] && !q[1])
		shift = q[0] == 'K' ? 10 : q[0] == 'M' ? 20 : q[0] == 'G' ? 30 : 64;
	else if (*q)
		return -1;
	if (shift == 64 || (shift && acc > (UINT64_MAX >> shift)))
		return -1;
	*v = acc << shift;
	return 0;
}

/**
 * parse_number - read a number and check its range
 * @p: the parser
 * @tok: the token an error names (the whole `key=value`)
 * @text: the digits (the value part of @tok, or @tok itself)
 * @min: smallest allowed value
 * @max: largest allowed value
 * @size_suffix: allow a K, M or G suffix
 * @v: set to the value
 *
 * Return: 0 or -1.
 */
int parse_number(struct parser *p, const char *tok, const char *text, uint64_t min,
		 uint64_t max, bool size_suffix, uint64_t *v)
{
	if (parse_u64(text, size_suffix, v))
		return parse_fail(p, tok, "not a number");
	if (*v < min || *v > max)
		return parse_fail(p, tok, "out of range %llu..%llu", (unsigned long long)min,
				  (unsigned long long)max);
	return 0;
}

/**
 * parse_key_value - the value part of a `key=value` token
 * @tok: the token
 * @key: the key wanted
 *
 * Return: the text after '=', or NULL when @tok is not @key=...
 */
const char *parse_key_value(const char *tok, const char *key)
{
	size_t len = strlen(key);

	return strncmp(tok, key, len) == 0 && tok[len] == '=' ? tok + len + 1 : NULL;
}

/**
 * parse_lookup_word - the index of a token in a word list
 * @words: the list
 * @n: its length
 * @tok: the token
 *
 * Return: the index, or -1.
 */
int parse_lookup_word(const char *const *words, unsigned int n, const char *tok)
{
	for (unsigned int i = 0; i < n; i++)
		if (strcmp(words[i], tok) == 0)
			return (int)i;
	return -1;
}

/* ---- names ---- */

static bool slot_name(const char *t, unsigned int *slot)
{
	uint64_t n;

	if (t[0] != 's' || t[1] < '0' || t[1] > '9' || (t[1] == '0' && t[2]))
		return false;
	if (parse_u64(t + 1, false, &n) || n >= SCN_NR_SLOTS)
		return false;
	*slot = (unsigned int)n;
	return true;
}

/**
 * parse_name_ok - whether a token is a well-formed NAME
 * @t: the token
 *
 * Return: true for [A-Za-z_][A-Za-z0-9_.-]* shorter than SCN_NAME_LEN.
 */
bool parse_name_ok(const char *t)
{
	if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') || *t == '_'))
		return false;
	return strlen(t) < SCN_NAME_LEN &&
	       strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
		       strlen(t);
}

/**
 * parse_take_slot - claim the lowest slot neither used nor reserved
 * @p: the parser
 * @tok: the token an error names
 * @slot: set to the slot
 *
 * Return: 0, or -1 when all SCN_NR_SLOTS are gone.
 */
int parse_take_slot(struct parser *p, const char *tok, unsigned int *slot)
{
	for (unsigned int i = 0; i < SCN_NR_SLOTS; i++) {
		if (!((p->used | p->reserved) >> i & 1)) {
			p->used |= 1ull << i;
			*slot = i;
			return 0;
		}
	}
	return parse_fail(p, tok, "more than %d names (an unnamed alloc takes one too)", SCN_NR_SLOTS);
}

/**
 * parse_name_slot - the slot a NAME stands for, given one on first sight
 * @p: the parser
 * @tok: the NAME token
 * @slot: set to the slot
 *
 * s<N> is slot N; another name keeps the slot it got when first seen.
 * Return: 0 or -1.
 */
int parse_name_slot(struct parser *p, const char *tok, unsigned int *slot)
{
	if (!parse_name_ok(tok))
		return parse_fail(p, tok, "not a name ([A-Za-z_][A-Za-z0-9_.-]*, < %d bytes)", SCN_NAME_LEN);
	if (slot_name(tok, slot)) {
		p->used |= 1ull << *slot;
	} else {
		for (unsigned int i = 0; i < SCN_NR_SLOTS; i++) {
			if ((p->used >> i & 1) && strcmp(p->names->slot[i], tok) == 0) {
				*slot = i;
				return 0;
			}
		}
		if (parse_take_slot(p, tok, slot))
			return -1;
	}
	snprintf(p->names->slot[*slot], SCN_NAME_LEN, "%s", tok);
	return 0;
}

/*
 * Reserve every s<N> token of the text before any name takes a slot.  A
 * line that does not split is skipped quietly; the real pass reports it.
 */
static void reserve_slot_names(struct parser *p, const char *text)
{
	size_t errlen = p->errlen;

	p->errlen = 0;
	while (*text) {
		size_t len = strcspn(text, "\n");
		unsigned int slot;

		if (split_line(p, text, len) == 0)
			for (unsigned int i = 0; i < p->ntok; i++)
				if (slot_name(p->tok[i], &slot))
					p->reserved |= 1ull << slot;
		text += len + (text[len] == '\n');
	}
	p->errlen = errlen;
}

static int parse_line(struct parser *p)
{
	static const char *const boot_words[] = { "config", "node", "memblock", "zones", "boot" };

	static const char *const boot_phase_words[] = { "expect", "dump" };

	if (parse_lookup_word(boot_words, 5, p->tok[0]) >= 0)
		return parse_boot_line(p);
	if (!p->s->booted && parse_lookup_word(boot_phase_words, 2, p->tok[0]) >= 0)
		return parse_boot_line(p);
	return parse_run_line(p);
}

static int parse_text(struct parser *p, const char *text)
{
	reserve_slot_names(p, text);
	p->line = 0;
	while (*text) {
		size_t len = strcspn(text, "\n");

		p->line++;
		if (split_line(p, text, len) || (p->ntok && parse_line(p)))
			return -1;
		text += len + (text[len] == '\n');
	}
	if (!p->s->booted && parse_boot_check(p))
		return -1;
	return 0;
}

/**
 * scenario_parse - read a .trace
 * @text: the whole text, NUL-terminated
 * @file: the name errors give
 * @s: filled in (scenario_init() first)
 * @names: filled with the slot names, or NULL
 * @err: "FILE:LINE: bad token 'TOK': why" on error
 * @errlen: size of @err
 *
 * Return: 0 with a valid @s, or -1 (@s then holds a partial parse).
 */
int scenario_parse(const char *text, const char *file, struct scenario *s,
		   struct scn_names *names, char *err, size_t errlen)
{
	struct parser *p = calloc(1, sizeof(*p));
	struct scn_names *own = names ? NULL : malloc(sizeof(*own));
	const char *why;
	int rc = -1;

	if (errlen)
		err[0] = 0;
	scenario_init(s);
	if (!p || (!names && !own)) {
		snprintf(err, errlen, "%s: out of memory", file);
		goto out;
	}
	p->file = file;
	p->s = s;
	p->names = names ? names : own;
	p->err = err;
	p->errlen = errlen;
	memset(p->names, 0, sizeof(*p->names));
	rc = parse_text(p, text);
	why = rc ? NULL : scenario_validate(s);
	if (why) {
		snprintf(err, errlen, "%s: parsed scenario invalid: %s", file, why);
		rc = -1;
	}
out:
	free(own);
	free(p);
	return rc;
}

/**
 * scenario_parse_file - scenario_parse() on the content of a file
 * @path: the .trace file, also the name errors give
 * @s: as scenario_parse()
 * @names: as scenario_parse()
 * @err: as scenario_parse(); also reports a file that cannot be read
 * @errlen: size of @err
 *
 * Return: 0 or -1.
 */
int scenario_parse_file(const char *path, struct scenario *s, struct scn_names *names,
			char *err, size_t errlen)
{
	uint8_t *text;
	size_t size;
	int rc;

	if (scenario_read_file(path, &text, &size)) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	if (memchr(text, 0, size)) {
		snprintf(err, errlen, "%s: NUL byte in a .trace", path);
		free(text);
		return -1;
	}
	rc = scenario_parse(text ? (const char *)text : "", path, s, names, err, errlen);
	free(text);
	return rc;
}
