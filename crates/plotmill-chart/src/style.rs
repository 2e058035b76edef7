//! What tells a grouping's levels apart besides colour: marker shapes and
//! dash patterns, given as seaborn takes them (`markers=True`, a list in
//! the levels' order, or a dict level → value) and as matplotlib names
//! them (`"o"`, `"s"`, `(4, 0, 45)`; `"--"`, `(4, 1.5)`).

use std::collections::BTreeMap;

use plotmill_scene::Shape;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ChartError;
use crate::line::Dashes;

/// A filled marker as matplotlib names it: `"o"`, `"s"`, `"D"`, `"^"`,
/// `"X"`, … or `"(sides, style, angle)"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkerCode(pub Shape);

impl MarkerCode {
    /// A marker code as the command line and HTTP write it.
    pub fn parse(s: &str) -> Result<MarkerCode, String> {
        s.parse()
            .map(MarkerCode)
            .map_err(|e: plotmill_scene::UnknownMarker| e.to_string())
    }
}

impl Serialize for MarkerCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MarkerCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse()
            .map(MarkerCode)
            .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for MarkerCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MarkerCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": format!("a filled marker: {}", plotmill_scene::marker::MARKER_CODES),
        })
    }
}

/// A dash pattern as matplotlib takes a line style: `"-"` (or `""`,
/// solid), `"--"`, `"-."`, `":"` (or their names), or dash and gap lengths
/// in multiples of the line's width (`[4, 1.5]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DashPattern(pub Dashes);

impl DashPattern {
    /// A line style by name, or lengths separated by spaces (`"4 1.5"`).
    pub fn parse(s: &str) -> Result<DashPattern, String> {
        let t = s.trim();
        let named = match t {
            "" | "-" | "solid" => Some(Dashes::SOLID),
            "--" | "dashed" => Some(Dashes::DASHED),
            "-." | "dashdot" => Dashes::new(&[6.4, 1.6, 1.0, 1.6]),
            ":" | "dotted" => Dashes::new(&[1.0, 1.65]),
            _ => None,
        };
        if let Some(d) = named {
            return Ok(DashPattern(d));
        }
        let lengths: Result<Vec<f64>, _> = t.split_whitespace().map(str::parse).collect();
        lengths
            .ok()
            .and_then(|l| Dashes::new(&l))
            .map(DashPattern)
            .ok_or_else(|| {
                format!(
                    "'{s}' is not a line style: give -, --, -., : (solid, dashed, dashdot, dotted) or dash and gap lengths such as '4 1.5' (an even count, at most 8)"
                )
            })
    }
}

impl Serialize for DashPattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.lengths().serialize(s)
    }
}

impl<'de> Deserialize<'de> for DashPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Name(String),
            Lengths(Vec<f64>),
        }
        match Raw::deserialize(d)? {
            Raw::Name(s) => DashPattern::parse(&s),
            Raw::Lengths(l) => Dashes::new(&l).map(DashPattern).ok_or_else(|| {
                format!("{l:?} is not a dash pattern: an even count of lengths (dash, gap, …), at most 8, 0 or more")
            }),
        }
        .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for DashPattern {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DashPattern".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "a line style (-, --, -., :, solid, dashed, dashdot, dotted) or [dash, gap, …] in multiples of the width",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "number", "minimum": 0}, "maxItems": 8}
            ]
        })
    }
}

/// seaborn's `markers` / `dashes`: its own distinct values (`true`), none
/// (`false`), a list in the levels' order (cycled when short, as
/// seaborn's, with a warning), or a value for every level by name.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum StyleMap<T> {
    /// seaborn's distinct values (true) or none (false).
    All(bool),
    /// One per level, in the levels' order.
    List(Vec<T>),
    /// A value for each level, by the level's name.
    Levels(BTreeMap<String, T>),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StyleMap<T> {
    /// By the value's own type, so that a bad marker or pattern in a list
    /// or map is reported as itself.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = StyleMap<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, a list in the levels' order, or a map level -> value")
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(StyleMap::All(v))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(StyleMap::List)
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(StyleMap::Levels)
            }
        }
        d.deserialize_any(Visit(std::marker::PhantomData))
    }
}

impl<T: Copy> StyleMap<T> {
    /// Whether any level gets a value.
    pub fn is_on(&self) -> bool {
        !matches!(self, StyleMap::All(false))
    }

    /// Each level's value (`None` when off): seaborn's `defaults` for
    /// `true`. A list of the wrong length is cycled or cut, with a warning
    /// as seaborn's; a map must name every level.
    pub(crate) fn resolve(
        &self,
        levels: &[String],
        defaults: impl FnOnce(usize) -> Vec<T>,
        option: &'static str,
        warnings: &mut Vec<String>,
    ) -> Result<Option<Vec<T>>, ChartError> {
        Ok(match self {
            StyleMap::All(false) => None,
            StyleMap::All(true) => Some(defaults(levels.len())),
            StyleMap::List(values) if values.is_empty() => {
                return Err(ChartError::Invalid {
                    option,
                    message: "an empty list: give one value per level, true or false".to_owned(),
                });
            }
            StyleMap::List(values) => {
                if values.len() != levels.len() {
                    warnings.push(format!(
                        "the {option} list has {} values for {} levels; {}",
                        values.len(),
                        levels.len(),
                        if values.len() < levels.len() {
                            "they are repeated in turn, which may make the levels hard to tell apart"
                        } else {
                            "the extra ones are not used"
                        }
                    ));
                }
                Some(values.iter().copied().cycle().take(levels.len()).collect())
            }
            StyleMap::Levels(map) => {
                let missing: Vec<&str> = levels
                    .iter()
                    .filter(|l| !map.contains_key(*l))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    return Err(ChartError::Invalid {
                        option,
                        message: format!(
                            "no value for the level(s) {}: give one for every level",
                            missing.join(", ")
                        ),
                    });
                }
                Some(levels.iter().map(|l| map[l]).collect())
            }
        })
    }
}

/// One value for every hue level, or a list of one per level (seaborn's
/// point plot `markers` and `linestyles`).
#[derive(Debug, Clone, PartialEq, JsonSchema)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_slice() {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("one value, or a list of one per hue level")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(serde::de::value::StrDeserializer::new(v))
                    .map(|t| OneOrMany(vec![t]))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                let v = Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
                if v.is_empty() {
                    return Err(serde::de::Error::custom(
                        "an empty list: give one value, or one per hue level",
                    ));
                }
                Ok(OneOrMany(v))
            }
        }
        d.deserialize_any(Visit(std::marker::PhantomData))
    }
}

impl<T> OneOrMany<T> {
    /// The command line's form: one value, or a comma-separated list (of
    /// one per hue level), each read by `value`.
    pub fn parse(s: &str, value: impl Fn(&str) -> Result<T, String>) -> Result<Self, String> {
        split_list(s)
            .into_iter()
            .map(value)
            .collect::<Result<_, _>>()
            .map(OneOrMany)
    }
}

impl<T: Copy> OneOrMany<T> {
    /// The value of level `k` (cycling a short list).
    pub fn of(&self, k: usize) -> Option<T> {
        (!self.0.is_empty()).then(|| self.0[k % self.0.len()])
    }

    /// A warning when a list does not give one value per level (of
    /// `levels`): it is cycled or cut.
    pub(crate) fn check(&self, levels: usize, option: &str) -> Option<String> {
        let n = self.0.len();
        (n > 1 && n != levels).then(|| {
            format!(
                "the {option} list has {n} values for {levels} hue levels; {}",
                if n < levels {
                    "they are repeated in turn, which may make the levels hard to tell apart"
                } else {
                    "the extra ones are not used"
                }
            )
        })
    }
}

/// A point plot's line style: a dash pattern, or no line at all
/// (matplotlib's `"none"`, `""`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineCode(pub Option<Dashes>);

impl LineCode {
    /// `none` (or `""`) for no line, else a [`DashPattern`].
    pub fn parse(s: &str) -> Result<LineCode, String> {
        match s.trim() {
            "" | "none" | "None" => Ok(LineCode(None)),
            t => DashPattern::parse(t)
                .map(|d| LineCode(Some(d.0)))
                .map_err(|e| format!("{e}, or none for the points alone")),
        }
    }
}

impl Serialize for LineCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_str("none"),
            Some(d) if d.is_solid() => s.serialize_str("-"),
            Some(d) => s.collect_str(&format_args!(
                "{}",
                d.lengths()
                    .iter()
                    .map(f64::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        }
    }
}

impl<'de> Deserialize<'de> for LineCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        LineCode::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for LineCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LineCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "-, --, -., : (solid, dashed, dashdot, dotted), dash and gap lengths such as '4 1.5', or none (no line)",
        })
    }
}

/// Splits a command-line list at commas outside parentheses, so that
/// `o,(4, 0, 45),s` is three markers.
pub fn split_list(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

impl<T> StyleMap<T> {
    /// The command line's form: `true`, `false`, a comma-separated list, or
    /// `LEVEL=VALUE` pairs, each value read by `value`.
    pub fn parse(s: &str, value: impl Fn(&str) -> Result<T, String>) -> Result<Self, String> {
        match s.trim() {
            "true" => return Ok(StyleMap::All(true)),
            "false" => return Ok(StyleMap::All(false)),
            _ => {}
        }
        let parts = split_list(s);
        let named = parts.iter().filter(|p| p.contains('=')).count();
        if named == 0 {
            return parts
                .into_iter()
                .map(value)
                .collect::<Result<_, _>>()
                .map(StyleMap::List);
        }
        if named != parts.len() {
            return Err("mixes LEVEL=VALUE pairs with plain values: give one or the other".into());
        }
        let mut map = BTreeMap::new();
        for p in parts {
            let (level, v) = p.split_once('=').unwrap_or((p, ""));
            if map.insert(level.trim().to_owned(), value(v)?).is_some() {
                return Err(format!("the level '{}' is given twice", level.trim()));
            }
        }
        Ok(StyleMap::Levels(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_read_from_json_and_the_command_line_alike() {
        let json: StyleMap<MarkerCode> =
            serde_json::from_str(r#"["o", "(4, 0, 45)", "X"]"#).expect("a list");
        let cli = StyleMap::parse("o,(4, 0, 45),X", MarkerCode::parse).expect("a list");
        assert_eq!(json, cli);
        let map: StyleMap<MarkerCode> =
            serde_json::from_str(r#"{"a": "s", "b": "^"}"#).expect("a map");
        assert_eq!(
            map,
            StyleMap::parse("a=s,b=^", MarkerCode::parse).expect("pairs")
        );
        let err = serde_json::from_str::<StyleMap<MarkerCode>>(r#"["o", "x"]"#).expect_err("x");
        assert!(
            err.to_string().contains("'x' is not a filled marker"),
            "{err}"
        );
        let err = serde_json::from_str::<StyleMap<MarkerCode>>("3").expect_err("a number");
        assert!(err.to_string().contains("true, false, a list"), "{err}");
        assert_eq!(
            serde_json::from_str::<StyleMap<MarkerCode>>("true").expect("bool"),
            StyleMap::All(true)
        );
    }

    #[test]
    fn dash_patterns_are_names_or_lengths() {
        let d: StyleMap<DashPattern> =
            serde_json::from_str(r#"["", [4, 1.5], "--", ":"]"#).expect("a list");
        let StyleMap::List(d) = d else {
            panic!("a list")
        };
        assert!(d[0].0.is_solid());
        assert_eq!(d[1].0.lengths(), [4.0, 1.5]);
        assert_eq!(d[2].0, Dashes::DASHED);
        assert_eq!(d[3].0.lengths(), [1.0, 1.65]);
        assert!(DashPattern::parse("4").is_err());
        assert!(serde_json::from_str::<DashPattern>("[1, -1]").is_err());
        assert_eq!(
            StyleMap::parse("-,4 1.5", DashPattern::parse).expect("a list"),
            StyleMap::List(vec![
                DashPattern(Dashes::SOLID),
                DashPattern(Dashes::new(&[4.0, 1.5]).expect("dashes"))
            ])
        );
    }

    #[test]
    fn point_plot_styles_are_one_or_a_list() {
        let one: OneOrMany<MarkerCode> = serde_json::from_str(r#""s""#).expect("one");
        assert_eq!(one.of(3), Some(MarkerCode(Shape::Square)));
        let many: OneOrMany<LineCode> =
            serde_json::from_str(r#"["-", "--", "none", "4 1"]"#).expect("a list");
        assert_eq!(many.of(2), Some(LineCode(None)));
        assert_eq!(many.of(1), Some(LineCode(Some(Dashes::DASHED))));
        assert_eq!(
            serde_json::to_string(&many).expect("json"),
            r#"["-","3.7 1.6","none","4 1"]"#
        );
        assert_eq!(one.check(3, "markers"), None);
        assert!(
            many.check(3, "linestyles")
                .is_some_and(|w| w.contains("4 values for 3 hue levels"))
        );
        assert_eq!(many.check(4, "linestyles"), None);
        let err = serde_json::from_str::<OneOrMany<MarkerCode>>(r#"["o", "+"]"#).expect_err("+");
        assert!(
            err.to_string().contains("'+' is not a filled marker"),
            "{err}"
        );
    }

    #[test]
    fn lists_cycle_with_a_warning_and_maps_name_every_level() {
        let levels: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut warnings = Vec::new();
        let list = StyleMap::List(vec![1, 2]);
        let got = list
            .resolve(&levels, |_| vec![], "markers", &mut warnings)
            .expect("cycled");
        assert_eq!(got, Some(vec![1, 2, 1]));
        assert!(
            warnings[0].contains("2 values for 3 levels"),
            "{warnings:?}"
        );
        let map = StyleMap::Levels(BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]));
        let err = map
            .resolve(&levels, |_| vec![], "markers", &mut warnings)
            .expect_err("c is missing");
        assert!(err.to_string().contains("level(s) c"), "{err}");
        let on = StyleMap::<i32>::All(true)
            .resolve(
                &levels,
                |n| (0..n as i32).collect(),
                "markers",
                &mut warnings,
            )
            .expect("defaults");
        assert_eq!(on, Some(vec![0, 1, 2]));
    }
}
