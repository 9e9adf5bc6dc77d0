//! Baking benchmarks: bake and unbake of an Open Badges 3.0 credential in PNG files.
//!
//! Two PNGs are generated deterministically at start with the `image` crate: a 600×600
//! badge-sized one and a 4000×4000 one of about 6.5 MB (an RGB gradient sprinkled with
//! full-byte noise on one pixel in 38, which deflate cannot squeeze much). They are
//! written to a temporary folder, or to `ROSETTE_BAKE_BENCH_DIR` when set, so that
//! `scripts/interop/run.sh bench` can time the Python baking libraries on the very same
//! files. The credential is `tests/fixtures/ob3-vc2-eddsa-rdfc-2022.json`.
//!
//! Measured, for both sizes:
//! - in memory: `rosette::bake` of the plain PNG, and of a PNG already carrying a
//!   credential just before IEND (which is replaced), beside `baseline-copy` (one plain
//!   copy of the file: the floor for any bake that returns a new buffer);
//!   `rosette::unbake` with the credential where Rosette puts it (right after IHDR) and
//!   where other bakers put it (just before IEND, built by hand here);
//! - file to file: read, bake, write; read, unbake.
//!
//! Targets (issue): bake of the large file in memory ≤ 1.2 ms, unbake ≤ 50 µs. Run with
//! `cargo bench --bench bake`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rosette::Generation;
use std::hint::black_box;
use std::io::Cursor;
use std::path::{Path, PathBuf};

const CREDENTIAL: &str = include_str!("../tests/fixtures/ob3-vc2-eddsa-rdfc-2022.json");
/// One pixel in this many carries full-byte noise: tuned so the 4000×4000 file is ~6.5 MB.
const NOISE_EVERY: u64 = 38;

/// A deterministic PNG: an RGB gradient with sparse full-byte noise (SplitMix64).
fn noisy_png(side: u32) -> Vec<u8> {
    let mut state: u64 = 0x0123_4567_89ab_cdef;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let picture = image::RgbImage::from_fn(side, side, |x, y| {
        let r = next();
        let noise = |shift: u32| if r % NOISE_EVERY == 0 { (r >> shift) as u8 } else { 0 };
        image::Rgb([
            ((x * 255) / side) as u8 ^ noise(8),
            ((y * 255) / side) as u8 ^ noise(16),
            (((x + y) * 127) / side) as u8 ^ noise(24),
        ])
    });
    let mut png = Vec::new();
    picture.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).expect("the PNG encodes");
    png
}

/// `png` with an uncompressed `openbadgecredential` iTXt chunk inserted just before IEND,
/// the place some other bakers use.
fn with_credential_before_iend(png: &[u8], credential: &str) -> Vec<u8> {
    let iend = png.len() - 12;
    assert_eq!(&png[iend + 4..iend + 8], b"IEND", "the PNG ends with IEND");
    let mut body = b"iTXt".to_vec();
    body.extend_from_slice(b"openbadgecredential\0\0\0\0\0");
    body.extend_from_slice(credential.as_bytes());
    let mut out = Vec::with_capacity(png.len() + body.len() + 8);
    out.extend_from_slice(&png[..iend]);
    out.extend_from_slice(&((body.len() - 4) as u32).to_be_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    out.extend_from_slice(&png[iend..]);
    out
}

/// One test image in its three states, in memory and on disk.
struct Case {
    label: &'static str,
    plain: Vec<u8>,
    after_ihdr: Vec<u8>,
    before_iend: Vec<u8>,
    plain_path: PathBuf,
    after_ihdr_path: PathBuf,
    before_iend_path: PathBuf,
}

impl Case {
    fn new(label: &'static str, side: u32, dir: &Path) -> Self {
        let plain = noisy_png(side);
        let after_ihdr = rosette::bake(&plain, CREDENTIAL, Generation::Ob3, None).expect("the PNG bakes");
        let before_iend = with_credential_before_iend(&plain, CREDENTIAL);
        for baked in [&after_ihdr, &before_iend] {
            let unbaked = rosette::unbake(baked).expect("the baked PNG reads").expect("it carries a credential");
            assert_eq!(unbaked.text, CREDENTIAL);
        }
        let write = |name: String, bytes: &[u8]| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("the bench folder is writable");
            path
        };
        eprintln!(
            "bake bench: {label} PNG {side}×{side}, {} bytes (crc32 {:08x}); credential {} bytes",
            plain.len(),
            crc32fast::hash(&plain),
            CREDENTIAL.len()
        );
        Self {
            label,
            plain_path: write(format!("bake-{label}.png"), &plain),
            after_ihdr_path: write(format!("bake-{label}-after-ihdr.png"), &after_ihdr),
            before_iend_path: write(format!("bake-{label}-before-iend.png"), &before_iend),
            plain,
            after_ihdr,
            before_iend,
        }
    }
}

fn bench_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    if let Some(dir) = std::env::var_os("ROSETTE_BAKE_BENCH_DIR") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("ROSETTE_BAKE_BENCH_DIR can be created");
        (None, dir)
    } else {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let path = temp.path().to_path_buf();
        (Some(temp), path)
    }
}

fn bake_benches(c: &mut Criterion) {
    let (_temp, dir) = bench_dir();
    let cases = [Case::new("600px", 600, &dir), Case::new("4000px", 4000, &dir)];
    let out_path = dir.join("bake-out.png");

    let mut group = c.benchmark_group("bake-memory");
    for case in &cases {
        group.throughput(Throughput::Bytes(case.plain.len() as u64));
        // The floor for any bake that returns a new buffer: one copy of the file.
        group.bench_with_input(BenchmarkId::new("baseline-copy", case.label), &case.plain, |b, png| {
            b.iter(|| black_box(png).clone());
        });
        group.bench_with_input(BenchmarkId::new("plain", case.label), &case.plain, |b, png| {
            b.iter(|| rosette::bake(black_box(png), CREDENTIAL, Generation::Ob3, None).expect("bakes"));
        });
        group.bench_with_input(BenchmarkId::new("replace-before-iend", case.label), &case.before_iend, |b, png| {
            b.iter(|| rosette::bake(black_box(png), CREDENTIAL, Generation::Ob3, None).expect("bakes"));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("unbake-memory");
    for case in &cases {
        for (placement, baked) in [("after-ihdr", &case.after_ihdr), ("before-iend", &case.before_iend)] {
            group.bench_with_input(BenchmarkId::new(placement, case.label), baked, |b, png| {
                b.iter(|| rosette::unbake(black_box(png)).expect("reads").expect("carries one"));
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("bake-file");
    for case in &cases {
        group.bench_with_input(BenchmarkId::new("plain", case.label), &case.plain_path, |b, path| {
            b.iter(|| {
                let png = std::fs::read(path).expect("reads");
                let baked = rosette::bake(&png, CREDENTIAL, Generation::Ob3, None).expect("bakes");
                std::fs::write(&out_path, baked).expect("writes");
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("unbake-file");
    for case in &cases {
        for (placement, path) in [("after-ihdr", &case.after_ihdr_path), ("before-iend", &case.before_iend_path)] {
            group.bench_with_input(BenchmarkId::new(placement, case.label), path, |b, path| {
                b.iter(|| {
                    let png = std::fs::read(path).expect("reads");
                    rosette::unbake(&png).expect("reads").expect("carries one")
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bake_benches);
criterion_main!(benches);
