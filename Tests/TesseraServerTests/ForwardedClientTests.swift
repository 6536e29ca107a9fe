import Testing
@testable import TesseraCore
@testable import TesseraServer

/// The source of a request behind proxies: only a trusted proxy's `X-Forwarded-For` counts,
/// read from the right past the trusted hops.
@Suite struct ForwardedClientTests {
    let proxies = [AddressRange("10.0.0.0/8")!, AddressRange("::1")!]

    func source(_ peer: String?, _ forwarded: [String]) -> String? {
        ForwardedClient.address(peer: peer, forwardedFor: forwarded, trusted: proxies)
    }

    @Test func onlyTrustedProxiesSpeakForTheClient() {
        #expect(source("10.1.1.1", ["203.0.113.5"]) == "203.0.113.5")
        #expect(source("192.0.2.9", ["203.0.113.5"]) == "192.0.2.9")  // not a proxy: its own source
        #expect(source("10.1.1.1", []) == "10.1.1.1")
        #expect(source(nil, ["203.0.113.5"]) == nil)
        #expect(source("::1", ["2001:db8::7"]) == "2001:db8::7")
    }

    @Test func theChainIsReadFromTheRightPastTrustedHops() {
        // A client's own X-Forwarded-For (spoofed first hop) is left of what the proxies appended.
        #expect(source("10.1.1.1", ["6.6.6.6, 203.0.113.5, 10.2.2.2"]) == "203.0.113.5")
        #expect(source("10.1.1.1", ["6.6.6.6", "203.0.113.5 , 10.2.2.2"]) == "203.0.113.5")
        // Every hop trusted: the leftmost one.
        #expect(source("10.1.1.1", ["10.3.3.3, 10.2.2.2"]) == "10.3.3.3")
        // A hop that is not an address ends the walk at what was read so far.
        #expect(source("10.1.1.1", ["203.0.113.5, unknown"]) == "10.1.1.1")
        #expect(source("10.1.1.1", ["203.0.113.5, 10.0.0.0/8"]) == "10.1.1.1")
        #expect(source("10.1.1.1", ["bogus, 10.2.2.2"]) == "10.2.2.2")
    }
}
