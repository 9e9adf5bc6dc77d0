//! Portfolio benchmarks on a real SQLite portfolio in a temporary folder.
//!
//! The badges are the 10,000 distinct Open Badges 3.0 credentials of `portfolio_badges`
//! (variations of `tests/fixtures/bench-template.json`), so that searches match known
//! shares of the portfolio:
//! - `volcanology` (one topic of 100) is in the name of 1% of the badges;
//! - `pract` prefix-matches `Practitioner` (one level of 5) in 20%;
//! - `engin` prefix-matches the issuer, "Example Society of Engineers", in all of them.
//!
//! Targets (issue, 2-core machine): first page < 20 ms, search < 20 ms, importing
//! 10,000 badges < 20 s. Run with `cargo bench --bench portfolio`.

mod portfolio_badges;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use portfolio_badges::BADGES;
use rosette::{ImportSource, ListQuery, Wallet};
use std::hint::black_box;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const PAGE: u32 = 50;

/// The 10,000 credentials, serialized once.
fn credentials() -> Vec<ImportSource> {
    portfolio_badges::credential_documents()
        .into_iter()
        .enumerate()
        .map(|(i, doc)| ImportSource {
            name: format!("badge-{i:05}.json"),
            bytes: serde_json::to_vec_pretty(&doc).expect("JSON serializes"),
        })
        .collect()
}

/// A fresh portfolio with all the credentials imported.
fn full_portfolio(sources: &[ImportSource]) -> TempDir {
    let dir = TempDir::new().expect("a temporary folder");
    let mut wallet = Wallet::open(dir.path()).expect("the portfolio opens");
    let start = Instant::now();
    let report = wallet.import_sources(sources.to_vec()).expect("the import runs");
    eprintln!("setup: imported {} badges in {:.1?}", report.imported, start.elapsed());
    assert_eq!(report.imported as usize, BADGES, "every credential is imported");
    dir
}

fn first_page() -> ListQuery {
    ListQuery { limit: PAGE, ..ListQuery::default() }
}

fn search(words: &str) -> ListQuery {
    ListQuery { search: Some(words.to_owned()), limit: PAGE, ..ListQuery::default() }
}

fn import(c: &mut Criterion, sources: &[ImportSource]) {
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    group.bench_function("import_10k", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = TempDir::new().expect("a temporary folder");
                let mut wallet = Wallet::open(dir.path()).expect("the portfolio opens");
                let batch = sources.to_vec();
                let start = Instant::now();
                let report = wallet.import_sources(black_box(batch)).expect("the import runs");
                total += start.elapsed();
                assert_eq!(report.imported as usize, BADGES, "every credential is imported");
            }
            total
        });
    });
    group.finish();
}

fn reads(c: &mut Criterion, sources: &[ImportSource]) {
    let dir = full_portfolio(sources);
    let home = dir.path();
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(50).warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(8));

    group.bench_function("open_and_first_page", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let wallet = Wallet::open(black_box(home)).expect("the portfolio opens");
                let page = wallet.list(&first_page()).expect("the list runs");
                total += start.elapsed();
                assert_eq!(page.items.len(), PAGE as usize);
                drop(wallet); // closing is not part of what the user waits for
            }
            total
        });
    });

    let wallet = Wallet::open(home).expect("the portfolio opens");
    let page = wallet.list(&first_page()).expect("the list runs");
    assert_eq!(page.total as usize, BADGES);
    group.bench_function("first_page", |b| b.iter(|| wallet.list(black_box(&first_page())).expect("the list runs")));

    for (name, words, share) in [
        ("search_word_1pct", "volcanology", 100),
        ("search_prefix_20pct", "pract", 2_000),
        ("search_prefix_all", "engin", BADGES),
    ] {
        let query = search(words);
        assert_eq!(wallet.list(&query).expect("the search runs").total as usize, share, "{words} matches {share}");
        group.bench_function(name, |b| b.iter(|| wallet.list(black_box(&query)).expect("the search runs")));
    }

    let id = page.items[PAGE as usize / 2].id.clone();
    group.bench_function("show", |b| b.iter(|| wallet.show(black_box(&id)).expect("the badge is there")));
    group.finish();
    drop(wallet);
    // Keep the folder until the last reader is gone.
    drop(dir);
}

fn benches(c: &mut Criterion) {
    let sources = credentials();
    reads(c, &sources);
    import(c, &sources);
}

criterion_group!(portfolio, benches);
criterion_main!(portfolio);
