//! Baked pictures and sharing through the CLI: `bake`, `unbake`, `image`, `share`,
//! `qr` and `issuer set-linkedin`. QR codes are read back by an independent decoder
//! (zbarimg from the zbar tools), SVG ones after rasterizing them with librsvg's rsvg-convert.

use crate::common::{fixture, fixture_bytes, oracle, Home};
use std::path::Path;
use std::process::Command;

fn rosette_bare(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rosette")).args(args).output().expect("run rosette")
}

fn png_size(png: &[u8]) -> (u32, u32) {
    (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()))
}

/// Decodes a QR code image with zbarimg; `None` outside CI when the decoder is not
/// installed (`scripts/setup.sh --test` installs it; under CI its absence fails).
fn zbar_decode(image: &Path) -> Option<String> {
    let out = oracle(
        Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(image)
            .output()
            .map_err(|e| format!("zbarimg is not installed ({e}); scripts/setup.sh --test installs zbar-tools")),
    )?;
    assert!(
        out.status.success(),
        "zbarimg could not read {}: {}",
        image.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap().trim_end().to_owned())
}

#[test]
fn baked_pictures_carry_the_original_bytes_at_every_size() {
    let home = Home::new();
    let ids = home.import_new(&[fixture("ob3-vc2-eddsa-rdfc-2022.json")]);
    let out = home.path().join("pictures");
    std::fs::create_dir_all(&out).unwrap();
    for (args, side) in
        [(vec!["--preset", "email-signature"], 120), (vec!["--preset", "slide"], 600), (vec!["--size", "300"], 300)]
    {
        let file = out.join(format!("{side}.png"));
        let mut cmd = vec!["image", ids[0].as_str(), "--out", file.to_str().unwrap()];
        cmd.extend(args);
        home.run(&cmd).success();
        let png = std::fs::read(&file).unwrap();
        assert_eq!(png_size(&png), (side, side));
        let unbaked = rosette_bare(&["unbake".as_ref(), file.as_os_str()]);
        assert!(unbaked.status.success());
        assert_eq!(unbaked.stdout, fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json"));
    }
    // A picture baked by Rosette imports as the same badge (a duplicate).
    let report = home.import(&[out.join("120.png")]);
    assert_eq!(report["items"][0]["outcome"]["status"], "duplicate", "{report:#}");
    let bad = home.run(["image", &ids[0], "--out", out.join("x.png").to_str().unwrap(), "--size", "5"]).failure();
    assert!(bad.stderr.contains("between 16 and 4096"), "{}", bad.stderr);
}

#[test]
fn baked_files_import_verbatim_and_rebake_into_svg() {
    let home = Home::new();
    let dir = home.path().join("files");
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("plain.svg");
    std::fs::write(&svg, r#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="teal"/></svg>"#).unwrap();
    for credential in ["ob2-signed.jws", "ob3-vc2-jwt-eddsa.jwt", "ob3-vc1-ed25519-2020.json"] {
        let baked = dir.join(format!("{credential}.svg"));
        home.run([
            "bake",
            fixture(credential).to_str().unwrap(),
            "--image",
            svg.to_str().unwrap(),
            "--out",
            baked.to_str().unwrap(),
        ])
        .success();
        let unbaked = rosette_bare(&["unbake".as_ref(), baked.as_os_str()]);
        assert_eq!(unbaked.stdout, fixture_bytes(credential), "{credential}");
        let ids = home.import_new(&[&baked]);
        // The original kept is the baked file itself, byte for byte.
        assert_eq!(home.original(&ids[0]), std::fs::read(&baked).unwrap());
        assert_eq!(home.show(&ids[0])["original"]["bakedIn"], "svg");
    }
    let plain = home.import(&[&svg]);
    assert!(plain["items"][0]["outcome"]["message"].as_str().unwrap().contains("without a baked badge"), "{plain:#}");
}

#[test]
fn linkedin_links_use_saved_organization_ids_and_encode_every_value() {
    let home = Home::new();
    let ids = home.import_new(&[fixture("ob2-assertion-embedded.json")]);
    let share = home.json(["share", ids[0].as_str(), "--linkedin", "--json"]);
    let url = share["addToProfileUrl"].as_str().unwrap();
    assert!(
        url.starts_with("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Community+Mentor"),
        "{url}"
    );
    assert!(url.contains("organizationName=Example+Makerspace"), "{url}");
    assert_eq!(share["organizationSource"], "name");
    let bad = home.run(["issuer", "set-linkedin", "Example Makerspace", "12ab"]).failure();
    assert!(bad.stderr.contains("not a LinkedIn organization id"), "{}", bad.stderr);
    home.run(["issuer", "set-linkedin", "example makerspace", "1337"]).success();
    let share = home.json(["share", ids[0].as_str(), "--linkedin", "--json"]);
    assert!(share["addToProfileUrl"].as_str().unwrap().contains("organizationId=1337"));
    assert_eq!(share["organizationSource"], "saved");
    let post = home.json(["share", ids[0].as_str(), "--linkedin-post", "--json"]);
    assert_eq!(
        post["postUrl"],
        "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fbadges.example.org%2Fassertions%2F123"
    );
    let unknown = home.run(["issuer", "set-linkedin", "Nobody", "1"]).failure();
    assert!(unknown.stderr.contains("no issuer"), "{}", unknown.stderr);
}

#[test]
fn email_signature_escapes_and_says_what_is_missing() {
    let home = Home::new();
    let ids = home.import_new(&[fixture("ob3-vc2-eddsa-rdfc-2022.json")]);
    let signature = home.json(["share", ids[0].as_str(), "--email-signature", "--json", "--image-file", "badge.png"]);
    let html = signature["html"].as_str().unwrap();
    assert!(html.starts_with("<img src=\"file:///"), "{html}");
    assert!(html.contains("badge.png"), "{html}");
    // The fixture's credential id is a urn, so there is no public page to link to.
    assert!(signature["notes"][0].as_str().unwrap().contains("no public web page"), "{signature:#}");
    let text = home.run(["share", ids[0].as_str(), "--email-signature", "--text"]);
    assert_eq!(text.code, Some(0));
    assert_eq!(text.stdout_text().trim_end(), "Rust Fundamentals — Example Society of Engineers");
    // What is missing is said on stderr, as notes.
    assert!(text.stderr_lines().iter().all(|l| l.starts_with("note: ")), "{}", text.stderr);
}

#[test]
fn qr_codes_decode_to_the_public_page() {
    let home = Home::new();
    let ids = home.import_new(&[fixture("ob2-assertion-embedded.json"), fixture("ob3-vc2-eddsa-rdfc-2022.json")]);
    let png = home.path().join("qr.png");
    home.run(["qr", ids[0].as_str(), "--out", png.to_str().unwrap(), "--size", "300", "--ecc", "H"]).success();
    let bytes = std::fs::read(&png).unwrap();
    assert!(png_size(&bytes).0 >= 300);
    if let Some(text) = zbar_decode(&png) {
        assert_eq!(text, "https://badges.example.org/assertions/123");
    }
    let svg = home.path().join("qr.svg");
    home.run(["qr", ids[0].as_str(), "--out", svg.to_str().unwrap()]).success();
    let rasterized = home.path().join("qr-svg.png");
    let rsvg = Command::new("rsvg-convert").arg("-o").arg(&rasterized).arg(&svg).status();
    if let Some(status) = oracle(
        rsvg.map_err(|e| format!("rsvg-convert is not installed ({e}); scripts/setup.sh --test installs librsvg2-bin")),
    ) {
        assert!(status.success(), "rsvg-convert could not rasterize the SVG QR code");
        if let Some(text) = zbar_decode(&rasterized) {
            assert_eq!(text, "https://badges.example.org/assertions/123");
        }
    }
    let none = home.run(["qr", ids[1].as_str(), "--out", home.path().join("no.png").to_str().unwrap()]).failure();
    assert!(none.stderr.contains("no public web page"), "{}", none.stderr);
}

#[test]
fn bake_converts_between_png_and_svg_on_request() {
    let home = Home::new();
    let ids = home.import_new(&[fixture("ob3-vc2-eddsa-rdfc-2022.json")]);
    let svg = home.path().join("badge.svg");
    home.run(["bake", ids[0].as_str(), "--out", svg.to_str().unwrap(), "--format", "svg"]).success();
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    let unbaked = rosette_bare(&["unbake".as_ref(), svg.as_os_str()]);
    assert_eq!(unbaked.stdout, fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json"));
    // And back: the SVG is rasterized, the credential carried again byte for byte.
    let png = home.path().join("again.png");
    let file = fixture("ob3-vc2-eddsa-rdfc-2022.json");
    home.run([
        "bake",
        file.to_str().unwrap(),
        "--image",
        svg.to_str().unwrap(),
        "--format",
        "png",
        "--out",
        png.to_str().unwrap(),
    ])
    .success();
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    assert_eq!(png_size(&bytes), (64, 64));
    let unbaked = rosette_bare(&["unbake".as_ref(), png.as_os_str()]);
    assert_eq!(unbaked.stdout, fixture_bytes("ob3-vc2-eddsa-rdfc-2022.json"));
}
