//! Object stores: an `s3://` or `https://` URL -> a zarrs store over `object_store`.
//!
//! ```text
//! s3://bucket/path.zarr   -> AmazonS3 (AWS_* env vars, or storage_options=)    read + write
//!                            + prefix `path.zarr`
//! https://host/path.zarr  -> HTTP store at that URL                         read only
//!                         -> zarrs' async store -> blocking adapter on the io runtime
//! puts                    -> spawned on the io runtime: the worker goes on computing while
//!                            at most INFLIGHT bytes are on their way; `flush` waits for them
//! ```
//! The io layer owns a small tokio runtime (two threads named `arrlang-io`) that drives the
//! connections; the scheduler's workers block on their own request only, so reads in flight
//! are bounded by the workers' blocks (which the memory limit counts) and writes by INFLIGHT.
//! Transient errors (timeouts, 5xx, throttling) are retried by `object_store`'s RetryConfig.

use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use zarrs::storage::storage_adapter::async_to_sync::{
    AsyncToSyncBlockOn, AsyncToSyncStorageAdapter,
};
use zarrs::storage::{
    byte_range::ByteRangeIterator, Bytes, ListableStorageTraits, MaybeBytes, MaybeBytesIterator,
    OffsetBytesIterator, ReadableStorageTraits, ReadableWritableListableStorage, StorageError,
    StoreKey, StoreKeys, StoreKeysPrefixes, StorePrefix, WritableStorageTraits,
};
use zarrs_object_store::AsyncObjectStore;

/// Bytes of puts in flight at once (a larger single chunk goes alone).
const INFLIGHT: u64 = 256 << 20;

/// Whether `path` is an object-store URL (`s3://`, `https://`, `http://`).
pub fn is_url(path: &str) -> bool {
    ["s3://", "https://", "http://"]
        .iter()
        .any(|s| path.starts_with(s))
}

/// Whether the URL's store can be written (only `s3://`).
pub fn is_writable_url(path: &str) -> bool {
    path.starts_with("s3://")
}

/// `storage_options=` of an `s3://` store, spelled as fsspec's s3fs (and so xarray's
/// `storage_options=`) spells them; each one given overrides the AWS environment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StorageOptions {
    /// `endpoint_url`: an S3-compatible server (`http://` allowed).
    pub endpoint_url: Option<String>,
    /// `anon`: unsigned requests (public buckets), credentials ignored.
    pub anon: Option<bool>,
    /// `region_name` (`region`, or `client_kwargs`' `region_name`).
    pub region: Option<String>,
    /// `key` and `secret`: the access key id and its secret; `token`: a session token.
    pub key: Option<String>,
    pub secret: Option<String>,
    pub token: Option<String>,
}

/// The option names [`StorageOptions::set`] takes.
pub const STORAGE_OPTIONS: &str = "endpoint_url, anon, key, secret, token, region_name";

impl StorageOptions {
    /// Sets option `name` (a text value; `anon` a bool); an error names what is known.
    pub fn set(
        &mut self,
        name: &str,
        text: Option<&str>,
        flag: Option<bool>,
    ) -> Result<(), String> {
        let want_text = |t: Option<&str>| {
            t.map(str::to_string)
                .ok_or_else(|| format!("`{name}` takes a string"))
        };
        match name {
            "endpoint_url" => self.endpoint_url = Some(want_text(text)?),
            "region_name" | "region" => self.region = Some(want_text(text)?),
            "key" | "aws_access_key_id" => self.key = Some(want_text(text)?),
            "secret" | "aws_secret_access_key" => self.secret = Some(want_text(text)?),
            "token" | "aws_session_token" => self.token = Some(want_text(text)?),
            "anon" => {
                self.anon = Some(flag.ok_or_else(|| "`anon` takes True or False".to_string())?)
            }
            _ => {
                return Err(format!(
                    "unknown storage option `{name}` (known: {STORAGE_OPTIONS})"
                ))
            }
        }
        Ok(())
    }
}

/// The options given for stores, by store URL (a store's arrays are under its URL).
fn registry() -> &'static Mutex<Vec<(String, StorageOptions)>> {
    static R: OnceLock<Mutex<Vec<(String, StorageOptions)>>> = OnceLock::new();
    R.get_or_init(Mutex::default)
}

/// Uses `opts` for the store at `url` (and everything under it) from now on.
pub fn set_options(url: &str, opts: StorageOptions) {
    let url = url.trim_end_matches('/').to_string();
    let mut r = registry().lock().unwrap_or_else(|e| e.into_inner());
    r.retain(|(u, _)| *u != url);
    r.push((url, opts));
}

/// The options of the store `url` is in: those given for the longest URL it starts with.
fn options_for(url: &str) -> Option<StorageOptions> {
    let url = url.trim_end_matches('/');
    let r = registry().lock().unwrap_or_else(|e| e.into_inner());
    r.iter()
        .filter(|(u, _)| url == u || url.starts_with(&format!("{u}/")))
        .max_by_key(|(u, _)| u.len())
        .map(|(_, o)| o.clone())
}

/// The io layer's runtime: started at the first remote store, shared by all of them.
fn runtime() -> Result<&'static tokio::runtime::Runtime, String> {
    static RT: OnceLock<Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RT.get_or_init(|| {
        // reqwest is built without a TLS provider of its own: ring's, installed once
        // (deprecated for its lack of post-quantum key exchange; aws-lc-rs is a long C build).
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("arrlang-io")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the io runtime: {e}"))
    })
    .as_ref()
    .map_err(|e| e.clone())
}

struct BlockOn(tokio::runtime::Handle);

impl AsyncToSyncBlockOn for BlockOn {
    fn block_on<F: core::future::Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}

fn retry() -> object_store::RetryConfig {
    object_store::RetryConfig {
        backoff: object_store::BackoffConfig::default(),
        max_retries: 6,
        retry_timeout: Duration::from_secs(120),
    }
}

fn client_options(url: &str) -> object_store::ClientOptions {
    object_store::ClientOptions::new()
        .with_allow_http(url.starts_with("http://"))
        .with_connect_timeout(Duration::from_secs(10))
        .with_timeout(Duration::from_secs(120))
}

/// The `object_store` for a URL, rooted at the store's own prefix.
fn object_store_for(url: &str) -> Result<Arc<dyn ObjectStore>, String> {
    let bad = |why: &str| format!("`{url}`: {why}");
    if let Some(rest) = url.strip_prefix("s3://") {
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        let key = key.trim_matches('/');
        if bucket.is_empty() {
            return Err(bad("no bucket in the URL (s3://bucket/path.zarr)"));
        }
        if key.is_empty() {
            return Err(bad(
                "a store is a path inside the bucket (s3://bucket/path.zarr)",
            ));
        }
        let o = options_for(url).unwrap_or_default();
        let endpoint = o
            .endpoint_url
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
            .or_else(|| std::env::var("AWS_ENDPOINT").ok())
            .unwrap_or_default();
        let mut b = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_retry(retry())
            .with_client_options(client_options(&endpoint));
        if let Some(e) = &o.endpoint_url {
            b = b.with_endpoint(e);
        }
        if let Some(r) = &o.region {
            b = b.with_region(r);
        }
        if let Some(k) = &o.key {
            b = b.with_access_key_id(k);
        }
        if let Some(k) = &o.secret {
            b = b.with_secret_access_key(k);
        }
        if let Some(t) = &o.token {
            b = b.with_token(t);
        }
        // No credentials: anonymous requests (public buckets) rather than a long wait on
        // the instance-metadata endpoint.
        let anon = o.anon.unwrap_or(
            o.key.is_none()
                && std::env::var_os("AWS_ACCESS_KEY_ID").is_none()
                && std::env::var_os("AWS_SKIP_SIGNATURE").is_none()
                && std::env::var_os("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_none()
                && std::env::var_os("AWS_WEB_IDENTITY_TOKEN_FILE").is_none(),
        );
        if anon {
            b = b.with_skip_signature(true);
        }
        let s3 = b.build().map_err(|e| bad(&e.to_string()))?;
        let prefixed = object_store::prefix::PrefixStore::new(s3, key);
        return Ok(Arc::new(prefixed));
    }
    if url.starts_with("https://") || url.starts_with("http://") {
        let http = object_store::http::HttpBuilder::new()
            .with_url(url.trim_end_matches('/'))
            .with_retry(retry())
            .with_client_options(client_options(url))
            .build()
            .map_err(|e| bad(&e.to_string()))?;
        return Ok(Arc::new(http));
    }
    Err(bad("not an s3:// or https:// URL"))
}

/// A refused request as the user reads it: the store, the status and what to check.
fn access_error(url: &str, e: &object_store::Error) -> String {
    let status = match e {
        object_store::Error::Unauthenticated { .. } => "401 Unauthorized",
        _ => "403 Forbidden",
    };
    let who = if url.starts_with("s3://") {
        "check the credentials (`storage_options=` key and secret, or AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY) and the bucket's policy"
    } else {
        "the server refuses to serve it"
    };
    format!("`{url}`: access denied (HTTP {status}): {who}")
}

/// A store at a URL: zarrs' blocking view of it, with puts run in the background.
pub struct RemoteStore {
    url: String,
    sync: AsyncToSyncStorageAdapter<AsyncObjectStore<Arc<dyn ObjectStore>>, BlockOn>,
    /// The same store, async: a whole value in one request (the adapter's `get` asks its
    /// size first).
    whole: Arc<AsyncObjectStore<Arc<dyn ObjectStore>>>,
    inner: Arc<dyn ObjectStore>,
    handle: tokio::runtime::Handle,
    puts: Arc<Puts>,
}

/// The puts in flight: their bytes, their number, and the first error among them.
#[derive(Default)]
struct Puts {
    state: Mutex<PutState>,
    done: Condvar,
}

#[derive(Default)]
struct PutState {
    bytes: u64,
    count: usize,
    error: Option<String>,
}

impl Puts {
    fn lock(&self) -> std::sync::MutexGuard<'_, PutState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl RemoteStore {
    /// Opens the store at `url` (no request is made yet).
    pub fn open(url: &str) -> Result<Arc<RemoteStore>, String> {
        let rt = runtime()?;
        let inner = object_store_for(url)?;
        let handle = rt.handle().clone();
        let whole = Arc::new(AsyncObjectStore::new(inner.clone()));
        let sync = AsyncToSyncStorageAdapter::new(whole.clone(), BlockOn(handle.clone()));
        Ok(Arc::new(RemoteStore {
            url: url.to_string(),
            sync,
            whole,
            inner,
            handle,
            puts: Arc::default(),
        }))
    }

    /// Asks for the store's root metadata (`zarr.json`; absent is fine: a v2 store): a
    /// request the server refuses (403, 401) becomes an access error naming the URL and
    /// the status, rather than a store that seems to hold nothing.
    pub fn check_access(&self) -> Result<(), String> {
        match self
            .handle
            .block_on(self.inner.head(&ObjectPath::from("zarr.json")))
        {
            Err(e @ object_store::Error::PermissionDenied { .. })
            | Err(e @ object_store::Error::Unauthenticated { .. }) => {
                Err(access_error(&self.url, &e))
            }
            _ => Ok(()),
        }
    }

    /// Waits for every put in flight.
    fn wait(&self) -> std::sync::MutexGuard<'_, PutState> {
        let mut s = self.puts.lock();
        while s.count > 0 {
            s = self.puts.done.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s
    }

    /// Waits for every put in flight; the first failure among them, if any.
    pub fn flush(&self) -> Result<(), String> {
        let s = self.wait();
        // The error stays: a later flush (at the end of the run) reports it too.
        match &s.error {
            Some(e) => Err(format!("`{}`: {e}", self.url)),
            None => Ok(()),
        }
    }

    /// Whether anything is stored under the store's prefix, and whether it holds Zarr
    /// metadata at its root: (any object, a store).
    pub fn probe(&self) -> Result<(bool, bool), String> {
        let listed = self
            .sync
            .list_dir(&StorePrefix::root())
            .map_err(|e| format!("`{}`: {e}", self.url))?;
        let any = !listed.keys().is_empty() || !listed.prefixes().is_empty();
        let store = listed.keys().iter().any(|k| {
            matches!(
                k.as_str(),
                "zarr.json" | ".zgroup" | ".zarray" | ".zmetadata"
            )
        });
        Ok((any, store))
    }

    /// As a zarrs store.
    pub fn storage(self: &Arc<Self>) -> ReadableWritableListableStorage {
        self.clone()
    }
}

impl ReadableStorageTraits for RemoteStore {
    fn get(&self, key: &StoreKey) -> Result<MaybeBytes, StorageError> {
        use zarrs::storage::AsyncReadableStorageTraits;
        self.handle.block_on(self.whole.get(key))
    }
    fn get_partial_many<'a>(
        &'a self,
        key: &StoreKey,
        byte_ranges: ByteRangeIterator<'a>,
    ) -> Result<MaybeBytesIterator<'a>, StorageError> {
        self.sync.get_partial_many(key, byte_ranges)
    }
    fn size_key(&self, key: &StoreKey) -> Result<Option<u64>, StorageError> {
        self.sync.size_key(key)
    }
    fn supports_get_partial(&self) -> bool {
        self.sync.supports_get_partial()
    }
}

impl ListableStorageTraits for RemoteStore {
    fn list(&self) -> Result<StoreKeys, StorageError> {
        self.sync.list()
    }
    fn list_prefix(&self, prefix: &StorePrefix) -> Result<StoreKeys, StorageError> {
        self.sync.list_prefix(prefix)
    }
    fn list_dir(&self, prefix: &StorePrefix) -> Result<StoreKeysPrefixes, StorageError> {
        self.sync.list_dir(prefix)
    }
    fn size_prefix(&self, prefix: &StorePrefix) -> Result<u64, StorageError> {
        self.sync.size_prefix(prefix)
    }
}

impl WritableStorageTraits for RemoteStore {
    /// Starts the put and returns: the caller computes on while it travels. Waits first
    /// while INFLIGHT bytes are already on their way.
    fn set(&self, key: &StoreKey, value: Bytes) -> Result<(), StorageError> {
        let n = value.len() as u64;
        {
            let mut s = self.puts.lock();
            while s.count > 0 && s.bytes + n > INFLIGHT {
                s = self.puts.done.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            if let Some(e) = &s.error {
                return Err(StorageError::Other(e.clone()));
            }
            s.bytes += n;
            s.count += 1;
        }
        let store = self.inner.clone();
        let puts = self.puts.clone();
        let path = ObjectPath::from(key.as_str());
        self.handle.spawn(async move {
            let r = store.put(&path, value.into()).await;
            let mut s = puts.lock();
            s.bytes -= n;
            s.count -= 1;
            if let Err(e) = r {
                s.error
                    .get_or_insert_with(|| format!("writing `{path}`: {e}"));
            }
            drop(s);
            puts.done.notify_all();
        });
        Ok(())
    }
    fn set_partial_many(
        &self,
        key: &StoreKey,
        offset_values: OffsetBytesIterator,
    ) -> Result<(), StorageError> {
        self.flush().map_err(StorageError::Other)?;
        self.sync.set_partial_many(key, offset_values)
    }
    /// An all-fill chunk: no put of that key is in flight (each chunk is written once).
    fn erase(&self, key: &StoreKey) -> Result<(), StorageError> {
        self.sync.erase(key)
    }
    fn erase_prefix(&self, prefix: &StorePrefix) -> Result<(), StorageError> {
        drop(self.wait());
        self.sync.erase_prefix(prefix)
    }
    fn supports_set_partial(&self) -> bool {
        false
    }
}
