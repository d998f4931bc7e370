//! Combination rules: a rule matches when every one of its 2–4 terms occurs
//! anywhere in the text. Terms are phrases stored in their own prefix table;
//! one term may have several keys (its normalization variants), all mapped
//! to the same term group.

use super::Category;

pub const MIN_TERMS: usize = 2;
pub const MAX_TERMS: usize = 4;

#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) groups: Vec<u32>,
    pub(crate) category: Category,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct RuleSet {
    rules: Vec<Rule>,
    /// For each term group, the rules that use it.
    by_group: Vec<Vec<u32>>,
}

impl RuleSet {
    pub(crate) fn new(rules: Vec<Rule>, groups: usize) -> RuleSet {
        let mut by_group = vec![Vec::new(); groups];
        for (i, r) in rules.iter().enumerate() {
            for &g in &r.groups {
                if let Some(v) = by_group.get_mut(g as usize) {
                    v.push(i as u32);
                }
            }
        }
        RuleSet { rules, by_group }
    }

    /// The first rule (lowest index) all of whose groups are in `matched`.
    pub(crate) fn first_satisfied(&self, matched: &[u32]) -> Option<(u32, Category)> {
        let mut best: Option<u32> = None;
        for &g in matched {
            for &r in self.by_group.get(g as usize).into_iter().flatten() {
                if best.is_some_and(|b| b <= r) {
                    continue;
                }
                let rule = &self.rules[r as usize];
                if rule.groups.iter().all(|g| matched.contains(g)) {
                    best = Some(r);
                }
            }
        }
        best.map(|r| (r, self.rules[r as usize].category))
    }

    pub(crate) fn len(&self) -> usize {
        self.rules.len()
    }
}
