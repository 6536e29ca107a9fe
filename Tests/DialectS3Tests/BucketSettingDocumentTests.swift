import Testing
import TesseraCore
@testable import DialectS3

/// The public access block's, object ownership's and versioning's documents both ways, and the
/// shapes S3 refuses as MalformedXML.
@Suite struct BucketSettingDocumentTests {
    func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as StorageError { return S3Errors.wire(e).code } catch { return "\(error)" }
    }

    @Test func publicAccessBlock() throws {
        let full = #"<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>FALSE</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy></PublicAccessBlockConfiguration>"#
        let block = try PublicAccessBlockDocuments.parse(Array(full.utf8))
        #expect(block == PublicAccessBlock(blockPublicACLs: true, blockPublicPolicy: true))
        #expect(try PublicAccessBlockDocuments.parse(Array(PublicAccessBlockDocuments.render(block).utf8)) == block)
        #expect(try PublicAccessBlockDocuments.parse(Array("<PublicAccessBlockConfiguration/>".utf8)) == PublicAccessBlock())
        #expect(code { _ = try PublicAccessBlockDocuments.parse(Array("<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>".utf8)) } == "MalformedXML")
        #expect(code { _ = try PublicAccessBlockDocuments.parse(Array("<Other/>".utf8)) } == "MalformedXML")
        #expect(code { _ = try PublicAccessBlockDocuments.parse(Array("<PublicAccessBlockConfiguration>".utf8)) } == "MalformedXML")
    }

    @Test func ownershipControls() throws {
        for o in ObjectOwnership.allCases {
            #expect(try OwnershipControlsDocuments.parse(Array(OwnershipControlsDocuments.render(o).utf8)) == o)
        }
        for bad in ["<OwnershipControls/>", "<OwnershipControls><Rule><ObjectOwnership>Mine</ObjectOwnership></Rule></OwnershipControls>",
                    "<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>",
                    "<Other><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></Other>"] {
            #expect(code { _ = try OwnershipControlsDocuments.parse(Array(bad.utf8)) } == "MalformedXML", "\(bad)")
        }
    }

    /// S3's reference examples: the PutBucketVersioning body, and GetBucketVersioning's answer
    /// for a suspended bucket and for one never set.
    @Test func versioning() throws {
        let example = #"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#
        #expect(try VersioningDocuments.parse(Array(example.utf8)) == .init(status: "Enabled", mfaDelete: nil))
        let both = "<VersioningConfiguration><Status> Suspended </Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>"
        #expect(try VersioningDocuments.parse(Array(both.utf8)) == .init(status: "Suspended", mfaDelete: "Disabled"))
        #expect(try VersioningDocuments.parse(Array("<VersioningConfiguration/>".utf8)) == .init())
        for bad in ["<VersioningConfiguration><Status>Disabled</Status></VersioningConfiguration>",
                    "<VersioningConfiguration><MfaDelete>On</MfaDelete></VersioningConfiguration>",
                    "<Versioning><Status>Suspended</Status></Versioning>", "<VersioningConfiguration>"] {
            #expect(code { _ = try VersioningDocuments.parse(Array(bad.utf8)) } == "MalformedXML", "\(bad)")
        }
        #expect(VersioningDocuments.render(.suspended) == """
            <?xml version="1.0" encoding="UTF-8"?>
            <VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Suspended</Status></VersioningConfiguration>
            """)
        #expect(VersioningDocuments.render(nil).hasSuffix(#"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></VersioningConfiguration>"#))
    }
}
