//! `rosette verify` and `rosette cache`: verdicts, exit statuses (0 valid, 1 invalid or
//! expired, 2 unknown, 64+ usage and input errors), JSON Lines, and documents kept for
//! offline verification. The checks themselves are unit-tested in src/verify.

use crate::common::{fixture, Home};

fn verify(home: &Home, args: &[&str]) -> (Option<i32>, Vec<serde_json::Value>) {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let run = home.run(&all);
    let lines = run.stdout_text().lines().map(|l| serde_json::from_str(l).expect("one JSON report per line")).collect();
    (run.code, lines)
}

#[test]
fn verdicts_become_exit_statuses() {
    let home = Home::new();
    let jwt = fixture("ob3-vc2-jwt-eddsa.jwt");
    let (code, reports) = verify(&home, &[jwt.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert_eq!(reports[0]["input"], jwt.to_str().unwrap());
    assert_eq!(reports[0]["report"]["verdict"], "valid");

    // The same credential checked after it expired.
    let (code, reports) = verify(&home, &["--at", "2030-01-01T00:00:00Z", jwt.to_str().unwrap()]);
    assert_eq!((code, reports[0]["report"]["verdict"].as_str()), (Some(1), Some("expired")));

    // RDF proofs (Digital Bazaar's eddsa-rdfc-2022 and Ed25519Signature2020) verify offline.
    let rdfc = fixture("ob3-vc2-eddsa-rdfc-2022.json");
    let ed2020 = fixture("ob3-vc1-ed25519-2020.json");
    let (code, reports) = verify(&home, &[rdfc.to_str().unwrap(), ed2020.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{reports:#?}");
    assert_eq!(reports.len(), 2);

    // A signed OB 2.0 badge without its issuer's key documents: unknown, never valid.
    // The worst verdict wins.
    let signed = fixture("ob2-signed.jws");
    let (code, reports) = verify(&home, &[jwt.to_str().unwrap(), signed.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["report"]["verdict"], "unknown");

    // Not a badge: invalid (1). A file that is not there and no such id: input error.
    let (code, _) = verify(&home, &[fixture("bad/not-a-badge.json").to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let missing = home.run(["verify", "no-such-file.json"]);
    assert_eq!(missing.code, Some(66));
    let usage = home.run(["verify"]);
    assert_eq!(usage.code, Some(64));
    let bad_time = home.run(["verify", "--at", "yesterday", jwt.to_str().unwrap()]);
    assert_eq!(bad_time.code, Some(64));
}

#[test]
fn stored_badges_verify_with_the_documents_imported_beside_them() {
    let home = Home::new();
    // The signed OB 2.0 badge names its key only inside the signature.
    let ids = home.import_new(&[fixture("ob2-signed.jws")]);
    let (code, reports) = verify(&home, &[&ids[0]]);
    assert_eq!(code, Some(2), "{reports:#?}");
    assert_eq!(reports[0]["report"]["verdict"], "unknown");

    let kept = home.json([
        "cache",
        "import",
        "--json",
        fixture("ob2-signed-key.json").to_str().unwrap(),
        fixture("ob2-signed-issuer.json").to_str().unwrap(),
    ]);
    assert_eq!(kept[0]["outcome"]["status"], "kept");
    let listed = home.json(["cache", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["origin"], "imported");

    let (code, reports) = verify(&home, &["--recipient", "jane.doe@example.org", &ids[0]]);
    assert_eq!(code, Some(0), "{reports:#?}");
    let report = &reports[0]["report"];
    assert_eq!(report["verdict"], "valid");
    assert_eq!(report["matchedRecipient"], "jane.doe@example.org");
    assert!(report["keySource"].to_string().contains("imported"), "{report:#}");

    // Kept documents travel with a backup: the restored badge still verifies offline.
    let zip = home.path().join("backup.zip");
    home.run(["export", "--out", zip.to_str().unwrap()]).success();
    let restored = Home::new();
    restored.run(["restore", zip.to_str().unwrap()]).success();
    assert_eq!(restored.json(["cache", "list", "--json"]).as_array().unwrap().len(), 2);
    let (code, _) = verify(&restored, &[&ids[0]]);
    assert_eq!(code, Some(0));
    assert_eq!(restored.list(&[])["items"][0]["lastCheck"]["verdict"], "valid", "verified again at restore");

    // Giving the key files with the import keeps them too.
    let other = Home::new();
    let report =
        other.import(&[fixture("ob2-signed.jws"), fixture("ob2-signed-key.json"), fixture("ob2-signed-issuer.json")]);
    let id = report["items"][0]["outcome"]["id"].as_str().unwrap().to_owned();
    let (code, _) = verify(&other, &[&id]);
    assert_eq!(code, Some(0));

    let not_json = home.run(["cache", "import", fixture("bad/not-json.json").to_str().unwrap()]);
    assert_eq!(not_json.code, Some(1));

    // Forgetting the key makes the badge unknown again; an id not kept is a clear error.
    let key_id = listed.as_array().unwrap().iter().find(|d| d["id"].as_str().unwrap().contains("key")).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    home.run(["cache", "remove", &key_id]).success();
    assert_eq!(home.json(["cache", "list", "--json"]).as_array().unwrap().len(), 1);
    let (code, _) = verify(&home, &["--recipient", "jane.doe@example.org", &ids[0]]);
    assert_eq!(code, Some(2));
    let again = home.run(["cache", "remove", &key_id]);
    assert_ne!(again.code, Some(0));
    assert!(again.stderr.contains(&format!("no kept document \"{key_id}\"")), "{}", again.stderr);
}

#[test]
fn a_qr_code_picture_is_followed_as_far_as_offline_allows() {
    let home = Home::new();
    let ids = home.import_new(&[fixture("ob2-assertion-embedded.json")]);
    // A QR code of a link: the report names the link (following it needs the network).
    let link_qr = home.path().join("link.png");
    home.run(["qr", ids[0].as_str(), "--out", link_qr.to_str().unwrap()]).success();
    let (code, reports) = verify(&home, &[link_qr.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let format = &reports[0]["report"]["checks"][0];
    assert_eq!(format["id"], "format");
    assert!(format["detail"].as_str().unwrap().contains("https://badges.example.org/assertions/123"), "{format}");

    // A QR code that carries a whole credential (a VC-JWT) is verified.
    let jwt = std::fs::read_to_string(fixture("ob3-vc2-jwt-eddsa.jwt")).unwrap();
    let png = rosette::qr_png(jwt.trim(), 600, rosette::QrErrorCorrection::L).expect("the JWT fits in a QR code");
    let jwt_qr = home.path().join("jwt.png");
    std::fs::write(&jwt_qr, png).unwrap();
    let (code, reports) = verify(&home, &[jwt_qr.to_str().unwrap()]);
    assert_eq!((code, reports[0]["report"]["verdict"].as_str()), (Some(0), Some("valid")), "{reports:#?}");
}
