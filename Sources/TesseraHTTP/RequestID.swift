import TesseraCore

/// Request ids: 16 upper-case hex digits, unique per request.
public enum RequestID {
    /// A new id.
    public static func make() -> String { Identifiers.hex(Identifiers.randomBytes(8)).uppercased() }
}
