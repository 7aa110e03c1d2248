/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trimlex: the words mail clients write around a quoted original, in each
 * language, as tables: the keys of an Outlook header block, the
 * "-----Original Message-----" lines, "Sent from my iPhone", the verbs
 * and first words of an "On ... wrote:" line; and the recognisers of the
 * single lines made of them. trim.c decides where they count; this file
 * says which words they are, so that a new language is a few table rows.
 *
 * Contract: the line recognisers (trimlex_header_key() ...
 * trimlex_dash_name()) take a raw line as trim.c cut it; the word lookups
 * (trimlex_find_verbs(), trimlex_starts_on()) take text already lowered
 * by text_lower(), so that Latin-1 and Cyrillic capitals are folded. Each
 * costs a pass over its table and a few hundred bytes; none allocates.
 */
#include <string.h>

#include "extract_int.h"
#include "text.h"

#define TRIMLEX_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int
trimlex_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Is c a letter of a word (ASCII letter or digit, any UTF-8 byte)? */
static int
trimlex_wordc(unsigned char c)
{
	return trimlex_alpha(c) || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Outlook header keys, lower case, by language. */
static const struct {
	const char *name;
	unsigned char bit;
} trimlex_hkeys[] = {
    /* en, fr, de, es, it, nl, pt, ca, sv, no, pl */
    {"from", HK_FROM},
    {"de", HK_FROM},
    {"von", HK_FROM},
    {"van", HK_FROM},
    {"da", HK_FROM},
    {"från", HK_FROM},
    {"fra", HK_FROM},
    {"od", HK_FROM},
    {"expéditeur", HK_FROM},
    {"sent", HK_DATE},
    {"date", HK_DATE},
    {"envoyé", HK_DATE},
    {"envoyé le", HK_DATE},
    {"gesendet", HK_DATE},
    {"datum", HK_DATE},
    {"enviado", HK_DATE},
    {"enviada", HK_DATE},
    {"enviado el", HK_DATE},
    {"enviat", HK_DATE},
    {"enviat el", HK_DATE},
    {"fecha", HK_DATE},
    {"verzonden", HK_DATE},
    {"verstuurd", HK_DATE},
    {"inviato", HK_DATE},
    {"data", HK_DATE},
    {"skickat", HK_DATE},
    {"sendt", HK_DATE},
    {"wysłano", HK_DATE},
    {"wysłane", HK_DATE},
    {"to", HK_TO},
    {"à", HK_TO},
    {"a", HK_TO},
    {"an", HK_TO},
    {"para", HK_TO},
    {"per a", HK_TO},
    {"aan", HK_TO},
    {"till", HK_TO},
    {"til", HK_TO},
    {"do", HK_TO},
    {"destinataire", HK_TO},
    {"cc", HK_CC},
    {"kopie", HK_CC},
    {"copie à", HK_CC},
    {"copia", HK_CC},
    {"kopia", HK_CC},
    {"kopi", HK_CC},
    {"dw", HK_CC},
    {"a/c", HK_CC},
    {"subject", HK_SUBJECT},
    {"objet", HK_SUBJECT},
    {"betreff", HK_SUBJECT},
    {"asunto", HK_SUBJECT},
    {"onderwerp", HK_SUBJECT},
    {"oggetto", HK_SUBJECT},
    {"assunto", HK_SUBJECT},
    {"assumpte", HK_SUBJECT},
    {"tema", HK_SUBJECT},
    {"ämne", HK_SUBJECT},
    {"emne", HK_SUBJECT},
    {"temat", HK_SUBJECT},
    {"sujet", HK_SUBJECT},
    /* ru */
    {"от", HK_FROM},
    {"отправлено", HK_DATE},
    {"дата", HK_DATE},
    {"кому", HK_TO},
    {"копия", HK_CC},
    {"тема", HK_SUBJECT},
    /* zh */
    {"发件人", HK_FROM},
    {"寄件者", HK_FROM},
    {"发送时间", HK_DATE},
    {"日期", HK_DATE},
    {"收件人", HK_TO},
    {"抄送", HK_CC},
    {"主题", HK_SUBJECT},
    {"主旨", HK_SUBJECT},
    /* ja */
    {"差出人", HK_FROM},
    {"送信日時", HK_DATE},
    {"宛先", HK_TO},
    {"件名", HK_SUBJECT},
    /* ko */
    {"보낸 사람", HK_FROM},
    {"보낸 날짜", HK_DATE},
    {"받는 사람", HK_TO},
    {"참조", HK_CC},
    {"제목", HK_SUBJECT},
};

/* The HK_ bit of a lowered header key of n bytes, or 0. */
static unsigned char
trimlex_key_bit(const char *key, size_t n)
{
	size_t k;

	for (k = 0; k < TRIMLEX_COUNT(trimlex_hkeys); k++) {
		const char *h = trimlex_hkeys[k].name;

		if (strlen(h) == n && memcmp(h, key, n) == 0)
			return trimlex_hkeys[k].bit;
	}
	return 0;
}

/* What stands between the dashes of "-----Original Message-----". */
static const char *const trimlex_dashed[] = {
    "original message",
    "original-nachricht",
    "message d'origine",
    "message d’origine",
    "ursprüngliche nachricht",
    "ursprungliche nachricht",
    "mensaje original",
    "oorspronkelijk bericht",
    "origineel bericht",
    "messaggio originale",
    "mensagem original",
    "missatge original",
    "ursprungligt meddelande",
    "opprinnelig melding",
    "opprinnelig e-post",
    "wiadomość oryginalna",
    "oryginalna wiadomość",
    "исходное сообщение",
    "пересылаемое сообщение",
    "原始邮件",
    "原始郵件",
    "元のメッセージ",
    "원본 메시지",
    "forwarded message",
    "message transféré",
    "weitergeleitete nachricht",
    "mensaje reenviado",
    "doorgestuurd bericht",
    "messaggio inoltrato",
    "mensagem encaminhada",
    "missatge reenviat",
    "vidarebefordrat meddelande",
    "videresendt melding",
    "wiadomość przekazana",
    "转发邮件",
    "転送メッセージ",
    "전달된 메시지",
    "original email",
    "reply message",
};

/* A line of its own that introduces a forwarded message. */
static const char *const trimlex_forward_intro[] = {
    "begin forwarded message:",
    "début du message réexpédié :",
    "début du message transféré :",
    "anfang der weitergeleiteten nachricht:",
    "inicio del mensaje reenviado:",
    "begin doorgestuurd bericht:",
    "inizio messaggio inoltrato:",
    "início da mensagem reencaminhada:",
    "inici del missatge reenviat:",
    "start på videresendt melding:",
    "vidarebefordrat brev:",
    "początek przekazywanej wiadomości:",
    "начало переадресованного сообщения:",
    "转发的邮件：",
    "転送されたメッセージ:",
    "전달된 메시지:",
};

static int
trimlex_original(const char *low, int dashed)
{
	const char *const *list =
	    dashed ? trimlex_dashed : trimlex_forward_intro;
	size_t i, n = dashed ? TRIMLEX_COUNT(trimlex_dashed)
			     : TRIMLEX_COUNT(trimlex_forward_intro);

	for (i = 0; i < n; i++)
		if (strcmp(low, list[i]) == 0)
			return 1;
	return 0;
}

/* "Sent from my ..." before a device name, and "...から送信" after one. */
static const char *const trimlex_sent_prefixes[] = {
    "sent from my ",
    "sent from ",
    "sent with ",
    "sent via ",
    "sent using ",
    "get outlook for ",
    "envoyé de mon ",
    "envoyé depuis mon ",
    "envoyé à partir de ",
    "envoyé de ",
    "envoyé depuis ",
    "envoyé avec ",
    "von meinem ",
    "gesendet von ",
    "gesendet mit ",
    "enviado desde mi ",
    "enviado desde ",
    "enviado do meu ",
    "enviado de meu ",
    "enviado do ",
    "enviado com ",
    "enviat des del meu ",
    "enviat des de ",
    "verzonden vanaf mijn ",
    "verstuurd vanaf mijn ",
    "verzonden met ",
    "verstuurd met ",
    "inviato da ",
    "inviato dal mio ",
    "skickat från min ",
    "skickat från ",
    "sendt fra min ",
    "sendt fra ",
    "wysłane z ",
    "wysłano z ",
    "отправлено с ",
    "отправлено из ",
    "发自我的",
    "从我的",
    "發自我的",
};

static const char *const trimlex_sent_suffixes[] = {
    "から送信",
    "에서 보냄",
    "에서 보냈습니다",
};

static const char *
trimlex_sent_prefix(const char *low, size_t n, size_t *rest_len)
{
	size_t i, plen;

	for (i = 0; i < TRIMLEX_COUNT(trimlex_sent_prefixes); i++) {
		plen = strlen(trimlex_sent_prefixes[i]);
		if (n > plen &&
		    memcmp(low, trimlex_sent_prefixes[i], plen) == 0) {
			*rest_len = n - plen;
			return low + plen;
		}
	}
	for (i = 0; i < TRIMLEX_COUNT(trimlex_sent_suffixes); i++) {
		plen = strlen(trimlex_sent_suffixes[i]);
		if (n > plen && memcmp(low + n - plen, trimlex_sent_suffixes[i],
				       plen) == 0) {
			*rest_len = n - plen;
			return low;
		}
	}
	return NULL;
}

/*
 * "wrote" in each language. An infix verb (Chinese, Japanese, Korean) is
 * written against the words around it, so it needs no word boundary.
 */
static const struct {
	const char *word;
	int infix;
} trimlex_verbs[] = {
    {"wrote", 0},      {"writes", 0},   {"écrit", 0},    {"schrieb", 0},
    {"escribió", 0},   {"escribio", 0}, {"schreef", 0},  {"geschreven", 0},
    {"scritto", 0},    {"scrisse", 0},  {"escreveu", 0}, {"escribiu", 0},
    {"escriure", 0},   {"escrit", 0},   {"skrev", 0},    {"skriver", 0},
    {"kirjoitti", 0},  {"napisał", 0},  {"napisała", 0}, {"napisana przez", 0},
    {"napisal", 0},    {"pisze", 0},    {"написал", 0},  {"написала", 0},
    {"пишет", 0},      {"yazdı", 0},    {"a scris", 0},  {"napsal", 0},
    {"写道", 1},       {"寫道", 1},     {"撰写", 1},     {"のメール", 1},
    {"書きました", 1}, {"작성", 1},     {"쓴 글", 1},
};

/* After a verb: spaces, ':' and its full-width form, "----". */
static size_t
trimlex_after_verb(const char *low, size_t k, size_t n)
{
	while (k < n) {
		if (low[k] == ' ' || low[k] == ':' || low[k] == '-')
			k++;
		else if (k + 3 <= n && memcmp(low + k, "\xef\xbc\x9a", 3) == 0)
			k += 3;
		else
			break;
	}
	return k;
}

int
trimlex_find_verbs(const char *low, size_t n, int *at_end)
{
	size_t p, v, k, wl;
	int found = 0;

	*at_end = 0;
	for (p = 0; p < n; p++) {
		int boundary =
		    p == 0 || !trimlex_wordc((unsigned char)low[p - 1]);

		for (v = 0; v < TRIMLEX_COUNT(trimlex_verbs); v++) {
			const char *w = trimlex_verbs[v].word;

			if (low[p] != w[0] ||
			    (!boundary && !trimlex_verbs[v].infix))
				continue;
			wl = strlen(w);
			if (p + wl > n || memcmp(low + p, w, wl) != 0)
				continue;
			k = p + wl;
			if (!trimlex_verbs[v].infix && k < n &&
			    trimlex_wordc((unsigned char)low[k]))
				continue;
			found = 1;
			if (trimlex_after_verb(low, k, n) >= n)
				*at_end = 1;
		}
	}
	return found;
}

/* First words of an attribution: "On", "Le", "Am", "El", "Op", ... */
static const char *const trimlex_on_words[] = {
    "on",  "le", "am",  "el",  "op", "il", "em",
    "den", "på", "dne", "dňa", "w",  "в",  "在",
};

int
trimlex_starts_on(const char *low, size_t n)
{
	size_t i, w;

	for (w = 0; w < n && low[w] != ' ' && low[w] != ','; w++)
		;
	for (i = 0; i < TRIMLEX_COUNT(trimlex_on_words); i++)
		if (strlen(trimlex_on_words[i]) == w &&
		    memcmp(low, trimlex_on_words[i], w) == 0)
			return 1;
	return 0;
}

/* Length of a full-width colon (U+FF1A) at s, or 0. */
size_t
trimlex_fw_colon(const char *s, size_t len)
{
	return len >= 3 && memcmp(s, "\xef\xbc\x9a", 3) == 0 ? 3 : 0;
}

/* The header key a line starts with ("*From:* ...", "De :"), or 0. */
unsigned char
trimlex_header_key(const char *s, size_t len)
{
	char key[40];
	size_t i = 0, k, n;

	while (i < len) {
		if ((n = text_space_len(s + i, len - i)) > 0)
			i += n;
		else if (s[i] == '*' || s[i] == '_')
			i++;
		else
			break;
	}
	for (k = i; k < len && k - i < 32 && s[k] != ':' &&
		    trimlex_fw_colon(s + k, len - k) == 0;
	     k++)
		;
	if (k >= len || k == i ||
	    (s[k] != ':' && trimlex_fw_colon(s + k, len - k) == 0))
		return 0;
	n = k - i;
	while (n > 0 && (s[i + n - 1] == ' ' || s[i + n - 1] == '*' ||
			 s[i + n - 1] == '\t'))
		n--;
	if (n >= 2 && (unsigned char)s[i + n - 2] == 0xc2 &&
	    (unsigned char)s[i + n - 1] == 0xa0)
		n -= 2;
	if (n == 0)
		return 0;
	if (n > 24)
		return 0; /* longer than any key */
	n = text_lower(key, sizeof key, s + i, n);
	return trimlex_key_bit(key, n);
}

/* A rule: only underscores (1), or only dashes or '=' (2), at least 2. */
int
trimlex_rule_line(const char *s, size_t len)
{
	size_t i, count = 0;
	char c;

	text_trim(&s, &len);
	if (len < 2)
		return 0;
	c = s[0];
	if (c != '_' && c != '-' && c != '=')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == c)
			count++;
		else if (s[i] != ' ')
			return 0;
	}
	if (c == '_')
		return 1;
	return count >= 5 ? 2 : 0;
}

/* "-----Original Message-----" and its kin, or "Begin forwarded message:". */
int
trimlex_original_line(const char *s, size_t len)
{
	char low[96];
	size_t n, dashes = 0, a, b;

	text_trim(&s, &len);
	if (len < 15 || len >= sizeof low)
		return 0;
	n = text_lower(low, sizeof low, s, len);
	if (trimlex_original(low, 0))
		return 1;
	for (a = 0; a < n && (low[a] == '-' || low[a] == ' ' || low[a] == '*' ||
			      low[a] == '_');
	     a++)
		dashes += low[a] == '-';
	for (b = n; b > a && (low[b - 1] == '-' || low[b - 1] == ' ' ||
			      low[b - 1] == '*' || low[b - 1] == '_');
	     b--)
		dashes += low[b - 1] == '-';
	if (dashes < 2 || b <= a)
		return 0;
	low[b] = 0;
	return trimlex_original(low + a, 1);
}

/* "-- " (or "--") alone: the signature delimiter. */
int
trimlex_sig_delim(const char *s, size_t len)
{
	while (len > 0 && text_space_len(s + len - 1, 1) == 1)
		len--;
	return len == 2 && s[0] == '-' && s[1] == '-';
}

/*
 * "Sent from my iPhone" and the like: a known prefix (or suffix, as in
 * Japanese and Korean), and a short name
 * (at most 10 words, no comma: "Sent from my desk, is much easier" is a
 * sentence), optionally followed by "(link)" or "<link>".
 */
int
trimlex_sent_from_line(const char *s, size_t len)
{
	char low[128];
	size_t n, rest_len = 0, words = 0;
	const char *rest, *end;
	int inword = 0;

	text_trim(&s, &len);
	if (len < 10 || len > 120)
		return 0;
	n = text_lower(low, sizeof low, s, len);
	if ((rest = trimlex_sent_prefix(low, n, &rest_len)) == NULL)
		return 0;
	for (end = rest + rest_len; rest < end && *rest != '(' && *rest != '<';
	     rest++) {
		unsigned char c = (unsigned char)*rest;

		if (c == ' ') {
			inword = 0;
		} else if (trimlex_wordc(c) || strchr("-'&+./_", c)) {
			if (!inword)
				words++;
			inword = 1;
		} else {
			return 0;
		}
	}
	return words >= 1 && words <= 10;
}

/* "-John", "-- Jane Doe", "— J.": a sign-off name after a dash. */
int
trimlex_dash_name(const char *s, size_t len)
{
	size_t i = 0, words = 0;
	int inword = 0;

	text_trim(&s, &len);
	if (len >= 3 && (unsigned char)s[0] == 0xe2 &&
	    (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0x93)) {
		i = 3;
		if (i < len && s[i] == ' ')
			i++;
	} else if (len >= 2 && s[0] == '-' && s[1] == '-') {
		i = 2;
		if (i < len && s[i] == ' ')
			i++;
	} else if (len >= 1 && s[0] == '-') {
		i = 1;
	} else {
		return 0;
	}
	if (len - i > 40 || i >= len)
		return 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ') {
			if (!inword)
				return 0; /* two spaces, or a space first */
			inword = 0;
		} else if (!inword) {
			if (!((c >= 'A' && c <= 'Z') || c >= 0xc3))
				return 0;
			inword = 1;
			words++;
		} else if (!(trimlex_alpha(c) || c >= 0x80 || c == '.' ||
			     c == '\'' || c == '-')) {
			return 0;
		}
	}
	return words >= 1 && words <= 4;
}
