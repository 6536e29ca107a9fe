import HTTPTypes
import NIOCore
import TesseraCore
import TesseraHTTP

/// `/console/…`: the operators' web console — server-rendered HTML over the engine, driven by the
/// same pipeline as the dialects. A visitor signs in with an access key and secret key; the
/// session is a signed cookie (``ConsoleSession``); every form carries its CSRF token. A user sees
/// their own buckets, an admin every user's.
struct ConsoleEndpoint: WireDialect {
    static let prefix = "/console"

    let engine: Engine
    let metrics: ServerMetrics
    let pages: ConsolePages
    let ended = EndedSessions()
    /// The clock sessions expire by (real time, like signatures).
    let clock: any WallClock
    /// Whether cookies are marked `Secure` (the server speaks HTTPS).
    let secureCookies: Bool

    var name: String { "Console" }
    var requestIDHeaders: [HTTPField.Name] { [HTTPField.Name("x-tessera-request-id")!] }

    /// Whether `path` is the console's (`/console` or below).
    static func claims(_ path: String) -> Bool { path == prefix || path.hasPrefix(prefix + "/") }

    func authenticate(_ r: WireRequest) async throws -> ConsoleSession? {
        try await ConsoleSession.from(cookieHeader: r.headers[.cookie], now: clock.now(), ended: ended) { key in
            try await engine.credential(accessKey: key)
        }
    }

    func route(_ r: WireRequest) throws -> ConsoleOperation { try ConsoleOperation.route(r) }

    func name(of operation: ConsoleOperation) -> String { operation.name }

    func execute(_ op: ConsoleOperation, _ r: WireRequest, as session: ConsoleSession?) async throws -> WireResponse {
        if r.rawPath == Self.prefix { return Self.redirect("/console/") }
        if op.isAction, let origin = r.header(HTTPField.Name("origin")!), !Self.sameOrigin(origin, host: r.authority) {
            throw StorageError.accessDenied("This form was posted from another site (Origin \(origin)).")
        }
        guard op.needsSession else { return try await anonymous(op, r, session) }
        guard let session else { return Self.redirect("/console/login") }
        var form = QueryParameters(raw: "")
        if op.isAction {
            // An upload's body is the file: its token comes in a header (the console's script).
            if op.readsForm { form = try await Self.form(r) }
            let token = form["csrf"] ?? r.header(HTTPField.Name("x-csrf-token")!) ?? ""
            guard ConstantTime.equals(token, session.csrfToken) else {
                throw StorageError.accessDenied("This form is not from your console session (its CSRF token is missing or wrong).")
            }
        }
        let visitor = ConsoleVisitor(session: session, engine: engine)
        switch op {
        case .logout:
            ended.end(session, now: clock.now())
            var response = Self.redirect("/console/login")
            response.headers[.setCookie] = ConsoleSession.clearCookie
            return response
        case .dashboard: return try await dashboard(visitor)
        case .uploads(let b, let filter): return try await uploads(visitor, b, filter)
        case .abortUpload(let b): return try await abortUpload(visitor, b, form)
        case .confirmAbortOlder(let b, let filter): return try await confirmAbortOlder(visitor, b, filter)
        case .abortOlder(let b): return try await abortOlder(visitor, b, form)
        case .lifecycle(let b): return try await lifecycle(visitor, b, saved: r.query.has("saved"))
        case .setLifecycle(let b): return try await setLifecycle(visitor, b, form)
        case .objects(let b, let prefix, let after): return try await objects(visitor, b, prefix: prefix, after: after)
        case .download(let b, let key): return try await download(visitor, b, key)
        case .deleteObject(let b): return try await deleteObject(visitor, b, form)
        case .uploadObject(let b): return try await uploadObject(visitor, b, r)
        case .users: return try await users(visitor, created: nil)
        case .userAction: return try await userAction(visitor, form)
        case .loginPage, .login, .script, .notFound: return try await anonymous(op, r, session)
        }
    }

    private func anonymous(_ op: ConsoleOperation, _ r: WireRequest, _ session: ConsoleSession?) async throws -> WireResponse {
        switch op {
        case .loginPage(let failed):
            if session != nil { return Self.redirect("/console/") }
            return html(pages.render("login", LoginPage(failed: failed)))
        case .login:
            let form = try await Self.form(r)
            let accessKey = form["accessKey"] ?? "", secretKey = form["secretKey"] ?? ""
            guard !accessKey.isEmpty, let credential = try await engine.credential(accessKey: accessKey),
                  ConstantTime.equals(secretKey, credential.secretKey) else {
                return Self.redirect("/console/login?failed")
            }
            var response = Self.redirect("/console/")
            response.headers[.setCookie] = ConsoleSession.start(credential, now: clock.now()).setCookie(secure: secureCookies)
            return response
        case .script:
            var response = WireResponse.text(.ok, ConsoleScript.source, contentType: "text/javascript; charset=utf-8")
            response.headers[.cacheControl] = "no-cache"
            return response
        default:
            return html(pages.render("message", MessagePage(nav: nil, title: "Not found", text: "There is no such console page.")), status: .notFound)
        }
    }

    /// Whether a browser's `Origin` header names this server (`scheme://host[:port]` against the
    /// request's Host); browsers send it with every POST, so a form posted from another site is
    /// refused even before its CSRF token is checked (and the login form, which has none).
    static func sameOrigin(_ origin: String, host: String) -> Bool {
        guard let separator = origin.range(of: "://") else { return false }
        return origin[separator.upperBound...].lowercased() == host.lowercased()
    }

    /// An HTML page, never cached, never framed, scripts only from the console itself.
    func html(_ body: String, status: HTTPResponse.Status = .ok) -> WireResponse {
        var response = WireResponse.text(status, body, contentType: "text/html; charset=utf-8")
        response.headers[.cacheControl] = "no-store"
        response.setHeader("x-frame-options", "DENY")
        response.setHeader("x-content-type-options", "nosniff")
        response.setHeader("content-security-policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
        return response
    }

    /// A `303 See Other` to `location`.
    static func redirect(_ location: String) -> WireResponse {
        var response = WireResponse(status: .seeOther)
        response.headers[.location] = location
        return response
    }

    /// The request's `application/x-www-form-urlencoded` body (at most 64 KiB).
    static func form(_ r: WireRequest) async throws -> QueryParameters {
        let body = try await r.body.collect(upTo: 64 * 1024)
        return QueryParameters(raw: String(buffer: body))
    }

    func errorCode(_ failure: RequestFailure) -> String { failure.code }

    /// Failures as an HTML page with the status of ``PlainErrorStatus`` (403 for access, a forged
    /// form among them; 404 for what is not there or not yours; 400 for bad input).
    func render(_ failure: RequestFailure, _ request: WireRequest) -> WireResponse {
        let (status, message) = PlainErrorStatus.of(failure)
        if request.method == .head { return WireResponse(status: status) }
        return html(pages.render("message", MessagePage(nav: nil, title: status.reasonPhrase, text: message)), status: status)
    }
}
