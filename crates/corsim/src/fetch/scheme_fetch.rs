//! Scheme fetch: a `data:` URL is answered by the browser itself, without a
//! server and without the CORS protocol.
//!
//! <https://fetch.spec.whatwg.org/#scheme-fetch>

use super::{Fetch, Received};
use crate::header::HeaderList;
use crate::step::Step;
use crate::trace::record;
use crate::trace::Decision;

impl Fetch<'_> {
    /// Scheme fetch of the current URL, a `data:` URL: a basic 200 response
    /// with the URL's MIME type.
    ///
    /// <https://fetch.spec.whatwg.org/#scheme-fetch>
    pub(super) fn scheme_fetch(&mut self) -> Received {
        let current = self.current_url();
        let path = current.path();
        // data: URL processor Step 3-4: the MIME type is what precedes the
        // first comma, up to its first parameter.
        let mime = path
            .split(',')
            .next()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default();
        let mime = if mime.is_empty() {
            "text/plain;charset=US-ASCII"
        } else {
            mime
        };
        let mut headers = HeaderList::new();
        headers.append("Content-Type", mime.as_bytes());
        if self.quirks.data_url_content_length {
            let body = path.split_once(',').map_or("", |(_, b)| b);
            headers.append("Content-Length", body.len().to_string().as_bytes());
        }
        let mime = mime.to_owned();
        record!(
            self.trace,
            Info,
            Step::MainFetch,
            Decision::DataUrl { mime }
        );
        Received {
            status: 200,
            headers: Some(headers),
            opaque_redirect: false,
        }
    }
}
