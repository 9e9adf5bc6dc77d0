//! Baked badges: a credential carried inside the badge image (PNG `iTXt`, SVG element),
//! as the Open Badges 2.0 and 3.0 baking rules describe.
//!
//! Both directions, both generations, both image types. Work is structural only: PNG at
//! chunk level (`png`), SVG through an XML parser with entities off (`svg`). The
//! credential text is carried byte for byte; it is never re-serialized.

mod png;
mod svg;

use serde::{Deserialize, Serialize};

/// Which Open Badges generation a baked credential belongs to (it decides the PNG
/// keyword and the SVG element and namespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Generation {
    /// Open Badges 2.0: PNG keyword `openbadges`, SVG `<openbadges:assertion>`.
    Ob2,
    /// Open Badges 3.0: PNG keyword `openbadgecredential`, SVG `<openbadges:credential>`.
    Ob3,
}

/// What a baked image carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BakedPayload {
    /// The credential or assertion as JSON.
    Json,
    /// A compact JWS (OB 2.0 signed assertion or OB 3.0 VC-JWT).
    Jws,
    /// Only the URL of a hosted OB 2.0 assertion (legacy).
    HostedUrl,
}

/// A credential read from an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbaked {
    pub generation: Generation,
    pub payload: BakedPayload,
    /// The credential text exactly as carried (JSON, compact JWS or URL).
    pub text: String,
}

impl Unbaked {
    fn new(generation: Generation, text: String) -> Self {
        let start = text.trim_start();
        let payload = if start.starts_with('{') {
            BakedPayload::Json
        } else if start.starts_with("http://") || start.starts_with("https://") {
            BakedPayload::HostedUrl
        } else {
            BakedPayload::Jws
        };
        Self { generation, payload, text }
    }
}

/// The image types that carry baked badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ImageKind {
    Png,
    Svg,
}

impl ImageKind {
    /// Recognises a PNG or SVG from its first bytes.
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if png::is_png(bytes) {
            Some(Self::Png)
        } else if svg::is_svg(bytes) {
            Some(Self::Svg)
        } else {
            None
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Svg => "image/svg+xml",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }
}

/// Why an image could not be baked or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BakeError {
    #[error("not a PNG or SVG image ({0})")]
    NotAnImage(&'static str),
    #[error("damaged PNG: {0}")]
    Png(String),
    #[error("unreadable SVG: {0}")]
    Svg(String),
    #[error("ambiguous baked badge: {0}")]
    Ambiguous(&'static str),
    #[error("the baked credential is compressed, which the baking rules do not allow")]
    Compressed,
    #[error("the baked credential is not UTF-8 text")]
    NotUtf8,
    #[error("the credential or image is larger than Rosette reads")]
    TooLarge,
}

/// Reads the credential baked into a PNG or SVG. `Ok(None)` when the image carries none.
pub fn unbake(image: &[u8]) -> Result<Option<Unbaked>, BakeError> {
    match ImageKind::of(image) {
        Some(ImageKind::Png) => png::unbake(image),
        Some(ImageKind::Svg) => svg::unbake(image),
        None => Err(BakeError::NotAnImage("unrecognised file type")),
    }
}

/// Reads the credential baked into an image file. PNG files are read at chunk level
/// without loading their image data; SVG files are read whole (up to the SVG limit).
pub fn unbake_file(path: &std::path::Path) -> crate::Result<Option<Unbaked>> {
    let io = |e| crate::Error::io(path, e);
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut head = [0u8; 8];
    let read = std::io::Read::read(&mut file, &mut head).map_err(io)?;
    if png::is_png(&head[..read]) {
        std::io::Seek::rewind(&mut file).map_err(io)?;
        return Ok(png::unbake_from(std::io::BufReader::new(file))?);
    }
    let size = file.metadata().map_err(io)?.len();
    if size > svg::MAX_SVG_BYTES as u64 {
        return Err(BakeError::TooLarge.into());
    }
    Ok(unbake(&std::fs::read(path).map_err(io)?)?)
}

/// Bakes a credential's original text into a PNG or SVG, replacing any credential the
/// image already carries. `verify_url` is the hosted URL written beside OB 2.0 JSON in
/// SVG (ignored otherwise).
pub fn bake(
    image: &[u8],
    credential: &str,
    generation: Generation,
    verify_url: Option<&str>,
) -> Result<Vec<u8>, BakeError> {
    match ImageKind::of(image) {
        Some(ImageKind::Png) => png::bake(image, credential, generation),
        Some(ImageKind::Svg) => svg::bake(image, credential, generation, verify_url),
        None => Err(BakeError::NotAnImage("unrecognised file type")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// unbake(bake(image, c)) == c, and the image data chunks are untouched.
        #[test]
        fn png_round_trip_law(
            idat in proptest::collection::vec(any::<u8>(), 0..2048),
            credential in "[ -~]{1,400}",
            ob3 in any::<bool>(),
        ) {
            let png = png::tests::tiny_png(&[(b"IDAT", &idat)]);
            let generation = if ob3 { Generation::Ob3 } else { Generation::Ob2 };
            let baked = bake(&png, &credential, generation, None).unwrap();
            let unbaked = unbake(&baked).unwrap().unwrap();
            prop_assert_eq!(unbaked.text, credential);
            prop_assert!(baked.windows(idat.len().max(1)).any(|w| idat.is_empty() || w == idat.as_slice()));
            let again = bake(&baked, "{\"id\":1}", generation, None).unwrap();
            prop_assert_eq!(again.len(), png.len() + 12 + 5 + "{\"id\":1}".len() + if ob3 { 19 } else { 10 });
        }

        #[test]
        fn svg_round_trip_law(credential in "\\{[ -~\n]{0,300}\\}\n?") {
            let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>"#;
            let baked = bake(svg, &credential, Generation::Ob3, None).unwrap();
            prop_assert_eq!(unbake(&baked).unwrap().unwrap().text, credential);
        }
    }
}

/// A badge baked into its image, ready to save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BakedImage {
    pub bytes: Vec<u8>,
    pub kind: ImageKind,
    /// A file name made from the achievement name, e.g. `rust-fundamentals.png`.
    pub file_name: String,
}

/// What baking a stored badge needs: its credential text and a picture to carry it.
struct BakeSource {
    credential: String,
    picture: Option<Vec<u8>>,
    generation: Generation,
    verify_url: Option<String>,
    name: String,
}

impl BakeSource {
    fn bake_into(&self, picture: &[u8], suffix: &str) -> crate::Result<BakedImage> {
        let bytes = bake(picture, &self.credential, self.generation, self.verify_url.as_deref())?;
        let kind = ImageKind::of(&bytes).unwrap_or(ImageKind::Png);
        Ok(BakedImage { file_name: format!("{}{suffix}.{}", slug(&self.name), kind.extension()), bytes, kind })
    }

    fn own_picture(&self) -> crate::Result<&[u8]> {
        self.picture.as_deref().ok_or_else(|| {
            crate::Error::InvalidInput("this badge has no PNG or SVG image of its own to bake into; give one".into())
        })
    }
}

fn generation_of(credential: &crate::model::Credential) -> (Generation, Option<String>) {
    let generation = if credential.format.spec_version() == "2.0" { Generation::Ob2 } else { Generation::Ob3 };
    // OB 2.0 SVG baking writes the hosted assertion URL beside the JSON.
    let verify_url = credential.id.clone().filter(|id| id.starts_with("https://") && generation == Generation::Ob2);
    (generation, verify_url)
}

impl crate::wallet::Wallet {
    fn bake_source(&self, id: &str) -> crate::Result<BakeSource> {
        let row = self.resolve(id)?;
        let stored = self.store.get(row)?;
        let (credential, baked_picture) = match ImageKind::of(&stored.original) {
            Some(_) => {
                let unbaked = unbake(&stored.original)?
                    .ok_or_else(|| crate::Error::InvalidInput("the stored image no longer carries its badge".into()))?;
                (unbaked.text, Some(stored.original.clone()))
            }
            None => (
                String::from_utf8(stored.original.clone())
                    .map_err(|_| crate::Error::InvalidInput("the stored credential is not text".into()))?,
                None,
            ),
        };
        let picture = match baked_picture {
            Some(picture) => Some(picture),
            None => match &stored.image_hash {
                Some(hash) => self.store.image(hash)?.map(|(_, bytes)| bytes),
                None => None,
            },
        };
        let (generation, verify_url) = generation_of(&stored.credential);
        Ok(BakeSource { credential, picture, generation, verify_url, name: stored.credential.achievement.name })
    }

    /// Bakes a stored badge's original credential text into an image: `image` when
    /// given, else the image the badge came baked in, else its stored achievement image
    /// (when that is a PNG or SVG).
    ///
    /// `format` converts the picture first when it is of the other type: an SVG is
    /// rasterized to PNG; a PNG is wrapped in an SVG (as an embedded image).
    pub fn bake_badge(&self, id: &str, image: Option<&[u8]>, format: Option<ImageKind>) -> crate::Result<BakedImage> {
        let source = self.bake_source(id)?;
        let picture = match image {
            Some(image) => image,
            None => source.own_picture()?,
        };
        source.bake_into(&convert_picture(picture, format)?, "")
    }

    /// The badge's picture as a PNG with the credential baked in, at the original size or
    /// with its longer side `side` pixels. SVG and other raster types are converted.
    pub fn badge_picture(&self, id: &str, side: Option<u32>) -> crate::Result<BakedImage> {
        let source = self.bake_source(id)?;
        let png = crate::share::render_png(source.own_picture()?, side)?;
        source.bake_into(&png, &side.map(|s| format!("-{s}px")).unwrap_or_default())
    }
}

/// The picture in the requested image type (unchanged when it already is, or when no
/// type is requested).
fn convert_picture(picture: &[u8], format: Option<ImageKind>) -> crate::Result<std::borrow::Cow<'_, [u8]>> {
    let current = ImageKind::of(picture);
    Ok(match (current, format) {
        (Some(ImageKind::Svg), Some(ImageKind::Png)) => crate::share::render_png(picture, None)?.into(),
        (Some(ImageKind::Png), Some(ImageKind::Svg)) => png_in_svg(picture)?.into_bytes().into(),
        _ => picture.into(),
    })
}

/// An SVG document showing a PNG at its own size (the PNG embedded as a `data:` URL).
fn png_in_svg(png: &[u8]) -> crate::Result<String> {
    use base64::Engine as _;
    let size = |at: usize| png.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    let (Some(width), Some(height)) = (size(16), size(20)) else {
        return Err(BakeError::Png("no IHDR size".into()).into());
    };
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\
<image width=\"{width}\" height=\"{height}\" href=\"data:image/png;base64,{data}\"/></svg>\n"
    ))
}

/// A file-name-safe form of a badge name.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 60 {
            break;
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "badge".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Bakes a credential file that is not in the portfolio into `image`. The credential is
/// read first (so only a badge Rosette understands is baked), then carried byte for byte.
pub fn bake_credential_file(credential: &[u8], image: &[u8], format: Option<ImageKind>) -> crate::Result<BakedImage> {
    let parsed = crate::formats::parse(credential, &crate::formats::RelatedDocuments::default())?;
    let text = match ImageKind::of(credential) {
        Some(_) => unbake(credential)?.map(|u| u.text).unwrap_or_default(),
        None => String::from_utf8(credential.to_vec())
            .map_err(|_| crate::Error::InvalidInput("the credential is not text".into()))?,
    };
    let (generation, verify_url) = generation_of(&parsed.credential);
    let source = BakeSource {
        credential: text,
        picture: None,
        generation,
        verify_url,
        name: parsed.credential.achievement.name,
    };
    source.bake_into(&convert_picture(image, format)?, "")
}
