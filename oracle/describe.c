/* SPDX-License-Identifier: MIT */
/*
 * describe.c - the oracle's one-line account of a pfn range, for reports
 * (describe_pfn in fuzz/check/report.c).  Reads the model only through
 * oracle.h's queries, so it cannot change what the judge decides.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oracle/oracle.h"

__attribute__((format(printf, 3, 4)))
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* ", zone Z, node N" of @first, with "..Z2" / "..N2" if @last differs. */
static void append_where(const struct oracle *o, unsigned long first, unsigned long last,
			 char *buf, size_t len)
{
	append(buf, len, ", zone %s", oracle_zone_name(oracle_zone_of(o, first)));
	if (oracle_zone_of(o, last) != oracle_zone_of(o, first))
		append(buf, len, "..%s", oracle_zone_name(oracle_zone_of(o, last)));
	append(buf, len, ", node %d", oracle_node_of(o, first));
	if (oracle_node_of(o, last) != oracle_node_of(o, first))
		append(buf, len, "..%d", oracle_node_of(o, last));
}

void oracle_describe(const struct oracle *o, unsigned long start_pfn, unsigned long end_pfn,
		     char *buf, size_t len)
{
	unsigned long count[ORC_ALLOCATED + 1] = { 0 }, p, last, map_end = oracle_end_pfn(o);
	const struct oracle_slot *owner;
	int st, slot = -1;
	const char *sep = ":";

	if (len == 0)
		return;
	last = (end_pfn < map_end ? end_pfn : map_end) - 1;
	if (start_pfn > last || last >= map_end) {
		snprintf(buf, len, "pfn 0x%lx: outside the map", start_pfn);
		return;
	}
	snprintf(buf, len, "pfn 0x%lx-0x%lx", start_pfn, last);
	for (p = start_pfn; p <= last; p++) {
		count[oracle_state_of(o, p)]++;
		if (slot < 0)
			slot = oracle_slot_of(o, p);
	}
	for (st = ORC_HOLE; st <= ORC_ALLOCATED; st++) {
		if (count[st] == 0)
			continue;
		append(buf, len, "%s %s x%lu", sep, oracle_state_name((enum oracle_state)st), count[st]);
		sep = ",";
	}
	owner = slot >= 0 ? oracle_slot(o, (unsigned int)slot) : NULL;
	if (owner)
		append(buf, len, " (slot %d @0x%lx order %u)", slot, owner->pfn, owner->order);
	append_where(o, start_pfn, last, buf, len);
}
