//! What benchmarks need to drive the release binary from loopback: start it
//! on a fresh database (`server`), watch its memory (`memory`), speak bare
//! HTTP/1.1 from a chosen source address (`net`), sum up latencies and
//! outcomes (`latency`), and play a genuine visitor (`visitor`) and a
//! reviewer signing in (`staff`) while an attack runs (`watch`).
//!
//! The server's fair-share limiter keys by source address, so each party
//! speaks from an address of its own in 127.0.0.0/8, which Linux routes
//! to loopback whole.

pub mod latency;
pub mod memory;
pub mod net;
pub mod server;
pub mod staff;
pub mod visitor;
pub mod watch;
