//! QR codes of share links, as PNG or SVG, with the standard quiet zone (4 modules).
//! A QR code holds at most 2,953 bytes (version 40, level L); more is a clear error.

use serde::{Deserialize, Serialize};

/// Error-correction level: how much of the code may be damaged and still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum QrErrorCorrection {
    /// About 7 %.
    L,
    /// About 15 % (the default).
    #[default]
    M,
    /// About 25 %.
    Q,
    /// About 30 %: for print and posters.
    H,
}

impl QrErrorCorrection {
    fn level(self) -> qrcode::EcLevel {
        match self {
            Self::L => qrcode::EcLevel::L,
            Self::M => qrcode::EcLevel::M,
            Self::Q => qrcode::EcLevel::Q,
            Self::H => qrcode::EcLevel::H,
        }
    }
}

/// Why a QR code could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QrError {
    #[error(
        "{bytes} bytes do not fit in a QR code at level {level:?} (a link fits; a whole credential usually does not)"
    )]
    TooLong { bytes: usize, level: QrErrorCorrection },
    #[error("the QR code size must be between 64 and 4096 pixels")]
    BadSize,
    #[error("the QR code cannot be written: {0}")]
    Encode(String),
    #[error("the image cannot be read for a QR code: {0}")]
    Decode(String),
}

fn encode(text: &str, level: QrErrorCorrection) -> Result<qrcode::QrCode, QrError> {
    qrcode::QrCode::with_error_correction_level(text.as_bytes(), level.level())
        .map_err(|_| QrError::TooLong { bytes: text.len(), level })
}

/// A PNG of the QR code at least `side` pixels wide (whole modules, quiet zone included).
pub fn qr_png(text: &str, side: u32, level: QrErrorCorrection) -> Result<Vec<u8>, QrError> {
    if !(64..=4096).contains(&side) {
        return Err(QrError::BadSize);
    }
    let code = encode(text, level)?;
    let image = code.render::<image::Luma<u8>>().quiet_zone(true).min_dimensions(side, side).build();
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).map_err(|e| QrError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}

/// An SVG of the QR code, `side` pixels wide (scalable), quiet zone included.
pub fn qr_svg(text: &str, side: u32, level: QrErrorCorrection) -> Result<String, QrError> {
    if !(64..=4096).contains(&side) {
        return Err(QrError::BadSize);
    }
    let code = encode(text, level)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(side, side)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// Reads the first QR code in a raster image (a screenshot or photo of someone's QR).
/// `Ok(None)` when the image holds none.
pub fn read_qr(image: &[u8]) -> Result<Option<String>, QrError> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(image))
        .with_guessed_format()
        .map_err(|e| QrError::Decode(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(8192);
    limits.max_image_height = Some(8192);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let luma = reader.decode().map_err(|e| QrError::Decode(e.to_string()))?.to_luma8();
    let (width, height) = luma.dimensions();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width as usize, height as usize, |x, y| {
        luma.get_pixel(x as u32, y as u32).0[0]
    });
    for grid in prepared.detect_grids() {
        if let Ok((_, text)) = grid.decode() {
            return Ok(Some(text));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_fits_and_credential_sized_text_does_not() {
        let png = qr_png("https://example.org/badges/1", 256, QrErrorCorrection::M).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let svg = qr_svg("https://example.org/badges/1", 256, QrErrorCorrection::H).unwrap();
        assert!(svg.contains("<svg"));
        let long = "x".repeat(3000);
        assert!(matches!(qr_png(&long, 256, QrErrorCorrection::L), Err(QrError::TooLong { bytes: 3000, .. })));
        assert_eq!(qr_png("a", 10, QrErrorCorrection::L), Err(QrError::BadSize));
    }

    #[test]
    fn what_is_written_reads_back() {
        for level in [QrErrorCorrection::L, QrErrorCorrection::H] {
            let png = qr_png("https://example.org/badges/1?x=é", 200, level).unwrap();
            assert_eq!(read_qr(&png).unwrap().as_deref(), Some("https://example.org/badges/1?x=é"));
        }
        let blank = qr_png("x", 64, QrErrorCorrection::L).unwrap();
        assert!(read_qr(&blank).unwrap().is_some());
        assert!(matches!(read_qr(b"not an image"), Err(QrError::Decode(_))));
    }
}
