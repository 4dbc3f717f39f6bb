/* Staff desk: progressive enhancement only. Every feature works without this file:
   - the answer-template picker fills the answer box at once (without JS: the "Use" button reloads with it filled);
   - "select all" for bulk assignment;
   - the filter panel starts open on wide screens;
   - a confirmation before actions that cannot be undone (reject, transfer, withdraw, merge);
   - the error summary takes the focus, so screen-reader users hear what went wrong. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    // Answer templates.
    document.querySelectorAll("select[data-template-target]").forEach(function (select) {
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        var box = document.getElementById(select.getAttribute("data-template-target"));
        if (!box || !option || !option.value) { return; }
        var body = option.getAttribute("data-body") || "";
        if (box.value.trim() && box.value !== body &&
            !window.confirm(select.form.getAttribute("data-replace") || "Replace the text you wrote with the template?")) {
          return;
        }
        box.value = body;
        box.focus();
      });
    });

    // Select all cases of the page.
    var all = document.querySelector("input[data-check-all]");
    if (all) {
      var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=cases]"));
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
      });
      boxes.forEach(function (box) {
        box.addEventListener("change", function () {
          var ticked = boxes.filter(function (b) { return b.checked; }).length;
          all.checked = ticked === boxes.length;
          all.indeterminate = ticked > 0 && ticked < boxes.length;
        });
      });
    }

    // Filters open on wide screens.
    if (window.matchMedia("(min-width: 64rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }

    // Confirm actions that cannot be undone.
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });

    // Focus the error summary after a refused action.
    var error = document.getElementById("action-error");
    if (error) { error.focus(); }
  });
})();
