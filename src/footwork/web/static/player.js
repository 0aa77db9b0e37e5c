// The session player: runs the compiled timeline against the monotonic clock with absolute
// deadlines (performance.now), never by adding sleeps up; records each effort through the outbox.
// Where it is goes to localStorage at every cue (keyed by the person), so a reload or a closed tab
// offers to resume the same session at the cue it stopped in; efforts already sent are not sent
// again, since the state is written in the same task that hands an effort to the outbox.
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
  // The words shown, in the page's language (player.html): "{name}" is filled in by fill; a
  // plural is { one, other }, chosen by the language's rule.
  const WORDS = JSON.parse(document.getElementById("player-words").textContent);
  const LABELS = WORDS.labels;
  const lang = document.documentElement.dataset.speechLang || document.documentElement.lang || "en";
  const plurals = new Intl.PluralRules(lang);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  const plural = (forms, n, values) => fill(plurals.select(n) === "one" ? forms.one : forms.other, values);

  const RESUME_FOR_MS = 12 * 3600 * 1000; // an older unfinished session is closed, not offered
  const ownerMeta = document.querySelector('meta[name="footwork-owner"]');
  const STATE_KEY = `footwork-session:${(ownerMeta && ownerMeta.content) || "me"}`;

  const soundBox = $("sound-on"), voiceBox = $("voice-on");
  soundBox.checked = (localStorage.getItem("footwork-sound") || root.dataset.sound) === "on";
  voiceBox.checked = (localStorage.getItem("footwork-voice") || root.dataset.voice) === "on";
  soundBox.addEventListener("change", () => localStorage.setItem("footwork-sound", soundBox.checked ? "on" : "off"));
  // While the voice speaks each cue, a screen reader is not also told the cue text.
  const cueLive = () => $("cue-text").setAttribute("aria-live", voiceBox.checked && window.speechSynthesis ? "off" : "assertive");
  voiceBox.addEventListener("change", () => {
    localStorage.setItem("footwork-voice", voiceBox.checked ? "on" : "off");
    if (!voiceBox.checked && window.speechSynthesis) speechSynthesis.cancel();
    cueLive();
  });
  cueLive();

  const beep = window.footworkBeeper(() => soundBox.checked);

  // The camera check (camera.js) follows the cues through these events and speaks through say.
  const tell = (name, detail) => root.dispatchEvent(new CustomEvent(`footwork:${name}`, { detail }));
  root.addEventListener("footwork:say", (event) => say(event.detail));

  // The page's language for the voice: the device's voice for it, else its default voice, with
  // a note on the page (the voices arrive late in some browsers: voiceschanged).
  function voiceFor() {
    if (!window.speechSynthesis) return null;
    const voices = speechSynthesis.getVoices();
    const voice = voices.find((v) => v.lang.toLowerCase().startsWith(lang.slice(0, 2).toLowerCase())) || null;
    $("voice-note").hidden = voices.length === 0 || voice !== null;
    return voice;
  }
  if (window.speechSynthesis) {
    voiceFor();
    if (speechSynthesis.addEventListener) speechSynthesis.addEventListener("voiceschanged", voiceFor);
  }

  function say(text) {
    if (!voiceBox.checked || !window.speechSynthesis) return;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    const voice = voiceFor();
    if (voice) utterance.voice = voice;
    speechSynthesis.speak(utterance);
  }

  const awake = window.footworkAwake((how) => {
    root.dataset.awake = how;
    $("awake-note").hidden = how !== "none";
  });

  // -- state -------------------------------------------------------------------------------
  let sessionId = footworkUuid();
  let index = 0, anchor = 0, pausedAt = null, cueStarted = 0, cuePaused = 0, wallStarted = null;
  let running = false, timer = null, done = 0, skipped = 0;
  const planned = cues.filter((c) => c.kind === "work").length;

  const endMs = (i) => (cues[i].offset_s + cues[i].duration_s) * scale;
  const now = () => performance.now();
  const wall = (t) => new Date(Date.now() - (now() - t)).toISOString();

  // -- kept in the browser, for a reload or a closed tab -------------------------------------
  function loadSaved() {
    try { return JSON.parse(localStorage.getItem(STATE_KEY) || "null"); } catch (error) { return null; }
  }
  function save() {
    localStorage.setItem(STATE_KEY, JSON.stringify({
      sessionId, ids, speed, index, done, skipped, savedAt: Date.now(),
    }));
  }
  function forget() { localStorage.removeItem(STATE_KEY); }

  function begin(at) {
    $("intro").hidden = true;
    $("stage").hidden = false;
    document.body.classList.add("in-session");
    running = true;
    awake.acquire();
    anchor = now() - cues[at].offset_s * scale;
    startCue(at);
    schedule();
    $("pause").focus();
  }

  function start() {
    const old = loadSaved();
    if (old && old.sessionId !== sessionId) {
      // A new session instead of the unfinished one: that one ends on the server too.
      Outbox.add("POST", `/api/sessions/${old.sessionId}/finish`, { ended_at: new Date(old.savedAt).toISOString() });
      forget();
    }
    Outbox.add("PUT", `/api/sessions/${sessionId}`, { exercise_ids: ids, started_at: new Date().toISOString() });
    begin(0);
  }

  function resume(saved) {
    sessionId = saved.sessionId;
    done = saved.done;
    skipped = saved.skipped;
    begin(saved.index); // the cue it stopped in, from its start: its effort was not sent yet
  }

  function offerResume() {
    const saved = loadSaved();
    if (!saved || !saved.sessionId || !Array.isArray(saved.ids)) return;
    if (Date.now() - saved.savedAt > RESUME_FOR_MS) {
      Outbox.add("POST", `/api/sessions/${saved.sessionId}/finish`, { ended_at: new Date(saved.savedAt).toISOString() });
      forget();
      return;
    }
    const same = JSON.stringify(saved.ids) === JSON.stringify(ids) && saved.index < cues.length;
    const names = saved.ids.map((id) => titles[id] || id).join(", ");
    $("resume").hidden = false;
    $("start").textContent = WORDS.start_new;
    $("start").classList.remove("primary");
    if (same) {
      const cue = cues[saved.index];
      $("resume-text").textContent = plural(WORDS.stopped_during, planned, {
        title: titles[cue.exercise] || cue.exercise, time: fmt(cue.offset_s), done: saved.done, planned,
      });
      $("resume-button").addEventListener("click", () => resume(saved));
      $("resume-button").focus();
    } else {
      // Another page's session: its own page resumes it.
      const query = saved.ids.map((id) => `ids=${encodeURIComponent(id)}`).join("&");
      $("resume-text").textContent = fill(WORDS.unfinished, { names });
      $("resume-button").hidden = true;
      const link = $("resume-link");
      link.href = `/session?${query}&speed=${encodeURIComponent(saved.speed || 1)}`;
      link.hidden = false;
    }
  }

  function startCue(i) {
    index = i;
    cueStarted = now();
    cuePaused = 0;
    save();
    const cue = cues[i];
    tell("cue", { cue, index: i, sessionId });
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
    awake.release();
    tell("end", { sessionId });
    Outbox.add("POST", `/api/sessions/${sessionId}/finish`, { ended_at: new Date().toISOString() });
    forget();
    document.body.classList.remove("in-session");
    if (outcome === "completed") beep(660, 400);
    $("stage").hidden = true;
    $("finished").hidden = false;
    $("finished-title").textContent = outcome === "completed" ? WORDS.complete : WORDS.stopped;
    $("summary").textContent = plural(skipped ? WORDS.summary_skipped : WORDS.summary, planned, { done, planned, skipped });
    $("pain-after").href = `/checkin?context=after&session_id=${sessionId}`;
    $("finished-title").focus();
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
      tell("pause", { paused: pausedAt !== null });
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
    if (cue.side) parts.push(WORDS[cue.side] || cue.side);
    if (cue.direction) parts.push(WORDS[cue.direction] || cue.direction);
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

  // The exercise's drawing (and its demonstration, inside it) while getting ready for it.
  function showDrawing(cue) {
    for (const figure of document.querySelectorAll("#drawings > figure")) {
      figure.hidden = !(cue.kind === "prepare" && figure.dataset.exercise === cue.exercise);
    }
  }

  function render() {
    const cue = cues[index];
    const elapsed = elapsedMs() / scale;
    const remaining = Math.max(0, cue.offset_s + cue.duration_s - elapsed);
    root.dataset.kind = pausedAt !== null ? "paused" : cue.kind;
    $("exercise").textContent = titles[cue.exercise] || cue.exercise;
    $("label").textContent = pausedAt !== null ? WORDS.paused : LABELS[cue.kind];
    const counters = [];
    if (cue.kind === "work" && cue.reps > 1) counters.push(fill(WORDS.rep, { rep: cue.rep, reps: cue.reps }));
    if (sideWords(cue)) counters.push(sideWords(cue));
    $("counters").textContent = counters.join("   ");
    const whole = Math.ceil(remaining - 1e-9);
    $("countdown").textContent = whole < 60 ? String(whole) : fmt(remaining);
    $("cue-text").textContent = cue.text;
    showNotes(cue);
    showDrawing(cue);
    const next = cues[index + 1];
    $("next").textContent = cue.kind === "session-done" ? "" : next && next.kind !== "session-done" ? fill(WORDS.next, { text: next.text }) : WORDS.next_end;
    const total = Math.max(timeline.total_s, 1e-9);
    const fraction = Math.min(1, Math.max(0, elapsed / total));
    $("bar").style.width = `${(fraction * 100).toFixed(1)}%`;
    document.querySelector(".progress").setAttribute("aria-valuenow", String(Math.round(fraction * 100)));
    $("clock").textContent = `${fmt(Math.min(elapsed, total))} / ${fmt(total)}`;
    $("pause").textContent = pausedAt !== null ? WORDS.resume : WORDS.pause;
  }

  $("start").addEventListener("click", start);
  $("pause").addEventListener("click", () => controls.pause());
  $("skip").addEventListener("click", () => controls.skip());
  $("back").addEventListener("click", () => controls.back());
  $("quit").addEventListener("click", () => controls.quit());
  // The keys work wherever the focus is, the Sound and Voice boxes included (space pauses there
  // rather than ticking the box); not while typing in a text field, nor on a button or link,
  // where space and Enter press it.
  const typing = (target) => target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && target.type !== "checkbox" && target.type !== "radio");
  const pressable = (target) => target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement;
  document.addEventListener("keydown", (event) => {
    if (!running || typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if ((key === " " && !pressable(event.target)) || key === "p") { event.preventDefault(); controls.pause(); }
    else if (key === "s") controls.skip();
    else if (key === "b") controls.back();
    else if (key === "q") controls.quit();
  });
  // A checkbox ticks itself on the space key's release: not when space paused.
  document.addEventListener("keyup", (event) => {
    if (running && event.key === " " && event.target instanceof HTMLInputElement && event.target.type === "checkbox") event.preventDefault();
  });

  offerResume();

  Outbox.onChange((count, problem) => {
    const text = count === 0 ? "" :
      plural(problem === "offline" ? WORDS.offline : problem === "login" ? WORDS.login : WORDS.saving, count, { count });
    $("sync").textContent = text;
    root.dataset.pending = String(count);
  });
})();
