// SPDX-License-Identifier: MIT
/*
 * port_check.c - what a port table promises against what it implements:
 * its level (1..4) and capability bits each name function pointers that
 * must not be NULL, and op kinds above the level are refused.  Every entry
 * point (fuzz targets, replayer) runs port_check() before the first input,
 * so a port that declares what it lacks is refused with a message instead
 * of crashing on a NULL call in the middle of a campaign.
 */
#include <stdio.h>
#include "port.h"

/* Op kinds each level brings with it. */
static const unsigned int level_ops[] = {
	[PORT_LEVEL_ARENA] = 0,
	[PORT_LEVEL_ZONES] = 0,
	[PORT_LEVEL_PCP] = SCN_CAP_DRAIN,
	[PORT_LEVEL_MIGRATE] = SCN_CAP_DRAIN | SCN_CAP_COMPACT | SCN_CAP_ISOLATE | SCN_CAP_CONTIG,
};

#define LEVEL_OPS_MASK	(SCN_CAP_DRAIN | SCN_CAP_COMPACT | SCN_CAP_ISOLATE | SCN_CAP_CONTIG)

/**
 * port_op_caps - the op kinds (SCN_CAP_*) the decoder may emit for @port
 * @port: a table port_check() accepted
 * Return: the SCN_CAP_* bits of its caps plus those of its level.
 */
unsigned int port_op_caps(const struct port_ops *port)
{
	unsigned int lv = port->level <= PORT_LEVEL_MIGRATE ? port->level : 0;

	return (port->caps & SCN_CAP_ALL) | level_ops[lv];
}

struct need {
	bool when;
	const void *fn;
	const char *what;
};

/**
 * port_check - refuse a table that declares what it does not implement
 * @port: the table
 * @buf: room for the message
 * @len: its size
 * Return: NULL if usable, else @buf holding "port NAME: ...".
 */
const char *port_check(const struct port_ops *port, char *buf, size_t len)
{
	const char *name = port->name && *port->name ? port->name : "(unnamed)";
	unsigned int lv = port->level, ops;
	size_t i;

	if (lv < PORT_LEVEL_ARENA || lv > PORT_LEVEL_MIGRATE) {
		snprintf(buf, len, "port %s: level %u is not one of 1 (arena), 2 (zones), "
			 "3 (per-cpu lists), 4 (compaction, isolation, contig)", name, lv);
		return buf;
	}
	ops = port_op_caps(port);
	if ((port->caps & LEVEL_OPS_MASK) & ~level_ops[lv]) {
		snprintf(buf, len, "port %s: caps 0x%x declare op kinds above level %u "
			 "(drain needs level 3, compact/isolate/contig level 4)",
			 name, port->caps & LEVEL_OPS_MASK, lv);
		return buf;
	}
	const struct need needs[] = {
		{ true, (const void *)port->create, "create()" },
		{ true, (const void *)port->destroy, "destroy()" },
		{ true, (const void *)port->alloc, "alloc()" },
		{ true, (const void *)port->free, "free()" },
		{ ops & SCN_CAP_DRAIN, (const void *)port->drain, "drain() (level 3)" },
		{ ops & SCN_CAP_COMPACT, (const void *)port->compact, "compact() (level 4)" },
		{ ops & SCN_CAP_ISOLATE, (const void *)port->isolate, "isolate() (level 4)" },
		{ ops & SCN_CAP_CONTIG, (const void *)port->contig, "contig() (level 4)" },
		{ port->caps & SCN_CAP_DUMP, (const void *)port->dump, "dump() (SCN_CAP_DUMP)" },
		{ port->caps & PORT_CAP_ZONE_COUNTERS, (const void *)port->zone_counters,
		  "zone_counters() (PORT_CAP_ZONE_COUNTERS)" },
		{ port->caps & PORT_CAP_SELF_CHECK, (const void *)port->check_all,
		  "check_all() (PORT_CAP_SELF_CHECK)" },
		{ port->caps & SCN_CAP_CORRUPT, (const void *)port->corrupt,
		  "corrupt() (SCN_CAP_CORRUPT)" },
		{ port->caps & SCN_CAP_CORRUPT, (const void *)port->check_all,
		  "check_all() (SCN_CAP_CORRUPT needs a self-check)" },
		{ port->caps & SCN_CAP_HOST_FAIL, (const void *)port->host_fail,
		  "host_fail() (SCN_CAP_HOST_FAIL)" },
		{ port->caps & PORT_CAP_SELF_CHECK, (const void *)port->check_touched,
		  "check_touched() (PORT_CAP_SELF_CHECK)" },
	};
	for (i = 0; i < sizeof(needs) / sizeof(needs[0]); i++) {
		if (needs[i].when && !needs[i].fn) {
			snprintf(buf, len, "port %s: declares level %u and caps 0x%x but %s is NULL",
				 name, lv, port->caps, needs[i].what);
			return buf;
		}
	}
	if ((port->caps & PORT_CAP_PROTECTION) && !(port->caps & PORT_CAP_ZONE_COUNTERS)) {
		snprintf(buf, len, "port %s: PORT_CAP_PROTECTION needs PORT_CAP_ZONE_COUNTERS", name);
		return buf;
	}
	if ((port->caps & PORT_CAP_PROTECTION) && lv < PORT_LEVEL_ZONES) {
		snprintf(buf, len, "port %s: PORT_CAP_PROTECTION needs level 2 (zones)", name);
		return buf;
	}
	/* the policy judge reads zones and per-cpu lists through every hook of .policy */
	if (port->caps & PORT_CAP_LINUX_POLICY) {
		const struct port_policy_ops *pp = port->policy;

		if (lv < PORT_LEVEL_PCP) {
			snprintf(buf, len, "port %s: PORT_CAP_LINUX_POLICY needs level 3 (per-cpu lists)",
				 name);
			return buf;
		}
		if (!pp || !pp->zone || !pp->pcp || !pp->block || !pp->min_free_kbytes ||
		    !pp->list_head) {
			snprintf(buf, len, "port %s: declares PORT_CAP_LINUX_POLICY but .policy or one "
				 "of its hooks is NULL", name);
			return buf;
		}
	}
	return NULL;
}
