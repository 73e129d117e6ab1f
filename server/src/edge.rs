//! What the server's edge enforces, as configured at start (`serve` flags): the origins
//! allowed to make state-changing requests besides the server's own, the slots for
//! expensive work (plans, placements, exports), and how long a request may take. The HTTP
//! layer applies them (`http::guard`, `http::limits`); this module only holds the values,
//! so `state` can carry them without depending on the HTTP layer.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a request may take from its headers to its response's head (`serve
/// --request-timeout-s`). A plan of the largest Monte Carlo (200,000 draws over 120 months)
/// takes about a second of CPU and a PDF well under one, so a minute is generous; a
/// response streamed after its head (benchmark events) is not cut by it.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How long an expensive request waits for a free slot before it is refused with 503 and
/// `Retry-After` (`serve --expensive-wait-s`): long enough that a burst of small plans
/// queues rather than fails, short enough that a client is told soon when the server is
/// saturated.
pub const DEFAULT_EXPENSIVE_WAIT: Duration = Duration::from_secs(5);

/// Expensive requests computed at once by default: one per CPU, since each is one
/// CPU-bound blocking task, so more at once only makes every one of them slower.
pub fn default_expensive_slots() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The slots for expensive work: a request holds one while its blocking computation runs
/// (the permit travels into the blocking task, so a request cut by the timeout still holds
/// its slot until the CPU work really ends).
#[derive(Clone, Debug)]
pub struct ExpensiveSlots {
    semaphore: Arc<Semaphore>,
    slots: usize,
    wait: Duration,
}

/// Every slot stayed busy for the whole wait.
#[derive(Debug, thiserror::Error)]
#[error(
    "the server is computing {slots} expensive request(s) (plans, placements, exports) at once, its limit, and none finished within {} s; try again shortly",
    wait.as_secs_f64()
)]
pub struct AtCapacity {
    /// The limit (`serve --max-expensive`).
    pub slots: usize,
    /// How long the request waited.
    pub wait: Duration,
}

impl ExpensiveSlots {
    /// `slots` at once (at least 1); a request waits at most `wait` for one.
    pub fn new(slots: usize, wait: Duration) -> Self {
        let slots = slots.max(1);
        Self {
            semaphore: Arc::new(Semaphore::new(slots)),
            slots,
            wait,
        }
    }

    /// A slot, waiting at most the configured time for one.
    pub async fn acquire(&self) -> Result<OwnedSemaphorePermit, AtCapacity> {
        let refused = || AtCapacity {
            slots: self.slots,
            wait: self.wait,
        };
        match tokio::time::timeout(self.wait, self.semaphore.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed; a closed one means no slot will ever come.
            Ok(Err(_)) | Err(_) => Err(refused()),
        }
    }

    /// How many requests may compute at once.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// How long a request waits for a slot.
    pub fn wait(&self) -> Duration {
        self.wait
    }
}

impl Default for ExpensiveSlots {
    fn default() -> Self {
        Self::new(default_expensive_slots(), DEFAULT_EXPENSIVE_WAIT)
    }
}

/// An origin (`scheme://host[:port]`, lower case, without the scheme's default port) as
/// browsers send it in `Origin`, from `url`. Only `http` and `https` origins are accepted.
/// With `path_allowed` (a `--public-url` may name a path) whatever follows the authority
/// is ignored; without it, anything but a trailing `/` is an error.
pub fn origin_of(url: &str, path_allowed: bool) -> Result<String, String> {
    let url = url.trim();
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("`{url}` is not an origin like https://host[:port]"))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => {
            return Err(format!(
                "`{url}`: only http:// and https:// origins are allowed"
            ))
        }
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if !path_allowed && !tail.is_empty() && tail != "/" {
        return Err(format!(
            "`{url}`: an origin is scheme://host[:port], without a path"
        ));
    }
    let plain = !authority.is_empty()
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if !plain {
        return Err(format!("`{url}`: the host is missing or malformed"));
    }
    let authority = authority.to_ascii_lowercase();
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Ok(format!("{scheme}://{authority}"))
}

/// Whether `origin` (as [`origin_of`] gives it) is the origin a request with this `Host`
/// header was sent to: its host and port are the Host's (the scheme is not compared: a
/// TLS proxy in front makes the browser's `https` origin reach this server as http).
pub fn is_same_origin(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    !host.is_empty() && authority == host
}
