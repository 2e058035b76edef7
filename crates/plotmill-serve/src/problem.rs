//! Errors as RFC 9457 problem details (`application/problem+json`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plotmill_engine::Fault;
use serde::Serialize;

/// An error answer: its status and what to tell the client.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`about:blank`: the status says it).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// The status's phrase.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What was wrong, naming the row, column or parameter, and what to do.
    pub detail: String,
    /// The request's part at fault, for programs: a query parameter's name
    /// (`figsize`) or a JSON Pointer into the body (`/chart/figsize`). An
    /// extension member (RFC 9457 §3.2), present when one option is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What kind of fault, for programs: `request`, `spec`, `data`,
    /// `limit`, `chart`, `encode`, `internal` (the words of a batch's
    /// failures.jsonl). An extension member, present on 4xx answers about
    /// a chart and on 500s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Fault>,
    /// Seconds to wait before retrying (503).
    #[serde(skip)]
    pub retry_after: Option<u32>,
}

impl Problem {
    /// A problem with this status and detail.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Problem {
            type_uri: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            field: None,
            kind: None,
            retry_after: None,
        }
    }

    /// The same problem, saying what kind of fault it is.
    pub fn of(self, kind: Fault) -> Self {
        Problem {
            kind: Some(kind),
            ..self
        }
    }

    /// The same problem, naming the request's part at fault, if any.
    pub fn at(self, field: Option<String>) -> Self {
        Problem { field, ..self }
    }

    /// 400: a bad parameter or body.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 422: data that cannot be charted.
    pub fn unprocessable(detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }

    /// 503 with Retry-After.
    pub fn unavailable(detail: impl Into<String>, retry_after: u32) -> Self {
        Problem {
            retry_after: Some(retry_after),
            ..Problem::new(StatusCode::SERVICE_UNAVAILABLE, detail)
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(s) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}
