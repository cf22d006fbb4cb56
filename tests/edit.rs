//! Hand edits ([`Edit`]) on real alignments, as a property: any sequence of
//! edits, good or bad, keeps the beads a partition of both sides; a refused
//! edit changes nothing; the beads an edit makes are marked by their
//! confidence; undoing every change, last first, gives back the beads the
//! aligner made, bit for bit, and the same TMX.

use proptest::prelude::*;
use zhen_align::{write_tmx, Aligner, Alignment, Bead, Change, Edit, Error, EDITED_CONFIDENCE};

use crate::api::assert_partition;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn edit_types_are_send_and_sync() {
    assert_send_sync::<Edit>();
    assert_send_sync::<Change>();
}

fn seed() -> Alignment {
    let text = include_str!("../fixtures/seeds/mnd-2025-interleaved.txt");
    Aligner::new().align_mixed(text).expect("the seed aligns")
}

fn beads(a: &Alignment) -> Vec<Bead> {
    a.beads().cloned().collect()
}

fn tmx(a: &Alignment) -> Vec<u8> {
    write_tmx(Vec::new(), a.pairs()).expect("writes")
}

/// An edit of any kind at any bead (some out of range), a split at any
/// point near the bead's sentences.
fn edit() -> impl Strategy<Value = (u8, usize, usize, usize)> {
    (0u8..4, 0usize..14, 0usize..4, 0usize..8)
}

fn make(a: &Alignment, (kind, bead, dz, de): (u8, usize, usize, usize)) -> Edit {
    match kind {
        0 => Edit::MergeWithNext { bead },
        1 => Edit::Unlink { bead },
        2 => Edit::Link { bead },
        _ => {
            let (zs, es) = a
                .beads()
                .nth(bead)
                .map_or((0, 0), |b| (b.zh().start, b.en().start));
            Edit::Split {
                bead,
                zh: zs + dz,
                en: es + de,
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_the_partition_and_undo_restores(ops in proptest::collection::vec(edit(), 1..24)) {
        let original = seed();
        let mut a = original.clone();
        let mut changes = Vec::new();
        for op in ops {
            let e = make(&a, op);
            let before = beads(&a);
            match a.apply(e) {
                Ok(c) => {
                    for (i, b) in a.beads().enumerate() {
                        if c.inserted().contains(&i) {
                            prop_assert_eq!(b.confidence(), EDITED_CONFIDENCE);
                        }
                    }
                    prop_assert_eq!(
                        before.len() - c.removed().len() + c.inserted().len(),
                        a.beads().len()
                    );
                    prop_assert_eq!(c.removed_beads(), &before[c.removed()]);
                    changes.push(c);
                }
                Err(err) => {
                    prop_assert!(matches!(err, Error::BadEdit { .. }), "{err:?}");
                    prop_assert!(!err.to_string().contains('\n'));
                    prop_assert_eq!(&before, &beads(&a), "{:?} was refused but changed the beads", e);
                }
            }
            assert_partition(&a);
        }
        while let Some(c) = changes.pop() {
            a.undo(c).expect("undone last first");
            assert_partition(&a);
        }
        prop_assert_eq!(beads(&a), beads(&original));
        prop_assert_eq!(tmx(&a), tmx(&original));
    }
}
