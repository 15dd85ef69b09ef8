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

/* A binary input: its first REPRO_MAX_INPUT bytes (the engines' cap), never more. */
static int read_binary(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = malloc(REPRO_MAX_INPUT + 1);

	if (!f || !buf) {
		int e = f ? ENOMEM : errno;

		if (f)
			fclose(f);
		free(buf);
		errno = e;
		return -1;
	}
	*size = fread(buf, 1, REPRO_MAX_INPUT, f);
	if (ferror(f)) {
		fclose(f);
		free(buf);
		errno = EIO;
		return -1;
	}
	fclose(f);
	*data = buf;
	return 0;
}

int repro_load(const char *path, const struct port_ops *port, struct scenario *s,
	       struct scn_names *names, struct repro_input *in)
{
	char err[512];
	uint8_t *data;
	size_t size;

	memset(in, 0, sizeof(*in));
	in->is_trace = repro_is_trace(path);
	if ((in->is_trace ? scenario_read_file(path, &data, &size) : read_binary(path, &data, &size))) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		return 2;
	}
	in->bytes = size;
	if (in->is_trace)
		read_header((const char *)data, &in->hdr);
	if (pick_port(path, port, in)) {
		free(data);
		return 2;
	}
	if (in->is_trace) {
		int rc = scenario_parse((const char *)data, path, s, names, err, sizeof(err));

		free(data);
		if (rc) {
			fprintf(stderr, "%s\n", err);
			return 2;
		}
		return 0;
	}
	scenario_decode(data, size, port_op_caps(in->port), s);
	free(data);
	return 0;
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
