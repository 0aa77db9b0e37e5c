// The session player: runs the compiled timeline against the monotonic clock with absolute
// deadlines (performance.now), never by adding sleeps up; records each effort through the outbox.
"use strict";

(() => {
  const root = document.getElementById("player");
  if (!root) return;
  const timeline = JSON.parse(document.getElementById("timeline-data").textContent);
  const ids = JSON.parse(document.getElementById("ids-data").textContent);
  const titles = JSON.parse(document.getElementById("titles-data").textContent);
  const cues = timeline.cues;
  const speed = parseFloat(root.dataset.speed) || 1;
  const scale = 1000 / speed; // milliseconds of clock per timeline second
  const BACK_RESTART_AFTER_S = 2;
  const $ = (id) => document.getElementById(id);
  const LABELS = { prepare: "GET READY", work: "WORK", rest: "REST", switch: "CHANGE", done: "DONE", "session-done": "FINISHED" };

  const soundBox = $("sound-on"), voiceBox = $("voice-on");
  soundBox.checked = (localStorage.getItem("footwork-sound") || root.dataset.sound) === "on";
  voiceBox.checked = (localStorage.getItem("footwork-voice") || root.dataset.voice) === "on";
  soundBox.addEventListener("change", () => localStorage.setItem("footwork-sound", soundBox.checked ? "on" : "off"));
  voiceBox.addEventListener("change", () => {
    localStorage.setItem("footwork-voice", voiceBox.checked ? "on" : "off");
    if (!voiceBox.checked && window.speechSynthesis) speechSynthesis.cancel();
  });

  const beep = window.footworkBeeper(() => soundBox.checked);

  function say(text) {
    if (!voiceBox.checked || !window.speechSynthesis) return;
    speechSynthesis.cancel();
    speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  }

  let wakeLock = null;
  async function keepAwake() {
    try { if ("wakeLock" in navigator) wakeLock = await navigator.wakeLock.request("screen"); } catch (e) { wakeLock = null; }
  }
  document.addEventListener("visibilitychange", () => { if (running && document.visibilityState === "visible") keepAwake(); });

  // -- state -------------------------------------------------------------------------------
  const sessionId = footworkUuid();
  let index = 0, anchor = 0, pausedAt = null, cueStarted = 0, cuePaused = 0, wallStarted = null;
  let running = false, timer = null, done = 0, skipped = 0;
  const planned = cues.filter((c) => c.kind === "work").length;

  const endMs = (i) => (cues[i].offset_s + cues[i].duration_s) * scale;
  const now = () => performance.now();
  const wall = (t) => new Date(Date.now() - (now() - t)).toISOString();

  function start() {
    $("intro").hidden = true;
    $("stage").hidden = false;
    running = true;
    keepAwake();
    Outbox.add("PUT", `/api/sessions/${sessionId}`, { exercise_ids: ids, started_at: new Date().toISOString() });
    anchor = now();
    startCue(0);
    schedule();
  }

  function startCue(i) {
    index = i;
    cueStarted = now();
    cuePaused = 0;
    const cue = cues[i];
    if (cue.kind === "work") beep(880, 180);
    say([cue.text, ...(cue.notes || [])].join(" "));
    render();
  }

  function endCue(outcome) {
    const cue = cues[index];
    const t = now();
    const paused = cuePaused + (pausedAt !== null ? t - pausedAt : 0);
    if (cue.kind !== "work") return;
    if (outcome === "done") { beep(440, 250); done++; } else { skipped++; }
    Outbox.add("PUT", `/api/sessions/${sessionId}/efforts/${index}`, {
      id: footworkUuid(), outcome,
      started_at: wall(cueStarted), ended_at: wall(t),
      actual_s: Math.max(0, (t - cueStarted - paused) / 1000),
    });
  }

  function finish(outcome) {
    running = false;
    clearTimeout(timer);
    if (wakeLock) { wakeLock.release().catch(() => {}); wakeLock = null; }
    Outbox.add("POST", `/api/sessions/${sessionId}/finish`, { ended_at: new Date().toISOString() });
    if (outcome === "completed") beep(660, 400);
    $("stage").hidden = true;
    $("finished").hidden = false;
    $("finished-title").textContent = outcome === "completed" ? "Session complete" : "Session stopped";
    $("summary").textContent = `${done} of ${planned} efforts done` + (skipped ? `, ${skipped} skipped.` : ".");
    $("pain-after").href = `/checkin?context=after&session_id=${sessionId}`;
  }

  // Wakes at the current cue's deadline, and every 100 ms for the display.
  function schedule() {
    clearTimeout(timer);
    if (!running) return;
    if (pausedAt !== null) { render(); return; }
    const deadline = anchor + endMs(index);
    const wait = deadline - now();
    if (wait <= 0) {
      endCue("done");
      if (index + 1 >= cues.length) { finish("completed"); return; }
      startCue(index + 1);
      schedule();
      return;
    }
    render();
    timer = setTimeout(schedule, Math.min(wait, 100));
  }

  function jump(i) {
    if (pausedAt !== null) pausedAt = null;
    anchor = now() - cues[i].offset_s * scale;
    startCue(i);
    schedule();
  }

  const controls = {
    pause() {
      if (!running) return;
      if (pausedAt === null) { pausedAt = now(); if (window.speechSynthesis) speechSynthesis.cancel(); }
      else { const p = now() - pausedAt; anchor += p; cuePaused += p; pausedAt = null; }
      schedule();
    },
    skip() {
      if (!running) return;
      endCue("skipped");
      if (index + 1 >= cues.length) { finish("completed"); return; }
      jump(index + 1);
    },
    back() {
      // Going back starts an effort again: it is neither done nor skipped, so nothing is sent.
      if (!running) return;
      const into = (elapsedMs() / scale) - cues[index].offset_s;
      jump(into >= BACK_RESTART_AFTER_S ? index : Math.max(0, index - 1));
    },
    quit() {
      if (!running) return;
      endCue("skipped");
      finish("quit");
    },
  };

  function elapsedMs() {
    return (pausedAt !== null ? pausedAt : now()) - anchor;
  }

  function fmt(seconds) {
    const s = Math.max(0, Math.ceil(seconds - 1e-9));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  function sideWords(cue) {
    const parts = [];
    if (cue.side) parts.push(`${cue.side} foot`);
    if (cue.direction) parts.push(cue.direction === "counterclockwise" ? "counter-clockwise" : "clockwise");
    return parts.join(" · ");
  }

  // An exercise's own safety notes, shown through its get-ready step (before its first effort).
  let notesShown = null;
  function showNotes(cue) {
    const notes = cue.kind === "prepare" && cue.notes ? cue.notes : [];
    const key = notes.length ? `${index}` : null;
    if (key === notesShown) return;
    notesShown = key;
    const list = $("notes-list");
    list.replaceChildren(...notes.map((note) => {
      const item = document.createElement("li");
      item.textContent = note;
      return item;
    }));
    $("notes").hidden = notes.length === 0;
  }

  function render() {
    const cue = cues[index];
    const elapsed = elapsedMs() / scale;
    const remaining = Math.max(0, cue.offset_s + cue.duration_s - elapsed);
    root.dataset.kind = pausedAt !== null ? "paused" : cue.kind;
    $("exercise").textContent = titles[cue.exercise] || cue.exercise;
    $("label").textContent = pausedAt !== null ? "PAUSED" : LABELS[cue.kind];
    const counters = [];
    if (cue.kind === "work" && cue.reps > 1) counters.push(`rep ${cue.rep} of ${cue.reps}`);
    if (sideWords(cue)) counters.push(sideWords(cue));
    $("counters").textContent = counters.join("   ");
    const whole = Math.ceil(remaining - 1e-9);
    $("countdown").textContent = whole < 60 ? String(whole) : fmt(remaining);
    $("cue-text").textContent = cue.text;
    showNotes(cue);
    const next = cues[index + 1];
    $("next").textContent = cue.kind === "session-done" ? "" : next && next.kind !== "session-done" ? `Next: ${next.text}` : "Next: the end of the session";
    const total = Math.max(timeline.total_s, 1e-9);
    const fraction = Math.min(1, Math.max(0, elapsed / total));
    $("bar").style.width = `${(fraction * 100).toFixed(1)}%`;
    document.querySelector(".progress").setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
    $("clock").textContent = `${fmt(Math.min(elapsed, total))} / ${fmt(total)}`;
    $("pause").textContent = pausedAt !== null ? "Resume" : "Pause";
  }

  $("start").addEventListener("click", start);
  $("pause").addEventListener("click", () => controls.pause());
  $("skip").addEventListener("click", () => controls.skip());
  $("back").addEventListener("click", () => controls.back());
  $("quit").addEventListener("click", () => controls.quit());
  document.addEventListener("keydown", (event) => {
    if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === " " && running) { event.preventDefault(); controls.pause(); }
    else if (key === "s") controls.skip();
    else if (key === "b") controls.back();
    else if (key === "q") controls.quit();
  });
  window.addEventListener("beforeunload", (event) => { if (running) { event.preventDefault(); event.returnValue = ""; } });

  Outbox.onChange((count, problem) => {
    const text = count === 0 ? "" :
      problem === "offline" ? `Offline: ${count} update${count === 1 ? "" : "s"} kept on this device, sent when the connection is back.` :
      problem === "login" ? `Please log in again to save ${count} update${count === 1 ? "" : "s"}.` :
      `Saving ${count} update${count === 1 ? "" : "s"}…`;
    $("sync").textContent = text;
    root.dataset.pending = String(count);
  });
})();
