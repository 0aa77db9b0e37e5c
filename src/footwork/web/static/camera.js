// The player's camera check: the pose model runs here, on the device, on the camera's frames;
// only the leg and foot points of each frame leave the page, in batches through the outbox to
// this person's own Footwork, which answers with the live figures of the exercise's analysis.
// Any failure (no camera, refused, black picture) says so on the page; the session goes on.
import { poseModel, legPoints, viewOf, drawPoints, darkness } from "/static/camera-pose.js";

const root = document.getElementById("player");
const box = document.getElementById("camera-on");
if (root && box) {
  const $ = (id) => document.getElementById(id);
  const video = $("camera-video"), canvas = $("camera-points"), panel = $("camera");
  const KEY = "footwork-camera";
  const BATCH_MS = 500, DARK_FOR_MS = 2000;
  let stream = null, model = null, looping = false, lastVideoTime = -1, run = 0;
  let cue = null, paused = false, sessionId = null, clock = null;
  let frames = [], batchTimer = null, darkSince = null, lastDarkCheck = 0;
  let lastView = null, lastSaid = "", lastT = -1, framesSeen = 0;
  let newest = 0;
  const lastFrameAt = new Map(); // a batch's url -> when its last frame was taken

  // The words shown and said, in the page's language (_camera.html); "{name}" is filled in.
  const WORDS = JSON.parse($("camera-words").textContent);
  const lang = document.documentElement.dataset.speechLang || "en";
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  const decimal = new Intl.NumberFormat(lang === "en-XA" ? "en" : lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });
  const message = (text) => { $("camera-message").textContent = text; };
  const state = (name) => { panel.dataset.state = name; };

  // -- the session's clock and batch numbers, kept for a reload -------------------------------
  function sessionClock(id) {
    const key = `${KEY}:${id}`;
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { saved = null; }
    if (!saved) saved = { t0: Date.now(), seq: {} };
    const keep = () => localStorage.setItem(key, JSON.stringify(saved));
    keep();
    return {
      t: () => (Date.now() - saved.t0) / 1000,
      next(exercise) { const n = saved.seq[exercise] || 0; saved.seq[exercise] = n + 1; keep(); return n; },
      forget() { localStorage.removeItem(key); },
    };
  }

  // -- the camera -----------------------------------------------------------------------------
  async function open(deviceId) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      fail("no-camera", WORDS.no_camera_api);
      return;
    }
    state("starting");
    message(WORDS.starting);
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
      });
    } catch (error) {
      const name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") {
        fail("refused", WORDS.refused);
      } else if (name === "NotFoundError" || name === "OverconstrainedError") {
        fail("no-camera", WORDS.not_found);
      } else {
        fail("no-camera", WORDS.not_started);
      }
      return;
    }
    if (!box.checked) { close(); return; } // switched off while asking
    video.srcObject = stream;
    try { await video.play(); } catch (error) { /* autoplay refused: frames still arrive muted */ }
    listCameras();
    message(WORDS.loading);
    try {
      model = await poseModel();
    } catch (error) {
      console.warn("Footwork: the pose model did not load", error);
      fail("no-model", WORDS.no_model);
      return;
    }
    if (!stream) return;
    state("on");
    message("");
    looping = true;
    nextFrame(++run);
  }

  async function listCameras() {
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => []);
    const cameras = devices.filter((d) => d.kind === "videoinput");
    const select = $("camera-select");
    $("camera-pick").hidden = cameras.length < 2;
    if (cameras.length < 2) return;
    const current = stream && stream.getVideoTracks()[0] ? stream.getVideoTracks()[0].getSettings().deviceId : "";
    select.replaceChildren(...cameras.map((camera, i) => {
      const option = document.createElement("option");
      option.value = camera.deviceId;
      option.textContent = camera.label || fill(WORDS.camera_n, { n: i + 1 });
      option.selected = camera.deviceId === current;
      return option;
    }));
  }

  function close() {
    looping = false;
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.srcObject = null;
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
    canvas.dataset.points = "0";
    showView(null);
  }

  function fail(kind, text) {
    close();
    state(kind);
    message(text);
  }

  // -- each frame -----------------------------------------------------------------------------
  // Each new frame of the video once, with the time the camera took it: a frame analysed late on
  // a busy phone still counts at the moment it shows. Browsers without requestVideoFrameCallback
  // look for a new frame at every animation frame and take it as shown then. `mine` is the
  // camera's opening this chain belongs to: a chain of a closed camera stops.
  function nextFrame(mine) {
    if (video.requestVideoFrameCallback) video.requestVideoFrameCallback((now, meta) => loop(mine, meta.captureTime ?? now));
    else requestAnimationFrame(() => loop(mine, null));
  }

  function loop(mine, taken) {
    if (!looping || !stream || mine !== run) return;
    try {
      if (taken !== null) frame(taken);
      else if (video.readyState >= 2 && video.currentTime !== lastVideoTime) {
        lastVideoTime = video.currentTime;
        frame(performance.now());
      }
    } catch (error) {
      console.warn("Footwork: a camera frame failed", error);
    }
    nextFrame(mine);
  }

  function frame(taken) {
    const at = performance.now();
    const t = Math.round((clock ? clock.t() - (at - taken) / 1000 : 0) * 1000) / 1000;
    if (at - lastDarkCheck > 250) {
      lastDarkCheck = at;
      if (darkness(video)) {
        darkSince = darkSince === null ? at : darkSince;
        if (at - darkSince >= DARK_FOR_MS) {
          state("dark");
          message(WORDS.black);
          showView(null);
          return;
        }
      } else if (darkSince !== null) {
        darkSince = null;
        state("on");
        message("");
      }
    }
    if (darkSince !== null && at - darkSince >= DARK_FOR_MS) return;
    const result = model.detectForVideo(video, at);
    canvas.dataset.frames = String(++framesSeen); // for the benchmark (frames per second)
    const points = legPoints(result);
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.dataset.points = String(drawPoints(canvas, points));
    showView(viewOf(points));
    if (recording() && t > lastT) { frames.push({ t, ...points.sides }); lastT = t; newest = at; }
  }

  // What the count of an exercise without sides or directions is (report.counts' "" group).
  const NOUNS = WORDS.nouns;
  const VIEW_WORDS = WORDS.views;
  function showView(view) {
    const line = $("camera-view");
    line.dataset.view = view || "none";
    line.textContent = view ? VIEW_WORDS[view] : "";
    if (view && view !== lastView && view !== "feet" && recording()) speak(VIEW_WORDS[view]);
    lastView = view;
  }

  function speak(text) {
    if (text === lastSaid) return;
    lastSaid = text;
    root.dispatchEvent(new CustomEvent("footwork:say", { detail: text }));
  }

  // -- batches to the server, and its live figures ----------------------------------------------
  const recording = () => Boolean(cue && cue.kind === "work" && !paused && clock && looping);

  function send() {
    if (!frames.length || !cue || !sessionId) return;
    const batch = frames.splice(0, 300);
    const seq = clock.next(cue.exercise);
    const url = `/api/sessions/${sessionId}/camera/${encodeURIComponent(cue.exercise)}/batches/${seq}`;
    lastFrameAt.set(url, newest);
    const aspect = video.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : 4 / 3;
    Outbox.add("PUT", url, { aspect: Math.round(aspect * 10000) / 10000, frames: batch });
  }

  Outbox.onAnswer((item, body) => {
    if (!cue || !item.url.startsWith(`/api/sessions/${sessionId}/camera/`) || !body || !body.report) return;
    if (body.exercise_id !== cue.exercise) return;
    showLive(body);
    // From the newest frame of the batch to its figures on the page (the benchmark reads it).
    const taken = lastFrameAt.get(item.url);
    if (taken) $("camera-live").dataset.latencyMs = String(Math.round(performance.now() - taken));
    lastFrameAt.delete(item.url);
  });

  function showLive(body) {
    const report = body.report, live = body.live || {};
    const parts = [];
    if (report.cannot_see) parts.push(report.cannot_see);
    const noun = NOUNS[body.exercise_id] || WORDS.counted;
    for (const [group, count] of Object.entries(report.counts || {})) {
      parts.push(`${group ? group[0].toUpperCase() + group.slice(1) : noun}: ${count}`);
    }
    const onToes = (report.measures || {}).seconds_on_toes;
    if (typeof onToes === "number") parts.push(fill(WORDS.on_toes, { seconds: decimal.format(onToes) }));
    const efforts = (report.efforts || []).filter((e) => e.kind !== "still");
    if (efforts.length) {
      const last = efforts[efforts.length - 1];
      parts.push(fill(WORDS.last, { kind: WORDS.kinds[last.kind] || last.kind, seconds: decimal.format(Number(last.duration_s)) }));
    }
    const line = $("camera-live");
    line.textContent = parts.join(" · ");
    line.dataset.exercise = body.exercise_id;
    line.dataset.frames = String(body.frames || 0);
    line.dataset.shownAt = String(performance.now());
    // The server's word on the last second: "Feet out of view", "Hold steady"...
    if (live.message) { message(live.message); speak(live.message); } else { message(""); lastSaid = ""; }
  }

  // -- the player's cues ----------------------------------------------------------------------
  function showGuide() {
    for (const figure of document.querySelectorAll(".camera-guide")) {
      figure.hidden = !(cue && cue.kind === "prepare" && figure.dataset.exercise === cue.exercise);
    }
  }

  root.addEventListener("footwork:cue", (event) => {
    send(); // the last frames of the cue before
    const { detail } = event;
    if (detail.sessionId !== sessionId) { sessionId = detail.sessionId; clock = sessionClock(sessionId); }
    cue = detail.cue;
    lastSaid = "";
    if (cue.kind === "work") $("camera-live").textContent = "";
    showGuide();
  });
  root.addEventListener("footwork:pause", (event) => { paused = event.detail.paused; });
  root.addEventListener("footwork:end", () => {
    send();
    cue = null;
    if (clock) clock.forget();
    clearInterval(batchTimer);
    batchTimer = null;
    close();
    state("ended");
  });

  function switched() {
    localStorage.setItem(KEY, box.checked ? "on" : "off");
    $("camera-body").hidden = !box.checked;
    if (box.checked) {
      if (!batchTimer) batchTimer = setInterval(send, BATCH_MS);
      if (!stream) open();
    } else {
      send();
      close();
      state("off");
      message("");
    }
  }

  $("camera-select").addEventListener("change", (event) => { close(); open(event.target.value); });
  box.checked = localStorage.getItem(KEY) === "on";
  box.addEventListener("change", switched);
  if (box.checked) switched();
  panel.dataset.ready = "yes";
}
