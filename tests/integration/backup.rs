//! Backup and restore through the CLI: export then restore into an empty portfolio keeps
//! every credential byte for byte and the earner's tags, collections, visibility and
//! notes and identifiers (not network settings); restoring into the same portfolio reports only duplicates; a zip with one
//! credential byte changed (or an entry missing) fails that item with a hash message and
//! restores the others; a file that is no zip, or a zip without a manifest, is refused
//! with a clear message.

use crate::common::{fixture, fixture_bytes, Home, CREDENTIALS};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// A portfolio with every fixture and some user data on several badges.
fn decorated_portfolio() -> (Home, Vec<(&'static str, String)>) {
    let home = Home::new();
    home.run(["identity", "add", "jane.doe@example.org"]).success();
    home.run(["network", "private-network", "on"]).success();
    let ids = home.import_all_fixtures();
    let id = |file: &str| ids.iter().find(|(f, _)| *f == file).map(|(_, id)| id.clone()).expect(file);
    let rust = id("ob3-vc2-eddsa-rdfc-2022.json");
    let jwt = id("ob3-vc2-jwt-eddsa.jwt");
    let linked = id("ob2-assertion-linked.json");
    home.run(["tag", &rust, "rust", "Systèmes"]).success();
    home.run(["tag", &linked, "makers"]).success();
    home.run(["collection", "add", "CV", &rust, &linked]).success();
    home.run(["collection", "add", "Cloud ☁", &jwt]).success();
    home.run(["visibility", &jwt, "shareable"]).success();
    home.run(["note", &rust, "First badge — \"proud\"\nwith a second line"]).success();
    home.run(["note", &linked, "ran the soldering workshop"]).success();
    (home, ids)
}

fn export(home: &Home, out: &Path) -> Value {
    let report = home.json([Path::new("export"), Path::new("--json"), Path::new("--out"), out]);
    assert_eq!(report["path"], out.display().to_string());
    assert_eq!(report["bytes"], std::fs::metadata(out).expect("backup written").len());
    report
}

fn restore(home: &Home, backup: &Path) -> (Option<i32>, Value) {
    let run = home.run([Path::new("restore"), Path::new("--json"), backup]);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report = run.json();
    (run.code, report)
}

/// `show --json` of every badge, by id.
fn details(home: &Home) -> HashMap<String, Value> {
    home.list(&[])["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|b| {
            let id = b["id"].as_str().expect("id").to_owned();
            // Restored badges are verified again, so only the time of the check differs.
            let mut detail = home.show(&id);
            detail["summary"]["lastCheck"]["checkedAt"] = serde_json::Value::Null;
            detail["lastReport"]["checkedAt"] = serde_json::Value::Null;
            detail["lastReport"]["checks"] = serde_json::Value::Null;
            (id.clone(), detail)
        })
        .collect()
}

#[test]
fn export_then_restore_into_an_empty_portfolio_is_byte_identical() {
    let (home, ids) = decorated_portfolio();
    let out_dir = tempfile::tempdir().expect("temp");
    let backup = out_dir.path().join("backup.zip");
    let report = export(&home, &backup);
    assert_eq!(report["badges"], 8);
    // Only the backup is left in the folder (the temporary file was renamed).
    let left: Vec<_> = std::fs::read_dir(out_dir.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left, ["backup.zip"]);

    let before = details(&home);
    let originals_before: HashMap<&str, Vec<u8>> = ids.iter().map(|(_, id)| (id.as_str(), home.original(id))).collect();

    let fresh = Home::new();
    let (code, report) = restore(&fresh, &backup);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(
        (report["restored"].as_u64(), report["duplicates"].as_u64(), report["failed"].as_u64()),
        (Some(8), Some(0), Some(0))
    );
    for item in report["items"].as_array().expect("items") {
        assert_eq!(item["outcome"], json!({ "status": "restored", "id": item["id"] }), "same ids: {item}");
    }

    for (file, id) in &ids {
        let restored = fresh.original(id);
        assert_eq!(restored, fixture_bytes(file), "{file} restored byte for byte");
        assert_eq!(restored, originals_before[id.as_str()], "{file} equal before and after");
        assert_eq!(home.original(id), fixture_bytes(file), "{file} unchanged in the source portfolio");
    }
    // Everything `show` says is the same, user data and import time included.
    let after = details(&fresh);
    assert_eq!(after.len(), 8);
    for (id, detail) in &before {
        assert_eq!(&after[id], detail, "badge {id}");
    }
    let rust = &after[&ids[0].1];
    assert_eq!(rust["user"]["tags"], json!(["rust", "Systèmes"]));
    assert_eq!(rust["user"]["collections"], json!(["CV"]));
    assert_eq!(rust["user"]["note"], "First badge — \"proud\"\nwith a second line");
    // Lists agree too, but for the time of the check made after restoring.
    let without_check_times = |mut page: Value| {
        for item in page["items"].as_array_mut().expect("items") {
            item["lastCheck"]["checkedAt"] = Value::Null;
        }
        page
    };
    assert_eq!(without_check_times(home.list(&[])), without_check_times(fresh.list(&[])));
    assert_eq!(home.json(["collection", "list", "--json"]), fresh.json(["collection", "list", "--json"]));
    assert_eq!(
        fresh.json(["collection", "list", "--json"]),
        json!([{ "name": "Cloud ☁", "count": 1 }, { "name": "CV", "count": 2 }])
    );
    assert_eq!(fresh.names(&["--tag", "makers"]), ["Workshop Leader"]);
    // The earner's identifiers come along; network settings stay with the machine.
    assert_eq!(fresh.json(["identity", "list", "--json"]), json!(["jane.doe@example.org"]));
    assert_eq!(fresh.json(["network", "show", "--json"])["allowPrivateNetwork"], false);
    assert_eq!(fresh.names(&["--search", "systemes"]), ["Rust Fundamentals"]);
    assert_eq!(fresh.count_rows("images"), home.count_rows("images"));
    assert_eq!(fresh.count_rows("related_documents"), 2);
    fresh.check();

    // A backup of the restored portfolio holds the same entries with the same bytes.
    let again = out_dir.path().join("again.zip");
    export(&fresh, &again);
    let mut first = zip_entries(&backup);
    let mut second = zip_entries(&again);
    let manifest = |entries: &mut HashMap<String, Vec<u8>>| -> Value {
        let mut m: Value = serde_json::from_slice(&entries.remove("manifest.json").expect("manifest")).expect("json");
        m["createdAt"] = Value::Null;
        m
    };
    assert_eq!(manifest(&mut first), manifest(&mut second));
    assert_eq!(first, second);
}

#[test]
fn restoring_into_the_same_portfolio_reports_duplicates() {
    let (home, _) = decorated_portfolio();
    let dir = tempfile::tempdir().expect("temp");
    let backup = dir.path().join("b.zip");
    export(&home, &backup);
    let before = details(&home);
    let (code, report) = restore(&home, &backup);
    assert_eq!(code, Some(0));
    assert_eq!(
        (report["restored"].as_u64(), report["duplicates"].as_u64(), report["failed"].as_u64()),
        (Some(0), Some(8), Some(0))
    );
    for item in report["items"].as_array().expect("items") {
        assert_eq!(item["outcome"], json!({ "status": "duplicate", "id": item["id"] }), "{item}");
    }
    assert_eq!(details(&home), before);
    let text = home.run([Path::new("restore"), &backup]).success().stdout_text();
    assert!(text.ends_with("0 restored, 8 already present, 0 failed\n"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("already   ")).count(), 8, "{text}");
    home.check();
}

/// Every entry of a zip: name → bytes.
fn zip_entries(path: &Path) -> HashMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open zip")).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read entry");
            (entry.name().to_owned(), bytes)
        })
        .collect()
}

/// Rewrites the zip at `from` into `to`, passing every entry's bytes through `change`
/// (`None` drops the entry). Entry order is kept.
fn rewrite_zip(from: &Path, to: &Path, change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).expect("open zip")).expect("zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(to).expect("create zip"));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        if let Some(bytes) = change(&name, bytes) {
            writer.start_file(name.as_str(), options).expect("start entry");
            writer.write_all(&bytes).expect("write entry");
        }
    }
    writer.finish().expect("finish zip");
}

fn credential_entry(backup: &Path, fixture_file: &str) -> String {
    zip_entries(backup).into_keys().find(|name| name.ends_with(&format!("/{fixture_file}"))).expect("entry")
}

fn assert_partial_restore(backup: &Path, broken_file: &str, ids: &[(&str, String)], message: &str) {
    let broken_id = &ids.iter().find(|(f, _)| *f == broken_file).expect("fixture").1;
    let home = Home::new();
    let (code, report) = restore(&home, backup);
    assert_eq!(code, Some(1), "a failed item makes the restore fail: {report:#}");
    assert_eq!(
        (report["restored"].as_u64(), report["duplicates"].as_u64(), report["failed"].as_u64()),
        (Some(7), Some(0), Some(1))
    );
    for item in report["items"].as_array().expect("items") {
        if item["id"] == broken_id.as_str() {
            assert_eq!(item["outcome"]["status"], "failed");
            let text = item["outcome"]["message"].as_str().expect("message");
            assert!(text.contains(message), "{text}");
        } else {
            assert_eq!(item["outcome"]["status"], "restored", "{item}");
        }
    }
    assert_eq!(home.total(), 7);
    for (file, id) in ids {
        if id == broken_id {
            assert!(home.run(["show", id]).failure().stderr.contains("no badge with id"));
        } else {
            assert_eq!(home.original(id), fixture_bytes(file), "{file}");
        }
    }
    home.check();

    // In text mode: one stderr line for the failed item, the others on stdout.
    let home = Home::new();
    let run = home.run([Path::new("restore"), backup]).failure();
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    let name = CREDENTIALS.iter().find(|c| c.file == broken_file).expect("fixture").name;
    assert!(lines[0].starts_with(&format!("rosette: {broken_id} ({name}): ")), "{}", lines[0]);
    assert!(lines[0].contains(message), "{}", lines[0]);
    assert!(run.stdout_text().ends_with("7 restored, 0 already present, 1 failed\n"), "{}", run.stdout_text());
    home.check();
}

#[test]
fn a_tampered_credential_fails_alone() {
    let (home, ids) = decorated_portfolio();
    let dir = tempfile::tempdir().expect("temp");
    let backup = dir.path().join("good.zip");
    export(&home, &backup);
    let target = credential_entry(&backup, "ob3-vc2-jwt-eddsa.jwt");

    // One byte changed inside the credential (the last character of the signature).
    let tampered = dir.path().join("tampered.zip");
    rewrite_zip(&backup, &tampered, |name, mut bytes| {
        if name == target {
            let last = bytes.len() - 1;
            bytes[last] = if bytes[last] == b'A' { b'B' } else { b'A' };
        }
        Some(bytes)
    });
    let tampered_entries = zip_entries(&tampered);
    let changed: usize = zip_entries(&backup)
        .iter()
        .map(|(name, bytes)| {
            let other = &tampered_entries[name];
            bytes.iter().zip(other).filter(|(a, b)| a != b).count() + bytes.len().abs_diff(other.len())
        })
        .sum();
    assert_eq!(changed, 1, "exactly one byte differs");
    assert_partial_restore(&tampered, "ob3-vc2-jwt-eddsa.jwt", &ids, "SHA-256 does not match the manifest");

    // A credential entry missing altogether.
    let target = credential_entry(&backup, "ob2-signed.jws");
    let missing = dir.path().join("missing.zip");
    rewrite_zip(&backup, &missing, |name, bytes| (name != target).then_some(bytes));
    assert_partial_restore(&missing, "ob2-signed.jws", &ids, &target);
}

#[test]
fn not_a_backup() {
    let home = Home::new();
    home.import_new(&[fixture("ob3-vc1-ed25519-2020.json")]);
    let dir = tempfile::tempdir().expect("temp");
    let no_manifest = dir.path().join("no-manifest.zip");
    {
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&no_manifest).expect("create"));
        writer.start_file("hello.txt", zip::write::SimpleFileOptions::default()).expect("entry");
        writer.write_all(b"hello").expect("write");
        writer.finish().expect("finish");
    }
    let wrong_manifest = dir.path().join("wrong-manifest.zip");
    {
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&wrong_manifest).expect("create"));
        writer.start_file("manifest.json", zip::write::SimpleFileOptions::default()).expect("entry");
        writer.write_all(br#"{"format":"other","version":1,"createdAt":"x","items":[]}"#).expect("write");
        writer.finish().expect("finish");
    }
    let cases: [(PathBuf, &str); 5] = [
        (fixture("ob3-vc2-eddsa-rdfc-2022.json"), "not a readable zip"),
        (fixture("bad/binary.bin"), "not a readable zip"),
        (dir.path().join("absent.zip"), "No such file"),
        (no_manifest, "no usable manifest.json"),
        (wrong_manifest, "unsupported backup format \"other\""),
    ];
    for (path, message) in cases {
        let run = home.run([Path::new("restore"), &path]).failure();
        let lines = run.stderr_lines();
        assert_eq!(lines.len(), 1, "{}", run.stderr);
        assert!(lines[0].starts_with("rosette: "), "{}", lines[0]);
        assert!(lines[0].contains(&path.display().to_string()), "names the file: {}", lines[0]);
        assert!(lines[0].contains(message), "{}", lines[0]);
        assert!(run.stdout.is_empty());
        assert_eq!(home.total(), 1);
        home.check();
    }
}
