// The dashboard's kernel describes the view in an element `.workbench-state` (its filters as a
// query string, the page's title and language). This script mirrors it into the address bar, so a
// copied link reopens the same view, and into the browser tab's title. It also starts the download
// of a file the kernel has just prepared (an anchor `.workbench-download[data-auto]`), once. And it
// takes down the page's first view, plain HTML sent with the page (`.workbench-snapshot`), once
// the live widgets laid out under it show the same view.
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

  // The widgets show the view: the dashboard has said which it is, and the open tab's totals are
  // written and its picture loaded (or its no-data state shown, or publish mode's notice that the
  // view is not published now). Hidden by `visibility` only, the
  // widgets are laid out, so `checkVisibility()` tells the open tab from the others.
  function live(output, tab) {
    if (!output.querySelector(".workbench-state")) {
      return false;
    }
    const shown = (selector, test) =>
      Array.from(output.querySelectorAll(selector)).some((el) => el.checkVisibility() && test(el));
    // Publish mode refused the open tab's view: its notice is the view.
    if (shown(".workbench-refused", () => true)) {
      return true;
    }
    const picture = shown(".workbench-main img, .workbench-map img", (img) => img.complete && img.naturalWidth > 0);
    if (tab === "map") {
      return picture;
    }
    const totals = shown(".workbench-totals", (el) => el.textContent.trim().length > 0);
    return totals && (picture || shown(".workbench-empty", () => true));
  }

  function takeOver() {
    for (const snapshot of document.querySelectorAll(".workbench-snapshot")) {
      const output = snapshot.parentElement.querySelector(":scope > .jp-OutputArea-output");
      if (output && live(output, snapshot.dataset.tab)) {
        snapshot.remove();
        const spinner = document.getElementById("loading");
        if (spinner) {
          spinner.remove();
        }
      }
    }
    // Some steps change no element the observer below watches (a tab shown by a class): look again.
    if (document.querySelector(".workbench-snapshot")) {
      window.setTimeout(schedule, 100);
    }
  }

  function sync() {
    pending = false;
    takeOver();
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
  // A picture that finishes loading changes no attribute: listen for it (load does not bubble).
  document.addEventListener("load", schedule, true);
  schedule();
})();
