//! Positions and printers for what the command line reports.

use std::io::{self, Write};

use serde::Serialize;

/// Maps byte offsets of a text to 1-based lines and columns (columns count
/// characters, as editors do).
///
/// Offsets asked in increasing order (matches, findings) cost only the
/// characters between them: the index remembers the last position it gave,
/// so a run over a 6 MB one-line file with 100,000 findings stays linear.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// The last offset asked, its line and its column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> LineIndex<'t> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// The 1-based line and character column of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let (last, last_line, last_column) = self.last.get();
        // From the last position when it is on this line and before, else
        // from the line's start.
        let (from, column) = if last_line == line && last <= offset {
            (last, last_column)
        } else {
            (self.starts[line - 1], 1)
        };
        let column = column + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last.set((offset, line, column));
        (line, column)
    }
}

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run (exit code 1).
    Error,
    /// Reported, does not fail the run.
    Warning,
    /// Reported for information.
    Note,
    /// Reported only when asked for (`--level info`).
    Info,
}

impl Severity {
    /// `error`, `warning`, `note` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
            Severity::Info => "info",
        }
    }

    /// Reads a level; `off` is `None`.
    ///
    /// # Errors
    ///
    /// On any other word, with a message that lists the levels.
    pub fn parse_level(s: &str) -> Result<Option<Severity>, SeverityError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Ok(Some(Severity::Error)),
            "warning" | "warn" => Ok(Some(Severity::Warning)),
            "note" => Ok(Some(Severity::Note)),
            "info" => Ok(Some(Severity::Info)),
            "off" | "none" => Ok(None),
            other => Err(SeverityError {
                kind: SeverityErrorKind::UnknownLevel,
                message: format!(
                    "unknown severity {other:?} (expected error, warning, note, info or off)"
                ),
            }),
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity setting that cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeverityError {
    kind: SeverityErrorKind,
    message: String,
}

/// What is wrong with a severity setting; see [`SeverityError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeverityErrorKind {
    /// Not of the form `RULE=LEVEL`.
    NotASetting,
    /// A rule the command does not have.
    UnknownRule,
    /// A level other than error, warning, note, info or off.
    UnknownLevel,
}

impl SeverityError {
    /// What is wrong.
    pub fn kind(&self) -> SeverityErrorKind {
        self.kind
    }
}

impl std::fmt::Display for SeverityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SeverityError {}

/// A rule a checking command applies: its id, what it finds, its default
/// severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The id findings carry, such as `missing-term`.
    pub id: &'static str,
    /// One line on what it finds.
    pub description: &'static str,
    /// Its severity unless configured (`None`: off).
    pub default: Option<Severity>,
}

/// A rule id a command does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown rule {:?}", self.0)
    }
}

impl std::error::Error for UnknownRule {}

/// Declares a command's rules: an enum whose `Display` and `FromStr` are
/// the ids findings carry, and `RULES`, each rule's id, description and
/// default severity, in the order of the enum.
macro_rules! rules {
    (
        $(#[$meta:meta])*
        enum $name:ident {
            $($(#[$doc:meta])* $variant:ident = $id:literal, $default:expr, $description:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$doc])* $variant,)*
        }

        impl $name {
            /// The id findings carry.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::report::UnknownRule;

            fn from_str(id: &str) -> Result<$name, Self::Err> {
                match id {
                    $($id => Ok($name::$variant),)*
                    other => Err($crate::report::UnknownRule(other.to_string())),
                }
            }
        }

        /// The rules, with their default severities.
        pub const RULES: &[$crate::report::RuleInfo] = &[
            $($crate::report::RuleInfo { id: $id, description: $description, default: $default },)*
        ];
    };
}
pub(crate) use rules;

/// The severity of each rule, from the defaults and `RULE=LEVEL` settings.
///
/// ```
/// use shuyu::report::{Severities, Severity};
/// let mut s = Severities::new(shuyu::check::RULES);
/// s.set("count-mismatch=error").unwrap();
/// s.set("extra-term=off").unwrap();
/// assert_eq!(s.get("count-mismatch"), Some(Severity::Error));
/// assert_eq!(s.get("extra-term"), None);
/// assert!(s.set("no-such-rule=error").is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Severities {
    rules: &'static [RuleInfo],
    levels: Vec<Option<Severity>>,
}

impl Severities {
    /// The defaults of `rules`.
    pub fn new(rules: &'static [RuleInfo]) -> Severities {
        Severities {
            rules,
            levels: rules.iter().map(|r| r.default).collect(),
        }
    }

    /// Applies one `RULE=LEVEL` setting.
    ///
    /// # Errors
    ///
    /// An unknown rule or level, with the message listing what is known.
    pub fn set(&mut self, setting: &str) -> Result<(), SeverityError> {
        let (rule, level) = setting.split_once('=').ok_or_else(|| SeverityError {
            kind: SeverityErrorKind::NotASetting,
            message: format!("expected RULE=LEVEL, found {setting:?}"),
        })?;
        let level = Severity::parse_level(level)?;
        self.set_rule(rule.trim(), level)
    }

    /// Sets one rule's level.
    ///
    /// # Errors
    ///
    /// An unknown rule.
    pub fn set_rule(&mut self, rule: &str, level: Option<Severity>) -> Result<(), SeverityError> {
        let at = self
            .rules
            .iter()
            .position(|r| r.id == rule)
            .ok_or_else(|| {
                let known: Vec<&str> = self.rules.iter().map(|r| r.id).collect();
                SeverityError {
                    kind: SeverityErrorKind::UnknownRule,
                    message: format!("unknown rule {rule:?} (the rules are {})", known.join(", ")),
                }
            })?;
        self.levels[at] = level;
        Ok(())
    }

    /// The level of a rule (`None`: off or unknown).
    pub fn get(&self, rule: &str) -> Option<Severity> {
        self.rules
            .iter()
            .position(|r| r.id == rule)
            .and_then(|i| self.levels[i])
    }

    /// The rules these severities are for.
    pub fn rules(&self) -> &'static [RuleInfo] {
        self.rules
    }
}

/// One problem found in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Finding {
    /// The file, as named on the command line.
    pub file: String,
    /// The segment id as in the file (for a glossary, the concept id).
    pub segment: Option<String>,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The 1-based character column, when known.
    pub column: Option<usize>,
    /// The concept concerned, if any.
    pub concept: Option<String>,
    /// The rule that fired.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What the source said (the term as written there).
    #[serde(default)]
    pub source: Option<String>,
    /// What the target has (the term as written there).
    #[serde(default)]
    pub target: Option<String>,
    /// The approved terms to use instead.
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// A short excerpt of the source with the term in brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_excerpt: Option<String>,
    /// A short excerpt of the target with the term in brackets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_excerpt: Option<String>,
    /// For `lint`: the byte range of the term in the file, when it lies in
    /// one piece of prose and so can be replaced by `--fix`.
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
    /// For `lint`: the line the finding is on (a window of it, for a long
    /// line) and the 1-based character column of the term in that text,
    /// shown underlined in text output.
    #[serde(skip)]
    pub context: Option<(String, usize)>,
}

impl Finding {
    /// A finding of `rule` in `file` with this message; every other field
    /// empty, for the rule to fill in.
    pub fn new(file: &str, rule: &str, severity: Severity, message: String) -> Finding {
        Finding {
            file: file.to_string(),
            segment: None,
            line: None,
            column: None,
            concept: None,
            rule: rule.to_string(),
            severity,
            message,
            source: None,
            target: None,
            suggestions: Vec::new(),
            source_excerpt: None,
            target_excerpt: None,
            span: None,
            context: None,
        }
    }
}

/// A short excerpt of `text` around `start..end`, the span in brackets and
/// line breaks shown as spaces.
pub(crate) fn excerpt(text: &str, start: usize, end: usize) -> String {
    const AROUND: usize = 12;
    let before: Vec<char> = text[..start].chars().rev().take(AROUND + 1).collect();
    let after: Vec<char> = text[end..].chars().take(AROUND + 1).collect();
    let mut out = String::new();
    if before.len() > AROUND {
        out.push('…');
    }
    out.extend(before.iter().take(AROUND).rev());
    out.push('[');
    out.push_str(&text[start..end]);
    out.push(']');
    out.extend(after.iter().take(AROUND));
    if after.len() > AROUND {
        out.push('…');
    }
    out.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The units a run looked at in one file (for JUnit's one test case per
/// unit) and how many findings it had.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileUnits {
    /// The file.
    pub file: String,
    /// The ids of its segments (or concepts, or paragraphs), in order.
    pub units: Vec<String>,
}

/// Counts of what a run reported, for the summary line and the exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files looked at.
    pub files: usize,
    /// Units (segments, concepts) looked at.
    pub units: usize,
    /// Findings per severity: error, warning, note, info.
    pub by_severity: [usize; 4],
    /// Findings per rule, in the order rules first fired.
    pub by_rule: Vec<(String, usize)>,
    /// For bilingual files: units read, checked and skipped with reasons.
    pub tally: Option<crate::formats::bitext::Tally>,
}

impl Summary {
    /// Counts one file's findings in.
    pub fn add(&mut self, file: &FileUnits, findings: &[Finding]) {
        self.files += 1;
        self.units += file.units.len();
        self.add_findings(findings);
    }

    /// Counts findings in (of a file already counted).
    pub fn add_findings(&mut self, findings: &[Finding]) {
        for f in findings {
            self.by_severity[f.severity as usize] += 1;
            match self.by_rule.iter_mut().find(|(r, _)| *r == f.rule) {
                Some((_, n)) => *n += 1,
                None => self.by_rule.push((f.rule.clone(), 1)),
            }
        }
    }

    /// Whether some finding is at error level (the run fails).
    pub fn has_errors(&self) -> bool {
        self.by_severity[Severity::Error as usize] > 0
    }

    /// The summary line for people: files, units, findings by severity and
    /// rule.
    ///
    /// ```
    /// let s = shuyu::report::Summary { files: 2, units: 9, by_severity: [1, 2, 0, 0], by_rule: vec![("missing-term".into(), 3)], tally: None };
    /// assert_eq!(s.line("segment"), "2 files, 9 segments: 3 findings (1 error, 2 warnings, 0 notes): missing-term 3");
    /// ```
    pub fn line(&self, unit_name: &str) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let files = plural(self.files, "file");
        let scope = if self.units == 0 {
            files
        } else {
            format!("{files}, {}", plural(self.units, unit_name))
        };
        let [errors, warnings, notes, info] = self.by_severity;
        let mut line = format!(
            "{scope}: {} ({}, {}, {}",
            plural(errors + warnings + notes + info, "finding"),
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(notes, "note"),
        );
        if info > 0 {
            line.push_str(&format!(", {info} info"));
        }
        line.push(')');
        if !self.by_rule.is_empty() {
            let rules: Vec<String> = self
                .by_rule
                .iter()
                .map(|(r, n)| format!("{r} {n}"))
                .collect();
            line.push_str(": ");
            line.push_str(&rules.join(", "));
        }
        if let Some(tally) = &self.tally {
            line.push_str("; ");
            line.push_str(&tally.line_as("checked"));
        }
        line
    }
}

/// An output format of the checking commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// For people, like a compiler's diagnostics.
    Text,
    /// An array of finding objects.
    Json,
    /// SARIF 2.1.0, which GitHub code scanning reads.
    Sarif,
    /// JUnit XML, one test case per unit.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Writes findings file by file as they are found, so that a run with a
/// million findings never holds them all: each format's opening is written
/// first, each file's findings as the file is done, the closing last.
///
/// ```
/// use shuyu::report::{FileUnits, Format, Reporter};
/// let mut out = Vec::new();
/// let mut r = Reporter::new(&mut out, Format::Json, shuyu::check::RULES, "segment")?;
/// r.file(&FileUnits { file: "a.tmx".into(), units: vec!["1".into()] }, &[])?;
/// let summary = r.finish()?;
/// assert_eq!((summary.files, summary.units, summary.has_errors()), (1, 1, false));
/// assert_eq!(String::from_utf8(out).unwrap(), "[]\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Reporter<'r, W: Write> {
    out: W,
    format: Format,
    unit_name: &'r str,
    summary: Summary,
    /// The file under way and, for JUnit, its findings so far.
    file: Option<(FileUnits, Vec<Finding>)>,
}

impl<'r, W: Write> Reporter<'r, W> {
    /// Starts a report: writes the format's opening.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn new(
        mut out: W,
        format: Format,
        rules: &'r [RuleInfo],
        unit_name: &'r str,
    ) -> io::Result<Reporter<'r, W>> {
        match format {
            Format::Json => out.write_all(b"[")?,
            Format::Sarif => {
                let rules_json: Vec<serde_json::Value> = rules
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.id,
                            "shortDescription": { "text": r.description },
                            "defaultConfiguration": { "level": r.default.map_or("none", sarif_level) },
                        })
                    })
                    .collect();
                let driver = serde_json::json!({
                    "name": "shuyu",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/shuyu",
                    "rules": rules_json,
                });
                // Relative paths are relative to the folder the run started
                // in, which SARIF calls %SRCROOT%.
                let root = std::env::current_dir()
                    .map(|d| file_uri(&d.to_string_lossy(), true))
                    .unwrap_or_else(|_| "file:///".to_string());
                let bases = serde_json::json!({ "%SRCROOT%": { "uri": root } });
                write!(
                    out,
                    "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{{\n    \"tool\": {{ \"driver\": {} }},\n    \"originalUriBaseIds\": {},\n    \"results\": [",
                    serde_json::to_string(&driver)?,
                    serde_json::to_string(&bases)?
                )?;
            }
            Format::Junit => writeln!(
                out,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shuyu\">"
            )?,
            Format::Text | Format::Github => {}
        }
        Ok(Reporter {
            out,
            format,
            unit_name,
            summary: Summary::default(),
            file: None,
        })
    }

    /// Writes one file's findings: [`Reporter::begin_file`],
    /// [`Reporter::findings`] and [`Reporter::end_file`] at once.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn file(&mut self, file: &FileUnits, findings: &[Finding]) -> io::Result<()> {
        self.begin_file(file);
        self.findings(findings)?;
        self.end_file()
    }

    /// Starts a file, whose findings follow.
    pub fn begin_file(&mut self, file: &FileUnits) {
        self.summary.add(file, &[]);
        self.file = Some((file.clone(), Vec::new()));
    }

    /// Writes findings of the current file as they come (JUnit, which groups
    /// them by unit, keeps them until the file ends).
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn findings(&mut self, findings: &[Finding]) -> io::Result<()> {
        let first = self.summary.by_severity.iter().sum::<usize>() == 0;
        self.summary.add_findings(findings);
        let out = &mut self.out;
        match self.format {
            Format::Text => findings
                .iter()
                .try_for_each(|f| write_text(out, f, self.unit_name)),
            Format::Json => findings.iter().enumerate().try_for_each(|(i, f)| {
                out.write_all(if first && i == 0 { b"\n  " } else { b",\n  " })?;
                serde_json::to_writer(&mut *out, f).map_err(io::Error::from)
            }),
            Format::Sarif => findings.iter().enumerate().try_for_each(|(i, f)| {
                out.write_all(if first && i == 0 {
                    b"\n      "
                } else {
                    b",\n      "
                })?;
                serde_json::to_writer(&mut *out, &sarif_result(f)).map_err(io::Error::from)
            }),
            Format::Junit => {
                if let Some((_, kept)) = &mut self.file {
                    kept.extend_from_slice(findings);
                }
                Ok(())
            }
            Format::Github => findings.iter().try_for_each(|f| write_github(out, f)),
        }
    }

    /// Ends the current file.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn end_file(&mut self) -> io::Result<()> {
        match (self.format, self.file.take()) {
            (Format::Junit, Some((file, findings))) => {
                write_junit_suite(&mut self.out, &file, &findings, self.unit_name)
            }
            _ => Ok(()),
        }
    }

    /// Records what the run read, checked and skipped, for the summary.
    pub fn tally(&mut self, tally: crate::formats::bitext::Tally) {
        self.summary.tally = Some(tally);
    }

    /// Writes the format's closing (for text, the summary line) and returns
    /// the counts.
    ///
    /// # Errors
    ///
    /// When writing fails.
    pub fn finish(mut self) -> io::Result<Summary> {
        let any = self.summary.by_severity.iter().sum::<usize>() > 0;
        match self.format {
            Format::Text => writeln!(self.out, "{}", self.summary.line(self.unit_name))?,
            Format::Json => self.out.write_all(if any { b"\n]\n" } else { b"]\n" })?,
            Format::Sarif => self.out.write_all(if any {
                b"\n    ]\n  }]\n}\n"
            } else {
                b"]\n  }]\n}\n"
            })?,
            Format::Junit => writeln!(self.out, "</testsuites>")?,
            Format::Github => {}
        }
        self.out.flush()?;
        Ok(self.summary)
    }
}

/// `s` safe to print on a terminal: control characters other than tab
/// (C0, DEL, C1: escape sequences that could set a clipboard, a title or a
/// colour) are shown as `\u{1b}` instead of being sent.
pub(crate) fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let control =
        |c: char| c != '\t' && (c.is_ascii_control() || ('\u{80}'..='\u{9f}').contains(&c));
    if !s.chars().any(control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn write_text(out: &mut impl Write, f: &Finding, unit_name: &str) -> io::Result<()> {
    let place = match (f.line, f.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file),
        (Some(l), None) => format!("{}:{l}", f.file),
        _ => f.file.clone(),
    };
    let unit = f
        .segment
        .as_deref()
        .map(|s| format!(" {unit_name} {s}:"))
        .unwrap_or_default();
    // Every line through `printable`: file names and text come from
    // documents anyone may have written.
    let mut line = |text: String| writeln!(out, "{}", printable(&text));
    line(format!(
        "{place}: {}[{}]{unit} {}",
        f.severity, f.rule, f.message
    ))?;
    if let Some(s) = &f.source_excerpt {
        line(format!("    source: {s}"))?;
    }
    if let Some(t) = &f.target_excerpt {
        line(format!("    target: {t}"))?;
    }
    if let (Some((line_text, column)), Some(number), Some(written)) =
        (&f.context, f.line, &f.target)
    {
        let gutter = number.to_string().len();
        let before: String = line_text.chars().take(column - 1).collect();
        let pad = " ".repeat(display_width(&printable(&before)));
        let marks = "^".repeat(display_width(&printable(written)).max(1));
        let hint = f
            .suggestions
            .first()
            .map(|s| format!(" use {s}"))
            .unwrap_or_default();
        line(format!("{:gutter$} |", ""))?;
        line(format!("{number} | {line_text}"))?;
        line(format!("{:gutter$} | {pad}{marks}{hint}", ""))?;
    } else if !f.suggestions.is_empty() {
        line(format!("    use: {}", f.suggestions.join(" | ")))?;
    }
    Ok(())
}

/// Columns a terminal gives a text: two for CJK and full-width characters.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note | Severity::Info => "note",
    }
}

/// A SARIF artifact location for a file as named on the command line: a
/// relative path as a relative URI reference under `%SRCROOT%`, an absolute
/// one as a `file:` URI, each path segment percent-encoded (RFC 3986), so
/// that `a b.md`, `q"<>&.tmx` or a `%`, `#` or `?` in a name stay the file.
fn artifact_location(file: &str) -> serde_json::Value {
    let path = file.replace('\\', "/");
    if path.starts_with('/') {
        serde_json::json!({ "uri": file_uri(&path, false) })
    } else {
        let rel = path.trim_start_matches("./");
        serde_json::json!({ "uri": encode_path(rel), "uriBaseId": "%SRCROOT%" })
    }
}

/// `file://` and the absolute `path`, encoded; with `folder`, ending in `/`.
fn file_uri(path: &str, folder: bool) -> String {
    let mut uri = format!("file://{}", encode_path(&path.replace('\\', "/")));
    if folder && !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Each `/`-separated segment of `path` percent-encoded: every byte but
/// RFC 3986's unreserved characters.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn sarif_result(f: &Finding) -> serde_json::Value {
    let mut region = serde_json::Map::new();
    region.insert("startLine".into(), f.line.unwrap_or(1).into());
    if let Some(c) = f.column {
        region.insert("startColumn".into(), c.into());
    }
    let mut result = serde_json::json!({
        "ruleId": f.rule,
        "level": sarif_level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(&f.file),
                "region": region,
            }
        }],
        "partialFingerprints": { "shuyu/v2": fingerprint(f) },
    });
    let mut props = serde_json::Map::new();
    for (k, v) in [("segment", &f.segment), ("concept", &f.concept)] {
        if let Some(v) = v {
            props.insert(k.into(), v.clone().into());
        }
    }
    if !f.suggestions.is_empty() {
        props.insert("suggestions".into(), f.suggestions.clone().into());
    }
    if !props.is_empty() {
        result["properties"] = props.into();
    }
    result
}

/// One file as a JUnit test suite: a test case per unit (or one for the
/// file, when it has no units), failing on an error-level finding.
fn write_junit_suite(
    out: &mut impl Write,
    file: &FileUnits,
    findings: &[Finding],
    unit_name: &str,
) -> io::Result<()> {
    let failing = |f: &Finding| f.severity == Severity::Error;
    let whole = [file.file.clone()];
    let (units, by_unit): (&[String], bool) = if file.units.is_empty() {
        (&whole, false)
    } else {
        (&file.units, true)
    };
    // Findings by unit, grouped once: linear in units plus findings.
    let mut grouped: std::collections::HashMap<&str, Vec<&Finding>> =
        std::collections::HashMap::new();
    for f in findings {
        let key = if by_unit {
            f.segment.as_deref().unwrap_or("")
        } else {
            ""
        };
        grouped.entry(key).or_default().push(f);
    }
    let of_unit = |u: &str| -> Vec<&Finding> {
        let key = if by_unit { u } else { "" };
        grouped.get(key).cloned().unwrap_or_default()
    };
    let failed = units
        .iter()
        .filter(|u| of_unit(u).iter().any(|f| failing(f)))
        .count();
    let class = crate::xmltext::escape(&file.file);
    writeln!(
        out,
        "  <testsuite name=\"{class}\" tests=\"{}\" failures=\"{failed}\">",
        units.len()
    )?;
    for unit in units {
        let mine = of_unit(unit);
        let name = crate::xmltext::escape(&if by_unit {
            format!("{unit_name} {unit}")
        } else {
            unit.clone()
        });
        if mine.is_empty() {
            writeln!(out, "    <testcase name=\"{name}\" classname=\"{class}\"/>")?;
            continue;
        }
        writeln!(out, "    <testcase name=\"{name}\" classname=\"{class}\">")?;
        let details: Vec<String> = mine
            .iter()
            .map(|f| match f.line {
                Some(l) => format!("line {l}: {}[{}] {}", f.severity, f.rule, f.message),
                None => format!("{}[{}] {}", f.severity, f.rule, f.message),
            })
            .collect();
        let details = crate::xmltext::escape(&details.join("\n"));
        match mine.iter().find(|f| failing(f)) {
            Some(first) => writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{details}</failure>",
                crate::xmltext::escape(&first.rule),
                crate::xmltext::escape(&first.message)
            )?,
            None => writeln!(out, "      <system-out>{details}</system-out>")?,
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")
}

/// Escapes a workflow command's data (`%`, CR, LF) and, with `property`,
/// also `:` and `,`.
fn github_escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn write_github(out: &mut impl Write, f: &Finding) -> io::Result<()> {
    let command = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note | Severity::Info => "notice",
    };
    let mut props = vec![format!("file={}", github_escape(&f.file, true))];
    if let Some(l) = f.line {
        props.push(format!("line={l}"));
    }
    if let Some(c) = f.column {
        props.push(format!("col={c}"));
    }
    props.push(format!(
        "title={}",
        github_escape(&format!("shuyu {}", f.rule), true)
    ));
    let mut message = f.message.clone();
    if !f.suggestions.is_empty() {
        message.push_str(&format!(" (use: {})", f.suggestions.join(" | ")));
    }
    let line = format!(
        "::{command} {}::{}",
        props.join(","),
        github_escape(&message, false)
    );
    writeln!(out, "{}", printable(&line))
}

/// The identity of a finding across runs, without its file: a hash of the
/// rule, the concept, the segment id and the normalised text of the term
/// (the target's, else the source's), as 16 hex digits. Lines and columns
/// are not part of it, since edits move them. SARIF output carries it in
/// `partialFingerprints`; a baseline pairs it with the file.
///
/// ```
/// use shuyu::report::{fingerprint, Finding, Severity};
/// let mut a = Finding::new("a.tmx", "extra-term", Severity::Note, String::new());
/// a.concept = Some("aukus".into());
/// a.target = Some("AUKUS".into());
/// let mut b = a.clone();
/// b.file = "elsewhere/a.tmx".into();
/// b.line = Some(40);
/// b.target = Some("ＡＵＫＵＳ".into());
/// assert_eq!(fingerprint(&a), fingerprint(&b));
/// b.segment = Some("7".into());
/// assert_ne!(fingerprint(&a), fingerprint(&b));
/// ```
pub fn fingerprint(f: &Finding) -> String {
    let text = f.target.as_deref().or(f.source.as_deref()).unwrap_or("");
    let parts = [
        f.rule.as_str(),
        f.concept.as_deref().unwrap_or(""),
        f.segment.as_deref().unwrap_or(""),
        &crate::normalize::key(text),
    ];
    // FNV-1a, 64 bits: stable across builds and platforms, as a stored
    // baseline needs (std's hasher promises neither).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0x1f]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_gives_lines_and_character_columns_in_any_order() {
        let text = "第一行\nJ-JOC 在此";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text.find("在").unwrap()), (2, 7));
        assert_eq!(index.position(text.find("J-JOC").unwrap()), (2, 1));
        assert_eq!(index.position(text.find("行").unwrap()), (1, 3));
        assert_eq!(index.position(text.find("此").unwrap()), (2, 8));
    }

    #[test]
    fn sarif_uris_encode_each_segment() {
        assert_eq!(
            artifact_location("./dir/a b.md"),
            serde_json::json!({"uri": "dir/a%20b.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location(r#"q"<>&%41#?.tmx"#)["uri"],
            "q%22%3C%3E%26%2541%23%3F.tmx"
        );
        assert_eq!(
            artifact_location("/srv/l10n/中.tmx")["uri"],
            "file:///srv/l10n/%E4%B8%AD.tmx"
        );
    }

    #[test]
    fn excerpts_bracket_the_span() {
        let text = "The PLAN vessels entered the strait.";
        assert_eq!(excerpt(text, 4, 8), "The [PLAN] vessels ent…");
    }
}
