// zhen-align review page. The server owns the alignment and applies every
// edit through the library; this script renders it and sends edits as small
// JSON operations. Each edit's answer names the beads it replaced, and only
// those rows are rebuilt, so an edit costs the same on a book as on a page.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const rowsEl = $('rows');
  const CHUNK = 50;
  const statusEl = $('status');

  const S = {
    zh: [], en: [], beads: [], rows: [], version: 0, undo: 0, exported: 0,
    othersZh: new Map(), othersEn: new Map(), tailOthers: [],
    sel: -1, sent: null, queued: 0, name: '',
  };
  // Timings for the browser test and for anyone curious: first paint after
  // the data arrived (ms since navigation start), each edit's round trip
  // until the changed rows are painted.
  const timing = (window.__review = {
    firstPaintMs: null, lastEditMs: null, edits: [],
    selected: () => (S.sel >= 0 ? S.beads[S.sel].slice() : null),
    idle: () => S.queued === 0,
  });

  const escapeMap = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => escapeMap[c]);
  const afterPaint = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

  function status(msg, error) {
    statusEl.textContent = msg;
    statusEl.classList.toggle('error', !!error);
  }

  const isPair = (b) => b[1] > b[0] && b[3] > b[2];

  function classes(b) {
    const c = ['bead'];
    if (!isPair(b)) c.push('c-un');
    else {
      const x = b[4];
      c.push(x >= 0.95 ? 'c-hi' : x >= 0.8 ? 'c-ok' : x >= 0.5 ? 'c-mid' : 'c-low');
      if (x < 0.95) c.push('lt95');
      if (x < 0.8) c.push('lt80');
      if (x < 0.5) c.push('lt50');
    }
    if (b[5]) c.push('ed');
    return c.join(' ');
  }

  function shape(b) {
    const z = b[1] - b[0], e = b[3] - b[2];
    if (!z) return 'English only';
    if (!e) return 'Chinese only';
    return `${z}–${e}`;
  }

  // A piece of text set aside, labelled with what the block detector made
  // of it: junk, code or other (neither language).
  function otherHtml(o) {
    return `<span class="other k-${o.kind}"><span class="tag">${o.kind}</span>${esc(o.text)}</span>`;
  }

  function cellHtml(side, from, to) {
    const texts = side === 'zh' ? S.zh : S.en;
    const others = side === 'zh' ? S.othersZh : S.othersEn;
    let h = '';
    for (let i = from; i < to; i++) {
      const o = others.get(i);
      if (o) for (const t of o) h += otherHtml(t);
      h += `<span class="s" data-side="${side}" data-i="${i}" data-n="${i}">${esc(texts[i])}</span>`;
    }
    return h;
  }

  function rowHtml(b) {
    const conf = isPair(b) ? b[4].toFixed(2) : '—';
    const label = b[5] ? 'edited' : isPair(b) ? `conf ${conf}` : 'unaligned';
    return `<div class="${classes(b)}"><div class="meta"><b>${shape(b)}</b>${label}</div>` +
      `<div class="cell zh" lang="zh">${cellHtml('zh', b[0], b[1])}</div>` +
      `<div class="cell en" lang="en">${cellHtml('en', b[2], b[3])}</div></div>`;
  }

  function tailHtml() {
    if (!S.tailOthers.length) return '';
    const zh = S.tailOthers.filter((o) => o.side === 'zh').map(otherHtml).join('');
    const en = S.tailOthers.filter((o) => o.side === 'en').map(otherHtml).join('');
    return `<div class="tail"><div class="meta"><b>set aside</b>not aligned</div><div class="cell zh" lang="zh">${zh}</div><div class="cell en" lang="en">${en}</div></div>`;
  }

  function counts() {
    let pairs = 0, un = 0, ed = 0;
    for (const b of S.beads) {
      if (isPair(b)) pairs++; else un++;
      if (b[5]) ed++;
    }
    $('counts').textContent = `${S.beads.length} beads: ${pairs} pairs (${S.exported} exported), ` +
      `${un} unaligned, ${ed} edited · ${S.zh.length} Chinese, ${S.en.length} English sentences`;
    $('undo').disabled = S.undo === 0;
  }

  function renderAll(d) {
    S.zh = d.zh; S.en = d.en; S.beads = d.beads; S.version = d.version; S.undo = d.undo;
    S.exported = d.exported;
    S.name = d.name;
    S.othersZh = new Map(); S.othersEn = new Map(); S.tailOthers = [];
    for (const o of d.others) {
      const n = o.side === 'zh' ? S.zh.length : S.en.length;
      if (o.before >= n) { S.tailOthers.push(o); continue; }
      const m = o.side === 'zh' ? S.othersZh : S.othersEn;
      if (!m.has(o.before)) m.set(o.before, []);
      m.get(o.before).push(o);
    }
    $('doc-name').textContent = d.name;
    document.title = `${d.name} — zhen-align review`;
    // Rows go in chunks of CHUNK: the browser skips the layout and paint
    // of chunks off screen (content-visibility), and watches CHUNK times
    // fewer elements for visibility than one row at a time would need.
    const parts = [];
    for (let i = 0; i < S.beads.length; i += CHUNK) {
      parts.push('<div class="chunk">');
      for (let k = i; k < Math.min(i + CHUNK, S.beads.length); k++) parts.push(rowHtml(S.beads[k]));
      parts.push('</div>');
    }
    parts.push(tailHtml());
    rowsEl.innerHTML = parts.join('');
    S.rows = Array.from(rowsEl.querySelectorAll('.bead'));
    S.sel = -1; S.sent = null;
    counts();
    if (S.beads.length) select(0, false);
  }

  function select(i, scroll = true) {
    if (i < 0 || i >= S.rows.length) return;
    if (S.sel >= 0 && S.rows[S.sel]) S.rows[S.sel].classList.remove('sel');
    S.sel = i;
    const row = S.rows[i];
    row.classList.add('sel');
    if (S.sent && !inBead(S.sent, S.beads[i])) setSentence(null);
    if (scroll) row.scrollIntoView({ block: 'nearest' });
  }

  function inBead(sent, b) {
    return sent.side === 'zh' ? sent.i >= b[0] && sent.i < b[1] : sent.i >= b[2] && sent.i < b[3];
  }

  function setSentence(sent) {
    const old = rowsEl.querySelector('.s.ssel');
    if (old) old.classList.remove('ssel');
    S.sent = sent;
    if (sent && S.sel >= 0) {
      const el = S.rows[S.sel].querySelector(`.s[data-side="${sent.side}"][data-i="${sent.i}"]`);
      if (el) el.classList.add('ssel');
    }
  }

  function visible(i) {
    return S.rows[i] && S.rows[i].offsetParent !== null;
  }

  function moveRow(step) {
    let i = S.sel;
    do { i += step; } while (i >= 0 && i < S.rows.length && !visible(i));
    if (i >= 0 && i < S.rows.length) select(i);
  }

  function moveSentence(step) {
    if (S.sel < 0) return;
    const b = S.beads[S.sel];
    const list = [];
    for (let i = b[0]; i < b[1]; i++) list.push({ side: 'zh', i });
    for (let i = b[2]; i < b[3]; i++) list.push({ side: 'en', i });
    if (!list.length) return;
    let k = S.sent ? list.findIndex((s) => s.side === S.sent.side && s.i === S.sent.i) : -1;
    k = k < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, k + step));
    setSentence(list[k]);
  }

  function lowThreshold() {
    const f = $('filter').value;
    return f === 'lt95' ? 0.95 : f === 'lt80' ? 0.8 : 0.5;
  }

  function jumpLow(step) {
    const t = lowThreshold();
    for (let i = S.sel + step; i >= 0 && i < S.beads.length; i += step) {
      const b = S.beads[i];
      if (isPair(b) && b[4] < t && visible(i)) {
        select(i);
        S.rows[i].scrollIntoView({ block: 'center' });
        status(`bead ${i}: confidence ${b[4].toFixed(3)}`);
        return;
      }
    }
    status(`no ${step > 0 ? 'later' : 'earlier'} pair below ${t}`);
  }

  // Where to split the other side when the user splits before sentence k
  // of one side: at the boundary whose share of the other side's characters
  // is nearest the share of this side's characters before k.
  function splitPoint(b) {
    const s = S.sent;
    const chars = (texts, a, z) => { let n = 0; for (let i = a; i < z; i++) n += texts[i].length; return n; };
    const [mine, other, ms, me, os, oe] = s.side === 'zh'
      ? [S.zh, S.en, b[0], b[1], b[2], b[3]] : [S.en, S.zh, b[2], b[3], b[0], b[1]];
    const total = chars(mine, ms, me) || 1;
    const share = chars(mine, ms, s.i) / total;
    const otherTotal = chars(other, os, oe) || 1;
    let best = os, bestGap = Infinity, acc = 0;
    for (let k = os; k <= oe; k++) {
      const gap = Math.abs(acc / otherTotal - share);
      if (gap < bestGap - 1e-9) { best = k; bestGap = gap; }
      if (k < oe) acc += other[k].length;
    }
    return s.side === 'zh' ? { zh: s.i, en: best } : { zh: best, en: s.i };
  }

  function applyDelta(d) {
    S.version = d.version; S.undo = d.undo; S.exported = d.exported;
    const old = S.rows.slice(d.at, d.at + d.removed);
    const tpl = document.createElement('template');
    tpl.innerHTML = d.beads.map(rowHtml).join('');
    const fresh = Array.from(tpl.content.children);
    const anchor = old[0];
    for (const el of fresh) anchor.parentNode.insertBefore(el, anchor);
    for (const el of old) {
      const chunk = el.parentNode;
      el.remove();
      if (!chunk.firstChild) chunk.remove();
    }
    S.beads.splice(d.at, d.removed, ...d.beads);
    S.rows.splice(d.at, d.removed, ...fresh);
    S.sel = -1; S.sent = null;
    counts();
    select(Math.min(d.at, S.rows.length - 1));
  }

  async function send(url, body, label) {
    const t0 = performance.now();
    try {
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : '{}',
      });
      if (!r.ok) { status((await r.text()).trim(), true); return; }
      const d = await r.json();
      const t1 = performance.now();
      applyDelta(d);
      const t2 = performance.now();
      await afterPaint();
      const ms = performance.now() - t0;
      timing.lastEditMs = ms;
      timing.edits.push({ label, ms, net: t1 - t0, dom: t2 - t1 });
      status(`${label} (${ms.toFixed(0)} ms)`);
    } catch (e) {
      status(`${label} failed: ${e}`, true);
    }
  }

  // Edits run one at a time, in the order asked: a key pressed while the
  // previous edit is still on its way (or still being painted) waits its
  // turn instead of being lost, and it acts on the rows as that edit left
  // them. A held-down key cannot pile up more than MAX_QUEUED edits.
  const MAX_QUEUED = 16;
  let queue = Promise.resolve();
  function act(name) {
    if (S.queued >= MAX_QUEUED) return status('busy: wait for the edits in progress', true);
    S.queued++;
    queue = queue.then(() => run(name))
      .catch((e) => status(`${name} failed: ${e}`, true))
      .finally(() => { S.queued--; });
    return queue;
  }

  function run(name) {
    if (name === 'undo') return send('/api/undo', null, 'undone');
    if (name === 'next') return jumpLow(1);
    if (name === 'prev') return jumpLow(-1);
    if (S.sel < 0) return status('select a row first', true);
    const bead = S.sel, b = S.beads[bead];
    const v = S.version;
    switch (name) {
      case 'merge': return send('/api/edit', { op: 'merge', bead, version: v }, `merged beads ${bead} and ${bead + 1}`);
      case 'unlink': return send('/api/edit', { op: 'unlink', bead, version: v }, `unlinked bead ${bead}`);
      case 'link': return send('/api/edit', { op: 'link', bead, version: v }, `linked beads ${bead} and ${bead + 1}`);
      case 'split':
        if (!S.sent || !inBead(S.sent, b)) return status('click the sentence to split before (or pick it with ← →)', true);
        return send('/api/edit', { op: 'split', bead, ...splitPoint(b), version: v }, `split bead ${bead}`);
      default: return undefined;
    }
  }

  rowsEl.addEventListener('click', (ev) => {
    const row = ev.target.closest('.bead');
    if (!row) return;
    const i = S.rows.indexOf(row);
    if (i < 0) return;
    select(i, false);
    const s = ev.target.closest('.s');
    setSentence(s ? { side: s.dataset.side, i: Number(s.dataset.i) } : null);
  });

  document.querySelector('header').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-act]');
    if (b) act(b.dataset.act);
  });

  $('filter').addEventListener('change', () => {
    const f = $('filter').value;
    rowsEl.className = f ? `f-${f}` : '';
    if (S.sel >= 0 && !visible(S.sel)) { const keep = S.sel; S.sel = keep; moveRow(1); }
  });

  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (t && (t.closest('input, textarea, select, dialog') || t.isContentEditable)) return;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'z') { ev.preventDefault(); act('undo'); return; }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const keys = {
      ArrowDown: () => moveRow(1), j: () => moveRow(1), ArrowUp: () => moveRow(-1), k: () => moveRow(-1),
      ArrowRight: () => moveSentence(1), ArrowLeft: () => moveSentence(-1),
      m: () => act('merge'), s: () => act('split'), u: () => act('unlink'), l: () => act('link'),
      z: () => act('undo'), n: () => act('next'), N: () => act('prev'),
    };
    const f = keys[ev.key];
    if (f) { ev.preventDefault(); f(); }
  });

  // Loading another input: a mixed file, two files (sent one after the
  // other with the Chinese file's length), or pasted text.
  const dialog = $('load');
  $('open-load').addEventListener('click', () => { $('load-status').textContent = ''; dialog.showModal(); });
  $('cancel-load').addEventListener('click', () => dialog.close());
  $('do-load').addEventListener('click', async () => {
    const zh = $('f-zh').files[0], en = $('f-en').files[0], paste = $('paste').value;
    let body, q;
    if (zh && en) { body = new Blob([zh, en]); q = `name=${encodeURIComponent(`${zh.name} + ${en.name}`)}&zh_bytes=${zh.size}`; }
    else if (zh) { body = zh; q = `name=${encodeURIComponent(zh.name)}`; }
    else if (paste.trim()) { body = new Blob([paste]); q = 'name=pasted%20text'; }
    else { $('load-status').textContent = 'choose a file or paste a text'; return; }
    if (body.size > 50 * 1024 * 1024) { $('load-status').textContent = 'larger than the 50 MiB limit'; return; }
    $('load-status').textContent = 'aligning…';
    try {
      const r = await fetch(`/api/load?${q}`, { method: 'POST', body });
      if (!r.ok) { $('load-status').textContent = (await r.text()).trim(); return; }
      renderAll(await r.json());
      dialog.close();
      status(`loaded ${S.name}`);
    } catch (e) {
      $('load-status').textContent = `loading failed: ${e}`;
    }
  });

  async function init() {
    try {
      const r = await fetch('/api/alignment');
      if (!r.ok) throw new Error((await r.text()).trim());
      renderAll(await r.json());
      await afterPaint();
      timing.firstPaintMs = performance.now();
      document.body.dataset.ready = '1';
    } catch (e) {
      status(`cannot load the alignment: ${e.message || e}`, true);
    }
  }
  init();
})();
