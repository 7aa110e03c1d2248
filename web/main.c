/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * postreply-web: the pages and the JSON API of postreply for the people
 * whose work it is. libmicrohttpd serves each connection in a thread of
 * its own (live updates hold a connection open); each request takes a
 * pooled database connection for its queries and one configuration
 * snapshot for its whole life. Routes say whether they need a session,
 * and whether they change anything (then the CSRF token too).
 *
 * SIGHUP reads the configuration again; SIGTERM stops: requests in hand
 * are answered, no new one is accepted.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sysexits.h>

#include "act.h"
#include "admin.h"
#include "answer.h"
#include "api.h"
#include "auth.h"
#include "conf.h"
#include "custpage.h"
#include "daemon.h"
#include "db.h"
#include "http.h"
#include "live.h"
#include "mailout.h"
#include "msg.h"
#include "pages.h"
#include "prefs.h"
#include "proxy.h"
#include "tls.h"
#include "xmalloc.h"

#define WEB_TIMEOUT 60 /* seconds a connection may sit idle */

static volatile sig_atomic_t web_stop, web_hup;

/* What a route needs before its handler runs. */
enum web_need { WEB_OPEN, WEB_SIGNED_IN, WEB_CHANGE };

struct web_route {
	const char *method;
	const char *path; /* a "*" segment matches one segment: the id */
	enum web_need need;
	enum MHD_Result (*plain)(struct http_req *r);
	enum MHD_Result (*with_id)(struct http_req *r, const char *id);
};

static const struct web_route web_routes[] = {
    {"POST", "/api/signin", WEB_OPEN, auth_signin, NULL},
    {"POST", "/api/signin/link", WEB_OPEN, auth_link_request, NULL},
    {"POST", "/api/signin/link/use", WEB_OPEN, auth_link_use, NULL},
    {"POST", "/api/signout", WEB_CHANGE, auth_signout, NULL},
    {"GET", "/api/me", WEB_SIGNED_IN, auth_me, NULL},
    {"GET", "/api/inbox", WEB_SIGNED_IN, api_inbox, NULL},
    {"GET", "/api/events", WEB_SIGNED_IN, live_events, NULL},
    {"GET", "/api/conversations/*", WEB_SIGNED_IN, NULL, api_conversation},
    {"POST", "/api/conversations/*/status", WEB_CHANGE, NULL, act_status},
    {"POST", "/api/conversations/*/notes", WEB_CHANGE, NULL, act_note},
    {"POST", "/api/conversations/*/read", WEB_CHANGE, NULL, act_read},
    {"POST", "/api/conversations/*/replies", WEB_CHANGE, NULL, act_log_reply},
    {"GET", "/api/conversations/*/answer", WEB_SIGNED_IN, NULL, answer_form},
    {"POST", "/api/conversations/*/answer", WEB_CHANGE, NULL, answer_send},
    {"GET", "/api/conversations/*/customer", WEB_SIGNED_IN, NULL, custpage_get},
    {"GET", "/api/accounts", WEB_SIGNED_IN, prefs_accounts, NULL},
    {"GET", "/api/admin/users", WEB_SIGNED_IN, admin_users, NULL},
    {"POST", "/api/admin/users", WEB_CHANGE, admin_user_add, NULL},
    {"POST", "/api/admin/grants", WEB_CHANGE, admin_grant, NULL},
    {"GET", "/api/accounts/*/settings", WEB_SIGNED_IN, NULL, prefs_get},
    {"POST", "/api/accounts/*/settings", WEB_CHANGE, NULL, prefs_set},
    {"POST", "/api/accounts/*/rules", WEB_CHANGE, NULL, prefs_rule},
};

#define WEB_NROUTES (sizeof(web_routes) / sizeof(web_routes[0]))
#define WEB_MAX_ID 32 /* bytes of an id segment */

/*
 * Does path match the route's pattern? The "*" segment is copied into
 * id (at most WEB_MAX_ID bytes: a longer one matches nothing).
 */
static int
web_match(const char *pattern, const char *path, char *id)
{
	size_t n;

	while (*pattern && *path) {
		if (*pattern == '*') {
			n = strcspn(path, "/");
			if (n == 0 || n >= WEB_MAX_ID)
				return 0;
			memcpy(id, path, n);
			id[n] = 0;
			pattern++;
			path += n;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *pattern == 0 && *path == 0;
}

/*
 * The route for the request's method and path, id filled from its "*";
 * NULL, with *path_known when another method has the path.
 */
static const struct web_route *
web_route_for(struct http_req *r, char *id, int *path_known)
{
	size_t i;

	*path_known = 0;
	for (i = 0; i < WEB_NROUTES; i++) {
		if (!web_match(web_routes[i].path, r->url, id))
			continue;
		*path_known = 1;
		if (strcmp(web_routes[i].method, r->method) == 0)
			return &web_routes[i];
	}
	return NULL;
}

static enum MHD_Result
web_dispatch(struct http_req *r)
{
	const struct web_route *route;
	char id[WEB_MAX_ID] = "";
	int known, rc;

	if (strcmp(r->method, "GET") == 0 && pages_known(r->url))
		return pages_serve(r);
	if ((route = web_route_for(r, id, &known)) == NULL)
		return known ? http_error(r, MHD_HTTP_METHOD_NOT_ALLOWED,
					  "%s is not allowed here", r->method)
			     : http_error(r, MHD_HTTP_NOT_FOUND,
					  "no such page: %.200s", r->url);
	if (route->need != WEB_OPEN) {
		if ((rc = auth_session(r)) < 0)
			return http_error(r, MHD_HTTP_SERVICE_UNAVAILABLE,
					  "the database is unavailable; try "
					  "again in a moment");
		if (rc == 0)
			return http_error(r, MHD_HTTP_UNAUTHORIZED,
					  "please sign in");
		if (route->need == WEB_CHANGE && !auth_csrf_ok(r))
			return http_error(r, MHD_HTTP_FORBIDDEN,
					  "this request lacks the page's "
					  "token (%s); reload the page",
					  HTTP_CSRF_HEADER);
	}
	return route->plain ? route->plain(r) : route->with_id(r, id);
}

/* The client's address, for rate limits and the log. */
static void
web_client(struct http_req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
	    r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	const void *addr = NULL;

	snprintf(r->client, sizeof(r->client), "local");
	if (sa && sa->sa_family == AF_INET)
		addr =
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr;
	else if (sa && sa->sa_family == AF_INET6)
		addr =
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
	if (addr)
		inet_ntop(sa->sa_family, addr, r->client, sizeof(r->client));
	proxy_client(r);
}

static enum MHD_Result
web_handler(void *cls, struct MHD_Connection *conn, const char *url,
	    const char *method, const char *version, const char *upload,
	    size_t *upload_size, void **state)
{
	struct http_req *r = *state;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (r == NULL) {
		r = xcalloc(1, sizeof(*r));
		r->conn = conn;
		r->url = url;
		r->method = method;
		buf_init(&r->body);
		conf_hold();
		web_client(r);
		conf_release();
		*state = r;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (r->body.len + *upload_size > HTTP_MAX_BODY)
			r->too_big = 1;
		else
			buf_append(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	conf_hold();
	ret = web_dispatch(r);
	conf_release();
	return ret;
}

static void
web_completed(void *cls, struct MHD_Connection *conn, void **state,
	      enum MHD_RequestTerminationCode code)
{
	struct http_req *r = *state;

	(void)cls;
	(void)conn;
	(void)code;
	if (r == NULL)
		return;
	buf_free(&r->body);
	free(r->set_cookie);
	free(r);
	*state = NULL;
}

static void
web_on_signal(int sig)
{
	if (sig == SIGHUP)
		web_hup = 1;
	else
		web_stop = 1;
}

static void
web_signals(sigset_t *waiting)
{
	struct sigaction sa;
	sigset_t blocked;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = web_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGHUP);
	/* libmicrohttpd's threads inherit the block; main waits for them. */
	pthread_sigmask(SIG_BLOCK, &blocked, waiting);
}

static void
web_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = 0;
	msg_warn("libmicrohttpd: %s", line);
}

int
main(int argc, char **argv)
{
	struct daemon_opts opts;
	struct MHD_OptionItem *tls;
	struct MHD_Daemon *d;
	sigset_t waiting;
	int fd;

	daemon_start("web", argc, argv, &opts);
	/* A proxy's socket: given to the proxy's group when one is named. */
	fd = *conf_cur()->web_socket_group
		 ? daemon_listen_as("web_listen", conf_cur()->web_listen,
				    "web_socket_group",
				    conf_cur()->web_socket_group)
		 : daemon_listen("web_listen", conf_cur()->web_listen);
	tls = tls_options();
	daemon_drop_privileges();
	daemon_check_database();
	daemon_detach(&opts);
	mailout_init();
	dbpool_init("postreply-web", (int)conf_cur()->db_pool_size);
	auth_init();
	live_init();
	web_signals(&waiting);
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
		MHD_USE_ERROR_LOG | (tls_on() ? MHD_USE_TLS : 0),
	    0, NULL, NULL, web_handler, NULL,
	    /* First, or libmicrohttpd warns that it may print elsewhere. */
	    MHD_OPTION_EXTERNAL_LOGGER, web_log, NULL, MHD_OPTION_LISTEN_SOCKET,
	    fd, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)conf_cur()->web_max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT,
	    MHD_OPTION_NOTIFY_COMPLETED, web_completed, NULL, MHD_OPTION_ARRAY,
	    tls, MHD_OPTION_END);
	if (d == NULL)
		msg_fatal(EX_OSERR, "cannot start the HTTP server on %s",
			  conf_cur()->web_listen);
	msg_info("starting: listening on %s%s", conf_cur()->web_listen,
		 tls_on() ? " (HTTPS)" : "");
	while (!web_stop) {
		sigsuspend(&waiting);
		if (web_hup) {
			web_hup = 0;
			daemon_reload();
		}
	}
	msg_info("stopping");
	live_stop();
	MHD_stop_daemon(d);
	auth_stop();
	dbpool_close();
	return EX_OK;
}
