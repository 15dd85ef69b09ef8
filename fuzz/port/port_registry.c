// SPDX-License-Identifier: MIT
/*
 * port_registry.c - the ports built into this binary, by name.  The table
 * itself is generated per binary by pagefuzz_add_port() (see
 * fuzz/cmake/pagefuzzPorts.cmake): one binary per port, so two versions of one
 * allocator never share a link.  The first entry is the default.
 */
#include <string.h>
#include "port.h"

extern const struct port_ops *const pf_ports[];
extern const unsigned int pf_nr_ports;

const struct port_ops *port_find(const char *name)
{
	unsigned int i;

	if (!name || !*name)
		return pf_ports[0];
	for (i = 0; i < pf_nr_ports; i++)
		if (!strcmp(pf_ports[i]->name, name))
			return pf_ports[i];
	return NULL;
}

void port_list(FILE *out)
{
	unsigned int i;

	for (i = 0; i < pf_nr_ports; i++)
		fprintf(out, "%s\n", pf_ports[i]->name);
}
