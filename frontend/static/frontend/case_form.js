// Progressive enhancement of the case form: the form works fully without this file.
(function () {
  "use strict";
  var form = document.querySelector(".case-form");
  if (!form) { return; }
  var complaintOnly = form.querySelector(".complaint-only");
  var denunciationOnly = form.querySelector(".denunciation-only");
  var anonymous = form.querySelector("#id_is_anonymous");
  var contactIds = ["id_contact_name", "id_contact_address", "id_contact_phone", "id_contact_email"];

  function currentKind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "";
  }
  function update() {
    var kind = currentKind();
    if (complaintOnly) { complaintOnly.hidden = kind !== "complaint"; }
    if (denunciationOnly) { denunciationOnly.hidden = kind !== "denunciation"; }
    if (anonymous) {
      var wrapper = anonymous.closest("div");
      // Feedback may be anonymous, and a denunciation (then an inspection lead); a complaint may not.
      if (kind === "complaint") { anonymous.checked = false; }
      if (wrapper) { wrapper.hidden = kind === "complaint"; }
      contactIds.forEach(function (id) {
        var input = document.getElementById(id);
        if (input) { input.disabled = anonymous.checked; }
      });
    }
  }
  form.addEventListener("change", update);
  update();
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
