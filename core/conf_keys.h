/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CONF_KEYS_H
#define POSTREPLY_CONF_KEYS_H

/*
 * conf_keys: every parameter of postreply.conf, the one table. Each row:
 * X(name, type, default, check, min, when)
 * - type: STR, INT, BOOL, DURATION (seconds) or SIZE (bytes);
 * - check: a confvalue_ function that explains a bad value, or NULL;
 * - min: the smallest number accepted (numeric types);
 * - when: RELOAD if a SIGHUP applies a change, RESTART if the value is
 *   taken once at start-up (sockets, the database, pools, the rate
 *   limiter, the number of workers) and a change waits for a restart.
 * The struct conf (conf.h), the parser, postreplyctl -n and the man page
 * test all come from this table.
 */
#define CONF_KEYS(X)                                                           \
	X(database, STR, "dbname=postreply", NULL, 0, RESTART)                 \
	X(reply_domain, STR, "reply.example.com", confvalue_domain, 0, RELOAD) \
	X(reply_prefix, STR, "reply", confvalue_localpart, 0, RELOAD)          \
	X(recipient_delimiter, STR, "+", confvalue_delimiter, 0, RELOAD)       \
	X(token_lifetime, DURATION, "90d", NULL, 1, RELOAD)                    \
	X(milter_socket, STR, "unix:/var/spool/postfix/postreply/milter.sock", \
	  confvalue_socket, 0, RESTART)                                        \
	X(max_stored_message_size, SIZE, "25M", confvalue_stored_size, 1,      \
	  RELOAD)                                                              \
	X(db_pool_size, INT, "20", NULL, 1, RESTART)                           \
	X(user, STR, "postreply", NULL, 0, RESTART)                            \
	X(socket_group, STR, "postfix", NULL, 0, RESTART)                      \
	X(policyd_socket, STR,                                                 \
	  "unix:/var/spool/postfix/postreply/policyd.sock", confvalue_socket,  \
	  0, RESTART)                                                          \
	X(policyd_bad_token_limit, INT, "10", NULL, 1, RESTART)                \
	X(policyd_bad_token_window, DURATION, "10m", NULL, 1, RESTART)         \
	X(policyd_block_do_not_contact, BOOL, "no", NULL, 0, RELOAD)           \
	X(policyd_idle_timeout, DURATION, "5m", NULL, 1, RELOAD)               \
	X(policyd_max_connections, INT, "500", NULL, 1, RELOAD)                \
	X(submit_url, STR, "smtp://127.0.0.1:25", confvalue_url, 0, RELOAD)    \
	X(token_retention, DURATION, "400d", NULL, 1, RELOAD)                  \
	X(track_outbound, BOOL, "no", NULL, 0, RELOAD)                         \
	X(outbound_networks, STR, "", confvalue_cidrs, 0, RELOAD)              \
	X(sender_login_maps, STR, "", confvalue_path, 0, RELOAD)               \
	X(track_unknown_recipients, BOOL, "no", NULL, 0, RELOAD)               \
	X(internal_domains, STR, "", confvalue_domains, 0, RELOAD)             \
	X(trusted_authserv_ids, STR, "", confvalue_authserv_ids, 0, RELOAD)    \
	X(analyzer_backend, STR, "builtin", confvalue_backend, 0, RELOAD)      \
	X(analyzer_workers, INT, "4", NULL, 1, RESTART)                        \
	X(job_max_attempts, INT, "5", NULL, 1, RELOAD)                         \
	X(job_retention, DURATION, "30d", NULL, 1, RELOAD)                     \
	X(reader_memory_limit, SIZE, "512M", NULL, 32 << 20, RELOAD)           \
	X(reader_time_limit, DURATION, "20s", confvalue_reader_time, 1,        \
	  RELOAD)                                                              \
	X(reader_max_parts, INT, "1000", NULL, 1, RELOAD)                      \
	X(reader_max_depth, INT, "32", NULL, 1, RELOAD)                        \
	X(reader_max_headers, INT, "5000", NULL, 1, RELOAD)                    \
	X(reader_max_address_header, SIZE, "16K", NULL, 1, RELOAD)             \
	X(llm_url, STR, "http://127.0.0.1:11434/v1/chat/completions",          \
	  confvalue_http_url, 0, RELOAD)                                       \
	X(llm_model, STR, "llama3.1", NULL, 0, RELOAD)                         \
	X(llm_api_key_file, STR, "", NULL, 0, RELOAD)                          \
	X(llm_timeout, DURATION, "30s", NULL, 1, RELOAD)                       \
	X(llm_max_concurrency, INT, "4", NULL, 1, RELOAD)                      \
	X(llm_max_attempts, INT, "3", NULL, 1, RELOAD)                         \
	X(alert_on, STR, "high_value, needs_attention", NULL, 0, RELOAD)       \
	X(webhook_url, STR, "", NULL, 0, RELOAD)                               \
	X(webhook_secret_file, STR, "", NULL, 0, RELOAD)                       \
	X(webhook_max_age, DURATION, "3d", NULL, 0, RELOAD)                    \
	X(inbound_webhooks, STR, "", confhooks_check, 0, RELOAD)               \
	X(followup_min_interval, DURATION, "1h", NULL, 0, RELOAD)              \
	X(web_listen, STR, "inet:127.0.0.1:8380", confvalue_socket, 0,         \
	  RESTART)                                                             \
	X(web_base_url, STR, "http://127.0.0.1:8380", confvalue_http_url, 0,   \
	  RELOAD)                                                              \
	X(web_session_idle, DURATION, "12h", NULL, 60, RELOAD)                 \
	X(web_session_max, DURATION, "30d", NULL, 60, RELOAD)                  \
	X(web_max_connections, INT, "200", NULL, 1, RESTART)                   \
	X(web_tls_cert_file, STR, "", confvalue_path, 0, RESTART)              \
	X(web_tls_key_file, STR, "", confvalue_path, 0, RESTART)               \
	X(web_trusted_proxies, STR, "", confvalue_cidrs, 0, RELOAD)            \
	X(web_trusted_user_header, STR, "", confvalue_header, 0, RELOAD)       \
	X(web_proxy_signout_url, STR, "", confvalue_link, 0, RELOAD)           \
	X(web_socket_group, STR, "", NULL, 0, RESTART)

#endif
