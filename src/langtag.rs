//! Language tags as files write them (BCP 47, loosely): one canonical
//! spelling, and ranges that match the tags they cover.
//!
//! Tools disagree on how to write a language: `zh_CN` (po2tmx), `ZH-cn`,
//! `zh-Hans-CN`, `en-US` beside a header's `en`. Every reader and the
//! command-line flags compare tags through [`matches()`], never as strings:
//!
//! * case and `_`/`-` do not matter;
//! * a subtag absent on either side does not conflict: `en` matches `en-US`,
//!   `zh-Hant` matches `zh-TW` and `zh-HK`, `zh-TW` matches `zh-Hant-TW`;
//! * a subtag present on both sides must agree: `en-US` is not `en-GB`,
//!   `zh-TW` is not `zh-HK`;
//! * a Chinese tag's script follows from its region when it has none
//!   (`CN`, `SG`, `MY` are Simplified, `TW`, `HK`, `MO` Traditional), so
//!   `zh-Hans` never matches `zh-TW`;
//! * `*` (and TMX's `*all*`) matches every tag.
//!
//! ```
//! use shuyu::langtag::{canonical, matches};
//!
//! assert!(matches("en", "en-US"));
//! assert!(matches("zh-CN", "zh_cn"));
//! assert!(matches("zh-TW", "zh-Hant-TW"));
//! assert!(matches("zh-Hant", "zh-HK"));
//! assert!(!matches("zh-Hans", "zh-TW"));
//! assert!(!matches("en-US", "en-GB"));
//! assert_eq!(canonical("ZH_hans_cn"), "zh-Hans-CN");
//! ```

/// The tag in its canonical spelling: `-` between subtags, the language in
/// lower case, a four-letter script in title case, a region in upper case
/// (`zh_cn` → `zh-CN`, `EN-us` → `en-US`, `zh-hant-tw` → `zh-Hant-TW`).
/// Surrounding whitespace is dropped; an empty tag stays empty.
pub fn canonical(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for (i, sub) in subtags(tag).enumerate() {
        if i > 0 {
            out.push('-');
        }
        let is_script = i > 0 && sub.len() == 4 && sub.bytes().all(|b| b.is_ascii_alphabetic());
        let is_region = i > 0
            && ((sub.len() == 2 && sub.bytes().all(|b| b.is_ascii_alphabetic()))
                || (sub.len() == 3 && sub.bytes().all(|b| b.is_ascii_digit())));
        if is_script {
            out.push_str(&sub[..1].to_ascii_uppercase());
            out.push_str(&sub[1..].to_ascii_lowercase());
        } else if is_region {
            out.push_str(&sub.to_ascii_uppercase());
        } else {
            out.push_str(&sub.to_ascii_lowercase());
        }
    }
    out
}

/// Whether the language range `range` (a tag as a user or a file header
/// gives it) covers the tag `tag`: the same language, and no script or
/// region that both name and that differ. See the module documentation.
pub fn matches(range: &str, tag: &str) -> bool {
    let range = range.trim();
    if range == "*" || range.eq_ignore_ascii_case("*all*") {
        return true;
    }
    let (Some(a), Some(b)) = (Parts::of(range), Parts::of(tag)) else {
        return false;
    };
    let agree = |x: Option<&str>, y: Option<&str>| match (x, y) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    a.language == b.language
        && agree(a.script.as_deref(), b.script.as_deref())
        && agree(a.region.as_deref(), b.region.as_deref())
}

/// Whether two tags are the same tag, spelled alike or not (`zh_CN` and
/// `zh-cn`): an exact match, which [`matches()`] prefers among candidates.
pub fn same(a: &str, b: &str) -> bool {
    let mut a = subtags(a);
    let mut b = subtags(b);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

fn subtags(tag: &str) -> impl Iterator<Item = &str> {
    tag.trim().split(['-', '_']).filter(|s| !s.is_empty())
}

/// The subtags [`matches()`] compares.
struct Parts {
    language: String,
    script: Option<String>,
    region: Option<String>,
}

impl Parts {
    fn of(tag: &str) -> Option<Parts> {
        let mut subs = subtags(tag);
        let language = match subs.next()?.to_ascii_lowercase().as_str() {
            // ISO 639-2 and macrolanguage spellings some tools write.
            "eng" => "en".to_string(),
            "zho" | "chi" | "cmn" => "zh".to_string(),
            other => other.to_string(),
        };
        let (mut script, mut region) = (None, None);
        for sub in subs {
            let alpha = sub.bytes().all(|b| b.is_ascii_alphabetic());
            if script.is_none() && region.is_none() && sub.len() == 4 && alpha {
                script = Some(sub.to_ascii_lowercase());
            } else if region.is_none()
                && ((sub.len() == 2 && alpha)
                    || (sub.len() == 3 && sub.bytes().all(|b| b.is_ascii_digit())))
            {
                region = Some(sub.to_ascii_lowercase());
            }
        }
        if language == "zh" && script.is_none() {
            script = match region.as_deref() {
                Some("cn" | "sg" | "my") => Some("hans".to_string()),
                Some("tw" | "hk" | "mo") => Some("hant".to_string()),
                _ => None,
            };
        }
        Some(Parts {
            language,
            script,
            region,
        })
    }
}

/// Among `tags`, the index of the one `range` picks: a tag spelled as the
/// range first, else the first the range [`matches()`].
pub fn best<'a>(
    range: &str,
    tags: impl IntoIterator<Item = Option<&'a str>> + Clone,
) -> Option<usize> {
    let exact = tags
        .clone()
        .into_iter()
        .position(|t| t.is_some_and(|t| same(range, t)));
    exact.or_else(|| {
        tags.into_iter()
            .position(|t| t.is_some_and(|t| matches(range, t)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_their_subtags_and_nothing_that_conflicts() {
        let cases = [
            ("en", "en-US", true),
            ("en", "EN-gb", true),
            ("en-US", "en", true),
            ("en-US", "en-GB", false),
            ("zh-CN", "zh_CN", true),
            ("ZH-cn", "zh-CN", true),
            ("zh-CN", "zh-Hans-CN", true),
            ("zh-TW", "zh-Hant-TW", true),
            ("zh-Hant", "zh-TW", true),
            ("zh-Hant", "zh-HK", true),
            ("zh-Hans", "zh-TW", false),
            ("zh-CN", "zh-TW", false),
            ("zh-TW", "zh-HK", false),
            ("zh", "zh-TW", true),
            ("zh", "zh-Hans-CN", true),
            ("zho", "zh-CN", true),
            ("en", "zh", false),
            ("en", "eng", true),
            ("ja", "en", false),
            ("*all*", "ja", true),
            ("en", "", false),
        ];
        for (range, tag, want) in cases {
            assert_eq!(matches(range, tag), want, "{range} ~ {tag}");
        }
    }

    #[test]
    fn canonical_spelling() {
        for (tag, want) in [
            ("zh_cn", "zh-CN"),
            ("ZH-hans-cn", "zh-Hans-CN"),
            ("en-us", "en-US"),
            (" en ", "en"),
            ("es-419", "es-419"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("", ""),
        ] {
            assert_eq!(canonical(tag), want);
        }
    }

    #[test]
    fn the_best_tag_is_the_one_spelled_alike_else_the_first_covered() {
        let tags = [Some("en-GB"), Some("en-US"), None, Some("en")];
        assert_eq!(best("en", tags), Some(3));
        assert_eq!(best("en-us", tags), Some(1));
        assert_eq!(best("EN", [Some("en-GB"), Some("en-US")]), Some(0));
        assert_eq!(best("fr", tags), None);
    }
}
