//! The `rosette` command line: the wallet's operations from a terminal, with `--json`
//! output for scripts. Exit status 0 on success; otherwise a one-line reason on stderr
//! and a non-zero status (1 for failures, 2 for usage errors).

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand, ValueEnum};
use rosette::{ImportOutcome, ListQuery, RestoreOutcome, Visibility, Wallet};
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

/// `println!` that treats a closed stdout (`rosette list | head -1`) as the end of the
/// output rather than an error, and never panics.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("rosette: cannot write the output: {e}");
                std::process::exit(1);
            }
            std::process::exit(0);
        }
    }};
}

#[derive(Parser)]
#[command(name = "rosette", version, about = "Open Badges wallet: keep, search and back up your badges")]
struct Cli {
    /// Portfolio folder (default: ROSETTE_HOME, else the OS application-data folder).
    #[arg(long, global = true, value_name = "DIR")]
    home: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import badge files (OB 2.0 JSON/JWS, OB 3.0 JSON/VC-JWT; OB 2.0 badge class and
    /// issuer files given alongside complete their assertions), or https links to badges
    /// (fetched with the kept network settings; files first, then links).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List badges, newest first.
    List {
        /// Full-text search over name, description, issuer and tags.
        #[arg(long, allow_hyphen_values = true)]
        search: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Issuer name or id.
        #[arg(long)]
        issuer: Option<String>,
        #[arg(long)]
        collection: Option<String>,
        /// Show at most N badges (0: all).
        #[arg(long, default_value_t = 0)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show everything about one badge.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
        /// Print the original document exactly as imported.
        #[arg(long, conflicts_with = "json")]
        original: bool,
    },
    /// Add tags to a badge.
    Tag {
        id: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from a badge.
    Untag {
        id: String,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Manage collections.
    #[command(subcommand)]
    Collection(CollectionCommand),
    /// Mark a badge private or shareable.
    Visibility { id: String, visibility: VisibilityArg },
    /// Set (or with an empty text, clear) the personal note of a badge.
    Note { id: String, text: String },
    /// Remove a badge from the portfolio.
    Remove {
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Export the portfolio to a zip backup.
    Export {
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Restore a zip backup into this portfolio (badges already here are skipped).
    Restore {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Bake a badge into a PNG or SVG image (the credential travels inside the picture).
    /// TARGET is a badge id from `list`, or a credential file (then --image is needed).
    Bake {
        target: String,
        /// Where to write the baked image.
        #[arg(long)]
        out: PathBuf,
        /// The PNG or SVG to bake into (default: the badge's own image).
        #[arg(long)]
        image: Option<PathBuf>,
        /// Output image type; the picture is converted when it is of the other type
        /// (default: the picture's own type).
        #[arg(long, value_enum, ignore_case = true)]
        format: Option<FormatArg>,
    },
    /// Save the badge picture as a PNG with the credential baked in, at a chosen size.
    Image {
        id: String,
        #[arg(long)]
        out: PathBuf,
        /// Longer side in pixels (16–4096); default: the preset, else the original size.
        #[arg(long, conflicts_with = "preset")]
        size: Option<u32>,
        #[arg(long, value_enum)]
        preset: Option<PresetArg>,
    },
    /// Share a badge: LinkedIn links, or the email-signature snippet.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["linkedin", "linkedin_post", "email_signature"])))]
    Share {
        id: String,
        /// LinkedIn "add to profile" link, and the same fields one per line.
        #[arg(long)]
        linkedin: bool,
        /// LinkedIn post link for the badge's public page.
        #[arg(long)]
        linkedin_post: bool,
        /// Email-signature snippet (HTML and plain text).
        #[arg(long)]
        email_signature: bool,
        /// With --email-signature: only the HTML.
        #[arg(long, conflicts_with = "text")]
        html: bool,
        /// With --email-signature: only the plain text.
        #[arg(long)]
        text: bool,
        /// With --email-signature: reference this saved picture file instead of a hosted image.
        #[arg(long, value_name = "PATH")]
        image_file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Save a QR code of the badge's public page (PNG, or SVG when OUT ends in .svg).
    Qr {
        id: String,
        #[arg(long)]
        out: PathBuf,
        /// Width in pixels (64–4096).
        #[arg(long, default_value_t = 512)]
        size: u32,
        /// Error correction: L (7 %), M (15 %), Q (25 %), H (30 %).
        #[arg(long, value_enum, ignore_case = true, default_value_t = EccArg::M)]
        ecc: EccArg,
    },
    /// What you keep about issuers.
    #[command(subcommand)]
    Issuer(IssuerCommand),
    /// Print (or save) the credential baked into a PNG or SVG image.
    Unbake {
        file: PathBuf,
        /// Write the credential to this file instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Verify badges: files (JSON, JWS/JWT, baked PNG/SVG), portfolio ids or https links.
    /// Offline: checks against the portfolio and the documents cached from earlier fetches.
    /// With --online, fetches what is missing (DID documents, issuer keys, status lists,
    /// hosted copies; a link needs it) and caches it.
    /// Exit status: 0 all valid, 1 any invalid/revoked/expired/not yet valid, 2 the worst
    /// is unknown, 64+ usage or input errors.
    Verify {
        #[arg(required = true, value_name = "FILE|ID|URL")]
        inputs: Vec<String>,
        /// One JSON report per input, as JSON Lines.
        #[arg(long)]
        json: bool,
        /// Go online for what the portfolio lacks and for fresh status lists, and cache
        /// what is fetched. Without it, verify never uses the network.
        #[arg(long, conflicts_with = "offline")]
        online: bool,
        /// Never use the network (the default; kept for scripts written when going online
        /// was the default).
        #[arg(long)]
        offline: bool,
        #[command(flatten)]
        network: NetworkArgs,
        /// An identifier of the recipient (email, URL, DID) to check the badge against.
        #[arg(long = "recipient", value_name = "ID")]
        recipients: Vec<String>,
        /// Check as of this time (RFC 3339) instead of now.
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
    },
    /// Verify stored badges again now and keep the results shown by `list`. Offline
    /// unless --online is given.
    Recheck {
        /// Badge ids (default with --all: every badge).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<String>,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
        /// Go online for missing documents and fresh status lists, and cache them.
        #[arg(long)]
        online: bool,
        #[command(flatten)]
        network: NetworkArgs,
    },
    /// Your own identifiers (emails, URLs, DIDs): badges are checked to be issued to them.
    #[command(subcommand)]
    Identity(IdentityCommand),
    /// Documents kept for offline verification (DID documents, issuer profiles, keys).
    #[command(subcommand)]
    Cache(CacheCommand),
    /// Network settings kept for going online: private networks, extra trusted
    /// certificate authorities (the desktop app's Settings screen shows the same).
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Check the portfolio database for damage.
    Check,
}

/// How `verify` and `recheck` go online.
#[derive(clap::Args)]
struct NetworkArgs {
    /// An extra trusted root certificate (PEM file), e.g. your organisation's own
    /// certificate authority; repeatable.
    #[arg(long = "ca-cert", value_name = "PEM")]
    ca_certs: Vec<PathBuf>,
    /// Reach loopback and private-network addresses (a local test server, an intranet issuer).
    #[arg(long)]
    allow_private_network: bool,
    /// Fetch keys and DID documents again even when a cached copy exists (status lists
    /// and hosted copies are always fetched again when online).
    #[arg(long)]
    refresh: bool,
}

impl NetworkArgs {
    /// Lets the wallet go online with the kept network settings plus these.
    fn go_online(&self, wallet: &mut Wallet) -> anyhow::Result<()> {
        let extra = rosette::NetworkSettings {
            allow_private_network: self.allow_private_network,
            ca_certs: self.ca_certs.clone(),
            ..rosette::NetworkSettings::default()
        };
        let settings = wallet.network_settings(&extra).context("cannot read the network settings")?;
        wallet.go_online(&settings, self.refresh).context("cannot go online")
    }
}

/// Whether ROSETTE_OFFLINE asks for no network by default (scripts, test suites).
fn offline_by_environment() -> bool {
    std::env::var_os("ROSETTE_OFFLINE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Whether a command-line input is a link (fetched) rather than a file or a badge id.
fn is_link(input: &str) -> bool {
    input.starts_with("https://") || input.starts_with("http://")
}

/// Fetches and imports badges given by their links, going online unless ROSETTE_OFFLINE
/// says not to (then each link fails, saying why).
fn import_links(wallet: &mut Wallet, links: &[PathBuf]) -> anyhow::Result<rosette::ImportReport> {
    let links: Vec<String> = links.iter().map(|l| l.to_string_lossy().into_owned()).collect();
    let import_each = |wallet: &mut Wallet| {
        let mut report = rosette::ImportReport::default();
        for link in &links {
            match wallet.import_link(link) {
                Ok(imported) => report.append(imported),
                Err(e) => report.push_failure(link.clone(), e.to_string()),
            }
        }
        for note in wallet.network_notes() {
            eprintln!("rosette: note: {note}");
        }
        Ok(report)
    };
    if offline_by_environment() {
        return Ok(import_each(wallet)?);
    }
    Ok(wallet.while_online(&rosette::NetworkSettings::default(), false, import_each)?)
}

/// Keeps what was fetched in the document cache and tells where a cached copy stood in
/// for a failed fetch.
fn finish_online(wallet: &mut Wallet) -> anyhow::Result<()> {
    wallet.keep_fetched().context("cannot keep the fetched documents")?;
    for note in wallet.network_notes() {
        eprintln!("rosette: note: {note}");
    }
    Ok(())
}

#[derive(Subcommand)]
enum IdentityCommand {
    /// Add an identifier, e.g. an email address badges are issued to.
    Add { identifier: String },
    /// Remove an identifier.
    Remove { identifier: String },
    /// List your identifiers.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum NetworkCommand {
    /// Show the network settings.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Let online checks reach loopback and private-network addresses (on), or not (off).
    PrivateNetwork {
        #[arg(value_parser = ["on", "off"])]
        state: String,
    },
    /// Trust the certificate authorities in a PEM (or DER) file when going online.
    Trust {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Stop trusting a certificate authority (8 or more hex characters of its fingerprint).
    Distrust { id: String },
}

#[derive(Subcommand)]
enum CacheCommand {
    /// Keep documents obtained elsewhere, under their own id.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List the kept documents.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Forget kept documents, by their id.
    Remove {
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

#[derive(Subcommand)]
enum CollectionCommand {
    /// List collections with their badge counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create an empty collection.
    Create { name: String },
    /// Delete a collection (its badges stay in the portfolio).
    Delete { name: String },
    /// Put badges into a collection (created if needed).
    Add {
        name: String,
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Take badges out of a collection.
    Remove {
        name: String,
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

#[derive(Subcommand)]
enum IssuerCommand {
    /// Save the LinkedIn organization id of an issuer (its logo then shows on LinkedIn).
    SetLinkedin {
        /// Issuer id or name, as `rosette show` prints it.
        issuer: String,
        /// Digits from the organization's LinkedIn address (linkedin.com/company/ID).
        #[arg(required_unless_present = "clear")]
        organization_id: Option<String>,
        /// Forget the saved id.
        #[arg(long, conflicts_with = "organization_id")]
        clear: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Png,
    Svg,
}

#[derive(Clone, Copy, ValueEnum)]
enum EccArg {
    L,
    M,
    Q,
    H,
}

#[derive(Clone, Copy, ValueEnum)]
enum PresetArg {
    Original,
    EmailSignature,
    Slide,
    Print,
}

impl From<PresetArg> for rosette::PicturePreset {
    fn from(p: PresetArg) -> Self {
        match p {
            PresetArg::Original => Self::Original,
            PresetArg::EmailSignature => Self::EmailSignature,
            PresetArg::Slide => Self::Slide,
            PresetArg::Print => Self::Print,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum VisibilityArg {
    Private,
    Shareable,
}

/// Exit status for usage errors (sysexits' EX_USAGE), so that `verify`'s 1 and 2 keep
/// their meaning.
const EXIT_USAGE: u8 = 64;
/// Exit status for an input that cannot be read (EX_NOINPUT).
const EXIT_NO_INPUT: u8 = 66;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { ExitCode::from(EXIT_USAGE) } else { ExitCode::SUCCESS };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}").replace('\n', " ");
            eprintln!("rosette: {message}");
            ExitCode::FAILURE
        }
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    say!("{text}");
    Ok(())
}

fn date_part(date: Option<&String>) -> &str {
    date.map_or("-", |d| d.get(..10).unwrap_or(d))
}

/// Writes bytes to stdout as they are; a closed pipe ends the output quietly.
fn write_raw(bytes: &[u8]) -> anyhow::Result<()> {
    match std::io::stdout().write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn read_file(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    let meta = std::fs::metadata(path).with_context(|| format!("{}", path.display()))?;
    if meta.len() > rosette::MAX_FILE_BYTES as u64 {
        bail!("{}: {} bytes is more than Rosette reads ({})", path.display(), meta.len(), rosette::MAX_FILE_BYTES);
    }
    std::fs::read(path).with_context(|| format!("{}", path.display()))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Commands that work on files alone do not open (or create) a portfolio.
    if let Command::Unbake { file, out } = &cli.command {
        let unbaked = rosette::unbake_file(file)
            .with_context(|| format!("{}", file.display()))?
            .ok_or_else(|| anyhow::anyhow!("{}: no badge is baked into this image", file.display()))?;
        match out {
            Some(out) => rosette::write_atomically(out, unbaked.text.as_bytes())?,
            None => write_raw(unbaked.text.as_bytes())?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    let home = match cli.home {
        Some(home) => home,
        None => rosette::default_home()?,
    };
    let mut wallet = Wallet::open(&home).with_context(|| format!("cannot open the portfolio in {}", home.display()))?;
    match cli.command {
        Command::Import { files, json } => {
            let (links, files): (Vec<PathBuf>, Vec<PathBuf>) =
                files.into_iter().partition(|f| f.to_str().is_some_and(is_link));
            let mut report = wallet.import_files(&files)?;
            if !links.is_empty() {
                report.append(import_links(&mut wallet, &links)?);
            }
            if json {
                print_json(&report)?;
            } else {
                for item in &report.items {
                    match &item.outcome {
                        ImportOutcome::Imported { id, name } => say!("imported  {id}  {name}"),
                        ImportOutcome::Duplicate { id, name } => say!("already   {id}  {name}"),
                        ImportOutcome::Related { id } => say!("used      {}  ({id})", item.source),
                        ImportOutcome::Skipped { message } => say!("skipped   {}: {message}", item.source),
                        ImportOutcome::Failed { message } => eprintln!("rosette: {}: {message}", item.source),
                        _ => {}
                    }
                }
            }
            if report.failed > 0 {
                if !json {
                    eprintln!("rosette: {} of {} files could not be imported", report.failed, report.items.len());
                }
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::List { search, tag, issuer, collection, limit, json } => {
            let page = wallet.list(&ListQuery { search, tag, issuer, collection, limit, offset: 0 })?;
            if json {
                print_json(&page)?;
            } else if page.items.is_empty() {
                say!("No badges. Import one with `rosette import FILE`.");
            } else {
                say!("{:<10} {:<10} {:<10} {:<8} {:<40} ISSUER", "ID", "ISSUED", "EXPIRES", "CHECK", "NAME");
                for b in &page.items {
                    let name: String = b.name.chars().take(40).collect();
                    say!(
                        "{:<10} {:<10} {:<10} {:<8} {:<40} {}{}",
                        b.id,
                        date_part(b.issued_on.as_ref()),
                        date_part(b.valid_until.as_ref()),
                        b.last_check.as_ref().map_or("-", |c| c.verdict.as_str()),
                        name,
                        b.issuer_name,
                        if b.tags.is_empty() { String::new() } else { format!("  [{}]", b.tags.join(", ")) }
                    );
                }
                if page.total as usize > page.items.len() {
                    say!("({} of {} shown)", page.items.len(), page.total);
                }
            }
        }
        Command::Show { id, json, original } => {
            if original {
                write_raw(&wallet.original_bytes(&id)?)?;
            } else {
                let detail = wallet.show(&id)?;
                if json {
                    print_json(&detail)?;
                } else {
                    print_detail(&detail);
                }
            }
        }
        Command::Tag { id, tags } => wallet.tag(&id, &tags)?,
        Command::Untag { id, tags } => wallet.untag(&id, &tags)?,
        Command::Collection(command) => match command {
            CollectionCommand::List { json } => {
                let collections = wallet.facets()?.collections;
                if json {
                    print_json(&collections)?;
                } else if collections.is_empty() {
                    say!("No collections. Create one with `rosette collection add NAME ID...`.");
                } else {
                    for c in collections {
                        say!("{:>5}  {}", c.count, c.name);
                    }
                }
            }
            CollectionCommand::Create { name } => wallet.create_collection(&name)?,
            CollectionCommand::Delete { name } => wallet.delete_collection(&name)?,
            CollectionCommand::Add { name, ids } => {
                for id in ids {
                    wallet.add_to_collection(&name, &id)?;
                }
            }
            CollectionCommand::Remove { name, ids } => {
                for id in ids {
                    wallet.remove_from_collection(&name, &id)?;
                }
            }
        },
        Command::Visibility { id, visibility } => wallet.set_visibility(
            &id,
            match visibility {
                VisibilityArg::Private => Visibility::Private,
                VisibilityArg::Shareable => Visibility::Shareable,
            },
        )?,
        Command::Note { id, text } => wallet.set_note(&id, &text)?,
        Command::Remove { id, yes } => {
            let detail = wallet.show(&id)?;
            if !yes {
                if !std::io::stdin().is_terminal() {
                    bail!("not removing \"{}\" without --yes (no terminal to ask)", detail.summary.name);
                }
                eprint!("Remove \"{}\" ({}) from the portfolio? [y/N] ", detail.summary.name, detail.summary.id);
                let mut answer = String::new();
                std::io::stdin().read_line(&mut answer)?;
                if !matches!(answer.trim(), "y" | "Y" | "yes") {
                    eprintln!("Kept.");
                    return Ok(ExitCode::SUCCESS);
                }
            }
            let name = wallet.remove(&detail.summary.id)?;
            say!("removed   {}  {name}", detail.summary.id);
        }
        Command::Export { out, json } => {
            let report = wallet.export(&out)?;
            if json {
                print_json(&report)?;
            } else {
                say!("exported {} badges to {} ({} bytes)", report.badges, report.path, report.bytes);
            }
        }
        Command::Restore { file, json } => {
            let report = wallet.restore(&file)?;
            if json {
                print_json(&report)?;
            } else {
                for item in &report.items {
                    match &item.outcome {
                        RestoreOutcome::Restored { id } => say!("restored  {id}  {}", item.name),
                        RestoreOutcome::Duplicate { id } => say!("already   {id}  {}", item.name),
                        RestoreOutcome::Failed { message } => {
                            eprintln!("rosette: {} ({}): {message}", item.id, item.name);
                        }
                        _ => {}
                    }
                }
                say!("{} restored, {} already present, {} failed", report.restored, report.duplicates, report.failed);
            }
            if report.failed > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Bake { target, out, image, format } => {
            let format = format.map(|f| match f {
                FormatArg::Png => rosette::ImageKind::Png,
                FormatArg::Svg => rosette::ImageKind::Svg,
            });
            let image = image.as_deref().map(read_file).transpose()?;
            let path = std::path::Path::new(&target);
            let baked = if path.is_file() {
                let image = image.ok_or_else(|| anyhow::anyhow!("baking a credential file needs --image PNG|SVG"))?;
                rosette::bake_credential_file(&read_file(path)?, &image, format).with_context(|| target.clone())?
            } else {
                wallet.bake_badge(&target, image.as_deref(), format)?
            };
            rosette::write_atomically(&out, &baked.bytes)?;
            say!("baked into {} ({} bytes)", out.display(), baked.bytes.len());
        }
        Command::Image { id, out, size, preset } => {
            let side = size.or_else(|| preset.and_then(|p| rosette::PicturePreset::from(p).side()));
            let picture = wallet.badge_picture(&id, side)?;
            rosette::write_atomically(&out, &picture.bytes)?;
            say!("saved {} ({} bytes)", out.display(), picture.bytes.len());
        }
        Command::Share { id, linkedin, linkedin_post, email_signature: _, html, text, image_file, json } => {
            let image = match image_file {
                Some(path) => rosette::SignatureImage::File {
                    path: std::path::absolute(&path).unwrap_or(path).display().to_string(),
                },
                None => rosette::SignatureImage::Hosted,
            };
            let share = wallet.share(&id, &image)?;
            if linkedin {
                if json {
                    print_json(&share.linkedin)?;
                } else {
                    say!("{}", share.linkedin.add_to_profile_url);
                    for field in &share.linkedin.fields {
                        say!("{:<22}{}", field.label, field.value);
                    }
                }
            } else if linkedin_post {
                let Some(post) = share.linkedin.post_url.clone() else {
                    bail!("this badge has no public web page, so there is nothing to post on LinkedIn");
                };
                if json {
                    print_json(&serde_json::json!({ "postUrl": post }))?;
                } else {
                    say!("{post}");
                }
            } else if json {
                print_json(&share.email_signature)?;
            } else {
                let signature = &share.email_signature;
                if !text {
                    say!("{}", signature.html);
                }
                if !html {
                    say!("{}", signature.text);
                }
                for note in &signature.notes {
                    eprintln!("note: {note}");
                }
            }
        }
        Command::Qr { id, out, size, ecc } => {
            let format = if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")) {
                rosette::QrFormat::Svg
            } else {
                rosette::QrFormat::Png
            };
            let level = match ecc {
                EccArg::L => rosette::QrErrorCorrection::L,
                EccArg::M => rosette::QrErrorCorrection::M,
                EccArg::Q => rosette::QrErrorCorrection::Q,
                EccArg::H => rosette::QrErrorCorrection::H,
            };
            let bytes = wallet.badge_qr(&id, format, size, level)?;
            rosette::write_atomically(&out, &bytes)?;
            say!("saved {} ({} bytes)", out.display(), bytes.len());
        }
        Command::Issuer(IssuerCommand::SetLinkedin { issuer, organization_id, clear }) => {
            let id = if clear { None } else { organization_id.as_deref() };
            let name = wallet.set_issuer_linkedin(&issuer, id)?;
            if let Some(id) = id {
                say!("LinkedIn organization {id} saved for {name}");
            } else {
                say!("LinkedIn organization forgotten for {name}");
            }
        }
        Command::Unbake { .. } => unreachable!("handled before the portfolio is opened"),
        Command::Verify { inputs, json, online, offline: _, network, recipients, at } => {
            let at = match at {
                Some(text) => {
                    match time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339) {
                        Ok(at) => at,
                        Err(e) => {
                            eprintln!("rosette: --at {text}: not an RFC 3339 time ({e})");
                            return Ok(ExitCode::from(EXIT_USAGE));
                        }
                    }
                }
                None => time::OffsetDateTime::now_utc(),
            };
            let options = rosette::VerifyOptions { at, recipients };
            if online {
                network.go_online(&mut wallet)?;
            }
            let code = verify_inputs(&wallet, &inputs, &options, json);
            finish_online(&mut wallet)?;
            return code;
        }
        Command::Recheck { ids, all, json, online, network } => {
            if online {
                network.go_online(&mut wallet)?;
            }
            let counts = if all {
                let show_progress = std::io::stderr().is_terminal() && !json;
                wallet.check_all(&mut |done, total| {
                    if show_progress {
                        eprint!("\rchecked {done} of {total}");
                    }
                })?
            } else {
                let mut counts = rosette::CheckAllReport::default();
                for id in &ids {
                    let report = wallet.check_badge(id)?;
                    counts.count(report.verdict);
                    if !json {
                        say!("{id}: {}", report.verdict.as_str());
                    }
                }
                counts
            };
            finish_online(&mut wallet)?;
            if json {
                print_json(&counts)?;
            } else {
                if all && std::io::stderr().is_terminal() {
                    eprintln!();
                }
                say!(
                    "{} checked: {} valid, {} invalid, {} expired, {} revoked, {} unknown",
                    counts.checked,
                    counts.valid,
                    counts.invalid,
                    counts.expired,
                    counts.revoked,
                    counts.unknown
                );
            }
        }
        Command::Identity(command) => match command {
            IdentityCommand::Add { identifier } => wallet.add_my_identifier(&identifier)?,
            IdentityCommand::Remove { identifier } => wallet.remove_my_identifier(&identifier)?,
            IdentityCommand::List { json } => {
                let identifiers = wallet.my_identifiers()?;
                if json {
                    print_json(&identifiers)?;
                } else if identifiers.is_empty() {
                    say!("No identifiers. Add the email addresses your badges are issued to with `rosette identity add EMAIL`.");
                } else {
                    for identifier in identifiers {
                        say!("{identifier}");
                    }
                }
            }
        },
        Command::Network(command) => match command {
            NetworkCommand::Show { json } => {
                let preferences = wallet.network_preferences()?;
                if json {
                    print_json(&preferences)?;
                } else {
                    let private = if preferences.allow_private_network { "allowed" } else { "refused" };
                    say!("Private and loopback addresses: {private}");
                    if preferences.trusted_certificates.is_empty() {
                        say!("Extra trusted certificate authorities: none (add one with `rosette network trust FILE`)");
                    } else {
                        say!("Extra trusted certificate authorities:");
                        for c in &preferences.trusted_certificates {
                            let state = if c.expired { "  EXPIRED" } else { "" };
                            say!(
                                "  {}  {}  (valid until {}, added {}){state}",
                                c.id,
                                c.name,
                                c.valid_until,
                                c.added_at
                            );
                        }
                    }
                }
            }
            NetworkCommand::PrivateNetwork { state } => {
                let allow = state == "on";
                wallet.set_allow_private_network(allow)?;
                say!("Private and loopback addresses: {}", if allow { "allowed" } else { "refused" });
            }
            NetworkCommand::Trust { files } => {
                for file in &files {
                    for c in wallet.trust_certificate_file(file)? {
                        say!("trusted   {}  {}  (valid until {})", c.id, c.name, c.valid_until);
                    }
                }
            }
            NetworkCommand::Distrust { id } => {
                let c = wallet.distrust_certificate(&id)?;
                say!("no longer trusted   {}  {}", c.id, c.name);
            }
        },
        Command::Cache(CacheCommand::Import { files, json }) => {
            let items = wallet.cache_import(&files)?;
            if json {
                print_json(&items)?;
            }
            let mut failed = 0;
            for item in &items {
                match &item.outcome {
                    rosette::CacheImportOutcome::Kept { id } if !json => say!("kept      {id}  ({})", item.source),
                    rosette::CacheImportOutcome::Failed { message } => {
                        failed += 1;
                        eprintln!("rosette: {}: {message}", item.source);
                    }
                    _ => {}
                }
            }
            if failed > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Cache(CacheCommand::List { json }) => {
            let documents = wallet.cached_documents()?;
            if json {
                print_json(&documents)?;
            } else if documents.is_empty() {
                say!("No documents kept. Add issuer documents with `rosette cache import FILE`.");
            } else {
                for d in documents {
                    let how = if d.origin == "fetched" { "fetched" } else { "imported by you" };
                    say!("{}  {how} on {}", d.id, d.obtained_at.get(..10).unwrap_or(&d.obtained_at));
                }
            }
        }
        Command::Cache(CacheCommand::Remove { ids }) => {
            for id in &ids {
                wallet.cache_remove(id)?;
                say!("forgotten {id}");
            }
        }
        Command::Check => {
            wallet.check_integrity()?;
            say!("portfolio is sound");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Verifies every input, prints the reports in input order, and turns the worst verdict
/// (or an unreadable input) into the exit status.
fn verify_inputs(
    wallet: &Wallet,
    inputs: &[String],
    options: &rosette::VerifyOptions,
    json: bool,
) -> anyhow::Result<ExitCode> {
    enum Loaded {
        Bytes(Vec<u8>),
        Stored,
        Unreadable(String),
    }
    let loaded: Vec<Loaded> = inputs
        .iter()
        .map(|input| {
            let path = std::path::Path::new(input);
            if is_link(input) && !wallet.is_online() {
                Loaded::Unreadable(
                    "verifying a link needs the network: add --online, or download the badge and verify the file"
                        .into(),
                )
            } else if is_link(input) {
                match wallet.fetch_linked_badge(input) {
                    Ok(bytes) => Loaded::Bytes(bytes),
                    Err(rosette::Error::Fetch(e)) if e.url == *input => Loaded::Unreadable(e.problem.to_string()),
                    Err(e) => Loaded::Unreadable(e.to_string()),
                }
            } else if path.exists() {
                match read_file(path) {
                    Ok(bytes) => Loaded::Bytes(bytes),
                    Err(e) => Loaded::Unreadable(format!("{e:#}")),
                }
            } else {
                Loaded::Stored
            }
        })
        .collect();
    // Verified on every core (offline); each report is printed as soon as it and every
    // earlier input are done, so the output keeps the input order.
    let mut badges = Vec::new();
    let mut unreadable = Vec::new();
    for (index, load) in loaded.into_iter().enumerate() {
        match load {
            Loaded::Bytes(bytes) => badges.push((index, rosette::BadgeInput::Bytes(bytes))),
            Loaded::Stored => badges.push((index, rosette::BadgeInput::Stored(inputs[index].clone()))),
            Loaded::Unreadable(message) => unreadable.push((index, message)),
        }
    }
    let (positions, badges): (Vec<usize>, Vec<rosette::BadgeInput>) = badges.into_iter().unzip();
    let mut unreadable = unreadable.into_iter().peekable();
    let mut worst = 0u8;
    let mut failure = None;
    let mut report_unreadable_before = |position: usize, worst: &mut u8| {
        while let Some((index, message)) = unreadable.next_if(|(index, _)| *index < position) {
            eprintln!("rosette: {}: {message}", inputs[index]);
            *worst = (*worst).max(EXIT_NO_INPUT);
        }
    };
    wallet.verify_each(badges, options, &mut |k, result| {
        let input = &inputs[positions[k]];
        report_unreadable_before(positions[k], &mut worst);
        match result {
            Ok(report) => match print_report(input, &report, json) {
                Ok(code) => worst = worst.max(code),
                Err(e) => {
                    failure.get_or_insert(e);
                }
            },
            Err(e) => {
                eprintln!("rosette: {input}: not a file, and {e}");
                worst = worst.max(EXIT_NO_INPUT);
            }
        }
    })?;
    report_unreadable_before(usize::MAX, &mut worst);
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(ExitCode::from(worst))
}

/// Prints one report (a JSON line, or text) and returns its exit status: 0 valid, 2
/// unknown, 1 anything else.
fn print_report(input: &str, report: &rosette::VerificationReport, json: bool) -> anyhow::Result<u8> {
    if json {
        let line = serde_json::to_string(&serde_json::json!({ "input": input, "report": report }))?;
        say!("{line}");
    } else {
        say!("{input}: {}", report.verdict.as_str());
        if let Some(name) = &report.issuer_name {
            say!("  issuer        {name} (self-declared name)");
        }
        for check in &report.checks {
            let mark = match check.outcome {
                rosette::Outcome::Passed => "ok  ",
                rosette::Outcome::Failed => "FAIL",
                rosette::Outcome::Warning => "warn",
                rosette::Outcome::Unknown => "??  ",
                _ => "-   ",
            };
            say!("  {mark} {:<16}{}", check.id.as_str(), check.detail);
        }
        say!("  checked as of {}", report.checked_at);
    }
    Ok(match report.verdict {
        rosette::Verdict::Valid => 0,
        rosette::Verdict::Unknown => 2,
        _ => 1,
    })
}

fn print_detail(d: &rosette::BadgeDetail) {
    let c = &d.credential;
    let line = |label: &str, value: Option<&str>| {
        if let Some(v) = value {
            say!("{label:<14}{v}");
        }
    };
    say!("{}", c.achievement.name);
    line("id", Some(&d.summary.id));
    line(
        "issuer",
        Some(&format!("{}{}", c.issuer.name, c.issuer.id.as_ref().map(|i| format!(" <{i}>")).unwrap_or_default())),
    );
    line("format", Some(&format!("Open Badges {} ({})", c.format.spec_version(), c.format.as_str())));
    line("issued", c.issued_on.as_deref());
    line("valid from", c.valid_from.as_deref());
    line("valid until", c.valid_until.as_deref());
    if let Some(r) = &c.recipient {
        let who = r.identity.as_deref().or(r.subject_id.as_deref()).unwrap_or("-");
        line("recipient", Some(&format!("{who}{}", if r.hashed { " (hashed)" } else { "" })));
    }
    line("description", c.achievement.description.as_deref());
    line("criteria", c.achievement.criteria_narrative.as_deref());
    line("criteria url", c.achievement.criteria_url.as_deref());
    for a in &c.achievement.alignments {
        line(
            "alignment",
            Some(&format!("{}{}", a.target_name, a.target_url.as_ref().map(|u| format!(" <{u}>")).unwrap_or_default())),
        );
    }
    for e in &c.evidence {
        line("evidence", e.name.as_deref().or(e.id.as_deref()).or(e.narrative.as_deref()));
    }
    for r in &c.results {
        line("result", r.value.as_deref().or(r.status.as_deref()).or(r.achieved_level.as_deref()));
    }
    for e in &c.endorsements {
        line("endorsement", e.issuer_name.as_deref().or(e.issuer_id.as_deref()).or(e.id.as_deref()));
    }
    if !d.user.tags.is_empty() {
        line("tags", Some(&d.user.tags.join(", ")));
    }
    if !d.user.collections.is_empty() {
        line("collections", Some(&d.user.collections.join(", ")));
    }
    line("visibility", Some(if d.user.visibility == Visibility::Shareable { "shareable" } else { "private" }));
    if !d.user.note.is_empty() {
        line("note", Some(&d.user.note));
    }
    line("imported", Some(&d.imported_at));
}
