// Downloads that take a while (a two-year XLSX, the reports): say the file is being prepared,
// with the seconds passing, until the server's short cookie says it was sent. Without
// JavaScript the links download as they are.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a[data-download]");
  var status = document.querySelector("[data-download-status]");
  if (!link || !status || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  var token = (Date.now().toString(36) + Math.random().toString(36).slice(2)).slice(0, 16);
  var url = new URL(link.href, window.location.href);
  url.searchParams.set("download", token);
  var started = Date.now();
  var preparing = status.getAttribute("data-preparing");
  status.textContent = preparing;
  status.hidden = false;
  link.setAttribute("aria-busy", "true");
  var timer = window.setInterval(function () {
    var seconds = Math.round((Date.now() - started) / 1000);
    if (document.cookie.split("; ").indexOf("suara_download=" + token) !== -1) {
      window.clearInterval(timer);
      link.removeAttribute("aria-busy");
      status.textContent = status.getAttribute("data-ready");
      window.setTimeout(function () { status.hidden = true; }, 5000);
    } else if (seconds > 120) {
      window.clearInterval(timer);
      link.removeAttribute("aria-busy");
      status.hidden = true;
    } else {
      status.textContent = preparing + " " + seconds + " s";
    }
  }, 500);
  window.location.assign(url.toString());
});
