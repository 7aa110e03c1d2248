/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lexicon: the phrases of the built-in analyzer in English, French and
 * German, and the matcher that finds them in a tokenized reply.
 *
 * Contract. The table below is data: a phrase is words separated by
 * spaces, written as a person writes them (accents and capitals are
 * folded as words.c folds the reply), with French elisions detached
 * ("m' intéresse") and hyphens written as spaces ("rendez vous"). In a
 * phrase, "word*" matches any word beginning so, "_" skips up to three
 * words, "#" matches a number and a lone punctuation character matches
 * itself. The table is compiled once (pthread_once) and read-only after,
 * so scanning is thread-safe. At each word the longest phrase wins and
 * its words are consumed; matching never crosses a sentence. Scanning is
 * linear in the reply: each word is compared with the phrases that begin
 * with the same two letters.
 *
 * Negation is part of the lexicon (see lexicon.h). Phrases that contain
 * their own negation ("not interested", "kein Bedarf", "no problem",
 * "pourquoi pas") win as longer matches, and the negators inside them do
 * not negate anything else.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "lexicon_int.h"
#include "xmalloc.h"

/* clang-format off */
static const struct entry table[] = {
    NONE("in order to"), NONE("fully booked"), NONE("no longer valid"),
    NONE("de rien"), NONE("interest rate*"), NONE("thank you for your interest"),
    /* English: tone */
    POS("love it", 3), POS("love this", 3), POS("love the", 3),
    POS("excellent", 3), POS("fantastic", 3), POS("amazing", 3),
    POS("awesome", 3), POS("perfect", 3), POS("brilliant", 3),
    POS("thrilled", 3), POS("delighted", 3), POS("excited", 3),
    POS("impressed", 3), POS("wonderful", 3), POS("outstanding", 3),
    POS("can't wait", 3), POS("cannot wait", 3), POS("cant wait", 3),
    POS("great", 2), POS("sounds good", 2), POS("looks good", 2),
    POS("happy", 2), POS("glad", 2), POS("pleased", 2), POS("nice", 2),
    POS("cool", 2), POS("good news", 2), POS("impressive", 2),
    POS("promising", 2), POS("appreciate", 1), POS("helpful", 1),
    POS("useful", 1), POS("good", 1), POS("fine", 1), POS("yes", 1),
    POS("sure", 1), POS("absolutely", 1), POS("definitely", 1),
    POS("of course", 1), POS("gladly", 2), POS("with pleasure", 2),
    POS("no problem", 1), POS("not a problem", 1), POS("no worries", 1),
    POS("not bad", 1), POS(": )", 1), POS(": - )", 1), POS(": D", 2),
    NEG("disappointed", 3), NEG("disappointing", 3), NEG("terrible", 3),
    NEG("awful", 3), NEG("horrible", 3), NEG("worst", 3),
    NEG("unacceptable", 3), NEG("ridiculous", 3), NEG("outrageous", 3),
    NEG("furious", 3), NEG("angry", 3), NEG("unhappy", 3),
    NEG("dissatisfied", 3), NEG("useless", 3), NEG("waste of time", 3),
    NEG("waste of money", 3), NEG("scam", 3), NEG("sick of", 3),
    NEG("fed up", 3), NEG("hate", 3), NEG("never again", 3),
    NEG("misleading", 3), NEG("incompetent", 3), NEG("pathetic", 3),
    NEG("frustrated", 2), NEG("frustrating", 2), NEG("annoyed", 2),
    NEG("annoying", 2), NEG("upset", 2), NEG("poor", 2), NEG("bad", 2),
    NEG("rude", 2), NEG("pushy", 2), NEG("tired of", 2), NEG("shame", 2),
    NEG("spam", 2), NEG("irrelevant", 1), NEG("unfortunately", 1),
    NEG(": (", 2), NEG(": - (", 2),
    /* English: problems and complaints */
    PAIN("problem*"), PAIN("issue*"), BROKEN("bug"), BROKEN("bugs"),
    BROKEN("buggy"), BROKEN("broken"), BROKEN("doesn't work"),
    BROKEN("does not work"), BROKEN("doesnt work"), BROKEN("not working"),
    BROKEN("isn't working"), BROKEN("stopped working"), BROKEN("won't load"),
    BROKEN("can't log in"), BROKEN("cannot log in"), BROKEN("can't access"),
    BROKEN("cannot access"), BROKEN("error*"), BROKEN("crash*"),
    BROKEN("failed"), BROKEN("failing"), PAIN("failure*"), BROKEN("outage*"),
    BROKEN("downtime"), BROKEN("is down"), BROKEN("still waiting"),
    PAIN("still haven't"), PAIN("still not"), PAIN("no response"),
    PAIN("no reply"), BROKEN("never received"), BROKEN("haven't received"),
    BROKEN("not received"), BROKEN("charged twice"), BROKEN("charged _ twice"), BROKEN("double charged"),
    BROKEN("overcharged"), BROKEN("wrong invoice"), PAIN("too expensive"),
    PAIN("expensive"), PAIN("too slow"), PAIN("slow"), PAIN("delay*"),
    PAIN("missing"), PAIN("bounc*"), PAIN("spam folder"),
    PAIN("deliverability"), PAIN("open rates"), PAIN("struggl*"),
    PAIN("difficult"), PAIN("hard to"), PAIN("unreliable"),
    PAIN("confusing"), PAIN("complicated"), PAIN("lack of"),
    PAIN("poor support"), PAIN("nobody"), PAIN("no one"),
    PAIN("pain point*"), PAIN("headache"),
    COMPLAINT("complaint"), COMPLAINT("complain*"), COMPLAINT("refund*"),
    COMPLAINT("cancel my"), COMPLAINT("cancel our"),
    COMPLAINT("cancel the subscription"), COMPLAINT("money back"),
    COMPLAINT("chargeback"),
    /* English: interest */
    INT("interes*", 2), INT("tell me more", 2), INT("more info*", 2),
    INT("more details", 2), INT("learn more", 2), INT("know more", 2),
    INT("hear more", 2), INT("happy to talk", 2), INT("happy to chat", 2),
    INT("open to", 2), INT("worth a look", 2), INT("worth exploring", 2),
    INT("keen", 2), INT("curious", 2), BOTH("let's talk", LX_INTEREST, 2, LX_FOLLOWUP),
    BOTH("lets talk", LX_INTEREST, 2, LX_FOLLOWUP), BOTH("let's chat", LX_INTEREST, 2, LX_FOLLOWUP), INT("let's discuss", 2),
    BOTH("let's connect", LX_INTEREST, 2, LX_FOLLOWUP), INT("let's set up", 2),
    BOTH("i'd like to", LX_INTEREST, 2, LX_ACTION),
    BOTH("we'd like to", LX_INTEREST, 2, LX_ACTION),
    BOTH("would like to", LX_INTEREST, 2, LX_ACTION), INT("makes sense", 2), INT("relevant", 1),
    INT("love to", 3), INT("would love", 3), INT("i'd love", 3),
    INT("we'd love", 3), INT("let's do it", 3), INT("let's go", 3),
    INT("sign me up", 3), INT("sign us up", 3), INT("count me in", 3),
    INT("count us in", 3), INT("ready to", 3),
    INT("get started", 3), INT("when can we start", 3),
    INT("exactly what we need", 3), INT("just what we need", 3),
    INT("exactly what we're looking for", 3), INT("perfect timing", 3),
    INT("move forward", 3), INT("go ahead", 3), INT("let's proceed", 3),
    INT("why not", 2), INT("looking for a", 2), INT("looking for an", 2),
    INT("in the market for", 2), INT("searching for", 2),
    INT("evaluating", 2), INT("considering", 2),
    POS("looking forward", 2),
    MENTION("price*"), MENTION("pricing"), MENTION("cost*"),
    MENTION("quote"), MENTION("quotation"), MENTION("demo*"),
    MENTION("trial"), MENTION("plans"), MENTION("package*"),
    MENTION("features"), MENTION("integrat*"), MENTION("api"),
    MENTION("how does it work"), MENTION("how much"),
    MENTION("proposal"), MENTION("offer"), MENTION("discount*"),
    MENTION("subscription"), MENTION("your product"),
    MENTION("your solution"), MENTION("your service"),
    MENTION("your tool"), MENTION("your platform"),
    MENTION("case stud*"), MENTION("brochure"), MENTION("deck"),
    MENTION("documentation"), MENTION("onboarding"),
    BUY("budget"), BUY("contract"), BUY("sign the"), BUY("purchase"),
    BUY("buy"), BUY("order"), BUY("licenses"), BUY("licences"),
    BUY("seats"), BUY("rollout"), BUY("roll out"), BUY("decision"),
    BUY("approved"), BUY("procurement"), BUY("implementation"),
    BUY("migrate"), BUY("switch"), BUY("switching"), BUY("replace"),
    BUY("go live"), BUY("annual plan"), BUY("enterprise"),
    BUY("team of"),
    /* English: no */
    NOTINT("not interested", 2), NOTINT("no interest", 2),
    NOTINT("not for us", 2), NOTINT("not for me", 2),
    NOTINT("not a fit", 2), NOTINT("not a good fit", 2),
    NOTINT("not the right fit", 2), NOTINT("not relevant", 2),
    NOTINT("no need", 2), NOTINT("don't need", 2),
    NOTINT("do not need", 2), NOTINT("dont need", 2),
    NOTINT("no thanks", 2), NOTINT("no thank you", 2),
    NOTINT("no , thanks", 2), NOTINT("no , thank you", 2),
    NOTINT("we'll pass", 2), NOTINT("i'll pass", 2),
    NOTINT("going to pass", 2), NOTINT("pass on this", 2),
    NOTINT("not looking", 2), NOTINT("not in the market", 2),
    NOTINT("not buying", 2), NOTINT("please close", 2),
    NOTINT("not something we", 2), NOTINT("no longer interested", 2),
    NOTINT("decline", 2), NOTINT("we are all set", 1),
    NOTINT("we're all set", 1), NOTINT("all set", 1),
    NOTINT("we're good", 1), NOTINT("already have", 1),
    BOTH("already use", LX_NOTINT, 1, LX_USAGE),
    BOTH("already using", LX_NOTINT, 1, LX_USAGE),
    NOTINT("already work with", 1), NOTINT("happy with our", 1),
    NOTINT("satisfied with our", 1), BOTH("no budget", LX_NOTINT, 1, LX_HEDGE),
    BOTH("don't have the budget", LX_NOTINT, 1, LX_HEDGE),
    BOTH("do not have the budget", LX_NOTINT, 1, LX_HEDGE),
    BOTH("don't have a budget", LX_NOTINT, 1, LX_HEDGE),
    NOTINT("not a priority", 1), NOTINT("doesn't fit", 1),
    NOTINT("not what we", 1),
    /* A curt "stop" is displeasure too (LX_NEG); asking to be removed is not. */
    DNC("unsubscrib*"), DNC("remove me"), DNC("remove us"),
    DNC("remove my"), DNC("remove our"), DNC("remove _ from _ list"),
    DNC("take me off"), DNC("take us off"), DNC("take _ off _ list"),
    DNC("off your list"), DNC("off your mailing list"), DNC("opt out"),
    DNC("opt me out"), BOTH("do not contact", LX_DNC, 2, LX_NEG), BOTH("don't contact", LX_DNC, 2, LX_NEG),
    BOTH("dont contact", LX_DNC, 2, LX_NEG), DNC("do not email"), DNC("don't email"),
    DNC("do not e mail"), DNC("don't e mail"), BOTH("never contact", LX_DNC, 2, LX_NEG),
    DNC("no more emails"), DNC("no more e mails"), DNC("no more mails"),
    DNC("no further emails"), DNC("no further contact"),
    DNC("don't send me"), DNC("do not send me"), BOTH("leave me alone", LX_DNC, 2, LX_NEG),
    DNC("leave us alone"), BOTH("stop emailing", LX_DNC, 2, LX_NEG), BOTH("stop e mailing", LX_DNC, 2, LX_NEG),
    BOTH("stop mailing", LX_DNC, 2, LX_NEG), BOTH("stop sending", LX_DNC, 2, LX_NEG), BOTH("stop contacting", LX_DNC, 2, LX_NEG),
    BOTH("stop writing", LX_DNC, 2, LX_NEG), BOTH("stop spamming", LX_DNC, 2, LX_NEG), BOTH("stop messaging", LX_DNC, 2, LX_NEG),
    BOTH("stop calling", LX_DNC, 2, LX_NEG), BOTH("stop these", LX_DNC, 2, LX_NEG), BOTH("stop this", LX_DNC, 2, LX_NEG),
    BOTH("stop all", LX_DNC, 2, LX_NEG), BOTH("please stop", LX_DNC, 2, LX_NEG), DNC("never signed up"),
    DNC("did not sign up"), DNC("didn't sign up"),
    DNC("delete my data"), DNC("delete my email"), DNC("erase my"),
    DNC("how did you get my"), BOTH("cease and desist", LX_DNC, 2, LX_NEG),
    /* English: away, meetings, follow-ups */
    AWAY("out of office", UA_AWAY), AWAY("out of the office", UA_AWAY),
    AWAY("ooo", UA_AWAY), AWAY("on holiday", UA_AWAY),
    AWAY("on holidays", UA_AWAY), AWAY("on vacation", UA_AWAY),
    AWAY("annual leave", UA_AWAY), AWAY("currently away", UA_AWAY),
    AWAY("i am away", UA_AWAY), AWAY("i'm away", UA_AWAY),
    AWAY("will be away", UA_AWAY), AWAY("away until", UA_AWAY),
    AWAY("away from the office", UA_AWAY), AWAY("out until", UA_AWAY),
    AWAY("back in the office", UA_AWAY), AWAY("be back", UA_AWAY),
    AWAY("limited access", UA_AWAY), AWAY("no access to email", UA_AWAY),
    AWAY("day off", UA_AWAY), AWAY("off today", UA_AWAY),
    AWAY("on leave", UA_LEAVE), AWAY("parental leave", UA_LEAVE),
    AWAY("maternity leave", UA_LEAVE), AWAY("paternity leave", UA_LEAVE),
    AWAY("sick leave", UA_LEAVE), AWAY("off sick", UA_LEAVE),
    AWAY("out sick", UA_LEAVE), AWAY("in a meeting", UA_MEETING),
    AWAY("in meetings", UA_MEETING), AWAY("in a call", UA_MEETING),
    AWAY("on a call", UA_MEETING), AWAY("on the phone", UA_MEETING),
    AWAY("driving", UA_TRAVEL), AWAY("on the road", UA_TRAVEL),
    AWAY("travelling", UA_TRAVEL), AWAY("traveling", UA_TRAVEL),
    AWAY("on a trip", UA_TRAVEL), AWAY("on a business trip", UA_TRAVEL),
    AWAY("at a conference", UA_TRAVEL), AWAY("at a trade show", UA_TRAVEL),
    AWAY("on a plane", UA_TRAVEL), AWAY("boarding", UA_TRAVEL),
    AWAY("busy right now", UA_BUSY), AWAY("busy at the moment", UA_BUSY),
    AWAY("can't talk", UA_BUSY), AWAY("cannot talk", UA_BUSY),
    /* "swamped" is busy, not away: no AWAY entry */
    MEET("booked"), MEET("meeting is booked"), MEET("meeting booked"),
    MEET("call is booked"), MEET("scheduled a call"),
    MEET("scheduled a meeting"), MEET("scheduled a demo"),
    MEET("i've scheduled"), MEET("i have scheduled"),
    MEET("we've scheduled"), MEET("meeting is scheduled"),
    MEET("call is scheduled"), MEET("meeting confirmed"),
    MEET("call confirmed"), MEET("demo confirmed"),
    MEET("confirmed the meeting"), MEET("confirm the meeting"),
    MEET("confirm our meeting"), MEET("confirm our call"),
    MEET("accepted the invite"), MEET("accepted your invite"),
    MEET("accepted the invitation"), MEET("invite accepted"),
    MEET("sent you an invite"), MEET("sent an invite"),
    MEET("sent a calendar invite"), MEET("sent you a calendar invite"),
    MEET("sent _ invite"), MEET("sent _ invitation"), MEET("in my calendar"),
    MEET("look forward to our call"), MEET("look forward to our meeting"),
    MEET("looking forward to our call"),
    MEET("looking forward to our meeting"),
    MEET("looking forward to the call"),
    MEET("looking forward to the meeting"),
    MEET("looking forward to the demo"), MEET("talk to you then"),
    MEET("see you then"), MEET("see you there"),
    MEETW("see you"), MEETW("talk to you"), MEETW("speak to you"),
    MEETW("confirmed"), MEETW("works for me"), MEETW("works for us"),
    MEETW("suits me"), MEETW("suits us"), MEETW("that works"),
    MEETW("meet you"), MEETW("calendar invite"),
    BOTH("call me", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("call us", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("give me a call", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("give us a call", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("ring me", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("phone me", LX_FOLLOWUP, 1, LX_ACTION),
    FOLLOW("call back"), FOLLOW("get back to me"),
    FOLLOW("get back to us"), FOLLOW("reach out"),
    FOLLOW("reach back out"), FOLLOW("contact me"), FOLLOW("contact us"),
    FOLLOW("email me"), FOLLOW("e mail me"), FOLLOW("write to me"),
    FOLLOW("follow up"), FOLLOW("check back"), FOLLOW("check in"),
    FOLLOW("touch base"), FOLLOW("circle back"), FOLLOW("ping me"),
    FOLLOW("try me"), FOLLOW("try again"), FOLLOW("reconnect"),
    FOLLOW("revisit"), FOLLOW("get in touch"), FOLLOW("be in touch"),
    FOLLOW("come back to me"), FOLLOW("come back to us"),
    FOLLOW("remind me"), FOLLOW("not before"),
    ACTION("send me"), ACTION("send us"), ACTION("send over"),
    ACTION("can you send"), ACTION("could you send"),
    ACTION("please send"), ACTION("can you share"),
    ACTION("could you share"), ACTION("please share"),
    ACTION("please provide"), ACTION("can you provide"),
    ACTION("could you provide"), ACTION("please call"),
    ACTION("please contact"),
    BOTH("set up a call", LX_ACTION, 1, LX_INTEREST),
    BOTH("set up a meeting", LX_ACTION, 1, LX_INTEREST),
    BOTH("schedule a call", LX_ACTION, 1, LX_INTEREST),
    BOTH("schedule a demo", LX_ACTION, 1, LX_INTEREST),
    BOTH("schedule a meeting", LX_ACTION, 1, LX_INTEREST),
    BOTH("book a demo", LX_ACTION, 1, LX_INTEREST),
    BOTH("book a call", LX_ACTION, 1, LX_INTEREST), ACTION("arrange"),
    BOTH("what is the price", LX_ACTION, 1, LX_MENTION), BOTH("what does it cost", LX_ACTION, 1, LX_MENTION),
    BOTH("i need", LX_ACTION, 1, LX_PLAN), BOTH("we need", LX_ACTION, 1, LX_PLAN), ACTION("can you"),
    ACTION("could you"), ACTION("would you"), BOTH("a quote", LX_ACTION, 1, LX_MENTION),
    ACTION("please fix"), ACTION("please check"),
    URGENT("asap"), URGENT("urgent"), URGENT("urgently"),
    URGENT("as soon as possible"), URGENT("immediately"),
    URGENT("right away"), URGENT("time sensitive"), URGENT("emergency"),
    URGENT("critical"),
    USAGE("we use"), USAGE("we're using"), USAGE("we are using"),
    USAGE("we currently use"), USAGE("we've been using"),
    USAGE("we have been using"), USAGE("currently using"), USAGE("currently use"),
    USAGE("we rely on"), USAGE("our team uses"), USAGE("we work with"),
    USAGE("we run"), USAGE("we send"), USAGE("we're sending"),
    USAGE("we are sending"), USAGE("we currently send"),
    USAGE("our current provider"), USAGE("our current tool"),
    USAGE("our current solution"), USAGE("our newsletter*"),
    USAGE("our campaigns"), USAGE("we manage"),
    HEDGE("maybe"), HEDGE("perhaps"), HEDGE("not sure"),
    HEDGE("not now"), HEDGE("not right now"), HEDGE("not at the moment"),
    HEDGE("not at this time"), HEDGE("not yet"), HEDGE("later"),
    HEDGE("down the road"), HEDGE("in the future"),
    HEDGE("at some point"), HEDGE("not the right time"),
    HEDGE("bad timing"), HEDGE("not a good time"), HEDGE("bad time"), HEDGE("possibly"), BOTH("we'll see", LX_HEDGE, 1, LX_PLAN),
    HEDGE("let me think"), HEDGE("think about it"),
    BOTH("get back to you", LX_HEDGE, 1, LX_PLAN), HEDGE("discuss internally"),
    HEDGE("check internally"), HEDGE("run it by"), HEDGE("on hold"),
    THANKS("thanks"), THANKS("thank you"), THANKS("thx"),
    THANKS("many thanks"),
    LEFT("no longer with"), LEFT("no longer work"),
    LEFT("no longer working"), LEFT("left the company"),
    LEFT("no longer employed"), LEFT("not with the company"),
    LEFT("no longer responsible"), LEFT("no longer in charge"),

    /* French: tone */
    POS("génial", 3), POS("parfait", 3), POS("formidable", 3),
    POS("ravi", 3), POS("ravie", 3), POS("ravis", 3), POS("adore", 3),
    POS("merveilleux", 3), POS("excellente", 3), POS("super", 2),
    POS("top", 1), POS("très bien", 2), POS("avec plaisir", 2),
    POS("content", 2), POS("contente", 2), POS("contents", 2),
    POS("satisfait*", 2), POS("bonne nouvelle", 2),
    POS("impressionnant", 2), POS("bravo", 2), POS("bonne idée", 2),
    POS("ça me plaît", 2), POS("ca me plait", 2), POS("utile", 1),
    POS("bien sûr", 1), POS("tout à fait", 1), POS("oui", 1),
    POS("d' accord", 1), POS("pas de problème", 1),
    POS("pas de souci", 1), POS("pas de soucis", 1),
    POS("aucun problème", 1), POS("aucun souci", 1),
    POS("sans problème", 1), POS("sans souci", 1),
    NEG("déçu", 3), NEG("déçue", 3), NEG("déçus", 3), NEG("décevant*", 3),
    NEG("inacceptable", 3), NEG("inadmissible", 3),
    NEG("scandaleux", 3), NEG("honteux", 3), NEG("catastrophique", 3),
    NEG("lamentable", 3), NEG("mécontent*", 3), NEG("insatisfait*", 3),
    NEG("furieux", 3), NEG("en colère", 3), NEG("marre", 3),
    NEG("arnaque", 3), NEG("perte de temps", 3), NEG("ridicule", 3),
    NEG("insupportable", 3), NEG("harcèlement", 3), NEG("nul", 2),
    NEG("nulle", 2), NEG("énervé*", 2), NEG("agacé*", 2),
    NEG("inutile", 2), NEG("mauvais*", 2), NEG("pénible", 2),
    NEG("désagréable", 2), NEG("frustrant", 2), NEG("frustré*", 2),
    NEG("malheureusement", 1),
    PAIN("problème*"), PAIN("souci"), PAIN("soucis"), BROKEN("bogue"),
    BROKEN("panne"), BROKEN("ne fonctionne pas"), BROKEN("ne fonctionne plus"),
    BROKEN("fonctionne pas"), BROKEN("ne marche pas"),
    BROKEN("ne marche plus"), BROKEN("marche pas"), BROKEN("erreur*"),
    BROKEN("plantage"), BROKEN("plante"), PAIN("toujours pas"),
    BROKEN("toujours en attente"), PAIN("aucune réponse"),
    PAIN("pas de réponse"), BROKEN("jamais reçu"),
    BROKEN("facturé deux fois"), PAIN("trop cher"), PAIN("trop chère"),
    PAIN("lent"), PAIN("lente"), PAIN("trop lent"), PAIN("retard*"),
    PAIN("difficile"), PAIN("compliqué"), PAIN("manque de"),
    BROKEN("inaccessible"), BROKEN("impossible de"), PAIN("courrier indésirable"),
    PAIN("spams"), PAIN("délivrabilité"), PAIN("taux d' ouverture"),
    COMPLAINT("réclamation"), COMPLAINT("plainte"),
    COMPLAINT("remboursement"), COMPLAINT("rembourser"),
    COMPLAINT("remboursez"), COMPLAINT("résilier"),
    COMPLAINT("résiliation"),
    /* French: interest */
    INT("ça m' intéresse", 2), INT("ça nous intéresse", 2),
    INT("cela m' intéresse", 2), INT("cela nous intéresse", 2),
    INT("m' intéresse", 2), INT("nous intéresse", 2),
    INT("en savoir plus", 2), INT("plus d' informations", 2),
    INT("plus d' infos", 2), INT("plus de détails", 2),
    INT("curieux", 2), INT("curieuse", 2), INT("ouvert à", 2),
    INT("ouverts à", 2), INT("échanger", 2), INT("discuter", 2),
    INT("parlons en", 2),
    BOTH("j' aimerais", LX_INTEREST, 2, LX_ACTION),
    BOTH("nous aimerions", LX_INTEREST, 2, LX_ACTION),
    BOTH("je souhaiterais", LX_INTEREST, 2, LX_ACTION),
    BOTH("nous souhaiterions", LX_INTEREST, 2, LX_ACTION), INT("volontiers", 2),
    INT("pourquoi pas", 2), INT("partant", 3), INT("partants", 3),
    INT("partante", 3), INT("allons y", 3), INT("on y va", 3),
    INT("exactement ce qu' il nous faut", 3),
    INT("exactement ce dont nous avons besoin", 3),
    INT("prêt à", 3), INT("prêts à", 3), INT("prête à", 3),
    INT("démarrer", 3), INT("quand pouvons nous commencer", 3), INT("avancer", 2), INT("vivement", 2),
    INT("on en parle", 2), INT("on peut en parler", 2),
    INT("quand vous voulez", 2), INT("nous cherchons", 2), INT("nous recherchons", 2),
    INT("on cherche", 2), INT("à la recherche d' un", 2),
    INT("à la recherche d' une", 2), POS("j' ai hâte", 2),
    POS("au plaisir", 1),
    MENTION("prix"), MENTION("tarif*"), MENTION("coût*"),
    MENTION("devis"), MENTION("démonstration"), MENTION("essai"),
    MENTION("offre"), MENTION("abonnement"), MENTION("fonctionnalités"),
    MENTION("intégration"), MENTION("combien"), MENTION("proposition"),
    MENTION("présentation"), MENTION("votre produit"),
    MENTION("votre solution"), MENTION("votre outil"),
    MENTION("votre plateforme"), MENTION("plaquette"),
    BUY("contrat"), BUY("signer"), BUY("acheter"), BUY("achat"),
    BUY("commande"), BUY("commander"), BUY("utilisateurs"),
    BUY("déploiement"), BUY("migrer"), BUY("changer de"),
    BUY("remplacer"), BUY("mise en place"), BUY("décision"),
    /* French: no */
    NOTINT("pas intéressé", 2), NOTINT("pas intéressée", 2),
    NOTINT("pas intéressés", 2), NOTINT("aucun intérêt", 2),
    NOTINT("pas d' intérêt", 2), NOTINT("ne m' intéresse pas", 2),
    NOTINT("ne nous intéresse pas", 2), NOTINT("pas pour nous", 2),
    NOTINT("pas pour moi", 2), NOTINT("pas besoin", 2),
    NOTINT("aucun besoin", 2), NOTINT("pas de besoin", 2),
    NOTINT("non merci", 2), NOTINT("non , merci", 2),
    NOTINT("sans façon", 2), NOTINT("pas concerné*", 2),
    NOTINT("ne correspond pas", 2), NOTINT("pas pertinent", 2),
    NOTINT("nous passons", 2), NOTINT("je passe mon tour", 2),
    NOTINT("décliner", 2), NOTINT("déclinons", 2),
    NOTINT("nous avons déjà", 1),
    BOTH("nous utilisons déjà", LX_NOTINT, 1, LX_USAGE),
    BOTH("on utilise déjà", LX_NOTINT, 1, LX_USAGE),
    BOTH("nous travaillons déjà avec", LX_NOTINT, 1, LX_USAGE), NOTINT("on a déjà", 1),
    NOTINT("déjà équipé*", 1), NOTINT("déjà un prestataire", 1),
    NOTINT("déjà une solution", 1), NOTINT("satisfaits de notre", 1),
    NOTINT("contents de notre", 1),
    NOTINT("pas d' actualité", 1), BOTH("pas de budget", LX_NOTINT, 1, LX_HEDGE),
    BOTH("pas le budget", LX_NOTINT, 1, LX_HEDGE),
    DNC("désinscri*"), DNC("désabonn*"), DNC("ne plus recevoir"),
    DNC("ne souhaite plus recevoir"), DNC("retirez moi"),
    DNC("retirez nous"), DNC("retirer _ de _ liste"),
    DNC("retirer _ de _ fichier*"), DNC("supprimez moi"),
    DNC("supprimez nous"), DNC("supprimer _ de _ liste"),
    DNC("supprimez mes"), DNC("supprimer mes"), DNC("effacez mes"),
    DNC("rayez moi"), BOTH("arrêtez de m' envoyer", LX_DNC, 2, LX_NEG),
    BOTH("arrêtez de nous envoyer", LX_DNC, 2, LX_NEG), BOTH("arrêtez de me contacter", LX_DNC, 2, LX_NEG),
    BOTH("arrêtez de nous contacter", LX_DNC, 2, LX_NEG), BOTH("arrêtez de m' écrire", LX_DNC, 2, LX_NEG),
    BOTH("arrêtez vos", LX_DNC, 2, LX_NEG), BOTH("cessez", LX_DNC, 2, LX_NEG), BOTH("ne me contactez plus", LX_DNC, 2, LX_NEG),
    BOTH("ne nous contactez plus", LX_DNC, 2, LX_NEG), DNC("ne plus me contacter"),
    DNC("ne plus nous contacter"), BOTH("ne m' écrivez plus", LX_DNC, 2, LX_NEG),
    DNC("ne plus m' écrire"), DNC("ne plus nous écrire"),
    DNC("plus de mails"), DNC("plus d' e mails"), DNC("plus d' emails"),
    DNC("laissez moi tranquille"), DNC("laissez nous tranquille*"),
    /* French: away, meetings, follow-ups */
    AWAY("absent", UA_AWAY), AWAY("absente", UA_AWAY),
    AWAY("absents", UA_AWAY), AWAY("absence", UA_AWAY),
    AWAY("en congé", UA_AWAY), AWAY("en congés", UA_AWAY),
    AWAY("en vacances", UA_AWAY), AWAY("hors du bureau", UA_AWAY),
    AWAY("pas au bureau", UA_AWAY), AWAY("de retour", UA_AWAY),
    AWAY("accès limité", UA_AWAY), AWAY("congé maternité", UA_LEAVE),
    AWAY("congé parental", UA_LEAVE), AWAY("arrêt maladie", UA_LEAVE),
    AWAY("en arrêt", UA_LEAVE), AWAY("malade", UA_LEAVE),
    AWAY("en réunion", UA_MEETING), AWAY("en rendez vous", UA_MEETING),
    AWAY("au téléphone", UA_MEETING), AWAY("au volant", UA_TRAVEL),
    AWAY("sur la route", UA_TRAVEL), AWAY("en voiture", UA_TRAVEL),
    AWAY("en déplacement", UA_TRAVEL), AWAY("en voyage", UA_TRAVEL),
    AWAY("en salon", UA_TRAVEL), AWAY("débordé*", UA_BUSY),
    AWAY("occupé", UA_BUSY), AWAY("occupée", UA_BUSY),
    AWAY("pas disponible", UA_BUSY), AWAY("indisponible", UA_BUSY),
    MEET("rendez vous confirmé"), MEET("rdv confirmé"),
    MEET("réunion confirmée"), MEET("rendez vous est confirmé"),
    MEET("confirme le rendez vous"), MEET("confirme notre rendez vous"),
    MEET("confirme la réunion"), MEET("confirme notre réunion"),
    MEET("confirme le rdv"), MEET("rendez vous pris"),
    MEET("rdv pris"), MEET("pris rendez vous"), MEET("réservé un créneau"),
    MEET("invitation acceptée"), MEET("accepté l' invitation"),
    MEET("au plaisir de vous voir"),
    MEETW("à lundi"), MEETW("à mardi"), MEETW("à mercredi"),
    MEETW("à jeudi"), MEETW("à vendredi"), MEETW("à demain"),
    MEETW("c' est noté"), MEETW("ça me va"),
    MEETW("ça nous va"), MEETW("me convient"), MEETW("nous convient"),
    MEETW("confirmé"), MEETW("on se voit"), MEETW("on se parle"),
    BOTH("rappelez moi", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("appelez moi", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("téléphonez moi", LX_FOLLOWUP, 1, LX_ACTION),
    FOLLOW("rappelez nous"), FOLLOW("me rappeler"),
    FOLLOW("nous rappeler"), FOLLOW("recontactez moi"),
    FOLLOW("recontactez nous"), FOLLOW("me recontacter"),
    FOLLOW("nous recontacter"), FOLLOW("recontacter"),
    FOLLOW("revenez vers moi"), FOLLOW("revenez vers nous"),
    FOLLOW("revenir vers moi"), FOLLOW("revenir vers nous"),
    FOLLOW("relancez moi"), FOLLOW("relancez nous"),
    FOLLOW("me relancer"), FOLLOW("nous relancer"),
    FOLLOW("contactez moi"), FOLLOW("contactez nous"),
    FOLLOW("me contacter"), FOLLOW("m' appeler"),
    FOLLOW("écrivez moi"), FOLLOW("reprenez contact"),
    FOLLOW("reprendre contact"), FOLLOW("refaire le point"),
    FOLLOW("faites moi signe"), FOLLOW("pas avant"),
    ACTION("envoyez moi"), ACTION("envoyez nous"), ACTION("m' envoyer"),
    ACTION("nous envoyer"), ACTION("pourriez vous"),
    ACTION("pouvez vous"), ACTION("faites moi parvenir"),
    ACTION("transmettre"), ACTION("transmettez"),
    BOTH("j' aurais besoin", LX_ACTION, 1, LX_PLAN), BOTH("nous aurions besoin", LX_ACTION, 1, LX_PLAN),
    BOTH("j' ai besoin", LX_ACTION, 1, LX_PLAN), BOTH("nous avons besoin", LX_ACTION, 1, LX_PLAN),
    ACTION("organiser"), ACTION("planifier"), ACTION("caler un"),
    ACTION("fixer un"), BOTH("combien coûte", LX_ACTION, 1, LX_MENTION), BOTH("quel est le prix", LX_ACTION, 1, LX_MENTION),
    BOTH("quels sont vos tarifs", LX_ACTION, 1, LX_MENTION), BOTH("un devis", LX_ACTION, 1, LX_MENTION),
    URGENT("urgence"), URGENT("dès que possible"), URGENT("au plus vite"),
    URGENT("au plus tôt"), URGENT("rapidement"), URGENT("immédiatement"),
    USAGE("nous utilisons"), USAGE("on utilise"),
    USAGE("nous travaillons avec"), USAGE("on travaille avec"),
    USAGE("nous passons par"), USAGE("on passe par"),
    USAGE("nous envoyons"), USAGE("on envoie"), USAGE("nous gérons"),
    USAGE("notre outil actuel"), USAGE("notre prestataire"),
    USAGE("notre solution actuelle"), USAGE("nos newsletters"),
    USAGE("notre newsletter"), USAGE("nos campagnes"),
    HEDGE("peut être"), HEDGE("pas maintenant"),
    HEDGE("pas pour le moment"), HEDGE("pas pour l' instant"),
    HEDGE("pas tout de suite"), HEDGE("plus tard"), HEDGE("pas encore"),
    HEDGE("à l' avenir"), HEDGE("éventuellement"),
    HEDGE("je ne sais pas"), HEDGE("pas sûr"), HEDGE("on verra"),
    HEDGE("réfléchir"), HEDGE("en interne"), HEDGE("pas prioritaire"),
    HEDGE("en attente"), BOTH("je reviens vers vous", LX_HEDGE, 1, LX_PLAN),
    BOTH("je reviendrai vers vous", LX_HEDGE, 1, LX_PLAN), BOTH("nous reviendrons vers vous", LX_HEDGE, 1, LX_PLAN),
    THANKS("merci"), THANKS("merci beaucoup"),
    LEFT("ne fait plus partie"), LEFT("a quitté"), LEFT("ne travaille plus"),
    LEFT("ne suis plus en charge"), LEFT("n' est plus en charge"),
    LEFT("ne m' occupe plus"), LEFT("ne s' occupe plus"),

    /* German: tone */
    POS("toll", 2), POS("prima", 2), POS("klasse", 2),
    POS("großartig", 3), POS("hervorragend", 3), POS("ausgezeichnet", 3),
    POS("perfekt", 3), POS("klingt gut", 2), POS("sehr gut", 2),
    POS("gut", 1), POS("gerne", 2), POS("gern", 2),
    POS("freue mich", 2), POS("freuen uns", 2), POS("begeistert", 3),
    POS("genial", 3), POS("zufrieden", 2), POS("wunderbar", 3),
    POS("fantastisch", 3), POS("überzeugt", 2), POS("gefällt", 2),
    POS("hilfreich", 1), POS("nützlich", 1), POS("natürlich", 1),
    POS("ja", 1), POS("kein problem", 1), POS("keine sorge", 1),
    POS("kein thema", 1), POS("sehr gerne", 3),
    NEG("enttäuscht", 3), NEG("enttäuschend", 3), NEG("unzufrieden", 3),
    NEG("inakzeptabel", 3), NEG("unverschämt", 3), NEG("frechheit", 3),
    NEG("katastrophe", 3), NEG("katastrophal", 3), NEG("verärgert", 3),
    NEG("wütend", 3), NEG("lächerlich", 3), NEG("unbrauchbar", 3),
    NEG("zeitverschwendung", 3), NEG("abzocke", 3), NEG("betrug", 3),
    NEG("mangelhaft", 3), NEG("furchtbar", 3), NEG("schrecklich", 3),
    NEG("belästigung", 3), NEG("es reicht", 3), NEG("schlecht", 2),
    NEG("schlimm", 2), NEG("ärgerlich", 2), NEG("sauer", 2),
    NEG("frustriert", 2), NEG("frustrierend", 2), NEG("nervig", 2),
    NEG("nervt", 2), NEG("leider", 1),
    BROKEN("fehler*"), BROKEN("funktioniert nicht"),
    BROKEN("funktioniert nicht mehr"), BROKEN("geht nicht"),
    BROKEN("klappt nicht"), BROKEN("kaputt"), BROKEN("defekt"),
    BROKEN("störung*"), BROKEN("ausfall"), BROKEN("ausfälle"),
    BROKEN("absturz"), BROKEN("stürzt ab"), PAIN("immer noch nicht"),
    PAIN("keine antwort"), PAIN("keine rückmeldung"),
    BROKEN("nie erhalten"), BROKEN("nicht erhalten"),
    BROKEN("doppelt abgebucht"), BROKEN("doppelt berechnet"),
    PAIN("zu teuer"), PAIN("teuer"), PAIN("langsam"),
    PAIN("zu langsam"), PAIN("verzögerung*"), PAIN("verspätung"),
    PAIN("schwierig"), PAIN("kompliziert"), BROKEN("nicht erreichbar"),
    PAIN("zustellbarkeit"), PAIN("öffnungsrate*"), PAIN("im spam"),
    COMPLAINT("beschwerde"), COMPLAINT("beschweren"),
    COMPLAINT("reklamation"), COMPLAINT("rückerstattung"),
    COMPLAINT("erstattung"), COMPLAINT("kündigen"),
    COMPLAINT("kündigung"), COMPLAINT("geld zurück"),
    /* German: interest */
    INT("mehr erfahren", 2), INT("mehr informationen", 2),
    INT("mehr infos", 2), INT("näheres", 2), INT("neugierig", 2),
    INT("offen für", 2), INT("austauschen", 2),
    BOTH("würde gerne", LX_INTEREST, 2, LX_ACTION),
    BOTH("würden gerne", LX_INTEREST, 2, LX_ACTION),
    BOTH("hätte gerne", LX_INTEREST, 2, LX_ACTION),
    BOTH("hätten gerne", LX_INTEREST, 2, LX_ACTION),
    BOTH("möchte gerne", LX_INTEREST, 2, LX_ACTION),
    BOTH("möchten gerne", LX_INTEREST, 2, LX_ACTION),
    INT("warum nicht", 2), INT("spannend", 2),
    INT("großes interesse", 3), INT("starkes interesse", 3),
    INT("auf jeden fall", 3), INT("unbedingt", 3), INT("legen wir los", 3),
    INT("loslegen", 3), INT("starten", 3), INT("genau das", 3), INT("genau was wir", 3),
    INT("wir suchen", 2), INT("auf der suche", 2),
    MENTION("preis*"), MENTION("kosten"), MENTION("angebot"),
    MENTION("testversion"), MENTION("testen"), MENTION("probieren"),
    MENTION("paket*"), MENTION("funktionen"), MENTION("schnittstelle*"),
    MENTION("ihr produkt"), MENTION("ihre lösung"), MENTION("ihr tool"),
    MENTION("ihre plattform"), MENTION("präsentation"),
    MENTION("unterlagen"), MENTION("wie viel"), MENTION("was kostet"),
    BUY("vertrag"), BUY("unterschreiben"), BUY("kaufen"), BUY("kauf"),
    BUY("bestellen"), BUY("bestellung"), BUY("auftrag"),
    BUY("lizenz*"), BUY("nutzer"), BUY("einführung"), BUY("umstieg"),
    BUY("umsteigen"), BUY("wechseln"), BUY("ersetzen"),
    BUY("freigabe"), BUY("entscheidung"),
    /* German: no */
    NOTINT("kein interesse", 2), NOTINT("keinerlei interesse", 2),
    NOTINT("nicht interessiert", 2), NOTINT("interessiert mich nicht", 2),
    NOTINT("interessiert uns nicht", 2), NOTINT("kein bedarf", 2),
    NOTINT("keinen bedarf", 2), NOTINT("nicht notwendig", 2),
    NOTINT("nicht nötig", 2), NOTINT("brauchen wir nicht", 2),
    NOTINT("brauche ich nicht", 2), NOTINT("brauchen _ nicht", 2),
    NOTINT("nein danke", 2), NOTINT("nein , danke", 2),
    NOTINT("passt nicht", 2), NOTINT("nicht relevant", 2),
    NOTINT("absage", 2), NOTINT("absagen", 2), NOTINT("verzichten", 2),
    NOTINT("haben bereits", 1),
    BOTH("wir nutzen bereits", LX_NOTINT, 1, LX_USAGE),
    BOTH("wir nutzen schon", LX_NOTINT, 1, LX_USAGE),
    BOTH("wir verwenden bereits", LX_NOTINT, 1, LX_USAGE),
    BOTH("wir arbeiten bereits mit", LX_NOTINT, 1, LX_USAGE), NOTINT("haben schon", 1),
    NOTINT("sind bereits", 1), NOTINT("bereits versorgt", 1),
    NOTINT("zufrieden mit unserem", 1), BOTH("kein budget", LX_NOTINT, 1, LX_HEDGE),
    NOTINT("mit unserem _ anbieter _ zufrieden", 1),
    NOTINT("mit unserer _ lösung _ zufrieden", 1),
    NOTINT("keine priorität", 1),
    DNC("abmelden"), DNC("abmeldung"), DNC("austragen"),
    DNC("tragen sie mich aus"), DNC("tragen sie uns aus"),
    DNC("entfernen sie mich"), DNC("entfernen sie uns"),
    DNC("entfernen sie meine"), DNC("löschen sie mich"),
    DNC("löschen sie meine"), DNC("keine weiteren e mails"),
    DNC("keine weiteren emails"), DNC("keine weiteren mails"),
    DNC("keine weiteren nachrichten"), DNC("keine e mails mehr"),
    DNC("keine emails mehr"), DNC("keine mails mehr"),
    DNC("keine nachrichten mehr"), DNC("keine werbung"),
    BOTH("nicht mehr kontaktieren", LX_DNC, 2, LX_NEG), DNC("nicht mehr anschreiben"),
    DNC("nicht mehr anrufen"), DNC("nicht mehr schreiben"),
    BOTH("kontaktieren sie mich nicht", LX_DNC, 2, LX_NEG), BOTH("kontaktieren sie uns nicht", LX_DNC, 2, LX_NEG),
    BOTH("schreiben sie mir nicht", LX_DNC, 2, LX_NEG), BOTH("hören sie auf", LX_DNC, 2, LX_NEG),
    BOTH("unterlassen sie", LX_DNC, 2, LX_NEG), DNC("widerspreche"), DNC("widerspruch"),
    BOTH("belästigen sie mich nicht", LX_DNC, 2, LX_NEG),
    /* German: away, meetings, follow-ups */
    AWAY("im urlaub", UA_AWAY), AWAY("in urlaub", UA_AWAY),
    AWAY("urlaub", UA_AWAY), AWAY("abwesend", UA_AWAY),
    AWAY("abwesenheit*", UA_AWAY), AWAY("nicht im büro", UA_AWAY),
    AWAY("außer haus", UA_AWAY), AWAY("ausser haus", UA_AWAY),
    AWAY("wieder im büro", UA_AWAY), AWAY("wieder erreichbar", UA_AWAY),
    AWAY("wieder da", UA_AWAY), AWAY("eingeschränkt erreichbar", UA_AWAY),
    AWAY("elternzeit", UA_LEAVE), AWAY("mutterschutz", UA_LEAVE),
    AWAY("krank", UA_LEAVE), AWAY("krankgeschrieben", UA_LEAVE),
    AWAY("in einer besprechung", UA_MEETING),
    AWAY("in einem meeting", UA_MEETING), AWAY("im meeting", UA_MEETING),
    AWAY("im termin", UA_MEETING), AWAY("am telefon", UA_MEETING),
    AWAY("am steuer", UA_TRAVEL), AWAY("im auto", UA_TRAVEL),
    AWAY("unterwegs", UA_TRAVEL), AWAY("auf reisen", UA_TRAVEL),
    AWAY("dienstreise", UA_TRAVEL), AWAY("geschäftsreise", UA_TRAVEL),
    AWAY("auf einer messe", UA_TRAVEL), AWAY("auf der messe", UA_TRAVEL),
    AWAY("beschäftigt", UA_BUSY), AWAY("keine zeit", UA_BUSY),
    AWAY("nicht verfügbar", UA_BUSY),
    MEET("termin bestätigt"), MEET("termin ist bestätigt"),
    MEET("bestätige den termin"), MEET("bestätige ihnen den termin"),
    MEET("bestätige unseren termin"), MEET("termin gebucht"),
    MEET("termin ist gebucht"), MEET("habe _ termin gebucht"),
    MEET("termin eingetragen"), MEET("termin ist eingetragen"),
    MEET("im kalender eingetragen"), MEET("einladung angenommen"),
    MEET("einladung akzeptiert"), MEET("freue mich auf unser gespräch"),
    MEET("freue mich auf das gespräch"),
    MEET("freue mich auf unser treffen"),
    MEET("freue mich auf den termin"), MEET("freuen uns auf den termin"),
    MEET("freuen uns auf das gespräch"),
    MEETW("bis montag"), MEETW("bis dienstag"), MEETW("bis mittwoch"),
    MEETW("bis donnerstag"), MEETW("bis freitag"), MEETW("bis morgen"),
    MEETW("wir sehen uns"), MEETW("wir hören uns"),
    MEETW("wir sprechen uns"), MEETW("passt mir"), MEETW("passt uns"),
    MEETW("passt gut"), MEETW("bestätigt"), MEETW("gebucht"),
    BOTH("rufen sie mich", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("ruf mich an", LX_FOLLOWUP, 1, LX_ACTION),
    BOTH("rufen sie uns", LX_FOLLOWUP, 1, LX_ACTION),
    FOLLOW("melden sie sich"), FOLLOW("melde dich"),
    FOLLOW("meldet euch"), FOLLOW("kontaktieren sie mich"),
    FOLLOW("kontaktieren sie uns"), FOLLOW("schreiben sie mir"),
    FOLLOW("auf mich zurück"), FOLLOW("auf uns zurück"),
    FOLLOW("zurückrufen"), FOLLOW("rückruf"),
    FOLLOW("erinnern sie mich"), FOLLOW("nochmal melden"),
    FOLLOW("noch einmal melden"), FOLLOW("wieder melden"),
    FOLLOW("wieder kontaktieren"), FOLLOW("erneut kontaktieren"),
    FOLLOW("nachfassen"), FOLLOW("nicht vor"),
    ACTION("schicken sie mir"), ACTION("schicken sie uns"),
    ACTION("senden sie mir"), ACTION("senden sie uns"),
    ACTION("schicken sie"), ACTION("senden sie"), ACTION("zusenden"),
    ACTION("zukommen lassen"), ACTION("können sie mir"),
    ACTION("könnten sie mir"), ACTION("können sie uns"),
    ACTION("könnten sie uns"), ACTION("können sie"),
    ACTION("könnten sie"), ACTION("bitte senden"),
    ACTION("bitte schicken"), BOTH("ich bräuchte", LX_ACTION, 1, LX_PLAN),
    BOTH("wir bräuchten", LX_ACTION, 1, LX_PLAN), BOTH("ich benötige", LX_ACTION, 1, LX_PLAN),
    BOTH("wir benötigen", LX_ACTION, 1, LX_PLAN), ACTION("vereinbaren"),
    ACTION("ausmachen"), ACTION("einen termin"), BOTH("ein angebot", LX_ACTION, 1, LX_MENTION),
    BOTH("wie viel kostet", LX_ACTION, 1, LX_MENTION),
    URGENT("dringend"), URGENT("sofort"), URGENT("umgehend"),
    URGENT("schnellstmöglich"), URGENT("so schnell wie möglich"),
    URGENT("eilig"), URGENT("zeitnah"), URGENT("noch heute"),
    USAGE("wir nutzen"), USAGE("wir benutzen"), USAGE("wir verwenden"),
    USAGE("wir arbeiten mit"), USAGE("wir setzen"),
    USAGE("wir versenden"), USAGE("wir senden"), USAGE("wir verschicken"),
    USAGE("nutzen wir"), USAGE("verwenden wir"), USAGE("versenden wir"),
    USAGE("verschicken wir"), USAGE("unser aktueller anbieter"),
    USAGE("unser newsletter"), USAGE("unsere newsletter"),
    USAGE("unsere kampagnen"),
    HEDGE("vielleicht"), HEDGE("eventuell"), HEDGE("evtl"),
    HEDGE("im moment nicht"), HEDGE("momentan nicht"),
    HEDGE("derzeit nicht"), HEDGE("aktuell nicht"),
    HEDGE("zurzeit nicht"), HEDGE("jetzt nicht"), HEDGE("noch nicht"),
    HEDGE("später"), HEDGE("in zukunft"), HEDGE("irgendwann"),
    HEDGE("nicht sicher"), HEDGE("mal sehen"), HEDGE("überlegen"),
    HEDGE("intern besprechen"), HEDGE("intern abstimmen"),
    BOTH("ich melde mich", LX_HEDGE, 1, LX_PLAN), BOTH("wir melden uns", LX_HEDGE, 1, LX_PLAN),
    BOTH("komme auf sie zurück", LX_HEDGE, 1, LX_PLAN), BOTH("kommen auf sie zurück", LX_HEDGE, 1, LX_PLAN),
    HEDGE("nicht der richtige zeitpunkt"),
    THANKS("danke"), THANKS("vielen dank"), THANKS("besten dank"),
    THANKS("herzlichen dank"), THANKS("dankeschön"),
    LEFT("nicht mehr im unternehmen"), LEFT("nicht mehr bei"),
    LEFT("nicht mehr tätig"), LEFT("unternehmen verlassen"),
    WORKS("funktioniert"), WORKS("funktionieren"), WORKS("klappt"),
    WORKS("läuft"), WORKS("laufen"), WORKS("fonctionne"),
    WORKS("fonctionnent"), WORKS("marche"), WORKS("marchent"),
    LEFT("firma verlassen"), LEFT("nicht mehr zuständig"),
};

/* clang-format on */

#define NTABLE (sizeof(table) / sizeof(table[0]))
#define NENTRIES (NTABLE + intents_count)
#define MAXPW 8
#define NBUCKETS 1024
#define GAP_MAX 3

struct pword {
	const char *s;
	unsigned short len;
	unsigned char prefix; /* "word*" */
	unsigned char gap;    /* "_" */
	unsigned char num;    /* "#" */
	char punct;           /* a lone punctuation character */
};

struct pattern {
	struct pword w[MAXPW];
	unsigned char nw;
	unsigned char cat, cat2;
	signed char weight;
};

static struct pattern *patterns;
static size_t npatterns;
/*
 * Patterns by the first two bytes of their first word. Not a GHashTable
 * on whole words: a prefix pattern ("interess*") must be found from every
 * word it begins, and the match loop, run for each word of each reply,
 * reads one flat array.
 */
static unsigned *bucket_idx;
static size_t bucket_start[NBUCKETS + 1];
static pthread_once_t lexicon_once = PTHREAD_ONCE_INIT;

static const char *const negators[] = {
    "not",    "no",       "never",    "don't",     "doesn't", "didn't",
    "isn't",  "aren't",   "wasn't",   "weren't",   "won't",   "can't",
    "cannot", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't",
    "hadn't", "doesnt",   "didnt",    "isnt",      "arent",   "wont",
    "cant",   "nor",      "neither",  "without",   "hardly",  "ne",
    "n'",     "pas",      "jamais",   "aucun",     "aucune",  "sans",
    "ni",     "non",      "nicht",    "kein",      "keine",   "keinen",
    "keinem", "keiner",   "keines",   "nie",       "niemals", "ohne",
    "weder",  NULL};
static const char *const post_negators[] = {
    "pas", "nicht", "jamais", "nie", "niemals", "keineswegs", NULL};
/* Words after which "not" does not negate what follows. */
static const char *const not_only[] = {"only",      "just", "nur",
				       "seulement", "que",  NULL};
/* Where the scope of a negation ends, besides clause boundaries. */
static const char *const scope_ends[] = {
    "and",     "or",  "because", "since", "et",   "ou",    "car", "parce",
    "puisque", "und", "oder",    "weil",  "denn", "sowie", NULL};
static const char *const intensifiers[] = {
    "very",      "really",   "so",         "extremely",   "highly",
    "super",     "truly",    "definitely", "absolutely",  "totally",
    "most",      "tres",     "vraiment",   "extremement", "absolument",
    "tellement", "vivement", "fort",       "sehr",        "wirklich",
    "total",     "absolut",  "besonders",  "ausserst",    "hochst",
    "echt",      "mega",     NULL};

static int
lexicon_in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (s[0] == (*list)[0] && strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static unsigned
lexicon_bucket_of(const char *s)
{
	unsigned char a = (unsigned char)s[0];
	unsigned char b = a ? (unsigned char)s[1] : 0;

	return (a * 31u + b) % NBUCKETS;
}

static void
lexicon_compile_one(const struct entry *e, struct pattern *p)
{
	char *folded = words_fold(e->phrase), *save = NULL, *tok;

	memset(p, 0, sizeof(*p));
	p->cat = e->cat;
	p->cat2 = e->cat2;
	p->weight = e->weight;
	for (tok = strtok_r(folded, " ", &save); tok && p->nw < MAXPW;
	     tok = strtok_r(NULL, " ", &save)) {
		struct pword *w = &p->w[p->nw++];
		size_t len = strlen(tok);

		if (strcmp(tok, "_") == 0) {
			w->gap = 1;
		} else if (strcmp(tok, "#") == 0) {
			w->num = 1;
		} else if (len == 1 && !((tok[0] >= 'a' && tok[0] <= 'z') ||
					 (tok[0] >= '0' && tok[0] <= '9'))) {
			w->punct = tok[0];
		} else if (len > 1 && tok[len - 1] == '*') {
			w->prefix = 1;
			len--;
		}
		w->s = xstrndup(tok, len);
		w->len = (unsigned short)len;
	}
	free(folded);
}

/* Prefix patterns begin with at least two letters: see bucket_of. */
static void
lexicon_compile(void)
{
	size_t *count = xcalloc(NBUCKETS, sizeof(size_t)), i;

	patterns = xcalloc(NENTRIES, sizeof(*patterns));
	npatterns = NENTRIES;
	for (i = 0; i < NENTRIES; i++) {
		lexicon_compile_one(i < NTABLE ? &table[i]
					       : &intents_table[i - NTABLE],
				    &patterns[i]);
		count[lexicon_bucket_of(patterns[i].w[0].s)]++;
	}
	bucket_start[0] = 0;
	for (i = 0; i < NBUCKETS; i++)
		bucket_start[i + 1] = bucket_start[i] + count[i];
	bucket_idx = xcalloc(NENTRIES, sizeof(unsigned));
	memset(count, 0, NBUCKETS * sizeof(size_t));
	for (i = 0; i < NENTRIES; i++) {
		unsigned b = lexicon_bucket_of(patterns[i].w[0].s);

		bucket_idx[bucket_start[b] + count[b]++] = (unsigned)i;
	}
	free(count);
}

static int
lexicon_word_matches(const struct pword *pw, const struct word *w)
{
	if (pw->num)
		return w->kind == W_NUM;
	if (pw->punct)
		return w->kind == W_PUNCT && w->punct == pw->punct;
	if (w->kind != W_WORD)
		return 0;
	if (pw->prefix)
		return w->len >= pw->len &&
		       memcmp(w->norm, pw->s, pw->len) == 0;
	return w->len == pw->len && memcmp(w->norm, pw->s, pw->len) == 0;
}

/* The end of p matched from word k at token i, or 0. */
static size_t
lexicon_match_at(const struct words *ws, const struct pattern *p, unsigned k,
		 size_t i, unsigned sent)
{
	if (k == p->nw)
		return i;
	if (p->w[k].gap) {
		for (unsigned skip = 0; skip <= GAP_MAX; skip++) {
			size_t end;

			if (skip > 0 && (i + skip - 1 >= ws->n ||
					 ws->w[i + skip - 1].sent != sent ||
					 ws->w[i + skip - 1].kind == W_PUNCT))
				break;
			end = lexicon_match_at(ws, p, k + 1, i + skip, sent);
			if (end)
				return end;
		}
		return 0;
	}
	if (i >= ws->n || ws->w[i].sent != sent ||
	    !lexicon_word_matches(&p->w[k], &ws->w[i]))
		return 0;
	return lexicon_match_at(ws, p, k + 1, i + 1, sent);
}

static int
lexicon_is_negator(const struct words *ws, size_t i)
{
	const struct word *w = &ws->w[i];

	if (w->kind != W_WORD || !lexicon_in_list(w->norm, negators))
		return 0;
	if (i + 1 < ws->n && ws->w[i + 1].kind == W_WORD &&
	    lexicon_in_list(ws->w[i + 1].norm, not_only))
		return 0;
	return 1;
}

/*
 * Is the phrase at [first, last) negated? used marks consumed words; wide
 * looks through the whole clause.
 */
static int
lexicon_negated(const struct words *ws, const unsigned char *used, size_t first,
		size_t last, int wide)
{
	unsigned clause = ws->w[first].clause;
	size_t i, seen, before = wide ? 12 : 3, after = wide ? 12 : 4;

	for (i = first, seen = 0; i > 0 && seen < before; seen++) {
		i--;
		if (ws->w[i].clause != clause || ws->w[i].kind == W_PUNCT ||
		    lexicon_in_list(ws->w[i].norm, scope_ends))
			break;
		if (!used[i] && lexicon_is_negator(ws, i))
			return 1;
	}
	for (i = last, seen = 0; i < ws->n && seen < after; i++, seen++) {
		if (ws->w[i].clause != clause || ws->w[i].kind == W_PUNCT ||
		    lexicon_in_list(ws->w[i].norm, scope_ends))
			break;
		if (ws->w[i].kind == W_WORD &&
		    lexicon_in_list(ws->w[i].norm, post_negators))
			return 1;
	}
	return 0;
}

static int
lexicon_intensified(const struct words *ws, size_t first)
{
	unsigned clause = ws->w[first].clause;

	for (size_t i = first, seen = 0; i > 0 && seen < 2; seen++) {
		i--;
		if (ws->w[i].clause != clause || ws->w[i].kind != W_WORD)
			break;
		if (lexicon_in_list(ws->w[i].norm, intensifiers))
			return 1;
	}
	return 0;
}

size_t
lexicon_scan(const struct words *ws, struct lex_hit *hits, size_t max)
{
	unsigned char *used;
	size_t i = 0, n = 0;

	pthread_once(&lexicon_once, lexicon_compile);
	if (ws->n == 0)
		return 0;
	used = xcalloc(ws->n, 1);
	while (i < ws->n) {
		const struct word *w = &ws->w[i];
		const struct pattern *best = NULL;
		size_t best_end = 0;

		if (w->kind == W_WORD || w->kind == W_PUNCT) {
			unsigned b = lexicon_bucket_of(w->norm);

			for (size_t j = bucket_start[b];
			     j < bucket_start[b + 1]; j++) {
				const struct pattern *p =
				    &patterns[bucket_idx[j]];
				size_t end =
				    lexicon_match_at(ws, p, 0, i, w->sent);

				if (end > best_end) {
					best = p;
					best_end = end;
				}
			}
		}
		if (best == NULL) {
			i++;
			continue;
		}
		for (size_t k = i; k < best_end; k++)
			used[k] = 1;
		if (n < max && best->cat != LX_NONE) {
			struct lex_hit *h = &hits[n++];

			h->cat = best->cat;
			h->cat2 = best->cat2;
			h->weight = best->weight;
			h->first = i;
			h->last = best_end;
			h->sent = w->sent;
			h->negated = (unsigned char)lexicon_negated(
			    ws, used, i, best_end, best->cat == LX_WORKS);
			h->intense = (unsigned char)lexicon_intensified(ws, i);
		}
		i = best_end;
	}
	free(used);
	return n;
}

int
lexicon_month(const char *s)
{
	static const struct {
		const char *name;
		int mon;
	} months[] = {
	    {"january", 1},   {"jan", 1},      {"janvier", 1},
	    {"janv", 1},      {"januar", 1},   {"janner", 1},
	    {"february", 2},  {"feb", 2},      {"febr", 2},
	    {"fevrier", 2},   {"fevr", 2},     {"fev", 2},
	    {"februar", 2},   {"march", 3},    {"mar", 3},
	    {"mars", 3},      {"marz", 3},     {"maerz", 3},
	    {"april", 4},     {"apr", 4},      {"avril", 4},
	    {"avr", 4},       {"may", 5},      {"mai", 5},
	    {"june", 6},      {"jun", 6},      {"juin", 6},
	    {"juni", 6},      {"july", 7},     {"jul", 7},
	    {"juillet", 7},   {"juil", 7},     {"juli", 7},
	    {"august", 8},    {"aug", 8},      {"aout", 8},
	    {"september", 9}, {"sep", 9},      {"sept", 9},
	    {"septembre", 9}, {"october", 10}, {"oct", 10},
	    {"octobre", 10},  {"oktober", 10}, {"okt", 10},
	    {"november", 11}, {"nov", 11},     {"novembre", 11},
	    {"december", 12}, {"dec", 12},     {"decembre", 12},
	    {"dezember", 12}, {"dez", 12},
	};

	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++)
		if (s[0] == months[i].name[0] && strcmp(s, months[i].name) == 0)
			return months[i].mon;
	return 0;
}

int
lexicon_weekday(const char *s)
{
	static const char *const names[][5] = {
	    {"sunday", "dimanche", "sonntag", NULL},
	    {"monday", "lundi", "montag", NULL},
	    {"tuesday", "tues", "mardi", "dienstag", NULL},
	    {"wednesday", "weds", "mercredi", "mittwoch", NULL},
	    {"thursday", "thurs", "jeudi", "donnerstag", NULL},
	    {"friday", "vendredi", "freitag", NULL},
	    {"saturday", "samedi", "samstag", "sonnabend", NULL},
	};

	for (int d = 0; d < 7; d++)
		for (int k = 0; names[d][k]; k++)
			if (s[0] == names[d][k][0] &&
			    strcmp(s, names[d][k]) == 0)
				return d;
	return -1;
}

int
lexicon_number(const char *s)
{
	static const struct {
		const char *name;
		int v;
	} nums[] = {
	    {"a", 1},       {"an", 1},        {"one", 1},     {"two", 2},
	    {"three", 3},   {"four", 4},      {"five", 5},    {"six", 6},
	    {"seven", 7},   {"eight", 8},     {"nine", 9},    {"ten", 10},
	    {"eleven", 11}, {"twelve", 12},   {"couple", 2},  {"few", 3},
	    {"un", 1},      {"une", 1},       {"deux", 2},    {"trois", 3},
	    {"quatre", 4},  {"cinq", 5},      {"sept", 7},    {"huit", 8},
	    {"neuf", 9},    {"dix", 10},      {"onze", 11},   {"douze", 12},
	    {"quinze", 15}, {"vingt", 20},    {"trente", 30}, {"quelques", 3},
	    {"ein", 1},     {"eine", 1},      {"einem", 1},   {"einer", 1},
	    {"einen", 1},   {"zwei", 2},      {"drei", 3},    {"vier", 4},
	    {"funf", 5},    {"fuenf", 5},     {"sechs", 6},   {"sieben", 7},
	    {"acht", 8},    {"neun", 9},      {"zehn", 10},   {"elf", 11},
	    {"zwolf", 12},  {"vierzehn", 14}, {"paar", 3},
	};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (s[0] == nums[i].name[0] && strcmp(s, nums[i].name) == 0)
			return nums[i].v;
	return -1;
}
