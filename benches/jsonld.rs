//! JSON-LD → canonical N-Quads (RDFC-1.0) of a typical Open Badges 3.0 credential
//! (`tests/fixtures/ob3-vc2-eddsa-rdfc-2022.json` without its proof: VC 2.0 and OB 3.0.3
//! contexts, 50 quads, 7 blank nodes), and of its proof options, by Rosette's own path
//! (`verify/jsonld`: cached compiled contexts, safe-mode expansion, to-RDF, RDFC-1.0). The
//! `json-ld` + `rdf-canon` crates, kept as a test oracle (`verify/rdfc.rs`), measured
//! 1.48 ms for the same document when they were the production path.
//!
//! It runs warm (contexts already processed once), as in a verification of many badges.
//! Target (issue): about 50 µs for the document with the fast path, 20× faster than
//! jsonld.js (~1.2 ms). Run with `cargo bench --bench jsonld`.

use criterion::{criterion_group, criterion_main, Criterion};
use rosette::jsonld_bench::fast;
use serde_json::Value;
use std::hint::black_box;

const CREDENTIAL: &str = include_str!("../tests/fixtures/ob3-vc2-eddsa-rdfc-2022.json");

fn inputs() -> (Value, Value) {
    let mut document: Value = serde_json::from_str(CREDENTIAL).expect("the fixture is JSON");
    let mut proof = document.as_object_mut().and_then(|d| d.remove("proof")).expect("the fixture has a proof");
    let options = proof.as_object_mut().expect("the proof is an object");
    options.remove("proofValue");
    options.insert("@context".into(), document["@context"].clone());
    (document, proof)
}

fn canonicalize(c: &mut Criterion) {
    let (document, proof_options) = inputs();
    let expected = fast(&document).expect("the fast path canonicalizes the fixture");
    assert_eq!(expected.lines().count(), 50, "the fixture's quads");

    let mut group = c.benchmark_group("ob3_credential");
    group.bench_function("fast", |b| b.iter(|| fast(black_box(&document))));
    group.finish();

    let mut group = c.benchmark_group("ob3_proof_options");
    group.bench_function("fast", |b| b.iter(|| fast(black_box(&proof_options))));
    group.finish();
}

criterion_group!(benches, canonicalize);
criterion_main!(benches);
