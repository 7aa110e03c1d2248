// SPDX-License-Identifier: BSD-2-Clause
// check.js: what each inbound-mail service's own client library makes of
// a post postreply made, for tests/integration/62_webhooks.sh. Prints the
// fields as the application would see them (JSON); exits 1 saying why
// when the library refuses the post.
//   node check.js postmark BODY
//   node check.js sendgrid BODY CONTENT_TYPE
//   node check.js mailgun BODY CONTENT_TYPE SIGNING_KEY
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

function die(why) {
  process.stderr.write(`check.js: ${why}\n`);
  process.exit(1);
}

// The postmark package declares its webhook payloads as TypeScript types
// only (InboundWebhook): nothing exists at run time to validate with. So
// the declarations it ships are read, and the post is checked against
// them: every field declared, each of its declared type, nothing missing.
function postmarkTypes() {
  const dir = path.join(path.dirname(require.resolve('postmark')), 'client', 'models');
  const files = ['webhooks/payload/InboundWebhook.d.ts', 'messages/InboundMessage.d.ts',
    'messages/OutboundMessage.d.ts', 'message/SupportingTypes.d.ts'];
  const types = {};
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const re = /export (?:declare )?(?:interface|class) (\w+)(?: extends (\w+))? \{([^}]*)\}/g;
    let m;
    while ((m = re.exec(text))) {
      const fields = {};
      for (const line of m[3].split('\n')) {
        const fm = /^\s*(\w+)(\??): ([^;]+);/.exec(line);
        if (fm) fields[fm[1]] = { optional: fm[2] === '?', type: fm[3].trim() };
      }
      types[m[1]] = { base: m[2], fields };
    }
  }
  return types;
}

function conforms(types, value, type, where) {
  const alts = type.split('|').map(s => s.trim());
  if (alts.length > 1) {
    const errs = alts.map(t => conforms(types, value, t, where)).filter(Boolean);
    return errs.length === alts.length ? errs[0] : null;
  }
  if (type === 'null') return value === null ? null : `${where}: not null`;
  if (type === 'string' || type === 'number' || type === 'boolean')
    return typeof value === type ? null : `${where}: ${JSON.stringify(value)} is not a ${type}`;
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return `${where}: not an array`;
    for (let i = 0; i < value.length; i++) {
      const e = conforms(types, value[i], type.slice(0, -2), `${where}[${i}]`);
      if (e) return e;
    }
    return null;
  }
  const t = types[type];
  if (!t) return `${where}: type ${type} not found in the postmark package`;
  if (typeof value !== 'object' || value === null) return `${where}: not an object`;
  let fields = {};
  for (let c = t; c; c = types[c.base]) fields = Object.assign({}, c.fields, fields);
  for (const [name, f] of Object.entries(fields)) {
    if (!(name in value)) {
      if (f.optional) continue;
      return `${where}.${name}: missing`;
    }
    const e = conforms(types, value[name], f.type, `${where}.${name}`);
    if (e) return e;
  }
  return null;
}

function postmark(body) {
  const msg = JSON.parse(body.toString('utf8'));
  const e = conforms(postmarkTypes(), msg, 'InboundWebhook', 'InboundWebhook');
  if (e) die(e);
  return msg;
}

// A multipart/form-data body through the WHATWG fetch parser node ships.
async function form(body, contentType) {
  const fd = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const fields = {}, files = [];
  for (const [k, v] of fd.entries()) {
    if (typeof v === 'string') fields[k] = v;
    else files.push({ fieldname: k, originalname: v.name, mimetype: v.type,
      buffer: Buffer.from(await v.arrayBuffer()) });
  }
  return { fields, files };
}

// As SendGrid's docs have an application do it: the form parsed by a
// multipart middleware (files on disk), then @sendgrid/inbound-mail-parser.
async function sendgrid(body, contentType) {
  const Parse = require('@sendgrid/inbound-mail-parser');
  const { fields, files } = await form(body, contentType);
  const dir = fs.mkdtempSync('/tmp/sendgrid-');
  const onDisk = files.map(f => {
    const p = path.join(dir, f.fieldname);
    fs.writeFileSync(p, f.buffer);
    return Object.assign({}, f, { path: p });
  });
  if (fields.email) fields.rawEmail = fields.email;
  const keys = ['headers', 'dkim', 'content-ids', 'to', 'cc', 'from', 'subject', 'text',
    'html', 'sender_ip', 'envelope', 'attachments', 'attachment-info', 'charsets', 'SPF',
    'email'];
  const parse = new Parse({ keys }, { body: fields, files: onDisk });
  const out = { fields: parse.keyValues(), raw: parse.hasRawEmail(), attachments: [] };
  // Of a raw post the library reads the attachments with mailparser 2,
  // which no longer runs on Node 20 (MessageSplitter sets the read-only
  // Readable.errored): only the fields are checked then.
  if (!out.raw)
    out.attachments = await new Promise(done => parse.attachments(done));
  out.attachments = out.attachments.map(a => ({ filename: a.filename, type: a.type, content: a.content }));
  fs.rmSync(dir, { recursive: true });
  return out;
}

// Mailgun: the signature verified as Mailgun documents it (HMAC-SHA256 of
// timestamp then token with the signing key, in hex, compared in constant
// time); mailgun.js has no helper for it.
async function mailgun(body, contentType, key) {
  const { fields, files } = await form(body, contentType);
  const want = crypto.createHmac('sha256', key).update(fields.timestamp + fields.token).digest('hex');
  if (!fields.signature || want.length !== fields.signature.length ||
      !crypto.timingSafeEqual(Buffer.from(want), Buffer.from(fields.signature)))
    die('mailgun signature does not verify');
  return { fields, files: files.map(f => ({ field: f.fieldname, filename: f.originalname,
    type: f.mimetype, content: f.buffer.toString('base64') })) };
}

(async () => {
  const [kind, file, contentType, key] = process.argv.slice(2);
  const body = fs.readFileSync(file);
  let out;
  if (kind === 'postmark') out = postmark(body);
  else if (kind === 'sendgrid') out = await sendgrid(body, contentType);
  else if (kind === 'mailgun') out = await mailgun(body, contentType, key);
  else die(`unknown kind ${kind}`);
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch(e => die(e.stack || e));
