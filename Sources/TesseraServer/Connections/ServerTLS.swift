import NIOSSL

/// The TLS context of `--tls-cert` / `--tls-key`: a PEM certificate chain (leaf first) and its
/// PEM private key, TLS 1.2 or later, HTTP/1.1 offered by ALPN.
enum ServerTLS {
    /// Reads both files; a missing or malformed one fails the start with NIOSSL's error.
    static func context(certificate: String, key: String) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain,
                                                                     privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        return try NIOSSLContext(configuration: configuration)
    }
}
