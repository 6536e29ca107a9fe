/// The S3 XML namespace.
let s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

import TesseraCore
import TesseraHTTP

extension XMLWriter {
    /// `<name><ID>…</ID><DisplayName>…</DisplayName></name>` (Owner, Initiator).
    mutating func principal(_ name: StaticString, _ owner: Owner) {
        element(name) { e in
            e.element("ID", owner.id)
            e.element("DisplayName", owner.displayName)
        }
    }
}
