/* Suara's kiosk service worker: a kiosk's survey form that keeps answers while offline.
 *
 * Served as /s/<token>/kiosk-sw.js with the form's own path /s/<token> as its scope, so it
 * sees that one kiosk's form and nothing else (no staff page, no other point). It:
 *
 *  - keeps a copy of the form page (per language), its styles and script, and the "saved
 *    on this device" page, so the kiosk opens while offline;
 *  - keeps a stock of form tokens the server signed for this kiosk (GET kiosk-tokens), and
 *    puts one into each form it shows from its copy, so every answer has a token of its own;
 *  - when posting an answer fails for the network, stores the form's body in IndexedDB
 *    with the moment it was given (queued_at) and shows the "saved" page;
 *  - sends the stored answers again, one by one and oldest first, when the page says the
 *    network is back (a "replay" message: on the online event, every 30 s, on each load),
 *    on Background Sync where the browser has it, and after each form fetched online. An
 *    answer is deleted only once the server acknowledged it (2xx or a redirect, which is
 *    also its answer to a token it already stored), so a replay whose acknowledgement got
 *    lost is recognised by the server's de-duplication and not stored twice.
 *
 * It tells the kiosk's pages what it holds (a "held" message: answers waiting, and the
 * status of each answer refused for good), on their asking and after each replay. A stock
 * refused for asking too often (429) keeps the old one until the server's Retry-After.
 *
 * Nothing but a POST to the form's own URL is ever queued. Plain JavaScript, no framework.
 * docs/kiosk.md tells the whole design.
 */
"use strict";

var FORM_PATH = new URL(self.registration.scope).pathname; // "/s/<token>"
var VERSION = "1";
var CACHE = "suara-kiosk-" + VERSION + ":" + FORM_PATH;
var DB_NAME = "suara-kiosk:" + FORM_PATH;
var QUEUE = "queue"; // {id, body, lang, queuedAt, refused?}: answers waiting to be sent
var STOCK = "stock"; // {token, fetchedAt}: tokens for forms shown while offline
var LANGUAGES = ["id", "en"];
var STOCK_LOW = 50; // fetch a new stock when fewer tokens remain
var STOCK_MAX_AGE = 24 * 3600 * 1000; // or when it is older than this (tokens last 3 days)
var TOKEN_FIELD = /(name="form_token" value=")[^"]*(")/;
var SYNC_TAG = "suara-replay";

function formUrl(lang) {
  return FORM_PATH + "?lang=" + lang;
}

function savedUrl(lang) {
  return FORM_PATH + "/tersimpan?lang=" + lang;
}

function languageOf(url) {
  return url.searchParams.get("lang") === "en" ? "en" : "id";
}

// --- IndexedDB, in promises -------------------------------------------------------------

function openDb() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(QUEUE, { keyPath: "id", autoIncrement: true });
      request.result.createObjectStore(STOCK, { keyPath: "token" });
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

// Runs work(store) in one transaction; resolves with what work's last request returned,
// once the transaction is committed (so a queued answer is on disk before "saved" shows).
function withStore(name, mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(name, mode);
      var request = work(transaction.objectStore(name));
      transaction.oncomplete = function () {
        db.close();
        resolve(request ? request.result : undefined);
      };
      transaction.onerror = transaction.onabort = function () {
        db.close();
        reject(transaction.error);
      };
    });
  });
}

function allOf(name) {
  return withStore(name, "readonly", function (store) { return store.getAll(); });
}

// --- The stock of tokens ----------------------------------------------------------------

// When the server said to ask for a stock again (429, "too often"): none is asked before.
var stockRetryAt = 0;

// A new stock from the server, replacing the old one whole. Tokens already shown in a form
// stay valid: a token is spent only by the answer that carries it, not by being shown.
// Refused for asking too often, the kiosk keeps what it has and asks again later.
function refreshStock() {
  return fetch(FORM_PATH + "/kiosk-tokens", { cache: "no-store", credentials: "same-origin" })
    .then(function (response) {
      if (response.status === 429) {
        var wait = parseInt(response.headers.get("retry-after"), 10);
        stockRetryAt = Date.now() + (wait > 0 ? wait : 600) * 1000;
        return null;
      }
      if (!response.ok) throw new Error("no stock: " + response.status);
      return response.json();
    })
    .then(function (data) {
      if (!data) return;
      var fetchedAt = Date.now();
      return withStore(STOCK, "readwrite", function (store) {
        store.clear();
        data.tokens.forEach(function (token) {
          store.put({ token: token, fetchedAt: fetchedAt });
        });
      });
    });
}

function refreshStockIfLow() {
  if (Date.now() < stockRetryAt) return Promise.resolve();
  return allOf(STOCK).then(function (stock) {
    var old = stock.length && Date.now() - stock[0].fetchedAt > STOCK_MAX_AGE;
    if (stock.length < STOCK_LOW || old) return refreshStock();
  }).catch(function () { /* offline again: the next form fetched online tries again */ });
}

// The token an answer's body carries is spent: it never goes into another form.
function spend(body) {
  var token = new URLSearchParams(body).get("form_token");
  if (!token) return Promise.resolve();
  return withStore(STOCK, "readwrite", function (store) { store.delete(token); });
}

// --- The cached shell -------------------------------------------------------------------

// The form and "saved" pages in both languages, and the static files they name.
function precache() {
  return caches.open(CACHE).then(function (cache) {
    var pages = [];
    LANGUAGES.forEach(function (lang) { pages.push(formUrl(lang), savedUrl(lang)); });
    return Promise.all(pages.map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return cache.put(url, response.clone()).then(function () { return response.text(); });
      });
    })).then(function (texts) {
      var assets = {};
      texts.forEach(function (html) {
        var pattern = /(?:href|src)="(\/static\/[^"]+)"/g;
        var match;
        while ((match = pattern.exec(html))) assets[match[1]] = true;
      });
      return cache.addAll(Object.keys(assets));
    });
  });
}

// A GET from the network, its copy kept for offline; the copy when the network fails.
function networkThenCache(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreVary: true }).then(function (cached) {
      return cached || Response.error();
    });
  });
}

// A page made here from a kept copy, with the copy's security headers (its policy above all).
var KEPT_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy",
  "x-frame-options", "permissions-policy"];

function htmlResponse(html, kept) {
  var headers = { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" };
  KEPT_HEADERS.forEach(function (name) {
    if (kept.headers.has(name)) headers[name] = kept.headers.get(name);
  });
  return new Response(html, { headers: headers });
}

// --- The form page ----------------------------------------------------------------------

function formPage(event, url) {
  var lang = languageOf(url);
  return fetch(event.request).then(function (response) {
    if (failedForTheNetwork(response)) return offlineForm(lang);
    if (response.ok) {
      var work = [refreshStockIfLow(), replayQueue()];
      if (url.searchParams.has("lang")) {  // a page whose language is known: a fresh copy
        var copy = response.clone();
        work.push(caches.open(CACHE).then(function (cache) { return cache.put(formUrl(lang), copy); }));
      }
      event.waitUntil(Promise.all(work));
    }
    return response;
  }, function () {
    return offlineForm(lang);
  });
}

// The kept form with a stock token of its own, or the "no forms left" page.
function offlineForm(lang) {
  return Promise.all([caches.match(formUrl(lang)), allOf(STOCK)]).then(function (found) {
    var cached = found[0];
    var stock = found[1];
    if (!cached) return Response.error();
    if (!stock.length) return savedPage(lang, true);
    return cached.text().then(function (html) {
      return htmlResponse(html.replace(TOKEN_FIELD, "$1" + stock[0].token + "$2"), cached);
    });
  });
}

function savedPage(lang, noForms) {
  return caches.match(savedUrl(lang)).then(function (cached) {
    if (!cached) return Response.error();
    return cached.text().then(function (html) {
      if (noForms) {
        html = html
          .replace('id="saved"', 'id="saved" hidden')
          .replace('id="no-forms" hidden', 'id="no-forms"')
          .replace(/<meta http-equiv="refresh"[^>]*>/, '<meta http-equiv="refresh" content="30">');
      }
      return htmlResponse(html, cached);
    });
  });
}

// --- Answers: sent, or queued -----------------------------------------------------------

// Answers the server has not stored, as far as the kiosk can tell: a gateway in front of
// the app failed (502, 504) or the app could not store it yet (503). Sending one again is
// safe: its token makes a second arrival a repeat. Every other reply (a message to fix an
// answer, "busy") passes through to the citizen untouched.
function failedForTheNetwork(response) {
  return response.status === 502 || response.status === 503 || response.status === 504;
}

function sendOrQueue(event, url) {
  var lang = languageOf(url);
  return event.request.clone().text().then(function (body) {
    return fetch(event.request).then(function (response) {
      if (failedForTheNetwork(response)) return queue(body, lang);
      event.waitUntil(spend(body));
      return response;
    }, function () {
      return queue(body, lang);
    });
  });
}

function queue(body, lang) {
  var now = Date.now();
  var entry = { body: body + "&queued_at=" + now, lang: lang, queuedAt: now };
  return withStore(QUEUE, "readwrite", function (store) { return store.add(entry); })
    .then(function () { return spend(body); })
    .then(function () {
      if (self.registration.sync) {
        return self.registration.sync.register(SYNC_TAG).catch(function () {});
      }
    })
    .then(function () { return savedPage(lang, false); });
}

// --- Replaying the queue ----------------------------------------------------------------

var replaying = null;

// One replay at a time; a request for another while one runs joins it. The kiosk's pages
// hear what is left once it ends.
function replayQueue() {
  if (!replaying) {
    replaying = replayAll().then(function (result) {
      replaying = null;
      return tellPages().then(function () { return result; });
    }, function (error) {
      replaying = null;
      throw error;
    });
  }
  return replaying;
}

// What the device holds, for the staff: answers waiting to be sent, and the server's
// status for each answer it refused for good (kept, never deleted here).
function held() {
  return allOf(QUEUE).then(function (entries) {
    var refused = entries.filter(function (entry) { return entry.refused; })
      .map(function (entry) { return entry.refused; });
    return { held: { waiting: entries.length - refused.length, refused: refused } };
  });
}

function tell(pages) {
  return held().then(function (message) {
    pages.forEach(function (page) { page.postMessage(message); });
  }).catch(function () { /* nothing to tell: the next replay tries again */ });
}

function tellPages() {
  return self.clients.matchAll({ type: "window" }).then(tell);
}

// Oldest first, one at a time (the server judges each answer against the ones before it).
// Stops at the first answer that cannot be sent yet; the next trigger goes on from there.
function replayAll() {
  return allOf(QUEUE).then(function (entries) {
    return entries.reduce(function (chain, entry) {
      return chain.then(function (goOn) {
        return goOn && !entry.refused ? replayOne(entry) : goOn;
      });
    }, Promise.resolve(true));
  });
}

function replayOne(entry) {
  return fetch(formUrl(entry.lang), {
    method: "POST",
    body: entry.body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    credentials: "same-origin",
    redirect: "manual", // the thank-you redirect is the acknowledgement; not followed
    cache: "no-store",
  }).then(function (response) {
    if (response.type === "opaqueredirect" || (response.status >= 200 && response.status < 400)) {
      return withStore(QUEUE, "readwrite", function (store) { store.delete(entry.id); })
        .then(function () { return true; });
    }
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      return false; // busy or down: later
    }
    // Refused for good (a token too old, the kiosk's interval): kept on the device, marked,
    // never sent again by itself, so it is not lost without a trace.
    entry.refused = response.status;
    return withStore(QUEUE, "readwrite", function (store) { store.put(entry); })
      .then(function () { return true; });
  }, function () {
    return false; // still offline
  });
}

// --- Events -----------------------------------------------------------------------------

self.addEventListener("install", function (event) {
  event.waitUntil(
    Promise.all([precache(), refreshStock()]).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var older = names.filter(function (name) {  // this kiosk's copies of an older version
      return name.endsWith(":" + FORM_PATH) && name !== CACHE;
    });
    return Promise.all(older.map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === FORM_PATH) {
    if (request.method === "POST") event.respondWith(sendOrQueue(event, url));
    else if (request.method === "GET") event.respondWith(formPage(event, url));
    return;
  }
  if (request.method !== "GET") return; // nothing else is ever queued or answered here
  if (url.pathname === FORM_PATH + "/tersimpan" || url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkThenCache(request));
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "replay") event.waitUntil(replayQueue());
  if (event.data === "held" && event.source) event.waitUntil(tell([event.source]));
});

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(replayQueue().then(function (done) {
      if (!done) throw new Error("still offline"); // the browser retries the sync later
    }));
  }
});
