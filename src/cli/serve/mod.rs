//! `tarjama serve`: the memory over HTTP, for pipelines, CAT tools and the browser desk.
//!
//! - `routes`: tarjama's own JSON routes (the objects of the CLI's `--json`) and the table
//!   of routers every request goes through;
//! - `amagama`: the amaGama translation-memory protocol (`/tmserver/…`, `/api/v1/…`) that
//!   Weblate, Pootle, Virtaal and Okapi speak;
//! - `writes`: imports and unit edits, behind a bearer token;
//! - `handler`: the framework-independent request/answer types the routes work on;
//! - `http`: the HTTP stack (hyper on tokio) and its limits; `path`: URL decoding;
//! - `snapshot`: one read transaction per lookup.
//!
//! Every request gets a connection to the memory of its own from a pool of `--threads`
//! connections, so reads see every write committed before they start (by this server or by
//! another process).

mod amagama;
mod desk;
mod handler;
mod http;
mod routes;
mod snapshot;
mod writes;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Args;

use super::args::FragmentLimit;
use super::output::open_memory;
use super::Context;
use tarjama::align::memory_lexicon::{current_lexicon, reviewed_fingerprint};
use tarjama::align::Lexicon;
use tarjama::glossary::{store, Checker};
use tarjama::memory::{Memory, SideTokens};

#[derive(Debug, Args)]
#[command(after_help = routes::HELP)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed on start).
    /// Loopback by default: on another address, writes still need the token.
    #[arg(long, default_value = "127.0.0.1:8077", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
    /// Reads working on the memory at the same time (connections to the SQLite file); writes
    /// have one more connection of their own. Default: the number of cores, at least 2.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: Option<u16>,
    /// A file holding the token that turns writes on (`Authorization: Bearer TOKEN`).
    /// Without it (or TARJAMA_WRITE_TOKEN) the server is read-only.
    #[arg(long, value_name = "FILE")]
    pub write_token: Option<PathBuf>,
    /// Open connections at most; beyond this, new connections wait to be accepted.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub max_connections: usize,
    /// Seconds a client may take to send a request's headers or its body (and an idle
    /// keep-alive connection is kept) before it is closed.
    #[arg(long, default_value_t = 30, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    #[command(flatten)]
    pub fragment_limit: FragmentLimit,
    /// The most sentences one `POST /suggest` with `"segment": true` looks up; a longer text
    /// is refused (413) before any lookup, to be sent in parts. Each sentence is a lookup
    /// (and a fragment search when asked for) on one of the --threads readers.
    #[arg(long, default_value_t = MAX_SENTENCES, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub max_sentences: u64,
    /// Hold every unit's key tokens in RAM, loaded once the server listens and shared by the
    /// readers, so that a lookup verifies its candidates without reading the file: at 1M
    /// long paragraphs, 0.5 GB loaded in 0.6–2 s for a p99 about a third lower (`docs/speed-log.md`,
    /// "The candidates' tokens from RAM"); lookups read the file until the load is done.
    /// Units added later are read into RAM too (--tokens-refresh); deleted ones are never
    /// suggested.
    #[arg(long)]
    pub tokens_in_ram: bool,
    /// With --tokens-in-ram: how often the units added since (by this server or by another
    /// process) are read into RAM too.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", requires = "tokens_in_ram",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub tokens_refresh: u64,
}

/// Sentences one segmented `POST /suggest` looks up at most, by default: a long article is a
/// few hundred; a text beyond that is a batch job (`tarjama pretranslate`) or comes in parts.
const MAX_SENTENCES: u64 = 1_000;

/// One request on the memory per core: a lookup is CPU work, and more of them at once than
/// cores only makes each wait for the others (at 1M pairs on 2 cores, 8 keep-alive clients:
/// `--threads 2` p99 14–16 ms, 4 threads 22–23 ms; README "Server"). At least 2. Writes run
/// on a connection of their own, so a long import through the server takes no reader's.
fn default_threads() -> u16 {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 64) as u16)
}

pub fn run(args: &ServeArgs, ctx: &Context) -> anyhow::Result<i32> {
    let token = write_token(args)?;
    // Fail before listening when the memory is missing or not a memory.
    let pool = (0..args.threads.unwrap_or_else(default_threads))
        .map(|_| open_memory(&ctx.tm))
        .collect::<anyhow::Result<Vec<Memory>>>()?;
    // Writes get a connection (and a thread) of their own beside the readers'.
    let writer = open_memory(&ctx.tm)?;
    let mut shared = Shared::new(ctx.tm.clone(), token);
    shared.fragment_checks = args.fragment_limit.per_segment();
    shared.max_sentences = usize::try_from(args.max_sentences).unwrap_or(usize::MAX);
    if args.tokens_in_ram {
        let sides = Arc::new(SharedSides::default());
        let every = Duration::from_secs(args.tokens_refresh);
        sides.load_and_keep_extending(open_memory(&ctx.tm)?, every)?;
        shared.side_tokens = Some(sides);
    }
    let shared = Arc::new(shared);
    compile_glossary_soon(&shared, open_memory(&ctx.tm)?)?;
    let limits = http::Limits {
        max_connections: args.max_connections,
        timeout: Duration::from_secs(args.timeout),
    };
    http::serve(args.addr, pool, writer, shared, limits)
}

/// Compiles the glossary on a thread of its own as the server starts, rather than in the
/// first request that needs it (130 ms with 10,000 entries); a request that comes first
/// waits for it. A failure is left for that request to report.
fn compile_glossary_soon(shared: &Arc<Shared>, memory: Memory) -> anyhow::Result<()> {
    let shared = Arc::clone(shared);
    std::thread::Builder::new()
        .name("glossary".into())
        .spawn(move || {
            let _ = shared.checker(&memory);
        })
        .context("cannot start the thread that compiles the glossary")?;
    Ok(())
}

/// The write token: the first line of `--write-token FILE`, else `TARJAMA_WRITE_TOKEN`.
fn write_token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    let (token, from) = match &args.write_token {
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read the write token {}", file.display()))?;
            (text, file.display().to_string())
        }
        None => match std::env::var("TARJAMA_WRITE_TOKEN") {
            Ok(text) => (text, "TARJAMA_WRITE_TOKEN".to_string()),
            Err(_) => return Ok(None),
        },
    };
    let token = token.lines().next().unwrap_or("").trim().to_string();
    if token.len() < 16 || token.chars().any(|c| !c.is_ascii_graphic()) {
        anyhow::bail!(
            "{from}: the write token must be at least 16 printable ASCII characters without spaces"
        );
    }
    Ok(Some(token))
}

/// What all requests share: the memory's path, the write token and what is costly to build
/// from the memory.
pub struct Shared {
    pub tm: PathBuf,
    /// Writes are on when there is a token.
    pub token: Option<String>,
    /// The compiled glossary.
    glossary: Cached<Checker>,
    /// The lexicons the memory's reviewed units teach, by direction (primary language
    /// subtags): the aligner's (ar → en) and those fragments are translated with.
    lexicons: Mutex<HashMap<Direction, Arc<Cached<Lexicon>>>>,
    /// The most units one sentence's fragment search checks (`--fragment-checks`).
    pub fragment_checks: u64,
    /// The most sentences one segmented `POST /suggest` looks up (`--max-sentences`).
    pub max_sentences: usize,
    /// The units' tokens in RAM (`--tokens-in-ram`), handed to each reader per request.
    pub side_tokens: Option<Arc<SharedSides>>,
}

/// The units' tokens in RAM (`--tokens-in-ram`): loaded on a thread of its own once the
/// server listens (lookups read the file until then), shared by the readers, and extended
/// with the units added since, so that those are verified from RAM too (a store is never
/// stale: see `tarjama::memory::SideTokens`).
#[derive(Default)]
pub struct SharedSides(Mutex<Option<Arc<SideTokens>>>);

impl SharedSides {
    /// The newest store (`None` while the first load runs).
    pub fn current(&self) -> Option<Arc<SideTokens>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What `/health` says of the store: `{"loaded": false}` while the first load runs, else
    /// the units held and the highest unit id they reach.
    pub fn health(&self) -> serde_json::Value {
        match self.current() {
            Some(held) => serde_json::json!({
                "loaded": true, "units": held.units(), "upto": held.upto()
            }),
            None => serde_json::json!({ "loaded": false }),
        }
    }

    /// Loads the store, or extends it with the units added since, on `memory` (a connection
    /// of its own).
    fn refresh(&self, memory: &Memory) -> anyhow::Result<()> {
        let next = match self.current() {
            Some(held) => match held.extended(memory.conn())? {
                Some(next) => next,
                None => return Ok(()),
            },
            None => {
                let started = Instant::now();
                let sides = SideTokens::load(memory.conn())?;
                eprintln!(
                    "tarjama: serve: the tokens of {} units of {} in RAM ({:.0} MB, loaded in {:.1} s)",
                    sides.units(),
                    memory.path().unwrap_or(Path::new("?")).display(),
                    sides.heap_bytes() as f64 / 1e6,
                    started.elapsed().as_secs_f64()
                );
                sides
            }
        };
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(next));
        Ok(())
    }

    /// Loads the store at once, then extends it every `every`, on a thread of its own for as
    /// long as the process lives; a failure is reported and tried again at the next tick.
    fn load_and_keep_extending(
        self: &Arc<Self>,
        memory: Memory,
        every: Duration,
    ) -> anyhow::Result<()> {
        let sides = Arc::clone(self);
        std::thread::Builder::new()
            .name("tokens-in-ram".into())
            .spawn(move || loop {
                if let Err(e) = sides.refresh(&memory) {
                    eprintln!("tarjama: serve: cannot read the units' tokens: {e:#}");
                }
                std::thread::sleep(every);
            })
            .context("cannot start the thread that keeps the tokens in RAM")?;
        Ok(())
    }
}

/// A translation direction: the primary subtags of the source and target languages.
type Direction = (String, String);

/// A value built from the memory, with the fingerprint of what it was built from; built
/// again when the fingerprint changes (another process edited the memory).
struct Cached<T>(Mutex<Option<(String, Arc<T>)>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(Mutex::new(None))
    }
}

impl<T> Cached<T> {
    fn get(
        &self,
        now: String,
        build: impl FnOnce() -> anyhow::Result<T>,
    ) -> anyhow::Result<Arc<T>> {
        let mut cached = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, value)) = cached.as_ref() {
            if *seen == now {
                return Ok(Arc::clone(value));
            }
        }
        let value = Arc::new(build()?);
        *cached = Some((now, Arc::clone(&value)));
        Ok(value)
    }
}

impl Shared {
    /// Nothing built yet: each value is built at its first use.
    pub fn new(tm: PathBuf, token: Option<String>) -> Shared {
        Shared {
            tm,
            token,
            glossary: Cached::default(),
            lexicons: Mutex::default(),
            fragment_checks: tarjama::pretranslate::fragments::CHECKS_PER_SEGMENT,
            max_sentences: MAX_SENTENCES as usize,
            side_tokens: None,
        }
    }

    /// The compiled glossary, recompiled when the stored one changed since.
    pub fn checker(&self, memory: &Memory) -> anyhow::Result<Arc<Checker>> {
        let now = store::fingerprint(memory.conn())?;
        self.glossary
            .get(now, || Ok(Checker::new(store::load(memory.conn())?)))
    }

    /// The aligner's lexicon: [`Shared::lexicon_for`] Arabic → English.
    pub fn lexicon(&self, memory: &Memory) -> anyhow::Result<Arc<Lexicon>> {
        self.lexicon_for(memory, "ar", "en")
    }

    /// The `from` → `to` lexicon of the memory's reviewed units (primary subtags), found
    /// again when a reviewed unit was added, changed, unreviewed or deleted since (two index
    /// reads to tell, not a count over every unit): the one stored in the memory when
    /// current, else learned and stored for the next server or one-shot command. Learning
    /// costs seconds on a large memory: paid once per direction and change, not per request.
    pub fn lexicon_for(
        &self,
        memory: &Memory,
        from: &str,
        to: &str,
    ) -> anyhow::Result<Arc<Lexicon>> {
        let (newest, changes) = reviewed_fingerprint(memory)?;
        let now = format!("{newest}:{changes}");
        let direction = (from.to_string(), to.to_string());
        let cached = Arc::clone(
            self.lexicons
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(direction)
                .or_default(),
        );
        cached.get(now, || Ok(current_lexicon(memory, from, to)?))
    }
}

#[cfg(test)]
mod tests {
    use super::SharedSides;
    use tarjama::memory::{Memory, Side, UnitRecord};

    #[test]
    fn health_says_not_loaded_until_the_first_load_then_the_units_held() {
        let mut memory = Memory::in_memory().unwrap();
        let mut w = memory.writer().unwrap();
        for (ar, en) in [
            ("قال الوزير امس", "the minister said yesterday"),
            ("وصل الوزير الى بغداد", "the minister arrived in baghdad"),
        ] {
            w.add(&UnitRecord::new(Side::new("ar", ar), Side::new("en", en)))
                .unwrap();
        }
        w.commit().unwrap();
        let sides = SharedSides::default();
        assert_eq!(sides.health(), serde_json::json!({ "loaded": false }));
        assert!(sides.current().is_none());
        sides.refresh(&memory).unwrap();
        assert_eq!(
            sides.health(),
            serde_json::json!({ "loaded": true, "units": 2, "upto": 2 })
        );
        // A unit added later is held after the next refresh, not before.
        let mut w = memory.writer().unwrap();
        w.add(&UnitRecord::new(
            Side::new("ar", "المطر غزير في بغداد"),
            Side::new("en", "heavy rain in baghdad"),
        ))
        .unwrap();
        w.commit().unwrap();
        assert_eq!(sides.health()["units"], 2);
        sides.refresh(&memory).unwrap();
        assert_eq!(
            sides.health(),
            serde_json::json!({ "loaded": true, "units": 3, "upto": 3 })
        );
    }
}
