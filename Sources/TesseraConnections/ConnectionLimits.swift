/// What a client connection may hold, and for how long (see README: Limits and safety).
public struct ConnectionLimits: Sendable {
    /// From a request's first byte to the end of its header section; past it the connection is
    /// answered 408 and closed (one header byte a second no longer holds it forever).
    public var headerTimeout: Duration = .seconds(30)
    /// While the server waits for a request body, every `bodyRateWindow` of waiting must bring at
    /// least this many bytes per second, else the connection is closed; 0 turns the rule off.
    /// Only time the server spends waiting for the client counts: a slow disk does not.
    public var bodyMinimumRate: Int = 1_024
    /// The waiting time over which the body rate is judged.
    public var bodyRateWindow: Duration = .seconds(20)
    /// A keep-alive connection with no request in progress and no byte of a next one for this
    /// long is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// Connections one client address may hold at once (0: no limit); more are closed at once.
    public var maxConnectionsPerClient: Int = 256
    /// Connections the server holds at once (0: from the open-file limit, keeping a reserve of
    /// descriptors for blob files and the database). At the limit the longest-idle keep-alive
    /// connection is closed to admit a new one; with none idle, the new one is closed.
    public var maxConnections: Int = 0

    /// The defaults above.
    public init() {}
}
