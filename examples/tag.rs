//! Tags a sentence with the bundled glossary, then with a glossary built in
//! code, printing each match's span, concept, term, language and status;
//! then a large text on all cores.
//!
//! Run with `cargo run --example tag`.

use shuyu::{Concept, Glossary, Lang, Status, Tagger, Term};

fn main() -> Result<(), shuyu::compile::BuildError> {
    let text = "日本將成立統合作戰司令部（J‐JOC），而川普政府曾退出TPP。";
    println!("{text}");
    for m in Tagger::bundled().find_iter(text) {
        println!(
            "  {:>3}..{:<3} {:<16} {:<10} term={} ({}, {})",
            m.start(),
            m.end(),
            &text[m.range()],
            m.concept(),
            m.term(),
            m.lang(),
            m.status()
        );
    }

    let glossary = Glossary {
        concepts: vec![Concept::new("supply-chain")
            .with_term(Term::new("supply chain", Lang::En))
            .with_term(Term::new("供应链", Lang::ZhCn))
            .with_term(Term::new("供應鏈", Lang::ZhTw))
            .with_term(Term::new("供给链", Lang::ZhCn).with_status(Status::Deprecated))],
    };
    let tagger = Tagger::new(&glossary)?;
    let text = "Resilient Supply  Chains: 供應鏈 and 供给链.";
    println!("{text}");
    for m in tagger.find_iter(text) {
        println!(
            "  {:<16} {} {} {}",
            &text[m.range()],
            m.term(),
            m.lang(),
            m.status()
        );
    }

    // A large text on all cores: the same matches, in the same order.
    let book = "日本加入四方安全对话，川普政府退出TPP。".repeat(200_000);
    let all = Tagger::bundled().find_all(&book);
    assert!(all.iter().copied().eq(Tagger::bundled().find_iter(&book)));
    println!(
        "{} matches in {} MB, scanned in pieces",
        all.len(),
        book.len() >> 20
    );
    Ok(())
}
