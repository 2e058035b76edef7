//! Standard ligatures: the font's `liga` feature (its GSUB table), as
//! matplotlib 3.11 lays text out (libraqm, that is HarfBuzz): the "fl" of
//! "flipper" and the "fi" of "office" are one glyph each in DejaVu Sans,
//! narrower than the two letters.

use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::{Face, GlyphId, Tag};

/// The lookups of the font's `liga` feature for Latin text (else for its
/// default script), in the order they apply: the lookup list's.
pub(crate) fn liga_lookups(face: &Face<'_>) -> Vec<u16> {
    let Some(gsub) = face.tables().gsub else {
        return Vec::new();
    };
    let script = gsub
        .scripts
        .find(Tag::from_bytes(b"latn"))
        .or_else(|| gsub.scripts.find(Tag::from_bytes(b"DFLT")));
    let Some(language) = script.and_then(|s| s.default_language) else {
        return Vec::new();
    };
    let mut lookups: Vec<u16> = language
        .feature_indices
        .into_iter()
        .filter_map(|i| gsub.features.get(i))
        .filter(|f| f.tag == Tag::from_bytes(b"liga"))
        .flat_map(|f| f.lookup_indices)
        .collect();
    lookups.sort_unstable();
    lookups.dedup();
    lookups
}

/// Applies the ligature `lookups` of `face` to `glyphs`, one lookup after
/// another over the whole run: where a ligature's glyphs follow each other
/// they become it.
pub(crate) fn ligate(face: &Face<'_>, lookups: &[u16], glyphs: &mut Vec<GlyphId>) {
    let Some(gsub) = face.tables().gsub else {
        return;
    };
    for &index in lookups {
        let Some(lookup) = gsub.lookups.get(index) else {
            continue;
        };
        let mut i = 0;
        while i < glyphs.len() {
            let found = lookup
                .subtables
                .into_iter::<SubstitutionSubtable>()
                .find_map(|sub| match sub {
                    SubstitutionSubtable::Ligature(l) => {
                        let set = l.ligature_sets.get(l.coverage.get(glyphs[i])?)?;
                        set.into_iter().find_map(|lig| {
                            let rest = &glyphs[i + 1..];
                            let n = usize::from(lig.components.len());
                            (rest.len() >= n
                                && lig.components.into_iter().eq(rest[..n].iter().copied()))
                            .then_some((lig.glyph, n + 1))
                        })
                    }
                    _ => None,
                });
            if let Some((ligature, n)) = found {
                glyphs.splice(i..i + n, [ligature]);
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_sans_joins_f_with_i_and_l() {
        let data = include_bytes!("../fonts/DejaVuSans.ttf");
        let face = Face::parse(data, 0).expect("the font parses");
        let lookups = liga_lookups(&face);
        assert!(!lookups.is_empty());
        let glyph = |c| face.glyph_index(c).expect("a glyph");
        let ligature = |text: &str| {
            let mut glyphs: Vec<GlyphId> = text.chars().map(glyph).collect();
            ligate(&face, &lookups, &mut glyphs);
            glyphs
        };
        assert_eq!(ligature("flip"), [glyph('ﬂ'), glyph('i'), glyph('p')]);
        assert_eq!(ligature("ffi"), [glyph('ﬃ')]);
        assert_eq!(
            ligature("office"),
            [glyph('o'), glyph('ﬃ'), glyph('c'), glyph('e')]
        );
        assert_eq!(ligature("if"), [glyph('i'), glyph('f')]);
        assert_eq!(ligature("f"), [glyph('f')]);
    }
}
