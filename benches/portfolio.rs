//! Portfolio benchmarks on a real SQLite portfolio in a temporary folder.
//!
//! The badges are 10,000 distinct Open Badges 3.0 credentials made from
//! `tests/fixtures/bench-template.json`: each gets its own `id`, issue date and an
//! achievement name and description drawn deterministically from small word lists, so
//! that searches match known shares of the portfolio:
//! - `volcanology` (one topic of 100) is in the name of 1% of the badges;
//! - `pract` prefix-matches `Practitioner` (one level of 5) in 20%;
//! - `engin` prefix-matches the issuer, "Example Society of Engineers", in all of them.
//!
//! Targets (issue, 2-core machine): first page < 20 ms, search < 20 ms, importing
//! 10,000 badges < 20 s. Run with `cargo bench --bench portfolio`.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use rosette::{ImportSource, ListQuery, Wallet};
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tempfile::TempDir;

const BADGES: usize = 10_000;
const PAGE: u32 = 50;
const TEMPLATE: &str = include_str!("../tests/fixtures/bench-template.json");

/// 100 topics, one per 1% of the badges. None is a prefix of another word used.
const TOPICS: &str = "\
    acoustics agronomy algebra anatomy anthropology archaeology architecture astronomy bacteriology ballistics \
    biochemistry biology botany calculus cardiology cartography ceramics chemistry choreography climatology \
    cosmology criminology cryptography cybernetics dermatology dietetics ecology economics embryology entomology \
    epidemiology ergonomics ethics ethnography etymology forestry genetics geodesy geography geology geometry \
    glaciology graphics gymnastics haematology herpetology histology horticulture hydrology immunology journalism \
    kinesiology limnology linguistics logistics masonry mechanics metallurgy meteorology microbiology mineralogy \
    mycology mythology neurology numismatics nutrition oceanography oncology ontology optics ornithology \
    orthodontics paleontology pathology pedagogy petrology pharmacology philately philosophy phonetics photography \
    physics physiology poetry politics psychology radiology robotics seismology semantics sociology statistics \
    taxonomy thermodynamics topology toxicology typography virology volcanology zoology";
/// 5 levels: `Practitioner` names 20% of the badges.
const LEVELS: [&str; 5] = ["Fundamentals", "Foundations", "Practitioner", "Advanced", "Expert"];
/// 10 skills, one per description.
const SKILLS: &str = "teamwork research fieldwork leadership analysis design writing mentoring testing outreach";

/// The 10,000 credentials, serialized once.
fn credentials() -> Vec<ImportSource> {
    let template: Value = serde_json::from_str(TEMPLATE).expect("the bench template is JSON");
    let topics: Vec<&str> = TOPICS.split_whitespace().collect();
    let skills: Vec<&str> = SKILLS.split_whitespace().collect();
    assert_eq!((topics.len(), skills.len()), (100, 10));
    (0..BADGES)
        .map(|i| {
            let mut doc = template.clone();
            let topic = topics[i % topics.len()];
            let level = LEVELS[(i / topics.len()) % LEVELS.len()];
            let skill = skills[(i / 7) % skills.len()];
            let mut title = topic.to_owned();
            title[..1].make_ascii_uppercase();
            doc["id"] = Value::from(format!("urn:uuid:3f9c8a52-6d1e-4b7a-9e0f-{i:012}"));
            // Issue dates spread over about three years, not in import order.
            let hours = (i * 7919) % 26_000;
            let (day, hour) = (hours / 24, hours % 24);
            let date = time::Date::from_ordinal_date(2023, 1).expect("a valid date") + time::Duration::days(day as i64);
            doc["validFrom"] = Value::from(format!("{date}T{hour:02}:00:00Z"));
            let achievement = &mut doc["credentialSubject"]["achievement"];
            achievement["id"] = Value::from(format!("https://example.org/achievements/{topic}-{i}"));
            achievement["name"] = Value::from(format!("{title} {level}"));
            achievement["description"] = Value::from(format!(
                "Awarded for {skill} in {topic} at the {} level. Holders have shown sustained, \
                 independent work assessed by two reviewers.",
                level.to_lowercase()
            ));
            ImportSource {
                name: format!("badge-{i:05}.json"),
                bytes: serde_json::to_vec_pretty(&doc).expect("JSON serializes"),
            }
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
