//! Getting a badge out into the world: pictures to download, QR codes, LinkedIn links
//! and the email-signature snippet. Nothing here opens a link or touches the network.

mod email;
mod linkedin;
mod picture;
mod qr;

pub use email::{email_signature, EmailSignature, SignatureImage, SIGNATURE_IMAGE_WIDTH};
pub use linkedin::{linkedin_share, public_page, LinkedInField, LinkedInShare, OrganizationSource};
pub use picture::{render_png, PictureError, PicturePreset, MAX_PICTURE_SIDE, MIN_PICTURE_SIDE};
pub use qr::{qr_png, qr_svg, QrError, QrErrorCorrection};
