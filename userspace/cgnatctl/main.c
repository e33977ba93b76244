// SPDX-License-Identifier: GPL-2.0
/* cgnatctl: the operator's and auditor's command line for cgnat. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"

static const char usage_text[] =
	"Usage: cgnatctl [-j] [--rules FILE] COMMAND [ARGS]\n"
	"\n"
	"Commands:\n"
	"  lookup PUBLIC:PORT   the subscriber that owns a public address and port\n"
	"  lookup PUBLIC        every subscriber on a public address\n"
	"  lookup SUBSCRIBER    a subscriber's public address and port range\n"
	"  show                 configured CGNAT instances and their counters\n"
	"\n"
	"Options:\n"
	"  -j, --json           machine-readable JSON output\n"
	"  -r, --rules FILE     answer from iptables-save output (\"-\" = stdin)\n"
	"                       instead of the running kernel\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 found, 1 nothing found, 2 usage or system error.\n";

static int load(const struct ctl_opts *o, struct ctl_set *set)
{
	return o->rules ? ctl_rules_load(set, o->rules)
			: ctl_nl_get_instances(set);
}

static int cmd_lookup(const struct ctl_opts *o, int argc, char **argv)
{
	struct ctl_set set = { 0 };
	int ret;

	if (argc != 1) {
		fprintf(stderr, "cgnatctl: lookup takes one address or address:port\n");
		return 2;
	}
	if (load(o, &set))
		return 2;
	ret = ctl_lookup(o, &set, argv[0]);
	ctl_set_free(&set);
	return ret;
}

static int cmd_show(const struct ctl_opts *o, int argc, char **argv)
{
	struct ctl_set set = { 0 };
	int ret;

	(void)argv;
	if (argc) {
		fprintf(stderr, "cgnatctl: show takes no arguments\n");
		return 2;
	}
	if (load(o, &set))
		return 2;
	ret = ctl_show(o, &set);
	ctl_set_free(&set);
	return ret;
}

static const struct {
	const char *name;
	int (*fn)(const struct ctl_opts *o, int argc, char **argv);
} commands[] = {
	{ "lookup", cmd_lookup },
	{ "show", cmd_show },
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "rules", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ctl_opts o = { 0 };
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "jr:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'r':
			o.rules = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[optind], commands[i].name))
			return commands[i].fn(&o, argc - optind - 1,
					      argv + optind + 1);
	fprintf(stderr, "cgnatctl: unknown command \"%s\" (try --help)\n",
		argv[optind]);
	return 2;
}
