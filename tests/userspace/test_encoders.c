// SPDX-License-Identifier: GPL-2.0
/*
 * cgnatd's encoders against vectors written from the RFCs: IPFIX (RFC 7011
 * framing, RFC 8158 IEs at their registered lengths) and RFC 5424 syslog
 * with structured data. The expected bytes were computed independently
 * (struct.pack of the fields the RFCs list), not by the encoder.
 */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "ipfix.h"
#include "syslogfmt.h"


static const struct record alloc = {
	.type = REC_BLOCK_ALLOC, .seq = 5, .time_ns = 1700000000123000000ULL,
	.instance = 7, .subscriber = 0x64400005, .public = 0xcb007107,
	.port_first = 1152, .port_last = 1279,
	.alloc_ns = 1700000000123000000ULL,
};

static void test_ipfix_data(void)
{
	/* header: version 10, length 49, export time, seq 0, domain 1 */
	static const unsigned char want[] = {
		0x00, 0x0a, 0x00, 0x31, 0x65, 0x53, 0xf1, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		/* data set 256, length 33 */
		0x01, 0x00, 0x00, 0x21,
		/* observationTimeMilliseconds (8) */
		0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b,
		/* sourceIPv4Address 100.64.0.5, postNATSourceIPv4Address 203.0.113.7 */
		0x64, 0x40, 0x00, 0x05, 0xcb, 0x00, 0x71, 0x07,
		/* portRangeStart 1152, End 1279, StepSize 1, NumPorts 128 */
		0x04, 0x80, 0x04, 0xff, 0x00, 0x01, 0x00, 0x80,
		/* natEvent 16, natPoolId 7 */
		0x10, 0x00, 0x00, 0x00, 0x07,
	};
	struct ipfix_exporter x = { .domain = 1 };
	const struct record *recs[] = { &alloc, &alloc };
	unsigned char buf[IPFIX_MAX_MSG];
	size_t used, len;

	len = ipfix_message(&x, 1700000000, recs, 1, &used, buf, sizeof(buf));
	CHECK(len == sizeof(want) && !memcmp(buf, want, len),
	      "block allocation record bytes (len %zu)", len);
	CHECK(used == 1 && x.seq == 1, "one data record counted");
	len = ipfix_message(&x, 1700000000, recs, 2, &used, buf, sizeof(buf));
	CHECK(buf[8] == 0 && buf[9] == 0 && buf[10] == 0 && buf[11] == 1,
	      "sequence = data records sent before this message");
	CHECK(len == 16 + 4 + 2 * 29 && x.seq == 3, "two records, one set");
}

static void test_ipfix_release_and_split(void)
{
	struct record rel = alloc;
	const struct record *recs[200];
	struct ipfix_exporter x = { .domain = 9 };
	unsigned char buf[IPFIX_MAX_MSG];
	size_t used, len, done = 0, msgs = 0;
	int i;

	rel.type = REC_BLOCK_RELEASE;
	recs[0] = &rel;
	len = ipfix_message(&x, 1, recs, 1, &used, buf, sizeof(buf));
	CHECK(len == 49 && buf[16 + 4 + 24] == 17, "release is natEvent 17");
	for (i = 0; i < 200; i++)
		recs[i] = &alloc;
	while (done < 200) {
		len = ipfix_message(&x, 1, recs + done, 200 - done, &used, buf,
				    sizeof(buf));
		CHECK(len <= IPFIX_MAX_MSG && used > 0, "message %zu fits", msgs);
		CHECK(((buf[2] << 8) | buf[3]) == (int)len, "length field");
		done += used;
		msgs++;
	}
	CHECK(msgs == 5 && x.seq == 201, "200 records in 5 messages (%zu)", msgs);
}

static void test_ipfix_templates(void)
{
	/* template 256: 9 fields, IE id and length pairs from RFC 8158 */
	static const unsigned char t256[] = {
		0x01, 0x00, 0x00, 0x09,
		0x01, 0x43, 0x00, 0x08,	/* 323 observationTimeMilliseconds */
		0x00, 0x08, 0x00, 0x04,	/* 8 sourceIPv4Address */
		0x00, 0xe1, 0x00, 0x04,	/* 225 postNATSourceIPv4Address */
		0x01, 0x69, 0x00, 0x02,	/* 361 portRangeStart */
		0x01, 0x6a, 0x00, 0x02,	/* 362 portRangeEnd */
		0x01, 0x6b, 0x00, 0x02,	/* 363 portRangeStepSize */
		0x01, 0x6c, 0x00, 0x02,	/* 364 portRangeNumPorts */
		0x00, 0xe6, 0x00, 0x01,	/* 230 natEvent */
		0x01, 0x1b, 0x00, 0x04,	/* 283 natPoolId */
	};
	struct ipfix_exporter x = { .domain = 1 };
	unsigned char buf[IPFIX_MAX_MSG];
	size_t len = ipfix_templates(&x, 5, buf, sizeof(buf));

	CHECK(buf[16] == 0 && buf[17] == 2, "template set id 2");
	CHECK(((buf[18] << 8) | buf[19]) == (int)len - 16, "set length");
	CHECK(!memcmp(buf + 20, t256, sizeof(t256)), "template 256 fields");
	CHECK(x.seq == 0, "templates are not data records");
	CHECK(memmem(buf, len, "\x01\x01\x00\x06\x01\x43\x00\x08\x00\xe6\x00\x01\x01\xd2\x00\x04", 16),
	      "template 257: natQuotaExceededEvent (466) is 4 bytes");
}

static void test_syslog(void)
{
	struct rfc5424 o = { .facility = 20, .severity = 6, .hostname = "nat1",
			     .app = "cgnatd", .procid = 42,
			     .sd_id = "cgnat@32473" };
	char buf[2048], esc[64];
	const char *want_kv =
		"event=block-alloc seq=5 time=2023-11-14T22:13:20.123000000Z "
		"instance=7 subscriber=100.64.0.5 public=203.0.113.7 ports=1152-1279 "
		"allocated=2023-11-14T22:13:20.123000000Z origin=event";
	const char *want_5424 =
		"<166>1 2023-11-14T22:13:20.123000Z nat1 cgnatd 42 block-alloc "
		"[cgnat@32473 seq=\"5\" time=\"2023-11-14T22:13:20.123000000Z\" "
		"instance=\"7\" subscriber=\"100.64.0.5\" public=\"203.0.113.7\" "
		"ports=\"1152-1279\" allocated=\"2023-11-14T22:13:20.123000000Z\" "
		"origin=\"event\"] ";

	fmt_kv(&alloc, buf, sizeof(buf));
	CHECK(!strcmp(buf, want_kv), "key=value line: %s", buf);
	fmt_5424(&alloc, &o, buf, sizeof(buf));
	CHECK(!strncmp(buf, want_5424, strlen(want_5424)) &&
	      !strcmp(buf + strlen(want_5424), want_kv), "RFC 5424: %s", buf);
	sd_escape("a\"b\\c]d", esc, sizeof(esc));
	CHECK(!strcmp(esc, "a\\\"b\\\\c\\]d"), "SD escaping: %s", esc);
}

int main(void)
{
	test_ipfix_data();
	test_ipfix_release_and_split();
	test_ipfix_templates();
	test_syslog();
	printf("encoders: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
