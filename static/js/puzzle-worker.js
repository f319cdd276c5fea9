// Finds the first n for which SHA-256 of "challenge:n" starts with the
// given number of zero bits, hashing in batches with WebCrypto.
"use strict";

var BATCH = 512;

function leadingZeroBits(bytes) {
  var bits = 0;
  for (var i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(bytes[i]) - 24;
  }
  return bits;
}

self.onmessage = function (event) {
  var challenge = event.data.challenge + ":";
  var difficulty = event.data.difficulty;
  var encoder = new TextEncoder();
  var next = 0;
  function batch() {
    var digests = [];
    for (var k = 0; k < BATCH; k++) {
      digests.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + (next + k))));
    }
    Promise.all(digests).then(function (results) {
      for (var k = 0; k < results.length; k++) {
        if (leadingZeroBits(new Uint8Array(results[k])) >= difficulty) {
          self.postMessage({ solution: next + k, hashes: next + k + 1 });
          return;
        }
      }
      next += BATCH;
      batch();
    });
  }
  batch();
};
