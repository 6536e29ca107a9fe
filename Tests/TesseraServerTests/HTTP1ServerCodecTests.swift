import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing
@testable import TesseraServer

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
        let ours = try HTTP1ServerCodec.request(from: head)
        let library = try HTTPRequest(head, secure: false, splitCookie: false)
        #expect(ours == library)
        #expect(ours.headerFields.map(\.name.rawName) == library.headerFields.map(\.name.rawName), "names keep their spelling and order")
    }

    @Test func aMethodNIOCannotNameIsRefusedAsTheLibraryRefusesIt() throws {
        let head = Self.head("/x", [("Host", "h")], method: .RAW(value: "BAD METHOD"))
        #expect(throws: (any Error).self) { try HTTPRequest(head, secure: false, splitCookie: false) }
        #expect(throws: (any Error).self) { try HTTP1ServerCodec.request(from: head) }
    }

    /// Runs `head` (and the request's end) through the codec on an embedded channel and returns
    /// the request it passed on and what it wrote back by itself.
    static func run(_ head: HTTPRequestHead, answersContinue: Bool) throws -> (request: HTTPRequest?, written: [HTTPServerResponsePart]) {
        let channel = EmbeddedChannel(handler: HTTP1ServerCodec(answersContinue: answersContinue))
        try channel.writeInbound(HTTPServerRequestPart.head(head))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        var request: HTTPRequest?
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) {
            parts.append(part)
            if case .head(let r) = part { request = r }
        }
        #expect(parts.count == 2)
        var written: [HTTPServerResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPServerResponsePart.self) { written.append(part) }
        _ = try channel.finish()
        return (request, written)
    }

    @Test func expectContinueIsAnsweredAtOnceOnlyWhereAsked() throws {
        let expecting = Self.head("/b/k", [("Host", "h"), ("Expect", "100-Continue"), ("Content-Length", "5")])
        let answered = try Self.run(expecting, answersContinue: true)
        #expect(answered.request?.headerFields[.expect] == "100-Continue")
        #expect(answered.written.count == 1)
        if case .head(let interim)? = answered.written.first {
            #expect(interim.status == .continue)
        } else {
            Issue.record("no interim response: \(answered.written)")
        }
        #expect(try Self.run(expecting, answersContinue: false).written.isEmpty)
        #expect(try Self.run(Self.head("/b/k", [("Host", "h")]), answersContinue: true).written.isEmpty)
    }

    @Test func responsesGoBackAsNIOsParts() throws {
        let channel = EmbeddedChannel(handler: HTTP1ServerCodec(answersContinue: true))
        var fields = HTTPFields()
        fields[.contentLength] = "2"
        fields[HTTPField.Name("x-amz-request-id")!] = "ABC"
        let response = HTTPResponse(status: .ok, headerFields: fields)
        try channel.writeOutbound(HTTPResponsePart.head(response))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "ok")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        let head = try channel.readOutbound(as: HTTPServerResponsePart.self)
        #expect(head == .head(HTTPResponseHead(response)))
        #expect(try channel.readOutbound(as: HTTPServerResponsePart.self) == .body(.byteBuffer(ByteBuffer(string: "ok"))))
        #expect(try channel.readOutbound(as: HTTPServerResponsePart.self) == .end(nil))
        _ = try channel.finish()
    }
}
