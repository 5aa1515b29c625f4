// FAQ page: search box, "Open all" / "Close all", and opening the question named in the
// address (/faq/#id). Without this script every question is still there as a <details>;
// the tools are rendered `hidden` and shown here, so they never appear when they cannot work.
(() => {
  'use strict';
  const items = [...document.querySelectorAll('details.faq-item')];
  const $ = (id) => document.getElementById(id);
  const tools = $('faq-tools');
  const input = $('faq-filter');
  const count = $('faq-count');
  const noMatch = $('faq-nomatch');
  if (!items.length || !tools || !input) return;

  // Case- and accent-insensitive: "Kétamine" matches "ketamine". Whitespace is collapsed
  // so a phrase still matches when the HTML breaks its line between two words.
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
  const texts = items.map((d) => fold(d.textContent));
  const groups = [...document.querySelectorAll('.faq-group')];
  const total = items.length;

  function filter() {
    const q = fold(input.value);
    let shown = 0;
    items.forEach((d, i) => {
      d.hidden = q !== '' && !texts[i].includes(q);
      if (!d.hidden) shown++;
    });
    // A topic with no matching question would be an empty heading: hide it too.
    groups.forEach((g) => { g.hidden = !g.querySelector('.faq-item:not([hidden])'); });
    // The count is a polite live region, so screen readers hear the result of each change.
    // The words come from the page (data-all, data-one, data-some), in its language.
    const words = q === '' ? count.dataset.all : shown === 1 ? count.dataset.one : count.dataset.some;
    count.textContent = (words || '{shown} / {total}').replace('{shown}', shown).replace('{total}', total);
    if (noMatch) noMatch.hidden = shown > 0;
  }

  // Opens the <details> holding the element with this id (a question, or a footnote mark
  // inside an answer), clearing the search first if it hides that question.
  function reveal(id, scroll) {
    const target = id && document.getElementById(id);
    const d = target && target.closest('details');
    if (!d) return;
    if (d.hidden) { input.value = ''; filter(); }
    d.open = true;
    // scrollIntoView follows the CSS scroll-behavior, which is smooth only without
    // prefers-reduced-motion.
    if (scroll) target.scrollIntoView();
  }
  const idOf = (hash) => {
    try { return decodeURIComponent(hash.slice(1)); } catch (e) { return hash.slice(1); }
  };
  const fromHash = () => reveal(idOf(location.hash), true);

  tools.hidden = false;
  input.addEventListener('input', filter);
  // Enter in the search box must not do anything surprising (there is no form to submit).
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') e.preventDefault(); });
  $('faq-open-all').addEventListener('click', () => items.forEach((d) => { if (!d.hidden) d.open = true; }));
  $('faq-close-all').addEventListener('click', () => items.forEach((d) => { d.open = false; }));
  window.addEventListener('hashchange', fromHash);
  // A link to the question already in the address fires no hashchange: open it on click,
  // before the browser scrolls to it.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (a) reveal(idOf(a.getAttribute('href')), false);
  });
  // Printouts show every answer; the questions open before printing close again after.
  let openBeforePrint = [];
  window.addEventListener('beforeprint', () => {
    openBeforePrint = items.map((d) => d.open);
    items.forEach((d) => { d.open = true; });
  });
  window.addEventListener('afterprint', () => openBeforePrint.forEach((open, i) => { items[i].open = open; }));
  // The browser may restore the search text on Back; filter to match it.
  if (input.value) filter();
  fromHash();
})();
