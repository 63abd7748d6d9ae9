// Tells the booker how many places are left for the time they enter, before they submit. The
// figure comes from the API (the same rule the owner's confirmation applies); without script, the
// page says it for a day chosen from the list beside the form, and the refusal says it too.
(function () {
  "use strict";
  const form = document.querySelector("[data-room-url]");
  if (!form) return;
  const output = document.getElementById("room-left");
  const starts = form.querySelector("[name=starts_at]");
  const ends = form.querySelector("[name=ends_at]");
  let pending = null;

  async function update() {
    if (!starts.value || !ends.value) return;
    if (pending) pending.abort();
    pending = new AbortController();
    const url = new URL(form.dataset.roomUrl, window.location.href);
    url.searchParams.set("starts_at", starts.value);
    url.searchParams.set("ends_at", ends.value);
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      });
      const answer = await response.json();
      output.textContent = answer.message || Object.values(answer).flat().join(" ");
      output.className = "alert " + (response.ok && answer.room_left > 0 ? "alert-info" : "alert-warning");
      output.hidden = false;
    } catch (error) {
      if (error.name !== "AbortError") output.hidden = true;
    }
  }

  starts.addEventListener("change", update);
  ends.addEventListener("change", update);
  update();
})();
