// Short beeps through Web Audio, for the player and the balance test. Where a browser has no
// audio the beeps are silent and nothing else changes.
"use strict";
window.footworkBeeper = function footworkBeeper(enabled) {
  let audio = null;
  return function beep(frequency, ms) {
    if (!enabled()) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.25, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + ms / 1000);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + ms / 1000);
    } catch (e) { /* no audio here: carry on silently */ }
  };
};
