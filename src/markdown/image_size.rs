//! The width and height of a local image, read from its file's header at
//! build time, so the page keeps the image's place before it loads.

use std::io::Read;
use std::path::Path;

/// What is known of an image's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ImageSize {
    /// Not a local file, or a kind whose size is not written (an SVG sized
    /// by its container, a format not read).
    #[default]
    Unknown,
    Pixels {
        width: u32,
        height: u32,
    },
    /// A file of an image kind whose header could not be read.
    Unreadable,
}

/// Raster formats read by their header; anything else is left unsized.
const RASTER: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "bmp"];

/// An SVG's root element is looked for this far into the file.
const SVG_HEAD: u64 = 16 * 1024;

/// The size of the image at `path`, by its extension.
pub(crate) fn read(path: &Path) -> ImageSize {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext == "svg" {
        return svg(path);
    }
    if !RASTER.contains(&ext.as_str()) {
        return ImageSize::Unknown;
    }
    match imagesize::size(path) {
        Ok(size) => pixels(size.width, size.height).unwrap_or(ImageSize::Unreadable),
        Err(_) => ImageSize::Unreadable,
    }
}

fn pixels(width: usize, height: usize) -> Option<ImageSize> {
    let width = u32::try_from(width).ok().filter(|&w| w > 0)?;
    let height = u32::try_from(height).ok().filter(|&h| h > 0)?;
    Some(ImageSize::Pixels { width, height })
}

/// An SVG's `width` and `height` when both are plain numbers (or pixels):
/// one sized in `%` or `em`, or by its `viewBox` alone, is sized by the
/// page, and writing a size would change how it shows.
fn svg(path: &Path) -> ImageSize {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SVG_HEAD).read_to_end(&mut head));
    if read.is_err() {
        return ImageSize::Unreadable;
    }
    let text = String::from_utf8_lossy(&head);
    let Some(start) = text.find("<svg") else {
        return ImageSize::Unreadable;
    };
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let mut width = None;
    let mut height = None;
    crate::html::visit_attributes(&format!("{tag}>"), |_, name, value, _| {
        let length = || {
            let number = value.trim().strip_suffix("px").unwrap_or(value.trim());
            number
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 1.0)
        };
        if name.eq_ignore_ascii_case("width") {
            width = length();
        } else if name.eq_ignore_ascii_case("height") {
            height = length();
        }
    });
    match (width, height) {
        (Some(w), Some(h)) => {
            pixels(w.round() as usize, h.round() as usize).unwrap_or(ImageSize::Unknown)
        }
        _ => ImageSize::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// A 3×2 PNG's signature and header chunk: all a reader needs.
    fn png(width: u8, height: u8) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend([0, 0, 0, width, 0, 0, 0, height, 8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn sizes_from_headers() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str, bytes: &[u8]| read(&file(dir.path(), name, bytes));
        let size = |width, height| ImageSize::Pixels { width, height };
        assert_eq!(p("a.png", &png(3, 2)), size(3, 2));
        assert_eq!(p("B.PNG", &png(40, 9)), size(40, 9));
        assert_eq!(
            p("gif.gif", b"GIF89a\x05\x00\x07\x00\x00\x00\x00"),
            size(5, 7)
        );
        assert_eq!(
            p("s.svg", b"<?xml version=\"1.0\"?>\n<svg xmlns=\"x\" width=\"670\" height='190.4px' viewBox=\"0 0 670 190\">"),
            size(670, 190)
        );
    }

    #[test]
    fn what_cannot_be_read_or_is_sized_by_the_page() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str, bytes: &[u8]| read(&file(dir.path(), name, bytes));
        assert_eq!(p("broken.png", b"not a png at all"), ImageSize::Unreadable);
        assert_eq!(p("empty.jpg", b""), ImageSize::Unreadable);
        assert_eq!(p("zero.png", &png(0, 2)), ImageSize::Unreadable);
        assert_eq!(p("text.svg", b"hello"), ImageSize::Unreadable);
        assert_eq!(
            p("pct.svg", b"<svg width=\"100%\" height=\"50\">"),
            ImageSize::Unknown
        );
        assert_eq!(
            p("vb.svg", b"<svg viewBox=\"0 0 10 10\">"),
            ImageSize::Unknown
        );
        assert_eq!(p("notes.txt", b"\x89PNG"), ImageSize::Unknown);
        assert_eq!(read(&dir.path().join("missing.png")), ImageSize::Unreadable);
    }
}
