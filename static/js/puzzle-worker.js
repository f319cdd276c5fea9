// Finds the first n for which SHA-256 of "challenge:n" starts with the
// given number of zero bits, and posts it back. SHA-256 is computed here
// rather than with WebCrypto: its promise per digest made it about ten
// times slower on such short messages, and it exists only on secure
// origins (not on an onion address outside Tor Browser).
"use strict";

var K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
]);
var W = new Int32Array(64);
var H = new Int32Array(8);

function compress(h, bytes, offset) {
  for (var t = 0; t < 16; t++) {
    var i = offset + 4 * t;
    W[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
  }
  for (t = 16; t < 64; t++) {
    var a = W[t - 15];
    var b = W[t - 2];
    var s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    var s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  var A = h[0], B = h[1], C = h[2], D = h[3], E = h[4], F = h[5], G = h[6], X = h[7];
  for (t = 0; t < 64; t++) {
    var S1 = ((E >>> 6) | (E << 26)) ^ ((E >>> 11) | (E << 21)) ^ ((E >>> 25) | (E << 7));
    var ch = (E & F) ^ (~E & G);
    var t1 = (X + S1 + ch + K[t] + W[t]) | 0;
    var S0 = ((A >>> 2) | (A << 30)) ^ ((A >>> 13) | (A << 19)) ^ ((A >>> 22) | (A << 10));
    var maj = (A & B) ^ (A & C) ^ (B & C);
    var t2 = (S0 + maj) | 0;
    X = G; G = F; F = E; E = (D + t1) | 0; D = C; C = B; B = A; A = (t1 + t2) | 0;
  }
  h[0] = (h[0] + A) | 0; h[1] = (h[1] + B) | 0; h[2] = (h[2] + C) | 0; h[3] = (h[3] + D) | 0;
  h[4] = (h[4] + E) | 0; h[5] = (h[5] + F) | 0; h[6] = (h[6] + G) | 0; h[7] = (h[7] + X) | 0;
}

var INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

// The zero bits SHA-256 of `text` (ASCII) starts with, counted up to 64.
function zeroBits(text) {
  var n = text.length;
  var total = Math.ceil((n + 9) / 64) * 64;
  var bytes = new Uint8Array(total);
  for (var i = 0; i < n; i++) {
    bytes[i] = text.charCodeAt(i);
  }
  bytes[n] = 0x80;
  var bits = n * 8;
  bytes[total - 4] = bits >>> 24;
  bytes[total - 3] = bits >>> 16;
  bytes[total - 2] = bits >>> 8;
  bytes[total - 1] = bits;
  H.set(INIT);
  for (var offset = 0; offset < total; offset += 64) {
    compress(H, bytes, offset);
  }
  return H[0] === 0 ? 32 + Math.clz32(H[1]) : Math.clz32(H[0]);
}

self.onmessage = function (event) {
  var prefix = event.data.challenge + ":";
  var difficulty = event.data.difficulty;
  for (var n = 0; ; n++) {
    if (zeroBits(prefix + n) >= difficulty) {
      self.postMessage({ solution: n, hashes: n + 1 });
      return;
    }
  }
};
