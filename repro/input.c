// SPDX-License-Identifier: MIT
/*
 * input.c - one input for the repro tools: a .trace with its case header,
 * or a binary fuzz input.  See input.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "input.h"

bool repro_is_trace(const char *path)
{
	size_t n = strlen(path);

	return n >= 6 && !strcmp(path + n - 6, ".trace");
}

/* "# key: value" -> value copied into @out when the line starts with @key. */
static void header_field(const char *line, const char *key, char *out, size_t len)
{
	size_t k = strlen(key), n;

	if (strncmp(line, key, k))
		return;
	line += k;
	while (*line == ' ' || *line == '\t')
		line++;
	n = strcspn(line, "\r\n");
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	snprintf(out, len, "%.*s", (int)n, line);
}

static void read_header(const char *text, struct repro_header *h)
{
	const char *line = text;

	memset(h, 0, sizeof(*h));
	while (line && *line) {
		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#') {
			p++;
			while (*p == ' ')
				p++;
			header_field(p, "port:", h->port, sizeof(h->port));
			header_field(p, "expect-signature:", h->expect_signature,
				     sizeof(h->expect_signature));
			header_field(p, "signature:", h->signature, sizeof(h->signature));
			header_field(p, "caught:", h->caught, sizeof(h->caught));
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

/* The port a file's name records ("<port>--...", as scripts/fuzz.sh names crashes), or NULL. */
static const struct port_ops *recorded_port(const char *path)
{
	const char *base = strrchr(path, '/'), *sep;
	char name[64];

	base = base ? base + 1 : path;
	sep = strstr(base, "--");
	if (!sep || sep == base || (size_t)(sep - base) >= sizeof(name))
		return NULL;
	memcpy(name, base, (size_t)(sep - base));
	name[sep - base] = 0;
	return port_find(name);
}

/*
 * The port to run on: the one asked for, else the case header's, else the
 * one the file name records, else ref.  A file name recording another
 * port than the one used gets a note.
 */
static int pick_port(const char *path, const struct port_ops *port, struct repro_input *in)
{
	const struct port_ops *rec = in->hdr.port[0] ? NULL : recorded_port(path);

	if (in->hdr.port[0] && !port) {
		in->port = port_find(in->hdr.port);
		if (in->port)
			return 0;
		fprintf(stderr, "%s: header names port '%s', which this build does not have; "
			"ports:\n", path, in->hdr.port);
		port_list(stderr);
		return 2;
	}
	in->port = port ? port : rec ? rec : port_find(NULL);
	if (rec && rec != in->port)
		fprintf(stderr, "replay: note: %s was found under port %s; replaying on %s as asked\n",
			path, rec->name, in->port->name);
	else if (rec && !port)
		fprintf(stderr, "replay: note: %s was found under port %s; replaying on %s "
			"(--port NAME for another)\n", path, rec->name, rec->name);
	return 0;
}

/*
 * Does a file not named .trace hold a .trace?  Only text bytes (tab, CR,
 * LF, printable ASCII, UTF-8), and the first word a .trace line starts
 * with or a comment.  A binary input starts with its version byte (1 or
 * 2), so the seeds and regression cases never look like text; a fuzzer's
 * crash file of printable bytes that starts with such a word is the one
 * miss, and replay --binary reads it as binary.
 */
static bool looks_like_trace(const uint8_t *data, size_t size)
{
	static const char *const words[] = {
		"#", "config", "node", "memblock", "zones", "boot", "alloc", "free", "drain",
		"compact", "isolate", "unisolate", "contig", "misuse", "expect", "check", "dump",
	};
	size_t i = size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3) ? 3 : 0, w;

	for (size_t k = 0; k < size; k++)
		if ((data[k] < 0x20 && data[k] != '\t' && data[k] != '\n' && data[k] != '\r') ||
		    data[k] == 0x7f)
			return false;
	while (i < size && strchr(" \t\r\n", data[i]))
		i++;
	for (w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		size_t n = strlen(words[w]);

		if (size - i >= n && !memcmp(data + i, words[w], n) &&
		    (w == 0 || i + n == size || strchr(" \t\r\n#", data[i + n])))
			return true;
	}
	return false;
}

/* The file, at most SCN_MAX_TRACE_BYTES (.trace) or REPRO_MAX_INPUT bytes. */
static int read_input(const char *path, bool is_trace, uint8_t **data, size_t *size)
{
	size_t max = is_trace ? SCN_MAX_TRACE_BYTES : REPRO_MAX_INPUT;

	if (scenario_read_file(path, max, data, size) == 0)
		return 0;
	if (errno == EFBIG)
		fprintf(stderr, "%s: cannot read: larger than %zu MiB, the limit of a %s\n", path,
			max >> 20, is_trace ? ".trace" : "binary input");
	else
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
	return 2;
}

/* A .trace's text: 0, or 2 after naming the line of a NUL byte. */
static int text_ok(const char *path, const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	unsigned int line = 1;

	if (!nul)
		return 0;
	for (const uint8_t *q = data; q < nul; q++)
		line += *q == '\n' || (*q == '\r' && q[1] != '\n');
	fprintf(stderr, "%s:%u: NUL byte in a .trace (a binary input? only files ending in "
		".trace are read as text)\n", path, line);
	return 2;
}

/* Is there anything to run: a memblock op, `boot` or a run op? */
static bool holds_scenario(const struct scenario *s)
{
	return s->nr_boot || s->booted || s->nr_ops;
}

/* A .trace's text into @s; 0, or 2 after saying why. */
static int load_trace(const char *path, const uint8_t *data, size_t size, struct scenario *s,
		      struct scn_names *names)
{
	char err[512];

	if (text_ok(path, data, size))
		return 2;
	if (scenario_parse((const char *)data, path, s, names, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (!holds_scenario(s)) {
		fprintf(stderr, "%s: holds no scenario (no memblock op, no `boot`, no op): "
			"nothing run\n", path);
		return 2;
	}
	return 0;
}

int repro_load_as(const char *path, const struct port_ops *port, bool force_binary,
		  struct scenario *s, struct scn_names *names, struct repro_input *in)
{
	uint8_t *data;
	size_t size;
	int rc = 0;

	memset(in, 0, sizeof(*in));
	in->is_trace = repro_is_trace(path);
	if (read_input(path, in->is_trace, &data, &size))
		return 2;
	if (!in->is_trace && size && !force_binary && looks_like_trace(data, size)) {
		fprintf(stderr, "%s: not named .trace but holds text: read as a .trace "
			"(--binary decodes it as a binary input)\n", path);
		in->is_trace = true;
	}
	in->bytes = size;
	if (in->is_trace)
		read_header((const char *)data, &in->hdr);
	if (pick_port(path, port, in))
		rc = 2;
	else if (in->is_trace)
		rc = load_trace(path, data, size, s, names);
	else	/* every byte string is an input, the empty one too (a default machine) */
		scenario_decode(data, size, port_op_caps(in->port), s);
	free(data);
	return rc;
}

int repro_load(const char *path, const struct port_ops *port, struct scenario *s,
	       struct scn_names *names, struct repro_input *in)
{
	return repro_load_as(path, port, false, s, names, in);
}

void repro_slug(const char *signature, char *out, size_t len)
{
	size_t i;

	for (i = 0; signature[i] && i + 1 < len; i++) {
		unsigned char ch = (unsigned char)signature[i];

		out[i] = isalnum(ch) || ch == '.' || ch == '_' || ch == '-' ? (char)ch : '-';
	}
	out[i] = 0;
}
