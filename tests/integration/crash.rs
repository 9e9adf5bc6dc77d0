//! Crash consistency: `rosette import` of ~200 generated OB 3.0 credentials is killed
//! with SIGKILL after a pseudo-random short delay, again and again; after every kill the
//! portfolio must pass `Wallet::check_integrity`, and every listed badge must show and
//! return exactly the bytes of the file it came from. Between runs the test removes some
//! badges, so that every run has writing to do. A last, uninterrupted import completes
//! the set.

use crate::common::{sha256_hex, variant, Prng};
use rosette::{ListQuery, Wallet};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const CREDENTIALS: usize = 200;
const MAX_ITERATIONS: usize = 30;
const MIN_ITERATIONS: usize = 5;
/// Longest delay before the kill.
const MAX_DELAY_MS: u64 = 150;
/// Stop starting new iterations after this long (the suite must stay fast on slow machines).
const TIME_BUDGET: Duration = Duration::from_secs(20);

fn import(home: &Path, files: &[PathBuf]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_rosette"))
        .arg("--home")
        .arg(home)
        .arg("import")
        .args(files)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start rosette import")
}

#[cfg(unix)]
fn was_killed(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt as _;
    status.signal() == Some(9)
}

#[cfg(not(unix))]
fn was_killed(status: ExitStatus) -> bool {
    !status.success()
}

/// Opens the portfolio as the app would after a crash and checks everything in it.
/// Returns how many badges it holds.
fn verify(home: &Path, expected: &HashMap<String, Vec<u8>>, when: &str) -> usize {
    let wallet = Wallet::open(home).unwrap_or_else(|e| panic!("{when}: cannot open the portfolio: {e}"));
    wallet.check_integrity().unwrap_or_else(|e| panic!("{when}: integrity check failed: {e}"));
    let page = wallet.list(&ListQuery::default()).unwrap_or_else(|e| panic!("{when}: list: {e}"));
    assert_eq!(page.items.len(), page.total as usize, "{when}");
    let mut seen = HashSet::new();
    for badge in &page.items {
        let detail = wallet.show(&badge.id).unwrap_or_else(|e| panic!("{when}: show {}: {e}", badge.id));
        let credential_id = detail.credential.id.clone().expect("credential id");
        let bytes = expected.get(&credential_id).unwrap_or_else(|| panic!("{when}: unexpected {credential_id}"));
        assert_eq!(&wallet.original_bytes(&badge.id).expect("original"), bytes, "{when}: {credential_id}");
        assert_eq!(detail.original.sha256, sha256_hex(bytes), "{when}: {credential_id}");
        assert!(seen.insert(credential_id), "{when}: a credential stored twice");
        let image = badge.image_hash.as_deref().expect("the template has an image");
        assert!(wallet
            .image(image)
            .expect("image stored with the badge")
            .data_url
            .starts_with("data:image/png;base64,"));
    }
    page.total as usize
}

/// Removes up to `most` badges chosen by `rng`; returns how many.
fn remove_some(home: &Path, rng: &mut Prng, most: usize) -> usize {
    let mut wallet = Wallet::open(home).expect("open");
    let mut ids: Vec<String> =
        wallet.list(&ListQuery::default()).expect("list").items.into_iter().map(|b| b.id).collect();
    rng.shuffle(&mut ids);
    let count = rng.below(most as u64 + 1) as usize;
    for id in &ids[..count] {
        wallet.remove(id).expect("remove");
    }
    wallet.check_integrity().expect("sound after removals");
    count
}

#[test]
fn killed_imports_leave_a_sound_portfolio() {
    let files_dir = tempfile::tempdir().expect("temp");
    let home_dir = tempfile::tempdir().expect("temp");
    let home = home_dir.path();
    let mut expected = HashMap::new();
    let mut files = Vec::new();
    for i in 0..CREDENTIALS {
        let id = format!("urn:uuid:c0ffee00-0000-4000-8000-{i:012}");
        let bytes = variant(&id, Some(&format!("Crash Test Badge {i}")));
        let path = files_dir.path().join(format!("crash-{i:03}.json"));
        std::fs::write(&path, &bytes).expect("write");
        expected.insert(id, bytes);
        files.push(path);
    }

    let mut rng = Prng::new(0x05EE_D0F0_CAFE);
    let start = Instant::now();
    let (mut iterations, mut killed, mut partial, mut previous) = (0, 0, 0, 0);
    while iterations < MAX_ITERATIONS && start.elapsed() < TIME_BUDGET {
        // A new order each time, so that later runs still store new badges early on.
        rng.shuffle(&mut files);
        let delay = Duration::from_millis(rng.below(MAX_DELAY_MS + 1));
        let mut child = import(home, &files);
        std::thread::sleep(delay);
        // Ok, or an error when the process had already exited and been reaped.
        let _ = child.kill();
        let status = child.wait().expect("wait for rosette");
        if was_killed(status) {
            killed += 1;
        } else {
            assert!(status.success(), "an uninterrupted import must succeed: {status}");
        }
        let when = format!("after run {iterations} (killed after {delay:?})");
        let total = verify(home, &expected, &when);
        assert!(total >= previous, "{when}: badges were lost ({previous} -> {total})");
        if was_killed(status) && total > previous && total < CREDENTIALS {
            partial += 1;
        }
        // Take some badges out again, so that the next run has writing to do.
        previous = total - remove_some(home, &mut rng, total / 2);
        iterations += 1;
    }
    eprintln!(
        "crash consistency: {iterations} runs in {:?}, {killed} killed, {partial} killed part-way with new badges stored",
        start.elapsed()
    );
    assert!(iterations >= MIN_ITERATIONS, "only {iterations} runs in {TIME_BUDGET:?}");
    assert!(
        killed > 0,
        "no import was interrupted in {iterations} runs; the kill delays are too long for this machine"
    );

    let status = import(home, &files).wait().expect("wait for rosette");
    assert!(status.success(), "final import: {status}");
    assert_eq!(verify(home, &expected, "after the final import"), CREDENTIALS);
}
