//! The `tokio` feature against the real kernel: async requests, typed and raw dumps and event
//! streams, checked against the blocking API and iproute2. Built only with `--features tokio`
//! (`make test` runs it so).
#![cfg(feature = "tokio")]

mod common;

use common::{ip, ip_batch, ip_json, link_index, private_netns, veth};
use nlrs::conn::{Error, Socket};
use nlrs::rtnl::events::Event;
use nlrs::rtnl::link::{self, Link, LinkFilter, LinkKind};
use nlrs::rtnl::route::{self, RouteFilter};
use nlrs::tokio::{AsyncMonitor, AsyncSocket};
use nlrs::wire::consts::{proto, rtnlgrp, AF_INET};
use std::time::Duration;

/// Bounds every wait of these tests, so that a lost wake-up fails instead of hanging.
async fn within<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within 10 s"))
}

/// A dump of many datagrams streams through the reactor: the async routes are the blocking
/// ones, and as many as `ip` lists.
#[tokio::test]
async fn an_async_route_dump_streams_what_the_blocking_one_lists() {
    private_netns();
    veth("d0", "d1");
    let lines: String = (0..600)
        .map(|i| format!("route add 10.{}.{}.0/24 dev d0\n", i / 250, i % 250))
        .collect();
    ip_batch(&lines);
    let filter = RouteFilter::default()
        .family(AF_INET)
        .table(route::table::MAIN);
    let blocking = route::list(&mut Socket::open(proto::ROUTE).unwrap(), &filter).unwrap();
    let mut sock = AsyncSocket::open(proto::ROUTE).unwrap();
    let mut streamed = Vec::new();
    let mut routes = within("dump", sock.objects(&filter)).await.unwrap();
    while let Some(r) = within("route", routes.next()).await {
        streamed.push(r.unwrap());
    }
    assert!(!routes.interrupted());
    assert_eq!(streamed, blocking);
    let theirs = ip_json(&["route", "show", "table", "main"]);
    assert_eq!(streamed.len(), theirs.as_array().unwrap().len());
    assert_eq!(streamed.len(), 600);
    // The collecting form gives the same.
    assert_eq!(within("list", sock.list(&filter)).await.unwrap(), blocking);
}

/// Requests wait on the reactor; a dump abandoned half-way is drained before the next one,
/// and the kernel's refusal comes back as the blocking API gives it.
#[tokio::test]
async fn async_requests_follow_an_abandoned_dump() {
    private_netns();
    for i in 0..40 {
        ip(&["link", "add", &format!("d{i}"), "type", "ifb"]);
    }
    let mut sock = AsyncSocket::open(proto::ROUTE).unwrap();
    let mut links = within("dump", sock.objects(&LinkFilter::default()))
        .await
        .unwrap();
    let first: Link = within("link", links.next()).await.unwrap().unwrap();
    assert_eq!(first.name, "lo");
    // The dump is abandoned here, 41 links before its end.
    let create = link::create_request("ifb7", &LinkKind::Ifb).unwrap();
    within("create", sock.request(&create)).await.unwrap();
    let replies = within("get", sock.request(&link::get_request("ifb7").unwrap()))
        .await
        .unwrap();
    let got = Link::parse(&replies.first().unwrap()).unwrap();
    assert_eq!(got.index, link_index("ifb7"));
    let again = within("create again", sock.request(&create)).await;
    match again {
        Err(Error::Kernel(k)) => assert_eq!(k.errno, libc::EEXIST),
        other => panic!("a second create: {other:?}"),
    }
    // A raw dump reads the same links the typed one decodes.
    let mut raw = within("raw dump", sock.dump(&link::dump_request()))
        .await
        .unwrap();
    let mut names = Vec::new();
    while let Some(m) = within("message", raw.next()).await {
        names.push(Link::parse(&m.unwrap()).unwrap().name.to_string());
    }
    assert_eq!(names.len(), 42, "lo, 40 ifbs and ifb7: {names:?}");
}

/// Events arrive through the reactor as they happen, in order.
#[tokio::test]
async fn async_monitor_sees_links_come_and_go() {
    private_netns();
    let mut mon = AsyncMonitor::new(&[rtnlgrp::LINK]).unwrap();
    let mut sock = Socket::open(proto::ROUTE).unwrap();
    link::create(&mut sock, "ifb3", &LinkKind::Ifb).unwrap();
    let index = link_index("ifb3");
    let mut seen_new = false;
    loop {
        match within("event", mon.next_event()).await.unwrap() {
            Event::NewLink(l) if l.name == "ifb3" => {
                assert_eq!(l.index, index);
                seen_new = true;
                // Only now: the deletion comes after the creation's events.
                link::delete(&mut sock, "ifb3").unwrap();
            }
            Event::DelLink(l) if l.name == "ifb3" => {
                assert!(seen_new, "the deletion came first");
                assert_eq!(l.index, index);
                break;
            }
            Event::Overrun => panic!("events lost"),
            _ => {}
        }
    }
}
