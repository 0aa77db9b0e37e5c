// Reminders on this device (Settings): ask for permission, subscribe through the service
// worker's PushManager with the server's VAPID key, and tell the server (POST
// /api/push/subscriptions); stop again (DELETE, then unsubscribe). Without a secure context
// or without push support the page keeps saying so instead of offering a dead button.
"use strict";

(() => {
  const root = document.getElementById("push-settings");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
  const supported =
    window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) return; // the "cannot be turned on here" line stays

  const state = $("push-state"), on = $("push-on"), off = $("push-off");
  $("push-unavailable").hidden = true;
  $("push-buttons").hidden = false;
  state.hidden = false;

  const say = (text) => { state.textContent = text; };
  // The words in the page's language (_push_settings.html); {name} parts filled in here.
  const words = JSON.parse($("push-words").textContent);
  const fill = (text, parts) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in parts ? parts[name] : whole));
  const lang = document.documentElement.lang || undefined;
  const onBox = $("push-on-box"), offBox = $("push-off-box");
  const show = (subscribed) => {
    onBox.hidden = subscribed || Notification.permission === "denied";
    offBox.hidden = !subscribed;
  };

  // The VAPID key arrives as base64url; PushManager wants its bytes.
  const keyBytes = (text) => {
    const base64 = (text + "=".repeat((4 - (text.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };

  const deviceLabel = () => {
    const ua = navigator.userAgent;
    const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox"
      : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Browser";
    const system = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS"
      : /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
    return system ? fill(words.browser_on, { browser, system }) : browser;
  };

  // navigator.serviceWorker.ready never settles when no worker is registered: give up after a while.
  const registration = () =>
    Promise.race([
      navigator.serviceWorker.ready,
      new Promise((_, reject) => setTimeout(() => reject(new Error("no-worker")), 10000)),
    ]);

  // The person's devices, names as text (a name is whatever the browser or person gave).
  async function listDevices() {
    try {
      const answer = await fetch("/api/push/subscriptions", { headers: { Accept: "application/json" } });
      if (!answer.ok) return;
      const devices = await answer.json();
      const list = $("push-devices");
      list.replaceChildren(...devices.map((d) => {
        const item = document.createElement("li");
        const since = new Date(d.created_at).toLocaleDateString(lang, { day: "numeric", month: "short", year: "numeric" });
        item.textContent = fill(words.device, { label: d.label || words.a_device, service: d.service, since });
        return item;
      }));
      $("push-devices-box").hidden = devices.length === 0;
    } catch (error) { /* the list is a convenience; the buttons still work */ }
  }

  async function refresh() {
    listDevices();
    try {
      const reg = await registration();
      const subscription = await reg.pushManager.getSubscription();
      if (Notification.permission === "denied") {
        say(words.blocked);
      } else {
        say(subscription ? words.on : words.off);
      }
      show(Boolean(subscription) && Notification.permission === "granted");
    } catch (error) {
      say(words.setting_up);
      onBox.hidden = offBox.hidden = true;
    }
  }

  async function turnOn() {
    on.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        say(permission === "denied" ? words.blocked : words.refused);
        show(false);
        return;
      }
      const answer = await fetch("/api/push/key", { headers: { Accept: "application/json" } });
      if (!answer.ok) throw new Error(`key ${answer.status}`);
      const { public_key: publicKey } = await answer.json();
      const reg = await registration();
      let subscription = await reg.pushManager.getSubscription();
      if (subscription) await subscription.unsubscribe(); // it may hold an older key
      subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
      const saved = await fetch("/api/push/subscriptions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf(), Accept: "application/json" },
        body: JSON.stringify({ ...subscription.toJSON(), label: deviceLabel() }),
      });
      if (!saved.ok) {
        await subscription.unsubscribe();
        let reason = `the server answered ${saved.status}`;
        try {
          const detail = (await saved.json()).detail;
          if (Array.isArray(detail) && detail[0]) reason = `${detail[0].field}: ${detail[0].message}`;
          else if (typeof detail === "string") reason = detail;
        } catch (e) { /* keep the status */ }
        say(fill(words.not_on_because, { reason }));
        show(false);
        return;
      }
      say(words.on);
      show(true);
      listDevices();
    } catch (error) {
      say(words.not_on);
      show(false);
    } finally {
      on.disabled = false;
    }
  }

  async function turnOff() {
    off.disabled = true;
    try {
      const reg = await registration();
      const subscription = await reg.pushManager.getSubscription();
      if (subscription) {
        const url = `/api/push/subscriptions?endpoint=${encodeURIComponent(subscription.endpoint)}`;
        const answer = await fetch(url, { method: "DELETE", headers: { "X-CSRF-Token": csrf() } });
        if (!answer.ok && answer.status !== 404) throw new Error(`delete ${answer.status}`);
        await subscription.unsubscribe();
      }
      say(words.off);
      show(false);
      listDevices();
    } catch (error) {
      say(words.not_off);
    } finally {
      off.disabled = false;
    }
  }

  on.addEventListener("click", turnOn);
  off.addEventListener("click", turnOff);
  refresh();
})();
