//! The `shuyu` command: the library's command line, [`shuyu::cli::run`].

fn main() {
    std::process::exit(shuyu::cli::run());
}
