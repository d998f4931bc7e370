//! Search text extraction: every site of the built-in table, decoding, the
//! generic patterns, the fallback, and table parsing and extension.

use std::collections::BTreeSet;

use proptest::prelude::*;
use turnback::search::{extract, SearchError, SearchText, SiteTable, MAX_TEXT_BYTES};
use turnback::url::canonicalize;

/// (url, expected text, expected site; `None` = parameter fallback)
const CASES: &[(&str, &str, Option<&str>)] = &[
    // Google, on country domains, web / images / videos.
    (
        "https://www.google.com/search?q=some+words",
        "some words",
        Some("google"),
    ),
    (
        "https://www.google.co.uk/search?q=some+words&hl=en",
        "some words",
        Some("google"),
    ),
    (
        "https://www.google.de/search?hl=de&q=zorblax",
        "zorblax",
        Some("google"),
    ),
    (
        "https://www.google.com.br/search?q=some%20words",
        "some words",
        Some("google"),
    ),
    (
        "https://www.google.co.jp/search?tbm=isch&q=some+words",
        "some words",
        Some("google"),
    ),
    (
        "https://google.fr/search?q=zorblax&tbm=vid",
        "zorblax",
        Some("google"),
    ),
    (
        "https://www.google.com.au/search?q=zorblax",
        "zorblax",
        Some("google"),
    ),
    (
        "https://www.google.ca/webhp?q=zorblax",
        "zorblax",
        Some("google"),
    ),
    (
        "https://images.google.com/images?q=zorblax",
        "zorblax",
        Some("google"),
    ),
    // Bing
    (
        "https://www.bing.com/search?q=some+words&form=QBLH",
        "some words",
        Some("bing"),
    ),
    (
        "https://www.bing.com/images/search?q=some+words",
        "some words",
        Some("bing"),
    ),
    (
        "https://www.bing.com/videos/search?q=some+words",
        "some words",
        Some("bing"),
    ),
    // DuckDuckGo
    (
        "https://duckduckgo.com/?q=some+words&ia=web",
        "some words",
        Some("duckduckgo"),
    ),
    (
        "https://duckduckgo.com/?q=some+words&iax=images&ia=images",
        "some words",
        Some("duckduckgo"),
    ),
    (
        "https://duckduckgo.com/?q=some+words&iax=videos&ia=videos",
        "some words",
        Some("duckduckgo"),
    ),
    (
        "https://html.duckduckgo.com/html/?q=zorblax",
        "zorblax",
        Some("duckduckgo"),
    ),
    // Yahoo
    (
        "https://search.yahoo.com/search?p=some+words&fr=yfp",
        "some words",
        Some("yahoo"),
    ),
    (
        "https://uk.search.yahoo.com/search?p=zorblax",
        "zorblax",
        Some("yahoo"),
    ),
    (
        "https://images.search.yahoo.com/search/images?p=some+words",
        "some words",
        Some("yahoo"),
    ),
    (
        "https://video.search.yahoo.com/search/video?p=some+words",
        "some words",
        Some("yahoo"),
    ),
    (
        "https://search.yahoo.co.jp/search?p=zorblax",
        "zorblax",
        Some("yahoo"),
    ),
    // Yandex
    (
        "https://yandex.ru/search/?text=some+words&lr=213",
        "some words",
        Some("yandex"),
    ),
    (
        "https://yandex.com/images/search?text=some+words",
        "some words",
        Some("yandex"),
    ),
    (
        "https://yandex.com.tr/video/search?text=some+words",
        "some words",
        Some("yandex"),
    ),
    (
        "https://ya.ru/search/?text=zorblax",
        "zorblax",
        Some("yandex"),
    ),
    // Baidu
    (
        "https://www.baidu.com/s?ie=utf-8&wd=some+words",
        "some words",
        Some("baidu"),
    ),
    (
        "https://m.baidu.com/s?word=zorblax",
        "zorblax",
        Some("baidu"),
    ),
    (
        "https://image.baidu.com/search/index?tn=baiduimage&word=some+words",
        "some words",
        Some("baidu"),
    ),
    (
        "https://v.baidu.com/v?word=zorblax",
        "zorblax",
        Some("baidu"),
    ),
    // Ecosia
    (
        "https://www.ecosia.org/search?method=index&q=some+words",
        "some words",
        Some("ecosia"),
    ),
    (
        "https://www.ecosia.org/images?q=some+words",
        "some words",
        Some("ecosia"),
    ),
    (
        "https://www.ecosia.org/videos?q=some+words",
        "some words",
        Some("ecosia"),
    ),
    // Brave
    (
        "https://search.brave.com/search?q=some+words&source=web",
        "some words",
        Some("brave"),
    ),
    (
        "https://search.brave.com/images?q=some+words",
        "some words",
        Some("brave"),
    ),
    (
        "https://search.brave.com/videos?q=some+words",
        "some words",
        Some("brave"),
    ),
    // Startpage
    (
        "https://www.startpage.com/do/search?query=some+words",
        "some words",
        Some("startpage"),
    ),
    (
        "https://www.startpage.com/sp/search?q=zorblax",
        "zorblax",
        Some("startpage"),
    ),
    (
        "https://www.startpage.com/sp/search?cat=images&query=some+words",
        "some words",
        Some("startpage"),
    ),
    // Qwant
    (
        "https://www.qwant.com/?q=some+words&t=web",
        "some words",
        Some("qwant"),
    ),
    (
        "https://www.qwant.com/?q=some+words&t=images",
        "some words",
        Some("qwant"),
    ),
    (
        "https://www.qwant.com/?q=some+words&t=videos",
        "some words",
        Some("qwant"),
    ),
    // Naver
    (
        "https://search.naver.com/search.naver?where=nexearch&query=some+words",
        "some words",
        Some("naver"),
    ),
    (
        "https://search.naver.com/search.naver?where=image&query=some+words",
        "some words",
        Some("naver"),
    ),
    (
        "https://m.search.naver.com/search.naver?where=m_video&query=zorblax",
        "zorblax",
        Some("naver"),
    ),
    // Seznam
    (
        "https://search.seznam.cz/?q=some+words",
        "some words",
        Some("seznam"),
    ),
    (
        "https://search.seznam.cz/obrazky/?q=some+words",
        "some words",
        Some("seznam"),
    ),
    (
        "https://search.seznam.cz/videa/?q=some+words",
        "some words",
        Some("seznam"),
    ),
    // Ask, AOL
    (
        "https://www.ask.com/web?q=some+words",
        "some words",
        Some("ask"),
    ),
    (
        "https://search.aol.com/aol/search?q=some+words",
        "some words",
        Some("aol"),
    ),
    (
        "https://search.aol.com/aol/image?q=some+words",
        "some words",
        Some("aol"),
    ),
    (
        "https://search.aol.com/aol/video?q=some+words",
        "some words",
        Some("aol"),
    ),
    // Sogou
    (
        "https://www.sogou.com/web?query=some+words",
        "some words",
        Some("sogou"),
    ),
    (
        "https://pic.sogou.com/pics?query=some+words",
        "some words",
        Some("sogou"),
    ),
    (
        "https://v.sogou.com/v?query=some+words",
        "some words",
        Some("sogou"),
    ),
    // Mojeek
    (
        "https://www.mojeek.com/search?q=some+words",
        "some words",
        Some("mojeek"),
    ),
    (
        "https://www.mojeek.com/search?q=some+words&fmt=images",
        "some words",
        Some("mojeek"),
    ),
    // Swisscows
    (
        "https://swisscows.com/web?query=some+words",
        "some words",
        Some("swisscows"),
    ),
    (
        "https://swisscows.com/en/images?query=some+words",
        "some words",
        Some("swisscows"),
    ),
    (
        "https://swisscows.com/video?query=some+words",
        "some words",
        Some("swisscows"),
    ),
    // Kagi
    (
        "https://kagi.com/search?q=some+words",
        "some words",
        Some("kagi"),
    ),
    (
        "https://kagi.com/images?q=some+words",
        "some words",
        Some("kagi"),
    ),
    (
        "https://kagi.com/videos?q=some+words",
        "some words",
        Some("kagi"),
    ),
    // MetaGer
    (
        "https://metager.org/meta/meta.ger3?eingabe=some+words",
        "some words",
        Some("metager"),
    ),
    (
        "https://metager.de/en/meta/meta.ger3?focus=bilder&eingabe=zorblax",
        "zorblax",
        Some("metager"),
    ),
    // Yep
    (
        "https://yep.com/web?q=some+words",
        "some words",
        Some("yep"),
    ),
    (
        "https://yep.com/images?q=some+words",
        "some words",
        Some("yep"),
    ),
    // YouTube
    (
        "https://www.youtube.com/results?search_query=some+words",
        "some words",
        Some("youtube"),
    ),
    (
        "https://m.youtube.com/results?sp=EgIQAQ&search_query=zorblax",
        "zorblax",
        Some("youtube"),
    ),
    // TikTok
    (
        "https://www.tiktok.com/search?q=some%20words",
        "some words",
        Some("tiktok"),
    ),
    (
        "https://www.tiktok.com/search/video?q=some%20words",
        "some words",
        Some("tiktok"),
    ),
    (
        "https://www.tiktok.com/tag/zorblax",
        "zorblax",
        Some("tiktok"),
    ),
    (
        "https://www.tiktok.com/discover/some-words",
        "some words",
        Some("tiktok"),
    ),
    // X / Twitter
    (
        "https://x.com/search?q=some%20words&src=typed_query",
        "some words",
        Some("x"),
    ),
    (
        "https://x.com/search?q=zorblax&f=media",
        "zorblax",
        Some("x"),
    ),
    (
        "https://twitter.com/hashtag/zorblax?src=hash",
        "zorblax",
        Some("x"),
    ),
    (
        "https://mobile.twitter.com/search?q=zorblax",
        "zorblax",
        Some("x"),
    ),
    // Reddit
    (
        "https://www.reddit.com/search/?q=some+words",
        "some words",
        Some("reddit"),
    ),
    (
        "https://www.reddit.com/r/somesub/search?q=some+words&restrict_sr=1",
        "some words",
        Some("reddit"),
    ),
    (
        "https://old.reddit.com/r/somesub/search/?q=zorblax",
        "zorblax",
        Some("reddit"),
    ),
    // Tumblr
    (
        "https://www.tumblr.com/search/some%20words",
        "some words",
        Some("tumblr"),
    ),
    (
        "https://www.tumblr.com/search/some+words/recent",
        "some words",
        Some("tumblr"),
    ),
    (
        "https://www.tumblr.com/tagged/some-words",
        "some words",
        Some("tumblr"),
    ),
    (
        "https://www.tumblr.com/tagged/zorblax?sort=top",
        "zorblax",
        Some("tumblr"),
    ),
    // Pinterest
    (
        "https://www.pinterest.com/search/pins/?q=some%20words&rs=typed",
        "some words",
        Some("pinterest"),
    ),
    (
        "https://www.pinterest.co.uk/search/pins/?q=zorblax",
        "zorblax",
        Some("pinterest"),
    ),
    (
        "https://de.pinterest.com/search/boards/?q=zorblax",
        "zorblax",
        Some("pinterest"),
    ),
    // Instagram, Facebook
    (
        "https://www.instagram.com/explore/tags/zorblax/",
        "zorblax",
        Some("instagram"),
    ),
    (
        "https://www.instagram.com/explore/search/keyword/?q=some+words",
        "some words",
        Some("instagram"),
    ),
    (
        "https://www.facebook.com/search/top?q=some%20words",
        "some words",
        Some("facebook"),
    ),
    (
        "https://www.facebook.com/search/videos/?q=zorblax",
        "zorblax",
        Some("facebook"),
    ),
    (
        "https://www.facebook.com/hashtag/zorblax",
        "zorblax",
        Some("facebook"),
    ),
    // Vimeo, Dailymotion, Bilibili, Twitch, Flickr, Bluesky, Threads
    (
        "https://vimeo.com/search?q=some+words",
        "some words",
        Some("vimeo"),
    ),
    (
        "https://www.dailymotion.com/search/some%20words/videos",
        "some words",
        Some("dailymotion"),
    ),
    (
        "https://search.bilibili.com/all?keyword=some%20words",
        "some words",
        Some("bilibili"),
    ),
    (
        "https://search.bilibili.com/video?keyword=zorblax",
        "zorblax",
        Some("bilibili"),
    ),
    (
        "https://www.twitch.tv/search?term=some%20words",
        "some words",
        Some("twitch"),
    ),
    (
        "https://www.flickr.com/search/?text=some%20words",
        "some words",
        Some("flickr"),
    ),
    (
        "https://bsky.app/search?q=some+words",
        "some words",
        Some("bluesky"),
    ),
    (
        "https://www.threads.net/search?q=some+words",
        "some words",
        Some("threads"),
    ),
    // Generic slugs on any other host.
    (
        "https://videos.turnback.test/search/some-words/",
        "some words",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/search/some+words",
        "some words",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/search/some_words/2/",
        "some words",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/search/some%20words",
        "some words",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/tags/blocked-demo-term/",
        "blocked demo term",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/tag/zorblax/",
        "zorblax",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/s/some-words/",
        "some words",
        Some("generic-path"),
    ),
    (
        "https://videos.turnback.test/video/search/some-words",
        "some words",
        Some("generic-path"),
    ),
    // Generic search parameters on any other host.
    (
        "https://videos.turnback.test/search?search=some+words",
        "some words",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/search/?q=some+words",
        "some words",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/?k=some+words",
        "some words",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/?page=2&query=some+words",
        "some words",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/search.php?keywords=zorblax",
        "zorblax",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/video/search?k=zorblax",
        "zorblax",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/results?search_query=zorblax",
        "zorblax",
        Some("generic-search"),
    ),
    (
        "https://videos.turnback.test/videos/latest?search=zorblax",
        "zorblax",
        Some("generic-search"),
    ),
    // Parameter fallback on an unknown host: no site.
    ("https://www.turnback.test/page?q=zorblax", "zorblax", None),
    (
        "https://www.turnback.test/page?query=zorblax",
        "zorblax",
        None,
    ),
    ("https://www.turnback.test/blog/?s=zorblax", "zorblax", None),
    ("https://www.turnback.test/find?k=zorblax", "zorblax", None),
    ("https://www.turnback.test/find?p=zorblax", "zorblax", None),
    ("https://www.turnback.test/find?wd=zorblax", "zorblax", None),
    (
        "https://www.turnback.test/find?text=zorblax",
        "zorblax",
        None,
    ),
    (
        "https://www.turnback.test/find?term=zorblax",
        "zorblax",
        None,
    ),
    (
        "https://www.turnback.test/find?keyword=zorblax",
        "zorblax",
        None,
    ),
    (
        "https://www.turnback.test/find?x=1&keywords=some+words",
        "some words",
        None,
    ),
];

/// Decoding details, all on Google.
const DECODING: &[(&str, &str)] = &[
    ("q=caf%C3%A9", "café"),
    ("q=caf%c3%a9+au%20lait", "café au lait"),
    ("q=some%2520words", "some words"),
    ("q=some%252520words", "some words"),
    ("q=++some+++words%09%0A", "some words"),
    ("q=&q=+&q=zorblax&q=other", "zorblax"),
    ("q=c%2B%2B", "c++"),
    ("q=a%FFb", "a\u{FFFD}b"),
    ("amp;q=zorblax", "zorblax"),
    ("q=%E3%81%82", "\u{3042}"),
];

const NO_SEARCH: &[&str] = &[
    "https://www.google.com/maps",
    "https://www.google.com/maps?q=zorblax",
    "https://www.google.com/url?q=https://www.turnback.test/",
    "https://www.google.com/",
    "https://www.google.co.uk/search",
    "https://www.google.com/search?q=",
    "https://www.google.com/search?q=+%20+",
    "https://www.google.com/search?tbm=isch",
    "https://www.youtube.com/watch?v=x",
    "https://www.youtube.com/",
    "https://www.bing.com/",
    "https://duckduckgo.com/",
    "https://www.reddit.com/r/somesub/",
    "https://www.tumblr.com/search/",
    "https://www.turnback.test/",
    "https://www.turnback.test/page?id=3&v=x",
    "https://videos.turnback.test/search/",
    "https://videos.turnback.test/tags/",
];

fn got(url: &str) -> Option<SearchText> {
    let u = canonicalize(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    extract(&u)
}

#[test]
fn every_case_extracts_text_and_site() {
    let mut failures = Vec::new();
    for &(url, text, site) in CASES {
        let want = Some(SearchText {
            text: text.to_string(),
            site: site.map(str::to_string),
        });
        let have = got(url);
        if have != want {
            failures.push(format!("{url}\n   want {want:?}\n   have {have:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_builtin_site_has_a_case() {
    let tested: BTreeSet<&str> = CASES.iter().filter_map(|c| c.2).collect();
    let names = SiteTable::builtin().site_names();
    assert!(names.len() >= 30, "only {} sites: {names:?}", names.len());
    let missing: Vec<&&str> = names.iter().filter(|n| !tested.contains(**n)).collect();
    assert!(missing.is_empty(), "sites without a test case: {missing:?}");
    let unknown: Vec<&&str> = tested.iter().filter(|n| !names.contains(n)).collect();
    assert!(
        unknown.is_empty(),
        "cases name sites not in the table: {unknown:?}"
    );
}

#[test]
fn decoding() {
    for &(query, text) in DECODING {
        let url = format!("https://www.google.com/search?{query}");
        assert_eq!(got(&url).map(|s| s.text).as_deref(), Some(text), "{url}");
    }
}

#[test]
fn long_text_is_never_cut() {
    // MAX_TEXT_BYTES is the URL bound: text that fits in a URL is whole.
    const { assert!(MAX_TEXT_BYTES >= turnback::url::MAX_INPUT_BYTES) };
    let url = format!(
        "https://www.google.com/search?q={}zorblax",
        "ab+".repeat(20_000)
    );
    let text = got(&url).map(|s| s.text).unwrap_or_default();
    assert_eq!(text.len(), 20_000 * 3 + "zorblax".len());
    assert!(text.starts_with("ab ab") && text.ends_with(" zorblax"));
}

#[test]
fn padding_does_not_hide_the_text() {
    let google = |query: String| got(&format!("https://www.google.com/search?{query}"));
    let cases = [
        format!("junk={}&q=some+words", "x".repeat(5000)),
        format!("{}q=some+words", "a=b&".repeat(3000)),
        format!("q=&{}q=some+words", "q=&".repeat(3000)),
        format!("q={}some+words", "+".repeat(2000)),
        format!("q={}some+words", "%20".repeat(2000)),
        format!("q={}some+words{}", "%20".repeat(9000), "+".repeat(9000)),
    ];
    for query in cases {
        assert_eq!(
            google(query.clone()).map(|s| s.text).as_deref(),
            Some("some words"),
            "{}",
            query.get(..40).unwrap_or(&query)
        );
    }
    // Characters other than whitespace are the normalizer's to drop; the
    // text keeps them, and still ends with the words.
    let dots = google(format!("q={}+some+words", ".".repeat(30_000)));
    assert!(dots.is_some_and(|s| s.text.len() == 30_011 && s.text.ends_with(". some words")));
    let slug = got(&format!(
        "https://www.turnback.test/search/{}some-words/",
        "-%20".repeat(5000)
    ));
    assert_eq!(slug.map(|s| s.text).as_deref(), Some("some words"));
}

#[test]
fn urls_without_search_give_none() {
    for &url in NO_SEARCH {
        assert_eq!(got(url), None, "{url}");
    }
}

#[test]
fn bad_lines_are_named() {
    let cases = [
        "google google.* /search q\n\n# note\ntoo few\n",
        "ok * /a q\nBad-Name * /a q",
        "ok * /a q\nok * a q",
        "ok * /a q\nok * /{}/b q",
        "ok * /a q\nok * /a",
        "ok * /a q\nok *.turnback.test /a q",
        "ok * /a q\nok * /**/a q",
        "ok * /a q\nok * /{}/{} ",
        "ok * /a q\nok * /a q,,p",
        "ok * /a q\nok * /a q extra",
    ];
    let lines = [4, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    for (text, line) in cases.iter().zip(lines) {
        match SiteTable::parse(text) {
            Err(e @ SearchError::BadLine { line: l, .. }) => {
                assert_eq!(l, line, "{text:?}");
                assert!(e.to_string().contains(&format!("line {line}")), "{e}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn too_many_rules_is_an_error() {
    let text = "s * /a q\n".repeat(turnback::search::MAX_RULES + 1);
    assert_eq!(
        SiteTable::parse(&text).err(),
        Some(SearchError::TooManyRules {
            max: turnback::search::MAX_RULES
        })
    );
}

#[test]
fn extend_adds_and_overrides() {
    let url = |s: &str| canonicalize(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    let extra = SiteTable::parse(
        "# a list publisher's sites\n\
         zorb-videos  videos.turnback.test  /find  q\n\
         zorb-bing    bing.com              /search  q\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(extra.len(), 2);

    let mut table = SiteTable::builtin().clone();
    let find = url("https://videos.turnback.test/find?q=some+words");
    let bing = url("https://www.bing.com/search?q=some+words");
    let bing_images = url("https://www.bing.com/images/search?q=some+words");
    assert_eq!(table.extract(&find).and_then(|s| s.site), None);
    assert_eq!(
        table.extract(&bing).and_then(|s| s.site).as_deref(),
        Some("bing")
    );

    table.extend(extra);
    let found = table.extract(&find);
    assert_eq!(found.as_ref().map(|s| s.text.as_str()), Some("some words"));
    assert_eq!(found.and_then(|s| s.site).as_deref(), Some("zorb-videos"));
    assert_eq!(
        table.extract(&bing).and_then(|s| s.site).as_deref(),
        Some("zorb-bing")
    );
    // Paths the publisher did not name keep the built-in rules.
    assert_eq!(
        table.extract(&bing_images).and_then(|s| s.site).as_deref(),
        Some("bing")
    );
    // The publisher named the host, so it no longer gets the generic rules.
    let other = url("https://videos.turnback.test/search/some-words/");
    assert_eq!(table.extract(&other), None);
    assert!(table.site_names().contains(&"zorb-videos"));
    // The built-in table itself is untouched.
    assert_eq!(extract(&find).and_then(|s| s.site), None);
}

#[test]
fn empty_table_finds_nothing() {
    let table = SiteTable::parse("# nothing\n\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(table.is_empty());
    let u =
        canonicalize("https://www.google.com/search?q=zorblax").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.extract(&u), None);
}

proptest! {
    #[test]
    fn never_panics_and_stays_bounded(
        host in "[a-z0-9.-]{1,30}",
        path in "(/[a-zA-Z0-9%+_.-]{0,12}){0,5}",
        query in "[a-zA-Z0-9%+=&_.-]{0,80}",
    ) {
        let url = format!("https://{host}{path}?{query}");
        if let Ok(u) = canonicalize(&url) {
            if let Some(s) = extract(&u) {
                prop_assert!(!s.text.is_empty() && s.text.len() <= MAX_TEXT_BYTES);
                prop_assert_eq!(s.text.trim(), s.text.as_str());
                prop_assert!(!s.text.contains("  "));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The search text is found after any number of junk parameters of any
    /// size, within the URL bound.
    #[test]
    fn search_text_follows_any_junk(
        junk in prop::collection::vec(("[a-pr-z_]{1,8}", "[a-zA-Z0-9%+=._~-]{0,40}", 0usize..2000), 0..24),
        after in prop::collection::vec("[a-pr-z]{1,8}=[a-z0-9]{0,8}", 0..4),
    ) {
        let mut query = String::new();
        for (key, value, repeat) in &junk {
            query.push_str(&format!("{key}={}&", value.repeat(repeat / 40 + 1)));
        }
        query.push_str("q=some+words");
        for pair in &after {
            query.push('&');
            query.push_str(pair);
        }
        let url = format!("https://www.google.com/search?{query}");
        prop_assume!(url.len() <= turnback::url::MAX_INPUT_BYTES);
        let found = got(&url);
        prop_assert_eq!(found.as_ref().map(|s| s.text.as_str()), Some("some words"));
        let site = found.and_then(|s| s.site);
        prop_assert_eq!(site.as_deref(), Some("google"));
    }
}
