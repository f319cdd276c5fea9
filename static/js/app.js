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

// "Use my location": fills the point fields on a tap, never by itself.
var locate = document.getElementById("use-location");
if (locate && navigator.geolocation) {
  locate.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("lat").value = position.coords.latitude.toFixed(6);
        document.getElementById("lon").value = position.coords.longitude.toFixed(6);
      },
      function () {
        locate.disabled = true;
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }
    );
  });
}
