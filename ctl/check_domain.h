/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef POSTREPLY_CTL_CHECK_DOMAIN_H
#define POSTREPLY_CTL_CHECK_DOMAIN_H

/* The reply domain's acceptance and route (check_domain.c). */
void check_domain(void);

/*
 * Whether the main.cf domain list param (mydestination, relay_domains...)
 * has domain, as Postfix matches it (check_domain.c).
 */
int check_domain_listed(const char *param, const char *domain);

#endif
