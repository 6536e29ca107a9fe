import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing
@testable import TesseraConnections

/// Tessera's HTTP/1.1 codec (``HTTP1ServerCodec``): its request conversion gives what
/// swift-nio-extras' gives, and it answers `Expect: 100-continue` only where asked.
@Suite struct HTTP1ServerCodecTests {
    static func head(_ uri: String, _ fields: [(String, String)], method: HTTPMethod = .PUT) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: HTTPHeaders(fields))
    }

    /// Heads with what the conversion has to get right: where `Host` is and how it is spelt, a
    /// second `Host`, names that are not tokens, repeated names, odd methods, absolute-form and
    /// asterisk targets (which go to the library), queries and escapes.
    static let heads: [HTTPRequestHead] = [
        head("/bucket/key?uploads", [("Host", "127.0.0.1:9000"), ("X-Amz-Date", "20261203T000000Z"), ("Authorization", "AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=00")]),
        head("/b/k", [("Accept-Encoding", "identity"), ("HOST", "example.com"), ("host", "second.example"), ("Content-Length", "3")]),
        head("/b/k", [("hoSt", "mixed"), ("x-amz-meta-a", "1"), ("X-Amz-Meta-A", "2"), ("Cookie", "a=1; b=2")]),
        head("/", [("Bad Name", "dropped"), ("Host", "h"), ("", "empty name"), ("ok", "")], method: .GET),
        head("/b/k%20x?partNumber=2&uploadId=abc", [("Hosts", "not the host"), ("Hos", "nor this")]),
        head("//double/slash", [("Host", "h")], method: .DELETE),
        head("/no-host", [], method: .HEAD),
        head("/m", [("Host", "h")], method: .RAW(value: "PROPFIND")),
        head("http://example.com/b/k?x=1", [("Host", "other")], method: .GET),
        head("*", [("Host", "h")], method: .OPTIONS),
    ]

    @Test(arguments: heads)
    func aRequestIsConvertedAsTheLibraryConvertsIt(_ head: HTTPRequestHead) throws {
        var cache = FieldCache()
        let ours = try HTTP1ServerCodec.request(from: head, fields: &cache)
        let library = try HTTPRequest(head, secure: false, splitCookie: false)
        #expect(ours == library)
        #expect(ours.headerFields.map(\.name.rawName) == library.headerFields.map(\.name.rawName), "names keep their spelling and order")
    }

    /// One connection's names kept from request to request: the same head again (every name
    /// kept), then heads whose names differ at some places, in case, or in number; each is still
    /// converted as the library converts it, spelling included.
    @Test func namesKeptFromTheLastRequestGiveTheLibrarysConversion() throws {
        var cache = FieldCache()
        let sequence = Self.heads + Self.heads.reversed() + [Self.heads[0], Self.heads[0], Self.heads[2], Self.heads[1], Self.heads[2]]
            + [Self.head("/many", (0..<40).map { ("X-Field-\($0)", "\($0)") }), Self.head("/many", (0..<40).map { ("x-field-\($0)", "v") })]
        for head in sequence {
            let ours = try HTTP1ServerCodec.request(from: head, fields: &cache)
            let library = try HTTPRequest(head, secure: false, splitCookie: false)
            #expect(ours == library, "\(head.uri)")
            #expect(ours.headerFields.map(\.name.rawName) == library.headerFields.map(\.name.rawName), "\(head.uri)")
            #expect(ours.headerFields.map(\.name.canonicalName) == library.headerFields.map(\.name.canonicalName), "\(head.uri)")
        }
    }

    /// Fields kept with their values: a value again after one that repeats, one that changes,
    /// one longer than what is kept, and ones `==` takes as equal though their bytes differ (the
    /// Kelvin sign and `K`, a precomposed and a decomposed `é`); each request still converts as
    /// the library converts it, value bytes included.
    @Test(arguments: [("boto3/1.0", "boto3/1.0"), ("boto3/1.0", "other"), ("K", "\u{212A}"), ("\u{212A}", "K"),
                      ("caf\u{E9}", "cafe\u{301}"), ("cafe\u{301}", "caf\u{E9}"), ("", ""), ("", "x"), (" padded ", " padded "),
                      ("\u{0}", "\u{0}"), ("tab\tin", "tab\tin"), ("\u{FF}", "\u{FF}"), ("\u{100}", "\u{100}"),
                      (String(repeating: "u", count: FieldCache.valueCapacity), String(repeating: "u", count: FieldCache.valueCapacity)),
                      (String(repeating: "u", count: FieldCache.valueCapacity + 1), String(repeating: "u", count: FieldCache.valueCapacity + 1))])
    func aValueAfterAnotherConvertsAsTheLibraryConvertsIt(_ first: String, _ second: String) throws {
        var cache = FieldCache()
        for value in [first, second, second, first] {
            try Self.expectLibraryConversion(Self.head("/b/k", [("Host", "h"), ("User-Agent", value), ("K-Name", value)]), &cache)
        }
    }

    /// One connection's fields over requests whose values repeat, change, change back and keep
    /// changing, with names that move and a name that is not a token at a place where a token was.
    @Test func fieldsKeptFromTheLastRequestGiveTheLibrarysConversion() throws {
        var cache = FieldCache()
        let values = ["boto3/1.0", "boto3/1.0", "other", "boto3/1.0", "K", "\u{212A}", "\u{212A}", "K", "", ""]
        for (i, value) in values.enumerated() {
            try Self.expectLibraryConversion(Self.head("/b/k", [("Host", "h"), ("User-Agent", value), ("X-Amz-Date", "2026120\(i % 3)T000000Z"),
                                                               (i % 4 == 0 ? "\u{212A}-Name" : "K-Name", value)]), &cache)
        }
    }

    static func expectLibraryConversion(_ head: HTTPRequestHead, _ cache: inout FieldCache) throws {
        let ours = try HTTP1ServerCodec.request(from: head, fields: &cache)
        let library = try HTTPRequest(head, secure: false, splitCookie: false)
        #expect(ours == library)
        #expect(ours.headerFields.map(\.name.rawName) == library.headerFields.map(\.name.rawName))
        #expect(ours.headerFields.map { Array($0.value.utf8) } == library.headerFields.map { Array($0.value.utf8) })
    }

    @Test func anHTTP10RequestWithoutKeepAliveAsksToClose() throws {
        func connection(_ version: HTTPVersion, _ fields: [(String, String)]) throws -> String? {
            let channel = try Self.ownChannel()
            var encoded = "GET /b/k HTTP/\(version.major).\(version.minor)\r\nHost: h\r\n"
            for (name, value) in fields { encoded += "\(name): \(value)\r\n" }
            try channel.writeInbound(ByteBuffer(string: encoded + "\r\n"))
            guard case .head(let request) = try channel.readInbound(as: HTTPRequestPart.self) else { return "no head" }
            _ = try? channel.finish()
            return request.headerFields[.connection]
        }
        #expect(try connection(.http1_0, []) == "close")
        #expect(try connection(.http1_0, [("Connection", "keep-alive")]) == "keep-alive")
        #expect(try connection(.http1_1, []) == nil)
        #expect(try connection(.http1_1, [("Connection", "close")]) == "close")
    }

    @Test func sameBytesIsByteEquality() {
        #expect(FieldCache.sameBytes("abc", "abc"))
        #expect(FieldCache.sameBytes("", ""))
        #expect(!FieldCache.sameBytes("abc", "abd"))
        #expect(!FieldCache.sameBytes("abc", "ab"))
        #expect(!FieldCache.sameBytes("K", "\u{212A}"), "canonically equivalent, different bytes")
        #expect(!FieldCache.sameBytes("caf\u{E9}", "cafe\u{301}"))
        let long = String(repeating: "v", count: 300)
        #expect(FieldCache.sameBytes(long, String(repeating: "v", count: 300)))
        #expect(!FieldCache.sameBytes(long, String(repeating: "v", count: 299) + "w"))
    }

    @Test func aMethodNIOCannotNameIsRefusedAsTheLibraryRefusesIt() throws {
        let head = Self.head("/x", [("Host", "h")], method: .RAW(value: "BAD METHOD"))
        #expect(throws: (any Error).self) { try HTTPRequest(head, secure: false, splitCookie: false) }
        var cache = FieldCache()
        #expect(throws: (any Error).self) { try HTTP1ServerCodec.request(from: head, fields: &cache) }
    }

    /// An exchange: the request bytes a client sends and the response parts the responder writes.
    struct Exchange: Sendable, CustomTestStringConvertible {
        var name: String
        var request: String
        var parts: [HTTPResponsePart]
        var testDescription: String { name }
    }

    static func response(_ status: HTTPResponse.Status, _ fields: [(String, String)] = []) -> HTTPResponsePart {
        var headerFields = HTTPFields()
        for (name, value) in fields { headerFields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return .head(HTTPResponse(status: status, headerFields: headerFields))
    }

    static func body(_ text: String) -> HTTPResponsePart { .body(ByteBuffer(string: text)) }

    static let get = "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n"
    static let head = "HEAD /b/k HTTP/1.1\r\nHost: h\r\n\r\n"

    /// What the framing has to get right: lengths, chunks, trailers, HEAD, statuses without a
    /// body, interim responses, reason phrases, framing fields given by the responder, pipelining.
    static let exchanges: [Exchange] = [
        Exchange(name: "length", request: get, parts: [response(.ok, [("Content-Length", "2"), ("ETag", "\"e\"")]), body("ok"), .end(nil)]),
        Exchange(name: "chunked", request: get, parts: [response(.ok, [("Content-Type", "application/xml")]), body("hello"), body(""), body("world"), .end(nil)]),
        Exchange(name: "trailers", request: get, parts: [response(.ok), body("x"), .end([HTTPField.Name("X-Amz-Checksum-CRC32")!: "AAAAAA=="])]),
        Exchange(name: "head with length", request: head, parts: [response(.ok, [("Content-Length", "1234")]), .end(nil)]),
        Exchange(name: "head without length", request: head, parts: [response(.ok, [("x-amz-request-id", "A")]), .end(nil)]),
        Exchange(name: "204 loses its length", request: "DELETE /b/k HTTP/1.1\r\nHost: h\r\n\r\n",
                 parts: [response(.noContent, [("Content-Length", "0"), ("Transfer-Encoding", "chunked")]), .end(nil)]),
        Exchange(name: "304", request: get, parts: [response(.notModified, [("ETag", "\"e\""), ("Content-Length", "9")]), .end(nil)]),
        Exchange(name: "interim then final", request: "PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
                 parts: [response(.continue), response(.ok, [("Content-Length", "0")]), .end(nil)]),
        Exchange(name: "own reason phrase", request: get,
                 parts: [response(HTTPResponse.Status(code: 503, reasonPhrase: "Slow Down"), [("Content-Length", "0")]), .end(nil)]),
        Exchange(name: "413", request: get, parts: [response(.contentTooLarge, [("Content-Length", "0")]), .end(nil)]),
        Exchange(name: "unknown status", request: get, parts: [response(HTTPResponse.Status(code: 599, reasonPhrase: "Odd"), [("Content-Length", "0")]), .end(nil)]),
        Exchange(name: "length wins over transfer-encoding", request: get,
                 parts: [response(.ok, [("Transfer-Encoding", "chunked"), ("Content-Length", "1"), ("X-A", "1")]), body("1"), .end(nil)]),
        Exchange(name: "transfer-encoding replaced", request: get,
                 parts: [response(.ok, [("Transfer-Encoding", "gzip"), ("X-A", "1")]), body("zz"), .end(nil)]),
        Exchange(name: "pipelined head then get", request: head + get,
                 parts: [response(.ok, [("Content-Length", "5")]), .end(nil), response(.ok), body("abc"), .end(nil)]),
    ]

    /// The bytes written for `exchange` by `channel`, whose pipeline ends in a handler taking
    /// HTTPTypes' response parts.
    static func bytes(of exchange: Exchange, through channel: EmbeddedChannel) throws -> String {
        try channel.writeInbound(ByteBuffer(string: exchange.request))
        for part in exchange.parts { try channel.writeOutbound(part) }
        var out = ByteBuffer()
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(var buffer) = data else { Issue.record("a file region written"); continue }
            out.writeBuffer(&buffer)
        }
        _ = try? channel.finish()
        return String(buffer: out)
    }

    /// The pipeline the server had before: NIO's server pipeline and swift-nio-extras' codec.
    static func nioChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false,
                                                                         withOutboundHeaderValidation: false)
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        return channel
    }

    /// The pipeline the server has: NIO's request decoder and Tessera's codec.
    static func ownChannel(answersContinue: Bool = false) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
        try channel.pipeline.syncOperations.addHandler(HTTP1ServerCodec(answersContinue: answersContinue))
        return channel
    }

    @Test(arguments: exchanges)
    func responsesAreWrittenByteForByteAsNIOWritesThem(_ exchange: Exchange) throws {
        let ours = try Self.bytes(of: exchange, through: Self.ownChannel())
        let nio = try Self.bytes(of: exchange, through: Self.nioChannel())
        #expect(ours == nio)
        #expect(ours.hasPrefix("HTTP/1.1 "))
    }

    @Test func aBodyForAHeadRequestIsRefusedAsNIORefusesIt() throws {
        for channel in [try Self.ownChannel(), try Self.nioChannel()] {
            try channel.writeInbound(ByteBuffer(string: Self.head))
            try channel.writeOutbound(Self.response(.ok, [("Content-Length", "3")]))
            let write = channel.writeAndFlush(Self.body("abc"))
            #expect(throws: NIOHTTPResponseEncoderError.self) { try write.wait() }
            _ = try? channel.finish()
        }
    }

    @Test func expectContinueIsAnsweredAtOnceOnlyWhereAsked() throws {
        let expecting = "PUT /b/k HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n"
        func interim(answersContinue: Bool, request: String) throws -> String {
            let channel = try Self.ownChannel(answersContinue: answersContinue)
            try channel.writeInbound(ByteBuffer(string: request))
            var head: HTTPRequest?
            while let part = try channel.readInbound(as: HTTPRequestPart.self) { if case .head(let h) = part { head = h } }
            #expect(head != nil)
            var out = ""
            while let data = try channel.readOutbound(as: IOData.self) { if case .byteBuffer(let b) = data { out += String(buffer: b) } }
            _ = try? channel.finish()
            return out
        }
        #expect(try interim(answersContinue: true, request: expecting) == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(try interim(answersContinue: false, request: expecting) == "")
        #expect(try interim(answersContinue: true, request: Self.get) == "")
    }
}
