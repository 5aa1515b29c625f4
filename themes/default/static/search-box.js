// Header search box: loads the search (search.js and its styles) the first time the box is
// used, so pages that are only read download nothing more.
(() => {
  const box = document.getElementById('site-q');
  const me = document.currentScript;
  if (!box || !me) return;
  const load = () => {
    box.removeEventListener('focus', load);
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = me.dataset.style;
    const js = document.createElement('script');
    js.src = me.dataset.search;
    document.head.append(css, js);
  };
  box.addEventListener('focus', load);
})();
