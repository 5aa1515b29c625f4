// Treatment timeline: turns the list of phases into tabs linked to the chart, and runs the
// example calendar (#plan-form). Without this script the page still lists every phase, and
// the form, which cannot work without it, stays hidden.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  // Builds an element: el('td', {class: 'x'}, 'text', child, …).
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    node.append(...children);
    return node;
  };

  // The words of the page's language, from data-t-* attributes of #plan-form (the theme's
  // i18n strings); {name} is filled in.
  const words = document.getElementById('plan-form');
  const say = (key, values = {}) => {
    let s = (words && words.dataset['t' + key[0].toUpperCase() + key.slice(1)]) || key;
    for (const k in values) s = s.replace('{' + k + '}', values[k]);
    return s;
  };

  // ---- Phases as tabs (WAI-ARIA tabs pattern, automatic activation) ----
  // ARIA in HTML does not allow role="tabpanel" on an <li>, so the <ol> and its items become
  // <div>s first, keeping their ids, classes and content.
  const retag = (from, tag) => {
    const to = el(tag, {});
    for (const a of from.attributes) to.setAttribute(a.name, a.value);
    to.append(...from.childNodes);
    from.replaceWith(to);
    return to;
  };
  const list = document.querySelector('.tl-phases');
  const items = list ? list.querySelectorAll(':scope > .tl-phase-item') : [];
  if (items.length > 1) {
    const panels = [...items].map((li) => retag(li, 'div'));
    const chart = document.querySelector('.tl-chart');
    const phases = chart ? [...chart.querySelectorAll('.tl-phase')] : [];
    const bar = el('div', { class: 'tl-tabs', id: 'timeline-tabs', role: 'tablist', 'aria-label': say('phases') });
    const tabs = panels.map((panel) => {
      const id = panel.id.replace(/^phase-/, '');
      const text = (cls) => (panel.querySelector(cls) || {}).textContent || '';
      // The phase's title, then its time range on a second line ("Weeks 1–3").
      const tab = el('button', { type: 'button', class: 'button button-secondary', id: 'tab-' + id, 'data-phase': id, role: 'tab', 'aria-controls': panel.id },
        text('.tl-phase-title') || id, ' ', el('span', {}, text('.tl-phase-range')));
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.tabIndex = 0; // lets keyboard users reach a panel that has no link in it
      bar.append(tab);
      return tab;
    });
    retag(list, 'div').before(bar);

    const indexOf = (id) => tabs.findIndex((t) => t.dataset.phase === id);
    // how: 'key' moves focus too; 'click'/'key'/'link' put #phase-ID in the address;
    // 'hash'/'link' scroll the tabs into view (smoothly only when the CSS allows it, i.e.
    // not under prefers-reduced-motion).
    function select(i, how) {
      tabs.forEach((tab, j) => {
        tab.setAttribute('aria-selected', String(i === j));
        tab.tabIndex = i === j ? 0 : -1;
        panels[j].hidden = i !== j;
      });
      const id = tabs[i].dataset.phase;
      phases.forEach((g) => {
        g.classList.toggle('is-active', g.dataset.phase === id);
        g.classList.toggle('is-dimmed', g.dataset.phase !== id);
      });
      if (how === 'key') tabs[i].focus();
      // replaceState: a shareable address without a history entry per click.
      if (how && how !== 'hash') history.replaceState(null, '', '#phase-' + id);
      if (how === 'hash' || how === 'link') bar.scrollIntoView();
    }

    bar.addEventListener('click', (e) => {
      const i = tabs.indexOf(e.target.closest('[role="tab"]'));
      if (i >= 0) select(i, 'click');
    });
    bar.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(document.activeElement);
      const n = tabs.length;
      const next = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
      if (i < 0 || next === undefined) return;
      e.preventDefault();
      select(next, 'key');
    });
    // Clicking a phase in the chart is a mouse shortcut; keyboard users have the tabs.
    phases.forEach((g) => g.addEventListener('click', () => {
      const i = indexOf(g.dataset.phase);
      if (i >= 0) select(i, 'click');
    }));
    const fromHash = () => {
      const i = location.hash.startsWith('#phase-') ? indexOf(location.hash.slice(7)) : -1;
      if (i >= 0) select(i, 'hash');
      return i >= 0;
    };
    window.addEventListener('hashchange', fromHash);
    // A link to the phase already in the address fires no hashchange.
    document.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a[href^="#phase-"]');
      const i = a ? indexOf(a.getAttribute('href').slice(7)) : -1;
      if (i >= 0) { e.preventDefault(); select(i, 'link'); }
    });
    if (fromHash()) {
      // The browser scrolls to the phase named in the address after loading, which would
      // hide the tabs above it: show them again after that.
      window.addEventListener('load', () => setTimeout(() => bar.scrollIntoView()), { once: true });
    } else {
      select(0, null);
    }
    // Printouts show every phase (timeline.css) and the whole chart at full strength.
    window.addEventListener('beforeprint', () => phases.forEach((g) => g.classList.remove('is-dimmed')));
    window.addEventListener('afterprint', () => select(Math.max(0, tabs.findIndex((t) => t.tabIndex === 0)), null));
  }

  // ---- Example calendar ----
  const form = $('plan-form');
  const start = $('plan-start');
  const count = $('plan-count');
  const out = $('plan-result');
  if (!form || !start || !count || !out) return;

  // ISO weekdays (Monday = 1 … Sunday = 7) on which infusions are given.
  let weekdays = (form.dataset.weekdays || '').split(',').map(Number).filter((d) => d >= 1 && d <= 7);
  if (!weekdays.length) weekdays = [1, 2, 3, 4, 5, 6, 7]; // never search forever
  const weeksMin = Number(form.dataset.weeksMin) || 0;
  const weeksMax = Number(form.dataset.weeksMax) || weeksMin;
  const lang = document.documentElement.lang || 'en';
  const fmt = (d, opts) => d.toLocaleDateString(lang, opts);
  const monthYear = (d) => fmt(d, { month: 'long', year: 'numeric' });

  // Local calendar days: new Date(y, m, d) never shifts a day the way parsing "YYYY-MM-DD"
  // (read as UTC midnight) does west of Greenwich.
  const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
  const isoWeekday = (d) => d.getDay() || 7; // getDay() counts Sunday as 0
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const time = (d) => el('time', { datetime: iso(d) }, fmt(d, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }));

  // Weeks × 7 days, Monday first, from the first to the last session. Infusion days are
  // marked in text ("Inf. 2", read out as "infusion 2") as well as by their styling.
  function calendar(sessions) {
    const first = sessions[0];
    const last = sessions[sessions.length - 1];
    const monday = addDays(first, 1 - isoWeekday(first));
    const head = el('tr', {});
    for (let i = 0; i < 7; i++) {
      const d = addDays(monday, i);
      head.append(el('th', { scope: 'col' }, el('abbr', { title: fmt(d, { weekday: 'long' }) }, fmt(d, { weekday: 'short' }))));
    }
    const body = el('tbody', {});
    let row;
    for (let d = monday; d <= last || isoWeekday(d) !== 1; d = addDays(d, 1)) {
      if (isoWeekday(d) === 1) body.append(row = el('tr', {}));
      // The month shows on the first cell and on the 1st, so two months read right.
      const cell = el('td', {}, d === monday || d.getDate() === 1 ? fmt(d, { month: 'short', day: 'numeric' }) : String(d.getDate()));
      const k = sessions.findIndex((s) => s.getTime() === d.getTime()) + 1;
      if (k) {
        cell.className = 'plan-on';
        cell.append(el('span', { class: 'plan-tag', 'aria-hidden': 'true' }, say('tag', { n: k })),
          el('span', { class: 'visually-hidden' }, ', ' + say('session', { n: k }).replace(/[:\s]+$/, '')));
      }
      row.append(cell);
    }
    const months = monthYear(first) === monthYear(last) ? monthYear(first) : monthYear(first) + ' – ' + monthYear(last);
    return el('table', { class: 'plan-cal' }, el('caption', {}, say('calendar', { months })), el('thead', {}, head), body);
  }

  function update() {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start.value);
    const n = parseInt(count.value, 10);
    if (!m || !(n > 0)) {
      out.replaceChildren(el('p', {}, say('empty')));
      return;
    }
    // Session 1 is the start date; each next one is the next later day on a listed weekday.
    const sessions = [new Date(+m[1], +m[2] - 1, +m[3])];
    for (let d = sessions[0]; sessions.length < n;) {
      d = addDays(d, 1);
      if (weekdays.includes(isoWeekday(d))) sessions.push(d);
    }
    const last = sessions[n - 1];
    out.replaceChildren(
      el('ol', { class: 'plan-sessions' }, ...sessions.map((d, i) => el('li', {}, say('session', { n: i + 1 }), time(d)))),
      el('p', { class: 'plan-maintenance' }, say('maintenance'),
        time(addDays(last, weeksMin * 7)), say('and'), time(addDays(last, weeksMax * 7)), '.'),
      calendar(sessions),
      el('p', { class: 'plan-note callout' }, say('note')),
    );
  }

  form.hidden = false;
  form.addEventListener('submit', (e) => { e.preventDefault(); update(); });
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  // The browser may restore the fields on Back: show their result.
  if (start.value) update();
})();
