// Keeps the screen awake during a session. The Wake Lock API where the browser has it (a secure
// context: https or localhost); else, as the nosleep.js library does, a silent video playing in a
// loop, which phones treat as something being watched (over http:// on the local network the
// Wake Lock API is missing). The video files are nosleep.js's own, served from our origin
// (tools/make_nosleep_video.py), so media-src stays 'self'.
// footworkAwake(onChange) -> { acquire(), release() }; onChange("wake-lock" | "video" | "none").
"use strict";

window.footworkAwake = (onChange) => {
  let lock = null, video = null, wanted = false;

  function makeVideo() {
    const element = document.createElement("video");
    element.setAttribute("title", "Keeps the screen awake");
    element.setAttribute("playsinline", "");
    element.muted = true;
    element.loop = true;
    for (const [kind, type] of [["webm", "video/webm"], ["mp4", "video/mp4"]]) {
      const source = document.createElement("source");
      source.src = `/static/awake.${kind}`;
      source.type = type;
      element.append(source);
    }
    // As nosleep.js does for a longer clip: jump back before the end so it never stops.
    element.addEventListener("timeupdate", () => {
      if (element.duration > 1 && element.currentTime > element.duration - 0.5) element.currentTime = 0;
    });
    return element;
  }

  async function byLock() {
    if (!("wakeLock" in navigator) || !navigator.wakeLock) return false;
    try {
      lock = await navigator.wakeLock.request("screen");
      lock.addEventListener("release", () => { lock = null; });
      return true;
    } catch (error) {
      lock = null;
      return false;
    }
  }

  async function byVideo() {
    if (!video) video = makeVideo();
    try {
      await video.play();
      return true;
    } catch (error) {
      return false;
    }
  }

  // Call it from a tap (Start, Resume): a video may only start playing after one.
  async function acquire() {
    wanted = true;
    if (lock) return;
    if (await byLock()) {
      if (video) video.pause();
      onChange("wake-lock");
    } else if (await byVideo()) {
      onChange("video");
    } else {
      onChange("none");
    }
  }

  function release() {
    wanted = false;
    if (lock) { lock.release().catch(() => {}); lock = null; }
    if (video) video.pause();
  }

  // A wake lock ends when the page is hidden, and a hidden page's video stops: take it again.
  document.addEventListener("visibilitychange", () => {
    if (wanted && document.visibilityState === "visible") acquire();
  });

  return { acquire, release };
};
