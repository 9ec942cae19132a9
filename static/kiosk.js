/* A kiosk's survey form clears itself when a citizen walks away half-way.
 *
 * After data-idle-seconds without a touch, key or scroll on a form someone started, the
 * kiosk goes back to a blank form (replacing this page in the history, so "back" cannot
 * bring the answers back). A warning shows WARN_SECONDS before and any touch keeps the
 * answers. Without JavaScript the form works as on any phone.
 *
 * It also installs the kiosk's service worker (static/kiosk-sw.js), which keeps answers
 * on the device while the network is down, and asks it to send them when the network is
 * back: at once, whenever the browser says it is online, and every REPLAY_SECONDS.
 * For the kiosk's staff it shows what the worker holds (it tells each page on load and
 * after each replay): answers waiting for the network, and answers the server refused
 * for good, which stay on the device.
 */
(function () {
  "use strict";
  var WARN_SECONDS = 15;
  var REPLAY_SECONDS = 30;
  var form = document.querySelector("form[data-idle-seconds]");
  if (!form) return;
  var idle = Math.max(parseInt(form.getAttribute("data-idle-seconds"), 10) || 90, WARN_SECONDS + 5);
  var warning = document.querySelector(".s-idle");
  var started = false;
  var warnTimer = null;
  var resetTimer = null;

  function clearForm() {
    window.location.replace(form.getAttribute("data-reset-url"));
  }

  function warn() {
    if (warning) {
      warning.hidden = false;
      var button = warning.querySelector("[data-idle-continue]");
      if (button) button.focus({ preventScroll: true });
    }
  }

  function activity() {
    if (warning) warning.hidden = true;
    window.clearTimeout(warnTimer);
    window.clearTimeout(resetTimer);
    if (!started) return;
    warnTimer = window.setTimeout(warn, (idle - WARN_SECONDS) * 1000);
    resetTimer = window.setTimeout(clearForm, idle * 1000);
  }

  function answered() {
    started = true;
    activity();
  }

  form.addEventListener("input", answered);
  form.addEventListener("change", answered);
  // A person's gestures only: a "scroll" event also fires when the page scrolls itself (the
  // warning's button taking focus, a layout change), which would dismiss the warning at once.
  ["pointerdown", "keydown", "wheel", "touchstart"].forEach(function (name) {
    window.addEventListener(name, activity, { passive: true });
  });
  if (warning) {
    warning.querySelector("[data-idle-continue]").addEventListener("click", activity);
  }
  if ("serviceWorker" in navigator && form.getAttribute("data-worker")) {
    var replay = function () {
      var worker = navigator.serviceWorker.controller;
      if (worker && navigator.onLine !== false) worker.postMessage("replay");
    };
    navigator.serviceWorker
      .register(form.getAttribute("data-worker"), { scope: form.getAttribute("data-scope") })
      .catch(function () { /* no worker (private window, old browser): online only */ });
    window.addEventListener("online", replay);
    window.setInterval(replay, REPLAY_SECONDS * 1000);
    var held = document.querySelector("[data-kiosk-held]");
    var ask = function () {
      var worker = navigator.serviceWorker.controller;
      if (worker) worker.postMessage("held");
    };
    if (held) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.held) showHeld(held, event.data.held);
      });
      navigator.serviceWorker.addEventListener("controllerchange", ask);
      if (navigator.serviceWorker.startMessages) navigator.serviceWorker.startMessages();
      ask();
    }
    replay();
  }

  // "3 answers waiting", then one line per reason the server gave for refusing some.
  function showHeld(box, counts) {
    function line(name, n, reason) {
      var text = box.getAttribute("data-" + name + (n === 1 ? "-one" : "")) || "";
      var p = document.createElement("p");
      p.setAttribute("data-testid", "kiosk-" + name);
      p.textContent = text.replace("{n}", n).replace("{reason}", reason || "");
      box.appendChild(p);
    }
    var reasons = {};
    var order = [];
    (counts.refused || []).forEach(function (status) {
      var reason = box.getAttribute("data-reason-" + status) || box.getAttribute("data-reason");
      if (!reasons[reason]) order.push(reason);
      reasons[reason] = (reasons[reason] || 0) + 1;
    });
    box.textContent = "";
    if (counts.waiting) line("waiting", counts.waiting);
    order.forEach(function (reason) { line("refused", reasons[reason], reason); });
    box.hidden = !box.firstChild;
  }

  // A form shown again with its answers (a message to fix) counts as started.
  if (form.querySelector("input[type=radio]:checked") || document.querySelector(".s-alert[role=alert]")) {
    answered();
  }
})();
