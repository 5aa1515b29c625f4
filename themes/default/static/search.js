// Site search, in the browser, from this language's index (search-<lang>.<hash>.json, written
// by careleaf build). Words are compared lowercase, without accents and without simple plural
// endings, exactly as careleaf indexed them; the last word counts as a prefix while typing.
// Runs the search page (#search-q) and the header box (#site-q). Results are built with
// textContent, never as HTML.
(() => {
  'use strict';
  const page = document.getElementById('search-q');
  const header = document.getElementById('site-q');
  const input = page || header;
  if (!input) return;
  const indexUrl = (page ? page.form : header).dataset.index || header.dataset.index;

  const norm = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  // Results show the same words again and again: fold each once.
  const folded = new Map();
  const fold = (w) => {
    let f = folded.get(w);
    if (!f) folded.set(w, (f = { w: norm(w), s: stem(norm(w)) }));
    return f;
  };
  const WORD = /[\p{L}\p{N}]+/gu;
  let index = null;
  let keys = [];

  // The same plural rules as careleaf's search.rs.
  function stem(w) {
    const n = [...w].length;
    if (index.lang.startsWith('es')) {
      if (w.endsWith('es') && n > 4 && !'aeiou'.includes(w.at(-3))) return w.slice(0, -2);
      if (w.endsWith('s') && n > 3 && 'aeiou'.includes(w.at(-2))) return w.slice(0, -1);
      return w;
    }
    if (w.endsWith('ies') && n > 4) return w.slice(0, -3) + 'y';
    if (w.endsWith('sses') || /(xes|zes|ches|shes)$/.test(w)) return w.slice(0, -2);
    if (w.endsWith('s') && n > 3 && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  // Each query word: the index terms it matches (a prefix for the word being typed).
  function parse(query) {
    const words = (norm(query).match(WORD) || []).filter((w) => !index.stop.includes(w));
    const typing = !/\s$/.test(query);
    // A single letter being typed after other words says little and matches half the index.
    if (typing && words.length > 1 && [...words.at(-1)].length < 2) words.pop();
    return words.map((w, i) => {
      const s = stem(w);
      const prefix = typing && i === words.length - 1;
      const terms = prefix ? keys.filter((k) => k.startsWith(w) || k.startsWith(s)) : [s];
      return { word: w, stem: s, prefix, terms: new Set(terms) };
    });
  }

  function search(query) {
    const words = parse(query);
    const scores = new Map();
    words.forEach((q) => {
      const best = new Map();
      for (const t of q.terms) {
        for (const [map, weight] of [[index.title, 5], [index.head, 3], [index.body, 1]]) {
          for (const id of map[t] || []) best.set(id, Math.max(best.get(id) || 0, weight + (t === q.stem ? 1 : 0)));
        }
      }
      for (const [id, s] of best) {
        const r = scores.get(id) || { hits: 0, score: 0 };
        r.hits += 1;
        r.score += s;
        scores.set(id, r);
      }
    });
    // A question typed in full rarely has every word in one place: keep what matches at least
    // half of the words, most words first.
    const need = Math.max(1, Math.ceil(words.length / 2));
    const found = [...scores].filter(([, r]) => r.hits >= need);
    found.sort((a, b) => b[1].hits - a[1].hits || b[1].score - a[1].score || a[0] - b[0]);
    return { words, ids: found.map(([id]) => id) };
  }

  // The text with the words the query matched in <mark>.
  function marked(text, words) {
    const out = document.createDocumentFragment();
    let at = 0;
    for (const m of text.matchAll(WORD)) {
      const { w, s } = fold(m[0]);
      const hit = words.some((q) => s === q.stem || w === q.word || (q.prefix && (w.startsWith(q.word) || s.startsWith(q.stem))));
      if (!hit) continue;
      out.append(text.slice(at, m.index));
      const mark = document.createElement('mark');
      mark.textContent = m[0];
      out.append(mark);
      at = m.index + m[0].length;
    }
    out.append(text.slice(at));
    return out;
  }

  const say = (key, values = {}) => {
    let s = index.t[key] || key;
    for (const k in values) s = s.replace('{' + k + '}', values[k]);
    return s;
  };

  function resultItem(id, words) {
    const [kind, title, url, snippet] = index.docs[id];
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = url;
    a.append(marked(title, words));
    const tag = document.createElement('span');
    tag.className = 'search-kind';
    tag.textContent = say('kind_' + kind);
    const p = document.createElement('p');
    p.append(marked(snippet, words));
    li.append(a, ' ', tag, p);
    return li;
  }

  // The result list and its status line, for the page (all results) or the header (5).
  function show(list, status, query, limit) {
    const q = query.trim();
    // One letter matches nearly everything: wait for the next.
    if ([...q].length < 2) {
      list.replaceChildren();
      status.textContent = say('type');
      return [];
    }
    const { words, ids } = search(query);
    const n = ids.length;
    status.textContent = n === 0 ? say('none', { query: q }) : say(n === 1 ? 'one' : 'many', { n, query: q });
    list.replaceChildren(...ids.slice(0, limit).map((id) => resultItem(id, words)));
    return ids;
  }

  // Arrow keys move between the box and the result links; Escape goes back to the box.
  function keyboard(list, onEscape) {
    const links = () => [...list.querySelectorAll('a')];
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && links().length) {
        e.preventDefault();
        links()[0].focus();
      } else if (e.key === 'Escape' && onEscape) {
        onEscape();
      }
    });
    list.addEventListener('keydown', (e) => {
      const all = links();
      const i = all.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = i + (e.key === 'ArrowDown' ? 1 : -1);
        (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        input.focus();
        if (onEscape) onEscape();
      }
    });
  }

  function startPage() {
    const list = document.getElementById('search-results');
    const status = document.getElementById('search-status');
    // The address keeps the query (to share it, or come back to it), updated once typing
    // pauses: browsers throttle address changes made at every key.
    let pending = 0;
    const remember = () => {
      const url = new URL(location.href);
      if (input.value.trim()) url.searchParams.set('q', input.value.trim());
      else url.searchParams.delete('q');
      history.replaceState(null, '', url);
    };
    const run = () => {
      show(list, status, input.value, 20);
      clearTimeout(pending);
      pending = setTimeout(remember, 400);
    };
    page.form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
    input.addEventListener('input', run);
    keyboard(list);
    const q = new URLSearchParams(location.search).get('q');
    if (q) input.value = q;
    run();
    if (!q) input.focus();
  }

  function startHeader() {
    const form = header.form;
    const panel = document.createElement('div');
    panel.className = 'site-search-panel';
    panel.id = 'site-q-panel';
    panel.hidden = true;
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    const list = document.createElement('ol');
    list.className = 'search-results';
    const all = document.createElement('a');
    all.className = 'search-all';
    panel.append(status, list, all);
    form.append(panel);
    header.setAttribute('aria-controls', panel.id);
    header.setAttribute('aria-expanded', 'false');
    const close = () => { panel.hidden = true; header.setAttribute('aria-expanded', 'false'); };
    const run = () => {
      const q = header.value.trim();
      panel.hidden = !q;
      header.setAttribute('aria-expanded', String(!!q));
      const ids = show(list, status, header.value, 5);
      all.hidden = ids.length <= 5;
      all.textContent = say('all', { n: ids.length });
      all.href = form.action + '?q=' + encodeURIComponent(q);
    };
    header.addEventListener('input', run);
    keyboard(list, close);
    form.addEventListener('focusout', (e) => { if (!form.contains(e.relatedTarget)) close(); });
    if (header.value) run();
  }

  const status = document.getElementById('search-status');
  if (page && status) status.textContent = status.textContent || '';
  fetch(indexUrl)
    .then((r) => r.json())
    .then((data) => {
      index = data;
      keys = [...new Set([...Object.keys(data.title), ...Object.keys(data.head), ...Object.keys(data.body)])];
      if (page) startPage();
      else startHeader();
    })
    .catch(() => { if (status) status.textContent = ''; });
})();
