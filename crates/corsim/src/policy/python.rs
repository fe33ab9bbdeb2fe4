//! Python's view of JSON option values, shared by the models of Python
//! middleware.

use serde_json::Value;

/// Python's truthiness of a JSON value (`{"regex"}` is a compiled pattern,
/// a non-empty dict: true).
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// A JSON value as a Python literal (`True`, `None`, lists, dicts; a
/// `{"regex"}` as `re.compile(...)`).
pub(super) fn literal(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => Value::String(s.clone()).to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            if let Some(Value::String(source)) = map.get("regex") {
                return format!("re.compile({})", Value::String(source.clone()));
            }
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), literal(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}
