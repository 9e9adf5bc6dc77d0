//! Shared helpers: fixture paths and the fixture catalogue, a temporary portfolio home
//! driven through the `rosette` binary, generated OB 3.0 credentials (variations of
//! `bench-template.json`), and read-only peeks into the SQLite file.

use serde_json::Value;
use sha2::{Digest as _, Sha256};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A credential fixture: file name, achievement name and stored format.
pub(crate) struct CredentialFixture {
    pub(crate) file: &'static str,
    pub(crate) name: &'static str,
    pub(crate) format: &'static str,
}

/// Every credential in `tests/fixtures` (the linked OB 2.0 assertion needs
/// [`LINKED_DOCUMENTS`] beside it).
pub(crate) const CREDENTIALS: [CredentialFixture; 8] = [
    CredentialFixture { file: "ob3-vc2-eddsa-rdfc-2022.json", name: "Rust Fundamentals", format: "ob3-json" },
    CredentialFixture { file: "ob3-vc1-ed25519-2020.json", name: "Data Stewardship Badge", format: "ob3-json" },
    CredentialFixture { file: "ob3-vc2-jwt-eddsa.jwt", name: "Cloud Security Practitioner", format: "ob3-jwt" },
    CredentialFixture { file: "ob3-vc2-jwt-es256.jws", name: "Accessible Web Design", format: "ob3-jwt" },
    CredentialFixture { file: "ob3-vc2-jwt-rs256.txt", name: "Technical Writing Essentials", format: "ob3-jwt" },
    CredentialFixture { file: "ob2-assertion-embedded.json", name: "Community Mentor", format: "ob2-json" },
    CredentialFixture { file: "ob2-assertion-linked.json", name: "Workshop Leader", format: "ob2-json" },
    CredentialFixture { file: "ob2-signed.jws", name: "Peer Reviewer", format: "ob2-jws" },
];

/// The OB 2.0 badge class and issuer that complete `ob2-assertion-linked.json`.
pub(crate) const LINKED_DOCUMENTS: [&str; 2] = ["ob2-badgeclass.json", "ob2-issuer.json"];

/// A program a test uses as an independent oracle (zbarimg, rsvg-convert: installed by
/// `scripts/setup.sh --test`), or the reason it is missing. Outside CI a missing oracle gives
/// `None` and the test says so on stderr; under `CI=true` (anything but empty, `0`, `false`)
/// the test fails with the reason, so CI never passes a check that did not run.
pub(crate) fn oracle<T>(lookup: Result<T, String>) -> Option<T> {
    let under_ci = std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"));
    match lookup {
        Ok(found) => Some(found),
        Err(reason) if under_ci => panic!("{reason}; under CI every oracle must run (scripts/setup.sh --test)"),
        Err(reason) => {
            eprintln!("NOT RUN (fails under CI=true): {reason}");
            None
        }
    }
}

/// The folder of the shared fixtures.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

pub(crate) fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// Every credential fixture plus the linked documents, in catalogue order.
pub(crate) fn all_credential_paths() -> Vec<PathBuf> {
    CREDENTIALS.iter().map(|c| c.file).chain(LINKED_DOCUMENTS).map(fixture).collect()
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What one run of the CLI did.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: String,
    pub(crate) what: String,
}

impl Run {
    pub(crate) fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap_or_else(|e| panic!("{}: stdout is not UTF-8: {e}", self.what))
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}): {}", self.what, self.stdout_text()))
    }

    pub(crate) fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }

    /// Asserts exit status 0 and an empty stderr.
    pub(crate) fn success(self) -> Self {
        assert_eq!(self.code, Some(0), "{} failed: {}", self.what, self.stderr);
        assert!(self.stderr.is_empty(), "{} wrote to stderr: {}", self.what, self.stderr);
        self
    }

    /// Asserts a clean failure: exit status 1 (not a panic, which is 101, nor a
    /// signal) and no panic text.
    pub(crate) fn failure(self) -> Self {
        assert_eq!(self.code, Some(1), "{} should fail with status 1: {self:?}", self.what);
        assert_no_panic(&self.stderr, &self.what);
        self
    }
}

pub(crate) fn assert_no_panic(stderr: &str, what: &str) {
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{what} panicked: {stderr}");
}

/// A portfolio home in its own temporary folder, driven through the `rosette` binary.
pub(crate) struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    pub(crate) fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temporary folder") }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `rosette --home DIR ARGS…` with no standard input (so never a terminal), and with
    /// ROSETTE_OFFLINE set so that `import URL` never goes online in tests (`verify` is
    /// offline unless `--online`; the online tests remove it and serve on loopback).
    pub(crate) fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rosette"));
        cmd.arg("--home")
            .arg(self.path())
            .args(args)
            .stdin(Stdio::null())
            .env_remove("ROSETTE_HOME")
            .env("ROSETTE_OFFLINE", "1");
        cmd
    }

    pub(crate) fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<S> = args.into_iter().collect();
        let what = format!(
            "rosette {}",
            args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
        );
        let output = self.command(&args).output().unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_no_panic(&stderr, &what);
        Run { code: output.status.code(), stdout: output.stdout, stderr, what }
    }

    /// Runs a command that must succeed and returns its JSON output.
    pub(crate) fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run(args).success().json()
    }

    /// `import --json FILES…`; returns the report. The exit status must say whether
    /// anything failed.
    pub(crate) fn import<P: AsRef<OsStr>>(&self, files: &[P]) -> Value {
        let mut args: Vec<&OsStr> = vec![OsStr::new("import"), OsStr::new("--json")];
        args.extend(files.iter().map(AsRef::as_ref));
        let run = self.run(&args);
        let report = run.json();
        let failed = report["failed"].as_u64().expect("failed count");
        assert_eq!(run.code, Some(i32::from(failed != 0)), "{}: {report:#}", run.what);
        report
    }

    /// Imports files that must all be new badges; returns their ids in input order.
    pub(crate) fn import_new<P: AsRef<OsStr>>(&self, files: &[P]) -> Vec<String> {
        let report = self.import(files);
        assert_eq!(report["failed"], 0, "{report:#}");
        report["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|item| item["outcome"]["status"] != "related")
            .map(|item| {
                assert_eq!(item["outcome"]["status"], "imported", "{item:#}");
                item["outcome"]["id"].as_str().expect("id").to_owned()
            })
            .collect()
    }

    /// Imports every credential fixture; returns (fixture file, id) pairs.
    pub(crate) fn import_all_fixtures(&self) -> Vec<(&'static str, String)> {
        let ids = self.import_new(&all_credential_paths());
        assert_eq!(ids.len(), CREDENTIALS.len());
        CREDENTIALS.iter().map(|c| c.file).zip(ids).collect()
    }

    /// `list --json` with extra filter arguments.
    pub(crate) fn list(&self, filters: &[&str]) -> Value {
        let mut args = vec!["list", "--json"];
        args.extend_from_slice(filters);
        let page = self.json(&args);
        let total = page["total"].as_u64().expect("total");
        assert_eq!(page["items"].as_array().expect("items").len() as u64, total, "no limit was given: {page:#}");
        page
    }

    pub(crate) fn total(&self) -> u64 {
        self.list(&[])["total"].as_u64().expect("total")
    }

    /// Names of the badges a filtered list returns, in list order.
    pub(crate) fn names(&self, filters: &[&str]) -> Vec<String> {
        self.list(filters)["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|b| b["name"].as_str().expect("name").to_owned())
            .collect()
    }

    pub(crate) fn show(&self, id: &str) -> Value {
        self.json(["show", id, "--json"])
    }

    pub(crate) fn original(&self, id: &str) -> Vec<u8> {
        self.run(["show", id, "--original"]).success().stdout
    }

    /// `rosette check` must pass.
    pub(crate) fn check(&self) {
        let run = self.run(["check"]).success();
        assert_eq!(run.stdout_text(), "portfolio is sound\n");
    }

    /// Rows of a table of the portfolio database, read directly.
    pub(crate) fn count_rows(&self, table: &str) -> i64 {
        count_rows(self.path(), table)
    }
}

/// Rows of `table` in the portfolio database under `home`, read directly (read-only).
pub(crate) fn count_rows(home: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open_with_flags(
        home.join(rosette::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the portfolio read-only");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count rows")
}

/// The bench template (a copy of `ob3-vc2-eddsa-rdfc-2022.json`) as JSON.
pub(crate) fn template() -> Value {
    serde_json::from_slice(&fixture_bytes("bench-template.json")).expect("bench-template.json is JSON")
}

/// An OB 3.0 credential: the template with another `id` (and achievement name), pretty
/// printed. The proof no longer matches, which the core does not check yet.
pub(crate) fn variant(id: &str, name: Option<&str>) -> Vec<u8> {
    let mut credential = template();
    credential["id"] = Value::from(id);
    if let Some(name) = name {
        credential["credentialSubject"]["achievement"]["name"] = Value::from(name);
    }
    serde_json::to_vec_pretty(&credential).expect("serialize")
}

/// A small deterministic PRNG (xorshift64*), so that "random" choices repeat run to run.
pub(crate) struct Prng(u64);

impl Prng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..bound`.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
