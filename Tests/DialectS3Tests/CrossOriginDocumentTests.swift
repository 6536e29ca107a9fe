import HTTPTypes
import Testing
import TesseraTestSupport
import TesseraCore
import TesseraHTTP
@testable import DialectS3

/// S3's `CORSConfiguration` both ways (AWS's PutBucketCors example, golden), and the fields and
/// errors of a preflight answered from it.
@Suite struct CrossOriginDocumentTests {
    let golden = Golden(besides: #filePath)

    /// AWS's PutBucketCors example.
    static let example = """
        <CORSConfiguration>
         <CORSRule>
           <AllowedOrigin>http://www.example.com</AllowedOrigin>
           <AllowedMethod>PUT</AllowedMethod>
           <AllowedMethod>POST</AllowedMethod>
           <AllowedMethod>DELETE</AllowedMethod>
           <AllowedHeader>*</AllowedHeader>
           <MaxAgeSeconds>3000</MaxAgeSeconds>
           <ExposeHeader>x-amz-server-side-encryption</ExposeHeader>
           <ExposeHeader>x-amz-request-id</ExposeHeader>
           <ExposeHeader>x-amz-id-2</ExposeHeader>
         </CORSRule>
         <CORSRule>
           <ID>reads</ID>
           <AllowedOrigin>*</AllowedOrigin>
           <AllowedMethod>GET</AllowedMethod>
         </CORSRule>
        </CORSConfiguration>
        """

    @Test func roundTripsAWSsExample() throws {
        let c = try CrossOriginDocuments.parse(Array(Self.example.utf8))
        #expect(c.rules.count == 2)
        #expect(c.rules[0] == CrossOriginRule(allowedOrigins: ["http://www.example.com"], allowedMethods: ["PUT", "POST", "DELETE"],
                                              allowedHeaders: ["*"], exposeHeaders: ["x-amz-server-side-encryption", "x-amz-request-id", "x-amz-id-2"],
                                              maxAgeSeconds: 3000))
        #expect(c.rules[1] == CrossOriginRule(id: "reads", allowedOrigins: ["*"], allowedMethods: ["GET"]))
        try golden.check("CORSConfiguration.xml", CrossOriginDocuments.render(c))
        #expect(try CrossOriginDocuments.parse(Array(CrossOriginDocuments.render(c).utf8)) == c)
    }

    @Test func refusesWhatS3Refuses() {
        func code(_ body: String) -> String? {
            do { _ = try CrossOriginDocuments.parse(Array(body.utf8)); return nil } catch { return S3Errors.wire(error).code }
        }
        #expect(code("<CORSConfiguration/>") == "MalformedXML")
        #expect(code("<Other><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></Other>") == "MalformedXML")
        #expect(code("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>") == "MalformedXML")
        #expect(code("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
                     + "<MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>") == "MalformedXML")
        #expect(code("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>")
                == "InvalidRequest")
        #expect(code("<CORSConfiguration><CORSRule") == "MalformedXML")
    }

    @Test func fieldsNameTheRuleAsS3Does() throws {
        let rule = CrossOriginRule(allowedOrigins: ["https://*.example.com"], allowedMethods: ["GET", "PUT"], exposeHeaders: ["ETag"], maxAgeSeconds: 600)
        var fields = HTTPFields()
        CrossOrigin.add(rule, origin: "https://app.example.com", requested: CrossOrigin.requested(" X-Amz-Date ,content-type,, "), to: &fields)
        #expect(fields[.accessControlAllowOrigin] == "https://app.example.com")
        #expect(fields[.accessControlAllowCredentials] == "true")
        #expect(fields[.accessControlAllowMethods] == "GET, PUT")
        #expect(fields[.accessControlAllowHeaders] == "x-amz-date, content-type")
        #expect(fields[.accessControlExposeHeaders] == "ETag")
        #expect(fields[.accessControlMaxAge] == "600")
        #expect(fields[.vary] == "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
        var any = HTTPFields()
        CrossOrigin.add(CrossOriginRule(allowedOrigins: ["*"], allowedMethods: ["GET"]), origin: "https://x.org", requested: nil, to: &any)
        #expect(any[.accessControlAllowOrigin] == "*" && any[.accessControlAllowCredentials] == nil)
        #expect(any[.accessControlAllowHeaders] == nil && any[.accessControlExposeHeaders] == nil && any[.accessControlMaxAge] == nil)
        #expect(CrossOrigin.requested(nil) == [] && CrossOrigin.requested("") == [])
        // The preflight's failures, in S3's codes.
        #expect(S3Errors.wire(WireError(.preflightIncomplete, "")) == (.badRequest, "BadRequest"))
        #expect(S3Errors.wire(WireError(.crossOriginForbidden, "")) == (.forbidden, "AccessForbidden"))
    }
}
