// The hall display: say so while the connection is down; the last numbers stay on screen.
document.addEventListener("htmx:sendError", () => document.body.classList.add("offline"));
document.addEventListener("htmx:responseError", () => document.body.classList.add("offline"));
document.addEventListener("htmx:afterSwap", () => document.body.classList.remove("offline"));
