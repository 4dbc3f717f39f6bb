/* Every page: a form is sent once. Clicking its button again while the page is on its way sent it again: a resident
   filed the same case twice, an officer saved a note three times. Progressive enhancement: without this file the
   forms work as before. A page's own confirmations (desk.js, on the form itself) run first; a form whose sending
   they cancelled may be sent later. It may be sent again after a few seconds (a request that never came back), or
   when the page comes back from the browser's history. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") { return; }
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
    window.setTimeout(function () { form.removeAttribute("data-sent"); }, 8000);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) { form.removeAttribute("data-sent"); });
  });
})();
