/* SPDX-License-Identifier: MIT */
/*
 * parse_names.c - the names of a .trace and the slots they stand for.
 * A name of the form s<N> (N < SCN_NR_SLOTS) is slot N.  Any other name
 * takes, on first sight, the lowest slot below SCN_NR_SLOTS that no name
 * has and no s<N> token of the text reserves, and past those the next new
 * slot: a .trace has no name limit, only the binary format stops at
 * SCN_NR_SLOTS.  A hash table (FNV-1a, open addressing, at most half full)
 * finds the slot of a name seen before, so a trace with thousands of names
 * parses in time linear in its length.  Slots past SCN_NR_SLOTS keep their
 * names in scn_names.more.
 */
#include <stdlib.h>
#include <string.h>
#include "parse_internal.h"

/**
 * parse_slot_name - whether a token is s<N> (N < SCN_NR_SLOTS, no leading zero)
 * @t: the token
 * @slot: set to N
 *
 * Return: true when it is.
 */
bool parse_slot_name(const char *t, unsigned int *slot)
{
	unsigned int n = 0;

	if (t[0] != 's' || t[1] < '0' || t[1] > '9' || (t[1] == '0' && t[2]))
		return false;
	for (const char *q = t + 1; *q; q++) {
		if (*q < '0' || *q > '9')
			return false;
		n = n * 10 + (unsigned int)(*q - '0');
		if (n >= SCN_NR_SLOTS)
			return false;
	}
	*slot = n;
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
 * scn_name - the name a .trace gave a slot
 * @n: the names (may be NULL)
 * @slot: the slot
 *
 * Return: the name, or NULL when it has none.
 */
const char *scn_name(const struct scn_names *n, uint32_t slot)
{
	if (!n)
		return NULL;
	if (slot < SCN_NR_SLOTS)
		return n->slot[slot][0] ? n->slot[slot] : NULL;
	if (slot - SCN_NR_SLOTS < n->nr_more)
		return n->more[slot - SCN_NR_SLOTS];
	return NULL;
}

/**
 * scn_names_release - free the names of slots past SCN_NR_SLOTS
 * @n: the names; zeroed afterwards
 */
void scn_names_release(struct scn_names *n)
{
	free(n->more);
	memset(n, 0, sizeof(*n));
}

static uint32_t name_hash(const char *t)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *t; t++)
		h = (h ^ (uint8_t)*t) * 16777619u;
	return h;
}

/* The hash table entry for @tok: holding slot + 1, or 0 where it would go. */
static uint32_t *name_entry(struct parser *p, const char *tok)
{
	uint32_t mask = p->hash_cap - 1, i = name_hash(tok) & mask;

	while (p->hash[i] && strcmp(scn_name(p->names, p->hash[i] - 1), tok))
		i = (i + 1) & mask;
	return &p->hash[i];
}

/* Room for one more name in the hash table (kept at most half full). */
static int name_hash_grow(struct parser *p, const char *tok)
{
	uint32_t *old = p->hash, old_cap = p->hash_cap;

	if (p->hash_cap && p->nr_hashed + 1 <= p->hash_cap / 2)
		return 0;
	p->hash_cap = old_cap ? old_cap * 2 : 256;
	p->hash = calloc(p->hash_cap, sizeof(*p->hash));
	if (!p->hash || p->hash_cap > UINT32_MAX / 4) {
		p->hash = old;
		p->hash_cap = old_cap;
		return parse_fail(p, tok, "out of memory for names");
	}
	for (uint32_t i = 0; i < old_cap; i++)
		if (old[i])
			*name_entry(p, scn_name(p->names, old[i] - 1)) = old[i];
	free(old);
	return 0;
}

/*
 * Give @tok a slot: the lowest of 0..SCN_NR_SLOTS-1 neither used nor
 * reserved, else the next one past them (a .trace has no name limit; only
 * the binary format stops at SCN_NR_SLOTS).
 */
static int take_slot(struct parser *p, const char *tok, unsigned int *slot)
{
	struct scn_names *n = p->names;

	for (unsigned int i = 0; i < SCN_NR_SLOTS; i++) {
		if (!((p->used | p->reserved) >> i & 1)) {
			p->used |= 1ull << i;
			*slot = i;
			snprintf(n->slot[i], SCN_NAME_LEN, "%s", tok);
			return 0;
		}
	}
	if (n->nr_more == p->more_cap) {
		uint32_t cap = p->more_cap ? p->more_cap * 2 : 64;
		char (*more)[SCN_NAME_LEN] = cap < (1u << 26) ? realloc(n->more, cap * sizeof(*more)) : NULL;

		if (!more)
			return parse_fail(p, tok, "out of memory for names");
		n->more = more;
		p->more_cap = cap;
	}
	*slot = SCN_NR_SLOTS + n->nr_more;
	snprintf(n->more[n->nr_more++], SCN_NAME_LEN, "%s", tok);
	return 0;
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
	uint32_t *e;

	if (!parse_name_ok(tok))
		return parse_fail(p, tok, "not a name ([A-Za-z_][A-Za-z0-9_.-]*, < %d bytes)", SCN_NAME_LEN);
	if (parse_slot_name(tok, slot)) {
		p->used |= 1ull << *slot;
		snprintf(p->names->slot[*slot], SCN_NAME_LEN, "%s", tok);
		return 0;
	}
	if (name_hash_grow(p, tok))
		return -1;
	e = name_entry(p, tok);
	if (*e) {
		*slot = *e - 1;
		return 0;
	}
	if (take_slot(p, tok, slot))
		return -1;
	*e = *slot + 1;
	p->nr_hashed++;
	return 0;
}
