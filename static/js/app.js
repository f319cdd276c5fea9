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

// Back and Forward may bring a page back from the browser's memory without
// asking the server (the back/forward cache). A receipt or a status page
// must not come back with its codes, messages and reply form: their
// content is wiped as the page is left.
// The status form's fields are emptied too: Chromium keeps a page left by
// a link with what was typed in it. A form being sent has its values
// taken before the page is hidden.
window.addEventListener("pagehide", function () {
  var parts = document.querySelectorAll("[data-sensitive]");
  for (var i = 0; i < parts.length; i++) {
    if (parts[i].tagName === "INPUT") {
      parts[i].value = "";
    } else {
      parts[i].textContent = "";
    }
  }
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

// Place lists update in place: choosing a province fetches its districts,
// and so on down to the village. Without this script the "Next" button does
// the same by posting the form.
var LEVELS = ["province", "district", "commune", "village"];
document.addEventListener("change", function (event) {
  var list = event.target;
  if (!list.matches || !list.matches("select[data-place-list]")) {
    return;
  }
  var form = list.form;
  var level = LEVELS.indexOf(list.name);
  for (var deeper = level + 1; deeper < LEVELS.length; deeper++) {
    var stale = document.getElementById(LEVELS[deeper]);
    if (stale) {
      stale.previousElementSibling.remove();
      stale.remove();
    }
  }
  var next = LEVELS[level + 1];
  if (!next || !list.value) {
    return;
  }
  var wanted = list.value;
  fetch(form.getAttribute("data-places") + encodeURIComponent(wanted))
    .then(function (response) {
      return response.ok ? response.text() : "";
    })
    .then(function (options) {
      // A later choice, or an answer already shown, wins.
      if (!options || list.value !== wanted || document.getElementById(next)) {
        return;
      }
      var label = document.createElement("label");
      label.htmlFor = next;
      label.textContent = form.getAttribute("data-label-" + next);
      var select = document.createElement("select");
      select.name = next;
      select.id = next;
      select.setAttribute("data-place-list", "");
      select.innerHTML = options;
      list.insertAdjacentElement("afterend", select);
      list.insertAdjacentElement("afterend", label);
    })
    .catch(function () {});
});
