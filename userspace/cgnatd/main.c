// SPDX-License-Identifier: GPL-2.0
/*
 * cgnatd: writes every cgnat event, at once, to syslog and IPFIX, and
 * repairs every loss. See cgnatd(8).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include "config.h"
#include "flows.h"
#include "listen.h"
#include "output.h"
#include "store.h"

#define DEFAULT_CONFIG "/etc/cgnat/cgnatd.conf"
#define MAX_OUTPUTS (1 + 2 * CFG_MAX_TARGETS)

struct daemon {
	struct config cfg;
	struct output out[MAX_OUTPUTS];
	int nout;
	struct listener l;
	struct flows flows;
	uint64_t records;
	const char *replay;
	struct store store;
	struct record *batch;	/* emitted, waiting for the store to commit */
	size_t nbatch, capbatch;
};

/* Remember, then queue once remembered (see store.h). */
static void emit(const struct record *r, void *ctx)
{
	struct daemon *d = ctx;
	struct record *c;

	if (d->nbatch == d->capbatch) {
		size_t cap = d->capbatch ? 2 * d->capbatch : 1024;
		struct record *b = realloc(d->batch, cap * sizeof(*b));

		if (!b) {
			fprintf(stderr, "cgnatd: out of memory\n");
			exit(1);	/* Restart=on-failure; the store recovers */
		}
		d->batch = b;
		d->capbatch = cap;
	}
	c = &d->batch[d->nbatch++];
	*c = *r;
	c->id = ++d->records;
	if (!d->store.db)
		return;
	if (c->type == REC_BLOCK_ALLOC)
		store_alloc(&d->store, c);
	else if (c->type == REC_BLOCK_RELEASE)
		store_release(&d->store, c, c->id);
}

static uint64_t done_id(struct daemon *d)
{
	uint64_t id = d->records, o;
	int i;

	for (i = 0; i < d->nout; i++) {
		o = output_done(&d->out[i]);
		id = o < id ? o : id;
	}
	return id;
}

static void flush(struct daemon *d)
{
	int k;

	if (d->store.db) {
		store_set_seq(&d->store, d->l.st.last_seq);
		store_purge(&d->store, done_id(d));
		store_commit(&d->store);
		store_begin(&d->store);
	}
	for (k = 0; k < d->nout; k++)
		output_push_many(&d->out[k], d->batch, d->nbatch);
	d->nbatch = 0;
}

static int start_outputs(struct daemon *d)
{
	int i;

	if (d->cfg.syslog &&
	    output_start(&d->out[d->nout++], OUT_SYSLOG, NULL, &d->cfg))
		return -1;
	for (i = 0; i < d->cfg.nremote; i++)
		if (output_start(&d->out[d->nout++], OUT_5424,
				 &d->cfg.remote[i], &d->cfg))
			return -1;
	for (i = 0; i < d->cfg.nipfix; i++)
		if (output_start(&d->out[d->nout++], OUT_IPFIX,
				 &d->cfg.ipfix[i], &d->cfg))
			return -1;
	return 0;
}

static void write_status(struct daemon *d)
{
	char tmp[160];
	FILE *f;
	int i;

	snprintf(tmp, sizeof(tmp), "%s.tmp", d->cfg.status_file);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "{\"pid\":%d,\"events_received\":%" PRIu64 ",\"last_seq\":%" PRIu64
		",\"gaps\":%" PRIu64 ",\"enobufs\":%" PRIu64 ",\"events_lost\":%" PRIu64
		",\"resyncs\":%" PRIu64 ",\"blocks_open\":%u,\"records\":%" PRIu64
		",\"flow_events_lost\":%" PRIu64 ",\"outputs\":[",
		getpid(), d->l.st.events, d->l.st.last_seq, d->l.st.gaps,
		d->l.st.enobufs, d->l.st.lost, d->l.st.resyncs,
		ledger_count(&d->l.ledger), d->records, d->flows.lost);
	for (i = 0; i < d->nout; i++) {
		uint64_t sent, dropped, errors, reconnects;
		unsigned int queued;

		output_stats(&d->out[i], &sent, &dropped, &errors, &reconnects,
			     &queued);
		fprintf(f, "%s{\"output\":\"%s\",\"sent\":%" PRIu64 ",\"dropped\":%" PRIu64
			",\"errors\":%" PRIu64 ",\"reconnects\":%" PRIu64 ",\"queued\":%u}",
			i ? "," : "", d->out[i].name, sent, dropped, errors,
			reconnects, queued);
	}
	fprintf(f, "]}\n");
	fclose(f);
	rename(tmp, d->cfg.status_file);
}

static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/* true to go on */
static bool on_signal(struct daemon *d, int fd)
{
	struct signalfd_siginfo si;

	if (read(fd, &si, sizeof(si)) != sizeof(si))
		return true;
	if (si.ssi_signo == SIGUSR1) {
		write_status(d);
		return true;
	}
	return false;
}

static int run(struct daemon *d)
{
	struct pollfd p[3] = {
		{ .fd = listener_fd(&d->l), .events = POLLIN },
		{ .fd = signal_fd(), .events = POLLIN },
		{ .fd = d->cfg.flows ? flows_fd(&d->flows) : -1, .events = POLLIN },
	};
	time_t next_interim = time(NULL) + d->cfg.interim, last_status = 0;
	int err = 0;

	while (!err) {
		if (poll(p, 3, 1000) < 0 && errno != EINTR)
			return -errno;
		if (p[1].revents && !on_signal(d, p[1].fd))
			break;
		if (p[0].revents)
			err = listener_read(&d->l);
		if (p[2].revents)
			flows_read(&d->flows);
		if (d->cfg.interim && time(NULL) >= next_interim) {
			listener_interim(&d->l);
			next_interim = time(NULL) + d->cfg.interim;
		}
		flush(d);
		if (time(NULL) != last_status) {
			write_status(d);
			last_status = time(NULL);
		}
	}
	close(p[1].fd);
	return err;
}

static int status(const char *path)
{
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "cgnatd: %s: %s (is cgnatd running?)\n", path,
			strerror(errno));
		return 2;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	fputs(buf, stdout);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: cgnatd [-c FILE] [-o KEY=VALUE]... [--check]\n"
		   "       cgnatd [-c FILE] status\n"
		   "  -c, --config FILE   configuration (default " DEFAULT_CONFIG ")\n"
		   "  -o, --set KEY=VALUE override one setting of the file\n"
		   "      --check         validate the configuration and exit\n"
		   "      --replay FILE   log events recorded by cgnatctl monitor --record\n"
		   "  status              print the running daemon's counters (JSON)\n"
		   "See cgnatd(8) and cgnatd.conf(5).\n");
}

static int configure(struct daemon *d, int argc, char **argv, bool *check)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "set", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'k' },
		{ "replay", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = NULL;
	char *sets[64];
	int nsets = 0, c, i, err = 0;

	config_defaults(&d->cfg);
	while ((c = getopt_long(argc, argv, "c:o:h", opts, NULL)) != -1) {
		if (c == 'c')
			path = optarg;
		else if (c == 'o' && nsets < 64)
			sets[nsets++] = optarg;
		else if (c == 'k')
			*check = true;
		else if (c == 'r')
			d->replay = optarg;
		else
			return c == 'h' ? (usage(stdout), 1) : (usage(stderr), -1);
	}
	if (path || !access(DEFAULT_CONFIG, F_OK))
		err = config_load(&d->cfg, path ? path : DEFAULT_CONFIG);
	for (i = 0; i < nsets; i++)
		err |= config_set(&d->cfg, "command line", sets[i]);
	return err ? -1 : 0;
}

int main(int argc, char **argv)
{
	static struct daemon d;
	bool check = false;
	int err, i;

	err = configure(&d, argc, argv, &check);
	if (err)
		return err < 0 ? 2 : 0;
	if (optind < argc && !strcmp(argv[optind], "status"))
		return status(d.cfg.status_file);
	if (optind < argc) {
		fprintf(stderr, "cgnatd: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	if (check) {
		printf("cgnatd: configuration OK\n");
		return 0;
	}
	if (d.replay) {
		if (start_outputs(&d))
			return 1;
		err = listener_replay(&d.l, d.replay, emit, &d);
		flush(&d);
		for (i = 0; i < d.nout; i++)
			output_stop(&d.out[i], 60000);
		write_status(&d);
		listener_close(&d.l);
		return err ? 1 : 0;
	}
	if (listener_open(&d.l, d.cfg.rcvbuf, emit, &d))
		return 1;
	if (start_outputs(&d) || (d.cfg.flows && flows_open(&d.flows, emit, &d))) {
		fprintf(stderr, "cgnatd: could not start the outputs\n");
		return 1;
	}
	if (d.cfg.state_db[0] && (store_open(&d.store, d.cfg.state_db) ||
				  store_load(&d.store, &d.l.ledger) < 0 ||
				  store_begin(&d.store)))
		return 1;
	err = listener_start(&d.l, d.store.db ? store_seq(&d.store) : 0);
	flush(&d);
	if (!err)
		err = run(&d);
	flush(&d);
	for (i = 0; i < d.nout; i++)
		output_stop(&d.out[i], 3000);
	write_status(&d);
	listener_close(&d.l);
	if (d.cfg.flows)
		flows_close(&d.flows);
	if (d.store.db) {
		store_purge(&d.store, done_id(&d));
		store_commit(&d.store);
		store_close(&d.store);
	}
	return err ? 1 : 0;
}
