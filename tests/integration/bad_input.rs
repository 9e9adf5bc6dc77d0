//! Bad input to `rosette import`: the malformed fixtures in `tests/fixtures/bad`, a 50 MB
//! file, 100,000-deep nesting (JSON and inside a JWS), a missing path, a folder and an
//! empty file. Each must exit 1 with one stderr line naming the file and the problem,
//! store nothing and never panic; afterwards `rosette check` passes and the portfolio
//! holds exactly what it held before. A batch mixing good and bad files imports the
//! good ones and reports the bad ones.

use crate::common::{fixture, Home};
use base64::Engine as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A home holding one good badge (with an image), so that "stores nothing" and "loses
/// nothing" can both be checked.
fn home_with_one_badge() -> Home {
    let home = Home::new();
    home.import_new(&[fixture("ob3-vc1-ed25519-2020.json")]);
    home
}

fn assert_unchanged(home: &Home) {
    home.check();
    assert_eq!(home.total(), 1);
    assert_eq!(home.count_rows("badges"), 1);
    assert_eq!(home.count_rows("images"), 1);
    assert_eq!(home.count_rows("related_documents"), 0);
    assert_eq!(home.count_rows("badge_search"), 1);
}

/// Imports `path` alone (text, then JSON output) and checks the rejection.
fn assert_rejected(path: &Path, problem: &[&str]) {
    let home = home_with_one_badge();
    let shown = path.display().to_string();

    let run = home.run([Path::new("import"), path]).failure();
    assert!(run.stdout.is_empty(), "{}", run.stdout_text());
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 2, "one line for the file, one summary: {}", run.stderr);
    let prefix = format!("rosette: {shown}: ");
    assert!(lines[0].starts_with(&prefix), "{:?} should name {shown}", lines[0]);
    for part in problem {
        assert!(lines[0].contains(part), "{:?} should say {part:?}", lines[0]);
    }
    assert!(lines[0].len() < 400, "a short message: {:?}", lines[0]);
    assert_eq!(lines[1], "rosette: 1 of 1 files could not be imported");
    assert_unchanged(&home);

    let run = home.run([Path::new("import"), Path::new("--json"), path]).failure();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report = run.json();
    assert_eq!((report["imported"].as_u64(), report["failed"].as_u64()), (Some(0), Some(1)), "{report:#}");
    let item = &report["items"][0];
    assert_eq!(item["source"], shown.as_str());
    assert_eq!(item["outcome"]["status"], "failed");
    let message = item["outcome"]["message"].as_str().expect("message");
    assert!(!message.contains('\n'), "{message:?}");
    assert!(lines[0].ends_with(message), "{message:?} vs {:?}", lines[0]);
    assert_unchanged(&home);
}

#[test]
fn not_json() {
    assert_rejected(&fixture("bad/not-json.json"), &["not an Open Badge", "neither JSON nor a compact JWS"]);
}

#[test]
fn not_a_badge() {
    assert_rejected(&fixture("bad/not-a-badge.json"), &["not an Open Badge", "no Open Badges type"]);
}

#[test]
fn duplicate_keys() {
    assert_rejected(&fixture("bad/duplicate-keys.json"), &["duplicate member \"name\""]);
}

#[test]
fn truncated_jws() {
    assert_rejected(&fixture("bad/truncated.jws"), &["invalid JWS", "3 parts"]);
}

#[test]
fn binary_file() {
    assert_rejected(&fixture("bad/binary.bin"), &["binary file, not a badge"]);
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("empty.json");
    std::fs::write(&path, b"").expect("write");
    assert_rejected(&path, &["file is empty"]);
    // Whitespace only is empty too.
    std::fs::write(&path, b" \n\t\r\n").expect("write");
    assert_rejected(&path, &["file is empty"]);
}

#[test]
fn fifty_megabytes() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("huge.json");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let size: usize = 50 * 1024 * 1024;
    file.write_all(b"{\"name\":\"").expect("write");
    let chunk = vec![b'a'; 1024 * 1024];
    let mut written = 9;
    while written + chunk.len() + 2 <= size {
        file.write_all(&chunk).expect("write");
        written += chunk.len();
    }
    file.write_all(&vec![b'a'; size - written - 2]).expect("write");
    file.write_all(b"\"}").expect("write");
    file.flush().expect("flush");
    drop(file);
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), size as u64);
    assert_rejected(&path, &[&format!("file is {size} bytes; badge files are read up to ")]);
}

#[test]
fn deeply_nested_json() {
    let dir = tempfile::tempdir().expect("temp");
    let arrays = dir.path().join("deep-arrays.json");
    std::fs::write(&arrays, "[".repeat(100_000)).expect("write");
    assert_rejected(&arrays, &["nested more than 128 levels"]);

    let objects = dir.path().join("deep-objects.json");
    let mut text = "{\"a\":".repeat(100_000);
    text.push('1');
    text.push_str(&"}".repeat(100_000));
    std::fs::write(&objects, text).expect("write");
    assert_rejected(&objects, &["nested more than 128 levels"]);
}

#[test]
fn deeply_nested_jws_payload() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("deep.jws");
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let token = format!("{}.{}.{}", b64(br#"{"alg":"EdDSA"}"#), b64("[".repeat(100_000).as_bytes()), b64(b"sig"));
    std::fs::write(&path, token).expect("write");
    assert_rejected(&path, &["invalid JWS", "payload", "nested more than 128 levels"]);
}

#[test]
fn deep_nesting_in_process_does_not_overflow_a_test_thread_stack() {
    // Test threads have small stacks; the parser's depth limit must hold there too.
    let dir = tempfile::tempdir().expect("temp");
    let mut wallet = rosette::Wallet::open(dir.path()).expect("open");
    let sources = ["[", "{\"a\":", "[{\"a\":"]
        .iter()
        .map(|unit| rosette::ImportSource { name: format!("deep {unit}"), bytes: unit.repeat(100_000).into_bytes() })
        .collect();
    let report = wallet.import_sources(sources).expect("import report");
    assert_eq!((report.imported, report.failed), (0, 3));
    for item in &report.items {
        let rosette::ImportOutcome::Failed { message } = &item.outcome else { panic!("{item:?}") };
        assert!(message.contains("nested more than 128 levels"), "{message}");
    }
    wallet.check_integrity().expect("sound");
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().expect("temp");
    assert_rejected(&dir.path().join("no-such-badge.json"), &["cannot read", "No such file"]);
}

#[test]
fn folder_instead_of_file() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("badges.json");
    std::fs::create_dir(&folder).expect("mkdir");
    assert_rejected(&folder, &["is a folder, not a file"]);
}

#[test]
fn batch_imports_the_good_and_reports_the_bad() {
    let home = Home::new();
    let dir = tempfile::tempdir().expect("temp");
    let missing = dir.path().join("missing.jwt");
    let files: Vec<PathBuf> = vec![
        fixture("ob3-vc2-eddsa-rdfc-2022.json"),
        fixture("bad/not-json.json"),
        missing.clone(),
        fixture("ob3-vc2-jwt-eddsa.jwt"),
        fixture("bad/truncated.jws"),
        fixture("ob2-signed.jws"),
    ];
    let mut args = vec![PathBuf::from("import")];
    args.extend(files.iter().cloned());
    let run = home.run(&args).failure();

    let stdout = run.stdout_text();
    let imported: Vec<&str> = stdout.lines().collect();
    assert_eq!(imported.len(), 3, "{stdout}");
    for (line, name) in imported.iter().zip(["Rust Fundamentals", "Cloud Security Practitioner", "Peer Reviewer"]) {
        assert!(line.starts_with("imported  ") && line.ends_with(name), "{line}");
    }
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    // Failures are reported in the order the files were given.
    assert!(lines[0].starts_with(&format!("rosette: {}: not an Open Badge", fixture("bad/not-json.json").display())));
    assert!(lines[1].starts_with(&format!("rosette: {}: cannot read", missing.display())), "{}", lines[1]);
    assert!(lines[2].starts_with(&format!("rosette: {}: invalid JWS", fixture("bad/truncated.jws").display())));
    assert_eq!(lines[3], "rosette: 3 of 6 files could not be imported");
    assert_eq!(home.total(), 3);
    home.check();

    // The same batch again in JSON: the good ones are now duplicates.
    let mut args = vec![PathBuf::from("import"), PathBuf::from("--json")];
    args.extend(files.iter().cloned());
    let run = home.run(&args).failure();
    let report = run.json();
    assert_eq!(
        (report["imported"].as_u64(), report["duplicates"].as_u64(), report["failed"].as_u64()),
        (Some(0), Some(3), Some(3))
    );
    assert_eq!(home.total(), 3);
    home.check();
}
