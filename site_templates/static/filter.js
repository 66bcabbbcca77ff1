// Filters the timeline page by tag, place and decade; the choice lives in the URL
// (?tag=war&decade=1990s) so a filtered view can be shared. Reads only data-*
// attributes the build wrote; without JavaScript every event stays in view.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".timeline li[data-tags]"));
  var years = Array.prototype.slice.call(document.querySelectorAll(".timeline .year"));
  var status = document.getElementById("filter-status");
  var fields = { tag: "tags", place: "places", decade: "decades" };

  function chosen() {
    var choice = {};
    Object.keys(fields).forEach(function (name) { choice[name] = form.elements[name].value; });
    return choice;
  }

  function matches(item, choice) {
    return Object.keys(fields).every(function (name) {
      var wanted = choice[name];
      return !wanted || (item.dataset[fields[name]] || "").split(" ").indexOf(wanted) >= 0;
    });
  }

  function apply(updateUrl) {
    var choice = chosen();
    var shown = 0;
    items.forEach(function (item) {
      var on = matches(item, choice);
      item.hidden = !on;
      if (on) shown += 1;
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector("li[data-tags]:not([hidden])");
    });
    status.textContent = shown === items.length
      ? items.length + " events"
      : shown + " of " + items.length + " events";
    if (updateUrl) {
      var params = new URLSearchParams();
      Object.keys(choice).forEach(function (name) {
        if (choice[name]) params.set(name, choice[name]);
      });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var params = new URLSearchParams(location.search);
  Object.keys(fields).forEach(function (name) {
    var select = form.elements[name];
    var wanted = params.get(name);
    if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
      select.value = wanted;
    }
  });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply(false);
})();
