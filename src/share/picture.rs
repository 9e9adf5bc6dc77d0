//! Badge pictures to download: the badge image as a PNG at the size an email signature,
//! a slide or a print needs, with the credential baked in.
//!
//! Raster images are resized with a Lanczos filter (aspect ratio kept, fitted into a
//! square of the requested size); SVG badges are rasterized with resvg, since email
//! clients do not show SVG. Untrusted SVG may not reach the file system: `<image>`
//! references are resolved only from `data:` URLs. Decoding has size limits.

use crate::bake::ImageKind;
use serde::{Deserialize, Serialize};

/// Largest side of a picture Rosette produces.
pub const MAX_PICTURE_SIDE: u32 = 4096;
/// Smallest side of a picture Rosette produces.
pub const MIN_PICTURE_SIDE: u32 = 16;

/// Named sizes offered to the earner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PicturePreset {
    /// The image as the badge carries it (SVG rasterized at its own size).
    Original,
    /// 120 px: fits beside an email signature.
    EmailSignature,
    /// 600 px: a slide or a web page.
    Slide,
    /// 2000 px: print.
    Print,
}

/// A preset with its size, as offered in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PresetSize {
    pub preset: PicturePreset,
    /// Longer side in pixels; `None` for the original size.
    pub side: Option<u32>,
}

impl PicturePreset {
    /// Every preset with its size, smallest first.
    pub fn all() -> Vec<PresetSize> {
        [Self::EmailSignature, Self::Slide, Self::Print, Self::Original]
            .into_iter()
            .map(|preset| PresetSize { preset, side: preset.side() })
            .collect()
    }

    /// The side in pixels, `None` for the original size.
    pub fn side(self) -> Option<u32> {
        match self {
            Self::Original => None,
            Self::EmailSignature => Some(120),
            Self::Slide => Some(600),
            Self::Print => Some(2000),
        }
    }
}

/// Why a picture could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PictureError {
    #[error("the size must be between {MIN_PICTURE_SIDE} and {MAX_PICTURE_SIDE} pixels")]
    BadSize,
    #[error("the badge image cannot be read: {0}")]
    Decode(String),
    #[error("the picture cannot be written: {0}")]
    Encode(String),
}

/// Renders `image` (PNG, JPEG, GIF, WebP or SVG) as a PNG whose longer side is `side`
/// pixels (`None`: the image's own size; a PNG is then returned unchanged).
pub fn render_png(image: &[u8], side: Option<u32>) -> Result<Vec<u8>, PictureError> {
    if let Some(side) = side {
        if !(MIN_PICTURE_SIDE..=MAX_PICTURE_SIDE).contains(&side) {
            return Err(PictureError::BadSize);
        }
    }
    match ImageKind::of(image) {
        Some(ImageKind::Svg) => rasterize_svg(image, side),
        Some(ImageKind::Png) if side.is_none() => Ok(image.to_vec()),
        _ => resize_raster(image, side),
    }
}

fn resize_raster(image: &[u8], side: Option<u32>) -> Result<Vec<u8>, PictureError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(image))
        .with_guessed_format()
        .map_err(|e| PictureError::Decode(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| PictureError::Decode(e.to_string()))?;
    let resized = match side {
        Some(side) => decoded.resize(side, side, image::imageops::FilterType::Lanczos3),
        None => decoded,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    resized.write_to(&mut out, image::ImageFormat::Png).map_err(|e| PictureError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

fn rasterize_svg(svg: &[u8], side: Option<u32>) -> Result<Vec<u8>, PictureError> {
    let mut options = resvg::usvg::Options {
        resources_dir: None,
        image_href_resolver: resvg::usvg::ImageHrefResolver {
            resolve_data: resvg::usvg::ImageHrefResolver::default_data_resolver(),
            // Never read files or URLs named by an untrusted SVG.
            resolve_string: Box::new(|_, _| None),
        },
        ..resvg::usvg::Options::default()
    };
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_data(svg, &options).map_err(|e| PictureError::Decode(e.to_string()))?;
    let intrinsic = tree.size();
    let longer = intrinsic.width().max(intrinsic.height());
    let target = side.map_or(longer, |s| s as f32).clamp(MIN_PICTURE_SIDE as f32, MAX_PICTURE_SIDE as f32);
    let scale = target / longer;
    let width = (intrinsic.width() * scale).round().max(1.0) as u32;
    let height = (intrinsic.height() * scale).round().max(1.0) as u32;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(width, height).ok_or_else(|| PictureError::Encode("empty picture".into()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| PictureError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_size(png: &[u8]) -> (u32, u32) {
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (w, h)
    }

    fn sample_png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn raster_is_fitted_into_the_requested_square() {
        let png = sample_png(300, 150);
        assert_eq!(png_size(&render_png(&png, Some(120)).unwrap()), (120, 60));
        assert_eq!(render_png(&png, None).unwrap(), png);
        assert_eq!(render_png(&png, Some(5)), Err(PictureError::BadSize));
    }

    #[test]
    fn svg_is_rasterized_and_cannot_read_files() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="50" height="100"><rect width="50" height="100" fill="red"/><image xlink:href="/etc/hostname" width="10" height="10"/></svg>"#;
        let png = render_png(svg, Some(200)).unwrap();
        assert_eq!(png_size(&png), (100, 200));
    }

    #[test]
    fn garbage_is_a_clear_error() {
        assert!(matches!(render_png(b"not an image", Some(100)), Err(PictureError::Decode(_))));
    }
}
