// Proof of work, only on pages that carry a puzzle (the server is under
// pressure): a worker solves it while the form is filled in, and the post
// brings the answer in its address, which puts it in the share of the
// server kept for solved posts. Without scripts, or where the browser
// cannot hash, the form posts as it is and takes the fair share.
"use strict";

(function () {
  var form = document.querySelector("form[data-puzzle]");
  if (!form || !window.Worker) {
    return;
  }
  var challenge = form.getAttribute("data-puzzle");
  var action = form.getAttribute("action");
  var solution = null;
  var onSolved = null;
  // How long a post waits for an answer not found yet.
  var PATIENCE_MS = 3000;

  var worker = new Worker("/static/puzzle-worker.js");
  worker.onmessage = function (event) {
    solution = String(event.data.solution);
    form.setAttribute("data-solution", solution);
    worker.terminate();
    if (onSolved) {
      onSolved();
    }
  };
  worker.onerror = function () {
    worker.terminate();
  };
  worker.postMessage({
    challenge: challenge,
    difficulty: Number(form.getAttribute("data-difficulty"))
  });

  // The answer goes in the address: the server decides the share before
  // it reads the body.
  function bringAnswer() {
    if (solution !== null) {
      form.setAttribute("action", action + "?puzzle=" + encodeURIComponent(challenge) +
        "&solution=" + encodeURIComponent(solution));
    }
  }

  var released = false;
  form.addEventListener("submit", function (event) {
    if (released) {
      return;
    }
    if (solution !== null) {
      bringAnswer();
      return;
    }
    if (!form.requestSubmit) {
      return;
    }
    // Waits briefly for the answer, then posts with or without it.
    event.preventDefault();
    var submitter = event.submitter || null;
    var post = function () {
      if (released) {
        return;
      }
      bringAnswer();
      released = true;
      form.requestSubmit(submitter);
    };
    onSolved = post;
    setTimeout(post, PATIENCE_MS);
  });
})();
