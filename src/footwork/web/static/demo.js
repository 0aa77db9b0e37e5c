// Animated demonstrations: a stick figure of both legs (from where the camera coach looks), drawn in SVG from the movement
// model the camera coach is tested on (GET /demos/<id>.json, footwork.vision.demo). It loops
// the first effort of each exercise; with prefers-reduced-motion it stands still until Play.
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const CHAIN = ["hip", "knee", "ankle", "heel", "toe", "ankle"];
  const reduced = window.matchMedia("(prefers-reduced-motion: reduce)");

  function element(name, attributes) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
    return node;
  }

  function draw(figure, data) {
    const svg = figure.querySelector("svg");
    const [x, , width] = data.box;
    svg.setAttribute("viewBox", data.box.join(" "));
    svg.append(element("line", { class: "floor", x1: x, x2: x + width, y1: data.floor, y2: data.floor }));
    const order = CHAIN.map((joint) => data.joints.indexOf(joint));
    const legs = data.legs.map((leg, i) => {
      const path = element("polyline", { class: `leg leg-${leg}` });
      svg.append(path);
      return { path, base: i * data.joints.length };
    });
    // The words, in the page's language (_demo.html).
    const words = JSON.parse(figure.dataset.words);
    const phase = figure.querySelector(".demo-phase");
    figure.querySelector(".demo-view").textContent = words.caption.replace("{view}", words.views[data.view] || data.view);
    const button = figure.querySelector("button");
    const show = (i) => {
      const frame = data.frames[i];
      legs.forEach(({ path, base }) => {
        path.setAttribute("points", order.map((k) => frame[base + k].join(",")).join(" "));
      });
      phase.textContent = words.phases[data.phases[i]] || "";
    };
    let playing = false, started = 0, offset = 0, frameIndex = 0;
    const tick = (now) => {
      if (!playing) return;
      requestAnimationFrame(tick);
      if (figure.offsetParent === null) return; // hidden (the player shows one at a time)
      frameIndex = (offset + Math.floor(((now - started) / 1000) * data.fps)) % data.frames.length;
      show(frameIndex);
    };
    const play = (on) => {
      playing = on;
      button.textContent = on ? words.pause : words.play;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) {
        offset = frameIndex;
        started = performance.now();
        requestAnimationFrame(tick);
      }
    };
    button.addEventListener("click", () => play(!playing));
    frameIndex = data.phases.indexOf(data.phases.find((p) => p !== "rest"));
    show(Math.max(frameIndex, 0));
    figure.hidden = false;
    play(!reduced.matches);
  }

  document.querySelectorAll("figure[data-demo]").forEach((figure) => {
    fetch(figure.dataset.demo, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => draw(figure, data))
      .catch(() => figure.remove()); // no model for this exercise, or offline and not cached
  });
})();
