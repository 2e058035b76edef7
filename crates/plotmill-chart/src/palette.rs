//! A hue's `palette` as a spec holds it: a palette's name, a list of
//! colours for the levels in order, or a colour for each level by name —
//! seaborn's three forms of `palette`.

use std::collections::BTreeMap;

use plotmill_scene::Color;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The colours of a hue's levels (seaborn's `palette`).
///
/// In a spec: a name (`"deep"`, `"husl"`, `"ch:s=.25,rot=-.25"`,
/// `"viridis"`), a list of colours (`["#1f77b4", "C1", "red"]`), or an
/// object of colours by level (`{"Adelie": "C0", "Gentoo": "#2ca02c"}`).
/// The command line and HTTP parameters spell a list `red,C1,#2ca02c` and
/// levels `Adelie=red,Gentoo=C1`.
#[derive(Debug, Clone, PartialEq)]
pub enum Palette {
    /// A named palette or colormap.
    Name(String),
    /// Colours for the levels in order; repeated (with a warning) when
    /// there are more levels.
    Colors(Vec<Color>),
    /// A colour for each level, by the level's name (every level drawn
    /// needs one).
    Levels(BTreeMap<String, Color>),
}

impl Palette {
    /// A palette as the command line and HTTP parameters write it: a name,
    /// `COLOR,COLOR,…`, or `LEVEL=COLOR,…`. A `ch:` name is a name even
    /// with commas and `=` in it.
    pub fn parse(s: &str) -> Result<Palette, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("give a palette's name, a list of colours or LEVEL=COLOR pairs".into());
        }
        if s.starts_with("ch:") || !(s.contains(',') || s.contains('=')) {
            return Ok(Palette::Name(s.to_owned()));
        }
        let color = |c: &str| {
            Color::parse(c.trim()).ok_or_else(|| {
                format!(
                    "'{}' is not a colour; use a name ({}), C0 to C9, tab:blue and the like, or #rrggbb",
                    c.trim(),
                    Color::names().join(", ")
                )
            })
        };
        let parts: Vec<&str> = s.split(',').collect();
        let pairs = parts.iter().filter(|p| p.contains('=')).count();
        if pairs == 0 {
            let colors = parts.iter().map(|c| color(c)).collect::<Result<_, _>>()?;
            return Ok(Palette::Colors(colors));
        }
        if pairs != parts.len() {
            return Err(format!(
                "'{s}' mixes colours and LEVEL=COLOR pairs; give a list of colours (red,C1) or a colour for each level (Adelie=red,Gentoo=C1)"
            ));
        }
        let mut levels = BTreeMap::new();
        for part in parts {
            let (level, c) = part.split_once('=').unwrap_or((part, ""));
            if levels.insert(level.trim().to_owned(), color(c)?).is_some() {
                return Err(format!("level '{}' is given two colours", level.trim()));
            }
        }
        Ok(Palette::Levels(levels))
    }

    /// The palette's name, when it is one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Palette::Name(n) => Some(n),
            _ => None,
        }
    }

    /// Checks what can be checked without data: a known name, colours at
    /// all.
    pub(crate) fn check(&self) -> Result<(), String> {
        match self {
            Palette::Name(n) => plotmill_scene::check_palette(n).map_err(|e| e.to_string()),
            Palette::Colors(c) if c.is_empty() => Err("the list of colours is empty".into()),
            Palette::Levels(l) if l.is_empty() => Err("the colours by level are empty".into()),
            _ => Ok(()),
        }
    }
}

impl From<&str> for Palette {
    fn from(name: &str) -> Palette {
        Palette::Name(name.to_owned())
    }
}

impl Serialize for Palette {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Palette::Name(n) => s.serialize_str(n),
            Palette::Colors(c) => c.serialize(s),
            Palette::Levels(l) => l.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Palette {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Palette;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a palette's name, a list of colours, or an object of colours by level")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Palette, E> {
                Palette::parse(v).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Palette, A::Error> {
                let mut colors = Vec::new();
                while let Some(c) = seq.next_element::<Color>()? {
                    colors.push(c);
                }
                Ok(Palette::Colors(colors))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Palette, A::Error> {
                let mut levels = BTreeMap::new();
                while let Some((k, c)) = map.next_entry::<String, Color>()? {
                    levels.insert(k, c);
                }
                Ok(Palette::Levels(levels))
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for Palette {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Palette".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let color = generator.subschema_for::<Color>();
        schemars::json_schema!({
            "description": "A palette's name (deep, husl, ch:s=.25,rot=-.25, viridis), a list of colours for the levels in order, or an object of colours by level",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": color},
                {"type": "object", "additionalProperties": color}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(Palette::parse("deep"), Ok(Palette::Name("deep".into())));
        assert_eq!(
            Palette::parse("ch:s=.25,rot=-.25"),
            Ok(Palette::Name("ch:s=.25,rot=-.25".into()))
        );
        assert_eq!(
            Palette::parse("red, #00ff00"),
            Ok(Palette::Colors(vec![
                Color::rgb(1.0, 0.0, 0.0),
                Color::rgb(0.0, 1.0, 0.0)
            ]))
        );
        let Ok(Palette::Levels(l)) = Palette::parse("Adelie=red,Gentoo=black") else {
            panic!("levels");
        };
        assert_eq!(l["Gentoo"], Color::BLACK);
        assert!(
            Palette::parse("red,nope")
                .unwrap_err()
                .contains("'nope' is not a colour")
        );
        assert!(Palette::parse("a=red,blue").unwrap_err().contains("mixes"));
        assert!(
            Palette::parse("a=red,a=blue")
                .unwrap_err()
                .contains("two colours")
        );
        // JSON: the same forms, and back.
        for json in [
            r#""deep""#,
            r##"["red","#123456"]"##,
            r#"{"a":"red","b":"black"}"#,
        ] {
            let p: Palette = serde_json::from_str(json).unwrap();
            assert_eq!(serde_json::to_string(&p).unwrap(), json);
        }
        let e = serde_json::from_str::<Palette>(r#"["red", "nope"]"#).unwrap_err();
        assert!(e.to_string().contains("'nope' is not a color"), "{e}");
    }
}
