// Footwork's service worker: the app shell and the person's last pages, kept so the app opens
// and a whole session runs with the server down; and the reminders that arrive by Web Push.
// Served at /sw.js by footwork.web.pwa, which writes the version below. See docs/offline.md.
"use strict";

const VERSION = "__FOOTWORK_SHELL_VERSION__";
const SHELL = `footwork-shell-${VERSION}`;
// A person's pages live in a cache of their own, named after them, and only while they are
// the one using this browser: another person's pages are never shown, and logging out, or a
// page asking to log in, deletes them.
const PERSON_PREFIX = `footwork-person-${VERSION}-`;
const STATE = "footwork-state"; // who the pages belong to (one entry), across versions
const OWNER_KEY = "/__footwork/owner";
const ICON = "/static/icons/icon-192.png";

const STATIC_FILES = [
  "/static/app.css", "/static/page.js", "/static/outbox.js", "/static/pwa.js",
  "/static/player.js", "/static/sound.js", "/static/balance.js", "/static/favicon.svg",
  "/static/icons/icon-192.png", "/static/icons/icon-512.png",
  "/static/icons/maskable-512.png", "/static/icons/apple-touch-icon.png",
  "/manifest.webmanifest",
];
// The person's pages cached on install; each exercise page found on /exercises joins them,
// and each demonstration a kept page draws.
const PERSON_PAGES = ["/today", "/session", "/checkin", "/exercises"];
// Pages and JSON kept for offline use, fetched from the server first whenever it answers.
const PERSON_PATHS = [
  /^\/today$/, /^\/session$/, /^\/checkin$/, /^\/balance$/, /^\/exercises$/,
  /^\/exercises\/[a-z0-9-]+$/, /^\/clinic\/exercises\/[a-z0-9-]+\/drawing$/,
  /^\/api\/today$/, /^\/api\/exercises$/, /^\/api\/timeline$/, /^\/demos\/[a-z0-9-]+\.json$/,
];

// -- who the person is ------------------------------------------------------------------------

async function currentOwner() {
  const answer = await (await caches.open(STATE)).match(OWNER_KEY);
  return answer ? answer.text() : "";
}

// Makes `owner` the person whose pages are kept, forgetting anyone else's. The generation a
// page fetched at generation `since` may be kept under: a new one when others were forgotten.
async function setOwner(owner, since) {
  const previous = await currentOwner();
  if (previous === owner) return since;
  const now = await forgetPeople(owner);
  await (await caches.open(STATE)).put(OWNER_KEY, new Response(owner));
  return now;
}

// Counts the times pages were forgotten: a page fetched before then is not kept after.
let generation = 0;

// Deletes every person's cache but `keep`'s (all of them when keep is "").
async function forgetPeople(keep) {
  const now = ++generation;
  const names = await caches.keys();
  await Promise.all(names
    .filter((name) => name.startsWith("footwork-person-") && (!keep || name !== PERSON_PREFIX + keep))
    .map((name) => caches.delete(name)));
  if (!keep) await (await caches.open(STATE)).delete(OWNER_KEY); // no one's pages any more
  return now;
}

// The owner a page names in <meta name="footwork-owner">: "" for a clinician or no one.
function ownerOf(html) {
  const match = /<meta name="footwork-owner" content="([^"]*)">/.exec(html);
  return match ? match[1] : "";
}

const isHtml = (response) => (response.headers.get("content-type") || "").startsWith("text/html");
const isJson = (response) => (response.headers.get("content-type") || "").startsWith("application/json");

// A copy of `response` stamped with when it was fetched, to say so when it is shown offline.
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set("X-Footwork-Fetched-At", new Date().toISOString());
  return new Response(await response.clone().blob(), { status: response.status, headers });
}

// Keeps a person's page or JSON from the network; only a plain 200 that is theirs, fetched
// since the last logout (`since` is the generation when the request went out).
async function keep(request, response, since) {
  if (response.status !== 200 || response.redirected || since !== generation) return;
  let owner;
  if (isHtml(response)) {
    owner = ownerOf(await response.clone().text());
    if (!owner) return; // a clinician's page, or no one logged in: nothing is kept
    if (since !== generation) return;
    since = await setOwner(owner, since);
  } else if (isJson(response) || (response.headers.get("content-type") || "").startsWith("image/")) {
    owner = await currentOwner();
    if (!owner) return;
  } else {
    return;
  }
  const copy = await stamped(response);
  const cache = await caches.open(PERSON_PREFIX + owner);
  if (since === generation) await cache.put(request, copy); // no logout in between
}

// -- install and update -------------------------------------------------------------------------

// The person's pages, and everything they load from /static/ (drawings included). A page that
// cannot be had now (no one logged in, readiness questions due) is kept on a later visit.
async function keepPersonPages() {
  const shell = await caches.open(SHELL);
  const pages = [...PERSON_PAGES];
  for (let i = 0; i < pages.length; i++) {
    try {
      const request = new Request(pages[i], { cache: "reload", credentials: "same-origin" });
      const since = generation;
      const response = await fetch(request);
      await keep(request, response, since);
      const html = await response.text(); // read it all: an unread body holds a connection
      if (!isHtml(response) || response.redirected) continue;
      // the exercise pages, and the demonstrations they and the player draw
      for (const [, path] of html.matchAll(/(?:href|data-demo)="(\/(?:exercises\/[a-z0-9-]+|demos\/[a-z0-9-]+\.json))"/g)) {
        if (!pages.includes(path)) pages.push(path);
      }
      const files = [...html.matchAll(/(?:src|href)="(\/static\/[^"?#]+)"/g)].map((m) => m[1]);
      await Promise.all(files.map(async (file) => {
        if (!(await shell.match(file))) await shell.add(new Request(file, { cache: "reload" }));
      }));
    } catch (error) {
      console.warn("Footwork: could not keep a page for offline use", pages[i], error);
    }
  }
}

async function precache() {
  const shell = await caches.open(SHELL);
  await shell.addAll(STATIC_FILES.map((url) => new Request(url, { cache: "reload" })));
  await keepPersonPages();
}

// A page of a person whose shell pages are not all kept (the worker was installed before they
// logged in) asks for them; at most once a minute.
let lastKept = 0;
self.addEventListener("message", (event) => {
  // A page opened while this worker took over, and so left out of its claim, asks again.
  if (event.data && event.data.type === "claim") { event.waitUntil(self.clients.claim()); return; }
  // A page of no one's (the login page, a clinician's) forgets every person's pages.
  if (event.data && event.data.type === "no-one") { event.waitUntil(forgetPeople("")); return; }
  if (!event.data || event.data.type !== "keep-pages" || !event.data.owner) return;
  event.waitUntil((async () => {
    const cache = await caches.open(PERSON_PREFIX + event.data.owner);
    const missing = await Promise.all(PERSON_PAGES.map(async (path) => !(await cache.match(path))));
    if (!missing.some(Boolean) || Date.now() - lastKept < 60000) return;
    lastKept = Date.now();
    await keepPersonPages();
  })());
});

self.addEventListener("install", (event) => {
  // The new version takes over at once; pages reload on "controllerchange" (pwa.js), except a
  // page in the middle of a session, which says a new version is ready and reloads afterwards.
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith("footwork-") && name !== STATE && name !== SHELL &&
                        !name.startsWith(PERSON_PREFIX))
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// -- answering requests -------------------------------------------------------------------------

function offlineCopy(response, request) {
  // A page shown from the cache says so: pwa.js reads the attribute and writes the note.
  const fetchedAt = response.headers.get("X-Footwork-Fetched-At") || "";
  if (request.mode !== "navigate" || !isHtml(response)) return response;
  return response.text().then((html) => {
    // The first tag only: <html lang=".." data-speech-lang=".."> in every language.
    const marked = html.replace(/<html\b/,
      `<html data-offline-as-of="${fetchedAt.replace(/[^0-9TZ:.+-]/g, "")}"`);
    return new Response(marked, { status: 200, headers: response.headers });
  });
}

async function fromCache(request) {
  const owner = await currentOwner();
  if (!owner) return null;
  const cache = await caches.open(PERSON_PREFIX + owner);
  const url = new URL(request.url);
  // The exact page, else the same page as last fetched (/checkin?context=after reads its
  // context from the address; /session plays what was due when it was kept).
  const exact = await cache.match(request);
  if (exact || request.mode !== "navigate") return exact || null; // JSON: only its own answer
  return (await cache.match(url.pathname)) || (await cache.match(request, { ignoreSearch: true }));
}

async function networkFirst(event) {
  const request = event.request;
  const since = generation;
  try {
    const response = await fetch(request);
    if (response.redirected && new URL(response.url).pathname === "/login") {
      event.waitUntil(forgetPeople(""));
    } else {
      event.waitUntil(keep(request, response.clone(), since).catch(() => {}));
    }
    return response;
  } catch (error) {
    const cached = await fromCache(request);
    if (cached) return offlineCopy(cached, request);
    if (request.mode === "navigate") {
      return new Response(
        "Footwork cannot reach its server, and this page was not kept on this device. " +
        "Today, the session and the pain check-in open offline once visited.",
        { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}

async function cacheFirst(request) {
  const shell = await caches.open(SHELL);
  const cached = await shell.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.status === 200) await shell.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Logging out forgets the person's pages; every other write goes straight to the server.
    if (url.pathname === "/logout") event.waitUntil(forgetPeople(""));
    return;
  }
  // Never a token's answer, nor anything but our list (clinicians' pages are not on it).
  if (request.headers.has("authorization")) return;
  if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(cacheFirst(request));
  } else if (PERSON_PATHS.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(networkFirst(event));
  }
});

// -- reminders by Web Push ----------------------------------------------------------------------
// The server sends JSON {"title": str, "body": str, "url": "/today", "lang": "de"}: the words
// come in the person's language, and `lang` tells the system which it is.

function appPath(value) {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/today";
}

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = { body: event.data ? event.data.text() : "" };
  }
  const title = typeof message.title === "string" && message.title ? message.title : "Footwork";
  const body = typeof message.body === "string" ? message.body : "";
  const lang = typeof message.lang === "string" && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(message.lang) ? message.lang : "";
  event.waitUntil(self.registration.showNotification(title, {
    body, lang, icon: ICON, badge: ICON, tag: "footwork-reminder", data: { url: appPath(message.url) },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(appPath(event.notification.data && event.notification.data.url), self.location.origin);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    const same = windows.find((client) => new URL(client.url).pathname === target.pathname);
    if (same) return same.focus();
    if (windows.length) {
      const client = await windows[0].focus();
      return client.navigate ? client.navigate(target.href) : self.clients.openWindow(target.href);
    }
    return self.clients.openWindow(target.href);
  })());
});
