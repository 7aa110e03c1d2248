#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""dkim_check: sign test replies as a customer's domain would, and check
that the copy postreply forwarded still verifies (dkimpy, python3-dkim).

  dkim_check.py keygen DIR
      a 2048-bit RSA key: DIR/dkim.key (private), DIR/dkim.txt (the TXT
      record a verifier would find in DNS).
  dkim_check.py sign DIR VARIANT FROM TO MESSAGE-ID OUT
      writes to OUT a reply signed by FROM's domain (selector "test"),
      in the variant's canonicalisation and shape (see VARIANTS).
  dkim_check.py verify DIR FILE
      verifies the first DKIM-Signature of a message captured by
      smtp-sink, the key coming from DIR/dkim.txt instead of DNS; prints
      "pass" or "fail: why".
  dkim_check.py added SENT FILE
      prints the names of the headers the captured copy has beyond those
      sent, in order; fails if a sent header is missing, changed (even
      its folding) or moved, or if the body differs.

smtp-sink's own envelope lines (X-Client-*, X-*-Args) are not part of
the message as delivered and are dropped before any check.
"""
import subprocess
import sys

import dkim

SELECTOR = b"test"

# name: (canonicalisation, l=, headers signed or None for dkimpy's default)
VARIANTS = {
    "relaxed": ((b"relaxed", b"relaxed"), False, None),
    "simple": ((b"simple", b"simple"), False, None),
    "length": ((b"relaxed", b"relaxed"), True, None),
    # Over-signing: each name once more than it occurs, so that adding
    # one (a second From:, a Reply-To:) breaks the signature.
    "oversigned": ((b"relaxed", b"relaxed"), False,
                   [b"from", b"from", b"to", b"to", b"subject", b"subject",
                    b"date", b"message-id", b"reply-to", b"cc",
                    b"content-type", b"content-transfer-encoding",
                    b"mime-version"]),
    "8bit": ((b"simple", b"simple"), False, None),
    "qp": ((b"relaxed", b"simple"), False, None),
    "multipart": ((b"simple", b"relaxed"), False, None),
}

SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id",
                  b"mime-version", b"content-type",
                  b"content-transfer-encoding"]


def body_of(variant):
    """Headers of content and body, LF line ends, for each variant."""
    if variant == "8bit":
        return (b"MIME-Version: 1.0\n"
                b"Content-Type: text/plain; charset=utf-8\n"
                b"Content-Transfer-Encoding: 8bit\n",
                "Très intéressé, merci ! Öffnen wir Gespräche.\n"
                "\n-- \nCarl\n".encode())
    if variant == "qp":
        return (b"MIME-Version: 1.0\n"
                b"Content-Type: text/plain; charset=iso-8859-1\n"
                b"Content-Transfer-Encoding: quoted-printable\n",
                b"Tr=E8s int=E9ress=E9 par votre offre, un long paragraphe qui=\n"
                b" d=E9passe soixante-seize caract=E8res par ligne.\n"
                b"Trailing space=20\n")
    if variant == "multipart":
        return (b"MIME-Version: 1.0\n"
                b"Content-Type: multipart/alternative;\n"
                b"\tboundary=\"=_b0undary\"\n",
                b"This is a multi-part message in MIME format.\n"
                b"\n--=_b0undary\n"
                b"Content-Type: text/plain; charset=utf-8\n"
                b"Content-Transfer-Encoding: quoted-printable\n"
                b"\nYes, interested =E2=80=94 call me.\n"
                b"\n--=_b0undary\n"
                b"Content-Type: text/html; charset=utf-8\n"
                b"Content-Transfer-Encoding: base64\n"
                b"\nPHA+WWVzLCBpbnRlcmVzdGVkIOKAlCBjYWxsIG1lLjwvcD4K\n"
                b"\n--=_b0undary--\n")
    # Trailing white space, a line that SMTP dot-stuffs, empty lines at
    # the end: what simple body canonicalisation is strict about.
    return (b"MIME-Version: 1.0\n"
            b"Content-Type: text/plain; charset=us-ascii\n",
            b"Yes,  we are\tinterested.  \n"
            b".a line that starts with a dot\n"
            b"\n\n")


def keygen(d):
    subprocess.run(["openssl", "genrsa", "-out", d + "/dkim.key", "2048"],
                   check=True, stderr=subprocess.DEVNULL)
    der = subprocess.run(["openssl", "rsa", "-in", d + "/dkim.key",
                          "-pubout", "-outform", "DER"], check=True,
                         capture_output=True).stdout
    import base64
    with open(d + "/dkim.txt", "wb") as f:
        f.write(b"v=DKIM1; k=rsa; p=" + base64.b64encode(der))


def sign(d, variant, sender, rcpt, mid, out):
    canon, length, heads = VARIANTS[variant]
    content, body = body_of(variant)
    # A folded Subject and To: folding is part of what simple header
    # canonicalisation signs.
    head = (b"From: Carl Customer <" + sender.encode() + b">\n"
            b"To: Sales <" + rcpt.encode() + b">\n"
            b"Subject: Re: Our offer, and the questions we had\n"
            b"\tabout the " + variant.encode() + b" variant\n"
            b"Date: Sun, 06 Dec 2026 03:00:00 +0000\n"
            b"Message-ID: <" + mid.encode() + b">\n" + content)
    msg = (head + b"\n" + body).replace(b"\n", b"\r\n")
    key = open(d + "/dkim.key", "rb").read()
    domain = sender.split("@")[1].encode()
    sig = dkim.sign(msg, SELECTOR, domain, key, canonicalize=canon,
                    include_headers=heads or SIGNED_HEADERS, length=length)
    with open(out, "wb") as f:
        f.write(sig + msg)


def delivered(path):
    """The captured message without smtp-sink's envelope lines, CRLF."""
    lines = open(path, "rb").read().replace(b"\r\n", b"\n").split(b"\n")
    while lines and (lines[0].startswith(b"X-Client-") or
                     (lines[0].startswith(b"X-") and b"-Args:" in lines[0])):
        lines.pop(0)
    return b"\r\n".join(lines)


def verify(d, path):
    txt = open(d + "/dkim.txt", "rb").read()

    def dnsfunc(name, timeout=5):
        return txt if name.startswith(SELECTOR + b"._domainkey.") else None

    msg = delivered(path)
    # smtp-sink writes one empty line more than the message had.
    if msg.endswith(b"\r\n\r\n"):
        msg = msg[:-2]
    try:
        ok = dkim.verify(msg, dnsfunc=dnsfunc)
    except dkim.DKIMException as e:
        print("fail: %s" % e)
        return
    print("pass" if ok else "fail: signature does not verify")


def blocks(msg):
    """(header blocks as bytes, body) of a CRLF message."""
    head, _, body = msg.partition(b"\r\n\r\n")
    out = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and out:
            out[-1] += b"\r\n" + line
        else:
            out.append(line)
    return out, body


def added(sent, path):
    want, want_body = blocks(open(sent, "rb").read().replace(b"\r\n", b"\n")
                             .replace(b"\n", b"\r\n"))
    got, got_body = blocks(delivered(path))
    extra, i = [], 0
    for b in got:
        if i < len(want) and b == want[i]:
            i += 1
        else:
            extra.append(b.split(b":", 1)[0].decode())
    if i < len(want):
        sys.exit("sent header missing, changed or moved: %r" % want[i])
    if got_body.rstrip(b"\r\n") != want_body.rstrip(b"\r\n"):
        sys.exit("the body differs")
    print(" ".join(extra))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "keygen":
        keygen(*args)
    elif cmd == "sign":
        sign(*args)
    elif cmd == "verify":
        verify(*args)
    elif cmd == "added":
        added(*args)
    else:
        sys.exit("usage: dkim_check.py keygen|sign|verify|added ...")


if __name__ == "__main__":
    main()
