//! Organising through the CLI: tag/untag, collections (create, add, remove, list,
//! delete), visibility, notes; list filters `--tag`, `--issuer`, `--collection` and
//! `--search` (full text, prefix words, user tags, hostile characters); `remove` with
//! and without `--yes` (and the shared image staying until its last badge goes); id
//! prefixes (unique, ambiguous, too short, unknown).

use crate::common::{fixture, sha256_hex, variant, Home};
use serde_json::{json, Value};
use std::collections::HashMap;

/// A home with every fixture; ids by achievement name.
fn portfolio() -> (Home, HashMap<&'static str, String>) {
    let home = Home::new();
    let ids = home
        .import_all_fixtures()
        .into_iter()
        .map(|(file, id)| {
            let name = crate::common::CREDENTIALS.iter().find(|c| c.file == file).expect("fixture").name;
            (name, id)
        })
        .collect();
    (home, ids)
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

fn strings(names: &[&str]) -> Vec<String> {
    sorted(names.iter().map(|n| (*n).to_owned()).collect())
}

/// Runs a command that must succeed silently (organising commands print nothing).
fn quietly(home: &Home, args: &[&str]) {
    let run = home.run(args).success();
    assert!(run.stdout.is_empty(), "{}: {}", run.what, run.stdout_text());
}

/// Runs a command that must fail with exactly one stderr line containing `message`.
fn fails_with(home: &Home, args: &[&str], message: &str) {
    let run = home.run(args).failure();
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 1, "{}: {}", run.what, run.stderr);
    assert!(lines[0].starts_with("rosette: ") && lines[0].contains(message), "{}: {:?}", run.what, lines[0]);
    assert!(run.stdout.is_empty(), "{}", run.stdout_text());
}

#[test]
fn tag_and_untag() {
    let (home, ids) = portfolio();
    let rust = ids["Rust Fundamentals"].as_str();
    quietly(&home, &["tag", rust, "rust", "  Systems Programming  ", "rust"]);
    assert_eq!(home.show(rust)["user"]["tags"], json!(["rust", "Systems Programming"]));
    // Tags are case-insensitive: no second "Rust", and the filter ignores case.
    quietly(&home, &["tag", rust, "RUST"]);
    assert_eq!(home.show(rust)["user"]["tags"], json!(["rust", "Systems Programming"]));
    assert_eq!(home.names(&["--tag", "rust"]), ["Rust Fundamentals"]);
    assert_eq!(home.names(&["--tag", "systems programming"]), ["Rust Fundamentals"]);
    let listed = home.list(&["--tag", "Rust"]);
    assert_eq!(listed["items"][0]["tags"], json!(["rust", "Systems Programming"]));

    // A second badge with the same tag.
    quietly(&home, &["tag", &ids["Data Stewardship Badge"], "rust"]);
    assert_eq!(sorted(home.names(&["--tag", "rust"])), strings(&["Data Stewardship Badge", "Rust Fundamentals"]));

    quietly(&home, &["untag", rust, "Rust"]);
    assert_eq!(home.show(rust)["user"]["tags"], json!(["Systems Programming"]));
    assert_eq!(home.names(&["--tag", "rust"]), ["Data Stewardship Badge"]);
    // Untagging a tag the badge does not have is harmless.
    quietly(&home, &["untag", rust, "never-there"]);
    assert_eq!(home.show(rust)["user"]["tags"], json!(["Systems Programming"]));

    fails_with(&home, &["tag", rust, "  "], "give at least one non-empty tag name");
    let long = "x".repeat(101);
    fails_with(&home, &["tag", rust, &long], "longer than 100 characters");
    fails_with(&home, &["tag", "ffffffff", "x"], "no badge with id \"ffffffff\"");
    assert_eq!(home.names(&["--tag", "nothing-has-this"]), Vec::<String>::new());
    home.check();
}

#[test]
fn collections() {
    let (home, ids) = portfolio();
    let (rust, data, mentor) =
        (ids["Rust Fundamentals"].as_str(), ids["Data Stewardship Badge"].as_str(), ids["Community Mentor"].as_str());
    quietly(&home, &["collection", "create", "Empty Shelf"]);
    quietly(&home, &["collection", "add", "Portfolio", rust, data]);
    let collections = || home.json(["collection", "list", "--json"]);
    assert_eq!(collections(), json!([{ "name": "Empty Shelf", "count": 0 }, { "name": "Portfolio", "count": 2 }]));
    // Collection names are case-insensitive.
    quietly(&home, &["collection", "add", "portfolio", mentor]);
    assert_eq!(collections()[1], json!({ "name": "Portfolio", "count": 3 }));
    assert_eq!(
        sorted(home.names(&["--collection", "PORTFOLIO"])),
        strings(&["Community Mentor", "Data Stewardship Badge", "Rust Fundamentals"])
    );
    assert_eq!(home.show(rust)["user"]["collections"], json!(["Portfolio"]));

    quietly(&home, &["collection", "remove", "Portfolio", mentor]);
    assert_eq!(collections()[1], json!({ "name": "Portfolio", "count": 2 }));
    assert_eq!(home.show(mentor)["user"]["collections"], json!([]));
    assert_eq!(
        sorted(home.names(&["--collection", "Portfolio"])),
        strings(&["Data Stewardship Badge", "Rust Fundamentals"])
    );

    // Filters combine with AND.
    quietly(&home, &["tag", data, "research"]);
    assert_eq!(home.names(&["--collection", "Portfolio", "--tag", "research"]), ["Data Stewardship Badge"]);
    assert_eq!(home.names(&["--collection", "Empty Shelf", "--tag", "research"]), Vec::<String>::new());

    // Deleting a collection keeps its badges.
    quietly(&home, &["collection", "delete", "Portfolio"]);
    assert_eq!(collections(), json!([{ "name": "Empty Shelf", "count": 0 }]));
    assert_eq!(home.total(), 8);
    assert_eq!(home.show(rust)["user"]["collections"], json!([]));
    assert_eq!(home.names(&["--collection", "Portfolio"]), Vec::<String>::new());
    fails_with(&home, &["collection", "delete", "Portfolio"], "no collection \"Portfolio\"");

    fails_with(&home, &["collection", "add", "Portfolio", "ffffffff"], "no badge with id \"ffffffff\"");
    fails_with(&home, &["collection", "add", " ", rust], "give at least one non-empty collection name");
    assert_eq!(collections(), json!([{ "name": "Empty Shelf", "count": 0 }]));
    let text = home.run(["collection", "list"]).success().stdout_text();
    assert_eq!(text, "    0  Empty Shelf\n");
    home.check();
}

#[test]
fn visibility_and_note() {
    let (home, ids) = portfolio();
    let id = ids["Peer Reviewer"].as_str();
    assert_eq!(home.show(id)["user"]["visibility"], "private");
    quietly(&home, &["visibility", id, "shareable"]);
    assert_eq!(home.show(id)["user"]["visibility"], "shareable");
    assert_eq!(home.show(id)["summary"]["visibility"], "shareable");
    let page = home.list(&[]);
    let shareable: Vec<&Value> =
        page["items"].as_array().expect("items").iter().filter(|b| b["visibility"] == "shareable").collect();
    assert_eq!(shareable.len(), 1);
    assert_eq!(shareable[0]["id"], id);
    quietly(&home, &["visibility", id, "private"]);
    assert_eq!(home.show(id)["user"]["visibility"], "private");
    let run = home.run(["visibility", id, "public"]);
    assert_eq!(run.code, Some(64), "a usage error (EX_USAGE): {run:?}");
    assert_eq!(home.show(id)["user"]["visibility"], "private");

    let note = "Reviewed 12 papers \u{2014} \"thanks\" to the board ✨\nsecond line";
    quietly(&home, &["note", id, note]);
    assert_eq!(home.show(id)["user"]["note"], note);
    let too_long = "n".repeat(100_001);
    fails_with(&home, &["note", id, &too_long], "limited to 100,000 bytes");
    assert_eq!(home.show(id)["user"]["note"], note);
    quietly(&home, &["note", id, ""]);
    assert_eq!(home.show(id)["user"]["note"], "");
    home.check();
}

#[test]
fn filter_by_issuer() {
    let (home, _) = portfolio();
    let makerspace = strings(&["Community Mentor", "Workshop Leader"]);
    assert_eq!(sorted(home.names(&["--issuer", "Example Makerspace"])), makerspace);
    assert_eq!(sorted(home.names(&["--issuer", "example MAKERSPACE"])), makerspace);
    assert_eq!(sorted(home.names(&["--issuer", "https://badges.example.org/issuers/makerspace.json"])), makerspace);
    // A name is matched whole, not as a part.
    assert_eq!(home.names(&["--issuer", "Makerspace"]), Vec::<String>::new());
    assert_eq!(home.names(&["--issuer", "example society of engineers"]), ["Rust Fundamentals"]);
    assert_eq!(home.names(&["--issuer", "Example Makerspace", "--search", "mentor"]), ["Community Mentor"]);
}

#[test]
fn full_text_search() {
    let (home, ids) = portfolio();
    // `--search=TEXT`, so that text starting with `-` is not read as an option.
    let search = |q: &str| sorted(home.names(&[&format!("--search={q}")]));
    // Name, description, issuer name, issuer id, achievement tags; prefixes of words.
    assert_eq!(search("rust"), ["Rust Fundamentals"]);
    assert_eq!(search("FUNDAM"), ["Rust Fundamentals"]);
    assert_eq!(search("borrow"), ["Rust Fundamentals"]);
    assert_eq!(search("makerspace"), strings(&["Community Mentor", "Workshop Leader"]));
    assert_eq!(search("engineers"), ["Rust Fundamentals"]);
    assert_eq!(search("mentoring"), ["Community Mentor"]);
    assert_eq!(search("example").len(), 8);
    // Every word must match, in any column.
    assert_eq!(search("rust engineers"), ["Rust Fundamentals"]);
    assert_eq!(search("rust makerspace"), Vec::<String>::new());
    // Diacritics are folded.
    assert_eq!(search("Rüst"), ["Rust Fundamentals"]);

    // A user tag is searchable, and stops being when removed.
    assert_eq!(search("zebra"), Vec::<String>::new());
    let data = ids["Data Stewardship Badge"].as_str();
    let run = home.run(["tag", data, "Zebracorn"]).success();
    assert!(run.stdout.is_empty());
    assert_eq!(search("zebra"), ["Data Stewardship Badge"]);
    assert_eq!(search("zebracorn stewardship"), ["Data Stewardship Badge"]);
    home.run(["untag", data, "zebracorn"]).success();
    assert_eq!(search("zebra"), Vec::<String>::new());

    // Search syntax characters are taken as text, never as FTS5 syntax.
    for q in ["\"rust\"", "rust*", "(rust", "rust)", "rust:", "-rust", "^rust", "{rust}", "rust\"", "\"rust"] {
        assert_eq!(search(q), ["Rust Fundamentals"], "{q}");
    }
    for q in ["NOT rust", "rust NEAR(x)", "'; DROP TABLE badges; --"] {
        let page = home.list(&[&format!("--search={q}")]);
        assert_eq!(page["total"], 0, "{q}: {page:#}");
    }
    // Text with nothing searchable in it (punctuation only), like blank text, filters nothing.
    for q in ["\"", "*", "(", ")", "\"*\"", "-", ":", "🦀"] {
        assert_eq!(home.list(&[&format!("--search={q}")])["total"], 8, "{q}");
    }
    // Blank search text is no filter at all.
    assert_eq!(home.list(&["--search", "   "])["total"], 8);
    assert_eq!(home.total(), 8);
    home.check();
}

#[test]
fn remove_needs_yes_without_a_terminal() {
    let home = Home::new();
    let dir = tempfile::tempdir().expect("temp");
    let twin = dir.path().join("twin.json");
    std::fs::write(&twin, variant("urn:uuid:twin-of-rust-fundamentals", Some("Rust Fundamentals Twin")))
        .expect("write");
    let ids =
        home.import_new(&[fixture("ob3-vc2-eddsa-rdfc-2022.json"), twin.clone(), fixture("ob3-vc1-ed25519-2020.json")]);
    let (rust, twin_id, data) = (ids[0].as_str(), ids[1].as_str(), ids[2].as_str());
    // The twin carries the same picture: one image row shared by two badges.
    assert_eq!(home.show(rust)["summary"]["imageHash"], home.show(twin_id)["summary"]["imageHash"]);
    assert_eq!(home.count_rows("images"), 2);
    home.run(["tag", twin_id, "keep"]).success();
    home.run(["collection", "add", "Shelf", twin_id, rust]).success();

    fails_with(&home, &["remove", rust], "not removing \"Rust Fundamentals\" without --yes (no terminal to ask)");
    assert_eq!(home.total(), 3);
    assert_eq!(home.original(rust), crate::common::fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json"));

    let run = home.run(["remove", rust, "--yes"]).success();
    assert_eq!(run.stdout_text(), format!("removed   {rust}  Rust Fundamentals\n"));
    assert_eq!(home.total(), 2);
    fails_with(&home, &["show", rust], &format!("no badge with id \"{rust}\""));
    // The image is still used by the twin.
    assert_eq!(home.count_rows("images"), 2);
    assert_eq!(home.json(["collection", "list", "--json"]), json!([{ "name": "Shelf", "count": 1 }]));
    home.check();

    // Removing the last badge with that image removes the image; by a prefix this time.
    let image = home.show(twin_id)["summary"]["imageHash"].as_str().expect("image hash").to_owned();
    assert!(rosette::Wallet::open(home.path()).expect("open").image(&image).is_ok());
    let run = home.run(["remove", &twin_id[..5], "--yes"]).success();
    assert_eq!(run.stdout_text(), format!("removed   {twin_id}  Rust Fundamentals Twin\n"));
    assert_eq!(home.count_rows("images"), 1);
    let gone = rosette::Wallet::open(home.path()).expect("open").image(&image).expect_err("image removed");
    assert_eq!(gone.kind(), rosette::ErrorKind::NotFound);
    assert_eq!(gone.to_string(), format!("no image \"{image}\""));
    assert_eq!(home.count_rows("tags"), 0);
    assert_eq!(home.json(["collection", "list", "--json"]), json!([{ "name": "Shelf", "count": 0 }]));
    assert_eq!(home.names(&[]), ["Data Stewardship Badge"]);
    assert_eq!(home.names(&["--search", "rust"]), Vec::<String>::new());
    assert_eq!(home.count_rows("badge_search"), 1);
    home.check();

    fails_with(&home, &["remove", "ffffffff", "--yes"], "no badge with id \"ffffffff\"");
    assert_eq!(home.show(data)["summary"]["name"], "Data Stewardship Badge");
}

/// The short id the store derives for an OB 3.0 credential id (first 8 hex digits of
/// SHA-256 of the dedupe key); used only to pick two credentials whose ids collide on a
/// 4-character prefix. The test checks the prediction.
fn predicted_short_id(credential_id: &str) -> String {
    sha256_hex(format!("id:{credential_id}").as_bytes())[..8].to_owned()
}

#[test]
fn id_prefixes() {
    let (home, ids) = portfolio();
    let all: Vec<&str> = ids.values().map(String::as_str).collect();
    for id in &all {
        assert_eq!(id.len(), 8, "{id}");
        let prefix = &id[..4];
        if all.iter().filter(|other| other.starts_with(prefix)).count() == 1 {
            assert_eq!(home.show(prefix)["summary"]["id"], *id);
            assert_eq!(home.show(&prefix.to_ascii_uppercase())["summary"]["id"], *id);
            assert_eq!(home.show(&format!("  {prefix} "))["summary"]["id"], *id);
        }
        assert_eq!(home.show(&id[..6])["summary"]["id"], *id);
    }
    let some = all[0];
    fails_with(&home, &["show", &some[..3]], &format!("no badge with id \"{}\"", &some[..3]));
    fails_with(&home, &["show", "zzzz"], "no badge with id \"zzzz\"");
    fails_with(&home, &["show", "0000000000"], "no badge with id \"0000000000\"");
    fails_with(&home, &["show", ""], "no badge with id \"\"");
    fails_with(&home, &["show", "ffffffff", "--original"], "no badge with id \"ffffffff\"");

    // Two credentials whose short ids share their first four characters.
    let mut seen: HashMap<String, String> = HashMap::new();
    let (first, second) = (0..100_000)
        .find_map(|i| {
            let id = format!("urn:uuid:prefix-collision-{i}");
            let short = predicted_short_id(&id);
            seen.insert(short[..4].to_owned(), id.clone()).map(|earlier| (earlier, id))
        })
        .expect("a 4-character collision among 100,000 ids");
    let dir = tempfile::tempdir().expect("temp");
    let files: Vec<_> = [&first, &second]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let path = dir.path().join(format!("collide-{i}.json"));
            std::fs::write(&path, variant(id, None)).expect("write");
            path
        })
        .collect();
    let new = home.import_new(&files);
    assert_eq!(new, [predicted_short_id(&first), predicted_short_id(&second)], "short id derivation changed");
    let shared = &new[0][..4];
    fails_with(&home, &["show", shared], &format!("the id \"{shared}\" matches several badges; give more characters"));
    fails_with(&home, &["remove", shared, "--yes"], "matches several badges");
    assert_eq!(home.show(&new[1])["summary"]["id"], new[1].as_str());
    assert_eq!(home.total(), 10);
}
