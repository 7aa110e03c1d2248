/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_LOGINMAP_H
#define POSTREPLY_LOGINMAP_H

/*
 * May the SASL login send as sender (a bare address)? With path set (the
 * sender_login_maps file) and sender listed in it, by address or by
 * "@domain", only the logins listed there may. Otherwise a login may send
 * as the address equal to it, or whose local part is equal to it (case
 * ignored in both). 1: yes; 0: no; -1: the file cannot be read (logged).
 */
int loginmap_allows(const char *path, const char *sender, const char *login);

#endif
