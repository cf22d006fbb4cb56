//! Hand edits of an [`Alignment`]: merge a bead with the next, split a bead,
//! unlink a pair, link two neighbouring unaligned beads ([`Edit`]), each
//! applied by [`Alignment::apply`] and undone by [`Alignment::undo`].
//!
//! Every edit replaces a run of neighbouring beads by new beads that cover
//! exactly the same sentences on both sides, so the beads still partition
//! both sentence sequences in order; an edit that would not (a bead number
//! out of range, a split outside the bead, linking two pairs) is an
//! [`Error::BadEdit`] and leaves the alignment as it was.
//!
//! # Confidence of edited beads
//!
//! Beads an edit does not touch keep their cost and confidence. Every bead
//! an edit makes (the merged bead, both parts of a split, the two halves of
//! an unlinked pair, a linked pair) is a person's decision, so it gets
//! [`EDITED_CONFIDENCE`] (1, as [`Alignment::from_beads`] gives a gold
//! bead) and cost 0: the confidence threshold never drops a pair someone
//! made by hand. [`Alignment::undo`] brings the old beads back with their
//! old values.
//!
//! ```
//! use zhen_align::{Aligner, Edit};
//!
//! let zh = ["我爱北京。", "今天天气很好。"];
//! let en = ["I love Beijing.", "The weather is very good today."];
//! let mut alignment = Aligner::new().align_sentences(&zh, &en)?;
//! assert_eq!(alignment.beads().len(), 2);
//!
//! let change = alignment.apply(Edit::MergeWithNext { bead: 0 })?;
//! let beads: Vec<_> = alignment.beads().map(|b| (b.zh(), b.en())).collect();
//! assert_eq!(beads, [(0..2, 0..2)]);
//!
//! // A bad edit is an error, and changes nothing.
//! assert!(alignment.apply(Edit::MergeWithNext { bead: 0 }).is_err());
//!
//! alignment.undo(change)?;
//! assert_eq!(alignment.beads().len(), 2);
//! # Ok::<(), zhen_align::Error>(())
//! ```

use std::ops::Range;

use crate::alignment::{Alignment, Bead};
use crate::error::{Error, Result};

/// The confidence of every bead made by an edit: 1, a person's decision (as
/// [`Alignment::from_beads`] gives a gold bead).
pub const EDITED_CONFIDENCE: f64 = 1.0;

/// One hand edit of an alignment's beads, applied by [`Alignment::apply`].
/// Beads are numbered from 0 in document order, as [`Alignment::beads`]
/// yields them; sentence numbers are 0-based, as [`Bead::zh`] gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Edit {
    /// Merges bead `bead` with the one after it into one bead holding the
    /// sentences of both.
    MergeWithNext {
        /// The first of the two beads.
        bead: usize,
    },
    /// Splits bead `bead` in two: the first part takes its Chinese
    /// sentences before `zh` and its English sentences before `en`, the
    /// second part the rest. Each part must keep at least one sentence, on
    /// either side.
    Split {
        /// The bead to split.
        bead: usize,
        /// The first Chinese sentence of the second part (from the bead's
        /// first Chinese sentence to one past its last).
        zh: usize,
        /// The first English sentence of the second part, as `zh`.
        en: usize,
    },
    /// Unlinks a pair: bead `bead`, with sentences on both sides, becomes a
    /// Chinese-only bead (1–0) followed by an English-only bead (0–1).
    Unlink {
        /// The pair to unlink.
        bead: usize,
    },
    /// Links two neighbouring unaligned beads, one Chinese-only and one
    /// English-only (in either order), into one pair.
    Link {
        /// The first of the two beads.
        bead: usize,
    },
}

/// What an edit did, to undo it with [`Alignment::undo`]: the beads it
/// replaced and how many beads took their place. Returned by
/// [`Alignment::apply`].
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    at: usize,
    removed: Vec<Bead>,
    inserted: usize,
}

impl Change {
    /// The numbers of the beads the edit removed, before the edit.
    pub fn removed(&self) -> Range<usize> {
        self.at..self.at + self.removed.len()
    }

    /// The numbers of the beads the edit made, after the edit.
    pub fn inserted(&self) -> Range<usize> {
        self.at..self.at + self.inserted
    }

    /// The beads the edit removed, with their old cost and confidence.
    pub fn removed_beads(&self) -> &[Bead] {
        &self.removed
    }
}

fn bad(message: String) -> Error {
    Error::BadEdit { message }
}

/// A bead made by hand.
fn made(zh: Range<usize>, en: Range<usize>) -> Bead {
    Bead {
        zh,
        en,
        cost: 0.0,
        confidence: EDITED_CONFIDENCE,
    }
}

fn show(r: &Range<usize>) -> String {
    if r.is_empty() {
        "none".to_string()
    } else if r.len() == 1 {
        r.start.to_string()
    } else {
        format!("{}–{}", r.start, r.end - 1)
    }
}

impl Alignment {
    /// Applies one hand edit to the beads (see [`Edit`]) and returns what it
    /// did, for [`Alignment::undo`].
    ///
    /// The beads still partition both sentence sequences afterwards; an edit
    /// that cannot be made is an [`Error::BadEdit`] with a one-line message,
    /// and the alignment is unchanged. The beads the edit makes get
    /// [`EDITED_CONFIDENCE`]; the others keep theirs.
    pub fn apply(&mut self, edit: Edit) -> Result<Change> {
        let (at, count, new) = self.plan(edit)?;
        self.splice(at, count, new)
    }

    /// Works out which beads an edit replaces (`count` from `at`) and by what.
    fn plan(&self, edit: Edit) -> Result<(usize, usize, Vec<Bead>)> {
        let n = self.beads.len();
        let get = |i: usize| {
            self.beads.get(i).ok_or_else(|| {
                bad(format!(
                    "no bead {i}: the alignment has {n} bead{}",
                    if n == 1 { "" } else { "s" }
                ))
            })
        };
        match edit {
            Edit::MergeWithNext { bead } => {
                let a = get(bead)?;
                if bead + 1 >= n {
                    return Err(bad(format!(
                        "cannot merge bead {bead} with the next: it is the last bead"
                    )));
                }
                let b = &self.beads[bead + 1];
                Ok((
                    bead,
                    2,
                    vec![made(a.zh.start..b.zh.end, a.en.start..b.en.end)],
                ))
            }
            Edit::Split { bead, zh, en } => {
                let a = get(bead)?;
                if !(a.zh.start..=a.zh.end).contains(&zh) || !(a.en.start..=a.en.end).contains(&en)
                {
                    return Err(bad(format!(
                        "cannot split bead {bead} before Chinese sentence {zh} and English sentence {en}: \
                         it holds Chinese {} and English {}",
                        show(&a.zh),
                        show(&a.en)
                    )));
                }
                let first = made(a.zh.start..zh, a.en.start..en);
                let second = made(zh..a.zh.end, en..a.en.end);
                if first.zh.is_empty() && first.en.is_empty()
                    || second.zh.is_empty() && second.en.is_empty()
                {
                    return Err(bad(format!(
                        "cannot split bead {bead} before Chinese sentence {zh} and English sentence {en}: \
                         one part would hold no sentence"
                    )));
                }
                Ok((bead, 1, vec![first, second]))
            }
            Edit::Unlink { bead } => {
                let a = get(bead)?;
                if !a.is_pair() {
                    return Err(bad(format!(
                        "cannot unlink bead {bead}: it has no {} sentence",
                        if a.zh.is_empty() {
                            "Chinese"
                        } else {
                            "English"
                        }
                    )));
                }
                Ok((
                    bead,
                    1,
                    vec![
                        made(a.zh.clone(), a.en.start..a.en.start),
                        made(a.zh.end..a.zh.end, a.en.clone()),
                    ],
                ))
            }
            Edit::Link { bead } => {
                let a = get(bead)?;
                if bead + 1 >= n {
                    return Err(bad(format!(
                        "cannot link bead {bead} with the next: it is the last bead"
                    )));
                }
                let b = &self.beads[bead + 1];
                let one_side = |x: &Bead| x.zh.is_empty() != x.en.is_empty();
                let opposite = a.zh.is_empty() != b.zh.is_empty();
                if !one_side(a) || !one_side(b) || !opposite {
                    return Err(bad(format!(
                        "cannot link beads {bead} and {}: link joins a Chinese-only bead with a \
                         neighbouring English-only one (use merge for other beads)",
                        bead + 1
                    )));
                }
                Ok((
                    bead,
                    2,
                    vec![made(a.zh.start..b.zh.end, a.en.start..b.en.end)],
                ))
            }
        }
    }

    /// Undoes a change made by [`Alignment::apply`] on this alignment: the
    /// beads it made are replaced by the ones it removed, with their old
    /// cost and confidence. Changes must be undone last first; a change that
    /// does not fit the current beads (made on another alignment, or
    /// undone out of order) is an [`Error::BadEdit`] and changes nothing.
    pub fn undo(&mut self, change: Change) -> Result<()> {
        let Change {
            at,
            removed,
            inserted,
        } = change;
        let fits = at
            .checked_add(inserted)
            .is_some_and(|end| end <= self.beads.len());
        if !fits {
            return Err(bad(format!(
                "cannot undo: the change does not fit the {} beads now here",
                self.beads.len()
            )));
        }
        self.splice(at, inserted, removed).map(|_| ())
    }

    /// Replaces beads `at..at + count` by `new` after checking that `new`
    /// covers exactly the same sentences, in order, with no bead empty on
    /// both sides.
    fn splice(&mut self, at: usize, count: usize, new: Vec<Bead>) -> Result<Change> {
        let old = &self.beads[at..at + count];
        let span = |beads: &[Bead]| -> Option<(Range<usize>, Range<usize>)> {
            let (first, last) = (beads.first()?, beads.last()?);
            Some((first.zh.start..last.zh.end, first.en.start..last.en.end))
        };
        let mut ok = span(old) == span(&new);
        for w in new.windows(2) {
            ok &= w[0].zh.end == w[1].zh.start && w[0].en.end == w[1].en.start;
        }
        for b in &new {
            ok &= b.zh.start <= b.zh.end
                && b.en.start <= b.en.end
                && !(b.zh.is_empty() && b.en.is_empty());
        }
        if !ok {
            return Err(bad(format!(
                "cannot replace beads {}: the new beads do not cover the same sentences",
                show(&(at..at + count))
            )));
        }
        let inserted = new.len();
        let removed: Vec<Bead> = self.beads.splice(at..at + count, new).collect();
        Ok(Change {
            at,
            removed,
            inserted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five Chinese and five English sentences, beads
    /// 0: [0]:[0], 1: [1]:[1,2], 2: [2,3]:[3], 3: [4]:[], 4: []:[4].
    fn sample() -> Alignment {
        let zh = ["一。", "二。", "三。", "四。", "五。"];
        let en = ["One.", "Two.", "Three.", "Four.", "Five."];
        let mut a = Alignment::from_beads(
            &zh,
            &en,
            [
                (0..1, 0..1),
                (1..2, 1..3),
                (2..4, 3..4),
                (4..5, 4..4),
                (5..5, 4..5),
            ],
        )
        .unwrap();
        for b in &mut a.beads {
            b.confidence = 0.5;
            b.cost = 2.0;
        }
        a
    }

    fn shape(a: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
        a.beads().map(|b| (b.zh(), b.en())).collect()
    }

    fn partitions(a: &Alignment) -> bool {
        let (mut i, mut j) = (0, 0);
        for b in a.beads() {
            if b.zh().start != i || b.en().start != j || (b.zh().is_empty() && b.en().is_empty()) {
                return false;
            }
            i = b.zh().end;
            j = b.en().end;
        }
        i == a.zh_len() && j == a.en_len()
    }

    #[test]
    fn merge_with_next() {
        let mut a = sample();
        let c = a.apply(Edit::MergeWithNext { bead: 1 }).unwrap();
        assert_eq!(
            shape(&a),
            [(0..1, 0..1), (1..4, 1..4), (4..5, 4..4), (5..5, 4..5)]
        );
        assert!(partitions(&a));
        assert_eq!(c.removed(), 1..3);
        assert_eq!(c.inserted(), 1..2);
        let b: Vec<_> = a.beads().collect();
        assert_eq!(b[1].confidence(), EDITED_CONFIDENCE);
        assert_eq!(b[1].cost(), 0.0);
        // Untouched beads keep their values.
        assert_eq!(b[0].confidence(), 0.5);
        assert_eq!(b[2].confidence(), 0.5);
    }

    #[test]
    fn split_at_a_sentence() {
        let mut a = sample();
        a.apply(Edit::Split {
            bead: 1,
            zh: 2,
            en: 2,
        })
        .unwrap();
        assert_eq!(shape(&a)[..3], [(0..1, 0..1), (1..2, 1..2), (2..2, 2..3)]);
        assert!(partitions(&a));
        // One side may stay whole with either part.
        let mut a = sample();
        a.apply(Edit::Split {
            bead: 2,
            zh: 3,
            en: 4,
        })
        .unwrap();
        assert_eq!(shape(&a)[2..4], [(2..3, 3..4), (3..4, 4..4)]);
        assert!(partitions(&a));
    }

    #[test]
    fn unlink_a_pair() {
        let mut a = sample();
        a.apply(Edit::Unlink { bead: 1 }).unwrap();
        assert_eq!(shape(&a)[1..3], [(1..2, 1..1), (2..2, 1..3)]);
        assert!(partitions(&a));
        let conf: Vec<f64> = a.beads().map(Bead::confidence).collect();
        assert_eq!(
            conf,
            [0.5, EDITED_CONFIDENCE, EDITED_CONFIDENCE, 0.5, 0.5, 0.5]
        );
    }

    #[test]
    fn link_two_unaligned_beads() {
        let mut a = sample();
        a.apply(Edit::Link { bead: 3 }).unwrap();
        assert_eq!(shape(&a)[3..], [(4..5, 4..5)]);
        assert!(partitions(&a));
        // English-only first, Chinese-only second links too.
        let zh = ["一。", "二。"];
        let en = ["One.", "Two."];
        let mut a =
            Alignment::from_beads(&zh, &en, [(0..1, 0..1), (1..1, 1..2), (1..2, 2..2)]).unwrap();
        a.apply(Edit::Link { bead: 1 }).unwrap();
        assert_eq!(shape(&a), [(0..1, 0..1), (1..2, 1..2)]);
    }

    #[test]
    fn undo_restores_beads_and_values() {
        let mut a = sample();
        let before: Vec<Bead> = a.beads().cloned().collect();
        let c1 = a.apply(Edit::MergeWithNext { bead: 0 }).unwrap();
        let c2 = a.apply(Edit::Unlink { bead: 0 }).unwrap();
        let c3 = a
            .apply(Edit::Split {
                bead: 2,
                zh: 3,
                en: 4,
            })
            .unwrap();
        assert!(partitions(&a));
        a.undo(c3).unwrap();
        a.undo(c2).unwrap();
        a.undo(c1).unwrap();
        let after: Vec<Bead> = a.beads().cloned().collect();
        assert_eq!(before, after);
    }

    #[test]
    fn bad_edits_are_errors_and_change_nothing() {
        let cases = [
            (Edit::MergeWithNext { bead: 4 }, "last bead"),
            (
                Edit::MergeWithNext { bead: 9 },
                "no bead 9: the alignment has 5 beads",
            ),
            (
                Edit::Split {
                    bead: 1,
                    zh: 1,
                    en: 1,
                },
                "one part would hold no sentence",
            ),
            (
                Edit::Split {
                    bead: 1,
                    zh: 2,
                    en: 3,
                },
                "one part would hold no sentence",
            ),
            (
                Edit::Split {
                    bead: 1,
                    zh: 3,
                    en: 2,
                },
                "holds Chinese 1 and English 1–2",
            ),
            (
                Edit::Split {
                    bead: 3,
                    zh: 5,
                    en: 5,
                },
                "holds Chinese 4 and English none",
            ),
            (Edit::Unlink { bead: 3 }, "no English sentence"),
            (Edit::Unlink { bead: 4 }, "no Chinese sentence"),
            (Edit::Unlink { bead: 5 }, "no bead 5"),
            (Edit::Link { bead: 0 }, "link joins a Chinese-only bead"),
            (Edit::Link { bead: 2 }, "link joins a Chinese-only bead"),
            (Edit::Link { bead: 4 }, "last bead"),
        ];
        for (edit, want) in cases {
            let mut a = sample();
            let before: Vec<Bead> = a.beads().cloned().collect();
            let e = a.apply(edit).unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains(want), "{edit:?}: {msg}");
            assert!(!msg.contains('\n'), "{msg}");
            assert!(matches!(e, Error::BadEdit { .. }));
            let after: Vec<Bead> = a.beads().cloned().collect();
            assert_eq!(before, after, "{edit:?} changed the beads");
        }
        // Two neighbouring Chinese-only beads do not link.
        let zh = ["一。", "二。"];
        let en = ["One."];
        let mut a =
            Alignment::from_beads(&zh, &en, [(0..1, 0..0), (1..2, 0..0), (2..2, 0..1)]).unwrap();
        assert!(a.apply(Edit::Link { bead: 0 }).is_err());
        assert!(a.apply(Edit::Link { bead: 1 }).is_ok());
    }

    #[test]
    fn undo_out_of_order_is_refused() {
        let mut a = sample();
        let c1 = a.apply(Edit::MergeWithNext { bead: 0 }).unwrap();
        let _c2 = a.apply(Edit::MergeWithNext { bead: 0 }).unwrap();
        // c1 replaced beads 0..2 by one; beads 0 now covers 0..4, not 0..2.
        let before: Vec<Bead> = a.beads().cloned().collect();
        assert!(matches!(a.undo(c1), Err(Error::BadEdit { .. })));
        assert_eq!(before, a.beads().cloned().collect::<Vec<_>>());
        // A change from a longer alignment does not fit at all.
        let mut long = sample();
        let c = long.apply(Edit::Split {
            bead: 4,
            zh: 5,
            en: 4,
        });
        assert!(c.is_err());
        let c = long.apply(Edit::Unlink { bead: 2 }).unwrap();
        let mut short = Alignment::from_beads(&["一。"], &["One."], [(0..1, 0..1)]).unwrap();
        assert!(short.undo(c).is_err());
    }
}
