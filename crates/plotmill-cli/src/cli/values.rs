//! A spec's values on the command line, read by the spec's own
//! definitions: an enum's names (and their help) come from its JSON schema,
//! its value from serde, and a flag's default from the spec's default, so
//! the command line keeps no copy of them.

use clap::builder::{OsStr, PossibleValue, PossibleValuesParser, TypedValueParser};
use plotmill::chart::ChartSpec;
use serde_json::Value;

/// Parses a flag's value as the spec enum `T` is written in a spec.
pub(crate) fn spec_enum<T>() -> impl TypedValueParser<Value = T>
where
    T: schemars::JsonSchema + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    PossibleValuesParser::new(possible_values(&schema))
        .try_map(|name: String| serde_json::from_value::<T>(Value::String(name)))
}

/// A spec enum's value or none (a flag's type: clap reads an `Option`
/// field as a flag that may be left out).
#[derive(Debug, Clone)]
pub(crate) struct OrNone<T>(pub(crate) Option<T>);

/// As [`spec_enum`], with `none` (for `None`) among the names.
pub(crate) fn spec_enum_or_none<T>(none: &'static str) -> impl TypedValueParser<Value = OrNone<T>>
where
    T: schemars::JsonSchema + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
    let mut values = possible_values(&schema);
    values.push(PossibleValue::new("none").help(none));
    PossibleValuesParser::new(values).try_map(|name: String| match name.as_str() {
        "none" => Ok(OrNone(None)),
        _ => serde_json::from_value::<T>(Value::String(name)).map(|v| OrNone(Some(v))),
    })
}

/// The names a unit enum's schema allows: `{"enum": [...]}`, or with
/// documented variants `{"oneOf": [{"const": name, "description": help}]}`.
fn possible_values(schema: &Value) -> Vec<PossibleValue> {
    let names = |v: &Value| -> Vec<String> {
        v.get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(v.get("const"))
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let mut values: Vec<PossibleValue> =
        names(schema).into_iter().map(PossibleValue::new).collect();
    for variant in schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let help = variant.get("description").and_then(Value::as_str);
        for name in names(variant) {
            let mut value = PossibleValue::new(name);
            if let Some(help) = help {
                value = value.help(help.to_owned());
            }
            values.push(value);
        }
    }
    values
}

/// A spec value as a flag's default: its name as a spec writes it.
pub(crate) fn default_of<T: serde::Serialize>(value: T) -> OsStr {
    match serde_json::to_value(value) {
        Ok(Value::String(name)) => name.into(),
        Ok(other) => other.to_string().into(),
        Err(_) => OsStr::default(),
    }
}

/// A figure size as a flag's default: `WxH`.
pub(crate) fn wxh((w, h): (f64, f64)) -> OsStr {
    format!("{w}x{h}").into()
}

/// A chart kind by its name in a spec (`heatmap`, `scatter-matrix`), to
/// the kind's default spec.
pub(crate) fn chart_kind() -> impl TypedValueParser<Value = ChartSpec> {
    PossibleValuesParser::new(ChartSpec::kinds()).try_map(|kind: String| {
        ChartSpec::from_kind(&kind).ok_or_else(|| format!("'{kind}' is not a chart kind"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill::chart::Mask;
    use plotmill::data::CorrMethod;

    #[test]
    fn enum_names_come_from_the_spec() {
        let names = |values: Vec<PossibleValue>| -> Vec<String> {
            values.iter().map(|v| v.get_name().to_owned()).collect()
        };
        let schema = serde_json::to_value(schemars::schema_for!(CorrMethod)).unwrap();
        assert_eq!(
            names(possible_values(&schema)),
            ["pearson", "spearman", "kendall"]
        );
        let schema = serde_json::to_value(schemars::schema_for!(Mask)).unwrap();
        assert_eq!(names(possible_values(&schema)), ["none", "upper", "lower"]);
        assert_eq!(default_of(CorrMethod::default()), "pearson");
    }
}
