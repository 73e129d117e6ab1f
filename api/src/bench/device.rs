//! The device a benchmark runs on, spelled `cpu` or `cuda:N` in JSON and on the command line.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Which kind of device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// The host's CPU.
    Cpu,
    /// An NVIDIA GPU through candle's CUDA backend.
    Cuda,
}

/// A device: the CPU, or the CUDA GPU with this index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Device {
    /// The host's CPU.
    Cpu,
    /// CUDA GPU number N (`cuda:N`).
    Cuda(u32),
}

impl Device {
    /// The device `text` names: `cpu` or `cuda:N` (any case, surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("cpu") {
            return Ok(Device::Cpu);
        }
        let lower = text.to_ascii_lowercase();
        let Some(ordinal) = lower.strip_prefix("cuda:") else {
            return Err(format!("`{text}` is not `cpu` or `cuda:N`"));
        };
        ordinal
            .parse::<u32>()
            .map(Device::Cuda)
            .map_err(|_| format!("`{text}`: N in cuda:N must be a GPU index"))
    }

    /// CPU or CUDA.
    pub fn kind(self) -> DeviceKind {
        match self {
            Device::Cpu => DeviceKind::Cpu,
            Device::Cuda(_) => DeviceKind::Cuda,
        }
    }

    /// Whether this is the CPU.
    pub fn is_cpu(self) -> bool {
        self == Device::Cpu
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => f.write_str("cpu"),
            Device::Cuda(n) => write!(f, "cuda:{n}"),
        }
    }
}

impl std::str::FromStr for Device {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Device::parse(text)
    }
}

impl Serialize for Device {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Device {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Device::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl utoipa::PartialSchema for Device {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^(cpu|cuda:[0-9]+)$"))
            .description(Some("`cpu`, or `cuda:N` for the CUDA GPU with index N"))
            .into()
    }
}

#[cfg(feature = "schema")]
impl utoipa::ToSchema for Device {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_read_and_write_as_text() {
        for (text, device) in [
            ("cpu", Device::Cpu),
            (" CPU ", Device::Cpu),
            ("cuda:0", Device::Cuda(0)),
            ("CUDA:3", Device::Cuda(3)),
        ] {
            assert_eq!(Device::parse(text), Ok(device), "{text}");
        }
        assert_eq!(Device::Cuda(1).to_string(), "cuda:1");
        assert_eq!(Device::Cuda(1).kind(), DeviceKind::Cuda);
        assert_eq!(
            Device::parse("tpu"),
            Err("`tpu` is not `cpu` or `cuda:N`".to_string())
        );
        assert_eq!(
            Device::parse("cuda"),
            Err("`cuda` is not `cpu` or `cuda:N`".to_string())
        );
        assert!(Device::parse("cuda:x").is_err_and(|e| e.contains("GPU index")));
        assert_eq!(
            serde_json::to_string(&Device::Cuda(0)).ok(),
            Some("\"cuda:0\"".into())
        );
        let read: Result<Device, _> = serde_json::from_str("\"gpu\"");
        assert!(read.is_err_and(|e| e.to_string().contains("is not `cpu` or `cuda:N`")));
    }
}
