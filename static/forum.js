/* Forum entry: instant checks, and a queue on this device so that nothing typed is lost.
 *
 * A form marked data-queue ("paper", "tally", "input") is not posted by the browser.
 * Each submission gets a client key (crypto.randomUUID), is saved in localStorage and
 * then sent with HX-Request, so the server answers with the fragment to swap into
 * data-target. A failed send (no network, a timeout, 5xx, logged out) stays queued
 * and is sent again when the connection returns (the `online` event) or by a retry
 * timer; the server stores each client key once, so a resend never duplicates. A
 * refusal (session closed, invalid) moves the entry to a visible list with its text,
 * instead of dropping it. Without JavaScript the same forms post normally.
 */
(function () {
  "use strict";

  var QUEUE = "suara.forum.queue.v1";
  var REJECTED = "suara.forum.rejected.v1";
  var RETRY_MS = 4000;
  var TIMEOUT_MS = 15000;
  var PERMANENT = [400, 404, 409, 413, 422];
  var memory = {};
  var sending = false;
  var inFlight = null;
  var retryTimer = null;
  var problem = "";

  // --- storage: localStorage, or memory when it is unavailable -----------------------------

  function read(name) {
    var raw = null;
    try {
      raw = window.localStorage.getItem(name);
    } catch (e) {
      return (memory[name] || []).slice();
    }
    if (raw === null) return (memory[name] || []).slice();
    try {
      var items = JSON.parse(raw);
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function write(name, items) {
    memory[name] = items.slice();
    try {
      window.localStorage.setItem(name, JSON.stringify(items));
    } catch (e) {
      /* private mode or full: the items live in memory for this page */
    }
  }

  function removeItem(name, key) {
    write(name, read(name).filter(function (item) { return item.key !== key; }));
  }

  // --- small helpers ------------------------------------------------------------------------

  function newKey() {
    var cryptoApi = window.crypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === "function") return cryptoApi.randomUUID();
    // randomUUID needs a secure context; getRandomValues does not (plain-HTTP intranets).
    var bytes = new Uint8Array(16);
    cryptoApi.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function format(template, params) {
    return String(template || "").replace(/%\((\w+)\)s|\{(\w+)\}/g, function (match, a, b) {
      var name = a || b;
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match;
    });
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch (e) {
      return "";
    }
  }

  function sessionOf(url) {
    var match = /\/forum\/sessions\/(\d+)\//.exec(new URL(url, window.location.href).pathname + "/");
    return match ? match[1] : "";
  }

  function currentSession() {
    return sessionOf(window.location.href);
  }

  function statusBox() {
    return document.querySelector("[data-testid=queue-status]");
  }

  function message(name) {
    var box = statusBox();
    return box ? box.getAttribute("data-msg-" + name) || "" : "";
  }

  function fieldsOf(form) {
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "client_key" && name !== "_csrf_token" && typeof value === "string") fields[name] = value;
    });
    return fields;
  }

  // --- the paper code check: the same rules as surveys/paper.py, sent by the server ---------

  function rulesOf(form) {
    try {
      return JSON.parse(form.getAttribute("data-rules") || "{}");
    } catch (e) {
      return {};
    }
  }

  function checkPaper(text, rules, typing) {
    var m = rules.messages || {};
    var hash = text.indexOf("#");
    var code = hash >= 0 ? text.slice(0, hash) : text;
    var comment = hash >= 0 ? text.slice(hash + 1).trim().replace(/\s+/g, " ") : "";
    if (comment.length > rules.commentLimit) return format(m.comment, { limit: rules.commentLimit });
    var tokens = code.trim().split(/\s+/).filter(Boolean);
    if (!tokens.length) return typing ? "" : m.empty;
    var digits = tokens[0];
    for (var i = 0; i < Math.min(digits.length, rules.answers); i++) {
      var ch = digits.charAt(i);
      if ("1234".indexOf(ch) < 0 && ch !== rules.blank) return format(m.digit, { position: i + 1, char: ch });
    }
    if (typing) return "";
    if (digits.length !== rules.answers) return format(m.length, { count: digits.length });
    if (digits.split("").every(function (c) { return c === rules.blank; })) return m.allBlank;
    var seen = {};
    for (var j = 1; j < tokens.length; j++) {
      var token = tokens[j];
      var key = token.toUpperCase().replace("\u2013", "-");
      var category;
      if (/^[0-9]+$/.test(key)) {
        var age = parseInt(key, 10);
        if (age < rules.age[0] || age > rules.age[1]) {
          return format(m.age, { age: age, low: rules.age[0], high: rules.age[1] });
        }
        category = "age";
      } else {
        category = rules.codes[key];
        if (!category) return format(m.unknown, { token: token });
      }
      if (seen[category]) return format(m["twice_" + category], { token: token });
      seen[category] = true;
    }
    return "";
  }

  function showPaperError(form, text) {
    var input = form.querySelector("[name=code]");
    var box = form.querySelector("[data-testid=paper-error]");
    if (box) {
      box.textContent = text;
      box.hidden = !text;
    }
    if (input) {
      if (text) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  // --- the tally grid -----------------------------------------------------------------------

  function tallyState(form) {
    var rows = {};
    var bad = [];
    form.querySelectorAll("input[name^=U]").forEach(function (input) {
      var raw = input.value.trim();
      var ok = /^[0-9]*$/.test(raw);
      if (!ok) bad.push(input);
      var code = input.name.split("_")[0];
      rows[code] = (rows[code] || 0) + (ok && raw ? parseInt(raw, 10) : 0);
    });
    var n = 0;
    Object.keys(rows).forEach(function (code) { n = Math.max(n, rows[code]); });
    return { rows: rows, bad: bad, n: n };
  }

  function showTally(form) {
    var state = tallyState(form);
    Object.keys(state.rows).forEach(function (code) {
      var cell = form.querySelector('[data-row-total="' + code + '"]');
      if (cell) cell.textContent = String(state.rows[code]);
    });
    var total = form.querySelector("[data-tally-n]");
    if (total) total.textContent = String(state.n);
    return state;
  }

  function checkTally(form) {
    var state = showTally(form);
    form.querySelectorAll("input[name^=U]").forEach(function (input) {
      if (state.bad.indexOf(input) >= 0) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    });
    var box = form.querySelector("[data-tally-message]");
    var text = state.bad.length ? form.getAttribute("data-msg-cell") : state.n ? "" : form.getAttribute("data-msg-empty");
    if (box) {
      box.textContent = text || "";
      box.hidden = !text;
    }
    if (state.bad.length) state.bad[0].focus();
    return { ok: !text, n: state.n };
  }

  // --- queueing and sending -----------------------------------------------------------------

  function enqueue(form, kind, label) {
    var items = read(QUEUE);
    items.push({
      key: newKey(),
      kind: kind,
      url: form.action,
      target: form.getAttribute("data-target") || "",
      session: sessionOf(form.action),
      fields: fieldsOf(form),
      label: label,
      at: Date.now()
    });
    write(QUEUE, items);
  }

  function resetForm(form, kind) {
    if (kind === "paper") {
      var code = form.querySelector("[name=code]");
      code.value = "";
      showPaperError(form, "");
      code.focus();
    } else if (kind === "tally") {
      form.querySelectorAll("input[name^=U]").forEach(function (input) { input.value = ""; });
      showTally(form);
      var first = form.querySelector("input[name^=U]");
      if (first) first.focus();
    } else {
      var text = form.querySelector("[name=text]");
      var votes = form.querySelector("[name=votes]");
      if (text) text.value = "";
      if (votes) votes.value = "0";
      if (text) text.focus();
    }
  }

  function swapIn(item, html) {
    if (!item.target || item.session !== currentSession()) return;
    var target = document.querySelector(item.target);
    if (!target) return;
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var fresh = holder.content.firstElementChild;
    if (!fresh || "#" + fresh.id !== item.target) return;
    target.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }

  function errorText(html, status) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var found = holder.content.querySelector("[data-error-message]");
    return found ? found.textContent.trim() : "HTTP " + status;
  }

  function post(url, fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
    var token = csrfToken();
    body.set("_csrf_token", token);
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "x-csrftoken": token },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.text().then(function (html) {
        if (timer) clearTimeout(timer);
        return { status: response.status, ok: response.ok, html: html };
      });
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  }

  function schedule() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, RETRY_MS);
  }

  function flush() {
    if (sending) return;
    clearTimeout(retryTimer);
    if (!read(QUEUE).length) {
      problem = "";
      render();
      return;
    }
    sending = true;
    render();
    sendNext();
  }

  function sendNext() {
    var items = read(QUEUE);
    if (!items.length) {
      sending = false;
      inFlight = null;
      problem = "";
      render();
      return;
    }
    var item = items[0];
    inFlight = item.key;
    var fields = Object.assign({}, item.fields, { client_key: item.key });
    post(item.url, fields).then(function (result) {
      if (result.ok) {
        removeItem(QUEUE, item.key);
        problem = "";
        swapIn(item, result.html);
        sendNext();
      } else if (PERMANENT.indexOf(result.status) >= 0) {
        removeItem(QUEUE, item.key);
        var rejected = read(REJECTED);
        rejected.push(Object.assign({}, item, { message: errorText(result.html, result.status) }));
        write(REJECTED, rejected);
        sendNext();
      } else {
        stop(result.status === 401 || result.status === 403 ? "login" : "server");
      }
    }, function () {
      stop("offline");
    });
  }

  function stop(reason) {
    sending = false;
    inFlight = null;
    problem = reason;
    render();
    schedule();
  }

  // --- the visible status -------------------------------------------------------------------

  function listItem(item, extra) {
    var li = document.createElement("li");
    var code = document.createElement("code");
    code.textContent = item.label;
    li.appendChild(code);
    if (extra) li.appendChild(document.createTextNode(" " + extra));
    return li;
  }

  function button(text, action, key) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "link";
    b.textContent = text;
    b.setAttribute("data-" + action, key);
    return b;
  }

  function render() {
    var box = statusBox();
    if (!box) return;
    var pending = read(QUEUE);
    var rejected = read(REJECTED);
    box.hidden = !pending.length && !rejected.length;
    box.classList.toggle("queue-offline", problem === "offline");
    var line = box.querySelector("[data-queue-text]");
    var parts = [];
    if (pending.length) parts.push(format(message("waiting"), { n: pending.length }));
    if (pending.length && problem) parts.push(message(problem));
    else if (pending.length && sending) parts.push(message("sending"));
    if (rejected.length) parts.push(message("rejected-title"));
    line.textContent = parts.join(" · ");
    box.querySelector("[data-queue-retry]").hidden = !pending.length || sending;
    var list = box.querySelector("[data-queue-pending]");
    list.textContent = "";
    pending.slice(-10).forEach(function (item) { list.appendChild(listItem(item)); });
    var refused = box.querySelector("[data-queue-rejected]");
    refused.textContent = "";
    rejected.forEach(function (item) {
      var li = listItem(item, "— " + message("rejected") + ": " + item.message + " ");
      if (item.session === currentSession() && document.querySelector('form[data-queue="' + item.kind + '"]')) {
        li.appendChild(button(message("restore"), "restore", item.key));
        li.appendChild(document.createTextNode(" "));
      }
      li.appendChild(button(message("discard"), "discard", item.key));
      li.setAttribute("data-testid", "rejected-entry");
      refused.appendChild(li);
    });
  }

  function restore(key) {
    var item = read(REJECTED).filter(function (i) { return i.key === key; })[0];
    var form = item && document.querySelector('form[data-queue="' + item.kind + '"]');
    if (!form) return;
    Object.keys(item.fields).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && "value" in field) field.value = item.fields[name];
    });
    removeItem(REJECTED, key);
    render();
    var first = form.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }

  // --- undo: a pending entry is cancelled here, a stored one on the server -------------------

  function undo(form) {
    var session = sessionOf(form.action);
    var items = read(QUEUE);
    for (var i = items.length - 1; i >= 0; i--) {
      var item = items[i];
      if ((item.kind === "paper" || item.kind === "tally") && item.session === session) {
        if (item.key === inFlight) break; // already on its way: undo it once it is stored
        removeItem(QUEUE, item.key);
        announce(message("undone"));
        render();
        return;
      }
    }
    post(form.action, fieldsOf(form)).then(function (result) {
      if (result.ok) swapIn({ target: form.getAttribute("data-target"), session: session }, result.html);
      else announce(errorText(result.html, result.status));
      refocus();
    }, function () {
      announce(message("undo-offline"));
    });
  }

  function announce(text) {
    var line = statusBox() && statusBox().querySelector("[data-queue-text]");
    if (!line) return;
    statusBox().hidden = false;
    line.textContent = text;
  }

  function refocus() {
    var field = document.querySelector("form[data-queue] input:not([type=hidden]):not([disabled])");
    if (field) field.focus();
  }

  // --- wiring -------------------------------------------------------------------------------

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-undo")) {
      event.preventDefault();
      undo(form);
      return;
    }
    var kind = form.getAttribute("data-queue");
    if (!kind) return;
    event.preventDefault();
    var label;
    if (kind === "paper") {
      var text = form.querySelector("[name=code]").value;
      var problemText = checkPaper(text, rulesOf(form), false);
      if (problemText) {
        showPaperError(form, problemText);
        form.querySelector("[name=code]").focus();
        return;
      }
      label = text.trim();
    } else if (kind === "tally") {
      var tally = checkTally(form);
      if (!tally.ok) return;
      label = format(form.getAttribute("data-msg-label"), { n: tally.n });
    } else {
      var body = form.querySelector("[name=text]");
      label = body ? body.value.trim().slice(0, 60) : "";
    }
    enqueue(form, kind, label);
    resetForm(form, kind);
    render();
    flush();
  });

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (!form) return;
    var kind = form.getAttribute("data-queue");
    if (kind === "paper" && event.target.name === "code") {
      showPaperError(form, checkPaper(event.target.value, rulesOf(form), true));
    } else if (kind === "tally") {
      showTally(form);
    }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.tagName === "TEXTAREA" &&
        target.form && target.form.hasAttribute("data-queue")) {
      event.preventDefault();
      target.form.requestSubmit();
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.hasAttribute("data-queue-retry")) flush();
    else if (target.hasAttribute("data-discard")) {
      removeItem(REJECTED, target.getAttribute("data-discard"));
      render();
    } else if (target.hasAttribute("data-restore")) restore(target.getAttribute("data-restore"));
  });

  window.addEventListener("online", flush);
  window.addEventListener("storage", function (event) {
    if (event.key === QUEUE || event.key === REJECTED) render();
  });
  document.querySelectorAll('form[data-queue="tally"]').forEach(showTally);
  render();
  flush();
})();
