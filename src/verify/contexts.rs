//! The JSON-LD context documents Rosette accepts, bundled so that nothing is fetched while
//! verifying.
//!
//! The documents come from their published npm packages (`scripts/contexts/run.sh`), each
//! pinned by SHA-256 in `contexts/manifest.json`; `contexts/table.rs` is generated alongside.

/// One bundled context document and where it came from.
// Verification and the report of the documents used will read these fields.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Clone, Copy)]
pub(crate) struct BundledContext {
    /// The URL the context is published at, as it appears in `@context`.
    pub(crate) url: &'static str,
    /// The file under `src/verify/contexts/`.
    pub(crate) file: &'static str,
    /// The npm package the document was taken from, and its version.
    pub(crate) package: &'static str,
    pub(crate) version: &'static str,
    /// Lowercase hex SHA-256 of `bytes`.
    pub(crate) sha256: &'static str,
    pub(crate) bytes: &'static [u8],
}

/// Every bundled context, one entry per accepted URL (several URLs may share a document).
// Verification (the JSON-LD document loader) will use this table.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) static BUNDLED_CONTEXTS: &[BundledContext] = &include!("contexts/table.rs");

/// The bundled document for a context URL, or `None` for a context Rosette does not support.
// Verification (the JSON-LD document loader) will use this.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn bundled_context(url: &str) -> Option<&'static [u8]> {
    BUNDLED_CONTEXTS.iter().find(|c| c.url == url).map(|c| c.bytes)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::Value;
    use sha2::{Digest, Sha256};

    use super::{bundled_context, BUNDLED_CONTEXTS};

    const MANIFEST: &str = include_str!("contexts/manifest.json");

    fn manifest() -> Vec<Value> {
        serde_json::from_str::<Value>(MANIFEST).unwrap().as_array().unwrap().clone()
    }

    fn field<'a>(entry: &'a Value, name: &str) -> &'a str {
        entry[name].as_str().unwrap_or_else(|| panic!("manifest entry without {name}: {entry}"))
    }

    fn parse(bytes: &[u8]) -> Value {
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn table_matches_manifest() {
        let manifest = manifest();
        assert_eq!(manifest.len(), BUNDLED_CONTEXTS.len());
        for (entry, bundled) in manifest.iter().zip(BUNDLED_CONTEXTS) {
            assert_eq!(field(entry, "url"), bundled.url);
            assert_eq!(field(entry, "file"), bundled.file);
            assert_eq!(field(entry, "package"), bundled.package);
            assert_eq!(field(entry, "version"), bundled.version);
            assert_eq!(field(entry, "sha256"), bundled.sha256);
        }
    }

    #[test]
    fn every_manifest_entry_hashes_to_its_sha256() {
        for entry in manifest() {
            let file = field(&entry, "file");
            let bundled = BUNDLED_CONTEXTS.iter().find(|c| c.file == file).unwrap();
            assert_eq!(hex::encode(Sha256::digest(bundled.bytes)), field(&entry, "sha256"), "{file}");
            let on_disk =
                std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/verify/contexts").join(file))
                    .unwrap();
            assert_eq!(on_disk, bundled.bytes, "{file}");
        }
    }

    #[test]
    fn every_file_is_a_json_ld_context_document() {
        for bundled in BUNDLED_CONTEXTS {
            let doc = parse(bundled.bytes);
            assert!(doc.get("@context").is_some_and(|c| c.is_object() || c.is_array()), "{}", bundled.file);
        }
    }

    #[test]
    fn urls_are_unique_and_looked_up() {
        for (i, bundled) in BUNDLED_CONTEXTS.iter().enumerate() {
            assert!(BUNDLED_CONTEXTS[..i].iter().all(|c| c.url != bundled.url), "{} twice", bundled.url);
            assert_eq!(bundled_context(bundled.url), Some(bundled.bytes));
        }
        for url in [
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/v2",
            "https://w3id.org/security/data-integrity/v1",
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/security/suites/ed25519-2020/v1",
            "https://w3id.org/security/multikey/v1",
            "https://www.w3.org/ns/credentials/status/v1",
            "https://w3id.org/vc/status-list/2021/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        ] {
            assert!(bundled_context(url).is_some(), "{url} is not bundled");
        }
        assert_eq!(bundled_context("https://example.com/unknown-context.json"), None);
        assert_eq!(bundled_context("https://www.w3.org/2018/credentials/v1/"), None);
    }

    /// The OB 3.0 contexts pinned to the official 1EdTech copies (which the repository may
    /// not carry): `official.sha256` is the SHA-256 of the published file, `jcsSha256` that
    /// of its JSON Canonicalization (RFC 8785) form, which the bundled copy (the same document
    /// from npm, indented differently) must match.
    fn official_pins() -> Vec<(String, Value)> {
        let pins: Vec<(String, Value)> = manifest()
            .into_iter()
            .filter_map(|e| e.get("official").cloned().map(|o| (field(&e, "file").to_owned(), o)))
            .collect();
        let files: Vec<&str> = pins.iter().map(|(file, _)| file.as_str()).collect();
        assert_eq!(
            files,
            [
                "ob-v3p0-context.json",
                "ob-v3p0-context-3.0.1.json",
                "ob-v3p0-context-3.0.2.json",
                "ob-v3p0-context-3.0.3.json"
            ],
            "every OB 3.0 context is pinned to its official copy"
        );
        pins
    }

    fn jcs_sha256(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(serde_json_canonicalizer::to_vec(&parse(bytes)).unwrap()))
    }

    #[test]
    fn ob_contexts_match_the_pinned_official_hashes() {
        for (file, official) in official_pins() {
            let bundled = BUNDLED_CONTEXTS.iter().find(|c| c.file == file).unwrap();
            assert_eq!(
                jcs_sha256(bundled.bytes),
                field(&official, "jcsSha256"),
                "{file} differs from the official copy"
            );
            // Where npm kept the official bytes, the bundled file is byte-identical.
            if field(&official, "sha256") != bundled.sha256 {
                assert!(["ob-v3p0-context.json", "ob-v3p0-context-3.0.1.json"].contains(&file.as_str()), "{file}");
            }
        }
    }

    /// Ties the pinned hashes to the official files themselves.
    #[test]
    #[ignore = "needs the 1EdTech files, which may not be redistributed: \
                ROSETTE_1EDTECH_VECTORS=DIR cargo test -p rosette --lib -- --ignored 1edtech"]
    fn ob_contexts_official_files_have_the_pinned_hashes_1edtech() {
        let pins = official_pins();
        let paths: Vec<String> = pins.iter().map(|(_, o)| format!("ob3-spec/{}", field(o, "path"))).collect();
        let base = crate::verify::tests::onedtech_vectors(&paths.iter().map(String::as_str).collect::<Vec<_>>());
        for ((file, official), path) in pins.iter().zip(&paths) {
            let bytes = std::fs::read(base.join(path)).unwrap();
            assert_eq!(hex::encode(Sha256::digest(&bytes)), field(official, "sha256"), "{path}");
            assert_eq!(jcs_sha256(&bytes), field(official, "jcsSha256"), "{path}");
            let url = BUNDLED_CONTEXTS.iter().find(|c| c.file == file).unwrap().url;
            assert_eq!(parse(bundled_context(url).unwrap()), parse(&bytes), "{url}");
        }
    }
}
