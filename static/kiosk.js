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
      if (button) button.focus();
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
  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
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
    replay();
  }

  // A form shown again with its answers (a message to fix) counts as started.
  if (form.querySelector("input[type=radio]:checked") || document.querySelector(".s-alert[role=alert]")) {
    answered();
  }
})();
