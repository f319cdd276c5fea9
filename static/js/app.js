// Progressive enhancement only: every page works without this file.
"use strict";

// Lets the stylesheet tell pages with scripting from pages without.
document.documentElement.classList.add("js");

// Quick exit: leave by replacing this page in the history, so the Back
// button does not bring a watcher back here.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("#quick-exit") : null;
  if (!link) {
    return;
  }
  event.preventDefault();
  window.location.replace(link.href);
});
