//! Deterministic data for the benches: a seeded generator of glossaries and
//! of mixed Chinese/English text with glossary terms embedded about once
//! every 30 characters. Nothing is downloaded; the same seed gives the same
//! bytes on every machine.

#![allow(dead_code)]

use shuyu::{Concept, Glossary, Lang, Term};

/// The number in environment variable `name`, or `default`: the benches'
/// sizes.
pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// SplitMix64: small, fast, and good enough to draw benchmark data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A skewed draw in 0..n: low values far more often, as character and
    /// word frequencies are.
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        let c = self.below(n);
        a.min(b).min(c)
    }
}

/// The 3,000 most common CJK characters stand in for a frequency-ranked
/// character list: a fixed slice of the unified block.
fn cjk(rank: usize) -> char {
    char::from_u32(0x4E00 + (rank as u32 * 7) % 0x5000).unwrap()
}

const SYLLABLES: &[&str] = &[
    "ka", "to", "ri", "na", "se", "mo", "lu", "pe", "di", "an", "or", "en", "ti", "co", "ver",
    "sta", "pro", "gram", "tion", "al", "in", "re", "de", "con", "ment", "ex", "ter", "ing", "sec",
    "ur", "ity", "part", "ner", "ship",
];

fn english_word(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    (0..n)
        .map(|_| SYLLABLES[rng.skewed(SYLLABLES.len())])
        .collect()
}

fn acronym(rng: &mut Rng) -> String {
    let n = 2 + rng.below(4);
    (0..n)
        .map(|_| (b'A' + rng.below(26) as u8) as char)
        .collect()
}

fn chinese_term(rng: &mut Rng) -> String {
    let n = 2 + rng.skewed(11);
    (0..n).map(|_| cjk(rng.skewed(3000))).collect()
}

/// A glossary of about `terms` terms: Chinese terms of 2–12 characters,
/// English multi-word terms and acronyms, three or four per concept.
pub fn glossary(terms: usize, seed: u64) -> Glossary {
    let mut rng = Rng::new(seed);
    let mut g = Glossary::new();
    let mut seen = std::collections::HashSet::new();
    let mut count = 0;
    while count < terms {
        let mut c = Concept::new(format!("c{}", g.concepts.len()));
        let words = 1 + rng.below(4);
        let en: Vec<String> = (0..words).map(|_| english_word(&mut rng)).collect();
        let mut candidates = vec![
            (en.join(" "), Lang::En),
            (chinese_term(&mut rng), Lang::ZhCn),
            (chinese_term(&mut rng), Lang::ZhTw),
        ];
        if rng.below(3) == 0 {
            candidates.push((acronym(&mut rng), Lang::En));
        }
        // Real glossaries hold each term once: draw again rather than repeat.
        for (text, lang) in candidates {
            if seen.insert(shuyu::normalize::key(&text)) {
                c.terms.push(Term::new(text, lang));
            }
        }
        if !c.terms.is_empty() {
            count += c.terms.len();
            g.concepts.push(c);
        }
    }
    g
}

/// Every term's text, in glossary order.
fn term_texts(glossary: &Glossary) -> Vec<&str> {
    glossary
        .concepts
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.as_str()))
        .collect()
}

/// About `bytes` bytes of text mixing Chinese and English, Chinese-heavy
/// when `chinese` is true, with a glossary term about once every 30
/// characters.
pub fn text(glossary: &Glossary, bytes: usize, chinese: bool, seed: u64) -> String {
    let terms = term_texts(glossary);
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 64);
    let mut since_term = 0;
    while out.len() < bytes {
        if since_term >= 30 {
            let t = terms[rng.skewed(terms.len())];
            out.push_str(t);
            since_term = 0;
            continue;
        }
        let chinese_run = if chinese {
            rng.below(10) < 8
        } else {
            rng.below(10) < 2
        };
        if chinese_run {
            let n = 1 + rng.below(6);
            for _ in 0..n {
                out.push(cjk(rng.skewed(3000)));
            }
            since_term += n;
            if rng.below(8) == 0 {
                out.push('，');
            }
        } else {
            let w = english_word(&mut rng);
            since_term += w.chars().count() + 1;
            out.push(' ');
            out.push_str(&w);
            if rng.below(12) == 0 {
                out.push_str(". ");
            }
        }
    }
    out
}

/// The 1,200 most common Chinese characters, most common first, by the
/// summed frequency of the words of jieba's dictionary (`data/jieba`) that
/// hold them.
const COMMON: &str = concat!(
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可过天作分方用多你着部",
    "能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所如现理机体表力好外与文当两实重新三么只山",
    "水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向",
    "治因立数样身情入原问把路被并利石老教万知级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首",
    "共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五",
    "京河接条规式县白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增",
    "历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑革该持始英克士尔让拉思根格造较际亲单朝红",
    "型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源",
    "息语股铁断派速怎需片爱律纪支早况病境证编越局推满且列觉服双未居除乐企引标确织初青志率项飞球节察龙响药站施均消客失轻存低甚",
    "般击曾防请离落显罗营足素视护副食创余照兴占巴虽洲村费易试星木黑左宝置跟央识维采六底宫房音环案批切斗富乡另倒若按查故突责严",
    "桥模仅胜杀围席态破承招杨负层须父供续状域似依银范修找九致密终血旅钱赛独细效玉冲获习医演毛尽脸弹楼艺航陆右协七攻镇检写苏宗",
    "章注阿抗弟坐验封紧劳户优财养适陈喜卫排射哥油刻留急降念云微伤例景拿绝阶座刘刚害印亿沙母酒助闻超审待压升送监策略限竟香配藏",
    "敌呢差仍兰温园树征善波哪词岛止预怕继皮执味份角草男普答益谁船惊核街夏宣掌田久著画辑奇尼剑吧谈背免孩礼材愿洋春架筑括晚乱乎",
    "讲尚良友临激刀夜室既敢邦挥昌板胡欧福港叶简苦担句岁荆贵娘守辖威宜衣帮块堂额错剧充欢够孙班呼阵销坚练脚退读测吴希宁换版异某",
    "顾曲楚典朱毒菜判救宋茶洪含顺啊鲜败货矿端兄归冷忙买险康评肉吗厂永哈沉散遗停笔假输牛洞松渐顶训录否述毕督控丰献姑忽爷互亮纳",
    "襄登咱钟伯臣雄季脑介鄂召饭暗扩祖齐短烈赶牌恩诉移诗础露届蒙静喝盘卖植授伊湾博痛减穿逐秘庭陵固禁票灵杂姓泽吸侧庆妈遇追甲馆",
    "补唐炮沿殿刺怪彩俄旧警索岸轮妇载靠附毫怀软骨探雷旁罪枪牙迎序慢盛雨墙恶谷顿危稳熟概酸操诸绿佛荣针托宽折野付午肯库厚缺罢耳",
    "屋嘴末谢巨培页瓦款犯困店智拥雪翻圣戏旗吉婚奖岩疑币圆歌廷健卡烧析讨跑烟误仙疗舞亡闭汽伸脱秋姐繁侵川莫麻秀借寻私岗卷跳丽横",
    "驻套兼您君丁束纸夺袁灯坏坦丝径购阴床瞧择墓宪峰遍鲁庙掉丹桃御舰避售怒课播拔奥延虚隐粮络遭摇潜庄混厅婆奴鼓赵访睡震予童徐韦",
    "殖抓拜吨扬址洛休纵逃染纷贸透汇灭蛋森仪塔距狐融郡缓聚盖拍迹忠释润粉涓孔岭搜紫虑促抵钢塞寺津液码虎坛珍硬梁奔累役偏迫锛凡损",
);

/// Data shaped as real glossaries and text are, where accidental matches
/// are everywhere: Chinese terms of 2–4 characters drawn from the 1,200
/// most common characters with a strong frequency skew, English terms of 2–4
/// words from a 20,000-word vocabulary (30 % capitalised, 4 % acronyms),
/// one concept per term, and text with 70 % of its bytes non-ASCII.
pub mod skewed {
    use super::{Rng, COMMON};
    use shuyu::{Concept, Glossary, Lang, Term};

    /// The common characters, most common first.
    fn commons() -> &'static [char] {
        static CHARS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
        CHARS.get_or_init(|| COMMON.chars().collect())
    }

    /// A common character drawn with the skew of running text.
    fn common(rng: &mut Rng) -> char {
        let chars = commons();
        chars[zipf(rng, chars.len())]
    }

    /// A Zipf-like draw in 0..n: rank r about as often as 1/(r+1).
    fn zipf(rng: &mut Rng, n: usize) -> usize {
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }

    /// The `i`-th word of the vocabulary: two to four syllables.
    fn word(i: usize) -> String {
        const SYLLABLES: &[&str] = &[
            "ba", "ke", "ri", "no", "su", "ta", "mi", "lo", "pe", "da", "an", "or", "en", "it",
            "ul", "ver", "sta", "pro", "gram", "tion", "con", "ment", "ex", "ter", "ing", "sec",
        ];
        let n = SYLLABLES.len();
        let mut out = String::new();
        let mut k = i;
        for _ in 0..2 + i % 3 {
            out.push_str(SYLLABLES[k % n]);
            k = k / n + 7;
        }
        out
    }

    fn english_term(rng: &mut Rng) -> String {
        if rng.below(100) < 4 {
            return (0..2 + rng.below(3))
                .map(|_| (b'A' + rng.below(26) as u8) as char)
                .collect();
        }
        let words: Vec<String> = (0..2 + rng.below(3))
            .map(|_| word(zipf(rng, 20_000)))
            .collect();
        let mut term = words.join(" ");
        if rng.below(100) < 30 {
            term[..1].make_ascii_uppercase();
        }
        term
    }

    fn chinese_term(rng: &mut Rng) -> String {
        (0..2 + rng.below(3)).map(|_| common(rng)).collect()
    }

    /// A glossary of `terms` terms, each its own concept, half Chinese.
    pub fn glossary(terms: usize, seed: u64) -> Glossary {
        let mut rng = Rng::new(seed);
        let mut g = Glossary::new();
        let mut seen = std::collections::HashSet::new();
        while g.concepts.len() < terms {
            let (text, lang) = if rng.below(2) == 0 {
                (chinese_term(&mut rng), Lang::ZhCn)
            } else {
                (english_term(&mut rng), Lang::En)
            };
            if seen.insert(shuyu::normalize::key(&text)) {
                let id = format!("c{}", g.concepts.len());
                g.concepts
                    .push(Concept::new(id).with_term(Term::new(text, lang)));
            }
        }
        g
    }

    /// About `bytes` bytes of text, 70 % of them non-ASCII, with a term of
    /// the glossary about every 40 characters.
    pub fn text(glossary: &Glossary, bytes: usize, seed: u64) -> String {
        let terms = super::term_texts(glossary);
        let mut rng = Rng::new(seed);
        let mut out = String::with_capacity(bytes + 64);
        let mut since_term = 0;
        while out.len() < bytes {
            if since_term >= 40 {
                out.push_str(terms[rng.below(terms.len())]);
                since_term = 0;
            } else if rng.below(100) < 80 {
                // Chinese runs: 3 bytes a character, most of the bytes.
                let n = 2 + rng.below(12);
                for _ in 0..n {
                    out.push(common(&mut rng));
                }
                out.push(['，', '。', '的'][rng.below(3)]);
                since_term += n + 1;
            } else {
                let w = word(zipf(&mut rng, 20_000));
                out.push(' ');
                out.push_str(&w);
                out.push(' ');
                since_term += w.len() + 2;
            }
        }
        out
    }
}

/// The seed documents when `../shared/seeds` is there (a developer's
/// checkout), else the sample in `examples/` repeated to a similar size.
pub fn seed_text() -> (String, &'static str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let text: String = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        if !text.is_empty() {
            return (text, "seeds");
        }
    }
    let sample = include_str!("../../examples/sample.txt");
    (sample.repeat(100_000 / sample.len() + 1), "sample")
}

impl Rng {
    /// A Zipf-like draw in 0..n (log-uniform): rank 0 about 9% of draws
    /// for n = 3,000, as 的 is in Chinese text.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// A Chinese sentence of 12–40 characters (Zipf-distributed over 3,000),
/// with commas and a full stop.
pub fn chinese_sentence(rng: &mut Rng) -> String {
    let n = 12 + rng.below(29);
    let mut s = String::new();
    for i in 0..n {
        s.push(cjk(rng.zipf(3000)));
        if i + 1 < n && rng.below(14) == 0 {
            s.push('，');
        }
    }
    s.push('。');
    s
}

/// An English sentence of 6–25 words.
pub fn english_sentence(rng: &mut Rng) -> String {
    let n = 6 + rng.below(20);
    let mut words: Vec<String> = (0..n).map(|_| english_word(rng)).collect();
    if let Some(first) = words.first_mut() {
        *first = first[..1].to_uppercase() + &first[1..];
    }
    words.join(" ") + "."
}

/// A zh-CN → en translation memory of `units` segments.
pub fn memory(units: usize, seed: u64) -> impl Iterator<Item = shuyu::formats::bitext::Segment> {
    let mut rng = Rng::new(seed);
    (0..units).map(move |i| shuyu::formats::bitext::Segment {
        id: (i + 1).to_string(),
        source: chinese_sentence(&mut rng),
        target: Some(english_sentence(&mut rng)),
        source_lang: Some("zh-CN".into()),
        target_lang: Some("en".into()),
        ..Default::default()
    })
}

/// `source` with `edits` characters replaced, inserted or deleted at
/// random: a query that fuzzily matches it.
pub fn edit(source: &str, edits: usize, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..edits {
        let at = rng.below(chars.len().max(1));
        match rng.below(3) {
            0 if !chars.is_empty() => chars[at] = cjk(rng.zipf(3000)),
            1 => chars.insert(at, cjk(rng.zipf(3000))),
            _ if chars.len() > 1 => {
                chars.remove(at);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}
