import TesseraCore

/// Who a request came from when the server sits behind proxies (load balancers in front of
/// several gateways): a connection from a trusted proxy speaks for the client its
/// `X-Forwarded-For` names. The chain is read from the right (each proxy appends the address it
/// was reached from), skipping trusted proxies; the first address not trusted is the client. A
/// hop that is not an address ends the walk there. A connection from anyone else is its own
/// source, whatever it sends: a client cannot choose its `aws:SourceIp`.
enum ForwardedClient {
    /// The request's source address.
    static func address(peer: String?, forwardedFor: [String], trusted: [AddressRange]) -> String? {
        guard let peer, isTrusted(peer, trusted) else { return peer }
        var client = peer
        for hop in forwardedFor.flatMap({ $0.split(separator: ",") }).reversed() {
            let address = String(hop.filter { $0 != " " && $0 != "\t" })
            guard AddressRange(address) != nil, !address.contains("/") else { break }
            client = address
            if !isTrusted(address, trusted) { break }
        }
        return client
    }

    private static func isTrusted(_ address: String, _ trusted: [AddressRange]) -> Bool {
        trusted.contains { $0.contains(address) }
    }
}
