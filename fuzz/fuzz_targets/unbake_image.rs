//! `rosette::unbake` on arbitrary bytes (PNG- or SVG-shaped or not): it must never panic,
//! and whatever it reads back must survive a round trip: baking the same text into the
//! same image and reading it again gives the same text, with exactly one credential left.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rosette::{bake, unbake, ImageKind};

fuzz_target!(|data: &[u8]| {
    let Ok(Some(unbaked)) = unbake(data) else {
        return;
    };
    // Re-baking replaces the credential; the result must read back the same text.
    let Ok(rebaked) = bake(data, &unbaked.text, unbaked.generation, None) else {
        return;
    };
    assert_eq!(ImageKind::of(&rebaked), ImageKind::of(data), "baking changed the image type");
    let again = unbake(&rebaked).expect("a file Rosette baked must read").expect("and carry the credential");
    if ImageKind::of(data) == Some(ImageKind::Png) {
        // PNG text is carried byte for byte.
        assert_eq!(again.text, unbaked.text);
    }
    assert_eq!(again.generation, unbaked.generation);
});
