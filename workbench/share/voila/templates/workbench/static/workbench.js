// The dashboard's kernel describes the view in an element `.workbench-state` (its filters as a
// query string, the page's title and language). This script mirrors it into the address bar, so a
// copied link reopens the same view, and into the browser tab's title. It also starts the download
// of a file the kernel has just prepared (an anchor `.workbench-download[data-auto]`), once.
(function () {
  "use strict";
  let pending = false;

  function sync() {
    pending = false;
    const state = document.querySelector(".workbench-state");
    if (state) {
      if (state.dataset.query !== undefined) {
        const url = new URL(window.location.href);
        // Drops ?token= as well: after the first page the login cookie holds it, and a link to
        // share should not carry it.
        url.search = state.dataset.query;
        if (url.href !== window.location.href) {
          window.history.replaceState(null, "", url.href);
        }
      }
      if (state.dataset.title && document.title !== state.dataset.title) {
        document.title = state.dataset.title;
      }
      if (state.dataset.lang) {
        document.documentElement.lang = state.dataset.lang;
      }
    }
    for (const link of document.querySelectorAll(".workbench-download[data-auto]")) {
      link.removeAttribute("data-auto");
      link.click();
    }
  }

  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(sync);
    }
  }

  new MutationObserver(schedule).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-query", "data-title", "data-auto"],
  });
  schedule();
})();
