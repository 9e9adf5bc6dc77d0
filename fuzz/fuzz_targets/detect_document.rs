//! `rosette::detect` must agree with `rosette::parse`: whatever parse accepts, detect
//! names as a credential of the same format. Neither may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rosette::{detect, parse, Detected, RelatedDocuments};

fuzz_target!(|data: &[u8]| {
    let detected = detect(data);
    if let Ok(parsed) = parse(data, &RelatedDocuments::default()) {
        assert_eq!(
            detected,
            Ok(Detected::Credential(parsed.credential.format)),
            "detect disagrees with parse, which read a {:?} credential",
            parsed.credential.format
        );
    }
});
