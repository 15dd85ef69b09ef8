// SPDX-License-Identifier: MIT
/*
 * svg.c - the memory map at the failure as an SVG (see svg.h).
 *
 * The pfn axis [0, end_pfn) is cut into at most MAX_COLS columns; each
 * row gives every column one category (the category of a pfn sampled in
 * it: its first pfn, or for the oracle rows the "worst" state found in a
 * bounded sample) and adjacent columns of one category merge into one
 * rectangle, so a 1M-page map draws in bounded size.  Live allocations
 * and the offending range are drawn at their exact pfns, at least one
 * pixel wide.  The port's rows come from parsing its describe_pfn() line
 * ("STATE, block 0xHEAD order N, ..., pageblock TYPE, ..."); words it
 * does not print leave the row blank.
 */
#include <stdlib.h>
#include <string.h>
#include "oracle/oracle.h"
#include "svg.h"

#define MAX_COLS	1024
#define LEFT		110.0	/* px: row labels */
#define AXIS_W		1000.0	/* px: the pfn axis */
#define ROW_H		26.0
#define ROW_GAP		8.0
#define TOP		58.0
#define SAMPLES_PER_COL	64	/* oracle lookups per column at most */

struct picture {
	const struct run_view *v;
	FILE *out;
	unsigned long end_pfn;
	unsigned int cols;
	double y;			/* top of the next row */
};

static double x_of(const struct picture *pic, unsigned long pfn)
{
	return LEFT + AXIS_W * (double)pfn / (double)pic->end_pfn;
}

static unsigned long col_start(const struct picture *pic, unsigned int col)
{
	return (unsigned long)((unsigned __int128)pic->end_pfn * col / pic->cols);
}

/* XML-safe text: the characters & < > " are replaced. */
static void put_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc((unsigned char)*s >= 0x20 ? *s : '?', out);
		}
	}
}

static void label(FILE *out, double x, double y, const char *anchor, const char *size,
		  const char *text)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%s\">", x, y,
		anchor, size);
	put_text(out, text);
	fputs("</text>\n", out);
}

/* One row: category per column (an index into @names/@colors, -1 blank), merged runs. */
static void draw_row(struct picture *pic, const char *title, const int *cat,
		     const char *const *names, const char *const *colors)
{
	unsigned int c = 0;

	label(pic->out, LEFT - 6, pic->y + ROW_H * 0.65, "end", "12", title);
	fprintf(pic->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"none\" stroke=\"#999\"/>\n", LEFT, pic->y, AXIS_W, ROW_H);
	while (c < pic->cols) {
		unsigned int e = c + 1;
		double x0, x1;

		while (e < pic->cols && cat[e] == cat[c])
			e++;
		x0 = x_of(pic, col_start(pic, c));
		x1 = x_of(pic, e < pic->cols ? col_start(pic, e) : pic->end_pfn);
		if (cat[c] >= 0) {
			fprintf(pic->out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
				"fill=\"%s\"><title>", x0, pic->y, x1 - x0, ROW_H, colors[cat[c]]);
			put_text(pic->out, names[cat[c]]);
			fprintf(pic->out, " pfn 0x%lx-0x%lx</title></rect>\n", col_start(pic, c),
				e < pic->cols ? col_start(pic, e) : pic->end_pfn);
			if (x1 - x0 > 8.0 * (double)strlen(names[cat[c]]))
				label(pic->out, (x0 + x1) / 2, pic->y + ROW_H * 0.65, "middle", "11",
				      names[cat[c]]);
		}
		c = e;
	}
	pic->y += ROW_H + ROW_GAP;
}

/* ---- rows from the oracle ---- */

static const char *const zone_names[] = { "hole", "DMA", "DMA32", "Normal", "Movable", "no zone" };
static const char *const zone_colors[] = { "#e0e0e0", "#4e79a7", "#a0cbe8", "#8cd17d",
					   "#b6992d", "#bab0ac" };

static void zone_row(struct picture *pic, int *cat)
{
	unsigned int c;

	for (c = 0; c < pic->cols; c++) {
		unsigned long pfn = col_start(pic, c);
		int zone = oracle_zone_of(pic->v->orc, pfn);

		if (oracle_state_of(pic->v->orc, pfn) == ORC_HOLE)
			cat[c] = 0;
		else
			cat[c] = zone == ORACLE_NO_ZONE ? 5 : zone + 1;
	}
	draw_row(pic, "zones", cat, zone_names, zone_colors);
}

static const char *const node_names[] = { "node 0", "node 1", "node 2", "node 3",
					  "node 4", "node 5", "node 6", "node 7" };
static const char *const node_colors[] = { "#d4e6f1", "#fad7a0", "#d5f5e3", "#f5b7b1",
					   "#d7bde2", "#fcf3cf", "#aed6f1", "#edbb99" };

static void node_row(struct picture *pic, int *cat)
{
	unsigned int c;

	for (c = 0; c < pic->cols; c++) {
		unsigned long pfn = col_start(pic, c);
		int nid = oracle_node_of(pic->v->orc, pfn);

		cat[c] = oracle_state_of(pic->v->orc, pfn) == ORC_HOLE || nid < 0 ||
			 nid >= ORACLE_MAX_NODES ? -1 : nid;
	}
	draw_row(pic, "nodes", cat, node_names, node_colors);
}

/* Oracle state categories, ordered by how much a column should show it. */
static const char *const state_names[] = { "hole", "reserved", "free", "isolated", "allocated" };
static const char *const state_colors[] = { "#e0e0e0", "#7f7f7f", "#c6e2ff", "#9c755f",
					    "#ff9da7" };

static int state_cat(const struct oracle *o, unsigned long pfn)
{
	static const int of_state[] = { [ORC_HOLE] = 0, [ORC_RESERVED] = 1, [ORC_FREE] = 2,
					[ORC_ALLOCATED] = 4 };
	enum oracle_state st = oracle_state_of(o, pfn);

	if (st == ORC_FREE && oracle_is_isolated(o, pfn))
		return 3;
	return of_state[st];
}

static void state_row(struct picture *pic, int *cat)
{
	unsigned int c;

	for (c = 0; c < pic->cols; c++) {
		unsigned long lo = col_start(pic, c);
		unsigned long hi = c + 1 < pic->cols ? col_start(pic, c + 1) : pic->end_pfn;
		unsigned long step = (hi - lo + SAMPLES_PER_COL - 1) / SAMPLES_PER_COL, pfn;

		cat[c] = 0;
		for (pfn = lo; pfn < hi; pfn += step ? step : 1) {
			int k = state_cat(pic->v->orc, pfn);

			if (k > cat[c])
				cat[c] = k;
		}
	}
	draw_row(pic, "oracle", cat, state_names, state_colors);
}

/* ---- rows from the port's describe_pfn() ---- */

static const char *const mt_names[] = { "Unmovable", "Movable", "Reclaimable", "HighAtomic",
					"CMA", "Isolate" };
static const char *const mt_colors[] = { "#f28e2b", "#59a14f", "#edc948", "#b07aa1",
					 "#76b7b2", "#9c755f" };

static int describe_field(const char *line, const char *key, char *word, size_t len)
{
	const char *p = strstr(line, key);
	size_t n;

	if (!p)
		return -1;
	p += strlen(key);
	n = strcspn(p, ",");
	snprintf(word, len, "%.*s", (int)n, p);
	return 0;
}

static int pageblock_cat(const struct picture *pic, unsigned long pfn)
{
	char line[256], word[32];
	unsigned int i;

	pic->v->port->describe_pfn(pic->v->p, pfn, line, sizeof(line));
	if (describe_field(line, "pageblock ", word, sizeof(word)))
		return -1;
	for (i = 0; i < sizeof(mt_names) / sizeof(mt_names[0]); i++)
		if (!strcmp(word, mt_names[i]))
			return (int)i;
	return -1;
}

static void pageblock_row(struct picture *pic, int *cat)
{
	unsigned long pb = 1UL << pic->v->s->cfg.pageblock_order;
	unsigned int c;

	for (c = 0; c < pic->cols; c++)
		cat[c] = pageblock_cat(pic, col_start(pic, c) & ~(pb - 1));
	draw_row(pic, "pageblocks", cat, mt_names, mt_colors);
}

#define NR_ORDER_CATS 14	/* free order 0..12, then "per-cpu" */
static const char *const order_names[NR_ORDER_CATS] = {
	"o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10", "o11", "o12", "pcp" };
static const char *const order_colors[NR_ORDER_CATS] = {
	"#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c",
	"#08306b", "#062456", "#041a40", "#03122d", "#020b1c", "#01050e", "#fdae6b" };

static int free_cat(const struct picture *pic, unsigned long pfn, unsigned long *head)
{
	char line[256];
	unsigned int order;
	const char *p;

	pic->v->port->describe_pfn(pic->v->p, pfn, line, sizeof(line));
	if (!strncmp(line, "on a per-cpu list", 17))
		return NR_ORDER_CATS - 1;
	if (strncmp(line, "free", 4) || !(p = strstr(line, "block ")) ||
	    sscanf(p, "block 0x%lx order %u", head, &order) != 2 || order >= NR_ORDER_CATS - 1)
		return -1;
	return (int)order;
}

/* Free blocks by order; a white line where one free block ends and the next begins. */
static void free_row(struct picture *pic, int *cat)
{
	unsigned long head = ~0UL, prev = ~0UL;
	double y = pic->y;
	unsigned int c;

	for (c = 0; c < pic->cols; c++)
		cat[c] = free_cat(pic, col_start(pic, c), &head);
	draw_row(pic, "free blocks", cat, order_names, order_colors);
	for (c = 0; c < pic->cols; c++) {
		if (cat[c] < 0 || cat[c] == NR_ORDER_CATS - 1) {
			prev = ~0UL;
			continue;
		}
		free_cat(pic, col_start(pic, c), &head);
		if (prev != ~0UL && head != prev && c && cat[c - 1] == cat[c])
			fprintf(pic->out, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" "
				"stroke=\"#ffffff\" stroke-width=\"1\"/>\n", x_of(pic, head), y,
				x_of(pic, head), y + ROW_H);
		prev = head;
	}
}

/* ---- exact marks ---- */

static void allocation_row(struct picture *pic)
{
	unsigned int slot;

	label(pic->out, LEFT - 6, pic->y + ROW_H * 0.65, "end", "12", "allocations");
	fprintf(pic->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"none\" stroke=\"#999\"/>\n", LEFT, pic->y, AXIS_W, ROW_H);
	for (slot = 0; slot < ORACLE_NR_SLOTS; slot++) {
		const struct oracle_slot *os = oracle_slot(pic->v->orc, slot);
		double x0, w;
		char name[48];

		if (!os->live || os->pfn >= pic->end_pfn)
			continue;
		x0 = x_of(pic, os->pfn);
		w = x_of(pic, os->pfn + (1UL << os->order)) - x0;
		snprintf(name, sizeof(name), "s%u", slot);
		fprintf(pic->out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
			"fill=\"#e15759\" stroke=\"#fff\" stroke-width=\"0.5\"><title>%s pfn 0x%lx "
			"order %u gfp 0x%x</title></rect>\n", x0, pic->y, w < 1 ? 1 : w, ROW_H,
			name, os->pfn, os->order, os->gfp);
		if (w > 18)
			label(pic->out, x0 + w / 2, pic->y + ROW_H * 0.65, "middle", "11", name);
	}
	pic->y += ROW_H + ROW_GAP;
}

static void offending_range(struct picture *pic, double rows_top)
{
	const struct run_result *r = pic->v->r;
	unsigned long lo = r->start_pfn, hi = r->end_pfn;
	double x0, w;
	char text[96];

	if (r->status != RUN_FAILED || lo >= hi || lo >= pic->end_pfn)
		return;
	if (hi > pic->end_pfn)
		hi = pic->end_pfn;
	x0 = x_of(pic, lo);
	w = x_of(pic, hi) - x0;
	fprintf(pic->out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
		"fill=\"#ff0000\" fill-opacity=\"0.15\" stroke=\"#d00000\" stroke-width=\"2\"/>\n",
		x0 - (w < 3 ? 1.5 : 0), rows_top - 4, w < 3 ? 3 : w, pic->y - rows_top);
	snprintf(text, sizeof(text), "offending pfn 0x%lx-0x%lx", lo, hi);
	label(pic->out, x0, pic->y + 6, "start", "12", text);
	pic->y += 14;
}

static void axis(struct picture *pic)
{
	unsigned long prev = ~0UL;
	unsigned int i;

	for (i = 0; i <= 4; i++) {
		unsigned long pfn = (unsigned long)((unsigned __int128)pic->end_pfn * i / 4);
		char text[32];

		if (pfn == prev)
			continue;	/* a map of fewer than 4 pages */
		prev = pfn;

		snprintf(text, sizeof(text), "0x%lx", pfn);
		fprintf(pic->out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			"stroke=\"#555\"/>\n", x_of(pic, pfn), pic->y, x_of(pic, pfn), pic->y + 5);
		label(pic->out, x_of(pic, pfn), pic->y + 17, i == 0 ? "start" : i == 4 ? "end" : "middle",
		      "11", text);
	}
	label(pic->out, LEFT - 14, pic->y + 17, "end", "12", "pfn");
	pic->y += 28;
}

static void legend(struct picture *pic, const char *const *names, const char *const *colors,
		   unsigned int n, const char *title)
{
	double x = LEFT;
	unsigned int i;

	label(pic->out, LEFT - 6, pic->y + 10, "end", "11", title);
	for (i = 0; i < n; i++) {
		fprintf(pic->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" "
			"stroke=\"#999\"/>\n", x, pic->y, colors[i]);
		label(pic->out, x + 16, pic->y + 10, "start", "11", names[i]);
		x += 24 + 7.0 * (double)strlen(names[i]);
	}
	pic->y += 18;
}

static void header(struct picture *pic)
{
	const struct run_view *v = pic->v;
	char text[320];

	snprintf(text, sizeof(text), "pagefuzz memory map - port %s, %lu pages, %s", v->port->name,
		 pic->end_pfn, v->r->status != RUN_FAILED ? "after the last op (clean so far)" :
		 v->r->at_end ? "at the failure, in the end-of-run checks" : "at the failure");
	label(pic->out, 10, 22, "start", "16", text);
	if (v->r->status == RUN_FAILED) {
		if (v->r->failed_op >= 0)
			snprintf(text, sizeof(text), "signature %s, op #%d", v->r->signature,
				 v->r->failed_op);
		else
			snprintf(text, sizeof(text), "signature %s, during boot", v->r->signature);
		label(pic->out, 10, 42, "start", "13", text);
	}
}

void svg_write(const struct run_view *v, FILE *out)
{
	struct picture pic = { v, out, v->map->end_pfn, 0, TOP };
	int *cat = calloc(MAX_COLS, sizeof(*cat));
	double rows_top;

	if (!cat || !v->orc || !pic.end_pfn) {
		free(cat);
		fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"30\">"
		      "<text x=\"5\" y=\"20\">no memory map to draw</text></svg>\n", out);
		return;
	}
	pic.cols = pic.end_pfn < MAX_COLS ? (unsigned int)pic.end_pfn : MAX_COLS;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"font-family=\"sans-serif\">\n", LEFT + AXIS_W + 20, TOP + 6 * (ROW_H + ROW_GAP) + 14 + 28 + 4 * 18 + 12);
	fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	header(&pic);
	rows_top = pic.y;
	zone_row(&pic, cat);
	node_row(&pic, cat);
	state_row(&pic, cat);
	if (v->port->describe_pfn) {
		pageblock_row(&pic, cat);
		free_row(&pic, cat);
	} else {
		label(out, LEFT, pic.y + 14, "start", "12",
		      "(the port has no describe_pfn: no pageblock or free-block rows)");
		pic.y += ROW_H;
	}
	allocation_row(&pic);
	offending_range(&pic, rows_top);
	axis(&pic);
	legend(&pic, zone_names, zone_colors, 6, "zones");
	legend(&pic, state_names, state_colors, 5, "oracle");
	legend(&pic, mt_names, mt_colors, 6, "migratetype");
	legend(&pic, order_names, order_colors, NR_ORDER_CATS, "free order");
	fputs("</svg>\n", out);
	free(cat);
}
