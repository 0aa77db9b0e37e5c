// Small behaviours the pages ask for with data- attributes, since the Content-Security-Policy
// allows no inline handlers: print buttons, select-on-click fields, drawings that may be missing,
// and on first use the device's timezone, which the server keeps until the person chooses one.
(() => {
  "use strict";
  const hide = (img) => {
    const target = img.dataset.hideOnError === "parent" ? img.parentElement : img;
    if (target) target.remove();
  };
  document.querySelectorAll("img[data-hide-on-error]").forEach((img) => {
    if (img.complete && img.naturalWidth === 0) hide(img);
    else img.addEventListener("error", () => hide(img), { once: true });
  });
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  document.querySelectorAll("[data-select-on-click]").forEach((field) => {
    field.addEventListener("click", () => field.select());
  });
  const adopt = document.querySelector('meta[name="footwork-adopt-timezone"]');
  const zone = adopt && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    fetch("/settings/device-timezone", {
      method: "POST",
      headers: { "X-CSRF-Token": csrf },
      body: new URLSearchParams({ timezone: zone }),
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        // No reload (it could cut short a tap on a link): a note, and the next page is right.
        if (!answer || !answer.changed) return;
        const note = document.createElement("p");
        note.className = "ok";
        note.setAttribute("role", "status");
        note.textContent = `Your times now follow this device's timezone (${answer.timezone}); change it in Settings.`;
        const main = document.getElementById("main");
        if (main) main.prepend(note);
      })
      .catch(() => {}); // offline: asked again on the next visit
  }
})();
