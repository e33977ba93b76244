// SPDX-License-Identifier: GPL-2.0
/*
 * Reading CGNAT rules from iptables-save / iptables-nft-save output, so a
 * lookup can be answered offline from the rules that were in force. The
 * options are parsed by the same code as the iptables plugin's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/xt_CGNAT.h>
#include "instance.h"
#include "range.h"

#define MAX_WORDS 128

/* Split @line in place into words; iptables-save quotes with "..." */
static int split_words(char *line, char **w)
{
	int n = 0;
	char *p = line;

	while (*p && n < MAX_WORDS) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		if (*p == '"') {
			w[n++] = ++p;
			while (*p && *p != '"')
				p += (*p == '\\' && p[1]) ? 2 : 1;
		} else {
			w[n++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n')
				p++;
		}
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int parse_number(const char *arg, uint32_t max, uint32_t *v,
			const char **why)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end || n > max) {
		*why = "expected a number in range";
		return -EINVAL;
	}
	*v = n;
	return 0;
}

static int parse_option(struct ctl_instance *in, const char *opt,
			const char *arg, const char **why)
{
	if (!strcmp(opt, "--mode")) {
		if (!strcmp(arg, "deterministic")) {
			in->mode = CGNAT_MODE_DETERMINISTIC;
		} else if (!strcmp(arg, "pba")) {
			in->mode = CGNAT_MODE_PBA;
		} else {
			*why = "--mode: expected \"deterministic\" or \"pba\"";
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(opt, "--block-size"))
		return parse_number(arg, 65535, &in->block_size, why);
	if (!strcmp(opt, "--max-blocks"))
		return parse_number(arg, 64, &in->max_blocks, why);
	if (!strcmp(opt, "--quarantine"))
		return parse_number(arg, 86400, &in->quarantine, why);
	if (!strcmp(opt, "--threshold"))
		return parse_number(arg, 100, &in->threshold, why);
	if (!strcmp(opt, "--inside"))
		return range_parse_addrs(arg, &in->in_first, &in->in_last, why);
	if (!strcmp(opt, "--outside"))
		return range_parse_addrs(arg, &in->out_first, &in->out_last,
					 why);
	if (!strcmp(opt, "--ports"))
		return range_parse_ports(arg, &in->port_min, &in->port_max,
					 why);
	*why = "unknown CGNAT option";
	return -EINVAL;
}

/* Returns 1 if @line holds a CGNAT rule (parsed into @in), 0 if not. */
static int parse_rule(char *line, struct ctl_instance *in, const char **why)
{
	char *w[MAX_WORDS];
	int n = split_words(line, w), i, t = -1, seen = 0;

	for (i = 0; i + 1 < n; i++)
		if ((!strcmp(w[i], "-j") || !strcmp(w[i], "--jump")) &&
		    !strcmp(w[i + 1], "CGNAT"))
			t = i + 2;
	if (n < 1 || strcmp(w[0], "-A") || t < 0)
		return 0;
	in->port_min = CGNAT_PORT_MIN_DEFAULT;
	in->port_max = CGNAT_PORT_MAX_DEFAULT;
	in->block_size = CGNAT_BLOCK_SIZE_DEFAULT;
	in->max_blocks = CGNAT_MAX_BLOCKS_DEFAULT;
	in->quarantine = CGNAT_QUARANTINE_DEFAULT;
	in->threshold = CGNAT_THRESHOLD_DEFAULT;
	for (i = t; i < n; i += 2) {
		if (i + 1 >= n) {
			*why = "CGNAT option without a value";
			return -EINVAL;
		}
		if (parse_option(in, w[i], w[i + 1], why))
			return -EINVAL;
		if (!strcmp(w[i], "--inside"))
			seen |= 1;
		if (!strcmp(w[i], "--outside"))
			seen |= 2;
	}
	in->has_inside = seen & 1;
	if (in->mode == CGNAT_MODE_PBA && (seen & 2)) {
		in->block_size = in->block_size ?: 1;
		return 1;
	}
	if (!in->mode || seen != 3) {
		*why = "CGNAT rule needs --mode, --inside and --outside";
		return -EINVAL;
	}
	in->block_size = in->max_blocks = in->quarantine = in->threshold = 0;
	return 1;
}

static int load_stream(struct ctl_set *set, FILE *f, const char *path)
{
	char *line = NULL, *table = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;
	int err = 0;

	while (!err && getline(&line, &cap, f) >= 0) {
		struct ctl_instance in = { .id = ++lineno };
		const char *why = NULL;
		int r;

		if (line[0] == '*') {
			free(table);
			table = strndup(line + 1, strcspn(line + 1, " \n"));
			continue;
		}
		r = parse_rule(line, &in, &why);
		if (r == 0)
			continue;
		if (r > 0 && (!table || strcmp(table, "nat"))) {
			r = -EINVAL;
			why = "CGNAT rule outside the *nat table";
		}
		if (r > 0)
			r = ctl_set_add(set, &in, &why);
		if (r < 0) {
			fprintf(stderr, "cgnatctl: %s:%u: %s\n", path, lineno,
				why);
			err = r;
		}
	}
	free(line);
	free(table);
	return err;
}

int ctl_rules_load(struct ctl_set *set, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int err;

	snprintf(set->source, sizeof(set->source), "rules %s", path);
	set->from_file = true;
	if (!f) {
		fprintf(stderr, "cgnatctl: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	err = load_stream(set, f, path);
	if (f != stdin)
		fclose(f);
	if (!err && !set->n) {
		fprintf(stderr, "cgnatctl: %s: no CGNAT rule found\n", path);
		err = -ENOENT;
	}
	return err;
}
