//! Property (proptest): for arbitrary valid variations of the bench template (random
//! credential ids, random achievement names including any Unicode, compact or indented
//! JSON, with or without a byte-order mark and trailing newline), `Wallet::import_sources`
//! then `original_bytes` returns exactly the input bytes, and export then restore into a
//! fresh wallet is byte-identical.

use crate::common::template;
use proptest::prelude::*;
use rosette::{ImportOutcome, ImportSource, RestoreOutcome, Wallet};
use serde_json::Value;

#[derive(Debug, Clone)]
struct Variation {
    id: String,
    name: String,
    pretty: bool,
    prefix: &'static str,
    suffix: &'static str,
}

fn variation() -> impl Strategy<Value = Variation> {
    (
        "\\PC{0,40}",
        "\\PC{1,40}".prop_filter("a name with some text", |n| !n.trim().is_empty()),
        any::<bool>(),
        prop::sample::select(&["", "\u{feff}", "\n  "][..]),
        prop::sample::select(&["", "\n", "\r\n", "  "][..]),
    )
        .prop_map(|(id, name, pretty, prefix, suffix)| Variation { id, name, pretty, prefix, suffix })
}

/// The bytes of variation `index` (the index keeps ids distinct within one case).
fn bytes_of(index: usize, v: &Variation) -> (String, Vec<u8>) {
    let id = format!("urn:prop:{index}:{}", v.id);
    let mut credential = template();
    credential["id"] = Value::from(id.as_str());
    credential["credentialSubject"]["achievement"]["name"] = Value::from(v.name.as_str());
    let json = if v.pretty { serde_json::to_vec_pretty(&credential) } else { serde_json::to_vec(&credential) };
    let mut bytes = v.prefix.as_bytes().to_vec();
    bytes.extend(json.expect("serialize"));
    bytes.extend(v.suffix.as_bytes());
    (id.trim().to_owned(), bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn import_keeps_bytes_and_backup_round_trips(variations in prop::collection::vec(variation(), 1..4)) {
        let inputs: Vec<(String, Vec<u8>)> = variations.iter().enumerate().map(|(i, v)| bytes_of(i, v)).collect();
        let dir = tempfile::tempdir().expect("temp");
        let mut wallet = Wallet::open(&dir.path().join("a")).expect("open");
        let sources = inputs
            .iter()
            .enumerate()
            .map(|(i, (_, bytes))| ImportSource { name: format!("variation-{i}.json"), bytes: bytes.clone() })
            .collect();
        let report = wallet.import_sources(sources).expect("import");
        prop_assert_eq!(report.imported as usize, inputs.len(), "{:?}", report);
        let mut ids = Vec::new();
        for ((credential_id, bytes), (item, v)) in inputs.iter().zip(report.items.iter().zip(&variations)) {
            let ImportOutcome::Imported { id, name } = &item.outcome else {
                return Err(TestCaseError::fail(format!("{item:?}")));
            };
            prop_assert_eq!(name, v.name.trim());
            prop_assert_eq!(&wallet.original_bytes(id).expect("original"), bytes);
            let detail = wallet.show(id).expect("show");
            prop_assert_eq!(detail.credential.id.as_deref(), Some(credential_id.as_str()));
            prop_assert_eq!(detail.original.text.as_bytes(), &bytes[..]);
            ids.push(id.clone());
        }
        wallet.check_integrity().expect("sound");

        let backup = dir.path().join("backup.zip");
        let exported = wallet.export(&backup).expect("export");
        prop_assert_eq!(exported.badges as usize, inputs.len());
        let mut fresh = Wallet::open(&dir.path().join("b")).expect("open");
        let restored = fresh.restore(&backup).expect("restore");
        prop_assert_eq!((restored.restored as usize, restored.failed), (inputs.len(), 0), "{:?}", restored);
        for item in &restored.items {
            prop_assert!(matches!(&item.outcome, RestoreOutcome::Restored { id } if *id == item.id), "{:?}", item);
        }
        for (id, (_, bytes)) in ids.iter().zip(&inputs) {
            prop_assert_eq!(&fresh.original_bytes(id).expect("restored original"), bytes);
            // Restored badges are verified again: everything but the check's time agrees.
            let without_check = |mut d: rosette::BadgeDetail| {
                prop_assert!(d.last_report.take().is_some(), "verified");
                prop_assert!(d.summary.last_check.take().is_some(), "verified");
                Ok(d)
            };
            prop_assert_eq!(without_check(fresh.show(id).expect("show"))?, without_check(wallet.show(id).expect("show"))?);
        }
        fresh.check_integrity().expect("sound");
    }
}
