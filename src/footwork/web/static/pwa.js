// The installable app's side in every page: registers the service worker (/sw.js), says when
// a page is shown from this device's copy because the server does not answer, reloads into a
// new version of the app between sessions, and keeps a pain check-in made offline in the
// outbox. See docs/offline.md.
"use strict";

(() => {
  const main = document.getElementById("main");
  // outbox.js declares Outbox with const: a global binding, not a property of window.
  const outbox = typeof Outbox === "undefined" ? null : Outbox;

  // -- a page shown offline -------------------------------------------------------------------
  // The service worker marks a page it answers from its cache with data-offline-as-of.
  function note(text, name) {
    const p = document.createElement("p");
    p.className = "offline-note";
    p.setAttribute("role", "status");
    p.dataset.note = name;
    p.textContent = text;
    if (main) main.prepend(p);
    return p;
  }

  const asOf = document.documentElement.dataset.offlineAsOf;
  if (asOf !== undefined) {
    const when = new Date(asOf);
    const words = Number.isNaN(when.getTime()) ? "earlier" : when.toLocaleString([], {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    });
    note(`Offline: shown as of ${words}. Footwork cannot reach its server; ` +
         "what you do now is kept on this device and sent when it is back.", "offline")
      .dataset.asOf = asOf;
  }

  // -- the service worker and new versions ----------------------------------------------------
  const inSession = () => {
    const stage = document.getElementById("stage");
    return Boolean(stage && !stage.hidden);
  };

  // The person's pages are kept for offline use by whoever's pages these are.
  function tellWorker(worker) {
    const owner = document.querySelector('meta[name="footwork-owner"]');
    if (worker && owner && owner.content && asOf === undefined) {
      worker.postMessage({ type: "keep-pages", owner: owner.content });
    } else if (worker && owner && !owner.content) {
      worker.postMessage({ type: "no-one" }); // logged out, or a clinician: keep nothing
    }
  }

  if ("serviceWorker" in navigator) {
    const hadController = Boolean(navigator.serviceWorker.controller);
    let reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", async () => {
      // The first worker taking over a page changes nothing it runs; a new version does.
      if (!hadController) {
        tellWorker(navigator.serviceWorker.controller);
        return;
      }
      if (reloading) return;
      const waiting = outbox ? await outbox.pending() : 0;
      if (inSession() || waiting > 0) {
        if (!document.querySelector("[data-note=update]")) {
          note("A new version of Footwork is ready: it opens on the next page.", "update");
        }
        return;
      }
      reloading = true;
      window.location.reload();
    });
    window.addEventListener("load", () => {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(async () => {
        // A page whose request went out while the worker was taking over is not among the
        // pages it claimed: it asks to be.
        const registration = await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller && registration.active) {
          registration.active.postMessage({ type: "claim" });
        }
      }).catch((error) => {
        console.warn("Footwork: the app cannot work offline here", error);
      });
      tellWorker(navigator.serviceWorker.controller);
    });
  }

  // -- a pain check-in with the server down ---------------------------------------------------
  const form = document.querySelector("form[action='/checkin']");
  if (!form || !outbox) return;

  async function serverAnswers() {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 4000);
    try {
      const answer = await fetch("/hello", { cache: "no-store", signal: stop.signal });
      return answer.ok;
    } catch (error) {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  function status(text, className) {
    let p = document.getElementById("checkin-kept");
    if (!p) {
      p = document.createElement("p");
      p.id = "checkin-kept";
      p.setAttribute("role", "status");
      form.before(p);
    }
    p.className = className;
    p.textContent = text;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await serverAnswers()) {
      form.submit(); // online: the page's own form, with its answer (alerts included)
      return;
    }
    const scores = {};
    form.querySelectorAll("input[type=radio]:checked").forEach((radio) => {
      if (radio.value !== "") scores[radio.name] = parseInt(radio.value, 10); // "" = not scored
    });
    if (Object.keys(scores).length === 0) {
      status("Score at least one region, or skip the check-in.", "error");
      return;
    }
    // A page kept offline may be another address's copy: the address says what this one is.
    const here = new URLSearchParams(window.location.search);
    const field = (name) => here.get(name) || (form.elements[name] ? form.elements[name].value : "") || null;
    const text = form.elements.note ? form.elements.note.value.trim().slice(0, 2000) : "";
    await outbox.add("POST", "/api/pain", {
      id: footworkUuid(), // the idempotency key: stored once however often it is sent
      scores,
      context: field("context") || "any",
      session_id: field("session_id"),
      note: text || null,
    });
    form.reset();
    status("Kept on this device: your check-in is sent when Footwork's server answers again.", "ok");
  });
})();
