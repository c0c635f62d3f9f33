// SPDX-License-Identifier: ISC
// The HTML report in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; playwright never downloads a browser).
//
// Two reports: the example organisation with its waivers, and a hostile
// directory (tests/data/dir/hostile.ldif.in) with hostile waivers and a
// baseline.  Each page is rendered from the JSON model that the test
// loads as well, so what the page says is checked against the model.
//
// Environment (set by `make browser`): RCAUDIT, MKLDIF, HTMLGEN, OUT (the
// screenshot directory, build/browser).
'use strict';

const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const TOP = path.resolve(__dirname, '..', '..');
const REL = path.join(TOP, 'build', 'release');
const RCAUDIT = process.env.RCAUDIT || path.join(REL, 'rcaudit');
const MKLDIF = process.env.MKLDIF || path.join(REL, 'mkldif');
const HTMLGEN = process.env.HTMLGEN || path.join(REL, 'htmlgen');
const OUT = process.env.OUT || path.join(TOP, 'build', 'browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
	'--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rca-browser.'));
const profiles = [];
const contexts = [];

function run(cmd, args, okCodes) {
	const r = spawnSync(cmd, args, {
		cwd: work, encoding: 'utf8',
		// Waivers expire: the tests run on a fixed date.
		env: Object.assign({}, process.env,
		    { RCAUDIT_TODAY: '2026-06-01' })
	});
	if (r.error)
		throw r.error;
	if (!(okCodes || [0]).includes(r.status))
		throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n` +
		    r.stderr);
	return r;
}

// Audit ldif (extra options in opts) into NAME.json, and render it into
// NAME.html with htmlgen; with `rcaudit audit --html` (when main has it)
// the page must be the same bytes.
function report(name, ldif, opts) {
	const json = path.join(work, name + '.json');
	const html = path.join(work, name + '.html');
	run(RCAUDIT, ['audit', '-f', ldif, ...opts, '--format', 'json',
		'-o', json], [0, 1, 4]);
	fs.writeFileSync(html, run(HTMLGEN, [json]).stdout);
	const direct = path.join(work, name + '.direct.html');
	const r = spawnSync(RCAUDIT, ['audit', '-q', '-f', ldif, ...opts,
		'--html', direct], { cwd: work, env: Object.assign({},
		process.env, { RCAUDIT_TODAY: '2026-06-01' }) });
	const viaMain = [0, 1, 4].includes(r.status) && fs.existsSync(direct);
	return {
		json, html, viaMain, direct,
		model: JSON.parse(fs.readFileSync(json, 'utf8')),
		url: 'file://' + html
	};
}

// A fresh browser with a new, empty profile directory.
async function open(javaScriptEnabled) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rca-chromium.'));
	profiles.push(dir);
	const ctx = await chromium.launchPersistentContext(dir, {
		executablePath: CHROMIUM, headless: true, args: ARGS,
		javaScriptEnabled, viewport: { width: 1280, height: 900 },
		offline: true
	});
	contexts.push(ctx);
	return ctx;
}

// Load url in a new page of ctx with hooks: alert/confirm/prompt and
// CSP violations recorded, dialogs, console messages, page errors and
// every request other than the page itself collected.
async function load(ctx, url) {
	const page = await ctx.newPage();
	const seen = { dialogs: [], console: [], errors: [], requests: [] };
	page.on('dialog', (d) => { seen.dialogs.push(d.message());
		d.dismiss().catch(() => {}); });
	page.on('console', (m) => seen.console.push(m.type() + ': ' +
	    m.text()));
	page.on('pageerror', (e) => seen.errors.push(String(e)));
	page.on('request', (r) => {
		if (r.url() !== url && !r.url().startsWith('data:'))
			seen.requests.push(r.url());
	});
	await page.addInitScript(() => {
		window.__alerts = [];
		window.__violations = [];
		for (const f of ['alert', 'confirm', 'prompt'])
			window[f] = (m) => { window.__alerts.push(String(m)); };
		document.addEventListener('securitypolicyviolation', (e) => {
			window.__violations.push(e.violatedDirective + ' ' +
			    e.blockedURI);
		});
	});
	await page.goto(url, { waitUntil: 'load' });
	return { page, seen };
}

// The findings table as the reader sees it: data-index and the cells'
// text of every visible row, in order.
function visibleRows(page) {
	return page.$$eval('#findings-table tbody tr', (trs) => trs
	    .filter((tr) => tr.offsetParent !== null)
	    .map((tr) => ({
		index: Number(tr.getAttribute('data-index')),
		cells: Array.from(tr.cells, (td) => td.textContent)
	    })));
}

// strcmp order, as the report ranks strings.
function byteCmp(a, b) {
	return Buffer.compare(Buffer.from(a || '', 'utf8'),
	    Buffer.from(b || '', 'utf8'));
}

function serverOf(model, f) {
	const c = model.connectors.find((x) => x.dn === f.dn);
	return c ? c.server : null;
}

let contoso, hostile, js, nojs;

before(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	const mk = (n) => {
		const out = path.join(work, n + '.ldif');
		fs.writeFileSync(out, run(MKLDIF, [path.join(TOP, 'tests',
		    'data', 'dir', n + '.ldif.in')]).stdout);
		return out;
	};
	contoso = report('contoso', path.join(TOP, 'examples',
	    'contoso.ldif'), ['--waivers', path.join(TOP, 'examples',
	    'waivers.xml')]);

	// Hostile: waivers with markup in every string, and a baseline in
	// which one connector is missing (its findings are "new") and one
	// that is gone now (its finding is "resolved").
	const ldif = mk('hostile');
	const src = fs.readFileSync(path.join(TOP, 'tests', 'data', 'dir',
	    'hostile.ldif.in'), 'utf8');
	const blocks = src.split('\n\n');
	const base = blocks.filter((b) => !b.includes('\ncn: Quote '))
	    .join('\n\n') + '\n\n' + blocks.find((b) => b.includes('cn:: '))
	    .replace(/^dn: CN=Newline,/m, 'dn: CN=Gone \\<i\\>relay\\</i\\>,')
	    .replace(/^(cn|name):: .*$/gm, '$1: Gone <i>relay</i>')
	    .replace(/^x-rcaudit-guid: .*$/m,
		'x-rcaudit-guid: 0bad00ff-0000-4000-8000-0000000000ff')
	    .replace(/^msExchSmtpReceiveRemoteIPRanges: .*$/m,
		'msExchSmtpReceiveRemoteIPRanges: 10.7.0.0/16') + '\n';
	fs.writeFileSync(path.join(work, 'base.ldif.in'), base);
	fs.writeFileSync(path.join(work, 'base.ldif'),
	    run(MKLDIF, [path.join(work, 'base.ldif.in')]).stdout);
	run(RCAUDIT, ['audit', '-f', 'base.ldif', '--format', 'json', '-o',
		'base.json'], [0, 1, 4]);
	fs.writeFileSync(path.join(work, 'hostile-waivers.xml'),
	    `<?xml version="1.0" encoding="UTF-8"?>
<waivers version="1">
  <waiver rule="RCA-003" expires="2030-01-31">
    <connector identity-glob="EX02\\Quote*"/>
    <justification>&lt;script&gt;window.__pwned='waiver'&lt;/script&gt; "accepted" &amp;amp; 'fine'</justification>
    <approver>"&gt;&lt;img src=x onerror="window.__pwned='approver'"&gt;</approver>
    <ticket>&lt;b&gt;CHG-1&lt;/b&gt;</ticket>
  </waiver>
  <waiver rule="RCA-001" expires="2026-01-31">
    <connector guid="0bad0001-0000-4000-8000-000000000001"/>
    <justification>Expired: &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</justification>
    <approver>Mallory</approver>
  </waiver>
</waivers>
`);
	hostile = report('hostile', ldif, ['--waivers', 'hostile-waivers.xml',
		'--baseline', 'base.json']);
	js = await open(true);
	nojs = await open(false);
});

after(async () => {
	for (const c of contexts)
		await c.close();
	for (const d of [...profiles, work])
		fs.rmSync(d, { recursive: true, force: true });
});

for (const which of ['contoso', 'hostile']) {
	describe(which, () => {
		const r = () => (which === 'contoso' ? contoso : hostile);

		test('the page loads, runs its script and nothing else', async () => {
			const { page, seen } = await load(js, r().url);
			// The script ran (its CSP hash matched): the filter bar shows.
			assert.equal(await page.isVisible('#filters'), true);
			assert.deepEqual(seen.requests, []);
			assert.deepEqual(seen.dialogs, []);
			assert.deepEqual(seen.errors, []);
			assert.deepEqual(await page.evaluate(() => window.__alerts), []);
			assert.deepEqual(await page.evaluate(() => window.__violations),
			    []);
			assert.equal(await page.evaluate(() => window.__pwned),
			    undefined);
			assert.deepEqual(seen.console.filter((m) =>
			    m.startsWith('error')), []);
			assert.equal(await page.locator('script').count(), 1);
			assert.equal(await page.locator('script[src], link, iframe, ' +
			    'object, embed, base, form').count(), 0);
			// Every image is the exposure picture, a data: URL.
			const srcs = await page.$$eval('img', (is) => is.map((i) =>
			    i.getAttribute('src').slice(0, 26)));
			for (const s of srcs)
				assert.equal(s, 'data:image/svg+xml;base64,');
			// ... and it decoded (the browser could render it).
			if (srcs.length > 0)
				assert.ok(await page.$eval('#exposure img', (i) =>
				    i.complete && i.naturalWidth > 0));
			// No element carries an event handler attribute.
			assert.equal(await page.evaluate(() => Array.from(
			    document.querySelectorAll('*')).filter((e) => Array.from(
			    e.attributes).some((a) => /^on/i.test(a.name))).length), 0);
			const csp = await page.getAttribute(
			    'meta[http-equiv="Content-Security-Policy"]', 'content');
			assert.match(csp, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]{43}='; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data:/);
			// The example's page is long (every connector's DACL): its
			// top, and one relaying connector; the hostile one whole.
			await page.setViewportSize({ width: 1280, height: 2200 });
			await page.screenshot({ path: path.join(OUT, which + '.png'),
			    fullPage: which !== 'contoso' });
			const relay = r().model.connectors.findIndex((c) =>
			    c.relay.anonymous_check &&
			    c.relay.anonymous_check.result === true);
			if (relay >= 0)
				await page.locator(`#c-${relay + 1}`).screenshot({
				    path: path.join(OUT, which + '-connector.png') });
			await page.close();
		});

		test('the summary counts match the JSON report', async () => {
			const m = r().model;
			const { page } = await load(js, r().url);
			for (const s of SEVERITIES) {
				const n = await page.textContent(
				    `#severity-counts [data-severity="${s}"] .n`);
				assert.equal(Number(n), m.summary.findings[s], s);
			}
			const stats = Object.fromEntries(await page.$$eval(
			    '#stats tr', (trs) => trs.map((tr) => [
			    tr.cells[0].textContent, tr.cells[1].textContent])));
			const servers = new Set(m.connectors.map((c) => c.server)
			    .filter((s) => s !== null));
			const relaying = m.connectors.filter((c) =>
			    c.relay.unauthenticated === true);
			assert.equal(Number(stats['Connectors audited']),
			    m.summary.connectors);
			assert.equal(Number(stats['Servers']), servers.size);
			assert.equal(Number(stats[
			    'Connectors that relay without authentication']),
			    relaying.length);
			assert.equal(Number(stats[
			    'Connectors that could not be evaluated']),
			    m.summary.unevaluated);
			assert.equal(Number(stats['Findings']), m.findings.length);
			assert.equal(Number(stats['Findings that fail the audit']),
			    m.summary.failing);
			assert.equal(Number(stats['Findings accepted by a waiver']),
			    m.summary.accepted);
			// One bar (and one table row) per relaying connector.
			assert.equal(await page.locator('#exposure-table tbody tr')
			    .count(), relaying.length);
			assert.equal(await page.locator('#findings-table tbody tr')
			    .count(), m.findings.length);
			assert.equal(await page.locator('div.finding').count(),
			    m.findings.length);
			assert.equal(await page.locator('div.connector').count(),
			    m.connectors.length);
			// The incomplete banner exactly when something was not evaluated.
			const unev = m.connectors.filter((c) => !c.evaluated);
			assert.equal(await page.isVisible('#incomplete'),
			    m.summary.unevaluated > 0);
			assert.equal(await page.locator('#incomplete li').count(),
			    unev.length);
			await page.close();
		});

		test('the findings table sorts by its headers', async () => {
			const m = r().model;
			const { page } = await load(js, r().url);
			const order = async () => (await visibleRows(page))
			    .map((x) => x.index);
			const expect = (key, dir) => m.findings.map((f, i) => i)
			    .sort((a, b) => {
				const d = key(m.findings[a], m.findings[b]) * dir;
				return d !== 0 ? d : a - b;
			    });
			const cases = [
				['Rule', (a, b) => byteCmp(a.rule, b.rule)],
				['Connector', (a, b) => byteCmp(a.identity, b.identity)],
				['Server', (a, b) => byteCmp(serverOf(m, a),
				    serverOf(m, b))],
				['Severity', (a, b) => SEVERITIES.indexOf(a.severity) -
				    SEVERITIES.indexOf(b.severity)]
			];
			for (const [head, cmp] of cases) {
				const th = page.locator('#findings-table thead th',
				    { hasText: head });
				await th.locator('button').click();
				assert.equal(await th.getAttribute('aria-sort'),
				    'ascending');
				assert.deepEqual(await order(), expect(cmp, 1), head);
				await th.locator('button').click();
				assert.equal(await th.getAttribute('aria-sort'),
				    'descending');
				assert.deepEqual(await order(), expect(cmp, -1), head);
			}
			// The rule column reads in order.
			const th = page.locator('#findings-table thead th',
			    { hasText: 'Rule' });
			await th.locator('button').click();
			const rules = (await visibleRows(page)).map((x) => x.cells[1]);
			assert.deepEqual(rules, [...rules].sort());
			await page.close();
		});

		test('the findings table filters by severity, server and rule',
		    async () => {
			const m = r().model;
			const { page } = await load(js, r().url);
			const shown = async () => (await visibleRows(page))
			    .map((x) => x.index).sort((a, b) => a - b);
			const want = (pred) => m.findings.map((f, i) => [f, i])
			    .filter(([f]) => pred(f)).map(([, i]) => i);
			for (const s of SEVERITIES) {
				await page.selectOption('#filter-severity', s);
				assert.deepEqual(await shown(),
				    want((f) => f.severity === s), s);
				assert.equal(await page.textContent('#filter-count'),
				    `${want((f) => f.severity === s).length} of ` +
				    `${m.findings.length} findings shown`);
			}
			await page.selectOption('#filter-severity', '');
			const servers = await page.$$eval('#filter-server option',
			    (os) => os.slice(1).map((o) => [o.value, o.textContent]));
			assert.ok(servers.length > 0);
			for (const [value, label] of servers) {
				await page.selectOption('#filter-server', value);
				assert.deepEqual(await shown(), want((f) =>
				    (serverOf(m, f) || '(no server)')
				    .replace(/\n/g, '[U+000A]') === label), label);
			}
			await page.selectOption('#filter-server', '');
			const rules = await page.$$eval('#filter-rule option',
			    (os) => os.slice(1).map((o) => o.textContent));
			assert.deepEqual(rules, [...new Set(m.findings.map((f) =>
			    f.rule))].sort());
			for (const rule of rules) {
				await page.selectOption('#filter-rule', { label: rule });
				assert.deepEqual(await shown(),
				    want((f) => f.rule === rule), rule);
			}
			// Two filters at once, then "Show all".
			await page.selectOption('#filter-severity', 'medium');
			await page.selectOption('#filter-rule', { label: rules[0] });
			assert.deepEqual(await shown(), want((f) =>
			    f.severity === 'medium' && f.rule === rules[0]));
			// On paper every row shows, and the filter bar does not.
			await page.emulateMedia({ media: 'print' });
			assert.equal((await visibleRows(page)).length,
			    m.findings.length);
			assert.equal(await page.isVisible('#filters'), false);
			await page.screenshot({ path: path.join(OUT, which +
			    '-print.png'), fullPage: false });
			await page.emulateMedia({ media: 'screen' });
			await page.click('#filter-reset');
			assert.equal((await shown()).length, m.findings.length);
			await page.close();
		});

		test('with JavaScript off the page is complete', async () => {
			const m = r().model;
			const { page } = await load(nojs, r().url);
			// The page's script did not run: no sort buttons, no filters.
			assert.equal(await page.locator('button.sort').count(), 0);
			assert.equal(await page.isVisible('#filters'), false);
			const rows = await visibleRows(page);
			assert.deepEqual(rows.map((x) => x.index),
			    m.findings.map((f, i) => i));
			for (let i = 0; i < m.findings.length; i++) {
				const card = page.locator(`#f-${i + 1}`);
				assert.equal(await card.isVisible(), true);
				const h = await card.locator('h3').textContent();
				assert.ok(h.includes(m.findings[i].rule), h);
			}
			for (let i = 0; i < m.connectors.length; i++)
				assert.equal(await page.isVisible(`#c-${i + 1}`), true);
			await page.screenshot({ path: path.join(OUT, which +
			    '-nojs.png'), fullPage: false });
			await page.close();
		});

		test('rcaudit --html writes the same page', (t) => {
			if (!r().viaMain) {
				t.skip('rcaudit audit --html is not available yet');
				return;
			}
			assert.ok(fs.readFileSync(r().direct).equals(
			    fs.readFileSync(r().html)));
		});
	});
}

describe('hostile strings', () => {
	test('reach the page as text, made visible where hidden', async () => {
		const m = hostile.model;
		const { page } = await load(js, hostile.url);
		assert.equal(await page.textContent('#org'),
		    'Evil <b>Org</b> & "Co"');
		assert.equal(await page.locator('b, i').count(), 0);
		const body = await page.textContent('body');
		for (const s of ['<script>alert(1)</script>',
			'Quote "double" \'single\' &amp; &lt;b&gt;',
			'<img src=x onerror="window.__pwned=\'img\';alert(3)">',
			'</pre></code><script>alert(5)</script>',
			'<svg onload=alert(4)>',
			'"><script>window.__pwned=\'fqdn\'</script>',
			'\'"><b>binding</b>',
			'<script>window.__pwned=\'waiver\'</script>',
			'<b>CHG-1</b>',
			'Gone <i>relay</i>',
			'ממסר סורק ترحيل',
			'Line one[U+000A]Line two [U+202E]evil[U+202C] Ümläut 中继 📧'])
			assert.ok(body.includes(s), s);
		// The RTL name sits in its own bidi isolate.
		assert.equal(await page.locator('[dir=auto]', {
		    hasText: 'ממסר סורק' }).first().evaluate((e) =>
		    getComputedStyle(e).unicodeBidi), 'isolate');
		// Nothing ran, on load or later.
		await page.waitForTimeout(200);
		assert.equal(await page.evaluate(() => window.__pwned), undefined);
		assert.deepEqual(await page.evaluate(() => window.__alerts), []);
		// The incomplete banner names the broken connector.
		const banner = await page.textContent('#incomplete');
		assert.match(banner, /1 connector\(s\) could not be evaluated/);
		assert.ok(banner.includes(m.connectors.find((c) =>
		    !c.evaluated).identity));
		// Waivers and baseline.
		assert.equal(await page.locator('#waivers-table tbody tr').count(),
		    m.waivers.length);
		const states = await page.$$eval('#waivers-table tbody tr',
		    (trs) => trs.map((tr) => tr.cells[2].textContent.trim()));
		assert.ok(states[0].startsWith('active'));
		assert.ok(states[1].startsWith('expired'), states.join(' / '));
		assert.equal(await page.locator('#resolved-table tbody tr').count(),
		    m.resolved.length);
		assert.ok(m.resolved.length > 0);
		const changed = m.findings.filter((f) => f.baseline === 'new' ||
		    f.baseline === 'changed');
		assert.ok(changed.length > 0);
		assert.equal(await page.locator('#changes-table tbody tr').count(),
		    changed.length);
		await page.close();
	});

	test('the CSP stops an injected inline handler and script',
	    async () => {
		const { page } = await load(js, hostile.url);
		await page.evaluate(() => {
			const d = document.createElement('div');
			d.innerHTML = '<img src="data:image/png;base64,AAAA" ' +
			    'onerror="window.__pwned=\'handler\'">';
			document.body.appendChild(d);
			const s = document.createElement('script');
			s.textContent = 'window.__pwned = "script"';
			document.body.appendChild(s);
			const i = document.createElement('img');
			i.src = 'https://example.invalid/x.png';
			document.body.appendChild(i);
		});
		await page.waitForTimeout(300);
		assert.equal(await page.evaluate(() => window.__pwned), undefined);
		const v = await page.evaluate(() => window.__violations);
		assert.ok(v.some((x) => x.startsWith('script-src')), v.join(', '));
		assert.ok(v.some((x) => x.startsWith('img-src')), v.join(', '));
		await page.close();
	});

	test('the relay-granting ACEs are highlighted', async () => {
		const m = contoso.model;
		const { page } = await load(js, contoso.url);
		for (let i = 0; i < m.connectors.length; i++) {
			const c = m.connectors[i];
			const idx = ['anonymous_check', 'externally_secured_check']
			    .map((k) => c.relay[k])
			    .filter((k) => k && k.result === true &&
				k.ace_index !== null)
			    .map((k) => String(k.ace_index));
			const got = await page.$$eval(`#c-${i + 1} table.dacl ` +
			    'tr.relay-grant', (trs) => trs.map((tr) =>
			    tr.cells[0].textContent));
			assert.deepEqual(got, [...new Set(idx)].sort((a, b) =>
			    a - b), c.identity);
			const sddl = await page.textContent(`#c-${i + 1} pre.sddl`)
			    .catch(() => null);
			if (c.security_descriptor.state === 'ok')
				assert.equal(sddl, c.security_descriptor.sddl);
		}
		await page.close();
	});
});
