//! Measured figures that JSON cannot always carry: serde_json writes a non-finite `f64` as
//! `null`, so a reader takes `null` back as NaN (and the app shows "—" with the reason,
//! never NaN or a blank).

use serde::{Deserialize, Deserializer};

/// Reads a number, or `null` as NaN.
pub fn or_nan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Figure {
        #[serde(deserialize_with = "super::or_nan")]
        v: f64,
    }

    #[test]
    fn null_reads_as_nan_and_numbers_as_themselves() {
        let read = |text: &str| serde_json::from_str::<Figure>(text).map(|f| f.v);
        assert!(read(r#"{"v": null}"#).is_ok_and(f64::is_nan));
        assert_eq!(read(r#"{"v": 2.5}"#).ok(), Some(2.5));
        assert!(read(r#"{"v": "x"}"#).is_err());
    }
}
