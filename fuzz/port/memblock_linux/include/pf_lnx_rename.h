/* SPDX-License-Identifier: MIT */
/*
 * pf_lnx_rename.h - forced ahead of every file of the linux-memblock port
 * (-include): the kernel functions that share a name with a global of the
 * reference memblock (alloc/memblock.h) get a lnx_ prefix at the source
 * level.  Linking never needed it (the port's object keeps only
 * mb_port_linux_ops global), but source-based coverage matches functions
 * by name, and two memblock_reserve() in one binary would mix their
 * counts.
 */
#ifndef PF_LNX_RENAME_H
#define PF_LNX_RENAME_H

#define memblock_add_node		lnx_memblock_add_node
#define memblock_add			lnx_memblock_add
#define memblock_remove			lnx_memblock_remove
#define memblock_reserve		lnx_memblock_reserve
#define memblock_free			lnx_memblock_free
#define memblock_is_region_memory	lnx_memblock_is_region_memory
#define memblock_is_region_reserved	lnx_memblock_is_region_reserved
#define memblock_dump			lnx_memblock_dump

#endif /* PF_LNX_RENAME_H */
