//! The OpenAPI 3.1 document, generated from the same types that read the
//! requests (JSON Schema 2020-12 from schemars, which OpenAPI 3.1 uses as is).

use plotmill_chart::ChartSpec;
use serde_json::{Value, json};

use crate::{Problem, RenderRequest};

/// The small documentation page at `/docs`.
pub(crate) const DOCS_HTML: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>plotmill serve</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}code,pre{background:#f4f4f4;padding:.1em .3em}pre{padding:.6em}</style>
</head><body>
<h1>plotmill serve</h1>
<p>Statistical charts over HTTP. The full description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>POST /v1/charts/{kind}</h2>
<p><code>kind</code> is <code>heatmap</code> or <code>scatter-matrix</code>. The body is the data (<code>text/csv</code>, or <code>application/json</code> as <code>{"columns": {"a": [1, 2], "b": [3, 4]}}</code>); the query holds the options, named as the command line's flags (<code>method</code>, <code>cmap</code>, <code>fmt</code>, <code>figsize=8x6</code>, <code>dpi</code>, <code>format=png|svg|pdf</code>, ...).</p>
<pre>curl --data-binary @data.csv -H 'Content-Type: text/csv' \
  'http://127.0.0.1:8080/v1/charts/heatmap?method=spearman&amp;format=png' -o corr.png</pre>
<h2>POST /v1/render</h2>
<p>A chart spec with its data: <code>{"chart": {"kind": "heatmap", "cmap": "vlag"}, "data": {"csv": "a,b\n1,2\n3,5\n"}}</code>.</p>
<h2>Other routes</h2>
<ul><li><code>GET /healthz</code>: alive.</li><li><code>GET /readyz</code>: 503 while draining or when the render queue is full.</li>
<li><code>GET /metrics</code>: Prometheus text.</li><li><code>GET /openapi.json</code>, <code>GET /docs</code>.</li></ul>
<p>The format comes from <code>format=</code>, else the <code>Accept</code> header (<code>image/svg+xml</code>, <code>image/png</code>), else PNG. Responses carry an ETag; send it back in <code>If-None-Match</code> for a 304. Errors are <code>application/problem+json</code>.</p>
</body></html>
"#;

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null)
}

/// The query parameters of `/v1/charts/{kind}`: every field of every
/// kind's spec but `kind` (the path names it).
fn query_parameters() -> Vec<Value> {
    let mut seen = std::collections::BTreeMap::new();
    let spec = schema::<ChartSpec>();
    for kind in spec
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(props) = kind.get("properties").and_then(Value::as_object) {
            for (name, prop) in props.iter().filter(|(name, _)| *name != "kind") {
                seen.entry(name.clone()).or_insert_with(|| prop.clone());
            }
        }
    }
    seen.into_iter()
        .map(|(name, mut prop)| {
            if name == "figsize" {
                prop = json!({"type": "string", "pattern": "^[0-9.]+[xX][0-9.]+$", "description": "Figure size in inches, WxH", "examples": ["8x6"]});
            }
            let description = prop.get("description").cloned().unwrap_or(Value::Null);
            json!({"name": name, "in": "query", "required": false, "description": description, "schema": prop})
        })
        .collect()
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    let problem = json!({"description": "A problem (RFC 9457)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let image = json!({
        "description": "The chart",
        "headers": {"ETag": {"schema": {"type": "string"}}, "x-request-id": {"schema": {"type": "string"}}},
        "content": {"image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}}, "image/svg+xml": {"schema": {"type": "string"}}}
    });
    let errors = |extra: &[&str]| {
        let mut m = serde_json::Map::new();
        for code in ["400", "401", "413", "422", "503"].iter().chain(extra) {
            m.insert((*code).to_owned(), problem.clone());
        }
        m
    };
    let mut chart_responses = errors(&["404", "415"]);
    chart_responses.insert("200".into(), image.clone());
    chart_responses.insert(
        "304".into(),
        json!({"description": "Not modified (If-None-Match matched the ETag)"}),
    );
    let mut render_responses = errors(&[]);
    render_responses.insert("200".into(), image);
    render_responses.insert("304".into(), json!({"description": "Not modified"}));
    let mut params = vec![
        json!({"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": plotmill_chart::ChartSpec::kinds()}}),
    ];
    params.extend(query_parameters());
    let text = |d: &str| json!({"200": {"description": d, "content": {"text/plain": {"schema": {"type": "string"}}}}});
    let mut render_schema = schema::<RenderRequest>();
    let defs = render_schema
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or_else(|| json!({}));
    let mut schemas = defs.as_object().cloned().unwrap_or_default();
    schemas.insert("RenderRequest".into(), render_schema);
    schemas.insert("Problem".into(), schema::<Problem>());
    let doc = json!({
        "openapi": "3.1.0",
        "info": {"title": "plotmill", "version": env!("CARGO_PKG_VERSION"), "description": "Statistical charts over HTTP."},
        "paths": {
            "/v1/charts/{kind}": {"post": {
                "summary": "Draw a chart of the body's data; options in the query",
                "parameters": params,
                "requestBody": {"required": true, "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "object", "required": ["columns"], "properties": {"columns": {"type": "object", "additionalProperties": {"type": "array"}}}}}
                }},
                "responses": chart_responses
            }},
            "/v1/render": {"post": {
                "summary": "Draw a full chart spec with inline data",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RenderRequest"}}}},
                "responses": render_responses
            }},
            "/healthz": {"get": {"summary": "Liveness", "responses": text("alive")}},
            "/readyz": {"get": {"summary": "Readiness", "responses": {"200": {"description": "ready"}, "503": problem}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": text("metrics")}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
            "/docs": {"get": {"summary": "A short HTML guide", "responses": {"200": {"description": "HTML"}}}}
        },
        "components": {"schemas": schemas}
    });
    // schemars refers to definitions as #/$defs/X; in OpenAPI they live under
    // #/components/schemas/X.
    let text = doc.to_string().replace("#/$defs/", "#/components/schemas/");
    serde_json::from_str(&text).unwrap_or(doc)
}
