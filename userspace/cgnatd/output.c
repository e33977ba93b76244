// SPDX-License-Identifier: GPL-2.0
/*
 * Output threads. UDP is connected once; TCP is (re)connected with a short
 * timeout and back-off, and IPFIX templates are sent again on every new
 * connection (RFC 7011 10.3.2) and, over UDP, every template_interval
 * seconds (10.3.6). RFC 5424 over TCP uses octet counting (RFC 6587).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/socket.h>
#include "output.h"
#include "syslogfmt.h"

#define BATCH 256

static int connect_timeout(const struct target *t)
{
	int fd = socket(AF_INET, (t->tcp ? SOCK_STREAM : SOCK_DGRAM) |
			SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	struct timeval tv = { .tv_sec = 5 };
	int err = 0;
	socklen_t len = sizeof(err);

	if (fd < 0)
		return -1;
	if (connect(fd, (const void *)&t->addr, sizeof(t->addr)) &&
	    (errno != EINPROGRESS || poll(&p, 1, 2000) != 1 ||
	     getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) || err)) {
		close(fd);
		return -1;
	}
	/* blocking from here on, bounded by a send timeout */
	fcntl(fd, F_SETFL, 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static void count(struct output *o, uint64_t *field, uint64_t n);

/*
 * Over UDP, ECONNREFUSED reports an ICMP unreachable for an earlier
 * datagram (nobody listened then): count it as an error and send this one.
 */
static int send_all(struct output *o, const void *buf, size_t len)
{
	const char *p = buf;
	int refused = 0;
	ssize_t n;

	while (len) {
		n = send(o->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ECONNREFUSED && !o->target->tcp &&
		    !refused++) {
			count(o, &o->errors, 1);
			continue;
		}
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static void count(struct output *o, uint64_t *field, uint64_t n)
{
	pthread_mutex_lock(&o->lock);
	*field += n;
	pthread_mutex_unlock(&o->lock);
}

static bool stopping(struct output *o)
{
	bool stop;

	pthread_mutex_lock(&o->lock);
	stop = o->stop;
	pthread_mutex_unlock(&o->lock);
	return stop;
}

static int send_templates(struct output *o)
{
	uint8_t msg[IPFIX_MAX_MSG];
	size_t len = ipfix_templates(&o->x, time(NULL), msg, sizeof(msg));

	o->templates_at = time(NULL);
	return send_all(o, msg, len);
}

/* Connected (again), templates sent for IPFIX; false while stopping. */
static bool ensure_connected(struct output *o)
{
	unsigned int backoff = 100;

	while (o->fd < 0) {
		o->fd = connect_timeout(o->target);
		if (o->fd >= 0 && o->kind == OUT_IPFIX) {
			o->x.seq = 0;	/* a new transport session */
			if (send_templates(o)) {
				close(o->fd);
				o->fd = -1;
			}
		}
		if (o->fd >= 0)
			break;
		count(o, &o->errors, 1);
		if (stopping(o))
			return false;
		usleep(backoff * 1000);
		backoff = backoff < 3200 ? backoff * 2 : 5000;
	}
	return true;
}

static void disconnect(struct output *o)
{
	close(o->fd);
	o->fd = -1;
	count(o, &o->reconnects, 1);
}

static int send_5424(struct output *o, const struct record *r)
{
	struct rfc5424 f = { .facility = o->cfg->facility >> 3,
			     .severity = o->cfg->level, .hostname = o->host,
			     .app = o->cfg->ident, .procid = getpid(),
			     .sd_id = o->cfg->sd_id };
	char msg[2048], framed[2100];
	size_t len = fmt_5424(r, &f, msg, sizeof(msg));

	if (!o->target->tcp)
		return send_all(o, msg, len);
	len = snprintf(framed, sizeof(framed), "%zu %s", len, msg);
	return send_all(o, framed, len);
}

/* Send what IPFIX carries of recs[0..n); returns records sent or -1. */
static int send_ipfix(struct output *o, const struct record *const *recs,
		      size_t n)
{
	uint8_t msg[IPFIX_MAX_MSG];
	size_t used, done = 0, len;
	int sent = 0;

	if (!o->target->tcp &&
	    time(NULL) - o->templates_at >= o->cfg->template_interval &&
	    send_templates(o))
		return -1;
	while (done < n) {
		uint32_t before = o->x.seq;

		len = ipfix_message(&o->x, time(NULL), recs + done, n - done,
				    &used, msg, sizeof(msg));
		if (len && send_all(o, msg, len)) {
			o->x.seq = before;
			return -1;
		}
		sent += o->x.seq - before;
		done += used;
	}
	return sent;
}

/* RFC 5424 over UDP: one datagram per record, sent BATCH at a time */
static int send_5424_udp(struct output *o, const struct record *recs,
			 size_t n)
{
	static __thread char msgs[BATCH][1024];
	struct rfc5424 f = { .facility = o->cfg->facility >> 3,
			     .severity = o->cfg->level, .hostname = o->host,
			     .app = o->cfg->ident, .procid = getpid(),
			     .sd_id = o->cfg->sd_id };
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	size_t i, done = 0;
	int r, refused = 0;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = msgs[i];
		iov[i].iov_len = fmt_5424(&recs[i], &f, msgs[i], sizeof(msgs[i]));
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	while (done < n) {
		r = sendmmsg(o->fd, mm + done, n - done, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == ECONNREFUSED && refused++ < 2) {
			count(o, &o->errors, 1);	/* an earlier datagram */
			continue;
		}
		if (r <= 0)
			return -1;
		done += r;
	}
	return n;
}

static int deliver_net(struct output *o, const struct record *recs, size_t n)
{
	const struct record *ptr[BATCH];
	size_t i;
	int sent = 0;

	if (o->kind == OUT_5424 && !o->target->tcp)
		return send_5424_udp(o, recs, n);
	if (o->kind == OUT_IPFIX) {
		for (i = 0; i < n; i++)
			ptr[i] = &recs[i];
		return send_ipfix(o, ptr, n);
	}
	for (i = 0; i < n; i++) {
		if (send_5424(o, &recs[i]))
			return -1;
		sent++;
	}
	return sent;
}

static void deliver(struct output *o, const struct record *recs, size_t n)
{
	char line[1024];
	size_t i;
	int sent, tries;

	if (o->kind == OUT_SYSLOG) {
		for (i = 0; i < n; i++) {
			fmt_kv(&recs[i], line, sizeof(line));
			syslog(o->cfg->level, "%s", line);
		}
		count(o, &o->sent, n);
		return;
	}
	for (tries = 0; tries < 2; tries++) {
		if (!ensure_connected(o))
			break;
		sent = deliver_net(o, recs, n);
		if (sent >= 0) {
			count(o, &o->sent, sent);
			return;
		}
		disconnect(o);
	}
	count(o, &o->dropped, n);	/* could not be sent even after reconnecting */
}

static size_t take(struct output *o, struct record *batch)
{
	struct timespec until;
	size_t n = 0;

	pthread_mutex_lock(&o->lock);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 1;
	while (!o->count && !o->stop &&
	       pthread_cond_timedwait(&o->cond, &o->lock, &until) != ETIMEDOUT)
		;
	while (o->count && n < BATCH) {
		batch[n++] = o->ring[o->head];
		o->head = (o->head + 1) % o->cap;
		o->count--;
	}
	o->busy = n > 0;
	pthread_mutex_unlock(&o->lock);
	return n;
}

static void *run(void *arg)
{
	struct output *o = arg;
	struct record *batch = calloc(BATCH, sizeof(*batch));
	size_t n;

	if (o->kind == OUT_SYSLOG)
		openlog(o->cfg->ident, LOG_PID | LOG_NDELAY, o->cfg->facility);
	while (batch) {
		n = take(o, batch);
		if (n) {
			deliver(o, batch, n);
			pthread_mutex_lock(&o->lock);
			o->done_id = batch[n - 1].id;
			o->busy = false;
			pthread_mutex_unlock(&o->lock);
		}
		else if (stopping(o))
			break;
		else if (o->kind == OUT_IPFIX && !o->target->tcp && o->fd >= 0 &&
			 time(NULL) - o->templates_at >= o->cfg->template_interval &&
			 send_templates(o))
			disconnect(o);	/* template refresh while idle */
	}
	free(batch);
	if (o->fd >= 0)
		close(o->fd);
	return NULL;
}

int output_start(struct output *o, enum out_kind kind,
		 const struct target *t, const struct config *cfg)
{
	static const char *const kinds[] = { "syslog", "rfc5424", "ipfix" };

	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->target = t;
	o->cfg = cfg;
	o->fd = -1;
	o->x.domain = cfg->domain;
	o->cap = cfg->queue;
	snprintf(o->name, sizeof(o->name), "%s%s%s", kinds[kind], t ? " " : "",
		 t ? t->text : "");
	if (cfg->hostname[0])
		snprintf(o->host, sizeof(o->host), "%s", cfg->hostname);
	else if (gethostname(o->host, sizeof(o->host) - 1))
		strcpy(o->host, "-");
	o->ring = calloc(o->cap, sizeof(*o->ring));
	if (!o->ring)
		return -1;
	pthread_mutex_init(&o->lock, NULL);
	pthread_cond_init(&o->cond, NULL);
	return pthread_create(&o->thread, NULL, run, o) ? -1 : 0;
}

void output_push_many(struct output *o, const struct record *r, size_t n)
{
	size_t i;

	if (!n)
		return;
	pthread_mutex_lock(&o->lock);
	for (i = 0; i < n; i++) {
		o->pushed_id = r[i].id;
		if (o->count == o->cap) {
			o->dropped++;
			continue;
		}
		o->ring[(o->head + o->count) % o->cap] = r[i];
		o->count++;
	}
	pthread_cond_signal(&o->cond);
	pthread_mutex_unlock(&o->lock);
}

void output_push(struct output *o, const struct record *r)
{
	pthread_mutex_lock(&o->lock);
	o->pushed_id = r->id;
	if (o->count == o->cap) {
		o->dropped++;
	} else {
		o->ring[(o->head + o->count) % o->cap] = *r;
		o->count++;
		pthread_cond_signal(&o->cond);
	}
	pthread_mutex_unlock(&o->lock);
}

void output_stop(struct output *o, unsigned int ms)
{
	unsigned int waited = 0;

	while (waited < ms) {
		unsigned int queued;

		output_stats(o, NULL, NULL, NULL, NULL, &queued);
		if (!queued)
			break;
		usleep(10000);
		waited += 10;
	}
	pthread_mutex_lock(&o->lock);
	o->stop = true;
	pthread_cond_signal(&o->cond);
	pthread_mutex_unlock(&o->lock);
	pthread_join(o->thread, NULL);
	free(o->ring);
}

uint64_t output_done(struct output *o)
{
	uint64_t id;

	pthread_mutex_lock(&o->lock);
	id = !o->count && !o->busy ? o->pushed_id : o->done_id;
	pthread_mutex_unlock(&o->lock);
	return id;
}

void output_stats(struct output *o, uint64_t *sent, uint64_t *dropped,
		  uint64_t *errors, uint64_t *reconnects, unsigned int *queued)
{
	pthread_mutex_lock(&o->lock);
	if (sent)
		*sent = o->sent;
	if (dropped)
		*dropped = o->dropped;
	if (errors)
		*errors = o->errors;
	if (reconnects)
		*reconnects = o->reconnects;
	if (queued)
		*queued = o->count;
	pthread_mutex_unlock(&o->lock);
}
