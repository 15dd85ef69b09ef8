// SPDX-License-Identifier: MIT
/*
 * port_registry.c - the ports built into this binary, by name.  A new port
 * adds its `const struct port_ops` here and its file to fuzz/CMakeLists.txt.
 */
#include <string.h>
#include "port.h"

extern const struct port_ops port_ref;
extern const struct port_ops port_bug_offbyone;
extern const struct port_ops port_bug_doublehand;
extern const struct port_ops port_bug_zonelimit;
extern const struct port_ops port_bug_drainloss;
extern const struct port_ops port_bug_mbfree;
extern const struct port_ops port_ref_nomb;
#ifdef PF_HAVE_LINUX_MEMBLOCK
extern const struct port_ops port_linux_memblock;	/* memblock_linux/port_linux_mb.c */
#endif

static const struct port_ops *const ports[] = {
	&port_ref,
	&port_bug_offbyone,
	&port_bug_doublehand,
	&port_bug_zonelimit,
	&port_bug_drainloss,
	&port_bug_mbfree,
	&port_ref_nomb,
#ifdef PF_HAVE_LINUX_MEMBLOCK
	&port_linux_memblock,
#endif
};

const struct port_ops *port_find(const char *name)
{
	size_t i;

	if (!name || !*name)
		return ports[0];
	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (!strcmp(ports[i]->name, name))
			return ports[i];
	return NULL;
}

void port_list(FILE *out)
{
	size_t i;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		fprintf(out, "%s\n", ports[i]->name);
}
