//! Rosette: an Open Badges wallet. This crate is the core, free of any UI toolkit; the
//! `rosette` CLI and the Tauri desktop app are thin faces over it.
//!
//! Map of the crate:
//! - [`Wallet`] (`wallet`): the facade. Import files, list/search, show, organise
//!   (tags, collections, visibility, notes), remove, export and restore.
//! - `formats`: detects what bytes hold (OB 2.0 assertion JSON or JWS, OB 3.0 credential
//!   JSON or VC-JWT, OB 2.0 badge class / issuer documents), reads them through wire
//!   types faithful to the specs and validates them into [`model`].
//! - [`model`]: the spec-neutral badge ([`model::Credential`]).
//! - `store`: the SQLite portfolio (WAL, FTS5 search, migrations, one writer).
//! - `backup`: zip export/restore with a hashed manifest.
//! - `markdown`: issuer markdown rendered without raw HTML.
//! - [`Clock`]: injected time.
//! - `net`: the one hardened HTTP client (https only, checked addresses, capped bodies),
//!   used only when the user lets verification go online ([`NetworkSettings`]).
//!
//! Not yet here (see the open issues): signature verification, baking, sharing, claiming.

#![forbid(unsafe_code)]

mod atomic_file;
mod backup;
mod bake;
mod clock;
mod error;
mod formats;
mod json;
mod markdown;
pub mod model;
mod net;
mod settings;
mod share;
mod store;
mod verify;
mod wallet;

// The public interface is:
pub use atomic_file::write_atomically;
pub use backup::{ExportReport, RestoreItem, RestoreOutcome, RestoreReport};
pub use bake::{
    bake, bake_credential_file, unbake, unbake_file, BakeError, BakedImage, BakedPayload, Generation, ImageKind,
    Unbaked,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, ErrorKind, Result};
pub use formats::{
    detect, parse, Detected, InlineImage, ParseError, ParsedCredential, RelatedDocuments, RelatedKind,
    MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, MAX_IMAGE_BYTES,
};
pub use markdown::render_markdown_safely;
pub use net::{
    classify_address, AddressClass, FetchError, FetchProblem, NetworkSettings, MAX_BODY_BYTES, MAX_REDIRECTS,
};
pub use settings::{NetworkPreferences, TrustedCertificate};
pub use share::{
    email_signature, external_link, linkedin_share, public_page, qr_png, qr_svg, read_qr, render_png, EmailSignature,
    LinkedInField, LinkedInShare, OrganizationSource, PictureError, PicturePreset, PresetSize, QrError,
    QrErrorCorrection, QrFormat, ShareInfo, SignatureImage, MAX_PICTURE_SIDE, MIN_PICTURE_SIDE, SIGNATURE_IMAGE_WIDTH,
};
pub use store::{Facet, ListQuery, StoreError, UserData, Visibility};
#[doc(hidden)]
pub use verify::{jsonld_bench, stages as verify_stages};
pub use verify::{
    report_html, verify, Absence, BadgeInput, CacheImportItem, CacheImportOutcome, CachedDocument, Check,
    CheckAllReport, CheckId, DocumentOrigin, IssuerIdentity, KeySource, KeySourceKind, MemoryKeySource, NoDocuments,
    OnlineSession, Outcome, Reason, SourcedDocument, Verdict, VerificationReport, VerifiedFormat, VerifiedInput,
    VerifyOptions,
};
pub use wallet::{
    default_home, BadgeDetail, BadgePage, BadgeSummary, ExpiryState, Facets, ImageData, ImportItem, ImportOutcome,
    ImportReport, ImportSource, LastCheck, OriginalDocument, Wallet, DATABASE_FILE, EXPIRES_SOON_DAYS,
};
