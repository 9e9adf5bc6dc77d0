//! RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation) with SHA-256, written out as
//! canonical N-Quads.
//!
//! Blank nodes with a unique first-degree hash (all of them, in credentials) are labelled
//! straight away; the others go through the N-degree hash, whose work is bounded: more
//! than [`HNDQ_CALL_LIMIT`] calls (the limit of the `rdf-canon` crate) or
//! [`PERMUTATION_LIMIT`] permutations ends in [`JsonLdError::TooComplex`], so a "poison"
//! graph (RDFC-1.0 §"Dataset Poisoning") is refused quickly.

use super::rdf::{write_quad, BlankLabel, Quad, Term};
use super::JsonLdError;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Calls of the Hash N-Degree Quads algorithm allowed per dataset.
const HNDQ_CALL_LIMIT: usize = 4_000;
/// Permutations examined by the Hash N-Degree Quads algorithm per dataset.
const PERMUTATION_LIMIT: usize = 100_000;

type Hash = [u8; 32];

fn hex(hash: &Hash) -> String {
    hex::encode(hash)
}

/// An identifier issuer (§4.3): blank nodes in the order they were issued.
#[derive(Debug, Clone, Default)]
struct Issuer {
    issued: Vec<u32>,
}

impl Issuer {
    fn get(&self, node: u32) -> Option<u32> {
        self.issued.iter().position(|&n| n == node).map(|i| i as u32)
    }

    fn issue(&mut self, node: u32) -> u32 {
        self.get(node).unwrap_or_else(|| {
            self.issued.push(node);
            self.issued.len() as u32 - 1
        })
    }
}

struct State<'a> {
    quads: &'a [Quad],
    /// For each blank node, the quads it appears in.
    node_quads: Vec<Vec<usize>>,
    first_degree: Vec<Hash>,
    /// The canonical issuer: the canonical number of each blank node, once issued.
    canonical: Vec<Option<u32>>,
    canonical_count: u32,
    hndq_calls: usize,
    permutations: usize,
}

/// Canonical N-Quads of `quads` (which use blank nodes `0..blanks`): sorted lines,
/// duplicates removed.
pub(super) fn canonicalize(quads: &[Quad], blanks: u32) -> Result<String, JsonLdError> {
    let mut node_quads = vec![Vec::new(); blanks as usize];
    for (i, quad) in quads.iter().enumerate() {
        for term in [Some(&quad.subject), Some(&quad.object), quad.graph.as_ref()].into_iter().flatten() {
            if let Term::Blank(n) = term {
                let list = &mut node_quads[*n as usize];
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut state = State {
        quads,
        node_quads,
        first_degree: Vec::new(),
        canonical: vec![None; blanks as usize],
        canonical_count: 0,
        hndq_calls: 0,
        permutations: 0,
    };
    state.first_degree = (0..blanks).map(|n| state.hash_first_degree(n)).collect();

    let mut by_hash: BTreeMap<Hash, Vec<u32>> = BTreeMap::new();
    for n in 0..blanks {
        if !state.node_quads[n as usize].is_empty() {
            by_hash.entry(state.first_degree[n as usize]).or_default().push(n);
        }
    }
    for nodes in by_hash.values() {
        if let [only] = nodes.as_slice() {
            state.issue_canonical(*only);
        }
    }
    for nodes in by_hash.values().filter(|nodes| nodes.len() > 1) {
        let mut paths: Vec<(Hash, Issuer)> = Vec::new();
        for &n in nodes {
            if state.canonical[n as usize].is_some() {
                continue;
            }
            let mut issuer = Issuer::default();
            issuer.issue(n);
            paths.push(state.hash_n_degree(n, issuer)?);
        }
        paths.sort_by_key(|a| a.0);
        for (_, issuer) in paths {
            for &n in &issuer.issued {
                state.issue_canonical(n);
            }
        }
    }

    let canonical = &state.canonical;
    let label = |n: u32| BlankLabel::Numbered("c14n", canonical[n as usize].unwrap_or(u32::MAX));
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| {
            let mut line = String::with_capacity(128);
            write_quad(&mut line, q, &label);
            line
        })
        .collect();
    lines.sort_unstable();
    lines.dedup();
    Ok(lines.concat())
}

impl State<'_> {
    fn issue_canonical(&mut self, n: u32) {
        if self.canonical[n as usize].is_none() {
            self.canonical[n as usize] = Some(self.canonical_count);
            self.canonical_count += 1;
        }
    }

    /// Hash First Degree Quads (§4.6).
    fn hash_first_degree(&self, n: u32) -> Hash {
        let label = |b: u32| BlankLabel::Fixed(if b == n { "a" } else { "z" });
        let mut lines: Vec<String> = self.node_quads[n as usize]
            .iter()
            .map(|&i| {
                let mut line = String::with_capacity(128);
                write_quad(&mut line, &self.quads[i], &label);
                line
            })
            .collect();
        lines.sort_unstable();
        let mut hasher = Sha256::new();
        for line in &lines {
            hasher.update(line.as_bytes());
        }
        hasher.finalize().into()
    }

    /// Hash Related Blank Node (§4.7).
    fn hash_related(&self, related: u32, quad: &Quad, issuer: &Issuer, position: char) -> Hash {
        let mut input = String::with_capacity(96);
        input.push(position);
        if position != 'g' {
            input.push('<');
            input.push_str(&quad.predicate);
            input.push('>');
        }
        if let Some(c) = self.canonical[related as usize] {
            let _ = write!(input, "_:c14n{c}");
        } else if let Some(b) = issuer.get(related) {
            let _ = write!(input, "_:b{b}");
        } else {
            input.push_str(&hex(&self.first_degree[related as usize]));
        }
        Sha256::digest(input.as_bytes()).into()
    }

    /// Hash N-Degree Quads (§4.8), with the work limits.
    fn hash_n_degree(&mut self, n: u32, mut issuer: Issuer) -> Result<(Hash, Issuer), JsonLdError> {
        self.hndq_calls += 1;
        if self.hndq_calls > HNDQ_CALL_LIMIT {
            return Err(JsonLdError::TooComplex);
        }
        let mut related_by_hash: BTreeMap<Hash, Vec<u32>> = BTreeMap::new();
        for &i in &self.node_quads[n as usize] {
            let quad = &self.quads[i];
            for (term, position) in [(Some(&quad.subject), 's'), (Some(&quad.object), 'o'), (quad.graph.as_ref(), 'g')]
            {
                if let Some(Term::Blank(b)) = term {
                    if *b != n {
                        let hash = self.hash_related(*b, quad, &issuer, position);
                        related_by_hash.entry(hash).or_default().push(*b);
                    }
                }
            }
        }
        let mut data = String::new();
        for (hash, related) in related_by_hash {
            data.push_str(&hex(&hash));
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            let mut order: Vec<usize> = (0..related.len()).collect();
            loop {
                self.permutations += 1;
                if self.permutations > PERMUTATION_LIMIT {
                    return Err(JsonLdError::TooComplex);
                }
                if let Some((path, copy)) = self.try_permutation(&related, &order, &issuer, &chosen_path)? {
                    if chosen_path.is_empty() || path < chosen_path {
                        chosen_path = path;
                        chosen_issuer = Some(copy);
                    }
                }
                if !next_permutation(&mut order) {
                    break;
                }
            }
            data.push_str(&chosen_path);
            if let Some(chosen) = chosen_issuer {
                issuer = chosen;
            }
        }
        Ok((Sha256::digest(data.as_bytes()).into(), issuer))
    }

    /// One permutation of §4.8.3 step 5.4; `None` when it cannot beat `chosen_path`.
    fn try_permutation(
        &mut self,
        related: &[u32],
        order: &[usize],
        issuer: &Issuer,
        chosen_path: &str,
    ) -> Result<Option<(String, Issuer)>, JsonLdError> {
        let worse = |path: &str| !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path;
        let mut copy = issuer.clone();
        let mut path = String::new();
        let mut recursion = Vec::new();
        for &i in order {
            let node = related[i];
            if let Some(c) = self.canonical[node as usize] {
                let _ = write!(path, "_:c14n{c}");
            } else {
                if copy.get(node).is_none() {
                    recursion.push(node);
                }
                let _ = write!(path, "_:b{}", copy.issue(node));
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for node in recursion {
            let (hash, result_issuer) = self.hash_n_degree(node, copy.clone())?;
            let _ = write!(path, "_:b{}", copy.issue(node));
            path.push('<');
            path.push_str(&hex(&hash));
            path.push('>');
            copy = result_issuer;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, copy)))
    }
}

/// The next permutation in lexicographic order; `false` after the last one.
fn next_permutation(order: &mut [usize]) -> bool {
    let Some(i) = order.windows(2).rposition(|w| w[0] < w[1]) else { return false };
    let j = order.iter().rposition(|&x| x > order[i]).unwrap_or(i);
    order.swap(i, j);
    order[i + 1..].reverse();
    true
}
