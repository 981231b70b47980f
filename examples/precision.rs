//! Chinese precision: the word check that keeps 川普 out of 四川普通话, an
//! exception written in the glossary, script errors with their
//! suggestions, and a suggestion that keeps the term's type.
//!
//! Run with `cargo run --example precision`.

use shuyu::formats::terms;
use shuyu::{script, Lang, Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tagger = Tagger::bundled();
    let text = "他说四川普通话。其中东京最大。与川普会谈。";
    let found: Vec<&str> = tagger.find_iter(text).map(|m| &text[m.range()]).collect();
    let raw = tagger.clone().with_word_check(false);
    let raw_found: Vec<&str> = raw.find_iter(text).map(|m| &text[m.range()]).collect();
    println!("{text}\n  word check: {found:?}\n  raw:        {raw_found:?}");

    // An exception: a string in which the term is not the term.
    let glossary = terms::parse("[red-sea]\nen: Red Sea\nzh-CN: 红海\nnot: 网红海报\n", None)?;
    let own = Tagger::new(&glossary)?.with_word_check(false);
    let text = "网红海报与红海航运";
    let found: Vec<&str> = own.find_iter(text).map(|m| &text[m.range()]).collect();
    println!("{text}\n  with `not: 网红海报`: {found:?}");

    // Simplified characters in a zh-TW text.
    let text = "美国與日本的同盟，集体自卫权";
    println!("{text} (zh-TW)");
    for e in script::errors(tagger, text, Lang::ZhTw) {
        println!("  {} → {}", &text[e.range()], e.suggestion());
    }

    // A zh-CN term in a zh-TW text: its counterpart of the same type.
    let text = "钓鱼岛及其附属岛屿";
    let m = tagger.find_iter(text).next().ok_or("no match")?;
    let counterparts: Vec<&str> = tagger
        .counterparts(&m, Lang::ZhTw)
        .iter()
        .map(|t| t.text())
        .collect();
    println!("{text} in zh-TW: {counterparts:?}");
    Ok(())
}
