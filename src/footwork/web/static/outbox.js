// The outbox: every write a session makes is kept in IndexedDB and sent in order, again and
// again until the server has it. Each write is idempotent (the ids are made here), so sending
// one twice changes nothing, and a write lost with the network is sent when it comes back.
// Every page loads it, so writes left over from a session go out from whatever page is open;
// each write belongs to the person who made it and is sent only while that person is here.
"use strict";

// A random (v4) UUID; crypto.randomUUID exists only on HTTPS and localhost, this works on a
// phone reaching the app over the local network too.
function footworkUuid() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const Outbox = (() => {
  const DB_NAME = "footwork", STORE = "outbox";
  let dbPromise = null;
  let flushing = false;
  let listeners = [];
  const answerListeners = []; // told of each answer the server gives (the camera's live figures)

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }

  function tx(mode, work) {
    return open().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = work(t.objectStore(STORE));
      t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
    }));
  }

  function meta(name) {
    const element = document.querySelector(`meta[name="${name}"]`);
    return element ? element.content : "";
  }
  const csrf = () => meta("csrf-token");
  const owner = () => meta("footwork-owner");

  async function add(method, url, body) {
    await tx("readwrite", (s) => s.add({ method, url, body, owner: owner(), added: Date.now() }));
    notify();
    flush();
  }

  // The current person's items, oldest first.
  function mine() {
    const me = owner();
    if (!me) return Promise.resolve([]);
    return open().then((db) => new Promise((resolve, reject) => {
      const request = db.transaction(STORE, "readonly").objectStore(STORE).getAll();
      request.onsuccess = () => resolve(request.result.filter((item) => item.owner === me));
      request.onerror = () => reject(request.error);
    }));
  }

  const pending = () => mine().then((items) => items.length);
  const oldest = () => mine().then((items) => items[0] || null);

  function remove(seq) {
    return tx("readwrite", (s) => s.delete(seq));
  }

  async function send(item) {
    const response = await fetch(item.url, {
      method: item.method,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(item.body),
      credentials: "same-origin",
    });
    if (response.ok && answerListeners.length) {
      response.clone().json().then((body) => {
        for (const listener of answerListeners) listener(item, body);
      }).catch(() => {});
    }
    return response.status;
  }

  // Sends the oldest item until none is left or the server cannot be reached.
  async function flush() {
    if (flushing) return;
    flushing = true;
    let problem = null;
    try {
      for (;;) {
        const item = await oldest();
        if (!item) break;
        let status;
        try {
          status = await send(item);
        } catch (error) {
          problem = "offline";
          break;
        }
        if (status >= 200 && status < 300) {
          await remove(item.seq);
        } else if (status === 401 || status === 403) {
          problem = "login";
          break;
        } else if (status >= 500 || status === 429) {
          problem = "server";
          break;
        } else {
          // A write the server will never take (a 4xx other than login): keep the rest moving.
          console.warn("Footwork: dropped a write the server refused", status, item);
          await remove(item.seq);
        }
      }
    } finally {
      flushing = false;
      notify(problem);
    }
    if (problem) setTimeout(flush, 2000);
  }

  async function notify(problem) {
    const count = await pending();
    for (const listener of listeners) listener(count, problem || null);
  }

  window.addEventListener("online", () => flush());
  setInterval(() => flush(), 5000);
  let waiting = 0;
  listeners.push((count) => { waiting = count; });
  window.addEventListener("beforeunload", (event) => {
    if (waiting > 0) { event.preventDefault(); event.returnValue = ""; }
  });
  flush();

  // Deletes every write of `who` still waiting (after they erased everything).
  function forget(who) {
    return tx("readwrite", (s) => {
      s.openCursor().onsuccess = (event) => {
        const cursor = event.target.result;
        if (!cursor) return;
        if (cursor.value.owner === who) cursor.delete();
        cursor.continue();
      };
    }).then(() => notify());
  }

  return {
    add, flush, pending, forget,
    onAnswer(listener) { answerListeners.push(listener); },
    onChange(listener) { listeners.push(listener); notify(); },
  };
})();
