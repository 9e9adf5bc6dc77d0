//! The `rosette` command line: the wallet's operations from a terminal, with `--json`
//! output for scripts. Exit status 0 on success; otherwise a one-line reason on stderr
//! and a non-zero status (1 for failures, 2 for usage errors).

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand, ValueEnum};
use rosette::{ImportOutcome, ListQuery, RestoreOutcome, Visibility, Wallet};
use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// issuer files given alongside complete their assertions).
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
    /// Print (or save) the credential baked into a PNG or SVG image.
    Unbake {
        file: PathBuf,
        /// Write the credential to this file instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check the portfolio database for damage.
    Check,
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

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

fn date_part(date: Option<&String>) -> &str {
    date.map_or("-", |d| d.get(..10).unwrap_or(d))
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
        let bytes = read_file(file)?;
        let unbaked = rosette::unbake(&bytes)
            .with_context(|| format!("{}", file.display()))?
            .ok_or_else(|| anyhow::anyhow!("{}: no badge is baked into this image", file.display()))?;
        match out {
            Some(out) => rosette::write_atomically(out, unbaked.text.as_bytes())?,
            None => std::io::stdout().write_all(unbaked.text.as_bytes())?,
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
            let report = wallet.import_files(&files)?;
            if json {
                print_json(&report)?;
            } else {
                for item in &report.items {
                    match &item.outcome {
                        ImportOutcome::Imported { id, name } => println!("imported  {id}  {name}"),
                        ImportOutcome::Duplicate { id, name } => println!("already   {id}  {name}"),
                        ImportOutcome::Related { id } => println!("used      {}  ({id})", item.source),
                        ImportOutcome::Skipped { message } => println!("skipped   {}: {message}", item.source),
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
                println!("No badges. Import one with `rosette import FILE`.");
            } else {
                println!("{:<10} {:<10} {:<10} {:<40} ISSUER", "ID", "ISSUED", "EXPIRES", "NAME");
                for b in &page.items {
                    let name: String = b.name.chars().take(40).collect();
                    println!(
                        "{:<10} {:<10} {:<10} {:<40} {}{}",
                        b.id,
                        date_part(b.issued_on.as_ref()),
                        date_part(b.valid_until.as_ref()),
                        name,
                        b.issuer_name,
                        if b.tags.is_empty() { String::new() } else { format!("  [{}]", b.tags.join(", ")) }
                    );
                }
                if page.total as usize > page.items.len() {
                    println!("({} of {} shown)", page.items.len(), page.total);
                }
            }
        }
        Command::Show { id, json, original } => {
            if original {
                std::io::stdout().write_all(&wallet.original_bytes(&id)?)?;
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
                    println!("No collections. Create one with `rosette collection add NAME ID...`.");
                } else {
                    for c in collections {
                        println!("{:>5}  {}", c.count, c.name);
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
            println!("removed   {}  {name}", detail.summary.id);
        }
        Command::Export { out, json } => {
            let report = wallet.export(&out)?;
            if json {
                print_json(&report)?;
            } else {
                println!("exported {} badges to {} ({} bytes)", report.badges, report.path, report.bytes);
            }
        }
        Command::Restore { file, json } => {
            let report = wallet.restore(&file)?;
            if json {
                print_json(&report)?;
            } else {
                for item in &report.items {
                    match &item.outcome {
                        RestoreOutcome::Restored { id } => println!("restored  {id}  {}", item.name),
                        RestoreOutcome::Duplicate { id } => println!("already   {id}  {}", item.name),
                        RestoreOutcome::Failed { message } => {
                            eprintln!("rosette: {} ({}): {message}", item.id, item.name);
                        }
                        _ => {}
                    }
                }
                println!(
                    "{} restored, {} already present, {} failed",
                    report.restored, report.duplicates, report.failed
                );
            }
            if report.failed > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Bake { target, out, image } => {
            let image = image.as_deref().map(read_file).transpose()?;
            let path = std::path::Path::new(&target);
            let baked = if path.is_file() {
                let image = image.ok_or_else(|| anyhow::anyhow!("baking a credential file needs --image PNG|SVG"))?;
                rosette::bake_credential_file(&read_file(path)?, &image).with_context(|| target.clone())?
            } else {
                wallet.bake_badge(&target, image.as_deref())?
            };
            rosette::write_atomically(&out, &baked.bytes)?;
            println!("baked into {} ({} bytes)", out.display(), baked.bytes.len());
        }
        Command::Image { id, out, size, preset } => {
            let side = size.or_else(|| preset.and_then(|p| rosette::PicturePreset::from(p).side()));
            let picture = wallet.badge_picture(&id, side)?;
            rosette::write_atomically(&out, &picture.bytes)?;
            println!("saved {} ({} bytes)", out.display(), picture.bytes.len());
        }
        Command::Unbake { .. } => unreachable!("handled before the portfolio is opened"),
        Command::Check => {
            wallet.check_integrity()?;
            println!("portfolio is sound");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_detail(d: &rosette::BadgeDetail) {
    let c = &d.credential;
    let line = |label: &str, value: Option<&str>| {
        if let Some(v) = value {
            println!("{label:<14}{v}");
        }
    };
    println!("{}", c.achievement.name);
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
