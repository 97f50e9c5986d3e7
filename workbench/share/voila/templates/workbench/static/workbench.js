// The dashboard's kernel describes the view in an element `.workbench-state` (its filters as a
// query string, the page's title and language). This script mirrors it into the address bar, so a
// copied link reopens the same view, and into the browser tab's title. It also starts the download
// of a file the kernel has just prepared (an anchor `.workbench-download[data-auto]`), once.
(function () {
  "use strict";
  let pending = false;

  // Voilà's page shuts its kernel down on unload with a request carrying the `_xsrf` cookie, but
  // the page itself never sets that cookie, so the request was refused and every closed tab left
  // its kernel running. Tornado checks that the request repeats the cookie (double submit): a
  // random value this page sets is as good as one the server sets, and no other site can set it.
  if (!/(^|;\s*)_xsrf=/.test(document.cookie)) {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    const value = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    const base = document.body.dataset.baseUrl || "/";
    document.cookie = `_xsrf=${value}; path=${base.replace(/voila\/$/, "")}; SameSite=Strict`;
  }

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
