//! The two containers the engine is built on, kept few on purpose.
//!
//! Every lookup by name (server entries by URL, preflight-cache entries by
//! origin and URL, cached methods and header names, a long header list's
//! names) goes through one map type, [`Index`], from a string to a
//! position in a `Vec`; every sort through one small heapsort. Each generic
//! instantiation of a `BTreeMap` or of the standard library's sorts costs
//! kilobytes in the WebAssembly builds, while this keeps O(log n) lookups
//! and O(n log n) sorts.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A map from strings to positions (in a `Vec` kept beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Index(BTreeMap<String, usize>);

impl Index {
    /// An empty index.
    pub(crate) fn new() -> Self {
        Self(BTreeMap::new())
    }

    /// The position of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        self.0.get(key).copied()
    }

    /// Records `key` at `position` unless it is there; the position it has.
    pub(crate) fn insert_first(&mut self, key: String, position: usize) -> usize {
        *self.0.entry(key).or_insert(position)
    }
}

/// Strings, each with a value and found by its first position: scanned
/// while they are few (building no key and no tree), through an [`Index`]
/// once they are many, so a lookup stays O(log n).
#[derive(Debug, Clone, Default)]
pub(crate) struct Keys<'s, V = ()> {
    keys: Vec<(Cow<'s, str>, V)>,
    index: Option<Index>,
}

impl<'s, V> Keys<'s, V> {
    /// Up to this many keys are scanned.
    const SCANNED: usize = 8;

    /// The position of `key`.
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key),
            None => self.keys.iter().position(|(k, _)| k == key),
        }
    }

    /// The position of the key that `parts`, written one after another,
    /// make: while the keys are scanned, compared part by part, so that no
    /// key is built.
    pub(crate) fn get_joined(&self, parts: &[&str]) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&parts.concat()),
            None => self.keys.iter().position(|(key, _)| {
                let mut rest = key.as_bytes();
                parts
                    .iter()
                    .all(|part| match rest.strip_prefix(part.as_bytes()) {
                        Some(after) => {
                            rest = after;
                            true
                        }
                        None => false,
                    })
                    && rest.is_empty()
            }),
        }
    }

    /// Adds `key` with `value` at the next position (a key already there
    /// is still found at its first).
    pub(crate) fn push(&mut self, key: Cow<'s, str>, value: V) {
        let position = self.keys.len();
        if self.index.is_none() && position == Self::SCANNED {
            let mut index = Index::new();
            for (i, (k, _)) in self.keys.iter().enumerate() {
                index.insert_first(k.to_string(), i);
            }
            self.index = Some(index);
        }
        if let Some(index) = &mut self.index {
            index.insert_first(key.to_string(), position);
        }
        push_first_of_few(&mut self.keys, (key, value));
    }

    /// The value at `position` (from [`Keys::get`]).
    pub(crate) fn value(&self, position: usize) -> &V {
        &self.keys[position].1
    }

    /// The value at `position` (from [`Keys::get`]), to change.
    pub(crate) fn value_mut(&mut self, position: usize) -> &mut V {
        &mut self.keys[position].1
    }

    /// The values, in the order their keys were pushed.
    #[cfg(feature = "import")]
    pub(crate) fn into_values(self) -> impl Iterator<Item = V> + use<'s, V> {
        self.keys.into_iter().map(|(_, v)| v)
    }
}

/// Pushes `item` onto `v`, making room for just it when `v` has none:
/// most of the engine's lists (a request's preflights and hops, a
/// scenario's cached URLs) hold one item, where a first push makes room for
/// four. Later pushes grow `v` as usual.
pub(crate) fn push_first_of_few<T>(v: &mut Vec<T>, item: T) {
    if v.capacity() == 0 {
        v.reserve_exact(1);
    }
    v.push(item);
}

/// Sorts `v` by `cmp` in O(n log n), in place, not stably: a heapsort,
/// small in code for every element type it is used with.
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let mut sift_down = |v: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && cmp(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if cmp(&v[node], &v[child]) != Ordering::Less {
            return;
        }
        v.swap(node, child);
        node = child;
    };
    let len = v.len();
    for start in (0..len / 2).rev() {
        sift_down(v, start, len);
    }
    for end in (1..len).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Sorts `v` in its natural order (see [`sort_by`]).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn keys_find_what_an_index_finds(keys in proptest::collection::vec("[a-c]{1,3}", 0..30)) {
            let mut few = Keys::default();
            let mut index = Index::new();
            for (next, key) in keys.iter().enumerate() {
                prop_assert_eq!(few.get(key), index.get(key));
                few.push(Cow::Owned(key.clone()), ());
                index.insert_first(key.clone(), next);
            }
            for key in ["a", "b", "cc", "abc", "d"] {
                prop_assert_eq!(few.get(key), index.get(key));
            }
            for parts in [&["a", "b"][..], &["ab", ""], &["", "c"], &["a", "b", "c"], &["abc"]] {
                prop_assert_eq!(few.get_joined(parts), index.get(&parts.concat()));
            }
        }

        #[test]
        fn sorts_as_the_standard_library_does(mut v in proptest::collection::vec(any::<u16>(), 0..200)) {
            let mut expected = v.clone();
            expected.sort_unstable();
            sort(&mut v);
            prop_assert_eq!(v, expected);
        }
    }
}
