use std::path::PathBuf;

use super::Failure;

/// Print the settings in force for a file or folder, and where each came
/// from.
///
/// Every shuyu.toml from the path's folder up to the repository root (the
/// folder with .git) or / applies, the nearer winning key by key: this
/// shows the merged result, so you can see why a rule did or did not fire.
///
/// Examples:
///   shuyu config posts/zh-tw/article.md
///   shuyu config
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub(crate) struct Args {
    /// The file or folder (default: the working folder).
    #[arg(value_name = "PATH", default_value = ".")]
    path: PathBuf,
}

pub(crate) fn run(args: Args) -> Result<i32, Failure> {
    let config = crate::config::Config::for_path(&args.path)?;
    let text = config.describe();
    super::output_result(std::io::Write::write_all(
        &mut std::io::stdout().lock(),
        text.as_bytes(),
    ))?;
    Ok(0)
}
