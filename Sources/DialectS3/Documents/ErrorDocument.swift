import HTTPTypes
import TesseraHTTP

/// `<Error>`: Code, Message, the error's fields, Resource and RequestId.
enum ErrorDocument {
    /// What an S3 error response says.
    struct Reply {
        var status: HTTPResponse.Status
        var code: String
        var message: String
        var fields: [(String, String)]
    }

    static func render(_ reply: Reply, resource: String, requestID: String) -> String {
        var x = XMLWriter()
        x.open("Error")
        x.element("Code", reply.code)
        x.element("Message", reply.message)
        for (name, value) in reply.fields { x.element(named: name, value) }
        x.element("Resource", resource)
        x.element("RequestId", requestID)
        x.close("Error")
        return x.document
    }
}
