import Crypto
import Foundation
import NIOConcurrencyHelpers
import TesseraCore
import TesseraHTTP

/// A signed-in console visitor. The session lives in its cookie, signed with the credential's own
/// secret key (HMAC-SHA256): any gateway can check it without shared state, and revoking the key
/// (`tessera user key revoke`, the Users page) ends every session made with it.
struct ConsoleSession: Sendable {
    /// The credential the visitor signed in with.
    let credential: Credential
    /// A random value naming this session (its CSRF token is derived from it).
    let nonce: String
    /// When the cookie stops being accepted.
    let expires: Timestamp

    /// The cookie's name.
    static let cookieName = "tessera_console"
    /// How long a session lasts.
    static let lifetimeSeconds: Int64 = 8 * 3600

    /// The cookie value: `accessKey.expiresMicros.nonce.signature`.
    var cookieValue: String {
        let payload = "\(credential.accessKey).\(expires.microseconds).\(nonce)"
        return payload + "." + Self.mac(secret: credential.secretKey, "session:" + payload)
    }

    /// The token every form of this session carries; a form without it is refused.
    var csrfToken: String { Self.mac(secret: credential.secretKey, "csrf:" + nonce) }

    /// A new session for `credential`, starting at `now`.
    static func start(_ credential: Credential, now: Timestamp) -> ConsoleSession {
        let nonce = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return ConsoleSession(credential: credential, nonce: nonce, expires: now.adding(seconds: lifetimeSeconds))
    }

    /// The `Set-Cookie` value: HttpOnly, SameSite=Strict, scoped to the console, expiring;
    /// `Secure` when the server speaks HTTPS.
    func setCookie(secure: Bool) -> String {
        "\(Self.cookieName)=\(cookieValue); Path=/console; HttpOnly; SameSite=Strict; Max-Age=\(Self.lifetimeSeconds)" + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that removes the cookie.
    static let clearCookie = "\(cookieName)=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0"

    /// The session of a `Cookie` header, if it holds a valid, unexpired, not logged-out one.
    static func from(cookieHeader: String?, now: Timestamp, ended: EndedSessions,
                     credential lookup: (String) async throws -> Credential?) async throws -> ConsoleSession? {
        guard let value = cookie(named: cookieName, in: cookieHeader) else { return nil }
        let fields = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4, let micros = Int64(fields[1]), micros > now.microseconds, !ended.contains(fields[2]),
              let credential = try await lookup(fields[0]) else { return nil }
        let payload = fields[0...2].joined(separator: ".")
        guard ConstantTime.equals(fields[3], mac(secret: credential.secretKey, "session:" + payload)) else { return nil }
        return ConsoleSession(credential: credential, nonce: fields[2], expires: Timestamp(microseconds: micros))
    }

    /// The value of cookie `name` in a `Cookie` header.
    static func cookie(named name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.drop { $0 == " " }
            if trimmed.hasPrefix(name + "=") { return String(trimmed.dropFirst(name.count + 1)) }
        }
        return nil
    }

    private static func mac(secret: String, _ message: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}

/// Sessions logged out in this process before their cookie expires: their nonces, forgotten once
/// the cookie would have expired anyway. (Another gateway learns of a logout only through the
/// browser, which drops the cookie; revoking the key ends a session everywhere.)
final class EndedSessions: Sendable {
    private let nonces = NIOLockedValueBox([String: Timestamp]())

    /// Records the end of `session`.
    func end(_ session: ConsoleSession, now: Timestamp) {
        nonces.withLockedValue { all in
            all = all.filter { $0.value > now }
            all[session.nonce] = session.expires
        }
    }

    /// Whether the session named `nonce` was logged out.
    func contains(_ nonce: String) -> Bool { nonces.withLockedValue { $0[nonce] != nil } }
}
