/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * intents: the phrases that decide what a reply asks for or refuses,
 * beyond its tone, in English, French and German: the customer's own
 * plans (which are not requests to be contacted), refusals because a
 * competitor was chosen, problems that need someone (a service failure
 * suffered, a legal or security review blocking the purchase, a billing
 * mistake), and the marks of sarcasm.
 *
 * Contract. Data only, written as lexicon.c's contract says and compiled
 * with its table into one matcher (the longest phrase at a place wins,
 * so "we'll pass" in lexicon.c still beats "we'll" here). What each
 * category does is builtin.c's: a plan in the clause of a date keeps the
 * date from being a requested follow-up; sarcasm in a sentence turns its
 * praise into displeasure. Precision first: a phrase belongs here only
 * when it cannot be read the other way in a reply to a sales email.
 */
#include "lexicon_int.h"

/* clang-format off */
const struct entry intents_table[] = {
    /* English: the customer's own plans and promises */
    PLAN("i'll"), PLAN("i will"), PLAN("we'll"), PLAN("we will"),
    PLAN("i'm going to"), PLAN("i am going to"), PLAN("we're going to"),
    PLAN("we are going to"), PLAN("we plan"), PLAN("we're planning"),
    PLAN("we are planning"), PLAN("i plan"), PLAN("i'm planning"),
    PLAN("planning to"), PLAN("plan to"), PLAN("we intend"),
    PLAN("we expect"), PLAN("we hope to"), PLAN("we aim to"),
    PLAN("we might"), PLAN("we may"), PLAN("funding"),
    PLAN("budget arrives"), PLAN("budget comes"), PLAN("let you know"),
    PLAN("keep you posted"), PLAN("keep you updated"),
    PLAN("keep you in the loop"), 
    PLAN("our roadmap"), PLAN("we're migrating"), PLAN("we are migrating"),
    PLAN("we're moving"), PLAN("we are moving"),
    /* French */
    PLAN("nous prévoyons"), PLAN("on prévoit"), PLAN("je prévois"),
    PLAN("nous comptons"), PLAN("on compte"), PLAN("nous allons"),
    PLAN("on va"), PLAN("je vais"), PLAN("nous envisageons"),
    PLAN("on envisage"), PLAN("nous pensons"), PLAN("notre budget"),
    PLAN("le budget"), PLAN("financement"), PLAN("je vous tiens au courant"),
    PLAN("je vous tiendrai au courant"), PLAN("nous vous tiendrons au courant"),
    PLAN("je vous dirai"), PLAN("je vous recontacterai"),
    PLAN("nous vous recontacterons"), PLAN("je vous rappellerai"),
    PLAN("je reviendrai"), PLAN("nous reviendrons"), PLAN("je vous ferai signe"),
    /* German */
    PLAN("wir planen"), PLAN("ich plane"), PLAN("geplant"),
    PLAN("wir haben vor"), PLAN("ich habe vor"), PLAN("wir werden"),
    PLAN("ich werde"), PLAN("wir wollen"), PLAN("unser budget"),
    PLAN("das budget"), PLAN("finanzierung"), PLAN("gebe ihnen bescheid"),
    PLAN("geben ihnen bescheid"), PLAN("sage ihnen bescheid"),
    PLAN("sagen ihnen bescheid"), PLAN("ich rufe sie"), PLAN("wir rufen sie"),
   

    /* English: refusals, a competitor chosen */
    NOTINT("signed with a competitor", 2), NOTINT("signed with another", 2),
    NOTINT("went with a competitor", 2), NOTINT("went with another", 2),
    NOTINT("go with another", 2), NOTINT("going with another", 2),
    NOTINT("chose a competitor", 2), NOTINT("chose another", 2),
    NOTINT("chosen a competitor", 2), NOTINT("chosen another", 2),
    NOTINT("picked a competitor", 2), NOTINT("picked another", 2),
    NOTINT("opted for a competitor", 2), NOTINT("opted for another", 2),
    NOTINT("selected another", 2), NOTINT("selected a competitor", 2),
    NOTINT("decided on another", 2), NOTINT("decided to go with another", 2),
    NOTINT("signed with _ competitor", 2),
    /* French */
    NOTINT("signé avec un concurrent", 2), NOTINT("signé avec un autre", 2),
    NOTINT("signé avec une autre", 2), NOTINT("choisi un concurrent", 2),
    NOTINT("choisi un autre", 2), NOTINT("choisi une autre", 2),
    NOTINT("opté pour un concurrent", 2), NOTINT("opté pour un autre", 2),
    NOTINT("opté pour une autre", 2), NOTINT("retenu un autre", 2),
    NOTINT("retenu une autre", 2), NOTINT("retenu un concurrent", 2),
    NOTINT("parti chez un concurrent", 2), NOTINT("partis chez un concurrent", 2),
    /* German */
    NOTINT("mit einem wettbewerber unterschrieben", 2),
    NOTINT("bei einem wettbewerber unterschrieben", 2),
    NOTINT("bei der konkurrenz unterschrieben", 2),
    NOTINT("mit der konkurrenz unterschrieben", 2),
    NOTINT("für einen wettbewerber entschieden", 2),
    NOTINT("für einen anderen anbieter entschieden", 2),
    NOTINT("für die konkurrenz entschieden", 2),
    NOTINT("für eine andere lösung entschieden", 2),
    NOTINT("anderen anbieter gewählt", 2), NOTINT("wettbewerber gewählt", 2),
    NOTINT("einen anderen anbieter", 2), NOTINT("einem anderen anbieter", 2),

    /* English: a service failure the customer suffered */
    BROKEN("was down"), BROKEN("were down"), BROKEN("went down"),
    BROKEN("never went out"), BROKEN("didn't go out"), BROKEN("did not go out"),
    BROKEN("never arrived"), BROKEN("never delivered"),
    BROKEN("were not delivered"), BROKEN("weren't delivered"),
    BROKEN("was sent twice"), BROKEN("were sent twice"),
    BROKEN("sent _ twice"), BROKEN("lost our data"), BROKEN("lost all"),
    BROKEN("data loss"), BROKEN("data breach"),
    /* a legal or security review that blocks the purchase */
    COMPLAINT("blocked by legal"), COMPLAINT("blocked by our legal"),
    COMPLAINT("blocked by security"), COMPLAINT("blocked by our security"),
    COMPLAINT("blocked by compliance"), COMPLAINT("blocked by procurement"),
    COMPLAINT("purchase is blocked"), COMPLAINT("purchase is on hold"),
    COMPLAINT("deal is blocked"), COMPLAINT("blocks the purchase"),
    COMPLAINT("blocking the purchase"), COMPLAINT("blocking the deal"),
    COMPLAINT("blocked the purchase"), COMPLAINT("stuck in legal"),
    COMPLAINT("stuck in security review"), COMPLAINT("failed _ security review"),
    COMPLAINT("failed the security"), COMPLAINT("security review failed"),
    COMPLAINT("legal rejected"), COMPLAINT("security rejected"),
    COMPLAINT("legal won't approve"), COMPLAINT("legal hasn't approved"),
    COMPLAINT("legal team hasn't approved"), COMPLAINT("legal has not approved"),
    COMPLAINT("can't sign until"), COMPLAINT("cannot sign until"),
    /* a billing mistake */
    COMPLAINT("billing mistake"), COMPLAINT("billing error"),
    COMPLAINT("invoice is wrong"), COMPLAINT("invoice is incorrect"),
    COMPLAINT("incorrect invoice"), COMPLAINT("wrong amount"),
    COMPLAINT("incorrectly charged"), COMPLAINT("incorrectly billed"),
    COMPLAINT("wrongly charged"), COMPLAINT("wrongly billed"),
    COMPLAINT("billed twice"), COMPLAINT("invoiced twice"),
    COMPLAINT("overbilled"), COMPLAINT("invoiced us for # _ but"),
    COMPLAINT("billed us for # _ but"), COMPLAINT("charged us for # _ but"),
    /* French */
    BROKEN("était en panne"), BROKEN("étaient en panne"),
    BROKEN("jamais partie"), BROKEN("jamais partis"), BROKEN("jamais parti"),
    BROKEN("jamais arrivé*"), BROKEN("jamais été envoyé*"),
    BROKEN("envoyée deux fois"), BROKEN("envoyé deux fois"),
    BROKEN("envoyés deux fois"), BROKEN("perte de données"),
    COMPLAINT("bloqué par le service juridique"),
    COMPLAINT("bloqué par notre service juridique"),
    COMPLAINT("bloqué par le juridique"), COMPLAINT("bloqué par la sécurité"),
    COMPLAINT("bloqué par notre équipe sécurité"), COMPLAINT("bloque l' achat"),
    COMPLAINT("bloque la signature"), COMPLAINT("achat est bloqué"),
    COMPLAINT("juridique bloque"), COMPLAINT("juridique a refusé"),
    COMPLAINT("audit de sécurité a échoué"), COMPLAINT("rejeté par la sécurité"),
    COMPLAINT("erreur de facturation"), COMPLAINT("facture est erronée"),
    COMPLAINT("facture erronée"), COMPLAINT("facture est fausse"),
    COMPLAINT("facturé à tort"), COMPLAINT("facturés à tort"),
    COMPLAINT("trop facturé"), COMPLAINT("facturés deux fois"),
    COMPLAINT("montant erroné"), COMPLAINT("facture ne correspond pas"),
    /* German */
    BROKEN("ausgefallen"), BROKEN("nie angekommen"), BROKEN("nicht zugestellt"),
    BROKEN("nie versendet"), BROKEN("nicht versendet"),
    BROKEN("doppelt versendet"), BROKEN("zweimal versendet"),
    BROKEN("datenverlust"), BROKEN("war down"), BROKEN("war nicht erreichbar"),
    COMPLAINT("rechtsabteilung blockiert"), COMPLAINT("von der rechtsabteilung blockiert"),
    COMPLAINT("rechtsabteilung hat _ abgelehnt"), COMPLAINT("blockiert den kauf"),
    COMPLAINT("kauf ist blockiert"), COMPLAINT("kauf blockiert"),
    COMPLAINT("sicherheitsprüfung nicht bestanden"),
    COMPLAINT("sicherheitsprüfung blockiert"),
    COMPLAINT("datenschutz blockiert"), COMPLAINT("it sicherheit blockiert"),
    COMPLAINT("rechnung ist falsch"), COMPLAINT("falsche rechnung"),
    COMPLAINT("fehlerhafte rechnung"), COMPLAINT("rechnung ist fehlerhaft"),
    COMPLAINT("zu viel berechnet"), COMPLAINT("falsch berechnet"),
    COMPLAINT("rechnungsfehler"), COMPLAINT("abrechnungsfehler"),
    COMPLAINT("doppelt in rechnung gestellt"),

    /* Sarcasm: the praise in the sentence of these is not meant */
    SARC("yet another email"), SARC("yet another e mail"),
    SARC("another email i"), SARC("another email from"),
    SARC("another sales email"), SARC("another cold email"),
    SARC("another marketing email"), SARC("another reminder"),
    SARC("didn't ask for"), SARC("did not ask for"), SARC("never asked for"),
    BOTH("just what i needed", LX_SARCASM, 2, LX_NEG), BOTH("thanks for nothing", LX_SARCASM, 2, LX_NEG),
    SARC("third reminder"), SARC("fourth reminder"), SARC("reminder this week"),
    SARC("encore un mail"), SARC("encore un e mail"), SARC("encore une relance"),
    BOTH("merci pour rien", LX_SARCASM, 2, LX_NEG), SARC("pas demandé"), SARC("jamais demandé"),
    SARC("troisième relance"), BOTH("na toll", LX_SARCASM, 2, LX_NEG), SARC("noch eine mail"),
    SARC("noch eine e mail"), SARC("schon wieder eine"), BOTH("danke für nichts", LX_SARCASM, 2, LX_NEG),
    SARC("nicht angefordert"), SARC("nie angefordert"), SARC("dritte erinnerung"),
};
/* clang-format on */

const size_t intents_count = sizeof(intents_table) / sizeof(intents_table[0]);
