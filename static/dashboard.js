// Dashboard enhancements; everything works without this file.
// - The period picker shows only the fields of the chosen kind of period.
// - Changing a select submits its form (htmx takes over where the form asks for it).
// - A successful swap clears the picker's old error messages.
(function () {
  "use strict";

  function showFieldsFor(form) {
    var kind = form.querySelector("[name=kind]");
    if (!kind) { return; }
    form.querySelectorAll("[data-for]").forEach(function (field) {
      var kinds = field.getAttribute("data-for").split(" ");
      var hidden = kinds.indexOf(kind.value) === -1;
      field.hidden = hidden;
      field.querySelectorAll("select, input").forEach(function (input) { input.disabled = hidden; });
    });
  }

  function enhance(root) {
    root.querySelectorAll("form").forEach(function (form) {
      if (form.dataset.enhanced) { return; }
      form.dataset.enhanced = "1";
      showFieldsFor(form);
      form.addEventListener("change", function (event) {
        var target = event.target;
        if (target.name === "kind") { showFieldsFor(form); }
        // A custom range needs both dates first: wait for the button.
        var kind = form.querySelector("[name=kind]");
        if (target.classList.contains("auto-submit") && !(kind && kind.value === "custom")) {
          form.requestSubmit();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    enhance(document);
    if (event.detail.target && event.detail.target.id !== "period-form") {
      document.querySelectorAll("#period-form .field-error").forEach(function (e) { e.remove(); });
      document.querySelectorAll("#period-form [aria-invalid]").forEach(function (e) {
        e.removeAttribute("aria-invalid");
        e.removeAttribute("aria-describedby");
      });
    }
  });
})();
