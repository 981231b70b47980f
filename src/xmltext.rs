//! What XML 1.0 allows in a document, and how text is written into it: the
//! one rule the XML reader checks and every XML writer (TMX, TBX, JUnit)
//! follows.

/// Whether XML 1.0 allows the character in a document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for XML content and attribute values. A carriage return
/// becomes `&#13;` so that it survives the parser's line-end normalisation;
/// other control characters, which XML 1.0 cannot hold at all, are written
/// as `\u{…}` text rather than making the file unreadable.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    // Runs of characters that stay as they are are copied whole: most text
    // has nothing to escape.
    let mut from = 0;
    for (at, &b) in s.as_bytes().iter().enumerate() {
        // The markup characters, the C0 controls, and the lead byte of
        // U+F000..U+FFFF (among them U+FFFE and U+FFFF, which XML lacks).
        if !(b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF)) {
            continue;
        }
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        let replacement: std::borrow::Cow<'_, str> = match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&apos;".into(),
            '\r' => "&#13;".into(),
            c if !is_xml_char(c) => format!("\\u{{{:04X}}}", c as u32).into(),
            _ => continue,
        };
        out.push_str(&s[from..at]);
        out.push_str(&replacement);
        from = at + c.len_utf8();
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_changes_only_what_xml_cannot_hold_as_text() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("行\r\n末\t"), "行&#13;\n末\t");
        assert_eq!(
            escape("x\u{1}y\u{FFFE}z\u{FFFF}"),
            "x\\u{0001}y\\u{FFFE}z\\u{FFFF}"
        );
        // Full-width punctuation shares the lead byte of U+FFFE; it stays.
        assert_eq!(escape("是，（ＯＫ）！\u{FFFD}𝄞"), "是，（ＯＫ）！\u{FFFD}𝄞");
        assert_eq!(escape(""), "");
    }
}
