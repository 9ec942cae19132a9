// Print buttons on the poster and desk-card pages (no inline scripts under the CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
