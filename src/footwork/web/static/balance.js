// The guided balance test: stand on one leg, time each try against the monotonic clock
// (performance.now), stop at the cap by itself, best of three per leg and condition, then save
// one record per finished condition through POST /api/balance. The plan, the cap, the age
// reference and its words all come from the page (footwork.core.balance), not from here.
"use strict";

(() => {
  const root = document.getElementById("balance");
  if (!root) return;
  const ref = JSON.parse(document.getElementById("reference-data").textContent);
  const speed = parseFloat(root.dataset.speed) || 1;
  const cap = ref.cap_s;
  const $ = (id) => document.getElementById(id);
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  const soundBox = $("sound-on");
  soundBox.checked = (localStorage.getItem("footwork-sound") || root.dataset.sound) === "on";
  soundBox.addEventListener("change", () => localStorage.setItem("footwork-sound", soundBox.checked ? "on" : "off"));

  const beep = window.footworkBeeper(() => soundBox.checked);

  let wakeLock = null;
  async function keepAwake() {
    try { if ("wakeLock" in navigator) wakeLock = await navigator.wakeLock.request("screen"); } catch (e) { wakeLock = null; }
  }

  // -- state -------------------------------------------------------------------------------
  let trials = [], times = [], startedAt = null, ticker = null, capTimer = null, finished = false;
  const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  const conditionName = (closed) => (closed ? "eyes closed" : "eyes open");
  const elapsed = () => ((performance.now() - startedAt) * speed) / 1000;
  const capped = (s) => Math.round(Math.min(Math.max(s, 0), cap) * 10) / 10;

  const LEG_KEY = "footwork-balance-leg";
  const comparedLeg = () => (document.querySelector('input[name="compared-leg"]:checked') || {}).value || "left";
  const remembered = localStorage.getItem(LEG_KEY);
  if (remembered === "left" || remembered === "right") $(`compare-${remembered}`).checked = true;

  function begin() {
    localStorage.setItem(LEG_KEY, comparedLeg());
    trials = ref.trials.filter((t) => !t.eyes_closed || $("closed-on").checked);
    times = [];
    $("intro").hidden = true;
    $("stage").hidden = false;
    keepAwake();
    showTrial();
  }

  function showTrial() {
    const trial = trials[times.length];
    $("condition").textContent = capitalize(conditionName(trial.eyes_closed));
    $("counters").textContent = `Try ${trial.attempt} of ${ref.tries_per_leg} · ${trial.leg} leg`;
    const eyes = trial.eyes_closed ? " and close your eyes" : "";
    $("instruction").textContent = `Stand on your ${trial.leg} leg. Lift your ${trial.lifted} foot${eyes}, and press Start.`;
    $("timer").textContent = "0.0";
    $("start-wrap").hidden = false;
    $("down-wrap").hidden = true;
    $("stop-wrap").hidden = false;
    $("start").focus();
  }

  function start() {
    if (startedAt !== null) return;
    startedAt = performance.now();
    beep(880, 180);
    const trial = trials[times.length];
    $("instruction").textContent = trial.eyes_closed
      ? "Eyes closed. Tap anywhere, or press any key, when you open your eyes, your foot touches down or your arms uncross."
      : "Tap anywhere, or press any key, when your foot touches down, your standing foot moves or your arms uncross.";
    $("start-wrap").hidden = true;
    $("down-wrap").hidden = false;
    $("stop-wrap").hidden = true;
    $("down").focus();
    ticker = setInterval(tick, 50);
    capTimer = setTimeout(() => stopTry(cap), (cap * 1000) / speed + 5);
  }

  function tick() {
    if (startedAt === null) return;
    const s = elapsed();
    if (s >= cap) { stopTry(cap); return; }
    $("timer").textContent = s.toFixed(1);
  }

  function stopTry(at) {
    if (startedAt === null) return;
    const seconds = capped(at === undefined ? elapsed() : at);
    clearInterval(ticker);
    clearTimeout(capTimer);
    startedAt = null;
    beep(440, 300);
    const trial = trials[times.length];
    times.push(seconds);
    $("timer").textContent = seconds.toFixed(1);
    const full = seconds >= cap ? ", the full time" : "";
    $("last").textContent = `${capitalize(conditionName(trial.eyes_closed))}, ${trial.leg} leg, try ${trial.attempt}: ${seconds.toFixed(1)} s${full}.`;
    if (times.length >= trials.length) finish();
    else showTrial();
  }

  // Any tap or key stops a running try: with the eyes closed, nobody has to find a button.
  // The Foot down button stops it through its own click. A key that stopped a try must not
  // also press the Start button that takes the focus next (space presses on key up).
  // A tap that stopped a try must not also follow a link or press a button under it.
  let swallowKeyUp = false, swallowClick = false;
  document.addEventListener("pointerdown", (event) => {
    swallowClick = false;
    if (startedAt === null || event.target.closest("#down")) return;
    event.preventDefault();
    swallowClick = true;
    stopTry();
  }, true);
  document.addEventListener("click", (event) => {
    if (!swallowClick) return;
    swallowClick = false;
    event.preventDefault();
    event.stopPropagation();
  }, true);
  document.addEventListener("keydown", (event) => {
    if (startedAt === null || event.repeat) return;
    event.preventDefault();
    swallowKeyUp = true;
    stopTry();
  }, true);
  document.addEventListener("keyup", (event) => {
    if (!swallowKeyUp) return;
    swallowKeyUp = false;
    event.preventDefault();
  }, true);

  // -- results -----------------------------------------------------------------------------
  function results() {
    const conditions = [...new Set(trials.map((t) => t.eyes_closed))];
    return conditions.map((closed) => {
      const planned = trials.filter((t) => t.eyes_closed === closed).length;
      const done = { left: [], right: [] };
      times.forEach((s, i) => { if (trials[i].eyes_closed === closed) done[trials[i].leg].push(s); });
      const best = (list) => (list.length ? Math.max(...list) : null);
      return {
        eyes_closed: closed, tries: done, left_s: best(done.left), right_s: best(done.right),
        complete: done.left.length + done.right.length === planned,
      };
    });
  }

  function cell(list) {
    if (!list.length) return "–";
    return `${Math.max(...list).toFixed(1)} (${list.map((s) => s.toFixed(1)).join(", ")})`;
  }

  function showComparison(all) {
    const box = $("comparison");
    box.replaceChildren();
    const age = parseInt($("age").value, 10);
    const band = ref.bands.find((b) => age >= b.low && (b.high === null || age <= b.high));
    const say = (text, cls) => { const p = document.createElement("p"); p.textContent = text; if (cls) p.className = cls; box.append(p); };
    if (!Number.isFinite(age)) { say("Enter your age above to compare with the average for it.", "muted"); return; }
    if (!band || age > 120) { say(`There is no age reference for age ${age}: the study measured adults from 18 years old.`, "muted"); return; }
    // Only the leg chosen before the tries is compared (core.balance.leg_sentences does the same).
    const chosen = comparedLeg();
    const other = chosen === "left" ? "right" : "left";
    all.forEach((r) => {
      const reference = band[r.eyes_closed ? "closed" : "open"];
      const best = r[`${chosen}_s`];
      if (best === null) return;
      const verdict = best < reference.about_low ? "below" : best > reference.about_high ? "above" : "about";
      const checked = ref.checked[r.eyes_closed ? "closed" : "open"] ? "" : `; ${ref.unconfirmed}`;
      say(`${capitalize(conditionName(r.eyes_closed))}, ${chosen} leg: ${best.toFixed(1)} s, ${ref.words[verdict]} ` +
          `(people aged ${band.label} averaged about ${Math.round(reference.reference)} s${checked}).`);
      const otherBest = r[`${other}_s`];
      if (otherBest !== null) {
        say(`${capitalize(conditionName(r.eyes_closed))}, ${other} leg: ${otherBest.toFixed(1)} s (${ref.not_compared}).`, "muted");
      }
    });
  }

  async function save(toSave) {
    const status = $("save-status");
    $("retry-wrap").hidden = true;
    if (!toSave.length) {
      status.textContent = "Nothing was saved: a result is saved once all its tries are done.";
      return;
    }
    status.textContent = "Saving…";
    try {
      while (toSave.length) {
        const r = toSave[0];
        const response = await fetch("/api/balance", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
          // The id is made once per result, so a retry after a lost answer stores it once.
          body: JSON.stringify({ id: (r.id = r.id || footworkUuid()), left_s: r.left_s,
                                 right_s: r.right_s, eyes_closed: r.eyes_closed, note: null }),
        });
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        toSave.shift();
      }
      root.dataset.saved = "yes";
      status.className = "ok";
      status.textContent = "Saved to your history.";
    } catch (error) {
      if (error instanceof TypeError && typeof Outbox !== "undefined") {
        // No connection: the outbox keeps them (same ids) and sends them when it is back.
        for (const r of toSave.splice(0)) {
          await Outbox.add("POST", "/api/balance", { id: r.id = r.id || footworkUuid(), left_s: r.left_s,
                                                     right_s: r.right_s, eyes_closed: r.eyes_closed, note: null });
        }
        root.dataset.saved = "queued";
        status.className = "ok";
        status.textContent = "Kept on this device: your results are sent when Footwork's server answers again.";
        return;
      }
      const reason = error instanceof TypeError ? "no connection to Footwork" : error.message;
      status.className = "error";
      status.textContent = `Could not save your results (${reason}). They are still shown here: try again, or note them down.`;
      $("retry-wrap").hidden = false;
      $("retry").onclick = () => save(toSave);
    }
  }

  function finish() {
    if (finished) return;
    finished = true;
    clearInterval(ticker);
    clearTimeout(capTimer);
    startedAt = null;
    beep(660, 400);
    if (wakeLock) { wakeLock.release().catch(() => {}); wakeLock = null; }
    $("stage").hidden = true;
    $("results").hidden = false;
    const all = results();
    const rows = $("results-rows");
    rows.replaceChildren();
    all.filter((r) => r.tries.left.length || r.tries.right.length).forEach((r) => {
      const tr = document.createElement("tr");
      [capitalize(conditionName(r.eyes_closed)), cell(r.tries.left), cell(r.tries.right)].forEach((text, i) => {
        const td = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) td.scope = "row";
        td.textContent = text;
        tr.append(td);
      });
      rows.append(tr);
    });
    if (times.length < trials.length) $("results-title").textContent = "Your best times (stopped early)";
    $("age").addEventListener("input", () => showComparison(all));
    showComparison(all);
    save(all.filter((r) => r.complete));
    $("results-title").focus({ preventScroll: false });
  }

  $("begin").addEventListener("click", begin);
  $("start").addEventListener("click", start);
  $("down").addEventListener("click", () => stopTry());
  $("stop").addEventListener("click", finish);
})();
