//! The HSDS JSON form: compiled service objects.

use super::*;

/// The file parsed, or None with the problem recorded (its line and column).
pub(super) fn parse(path: &Path, problems: &mut Problems) -> Option<Value> {
    let file = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(
                Place { file, line: None, column: None },
                format!("cannot be read: {error}"),
                "check the path and the file's permissions",
            );
            return None;
        }
    };
    match serde_json::from_slice::<Value>(&text) {
        Ok(value) => Some(value),
        Err(error) => {
            let place = Place { file, line: Some(error.line() as u64), column: Some(error.column().to_string()) };
            let reason = format!("is not valid JSON ({})", error.to_string().split(" at line").next().unwrap_or(""));
            problems.push(place, reason, "fix the JSON there (a validator such as `python3 -m json.tool` shows it)");
            None
        }
    }
}

pub(super) fn read(path: &Path, problems: &mut Problems) -> Vec<Service> {
    let Some(value) = parse(path, problems) else {
        return Vec::new();
    };
    let file = path.display().to_string();
    let (list, prefix): (Vec<&Value>, &str) = match &value {
        Value::Array(items) => (items.iter().collect(), ""),
        Value::Object(object) => match object.get("contents") {
            Some(Value::Array(items)) => (items.iter().collect(), "contents"),
            _ => (vec![&value], ""),
        },
        _ => (Vec::new(), ""),
    };
    if list.is_empty() || !list.iter().all(|item| item.is_object()) {
        problems.push(
            Place { file, line: None, column: None },
            "holds no HSDS service objects".into(),
            "give a service object, an array of them, or a page with them under \"contents\" (the /services form)",
        );
        return Vec::new();
    }
    let single = list.len() == 1 && prefix.is_empty() && value.is_object();
    list.iter()
        .enumerate()
        .filter_map(|(index, item)| {
            let at = if single {
                String::new()
            } else if prefix.is_empty() {
                format!("[{index}]")
            } else {
                format!("{prefix}[{index}]")
            };
            service(item, &file, &at, problems)
        })
        .collect()
}

fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn phones(value: &Value) -> Vec<Phone> {
    list(value, "phones")
        .iter()
        .filter_map(|p| {
            Some(Phone { number: text(p, "number")?, extension: text(p, "extension"), kind: text(p, "type") })
        })
        .collect()
}

fn schedules(value: &Value) -> Vec<Schedule> {
    list(value, "schedules")
        .iter()
        .map(|s| Schedule {
            freq: text(s, "freq"),
            interval: text(s, "interval"),
            byday: text(s, "byday"),
            bymonthday: text(s, "bymonthday"),
            wkst: text(s, "wkst"),
            dtstart: text(s, "dtstart"),
            opens_at: text(s, "opens_at"),
            closes_at: text(s, "closes_at"),
            description: text(s, "description"),
        })
        .collect()
}

fn languages(value: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in list(value, "languages").iter().filter_map(|l| text(l, "name").or_else(|| text(l, "code"))) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn service(value: &Value, file: &str, at: &str, problems: &mut Problems) -> Option<Service> {
    let place = |key: &str| Place {
        file: file.to_string(),
        line: None,
        column: Some(if at.is_empty() { key.to_string() } else { format!("{at}.{key}") }),
    };
    let (Some(id), Some(name)) = (text(value, "id"), text(value, "name")) else {
        let key = if text(value, "id").is_none() { "id" } else { "name" };
        problems.push(place(key), format!("the service has no {key}"), "every service needs an id and a name");
        return None;
    };
    let organization =
        value.get("organization").filter(|o| o.is_object()).map_or_else(Organization::default, |o| Organization {
            name: text(o, "name"),
            url: text(o, "website").or_else(|| text(o, "url")),
            email: text(o, "email"),
            phones: phones(o),
        });
    let mut seen = HashSet::new();
    let terms = list(value, "attributes")
        .iter()
        .filter_map(|a| a.get("taxonomy_term").and_then(|t| text(t, "name")).or_else(|| text(a, "label")))
        .filter(|name| seen.insert(name.clone()))
        .collect();
    let mut sites = Vec::new();
    for (index, entry) in list(value, "service_at_locations").iter().enumerate() {
        let Some(site_id) = text(entry, "id") else {
            problems.push(
                place(&format!("service_at_locations[{index}].id")),
                "the service_at_location has no id".into(),
                "every service_at_location needs an id (the resource keeps it, to update it on the next import)",
            );
            continue;
        };
        let location = entry.get("location").cloned().unwrap_or(Value::Null);
        let address = list(&location, "addresses")
            .iter()
            .max_by_key(|a| text(a, "address_type").is_none_or(|t| t.eq_ignore_ascii_case("physical")))
            .and_then(|a| {
                address_text(
                    ["address_1", "address_2", "city", "state_province", "postal_code", "country"].map(|k| text(a, k)),
                )
            });
        sites.push(Site {
            id: site_id,
            name: text(&location, "name"),
            address,
            url: text(&location, "url"),
            phones: phones(entry),
            schedules: schedules(entry),
            location_phones: phones(&location),
            location_schedules: schedules(&location),
            languages: languages(&location),
        });
    }
    Some(Service {
        place: place("id"),
        status: text(value, "status"),
        description: text(value, "description"),
        url: text(value, "url"),
        email: text(value, "email"),
        eligibility: text(value, "eligibility_description"),
        organization,
        phones: phones(value),
        schedules: schedules(value),
        terms,
        languages: languages(value),
        sites,
        id,
        name,
    })
}
