//! Text encodings: which legacy encoding a file that is not UTF-8 most
//! likely is, and mojibake (UTF-8 that went through a wrong decode).

pub(crate) mod mojibake;
pub mod repair;

use std::path::Path;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

use crate::error::{Diagnostic, line_col};

/// The encoding `bytes` (not valid UTF-8) are most likely in: the one its
/// byte-order mark names, else a statistical guess, helped by the language
/// the text is in (a short `你好` is as good EUC-KR as GBK).
pub(crate) fn guess(bytes: &[u8], language: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            return encoding;
        }
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let tld = language.and_then(country_domain);
    detector.guess(tld.as_deref().map(str::as_bytes), Utf8Detection::Deny)
}

/// The country domain whose legacy encodings a language's text most likely
/// used, which is the hint the detector takes: the region of `zh-TW`, else
/// the language's main country, else the code itself (`ru`, `de`).
fn country_domain(language: &str) -> Option<String> {
    let mut parts = language.split(['-', '_']);
    let code = parts.next()?.to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2).map(str::to_ascii_lowercase);
    let domain = region.unwrap_or_else(|| {
        match code.as_str() {
            "zh" => "cn",
            "ja" => "jp",
            "ko" => "kr",
            "uk" => "ua",
            "be" => "by",
            "kk" => "kz",
            "el" => "gr",
            "he" => "il",
            "fa" => "ir",
            "cs" => "cz",
            "vi" => "vn",
            "sr" => "rs",
            other => other,
        }
        .to_string()
    });
    domain
        .bytes()
        .all(|b| b.is_ascii_lowercase())
        .then_some(domain)
        .filter(|d| !d.is_empty())
}

/// Text from a file's `bytes`. Bytes that are not UTF-8 are read as the
/// encoding they most likely are (see [`guess`]), so the build can go on,
/// with an error naming that encoding and where the first bad byte is.
pub(crate) fn read_text(
    path: &Path,
    bytes: Vec<u8>,
    language: Option<&str>,
) -> (String, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let encoding = guess(&bytes, language);
            let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
            let text = decode(&bytes, encoding);
            let error = Diagnostic::error(
                path,
                format!(
                    "not valid UTF-8 (byte {valid}); it looks like {}: convert it, e.g. `iconv -f {} -t UTF-8`",
                    describe(encoding),
                    encoding.name()
                ),
            )
            .at(&text, line, col);
            (text, Some(error))
        }
    }
}

/// `bytes` read as `encoding` (a byte-order mark is honoured and removed).
pub(crate) fn decode(bytes: &[u8], encoding: &'static Encoding) -> String {
    encoding.decode(bytes).0.into_owned()
}

/// An encoding as people know it, with the writing systems it serves:
/// `Windows-1251 (Cyrillic)`.
pub(crate) fn describe(encoding: &'static Encoding) -> String {
    let (name, script) = match encoding.name() {
        "windows-1250" => ("Windows-1250", "Central European"),
        "windows-1251" => ("Windows-1251", "Cyrillic"),
        "windows-1252" => ("Windows-1252", "Western European"),
        "windows-1253" => ("Windows-1253", "Greek"),
        "windows-1254" => ("Windows-1254", "Turkish"),
        "windows-1255" => ("Windows-1255", "Hebrew"),
        "windows-1256" => ("Windows-1256", "Arabic"),
        "windows-1257" => ("Windows-1257", "Baltic"),
        "windows-1258" => ("Windows-1258", "Vietnamese"),
        "windows-874" => ("Windows-874", "Thai"),
        "KOI8-R" => ("KOI8-R", "Russian"),
        "KOI8-U" => ("KOI8-U", "Ukrainian"),
        "IBM866" => ("IBM866", "Cyrillic, DOS"),
        "ISO-8859-2" => ("ISO-8859-2", "Central European"),
        "ISO-8859-5" => ("ISO-8859-5", "Cyrillic"),
        "ISO-8859-7" => ("ISO-8859-7", "Greek"),
        "ISO-8859-8" | "ISO-8859-8-I" => ("ISO-8859-8", "Hebrew"),
        "GBK" | "gb18030" => ("GBK", "Simplified Chinese"),
        "Big5" => ("Big5", "Traditional Chinese"),
        "Shift_JIS" => ("Shift_JIS", "Japanese"),
        "EUC-JP" => ("EUC-JP", "Japanese"),
        "ISO-2022-JP" => ("ISO-2022-JP", "Japanese"),
        "EUC-KR" => ("EUC-KR", "Korean"),
        "UTF-16LE" => ("UTF-16LE", "Unicode, little-endian"),
        "UTF-16BE" => ("UTF-16BE", "Unicode, big-endian"),
        "macintosh" => ("Mac OS Roman", "Western European"),
        "x-mac-cyrillic" => ("Mac OS Cyrillic", "Cyrillic"),
        other => return other.to_string(),
    };
    format!("{name} ({script})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_common_legacy_encodings() {
        let cyrillic = "Это урок о базах данных: подключение, запросы и миграции. \
                        Мы напишем небольшую программу и разберём каждую строку.";
        let chinese =
            "这是一个关于数据库的课程：连接、查询和迁移。我们将编写一个小程序，并逐行讲解。";
        let traditional =
            "這是一個關於資料庫的課程：連線、查詢與遷移。我們將撰寫一個小程式，並逐行講解。";
        let japanese = "これはデータベースについての講座です。接続、問い合わせ、移行を学びます。";
        // chardetng names KOI8-U, the superset, for Russian in KOI8-R.
        for (text, encoding, named) in [
            (
                cyrillic,
                encoding_rs::WINDOWS_1251,
                "Windows-1251 (Cyrillic)",
            ),
            (cyrillic, encoding_rs::KOI8_R, "KOI8-U (Ukrainian)"),
            (chinese, encoding_rs::GBK, "GBK (Simplified Chinese)"),
            (traditional, encoding_rs::BIG5, "Big5 (Traditional Chinese)"),
            (japanese, encoding_rs::SHIFT_JIS, "Shift_JIS (Japanese)"),
        ] {
            let bytes = encoding.encode(text).0;
            assert_eq!(describe(guess(&bytes, None)), named);
            assert_eq!(decode(&bytes, guess(&bytes, None)), text);
        }
    }

    #[test]
    fn the_language_settles_short_texts() {
        let gbk = encoding_rs::GBK.encode("# 你好").0;
        assert_eq!(guess(&gbk, Some("zh")), encoding_rs::GBK);
        let big5 = encoding_rs::BIG5.encode("# 資料庫").0;
        assert_eq!(guess(&big5, Some("zh-TW")), encoding_rs::BIG5);
        assert_eq!(country_domain("pt_BR").as_deref(), Some("br"));
        assert_eq!(country_domain("ru").as_deref(), Some("ru"));
        assert_eq!(country_domain("x.y"), None);
        assert_eq!(country_domain("Ελ"), None);
        assert_eq!(country_domain(""), None);
    }

    #[test]
    fn byte_order_marks_name_utf16() {
        assert_eq!(guess(b"\xFF\xFE#\x00 \x00", None), encoding_rs::UTF_16LE);
        assert_eq!(
            describe(encoding_rs::UTF_16LE),
            "UTF-16LE (Unicode, little-endian)"
        );
        assert_eq!(describe(encoding_rs::GBK), "GBK (Simplified Chinese)");
    }
}
