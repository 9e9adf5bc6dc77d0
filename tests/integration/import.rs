//! CLI import of every fixture: each credential imports (the linked OB 2.0 assertion
//! together with its badge class and issuer), `list --json` shows them newest first,
//! and a credential imported twice is stored once and reported as a duplicate.

use crate::common::{fixture, fixtures_dir, variant, Home, CREDENTIALS, LINKED_DOCUMENTS};
use serde_json::Value;
use std::path::PathBuf;

/// The files the brief names: `ob3-*.json`, `*.jwt`, `*.jws`, `*.txt`, `ob2-*.json`.
fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let versioned = name.starts_with("ob3-") || name.starts_with("ob2-");
            (versioned && ext == "json") || matches!(ext, "jwt" | "jws" | "txt")
        })
        .collect();
    files.sort();
    files
}

fn file_name(item: &Value) -> String {
    PathBuf::from(item["source"].as_str().expect("source"))
        .file_name()
        .and_then(|n| n.to_str())
        .expect("file name")
        .to_owned()
}

#[test]
fn every_fixture_imports_and_lists_newest_first() {
    let home = Home::new();
    let files = fixture_files();
    assert_eq!(files.len(), 12, "fixture set changed: {files:?}");
    let report = home.import(&files);
    assert_eq!(
        (report["imported"].as_u64(), report["duplicates"].as_u64(), report["failed"].as_u64()),
        (Some(8), Some(0), Some(0))
    );

    let items = report["items"].as_array().expect("items");
    assert_eq!(items.len(), files.len(), "one report item per file: {report:#}");
    let mut imported_order = Vec::new();
    for item in items {
        let file = file_name(item);
        let outcome = &item["outcome"];
        if let Some(credential) = CREDENTIALS.iter().find(|c| c.file == file) {
            assert_eq!(outcome["status"], "imported", "{file}: {outcome}");
            assert_eq!(outcome["name"], credential.name, "{file}");
            let id = outcome["id"].as_str().expect("id");
            assert!(id.len() >= 8 && id.bytes().all(|b| b.is_ascii_hexdigit()), "short id {id}");
            imported_order.push((id.to_owned(), credential));
        } else if LINKED_DOCUMENTS.contains(&file.as_str()) {
            assert_eq!(outcome["status"], "related", "{file}: {outcome}");
        } else {
            // The signed badge names its key only in its signature: its key and issuer
            // documents are kept for offline verification.
            assert!(matches!(file.as_str(), "ob2-signed-issuer.json" | "ob2-signed-key.json"), "unexpected {file}");
            assert_eq!(outcome["status"], "related", "{file}: {outcome}");
        }
    }
    assert_eq!(imported_order.len(), CREDENTIALS.len());

    let page = home.list(&[]);
    assert_eq!(page["total"], 8);
    let listed = page["items"].as_array().expect("items");
    // All fixtures are issued at the same instant, so newest first falls back to the
    // most recently stored first: the reverse of the import order.
    for badge in listed {
        assert_eq!(badge["issuedOn"], "2025-03-14T12:00:00Z", "{badge}");
    }
    let listed_ids: Vec<&str> = listed.iter().map(|b| b["id"].as_str().expect("id")).collect();
    let expected_ids: Vec<&str> = imported_order.iter().rev().map(|(id, _)| id.as_str()).collect();
    assert_eq!(listed_ids, expected_ids);
    for (badge, (_, credential)) in listed.iter().zip(imported_order.iter().rev()) {
        assert_eq!(badge["name"], credential.name);
        assert_eq!(badge["format"], credential.format, "{}", credential.file);
        assert_eq!(badge["visibility"], "private");
        assert_eq!(badge["tags"], serde_json::json!([]));
    }
    let by_name = |name: &str| listed.iter().find(|b| b["name"] == name).expect(name);
    // Linked issuer resolved through ob2-issuer.json; no expiry on the linked assertion.
    assert_eq!(by_name("Workshop Leader")["issuerName"], "Example Makerspace");
    assert_eq!(by_name("Workshop Leader")["validUntil"], Value::Null);
    assert_eq!(by_name("Workshop Leader")["expiry"], "no-expiry");
    assert_eq!(by_name("Technical Writing Essentials")["imageHash"], Value::Null);
    assert!(by_name("Rust Fundamentals")["imageHash"].is_string());
    home.check();
}

#[test]
fn newest_first_orders_by_issue_date() {
    let home = Home::new();
    let dir = tempfile::tempdir().expect("temp");
    let mut template = crate::common::template();
    let dates = ["2021-06-01T08:00:00Z", "2024-01-31T23:59:59Z", "2019-12-24T00:00:00Z", "2024-02-01T00:00:00Z"];
    let mut files = Vec::new();
    for (i, date) in dates.iter().enumerate() {
        template["id"] = Value::from(format!("urn:uuid:00000000-0000-4000-8000-00000000000{i}"));
        template["validFrom"] = Value::from(*date);
        template["credentialSubject"]["achievement"]["name"] = Value::from(format!("Issued {date}"));
        let path = dir.path().join(format!("dated-{i}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(&template).expect("json")).expect("write");
        files.push(path);
    }
    home.import_new(&files);
    let mut expected: Vec<String> = dates.iter().map(|d| format!("Issued {d}")).collect();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(home.names(&[]), expected);
    let page = home.json(["list", "--json", "--limit", "2"]);
    assert_eq!(page["total"], 4);
    let limited: Vec<&str> =
        page["items"].as_array().expect("items").iter().map(|b| b["name"].as_str().expect("name")).collect();
    assert_eq!(limited, expected[..2]);
}

#[test]
fn each_credential_imports_on_its_own() {
    let home = Home::new();
    let mut total = 0;
    for credential in &CREDENTIALS {
        let mut files = vec![fixture(credential.file)];
        if credential.file == "ob2-assertion-linked.json" {
            files.extend(LINKED_DOCUMENTS.map(fixture));
        }
        let ids = home.import_new(&files);
        assert_eq!(ids.len(), 1, "{}", credential.file);
        total += 1;
        assert_eq!(home.total(), total);
        let detail = home.show(&ids[0]);
        assert_eq!(detail["credential"]["achievement"]["name"], credential.name);
        assert_eq!(detail["summary"]["format"], credential.format);
        assert_eq!(detail["fileName"], credential.file);
    }
    home.check();
}

#[test]
fn linked_assertion_without_its_documents_fails_and_stores_nothing() {
    let home = Home::new();
    let run = home.run([PathBuf::from("import"), fixture("ob2-assertion-linked.json")]).failure();
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].contains("ob2-assertion-linked.json"), "{}", lines[0]);
    assert!(
        lines[0].contains("https://badges.example.org/badges/workshop-leader.json is neither embedded nor given"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "rosette: 1 of 1 files could not be imported");
    assert_eq!(home.total(), 0);
    home.check();
}

#[test]
fn importing_the_same_credential_twice_stores_it_once() {
    let home = Home::new();
    let first = home.import_new(&[fixture("ob3-vc2-eddsa-rdfc-2022.json")]);

    // Again, in a separate run: a duplicate with the same id, in JSON and in text.
    let report = home.import(&[fixture("ob3-vc2-eddsa-rdfc-2022.json")]);
    assert_eq!((report["imported"].as_u64(), report["duplicates"].as_u64()), (Some(0), Some(1)));
    assert_eq!(report["items"][0]["outcome"]["status"], "duplicate");
    assert_eq!(report["items"][0]["outcome"]["id"], first[0].as_str());
    let text = home.run([PathBuf::from("import"), fixture("ob3-vc2-eddsa-rdfc-2022.json")]).success().stdout_text();
    assert_eq!(text, format!("already   {}  Rust Fundamentals\n", first[0]));

    // bench-template.json is a byte-identical copy: the same credential.
    let report = home.import(&[fixture("bench-template.json")]);
    assert_eq!(report["items"][0]["outcome"]["status"], "duplicate", "{report:#}");
    assert_eq!(report["items"][0]["outcome"]["id"], first[0].as_str());

    // Twice in the same run: stored once.
    let other = Home::new();
    let report = other.import(&[fixture("ob3-vc1-ed25519-2020.json"), fixture("ob3-vc1-ed25519-2020.json")]);
    assert_eq!((report["imported"].as_u64(), report["duplicates"].as_u64()), (Some(1), Some(1)));
    assert_eq!(report["items"][0]["outcome"]["id"], report["items"][1]["outcome"]["id"]);
    assert_eq!(other.total(), 1);

    // Same credential id, different bytes: still one badge (deduplicated by id), and
    // the first bytes are the ones kept.
    let dir = tempfile::tempdir().expect("temp");
    let reformatted = dir.path().join("reformatted.json");
    let template = crate::common::template();
    std::fs::write(&reformatted, serde_json::to_vec(&template).expect("json")).expect("write");
    let report = home.import(&[&reformatted]);
    assert_eq!(report["items"][0]["outcome"]["status"], "duplicate", "{report:#}");
    assert_eq!(home.original(&first[0]), crate::common::fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json"));
    assert_eq!(home.total(), 1);

    // A variant with another id is another badge.
    let variant_path = dir.path().join("variant.json");
    std::fs::write(&variant_path, variant("urn:uuid:another", None)).expect("write");
    assert_eq!(home.import_new(&[&variant_path]).len(), 1);
    assert_eq!(home.total(), 2);
    home.check();
}

#[test]
fn reimporting_everything_reports_only_duplicates() {
    let home = Home::new();
    let first = home.import_all_fixtures();
    let report = home.import(&crate::common::all_credential_paths());
    assert_eq!((report["imported"].as_u64(), report["duplicates"].as_u64()), (Some(0), Some(8)));
    let duplicates: Vec<&str> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["outcome"]["status"] == "duplicate")
        .map(|i| i["outcome"]["id"].as_str().expect("id"))
        .collect();
    let ids: Vec<&str> = first.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(duplicates, ids);
    assert_eq!(home.total(), 8);
}
