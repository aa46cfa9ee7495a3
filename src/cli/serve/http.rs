//! The HTTP stack: hyper 1 (HTTP/1.1, keep-alive) on a tokio runtime.
//!
//! Why this stack (it replaced tiny_http): tiny_http gives no way to set `TCP_NODELAY`, so a
//! keep-alive client waited for the delayed ACK after each small answer (~40 requests/s on one
//! connection), and its fixed pool of threads each held a connection, so a few idle clients
//! could stop everyone. Here:
//!
//! - every accepted socket gets `TCP_NODELAY`; answers go out in one write;
//! - connections are tasks on a 2-thread runtime: an idle connection costs a few kB of buffers
//!   and no thread, so 1,000 idle clients do not stop a new one (`--max-connections` bounds
//!   them, default 10,000);
//! - the work on the memory (SQLite, synchronous) runs on tokio's blocking pool, bounded to
//!   `--threads` threads by a semaphore, each with a connection to the memory of its own
//!   taken from a pool; writes have one slot of their own beside those (SQLite lets one
//!   writer in at a time anyway), so a long `POST /import` leaves every reader slot free;
//! - a client gets `--timeout` seconds (default 30) to send its headers and its body; a slow
//!   one is answered 408 and closed and holds no thread meanwhile. Bodies are bounded (413).
//!
//! Handlers never see hyper: they get a `handler::Request` and give an `handler::Answer`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::handler::{Answer, Ctx, Failure, Request};
use super::{routes, Shared};
use tarjama::memory::Memory;

/// Limits on what clients may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub timeout: Duration,
}

/// Largest body of most routes.
pub const MAX_BODY: usize = 16 << 20;
/// Largest body of the import routes (a whole file).
pub const MAX_IMPORT_BODY: usize = 512 << 20;

struct State {
    /// `--threads` connections for the reads.
    reads: Slots,
    /// One connection for the requests that write (`writes::is_write`).
    writes: Slots,
    shared: Arc<Shared>,
    limits: Limits,
}

/// Connections to the memory and one permit per connection: a request holding a permit
/// finds a connection in the pool.
struct Slots {
    pool: Mutex<Vec<Memory>>,
    permits: Arc<Semaphore>,
}

impl Slots {
    fn new(pool: Vec<Memory>) -> Slots {
        Slots {
            permits: Arc::new(Semaphore::new(pool.len())),
            pool: Mutex::new(pool),
        }
    }

    fn take_memory(&self) -> Option<Memory> {
        self.pool.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn give_back(&self, memory: Memory) {
        // A handler that failed or panicked inside a transaction must not hand the next
        // request a stale snapshot.
        super::snapshot::end(memory.conn());
        self.pool
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(memory);
    }
}

type Reply = Response<Full<Bytes>>;

/// Listens on `addr` and serves until the process is stopped: `pool` serves the reads,
/// `writer` the writes.
pub fn serve(
    addr: SocketAddr,
    pool: Vec<Memory>,
    writer: Memory,
    shared: Arc<Shared>,
    limits: Limits,
) -> anyhow::Result<i32> {
    let threads = pool.len() + 1;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(threads)
        .thread_name("tarjama-serve")
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    let state = Arc::new(State {
        reads: Slots::new(pool),
        writes: Slots::new(vec![writer]),
        shared,
        limits,
    });
    runtime.block_on(accept_loop(addr, state))
}

async fn accept_loop(addr: SocketAddr, state: Arc<State>) -> anyhow::Result<i32> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    println!(
        "tarjama: serving {} on http://{local}",
        state.shared.tm.display()
    );
    let connections = Arc::new(Semaphore::new(state.limits.max_connections));
    loop {
        let slot = Arc::clone(&connections).acquire_owned().await?;
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait for connections to close.
                eprintln!("tarjama: serve: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Without it a keep-alive client waits for the delayed ACK after every answer.
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let timeout = state.limits.timeout;
            let service = service_fn(move |req| {
                let state = Arc::clone(&state);
                async move { Ok::<_, Infallible>(handle(req, &state).await) }
            });
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(slot);
        });
    }
}

async fn handle(req: hyper::Request<Incoming>, state: &Arc<State>) -> Reply {
    if req.method() == Method::OPTIONS {
        return preflight();
    }
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let authorized = authorized(&req, state.shared.token.as_deref());
    let limit = if routes::takes_a_file(&path) {
        MAX_IMPORT_BODY
    } else {
        MAX_BODY
    };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    let reading = Limited::new(req.into_body(), limit).collect();
    let body = match tokio::time::timeout(state.limits.timeout, reading).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return too_large(limit),
        Ok(Err(e)) => {
            return closing(reply(
                Failure(400, format!("cannot read the request body: {e}")).answer(),
            ))
        }
        Err(_) => {
            let message = format!(
                "the request body did not arrive within {} s",
                state.limits.timeout.as_secs()
            );
            return closing(reply(Failure(408, message).answer()));
        }
    };
    let writes = super::writes::is_write(&method, &path);
    let Ok(permit) = Arc::clone(&state.slots(writes).permits)
        .acquire_owned()
        .await
    else {
        return reply(Failure(503, "the server is stopping".into()).answer());
    };
    // The blocking task owns the permit and gives the connection back itself: a client that
    // hangs up drops this future, not the work, and must not take a connection with it.
    let task_state = Arc::clone(state);
    let work = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let slots = task_state.slots(writes);
        let Some(mut memory) = slots.take_memory() else {
            return Failure(500, "no connection to the memory is free".into()).answer();
        };
        if let (false, Some(sides)) = (writes, &task_state.shared.side_tokens) {
            memory.use_side_tokens(sides.current());
        }
        let request = Request {
            method: &method,
            path: &path,
            query: query.as_deref(),
            body: &body,
            authorized,
        };
        // A handler that panics answers 500 and gives its connection back all the same.
        let answer = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut ctx = Ctx {
                memory: &mut memory,
                shared: &task_state.shared,
            };
            routes::route(&request, &mut ctx)
        }))
        .unwrap_or_else(|_| Failure(500, "internal error (a handler panicked)".into()).answer());
        slots.give_back(memory);
        answer
    })
    .await;
    reply(work.unwrap_or_else(|_| Failure(500, "internal error".into()).answer()))
}

impl State {
    fn slots(&self, writes: bool) -> &Slots {
        if writes {
            &self.writes
        } else {
            &self.reads
        }
    }
}

/// Whether the request carries `Authorization: Bearer TOKEN` with the write token. The
/// comparison takes the same time wherever the first differing byte is.
fn authorized(req: &hyper::Request<Incoming>, token: Option<&str>) -> bool {
    let Some(token) = token else { return false };
    let Some(given) = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let given = given
        .strip_prefix("Bearer ")
        .or_else(|| given.strip_prefix("bearer "))
        .unwrap_or("")
        .trim();
    bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

fn too_large(limit: usize) -> Reply {
    let message = format!("request body over {limit} bytes");
    closing(reply(Failure(413, message).answer()))
}

/// Closes the connection after this answer (the rest of the request was not read).
fn closing(mut reply: Reply) -> Reply {
    reply
        .headers_mut()
        .insert("connection", HeaderValue::from_static("close"));
    reply
}

/// The answer to a CORS preflight (`OPTIONS`), for browser clients on any route.
fn preflight() -> Reply {
    let mut reply = Response::new(Full::new(Bytes::new()));
    *reply.status_mut() = StatusCode::NO_CONTENT;
    let headers = reply.headers_mut();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("Authorization, Content-Type"),
    );
    headers.insert("access-control-max-age", HeaderValue::from_static("86400"));
    headers.insert(
        "allow",
        HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    reply
}

fn reply(answer: Answer) -> Reply {
    let mut reply = Response::new(Full::new(Bytes::from(answer.body)));
    *reply.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = reply.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    for (name, value) in answer.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    reply
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_in_progress_leaves_every_reader_slot_free() {
        let readers = 2;
        let pool = (0..readers).map(|_| Memory::in_memory().unwrap()).collect();
        let state = State {
            reads: Slots::new(pool),
            writes: Slots::new(vec![Memory::in_memory().unwrap()]),
            shared: Arc::new(Shared::new("test.db".into(), None)),
            limits: Limits {
                max_connections: 1,
                timeout: Duration::from_secs(1),
            },
        };
        let is_import = super::super::writes::is_write("POST", "/import");
        let _import = state.slots(is_import).permits.try_acquire().unwrap();
        let writer = state.slots(is_import).take_memory().unwrap();
        // A second write waits for the first.
        assert!(state.slots(true).permits.try_acquire().is_err());
        let is_suggest = super::super::writes::is_write("POST", "/suggest");
        let mut held = Vec::new();
        for _ in 0..readers {
            held.push(state.slots(is_suggest).permits.try_acquire().unwrap());
            assert!(state.slots(is_suggest).take_memory().is_some());
        }
        state.slots(true).give_back(writer);
        assert!(state.writes.take_memory().is_some());
    }
}
