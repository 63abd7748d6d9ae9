// Moves the progress bar of work a Celery worker does (a report run, an import): asks the progress
// URL every second and shows the figure and the stage; when the work is over, the page is loaded
// again to show its result. Without script, the page shows the state it was loaded in.
(function () {
  "use strict";
  const card = document.getElementById("run-progress-card");
  if (!card || card.dataset.live !== "1") return;
  const bar = document.getElementById("run-progress");
  const percent = document.getElementById("run-percent");
  const stage = document.getElementById("run-stage");
  document.getElementById("run-live-note").hidden = false;

  async function poll() {
    try {
      const response = await fetch(card.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.ok) {
        const run = await response.json();
        bar.value = run.progress;
        bar.textContent = run.progress + " %";
        percent.textContent = run.progress;
        if (run.stage || run.status_label) stage.textContent = run.stage || run.status_label;
        if (run.finished) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A missed answer (a restart, a lost connection) is asked again on the next tick.
    }
    window.setTimeout(poll, 1000);
  }

  window.setTimeout(poll, 1000);
})();
