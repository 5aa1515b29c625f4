//! How the fields of [`super::FrontMatter`] that postcard cannot carry as they are go into the
//! build's caches: dates as year, month and day, `extra` as its JSON text (a JSON value's
//! kind is only known by reading it, and postcard does not describe its values).

pub mod date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.map(|d| (d.year(), d.month(), d.day())).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let parts: Option<(i16, i8, i8)> = Deserialize::deserialize(d)?;
        parts
            .map(|(y, m, day)| Date::new(y, m, day).map_err(serde::de::Error::custom))
            .transpose()
    }
}

pub mod json_map {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Map, Value};

    pub fn serialize<S: Serializer>(map: &Map<String, Value>, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(map).map_err(serde::ser::Error::custom)?;
        text.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Map<String, Value>, D::Error> {
        let text: std::borrow::Cow<'de, str> = Deserialize::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
