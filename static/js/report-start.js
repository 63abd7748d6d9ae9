// On the form that starts a report, shows only the period fields of the chosen kind: the year for
// an annual report, the month for a summary, two dates for a range. Without script all are shown
// and the server uses the ones the kind needs.
(function () {
  "use strict";
  const form = document.querySelector("[data-testid=start-form]");
  if (!form) return;
  const kinds = form.querySelectorAll("input[name=kind]");

  function show() {
    const chosen = form.querySelector("input[name=kind]:checked");
    form.querySelectorAll("[data-for-kind]").forEach((field) => {
      field.hidden = chosen !== null && field.dataset.forKind !== chosen.value;
    });
  }

  kinds.forEach((radio) => radio.addEventListener("change", show));
  show();
})();
