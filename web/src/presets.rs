//! The gallery of teaching scenarios.

use corsim::{RequestSpec, Scenario};

/// One teaching scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Preset {
    /// Stable id, used in share links (`p=`).
    pub(crate) id: &'static str,
    /// The gallery title.
    pub(crate) title: &'static str,
    /// One line under the title.
    pub(crate) blurb: &'static str,
    /// What the scenario teaches, shown above the verdict.
    pub(crate) explanation: &'static str,
    /// The request shown first.
    pub(crate) select: usize,
    json: &'static str,
}

impl Preset {
    /// The preset's scenario. Every preset parses (a unit test checks it);
    /// should one not, a plain GET stands in rather than a panic.
    pub(crate) fn scenario(&self) -> Scenario {
        Scenario::from_json(self.json).unwrap_or_else(|_| {
            Scenario::new("https://app.example")
                .request(RequestSpec::get("https://api.example/data"))
        })
    }
}

/// The preset with this id.
pub(crate) fn find(id: &str) -> Option<&'static Preset> {
    ALL.iter().find(|p| p.id == id)
}

/// Every preset, in gallery order.
pub(crate) static ALL: &[Preset] = &[
    Preset {
        id: "json-post",
        title: "JSON POST with a preflight",
        blurb: "Content-Type: application/json is not safelisted",
        explanation: "A POST is a safelisted method, but Content-Type: application/json is not a \
            safelisted value (only text/plain, multipart/form-data and \
            application/x-www-form-urlencoded are), so the browser first asks with an OPTIONS \
            preflight. The server allows the origin and the header, so the real POST goes out. \
            Try removing content-type from Access-Control-Allow-Headers.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/users","method":"POST","headers":[["Content-Type","application/json"]],"body":{"kind":"string"}}],
"server":{"https://api.example/users":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","POST"],["Access-Control-Allow-Headers","Content-Type"],["Access-Control-Max-Age","600"]]},
"actual":{"status":201,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "simple-get",
        title: "Simple GET, allowed",
        blurb: "No preflight, one matching Allow-Origin",
        explanation: "A GET without custom headers is a simple request: no preflight. The \
            response's Access-Control-Allow-Origin equals the page's origin, so the script may \
            read it. Change the page origin and watch it fail.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/items"}],
"server":{"https://api.example/items":{"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "missing-acao",
        title: "Missing Access-Control-Allow-Origin",
        blurb: "The most common CORS error",
        explanation: "The request went out and the server answered 200, but the response carries \
            no Access-Control-Allow-Origin: the browser withholds it from the script. The server \
            did the work; the fix is on the server, by adding the header.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/items"}],
"server":{"https://api.example/items":{"actual":{"status":200,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "wildcard-credentials",
        title: "Wildcard with credentials",
        blurb: "* does not work with cookies",
        explanation: "With credentials: 'include', Access-Control-Allow-Origin: * is not enough: \
            the server must echo the exact origin and send Access-Control-Allow-Credentials: \
            true. Set the header to https://app.example and add Allow-Credentials.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/me","credentials":"include"}],
"server":{"https://api.example/me":{"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}}"#,
    },
    Preset {
        id: "custom-header",
        title: "Custom header not allowed",
        blurb: "X-Api-Key missing from Allow-Headers",
        explanation: "Any header that is not CORS-safelisted, such as X-Api-Key, must be listed \
            in the preflight's Access-Control-Allow-Headers. Here the server only lists \
            Content-Type, so the preflight fails and the GET is never sent.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/reports","headers":[["X-Api-Key","s3cr3t"]]}],
"server":{"https://api.example/reports":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","Content-Type"]]},
"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}}"#,
    },
    Preset {
        id: "options-404",
        title: "OPTIONS answered 404",
        blurb: "The preflight needs an ok status",
        explanation: "The server has no route for OPTIONS and answers 404, even with the right \
            CORS headers. A preflight response must have an ok status (200–299), so the PUT is \
            never sent. Set the preflight status to 204.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/users/7","method":"PUT","headers":[["Content-Type","application/json"]],"body":{"kind":"string"}}],
"server":{"https://api.example/users/7":{"preflight":{"status":404,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Allow-Headers","Content-Type"]]},
"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}}"#,
    },
    Preset {
        id: "put-delete",
        title: "PUT and DELETE",
        blurb: "Methods must be listed in Allow-Methods",
        explanation: "PUT and DELETE are not safelisted methods: each needs a preflight whose \
            Access-Control-Allow-Methods lists it. The server lists GET, POST, PUT, so the PUT \
            works and the DELETE a second later fails. Add DELETE to the list.",
        select: 1,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/notes/1","method":"PUT"},{"url":"https://api.example/notes/1","method":"DELETE","at":1}],
"server":{"https://api.example/notes/1":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","GET, POST, PUT"]]},
"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}}"#,
    },
    Preset {
        id: "exposed-headers",
        title: "Exposed response headers",
        blurb: "Why response.headers looks empty",
        explanation: "A CORS response shows the script only the safelisted response headers \
            (Cache-Control, Content-Language, Content-Length, Content-Type, Expires, \
            Last-Modified, Pragma) and those listed in Access-Control-Expose-Headers. \
            X-Total-Count is exposed; X-Request-Id is not.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/items?page=2"}],
"server":{"https://api.example/items?page=2":{"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Expose-Headers","X-Total-Count"],["Content-Type","application/json"],["X-Total-Count","42"],["X-Request-Id","9f1c"]]}}}}"#,
    },
    Preset {
        id: "redirect-cross-origin",
        title: "Redirect to another origin",
        blurb: "The Origin becomes null",
        explanation: "The API redirects to a CDN on another origin. After a cross-origin redirect \
            the request's origin is tainted and the browser sends Origin: null, so the CDN's \
            Access-Control-Allow-Origin: https://app.example no longer matches. The CDN must \
            answer * (without credentials) or null.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/avatar/7"}],
"server":{"https://api.example/avatar/7":{"actual":{"status":302,"headers":[["Location","https://cdn.example/img/7.png"],["Access-Control-Allow-Origin","*"]]}},
"https://cdn.example/img/7.png":{"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Content-Type","image/png"]]}}}}"#,
    },
    Preset {
        id: "no-cors",
        title: "no-cors: an opaque response",
        blurb: "It \"works\", but you cannot read it",
        explanation: "mode: 'no-cors' skips the CORS check, so the promise resolves, but the \
            response is opaque: status 0, no headers, no readable body. It is for caching or \
            images, not for reading data; it is never a fix for a CORS error.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/items","mode":"no-cors"}],
"server":{"https://api.example/items":{"actual":{"status":200,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "preflight-cache",
        title: "The preflight cache over time",
        blurb: "Max-Age 86400, capped per browser",
        explanation: "The server allows the preflight result to be cached for a day, but each \
            browser caps Access-Control-Max-Age: Safari at 600 s, Chrome at 7200 s, Firefox at \
            86400 s. The same PUT is repeated at 0 s, 10 s, 700 s and 7300 s: watch the \
            timeline for which browser preflights again.",
        select: 2,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/doc","method":"PUT"},{"url":"https://api.example/doc","method":"PUT","at":10},{"url":"https://api.example/doc","method":"PUT","at":700},{"url":"https://api.example/doc","method":"PUT","at":7300}],
"server":{"https://api.example/doc":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Max-Age","86400"]]},
"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}}"#,
    },
    Preset {
        id: "authorization-wildcard",
        title: "Authorization and Allow-Headers: *",
        blurb: "The browsers disagree",
        explanation: "Access-Control-Allow-Headers: * allows any header except Authorization, \
            which must be named explicitly. Chrome, Firefox and the Fetch Standard block this \
            request; Safari's profile lets * cover Authorization. The comparison table shows \
            the difference.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/private","headers":[["Authorization","Bearer abc"]]}],
"server":{"https://api.example/private":{"preflight":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Headers","*"]]},
"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}}"#,
    },
    Preset {
        id: "xhr-upload",
        title: "XHR upload listener",
        blurb: "A listener before send() forces a preflight",
        explanation: "An XMLHttpRequest POST with a text/plain body is a simple request, unless \
            an upload progress listener was registered before send(): that sets the \
            use-CORS-preflight flag. The server does not answer preflights, so it fails. Set the \
            listener to \"after send\" to compare.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"api":"xhr","url":"https://api.example/upload","method":"POST","body":{"kind":"string"},"upload_listener":"before-send"}],
"server":{"https://api.example/upload":{"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}}}"#,
    },
    Preset {
        id: "express-cors",
        title: "Express cors with cookies",
        blurb: "app.use(cors({ origin, credentials }))",
        explanation: "The server is Express with the cors middleware: app.use(cors({ origin: \
            ['https://app.example'], credentials: true })). cors answers the JSON POST's \
            preflight with 204, echoes the requested headers, and names the listed origin with \
            Access-Control-Allow-Credentials: true on both answers, so the cookie-carrying POST \
            goes through. See what the server sends next to each request, then set origin to \
            true in the options and read the audit: any site could read the user's data.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/cart","method":"POST","credentials":"include","headers":[["Content-Type","application/json"]],"body":{"kind":"string"}}],
"server":{"https://api.example/cart":{"policy":{"framework":"express-cors","options":{"origin":["https://app.example"],"credentials":true}},
"actual":{"status":201,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "flask-cors",
        title: "Flask-CORS: CORS(app) and cookies",
        blurb: "Allows every origin, but not credentials",
        explanation: "CORS(app) with no options lets every origin read responses, but it does \
            not send Access-Control-Allow-Credentials, so a request with credentials: 'include' \
            is blocked. The fix is supports_credentials=True with origins naming the pages \
            (not '*': Flask-CORS would then echo any origin with credentials, which the audit \
            flags as exploitable).",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/profile","credentials":"include"}],
"server":{"https://api.example/profile":{"policy":{"framework":"flask-cors","options":{}},
"actual":{"status":200,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "django-cors-headers",
        title: "django-cors-headers and a custom header",
        blurb: "CORS_ALLOW_HEADERS is a fixed list",
        explanation: "With CORS_ALLOWED_ORIGINS = ['https://app.example'], django-cors-headers \
            answers the preflight with its default CORS_ALLOW_HEADERS (accept, authorization, \
            content-type, user-agent, x-csrftoken, x-requested-with) whatever was asked, so a \
            request with X-Api-Key is blocked. Add x-api-key to CORS_ALLOW_HEADERS (in Python: \
            (*default_headers, 'x-api-key')).",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/reports","headers":[["X-Api-Key","s3cr3t"]]}],
"server":{"https://api.example/reports":{"policy":{"framework":"django-cors-headers","options":{"CORS_ALLOWED_ORIGINS":["https://app.example"]}},
"actual":{"status":200,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "php-header",
        title: "A PHP header() script",
        blurb: "header('Access-Control-Allow-Origin: *') is not enough for JSON",
        explanation: "The script starts with header('Access-Control-Allow-Origin: *'); and runs \
            for every method, OPTIONS included, answering 200. A JSON POST needs a preflight \
            whose answer allows Content-Type: the script never sends \
            Access-Control-Allow-Headers, so the POST is never sent. Add \
            header('Access-Control-Allow-Headers: Content-Type'); and exit after answering an \
            OPTIONS request.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/save.php","method":"POST","headers":[["Content-Type","application/json"]],"body":{"kind":"string"}}],
"server":{"https://api.example/save.php":{"preflight":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Content-Type","text/html; charset=UTF-8"]]},
"actual":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],["Content-Type","text/html; charset=UTF-8"]]}}}}"#,
    },
    Preset {
        id: "reverse-proxy",
        title: "A reverse proxy: the API made same-origin",
        blurb: "No CORS at all when the API is under the page's origin",
        explanation: "The page's own server forwards /api/ to the API (nginx: location /api/ { \
            proxy_pass http://api:8080/; }, or the dev server's proxy setting). The browser \
            sees one origin, so the JSON POST with cookies needs no preflight, no \
            Access-Control-* header and no credentials opt-in: the response carries none and \
            the script reads it. CORS only applies between origins.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://app.example/api/users","method":"POST","credentials":"include","headers":[["Content-Type","application/json"]],"body":{"kind":"string"}}],
"server":{"https://app.example/api/users":{"actual":{"status":201,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
    Preset {
        id: "curl-not-blocked",
        title: "Why Postman and curl are not blocked",
        blurb: "CORS is enforced by browsers only",
        explanation: "CORS is enforced by browsers only. The server below answers every client \
            the same way, with no Access-Control-Allow-Origin. curl and Postman are not \
            browsers: they have no page origin to protect, send no Origin header unless told \
            to, and show you the response. A browser sends the same request, gets the same \
            200, and then refuses to hand it to the page's script. Run the \"copy as curl\" \
            command below: it succeeds, and that says nothing about CORS.",
        select: 0,
        json: r#"{"page":"https://app.example","requests":[{"url":"https://api.example/status"}],
"server":{"https://api.example/status":{"actual":{"status":200,"headers":[["Content-Type","application/json"]]}}}}"#,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_runs() {
        for preset in ALL {
            let scenario =
                Scenario::from_json(preset.json).unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            for browser in corsim::Browser::ALL {
                let verdict = corsim::simulate(&scenario, browser)
                    .unwrap_or_else(|e| panic!("{} / {browser}: {e}", preset.id));
                assert!(preset.select < verdict.requests.len(), "{}", preset.id);
            }
        }
    }

    #[test]
    fn the_server_setups_give_their_verdicts() {
        let ok = |id: &str| {
            let scenario = find(id).expect(id).scenario();
            corsim::simulate(&scenario, corsim::Browser::Chrome)
                .unwrap_or_else(|e| panic!("{id}: {e}"))
                .requests[0]
                .is_ok()
        };
        assert!(ok("express-cors"));
        assert!(!ok("flask-cors"));
        assert!(!ok("django-cors-headers"));
        assert!(!ok("php-header"));
        assert!(ok("reverse-proxy"));
        assert!(find("express-cors").expect("preset").scenario().server.0[0]
            .1
            .policy
            .is_some());
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = ALL.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
    }
}
