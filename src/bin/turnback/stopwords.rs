//! Very common words of the metadata's 15 languages (data/stopwords/, whose
//! README names the source). A keyword made only of them would match most
//! texts; `build` warns about it. CLI only: the engine carries none of this.

use std::collections::HashMap;
use std::sync::OnceLock;

use turnback::text::normalize;

/// (language, list) for each language of the default metadata.
const LISTS: &[(&str, &str)] = &[
    ("en", include_str!("../../../data/stopwords/en.txt")),
    ("de", include_str!("../../../data/stopwords/de.txt")),
    ("fr", include_str!("../../../data/stopwords/fr.txt")),
    ("es", include_str!("../../../data/stopwords/es.txt")),
    ("nl", include_str!("../../../data/stopwords/nl.txt")),
    ("it", include_str!("../../../data/stopwords/it.txt")),
    ("pt", include_str!("../../../data/stopwords/pt.txt")),
    ("pl", include_str!("../../../data/stopwords/pl.txt")),
    ("sv", include_str!("../../../data/stopwords/sv.txt")),
    ("fi", include_str!("../../../data/stopwords/fi.txt")),
    ("no", include_str!("../../../data/stopwords/no.txt")),
    ("da", include_str!("../../../data/stopwords/da.txt")),
    ("tr", include_str!("../../../data/stopwords/tr.txt")),
    ("ru", include_str!("../../../data/stopwords/ru.txt")),
    ("ar", include_str!("../../../data/stopwords/ar.txt")),
];

/// The languages whose stop list holds `word` (already normalized), in
/// the order of [`LISTS`]; empty when none does.
pub fn languages_of(word: &str) -> &'static [&'static str] {
    table().get(word).map_or(&[], Vec::as_slice)
}

/// Normalized like the matcher normalizes keywords, so that `The`, `THE`
/// and full-width forms all count as `the`.
fn table() -> &'static HashMap<String, Vec<&'static str>> {
    static TABLE: OnceLock<HashMap<String, Vec<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<String, Vec<&'static str>> = HashMap::new();
        for (lang, list) in LISTS {
            let words = list.lines().filter(|l| !l.starts_with('#'));
            for w in words {
                let n = normalize(w);
                let Some(primary) = n.primary() else { continue };
                let key = primary.tokens().collect::<Vec<_>>().join(" ");
                let langs = t.entry(key).or_default();
                if !langs.contains(lang) {
                    langs.push(lang);
                }
            }
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_of_the_metadata_has_a_list() {
        assert_eq!(LISTS.len(), 15);
        for (lang, list) in LISTS {
            assert!(list.lines().count() > 40, "{lang}");
        }
        assert_eq!(languages_of("the"), ["en"]);
        assert!(languages_of("und").contains(&"de"));
        assert!(languages_of("и").contains(&"ru"));
        assert!(languages_of("zorblax").is_empty());
    }
}
