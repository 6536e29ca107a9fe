import Crypto
import TesseraCore

/// The `UCloud` signature, pure parts (protocols/ufile.md §2):
/// `base64(HMAC-SHA1(privateKey, VERB\nContent-MD5\nContent-Type\nDate\n<x-ucloud-* headers><resource>[listobjects suffix]))`.
public enum UCloudSigner {
    /// The string to sign.
    public static func stringToSign(method: String, contentMD5: String, contentType: String, date: String,
                                    ucloudHeaders: [(String, String)], bucket: String, key: String, listObjects: [(String, String)]? = nil) -> String {
        var s = "\(method)\n\(contentMD5)\n\(contentType)\n\(date)\n"
        for (n, v) in ucloudHeaders.sorted(by: { $0.0 < $1.0 }) { s += "\(n):\(v)\n" }
        s += "/\(bucket)/\(key)"
        if let listObjects {
            s += "\nlistobjects"
            for (n, v) in listObjects { s += "\n\(n):\(v)" }
        }
        return s
    }

    /// The signature of a string to sign.
    public static func signature(privateKey: String, stringToSign: String) -> String {
        Base64.encode(Array(HMAC<Insecure.SHA1>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(privateKey.utf8)))))
    }
}
