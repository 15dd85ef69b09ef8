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
 * Names and slots (parse_names.c): s<N> is slot N, every such token of the
 * text reserved up front; other names take free slots, without limit in a
 * .trace.  An ALLOC or CONTIG without `-> NAME` takes no slot
 * (SCN_SLOT_NONE).  `free X` of
 * a name never bound is allowed: it gets a slot of its own, which the
 * runner finds empty and skips.  The name after `memblock alloc ... ->` is
 * accepted and dropped: boot memory is never freed by name.  These rules
 * make parse(print(s)) == s.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "parse_internal.h"

/* ---- errors ---- */

/**
 * parse_escape - a token as an error may show it: control bytes (and DEL)
 * become \xNN, so that a hostile .trace cannot drive the terminal; a token
 * too long for @len ends in "...".
 * @tok: the token
 * @buf: the result, always NUL-terminated
 * @len: size of @buf (at least 8)
 */
void parse_escape(const char *tok, char *buf, size_t len)
{
	size_t n = 0;

	for (; *tok; tok++) {
		unsigned char ch = (unsigned char)*tok;

		if (n + 8 > len) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		if (ch < 0x20 || ch == 0x7f)
			n += (size_t)snprintf(buf + n, len - n, "\\x%02x", ch);
		else
			buf[n++] = (char)ch;
	}
	buf[n] = 0;
}

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
	char shown[4 * ORIGIN_TOK + 8];
	va_list ap;
	int n;

	if (!p->errlen)
		return -1;
	parse_escape(tok, shown, sizeof(shown));
	n = snprintf(p->err, p->errlen, "%s:%u: bad token '%s': ", p->file, line, shown);
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

/* Return: 0, -1 not a number, -2 a number too large for 64 bits. */
static int parse_u64(const char *t, bool size_suffix, uint64_t *v)
{
	bool overflow = false;
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
		if (!overflow && acc > (UINT64_MAX - d) / base)
			overflow = true;
		if (!overflow)
			acc = acc * base + d;
	}
	if (q == t || (base == 16 && q == t + 2))
		return -1;
	if (size_suffix && q[0] && !q[1])
		shift = q[0] == 'K' ? 10 : q[0] == 'M' ? 20 : q[0] == 'G' ? 30 : 64;
	else if (*q)
		return -1;
	if (shift == 64)
		return -1;
	if (overflow || (shift && acc > (UINT64_MAX >> shift)))
		return -2;
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
	int rc = parse_u64(text, size_suffix, v);

	if (rc == -2)
		return parse_fail(p, tok, "out of range (more than 64 bits)");
	if (rc)
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

/*
 * The length of the line at @text and, in *@next, where the next one
 * starts.  A line ends at LF, CR LF or a lone CR (old Mac files), so a
 * file with any of the three endings reads the same.
 */
static size_t line_len(const char *text, const char **next)
{
	size_t len = strcspn(text, "\r\n");

	*next = text + len;
	if (**next == '\r' && (*next)[1] == '\n')
		*next += 2;
	else if (**next)
		*next += 1;
	return len;
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
		const char *next;
		size_t len = line_len(text, &next);
		unsigned int slot;

		if (split_line(p, text, len) == 0)
			for (unsigned int i = 0; i < p->ntok; i++)
				if (parse_slot_name(p->tok[i], &slot))
					p->reserved |= 1ull << slot;
		text = next;
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
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;	/* a UTF-8 byte order mark, as some editors write */
	while (*text) {
		const char *next;
		size_t len = line_len(text, &next);

		p->line++;
		if (split_line(p, text, len) || (p->ntok && parse_line(p)))
			return -1;
		text = next;
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
 * @s owns the ops past SCN_MAX_OPS of a long trace: scenario_release()
 * frees them (a failed parse has freed them already).
 * Return: 0 with a valid @s, or -1 (@s then holds a partial parse).
 */
int scenario_parse(const char *text, const char *file, struct scenario *s,
		   struct scn_names *names, char *err, size_t errlen)
{
	struct parser *p = calloc(1, sizeof(*p));
	struct scn_names *own = names ? NULL : calloc(1, sizeof(*own));
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
	memset(p->names, 0, sizeof(*p->names));	/* names past 64 are malloc'ed anew */
	rc = parse_text(p, text);
	s->nr_slots = SCN_NR_SLOTS + p->names->nr_more;
	why = rc ? NULL : scenario_validate(s);
	if (why) {
		snprintf(err, errlen, "%s: parsed scenario invalid: %s", file, why);
		rc = -1;
	}
	if (rc) {
		scenario_release(s);
		if (names)
			scn_names_release(names);
	}
out:
	if (own)
		scn_names_release(own);
	free(own);
	if (p)
		free(p->hash);
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

	const uint8_t *nul;

	if (scenario_read_file(path, SCN_MAX_TRACE_BYTES, &text, &size)) {
		if (errno == EFBIG)
			snprintf(err, errlen, "%s: cannot read: larger than %u MiB, the .trace limit",
				 path, SCN_MAX_TRACE_BYTES >> 20);
		else
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	nul = memchr(text, 0, size);
	if (nul) {
		unsigned int line = 1;

		for (const uint8_t *q = text; q < nul; q++)
			line += *q == '\n' || (*q == '\r' && q[1] != '\n');
		snprintf(err, errlen, "%s:%u: NUL byte in a .trace (a binary input? "
			 "only files ending in .trace are read as text)", path, line);
		free(text);
		return -1;
	}
	rc = scenario_parse(text ? (const char *)text : "", path, s, names, err, errlen);
	free(text);
	return rc;
}
