//! Combination rules: a rule matches when every one of its 2–4 terms occurs
//! anywhere in the text. Terms are phrases stored in their own prefix table;
//! one term may have several keys (its normalization variants), all mapped
//! to the same term group. Layout in docs/list-format.md, "Rules".

use std::ops::Range;

use super::bytes::{u32_at, u64_at};
use super::Category;

pub const MIN_TERMS: usize = 2;
pub const MAX_TERMS: usize = 4;
const RECORD: usize = 20;
const UNUSED: u32 = u32::MAX;

/// A rule before it is written: its term groups and category.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub(crate) groups: Vec<u32>,
    pub(crate) category: Category,
}

/// Appends the rules block to `out`.
pub(crate) fn write(rules: &[Rule], groups: usize, out: &mut Vec<u8>) {
    out.extend_from_slice(&(rules.len() as u32).to_le_bytes());
    out.extend_from_slice(&(groups as u32).to_le_bytes());
    let mut by_group = vec![Vec::new(); groups];
    for (i, r) in rules.iter().enumerate() {
        out.push(r.groups.len() as u8);
        out.push(r.category.0);
        out.extend_from_slice(&0u16.to_le_bytes());
        for k in 0..MAX_TERMS {
            let g = r.groups.get(k).copied().unwrap_or(UNUSED);
            out.extend_from_slice(&g.to_le_bytes());
            if let Some(v) = r.groups.get(k).and_then(|&g| by_group.get_mut(g as usize)) {
                v.push(i as u32);
            }
        }
    }
    let mut at = 0u32;
    out.extend_from_slice(&at.to_le_bytes());
    for v in &by_group {
        at += v.len() as u32;
        out.extend_from_slice(&at.to_le_bytes());
    }
    by_group
        .iter()
        .flatten()
        .for_each(|r| out.extend_from_slice(&r.to_le_bytes()));
    super::bytes::pad8(out);
}

/// A validated rules block: where its parts lie in the list bytes.
#[derive(Debug, Clone, Default)]
pub(crate) struct RulesLayout {
    records: Range<usize>,
    offsets: Range<usize>,
    ids: Range<usize>,
    groups: u32,
}

/// The rules block borrowed from the list bytes for one check.
struct RulesView<'a> {
    records: &'a [u8],
    offsets: &'a [u8],
    ids: &'a [u8],
    groups: u32,
}

impl RulesLayout {
    pub(crate) fn parse(file: &[u8], at: Range<usize>) -> Result<RulesLayout, &'static str> {
        let block = file.get(at.clone()).ok_or("rules outside the file")?;
        let head = u64_at(block, 0).ok_or("rules header truncated")?;
        let (r, g) = ((head & 0xffff_ffff) as usize, (head >> 32) as usize);
        let records_end = r
            .checked_mul(RECORD)
            .and_then(|n| n.checked_add(8))
            .ok_or("rules too large")?;
        let offsets_end = g
            .checked_add(1)
            .and_then(|n| n.checked_mul(4))
            .and_then(|n| n.checked_add(records_end))
            .ok_or("rules too large")?;
        let offsets = block
            .get(records_end..offsets_end)
            .ok_or("rules truncated")?;
        let m = u32_at(offsets, g * 4).ok_or("rules truncated")? as usize;
        let ids_end = m
            .checked_mul(4)
            .and_then(|n| n.checked_add(offsets_end))
            .ok_or("rules too large")?;
        let padded = super::bytes::align8(ids_end).ok_or("rules too large")?;
        if padded != block.len() {
            return Err("rules length does not match its counts");
        }
        let records = block.get(8..records_end).ok_or("rules truncated")?;
        for i in 0..r {
            let n = records.get(i * RECORD).copied().unwrap_or(0) as usize;
            if !(MIN_TERMS..=MAX_TERMS).contains(&n) {
                return Err("a rule does not have 2 to 4 terms");
            }
            // Values the writer never produces are refused even when signed:
            // a group out of range would make the rule unmatchable.
            for k in 0..n {
                let group = u32_at(records, i * RECORD + 4 + 4 * k).ok_or("rules truncated")?;
                if group as usize >= g {
                    return Err("a rule names a term group out of range");
                }
            }
        }
        let mut last = 0;
        for k in 0..=g {
            let at = u32_at(offsets, k * 4).ok_or("rules truncated")?;
            if at < last {
                return Err("rule offsets go backwards");
            }
            last = at;
        }
        let ids = block.get(offsets_end..ids_end).ok_or("rules truncated")?;
        if ids
            .chunks_exact(4)
            .any(|c| u32_at(c, 0).is_none_or(|id| id as usize >= r))
        {
            return Err("a term group names a rule out of range");
        }
        Ok(RulesLayout {
            records: at.start + 8..at.start + records_end,
            offsets: at.start + records_end..at.start + offsets_end,
            ids: at.start + offsets_end..at.start + ids_end,
            groups: g as u32,
        })
    }

    fn view<'a>(&self, file: &'a [u8]) -> Option<RulesView<'a>> {
        Some(RulesView {
            records: file.get(self.records.clone())?,
            offsets: file.get(self.offsets.clone())?,
            ids: file.get(self.ids.clone())?,
            groups: self.groups,
        })
    }

    /// The first rule (lowest id) all of whose groups are in `matched`.
    pub(crate) fn first_satisfied(&self, file: &[u8], matched: &[u32]) -> Option<(u32, Category)> {
        self.view(file)?.first_satisfied(matched)
    }

    pub(crate) fn len(&self) -> usize {
        self.records.len() / RECORD
    }

    /// How many term groups the rules have.
    pub(crate) fn groups(&self) -> u32 {
        self.groups
    }

    /// Each rule's category, for counting; native tools only.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn categories<'f>(&self, file: &'f [u8]) -> impl Iterator<Item = u8> + 'f {
        let records = file.get(self.records.clone()).unwrap_or(&[]);
        records.chunks_exact(RECORD).map(|r| r[1])
    }
}

impl RulesView<'_> {
    fn rule_groups(&self, r: usize) -> impl Iterator<Item = u32> + '_ {
        let n = self.records.get(r * RECORD).copied().unwrap_or(0) as usize;
        (0..n.min(MAX_TERMS))
            .map(move |k| u32_at(self.records, r * RECORD + 4 + 4 * k).unwrap_or(UNUSED))
    }

    fn first_satisfied(&self, matched: &[u32]) -> Option<(u32, Category)> {
        let mut best: Option<u32> = None;
        for &g in matched {
            if g >= self.groups {
                continue;
            }
            let lo = u32_at(self.offsets, g as usize * 4)? as usize;
            let hi = u32_at(self.offsets, g as usize * 4 + 4)? as usize;
            for k in lo..hi {
                let r = u32_at(self.ids, k * 4)?;
                if best.is_some_and(|b| b <= r) {
                    continue;
                }
                if self.rule_groups(r as usize).all(|g| matched.contains(&g)) {
                    best = Some(r);
                }
            }
        }
        let best = best?;
        let category = self.records.get(best as usize * RECORD + 1).copied()?;
        Some((best, Category(category)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(groups: &[u32], c: u8) -> Rule {
        Rule {
            groups: groups.to_vec(),
            category: Category(c),
        }
    }

    #[test]
    fn a_rule_needs_all_its_groups() {
        let mut out = Vec::new();
        write(
            &[rule(&[0, 1], 3), rule(&[1, 2, 3], 4), rule(&[0, 2], 5)],
            4,
            &mut out,
        );
        let l = RulesLayout::parse(&out, 0..out.len()).unwrap();
        assert_eq!(l.len(), 3);
        let v = l.view(&out).unwrap();
        assert_eq!(v.first_satisfied(&[0]), None);
        assert_eq!(v.first_satisfied(&[1, 0]), Some((0, Category(3))));
        assert_eq!(v.first_satisfied(&[3, 2, 1]), Some((1, Category(4))));
        assert_eq!(v.first_satisfied(&[2, 0, 1]), Some((0, Category(3))));
        assert_eq!(v.first_satisfied(&[2, 0]), Some((2, Category(5))));
        assert_eq!(v.first_satisfied(&[9, 77]), None);
    }

    #[test]
    fn bad_counts_are_rejected() {
        let mut out = Vec::new();
        write(&[rule(&[0, 1], 0)], 2, &mut out);
        let parse = |b: &[u8]| RulesLayout::parse(b, 0..b.len()).map(|_| ());
        assert!(parse(&out).is_ok());
        let mut bad = out.clone();
        bad[0..4].copy_from_slice(&1000u32.to_le_bytes());
        assert!(parse(&bad).is_err());
        let mut bad = out.clone();
        bad[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(parse(&bad).is_err());
        let mut bad = out.clone();
        bad[8] = 7;
        assert!(parse(&bad).is_err());
        assert!(parse(&out[..out.len() - 8]).is_err());
    }
}
