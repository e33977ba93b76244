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
	"                       (deterministic: computed; pba: the block holding it now)\n"
	"  lookup PUBLIC        every subscriber (or live block) on a public address\n"
	"  lookup SUBSCRIBER    a subscriber's public address and ports (or live blocks)\n"
	"  show                 configured CGNAT instances and their counters\n"
	"  stats                totals: subscribers, blocks, connections, drops, events\n"
	"  pool                 per public address: blocks in use, BUSY above threshold\n"
	"  blocks               live port blocks [--subscriber ADDR] [--public ADDR]\n"
	"  monitor              print events as they happen [--count N] [--timeout S]\n"
	"                       [--record FILE] (raw messages) [--replay FILE]\n"
	"\n"
	"Options:\n"
	"  -j, --json           machine-readable JSON output (monitor: one object a line)\n"
	"  -r, --rules FILE     answer from iptables-save output (\"-\" = stdin)\n"
	"                       instead of the running kernel (lookup, show)\n"
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

static int no_args(const char *cmd, int argc)
{
	if (argc)
		fprintf(stderr, "cgnatctl: %s takes no arguments\n", cmd);
	return argc;
}

static int cmd_stats(const struct ctl_opts *o, int argc, char **argv)
{
	(void)argv;
	return no_args("stats", argc) ? 2 : ctl_stats(o);
}

static int cmd_pool(const struct ctl_opts *o, int argc, char **argv)
{
	(void)argv;
	return no_args("pool", argc) ? 2 : ctl_pool(o);
}

static int cmd_blocks(const struct ctl_opts *o, int argc, char **argv)
{
	(void)argv;
	return no_args("blocks", argc) ? 2 : ctl_blocks(o);
}

static int cmd_monitor(const struct ctl_opts *o, int argc, char **argv)
{
	(void)argv;
	return no_args("monitor", argc) ? 2 : ctl_monitor(o);
}

static const struct {
	const char *name;
	int (*fn)(const struct ctl_opts *o, int argc, char **argv);
} commands[] = {
	{ "lookup", cmd_lookup },
	{ "show", cmd_show },
	{ "stats", cmd_stats },
	{ "pool", cmd_pool },
	{ "blocks", cmd_blocks },
	{ "monitor", cmd_monitor },
};

static int parse_count(const char *opt, const char *arg, long *v)
{
	char *end;

	*v = strtol(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || *v < 0) {
		fprintf(stderr, "cgnatctl: %s \"%s\": expected a number\n", opt,
			arg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "rules", required_argument, NULL, 'r' },
		{ "subscriber", required_argument, NULL, 's' },
		{ "public", required_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "record", required_argument, NULL, 'R' },
		{ "replay", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ctl_opts o = { 0 };
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "jr:s:p:c:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.json = true;
			break;
		case 'r':
			o.rules = optarg;
			break;
		case 's':
			o.subscriber = optarg;
			break;
		case 'p':
			o.public = optarg;
			break;
		case 'c':
			if (parse_count("--count", optarg, &o.count))
				return 2;
			break;
		case 'R':
			o.record = optarg;
			break;
		case 'P':
			o.replay = optarg;
			break;
		case 't':
			if (parse_count("--timeout", optarg, &o.timeout))
				return 2;
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
