// The outbox: every write a session makes is kept in IndexedDB and sent in order, again and
// again until the server has it. Each write is idempotent (the ids are made here), so sending
// one twice changes nothing, and a write lost with the network is sent when it comes back.
"use strict";

const Outbox = (() => {
  const DB_NAME = "footwork", STORE = "outbox";
  let dbPromise = null;
  let flushing = false;
  let listeners = [];

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

  function csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  async function add(method, url, body) {
    await tx("readwrite", (s) => s.add({ method, url, body, added: Date.now() }));
    notify();
    flush();
  }

  function pending() {
    return tx("readonly", (s) => s.count());
  }

  function oldest() {
    return open().then((db) => new Promise((resolve, reject) => {
      const request = db.transaction(STORE, "readonly").objectStore(STORE).openCursor();
      request.onsuccess = () => resolve(request.result ? request.result.value : null);
      request.onerror = () => reject(request.error);
    }));
  }

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

  return {
    add, flush, pending,
    onChange(listener) { listeners.push(listener); notify(); },
  };
})();
