//! Getting a badge out into the world: pictures to download and QR codes.

mod picture;
mod qr;

pub use picture::{render_png, PictureError, PicturePreset, MAX_PICTURE_SIDE, MIN_PICTURE_SIDE};
pub use qr::{qr_png, qr_svg, QrError, QrErrorCorrection};
