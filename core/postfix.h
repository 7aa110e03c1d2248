/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_POSTFIX_H
#define POSTREPLY_POSTFIX_H

/*
 * The items of a Postfix list value, as Postfix splits it: commas and
 * white space separate, and a { ... } group is one item with its braces
 * (also inside an item: inline:{ { a = b } }). A NULL-terminated array;
 * free it with postfix_list_free.
 */
char **postfix_list(const char *value);
void postfix_list_free(char **items);

/*
 * The items of a { ... } group, without the braces ("{ unix:x, a=b }"
 * gives "unix:x" and "a=b"); an item that is no group gives itself.
 */
char **postfix_group(const char *item);

/*
 * The path on this machine of a unix socket that a Postfix daemon names
 * path: daemons work in queue_dir, so a relative path is relative to
 * it, and a chrooted daemon (master.cf's chroot column) sees queue_dir
 * as its root, so an absolute path is read inside queue_dir too. The
 * result is allocated; no file is looked at.
 */
char *postfix_socket_path(const char *path, const char *queue_dir,
			  int chrooted);

#endif
