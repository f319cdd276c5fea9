//! Each costly request first takes its visitor's fair share of the pools it
//! will use (`crate::shares`); a visitor who already holds their share waits
//! a little for it, then gets the translated busy page. The hashing share
//! alone is taken later, by the handler once the body is in
//! ([`hashing_share`]), so a body that trickles holds none. The visitor's
//! address is read here and turned into a keyed hash at once: it reaches no
//! handler, no log and no table.
//!
//! A post whose query string brings the answer to a puzzle the page
//! carried (`?puzzle=…&solution=…`, appended by the page's script, since
//! the body is not read here) goes into the lane kept for solved posts;
//! anything else, a missing, wrong, old or replayed answer alike, goes
//! into the fair lane: never an error, so forms work without scripts.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use chrono::Utc;

use crate::error::AppError;
use crate::shares::{Lane, OverShare, Pool, Share, VisitorKey};
use crate::state::AppState;

pub async fn take_fair_share<B: MessageBody + 'static>(
    request: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let pools = pools_of(request.method(), request.path());
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let Some(state) = state.filter(|_| !pools.is_empty()) else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    let visitor = visitor_of(&request, &state);
    // The hashing share is taken by the handler once the body is in
    // (`hashing_share`): a body that trickles must not hold a place in
    // the hashing pool while it arrives.
    if pools.contains(&Pool::Hashing) {
        let lane = lane_of(&state, request.query_string());
        request
            .extensions_mut()
            .insert(HashingTicket { visitor, lane });
    }
    let others: Vec<Pool> = pools
        .iter()
        .copied()
        .filter(|pool| *pool != Pool::Hashing)
        .collect();
    let share = match state.shares.enter(visitor, &others, Lane::Fair).await {
        Ok(share) => share,
        Err(_) => return Ok(request.error_response(AppError::Busy).map_into_right_body()),
    };
    let response = next.call(request).await;
    drop(share);
    Ok(response?.map_into_left_body())
}

/// The visitor and lane a request will hash in, left for its handler.
#[derive(Clone, Copy, Debug)]
struct HashingTicket {
    visitor: VisitorKey,
    lane: Lane,
}

/// The request's share of the hashing pool, taken now that its body is
/// read: waits a little while the visitor holds their share or the fair
/// lane is full, then refuses, and the handler answers busy with the form
/// kept. `Ok(None)` for a request that draws on no hashing share.
pub async fn hashing_share(
    request: &actix_web::HttpRequest,
    state: &AppState,
) -> Result<Option<Share>, OverShare> {
    let ticket = request.extensions().get::<HashingTicket>().copied();
    match ticket {
        Some(ticket) => state
            .shares
            .enter(ticket.visitor, &[Pool::Hashing], ticket.lane)
            .await
            .map(Some),
        None => Ok(None),
    }
}

/// The lane a post with `query` comes in: solved only with the answer to
/// an unspent puzzle of this server's.
fn lane_of(state: &AppState, query: &str) -> Lane {
    #[derive(serde::Deserialize)]
    struct Answer {
        puzzle: String,
        solution: String,
    }
    match serde_urlencoded::from_str::<Answer>(query) {
        Ok(answer)
            if state
                .puzzles
                .redeem(&answer.puzzle, &answer.solution, Utc::now()) =>
        {
            Lane::Solved
        }
        _ => Lane::Fair,
    }
}

/// The visitor behind `request`, as the limiter knows them: a keyed hash of
/// the address, which goes no further.
pub fn visitor_of(request: &ServiceRequest, state: &AppState) -> VisitorKey {
    let peer = request
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .collect();
    let address = visitor_address(peer, &forwarded, &state.config.trusted_proxies);
    state.shares.visitor(address)
}

/// The pools a request to `path` will draw on.
fn pools_of(method: &Method, path: &str) -> &'static [Pool] {
    if method != Method::POST {
        return &[];
    }
    if path == "/staff/login" {
        return &[Pool::StaffHashing];
    }
    let Some((_lang, rest)) = path.trim_start_matches('/').split_once('/') else {
        return &[];
    };
    match rest {
        "report" => &[Pool::Hashing, Pool::Uploads],
        "status" => &[Pool::Hashing],
        "status/reply" => &[Pool::Uploads],
        _ => &[],
    }
}

/// Who sent the request: the connection's peer, or, when the peer is one
/// of the `trusted` proxies, the nearest address in `X-Forwarded-For` that
/// is not one of them. Whatever a visitor writes in that header further to
/// the left is never believed.
fn visitor_address(peer: IpAddr, forwarded: &[&str], trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded
        .iter()
        .flat_map(|value| value.split(','))
        .collect();
    for hop in hops.into_iter().rev() {
        match hop.trim().parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => continue,
            Ok(address) => return address,
            // A hop that is not an address ends what can be believed.
            Err(_) => return peer,
        }
    }
    peer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_visitor_whatever_it_forwards() {
        let trusted = [ip("10.0.0.2")];
        assert_eq!(
            visitor_address(ip("198.51.100.4"), &["203.0.113.9"], &trusted),
            ip("198.51.100.4")
        );
        assert_eq!(
            visitor_address(ip("198.51.100.4"), &["203.0.113.9"], &[]),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn behind_trusted_proxies_the_nearest_untrusted_hop_is_the_visitor() {
        let trusted = [ip("10.0.0.2"), ip("10.0.0.3")];
        // The visitor forged the leftmost entry; the proxies appended the rest.
        let chain = ["1.2.3.4, 203.0.113.9", "10.0.0.3"];
        assert_eq!(
            visitor_address(ip("10.0.0.2"), &chain, &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(
            visitor_address(ip("10.0.0.2"), &["2001:db8::7"], &trusted),
            ip("2001:db8::7")
        );
        assert_eq!(
            visitor_address(ip("10.0.0.2"), &[], &trusted),
            ip("10.0.0.2")
        );
        assert_eq!(
            visitor_address(ip("10.0.0.2"), &["203.0.113.9, unknown"], &trusted),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn only_costly_posts_draw_on_a_pool() {
        assert_eq!(
            pools_of(&Method::POST, "/km/report"),
            &[Pool::Hashing, Pool::Uploads]
        );
        assert_eq!(pools_of(&Method::POST, "/zh/status"), &[Pool::Hashing]);
        assert_eq!(
            pools_of(&Method::POST, "/en/status/reply"),
            &[Pool::Uploads]
        );
        assert_eq!(
            pools_of(&Method::POST, "/staff/login"),
            &[Pool::StaffHashing]
        );
        assert!(pools_of(&Method::GET, "/km/report").is_empty());
        assert!(pools_of(&Method::POST, "/staff/tips/T-1").is_empty());
        assert!(pools_of(&Method::POST, "/healthz").is_empty());
    }
}
