// The search page: loads Pagefind's own UI from pagefind/ beside this site's static/
// folder (written by `timeline build` when Pagefind is installed), or says why it cannot.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script.src);
  var bundle = new URL("pagefind/", root);
  var status = document.getElementById("search-status");

  function say(text) {
    status.textContent = text + " Every event is listed on the timeline.";
    var link = document.createElement("a");
    link.href = new URL("index.html", root).href;
    link.textContent = "Open the timeline";
    status.append(" ", link, ".");
    status.hidden = false;
  }

  if (location.protocol === "file:") {
    say("Search needs the site to be served over HTTP; it does not work from a file on disk.");
    return;
  }
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("pagefind-ui.css", bundle).href;
  document.head.append(style);

  var ui = document.createElement("script");
  ui.src = new URL("pagefind-ui.js", bundle).href;
  ui.onload = function () {
    new window.PagefindUI({
      element: "#search",
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
    });
    document.documentElement.dataset.search = "ready";
  };
  ui.onerror = function () {
    style.remove();
    say("This copy of the site was built without a search index.");
    document.documentElement.dataset.search = "missing";
  };
  document.head.append(ui);
})();
