//! Baking credentials into PNG files and reading them back, at chunk level.
//!
//! Pixels are never decoded: a PNG is a signature followed by chunks (length, type,
//! data, CRC). Baking copies every byte of every other chunk verbatim and inserts one
//! uncompressed `iTXt` chunk right after `IHDR`, so readers find it without walking
//! the image data; reading skips chunks by their length and only looks at the data of
//! text chunks. Chunk structure is always checked; the CRC is checked on the credential
//! chunk read and computed on the one written.

use super::{BakeError, Generation, Unbaked};

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// PNG keywords are 1–79 bytes; a credential keyword is one of these.
const KEYWORDS: [(&[u8], Generation); 2] =
    [(b"openbadges", Generation::Ob2), (b"openbadgecredential", Generation::Ob3)];

/// Whether `bytes` start like a PNG.
pub(crate) fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(SIGNATURE)
}

/// One chunk's position in the file.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    /// Offset of the length field.
    start: usize,
    /// Offset just past the CRC.
    end: usize,
    kind: [u8; 4],
}

impl Chunk {
    fn data<'a>(&self, png: &'a [u8]) -> &'a [u8] {
        &png[self.start + 8..self.end - 4]
    }
}

/// Walks the chunks, checking the structure: signature, IHDR first, lengths inside the
/// file, IEND last. Returns the chunks up to and including IEND.
fn chunks(png: &[u8]) -> Result<Vec<Chunk>, BakeError> {
    if !is_png(png) {
        return Err(BakeError::NotAnImage("no PNG signature"));
    }
    let mut out = Vec::with_capacity(16);
    let mut at = SIGNATURE.len();
    loop {
        if png.len() - at < 12 {
            return Err(BakeError::Png(format!("file ends inside a chunk header at byte {at} (no IEND)")));
        }
        let length = u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]) as usize;
        if length > 0x7fff_ffff {
            return Err(BakeError::Png(format!("chunk at byte {at} declares an impossible length")));
        }
        let kind = [png[at + 4], png[at + 5], png[at + 6], png[at + 7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(BakeError::Png(format!("chunk at byte {at} has an invalid type")));
        }
        let end = at.checked_add(12 + length).filter(|&end| end <= png.len()).ok_or_else(|| {
            BakeError::Png(format!("{} chunk at byte {at} runs past the end of the file", name(kind)))
        })?;
        if out.is_empty() && &kind != b"IHDR" {
            return Err(BakeError::Png("the first chunk is not IHDR".into()));
        }
        out.push(Chunk { start: at, end, kind });
        if &kind == b"IEND" {
            return Ok(out);
        }
        if out.len() > 1_000_000 {
            return Err(BakeError::Png("more than a million chunks".into()));
        }
        at = end;
    }
}

fn name(kind: [u8; 4]) -> String {
    String::from_utf8_lossy(&kind).into_owned()
}

/// The keyword of a text chunk, reading only its first bytes.
fn text_keyword(data: &[u8]) -> &[u8] {
    let head = &data[..data.len().min(80)];
    head.iter().position(|&b| b == 0).map_or(head, |nul| &head[..nul])
}

/// The credential keyword of a chunk, if it is a text chunk carrying one.
fn credential_keyword(png: &[u8], chunk: &Chunk) -> Option<Generation> {
    if !matches!(&chunk.kind, b"iTXt" | b"tEXt" | b"zTXt") {
        return None;
    }
    let keyword = text_keyword(chunk.data(png));
    KEYWORDS.iter().find(|(k, _)| *k == keyword).map(|(_, g)| *g)
}

/// Reads the credential baked into a PNG. `Ok(None)` when the PNG carries none.
pub(crate) fn unbake(png: &[u8]) -> Result<Option<Unbaked>, BakeError> {
    let chunks = chunks(png)?;
    let mut found = chunks.iter().filter_map(|c| credential_keyword(png, c).map(|g| (c, g)));
    let Some((chunk, generation)) = found.next() else { return Ok(None) };
    if found.next().is_some() {
        return Err(BakeError::Ambiguous("the PNG carries more than one credential chunk"));
    }
    let data = chunk.data(png);
    let crc = u32::from_be_bytes(png[chunk.end - 4..chunk.end].try_into().unwrap_or_default());
    if crc32fast::hash(&png[chunk.start + 4..chunk.end - 4]) != crc {
        return Err(BakeError::Png(format!("the {} credential chunk fails its CRC check", name(chunk.kind))));
    }
    let keyword_len = text_keyword(data).len();
    let rest = &data[(keyword_len + 1).min(data.len())..];
    let text = match &chunk.kind {
        b"zTXt" => return Err(BakeError::Compressed),
        b"tEXt" => rest,
        _ => {
            // iTXt: compression flag, compression method, language tag\0, translated keyword\0, text
            let [flag, _method, tail @ ..] = rest else {
                return Err(BakeError::Png("truncated iTXt chunk".into()));
            };
            if *flag != 0 {
                return Err(BakeError::Compressed);
            }
            let after_language = skip_past_nul(tail).ok_or_else(|| BakeError::Png("truncated iTXt chunk".into()))?;
            skip_past_nul(after_language).ok_or_else(|| BakeError::Png("truncated iTXt chunk".into()))?
        }
    };
    if text.len() > crate::formats::MAX_DOCUMENT_BYTES {
        return Err(BakeError::TooLarge);
    }
    let text = std::str::from_utf8(text).map_err(|_| BakeError::NotUtf8)?;
    Ok(Some(Unbaked::new(generation, text.to_owned())))
}

/// Reads the credential baked into a PNG file without reading its image data: only the
/// chunk headers are read (the structure is still checked up to IEND), plus the data of
/// text chunks. The credential chunk is then checked exactly as [`unbake`] does.
pub(crate) fn unbake_from<R: std::io::Read + std::io::Seek>(mut file: R) -> Result<Option<Unbaked>, BakeError> {
    use std::io::SeekFrom;
    let io = |e: std::io::Error| BakeError::Png(format!("cannot read the file: {e}"));
    let mut signature = [0u8; 8];
    file.read_exact(&mut signature).map_err(|_| BakeError::NotAnImage("no PNG signature"))?;
    if &signature != SIGNATURE {
        return Err(BakeError::NotAnImage("no PNG signature"));
    }
    let size = file.seek(SeekFrom::End(0)).map_err(io)?;
    let mut at: u64 = 8;
    // A minimal PNG rebuilt from the chunks that matter: IHDR, text chunks and IEND.
    let mut kept = SIGNATURE.to_vec();
    let mut count = 0usize;
    loop {
        if size.saturating_sub(at) < 12 {
            return Err(BakeError::Png(format!("file ends inside a chunk header at byte {at} (no IEND)")));
        }
        file.seek(SeekFrom::Start(at)).map_err(io)?;
        let mut header = [0u8; 8];
        file.read_exact(&mut header).map_err(io)?;
        let length = u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
        let kind = [header[4], header[5], header[6], header[7]];
        let end = at + 12 + length;
        if length > 0x7fff_ffff || end > size {
            return Err(BakeError::Png(format!("{} chunk at byte {at} runs past the end of the file", name(kind))));
        }
        let is_text = matches!(&kind, b"iTXt" | b"tEXt" | b"zTXt");
        if count == 0 || is_text || &kind == b"IEND" {
            if length as usize > crate::formats::MAX_DOCUMENT_BYTES + 1024 {
                return Err(BakeError::TooLarge);
            }
            let mut chunk = vec![0u8; 12 + length as usize];
            chunk[..8].copy_from_slice(&header);
            file.read_exact(&mut chunk[8..]).map_err(io)?;
            kept.extend_from_slice(&chunk);
        }
        count += 1;
        if &kind == b"IEND" {
            return unbake(&kept);
        }
        if count > 1_000_000 {
            return Err(BakeError::Png("more than a million chunks".into()));
        }
        at = end;
    }
}

fn skip_past_nul(bytes: &[u8]) -> Option<&[u8]> {
    bytes.iter().position(|&b| b == 0).map(|nul| &bytes[nul + 1..])
}

/// Bakes `credential` (the original text: JSON or a compact JWS) into a PNG. Any
/// credential chunk already there is replaced, so the result carries exactly one.
pub(crate) fn bake(png: &[u8], credential: &str, generation: Generation) -> Result<Vec<u8>, BakeError> {
    if credential.len() > crate::formats::MAX_DOCUMENT_BYTES {
        return Err(BakeError::TooLarge);
    }
    let chunks = chunks(png)?;
    let keyword: &[u8] = match generation {
        Generation::Ob2 => b"openbadges",
        Generation::Ob3 => b"openbadgecredential",
    };
    // iTXt data: keyword\0, compression flag 0, method 0, empty language\0, empty translated keyword\0, text.
    let data_len = keyword.len() + 5 + credential.len();
    let mut chunk = Vec::with_capacity(data_len + 12);
    chunk.extend_from_slice(&(data_len as u32).to_be_bytes());
    chunk.extend_from_slice(b"iTXt");
    chunk.extend_from_slice(keyword);
    chunk.extend_from_slice(&[0, 0, 0, 0, 0]);
    chunk.extend_from_slice(credential.as_bytes());
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());

    let mut out = Vec::with_capacity(png.len() + chunk.len());
    let ihdr_end = chunks[0].end;
    out.extend_from_slice(&png[..ihdr_end]);
    out.extend_from_slice(&chunk);
    // Copy the rest in as few spans as possible, leaving out old credential chunks.
    let mut span_start = ihdr_end;
    for c in &chunks[1..] {
        if credential_keyword(png, c).is_some() {
            out.extend_from_slice(&png[span_start..c.start]);
            span_start = c.end;
        }
    }
    out.extend_from_slice(&png[span_start..]);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal valid PNG (1×1 pixel) with `extra` chunks inserted before IEND.
    pub(crate) fn tiny_png(extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut png = SIGNATURE.to_vec();
        let mut push = |kind: &[u8; 4], data: &[u8]| {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            png.extend_from_slice(&body);
            png.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        };
        push(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
        push(b"IDAT", &[0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0x60, 0, 0, 0, 5, 0, 1]);
        for (kind, data) in extra {
            push(kind, data);
        }
        push(b"IEND", &[]);
        png
    }

    #[test]
    fn bake_then_unbake_returns_the_credential_and_keeps_other_bytes() {
        let png = tiny_png(&[]);
        let baked = bake(&png, "{\"id\":\"x\"}", Generation::Ob3).unwrap();
        let unbaked = unbake(&baked).unwrap().unwrap();
        assert_eq!(unbaked.text, "{\"id\":\"x\"}");
        assert_eq!(unbaked.generation, Generation::Ob3);
        // Removing the inserted chunk gives the original file back.
        let inserted = baked.len() - png.len();
        let ihdr_end = 8 + 25;
        let mut restored = baked[..ihdr_end].to_vec();
        restored.extend_from_slice(&baked[ihdr_end + inserted..]);
        assert_eq!(restored, png);
    }

    #[test]
    fn reading_from_a_file_skips_image_data_and_agrees_with_memory() {
        let png = tiny_png(&[(b"IDAT", &[7; 5000]), (b"tEXt", b"openbadges\0https://example.org/a/1")]);
        let baked = bake(&png, "{\"id\":\"x\"}", Generation::Ob3).unwrap();
        for file in [&png, &baked] {
            let from_file = unbake_from(std::io::Cursor::new(file.as_slice()));
            assert_eq!(from_file, unbake(file));
        }
        let truncated = &baked[..baked.len() - 6];
        assert!(unbake_from(std::io::Cursor::new(truncated)).is_err());
    }

    #[test]
    fn baking_twice_leaves_one_chunk() {
        let png = tiny_png(&[]);
        let once = bake(&png, "first", Generation::Ob2).unwrap();
        let twice = bake(&once, "second", Generation::Ob3).unwrap();
        let count = chunks(&twice).unwrap().iter().filter(|c| credential_keyword(&twice, c).is_some()).count();
        assert_eq!(count, 1);
        assert_eq!(unbake(&twice).unwrap().unwrap().text, "second");
    }

    #[test]
    fn legacy_text_chunk_before_iend_is_read() {
        let png = tiny_png(&[(b"tEXt", b"openbadges\0https://example.org/assertions/1")]);
        let unbaked = unbake(&png).unwrap().unwrap();
        assert_eq!(unbaked.text, "https://example.org/assertions/1");
        assert_eq!(unbaked.generation, Generation::Ob2);
    }

    #[test]
    fn damaged_and_ambiguous_files_are_refused() {
        let two = tiny_png(&[(b"tEXt", b"openbadges\0a"), (b"iTXt", b"openbadgecredential\0\0\0\0\0b")]);
        assert!(matches!(unbake(&two), Err(BakeError::Ambiguous(_))));
        let compressed = tiny_png(&[(b"zTXt", b"openbadges\0\0x")]);
        assert!(matches!(unbake(&compressed), Err(BakeError::Compressed)));
        let itxt_compressed = tiny_png(&[(b"iTXt", b"openbadges\0\x01\0\0\0x")]);
        assert!(matches!(unbake(&itxt_compressed), Err(BakeError::Compressed)));
        let mut bad_crc = tiny_png(&[(b"tEXt", b"openbadges\0a")]);
        let crc_at = bad_crc.len() - 12 - 1;
        bad_crc[crc_at] ^= 0xff;
        assert!(matches!(unbake(&bad_crc), Err(BakeError::Png(m)) if m.contains("CRC")));
        let mut too_long = tiny_png(&[]);
        too_long[8 + 25 + 3] = 0xf0; // IDAT length far beyond the file
        assert!(matches!(unbake(&too_long), Err(BakeError::Png(m)) if m.contains("past the end")));
        let truncated = &tiny_png(&[])[..40];
        assert!(unbake(truncated).is_err());
        let not_utf8 = tiny_png(&[(b"tEXt", b"openbadges\0\xff\xfe")]);
        assert!(matches!(unbake(&not_utf8), Err(BakeError::NotUtf8)));
        assert!(matches!(unbake(b"GIF89a"), Err(BakeError::NotAnImage(_))));
    }
}
