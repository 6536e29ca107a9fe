import TesseraCore
import TesseraHTTP

/// `<Error>`: Code, Message, the error's context fields, Resource and RequestId.
enum ErrorDocument {
    static let contextOrder = ["BucketName", "Key", "UploadId", "PartNumber", "ETag", "ArgumentName", "ArgumentValue",
                               "ProposedSize", "MinSizeAllowed", "MaxSizeAllowed", "AWSAccessKeyId", "StringToSign",
                               "SignatureProvided", "CanonicalRequest", "RequestTime", "ServerTime", "MaxAllowedSkewMilliseconds",
                               "X-Amz-Expires", "Expires", "ActualObjectSize", "PartNumberRequested",
                               "ClientComputedContentSHA256", "S3ComputedContentSHA256"]

    static func render(code: String, error: StorageError, resource: String, requestID: String) -> String {
        var x = XMLWriter()
        x.open("Error")
        x.element("Code", code)
        x.element("Message", error.message)
        for name in contextOrder { if let v = error.context[name] { x.element(name, v) } }
        x.element("Resource", resource)
        x.element("RequestId", requestID)
        x.close("Error")
        return x.document
    }
}
