//! Imports arbitrary bytes into a fresh portfolio in a temporary folder. The import may
//! refuse them but must not fail as a whole or panic; it imports exactly what `parse`
//! accepts, and an imported badge gives back its original bytes unchanged, can be shown,
//! and leaves the portfolio sound.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rosette::{parse, ImportOutcome, ImportSource, RelatedDocuments, Wallet};

fuzz_target!(|data: &[u8]| {
    let home = tempfile::tempdir().expect("a temporary folder");
    let mut wallet = Wallet::open(home.path()).expect("a new portfolio opens");
    let source = ImportSource { name: "fuzz-input.json".into(), bytes: data.to_vec() };
    let report = wallet.import_sources(vec![source]).expect("an import reports bad input instead of failing");
    assert_eq!(report.items.len(), 1, "one outcome per input");
    let parses = parse(data, &RelatedDocuments::default()).is_ok();
    match &report.items[0].outcome {
        ImportOutcome::Imported { id, .. } => {
            assert!(parses, "imported bytes that parse refuses");
            let original = wallet.original_bytes(id).expect("the imported badge is there");
            assert!(original == data, "the stored original differs from the imported bytes");
            wallet.show(id).expect("an imported badge can be shown");
            wallet.check_integrity().expect("the portfolio is sound after an import");
        }
        other => assert!(!parses, "parse accepts the bytes but the import gave {other:?}"),
    }
});
