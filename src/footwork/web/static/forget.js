// After "Delete everything": this device forgets the person too. The server's copy is gone;
// what the browser kept for offline use goes now: their cached pages, their writes still
// waiting in the outbox, a session in progress and the balance test's chosen leg.
"use strict";

(async () => {
  const box = document.querySelector("[data-forget-owner]");
  if (!box) return;
  const owner = box.dataset.forgetOwner;
  const status = box.querySelector("[data-device-status]");
  const jobs = [];
  if (owner && typeof Outbox !== "undefined") jobs.push(Outbox.forget(owner));
  if (owner && window.caches) {
    jobs.push(caches.keys().then((names) => Promise.all(names
      .filter((name) => name.startsWith("footwork-person-") && name.endsWith(`-${owner}`))
      .map((name) => caches.delete(name)))));
  }
  for (const key of [`footwork-session:${owner}`, "footwork-session:me", "footwork-balance-leg"]) {
    localStorage.removeItem(key);
  }
  try {
    await Promise.all(jobs);
    // The words come from the page, in its language.
    status.textContent = status.dataset.done || "The copies kept on this device for offline use are deleted too.";
    box.dataset.forgotten = "yes";
  } catch (error) {
    status.textContent = status.dataset.failed || "Some copies kept on this device could not be deleted: clear this site's data in the browser's settings.";
    box.dataset.forgotten = "partly";
  }
})();
