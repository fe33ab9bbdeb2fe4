//! JavaScript's view of JSON option values and Node's view of request
//! headers, shared by the models of Node middleware.

use serde_json::{Number, Value};

use super::ServerRequest;

/// JavaScript truthiness of a JSON value.
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// `String(n)` for a JSON number, as JavaScript prints it (integers, and
/// decimals in plain notation).
pub(super) fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        n.as_f64().map_or_else(String::new, |x| x.to_string())
    }
}

/// `String(value)` for a primitive (`null` as `null`); `None` for an
/// array or an object.
pub(super) fn primitive(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(number(n)),
        Value::String(s) => Some(s.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// `array.join(separator)`: `null` items are empty, other primitives as
/// `String` prints them; `None` when an item is an array or an object.
pub(super) fn join(items: &[Value], separator: &str) -> Option<String> {
    items
        .iter()
        .map(|item| match item {
            Value::Null => Some(String::new()),
            other => primitive(other),
        })
        .collect::<Option<Vec<_>>>()
        .map(|items| items.join(separator))
}

/// Node's `req.headers[name]` for a header it joins (`Origin` and the
/// `Access-Control-Request-*` headers): the values of every line named
/// `name` (ASCII case-insensitive), joined with `, `; `None` without one.
pub(super) fn header(request: &ServerRequest, name: &str) -> Option<String> {
    let mut values = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str());
    let first = values.next()?.to_owned();
    Some(values.fold(first, |mut joined, value| {
        joined.push_str(", ");
        joined.push_str(value);
        joined
    }))
}
