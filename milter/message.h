/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_MESSAGE_H
#define POSTREPLY_MESSAGE_H

#include <stddef.h>

#include "authres.h"
#include "buf.h"
#include "token.h"
#include "tokendb.h"

/* One reply-address recipient of a message, validated at RCPT time. */
struct message_rcpt {
	char *addr; /* as given in RCPT TO, brackets included */
	char token[TOKEN_LEN + 1];
	struct tokendb_info info;
	long long reply_id; /* set once stored; 0 for a duplicate */
	int status_changed; /* and the customer's status became replied */
};

/* A customer an account's outbound message goes to. */
struct message_outbound {
	char *addr;         /* bare, as given in RCPT TO */
	long long customer; /* 0: not a customer yet, to be created */
};

/*
 * What the milter learns of one message. It knows nothing of libmilter,
 * so unit tests drive it directly: headers and body go in as the MTA
 * sends them, the raw copy and the flags come out.
 */
struct message {
	char *queue_id;
	char *envfrom; /* MAIL FROM argument, brackets included */
	/* Why envfrom cannot go into the database (not UTF-8...), or NULL. */
	char *envfrom_bad;
	struct message_rcpt *rcpts;
	size_t nrcpts;
	struct buf raw; /* the message as received, up to max_raw bytes */
	size_t max_raw;
	long long raw_size; /* total size, even beyond max_raw */
	int truncated;
	char *from;       /* first From:, unfolded, UTF-8 */
	int nfrom;        /* From: headers */
	char *subject;    /* first Subject: */
	char *message_id; /* first Message-ID: */
	int auto_reply;
	int bounce;
	int our_headers[2]; /* X-PostReply-* headers that came from outside */
	int reply_to;       /* Reply-To: headers */
	int tracked;        /* Reply-To is already one of our reply addresses */
	/* Domains trusted Authentication-Results headers vouch for. */
	struct authres auth;
	/* Outbound mode: mail from an account to its customers. */
	long long account; /* the sending account, 0 if not outbound */
	struct message_outbound *outs;
	size_t nouts;
	char *reply_address; /* the Reply-To set on it, once recorded */
};

#define MESSAGE_HDR_CUSTOMER "X-PostReply-Customer"
#define MESSAGE_HDR_CONVERSATION "X-PostReply-Conversation"

struct message *message_new(const char *envfrom, size_t max_raw);
void message_free(struct message *msg);
void message_set_queue_id(struct message *msg, const char *queue_id);
struct message_rcpt *message_add_rcpt(struct message *msg, const char *addr,
				      const char *token,
				      struct tokendb_info *info);

void message_add_outbound(struct message *msg, const char *addr,
			  long long customer);

/* value as the MTA passed it: leading white space kept when leadspc. */
void message_header(struct message *msg, const char *name, const char *value,
		    int leadspc);
void message_eoh(struct message *msg);
void message_body(struct message *msg, const unsigned char *data, size_t len);

/* The address in the From: header ("" if none), newly allocated. */
char *message_from_address(const struct message *msg);

/*
 * Is the From: address's domain vouched for by a trusted
 * Authentication-Results header (see authres.h)? Never with more than one
 * From: header: which one the check was about is then anyone's guess.
 */
int message_from_authenticated(const struct message *msg);

#endif
