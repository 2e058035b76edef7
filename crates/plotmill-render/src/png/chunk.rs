//! PNG's container: the signature and chunks (length, type, data, CRC-32).

/// Every PNG file's first eight bytes.
pub(super) const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The largest chunk PNG allows (2^31 - 1 bytes of data).
pub(super) const MAX_CHUNK: usize = i32::MAX as usize;

/// Appends one PNG chunk: length, type, data, CRC of type and data.
pub(super) fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// The IHDR chunk's data: the size, 8 bits per channel, RGB (2) or RGBA
/// (6), deflate, adaptive filters, no interlace.
pub(super) fn header(width: u32, height: u32, opaque: bool) -> [u8; 13] {
    let mut ihdr = [0u8; 13];
    ihdr[..4].copy_from_slice(&width.to_be_bytes());
    ihdr[4..8].copy_from_slice(&height.to_be_bytes());
    ihdr[8..].copy_from_slice(&[8, if opaque { 2 } else { 6 }, 0, 0, 0]);
    ihdr
}

/// The pHYs chunk's data: `dpi` as pixels per metre, both ways.
pub(super) fn physical(dpi: f64) -> [u8; 9] {
    let ppm = (dpi / 0.0254).round() as u32;
    let mut phys = [1u8; 9];
    phys[..4].copy_from_slice(&ppm.to_be_bytes());
    phys[4..8].copy_from_slice(&ppm.to_be_bytes());
    phys
}
