/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_ENGINE_H
#define POSTREPLY_ENGINE_H

#include <stddef.h>
#include <sys/socket.h>

/* The milter protocol's constants, as libmilter's headers define them. */
#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#include "buf.h"

/* One MTA connection. */
struct engine;

/*
 * The filter, as callbacks. Each returns an SMFIS_* status; NULL means
 * "continue". negotiate gets what the MTA offers and sets what the filter
 * wants; anything but SMFIS_CONTINUE ends the connection.
 */
struct engine_filter {
	sfsistat (*negotiate)(struct engine *, unsigned long actions,
			      unsigned long steps, unsigned long *want_actions,
			      unsigned long *want_steps);
	sfsistat (*connect)(struct engine *, const char *host,
			    const struct sockaddr *);
	sfsistat (*envfrom)(struct engine *, char **argv);
	sfsistat (*envrcpt)(struct engine *, char **argv);
	sfsistat (*data)(struct engine *);
	sfsistat (*header)(struct engine *, const char *name,
			   const char *value);
	sfsistat (*eoh)(struct engine *);
	sfsistat (*body)(struct engine *, const unsigned char *, size_t);
	sfsistat (*eom)(struct engine *);
	void (*abort)(struct engine *);
	void (*close)(struct engine *);
	/* Macros wanted per stage (SMFIM_*): the MTA sends no others. */
	const char *macros[SMFIM_LAST + 1];
};

/* Largest packet accepted from the MTA; a bigger one ends the connection. */
#define ENGINE_MAX_PACKET (1024 * 1024)

/* A connection's state, with its output going to out (fuzz and tests). */
struct engine *engine_new(const struct engine_filter *, int fd);
void engine_free(struct engine *);

/*
 * Handle one packet (command and its data). Replies are appended to the
 * output buffer (engine_output). Returns 0 to go on, -1 when the
 * connection should end.
 */
int engine_packet(struct engine *, int cmd, const char *data, size_t len);
struct buf *engine_output(struct engine *);

/*
 * Serve one MTA connection until it ends: read packets, answer them.
 * Closes fd.
 */
void engine_serve(const struct engine_filter *, int fd);

/* Accept MTA connections on listen_fd, each served by a thread. */
void engine_start(const struct engine_filter *, int listen_fd);

/* For the callbacks. */
unsigned long engine_steps(struct engine *); /* SMFIP_* agreed */
void *engine_getpriv(struct engine *);
void engine_setpriv(struct engine *, void *);
const char *engine_getsymval(struct engine *, const char *name);
void engine_setreply(struct engine *, const char *rcode, const char *xcode,
		     const char *text);
/*
 * Message changes, allowed in eom only: 0, or -1 when not allowed. A
 * header value is given without the space after the colon.
 */
int engine_addheader(struct engine *, const char *name, const char *value);
int engine_chgheader(struct engine *, const char *name, int index,
		     const char *value);
int engine_addrcpt(struct engine *, const char *rcpt);
int engine_delrcpt(struct engine *, const char *rcpt);

#endif
