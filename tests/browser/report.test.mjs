// Opens a pktscope HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core from report/package-lock.json) from file:// and checks it the way a reader
// would see it:
//   - no console error, no page error, no network request (anything but the file itself);
//   - every chart is an ECharts instance with series data and a canvas with drawn pixels;
//   - table row counts and totals equal an independent `pktscope summary --json` document;
//   - every alert of `pktscope detect --json` is on the alert timeline and in the list;
// and saves a full-page screenshot.
//
//   node report.test.mjs --report R.html --node-modules DIR [--summary S.json]
//        [--alerts A.ndjson] [--screenshot OUT.png] [--top-screenshot OUT.png]
//        [--top-height 1400] [--width 1280]
//
// Prints "render_ms N" (navigation to all charts rendered) and exits non-zero on failure.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  args[a.replace(/^--/, '')] = process.argv[++i];
}
if (!args.report || !args['node-modules']) {
  console.error('usage: report.test.mjs --report R.html --node-modules DIR [...]');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(args['node-modules']), 'noop.js'));
const { chromium } = require('playwright-core');

const failures = [];
function check(cond, what) {
  if (!cond) { failures.push(what); console.error('FAIL: ' + what); }
}

const reportUrl = pathToFileURL(path.resolve(args.report)).href;
const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pktscope-chromium-'));
const context = await chromium.launchPersistentContext(userDir, {
  executablePath: process.env.PKTSCOPE_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: Number(args.width || 1280), height: 900 },
  offline: true,
});
try {
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') { consoleErrors.push(m.text()); } });
  page.on('pageerror', (e) => consoleErrors.push('page error: ' + e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (u !== reportUrl && !u.startsWith('data:') && !u.startsWith('blob:')) { requests.push(u); }
  });

  const t0 = Date.now();
  await page.goto(reportUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__pktscope && window.__pktscope.rendered === true,
    null, { timeout: 60000 });
  const renderMs = Date.now() - t0;
  console.log('render_ms ' + renderMs);
  const perf = await page.evaluate(() => ({ sections: window.__pktscope.timings,
    domContentLoaded: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd) }));
  console.log('timings_ms ' + JSON.stringify(perf));

  const info = await page.evaluate(() => {
    const out = { charts: [], tables: {}, alerts: {}, errors: window.__pktscope.errors };
    for (const node of document.querySelectorAll('[data-chart]')) {
      const name = node.getAttribute('data-chart');
      const inst = window.echarts.getInstanceByDom(node);
      const c = { name, instance: !!inst, points: 0, pixels: 0, empty: node.classList.contains('empty') };
      if (inst) {
        for (const s of inst.getOption().series) { c.points += (s.data || []).length; }
        const canvas = node.querySelector('canvas');
        if (canvas) {
          const ctx = canvas.getContext('2d');
          const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          // Pixels that are neither transparent nor white: something was drawn.
          for (let i = 0; i < img.length; i += 4) {
            if (img[i + 3] !== 0 && (img[i] < 240 || img[i + 1] < 240 || img[i + 2] < 240)) { c.pixels++; }
          }
        }
      }
      out.charts.push(c);
    }
    for (const t of document.querySelectorAll('table[data-table]')) {
      const name = t.getAttribute('data-table');
      const heads = Array.from(t.querySelectorAll('thead th')).map((th) => th.textContent);
      const rows = Array.from(t.querySelectorAll('tbody tr')).map((tr) =>
        Array.from(tr.children).map((td) => td.getAttribute('data-value') ?? td.textContent));
      out.tables[name] = { heads, rows };
    }
    out.alerts.timeline = window.__pktscope.alertTimeline;
    out.alerts.list = Array.from(document.querySelectorAll('#alert-list [data-alert]')).map((e) =>
      e.querySelector('summary').textContent);
    out.alerts.data = JSON.parse(document.getElementById('pktscope-data').textContent).alerts.map(
      (a) => ({ kind: a.kind, src: a.src, dst: a.dst, start_ns: String(a.start_ns), flow_refs: a.flow_refs }));
    out.cards = Array.from(document.querySelectorAll('#overview-cards .card')).map((c) =>
      [c.querySelector('.k').textContent, c.querySelector('.v').textContent,
        c.querySelector('.s') ? c.querySelector('.s').textContent : '']);
    return out;
  });

  check(consoleErrors.length === 0, 'console errors: ' + consoleErrors.join(' | '));
  check(requests.length === 0, 'network requests: ' + requests.join(', '));
  check(info.errors.length === 0, 'report script errors: ' + info.errors.join(' | '));
  check(info.charts.length >= 9, 'expected at least 9 charts, found ' + info.charts.length);
  for (const c of info.charts) {
    check(!c.empty, `chart ${c.name} is empty`);
    check(c.instance, `chart ${c.name} has no ECharts instance`);
    check(c.points > 0, `chart ${c.name} has no series data`);
    check(c.pixels > 1000, `chart ${c.name} canvas is blank (${c.pixels} drawn pixels)`);
  }

  if (args.summary) {
    const s = JSON.parse(fs.readFileSync(args.summary, 'utf8'));
    const col = (t, name) => t.heads.indexOf(name);
    const sum = (t, name) => t.rows.reduce((acc, r) => acc + BigInt(r[col(t, name)]), 0n);
    const expectTable = (name, rows, keys) => {
      const t = info.tables[name];
      check(!!t, `table ${name} missing`);
      if (!t) { return; }
      check(t.rows.length === rows.length, `table ${name}: ${t.rows.length} rows, summary has ${rows.length}`);
      for (const [head, key] of keys) {
        const want = rows.reduce((acc, r) => acc + BigInt(r[key]), 0n);
        const got = sum(t, head);
        check(got === want, `table ${name}: column ${head} totals ${got}, summary ${want}`);
      }
    };
    expectTable('top_src', s.top.src, [['bytes', 'bytes'], ['packets', 'packets'], ['flows', 'flows']]);
    expectTable('top_dst', s.top.dst, [['bytes', 'bytes'], ['packets', 'packets'], ['flows', 'flows']]);
    expectTable('top_pairs', s.top.pairs, [['bytes', 'bytes'], ['packets', 'packets'], ['a → b', 'a_to_b_bytes']]);
    expectTable('top_ports', s.top.ports, [['bytes', 'bytes'], ['flows', 'flows'], ['packets', 'packets']]);
    expectTable('icmp', s.icmp, [['packets', 'packets'], ['bytes', 'bytes']]);
    const states = Object.entries(s.flows.tcp_states).filter(([, v]) => v > 0).map(([k, v]) => ({ state: k, flows: v }));
    expectTable('tcp_states', states, [['flows', 'flows']]);
    const classes = Object.values(s.classes).filter((v) => v.packets > 0);
    expectTable('classes', classes, [['packets', 'packets'], ['bytes', 'bytes']]);
    // The first rows of the sorted top tables name the same hosts, in the same order.
    const first = (name, c) => info.tables[name] ? info.tables[name].rows.map((r) => r[col(info.tables[name], c)]) : [];
    check(JSON.stringify(first('top_src', 'address')) === JSON.stringify(s.top.src.map((r) => r.address)),
      'top_src addresses differ from summary');
    const packetsCard = info.cards.find((c) => c[0] === 'Packets');
    check(packetsCard && packetsCard[1] === Number(s.capture.packets).toLocaleString('en-US'),
      `packets card ${packetsCard && packetsCard[1]} != summary ${s.capture.packets}`);
    // Packets the capture's own counters say were dropped are named under the count.
    const dropped = s.capture.dropped_while_capturing;
    const droppedText = dropped ? Number(dropped).toLocaleString('en-US') + ' dropped while capturing' : null;
    check(packetsCard && (droppedText ? packetsCard[2].includes(droppedText) : !packetsCard[2].includes('dropped')),
      `packets card says '${packetsCard && packetsCard[2]}', summary dropped ${dropped}`);
  }

  if (args.alerts) {
    const expected = fs.readFileSync(args.alerts, 'utf8').split('\n').filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    check(info.alerts.data.length === expected.length,
      `report has ${info.alerts.data.length} alerts, detect --json ${expected.length}`);
    check(info.alerts.list.length === expected.length, `alert list shows ${info.alerts.list.length} alerts`);
    check(info.alerts.timeline.length === expected.length, `alert timeline has ${info.alerts.timeline.length} bars`);
    const key = (a) => `${a.kind}|${a.src}|${a.dst}`;
    const onPage = new Set(info.alerts.data.map(key));
    for (const a of expected) { check(onPage.has(key(a)), `alert ${key(a)} missing from the report`); }
    for (let i = 0; i < info.alerts.data.length; i++) {
      check(info.alerts.timeline.includes(i), `alert #${i} not on the timeline`);
    }
    const linked = info.alerts.data.filter((a) => (a.src || a.dst) && a.flow_refs.length > 0).length;
    const withHosts = info.alerts.data.filter((a) => a.src || a.dst).length;
    check(linked === withHosts, `${withHosts - linked} alerts with hosts have no linked flow`);
  }

  if (args.screenshot) {
    await page.screenshot({ path: args.screenshot, fullPage: true });
  }
  if (args['top-screenshot']) { // the first screens only (overview and traffic), for docs
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: args['top-screenshot'], fullPage: true,
      clip: { x: 0, y: 0, width: Number(args.width || 1280), height: Number(args['top-height'] || 1400) } });
  }
} finally {
  await context.close();
  fs.rmSync(userDir, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('report browser checks passed');
