import TesseraCore

/// A parsed `multipart/form-data` body (UFile PostFile). Tolerates the SDK's missing closing
/// boundary (`--boundary\r\n` at the end instead of `--boundary--`).
struct FormUpload {
    struct Field {
        var name: String
        var filename: String?
        var contentType: String?
        var data: ArraySlice<UInt8>
    }

    var fields: [Field]

    func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for part in contentType.split(separator: ";") {
            let t = part.trimmingCharacters()
            if t.lowercased().hasPrefix("boundary=") {
                var b = t.dropFirst("boundary=".count)
                if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = b.dropFirst().dropLast() }
                return String(b)
            }
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) throws(StorageError) -> FormUpload {
        let malformed = StorageError(.malformedDocument, "The form upload body is malformed.")
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var i = 0
        while i + delimiter.count <= body.count {
            if body[i] == delimiter[0], body[i..<(i + delimiter.count)].elementsEqual(delimiter), i == 0 || (i >= 2 && body[i - 2] == 13 && body[i - 1] == 10) {
                positions.append(i)
                i += delimiter.count
            } else {
                i += 1
            }
        }
        guard positions.count >= 2 || (positions.count == 1 && positions[0] == 0) else { throw malformed }
        var fields: [Field] = []
        for (n, start) in positions.enumerated() {
            var s = start + delimiter.count
            if s + 2 <= body.count, body[s] == 45, body[s + 1] == 45 { break }  // closing "--"
            guard s + 2 <= body.count, body[s] == 13, body[s + 1] == 10 else { throw malformed }
            s += 2
            let end = n + 1 < positions.count ? positions[n + 1] - 2 : body.count
            guard end > s else { continue }
            guard let headerEnd = search(body, Array("\r\n\r\n".utf8), from: s, to: end) else { throw malformed }
            let headerText = String(decoding: body[s..<headerEnd], as: UTF8.self)
            var name: String?, filename: String?, contentType: String?
            for line in headerText.split(separator: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = attribute("name", in: String(line))
                    filename = attribute("filename", in: String(line))
                } else if lower.hasPrefix("content-type:") {
                    contentType = String(line.dropFirst("content-type:".count)).trimmingSpaces()
                }
            }
            guard let name else { throw malformed }
            fields.append(Field(name: name, filename: filename, contentType: contentType, data: body[(headerEnd + 4)..<end]))
        }
        return FormUpload(fields: fields)
    }

    private static func attribute(_ name: String, in line: String) -> String? {
        for piece in line.split(separator: ";") {
            let t = piece.trimmingCharacters()
            guard t.hasPrefix("\(name)=") else { continue }
            var v = t.dropFirst(name.count + 1)
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = v.dropFirst().dropLast() }
            return String(v)
        }
        return nil
    }

    private static func search(_ b: [UInt8], _ needle: [UInt8], from: Int, to: Int) -> Int? {
        var i = from
        while i + needle.count <= to {
            if b[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

extension Substring {
    func trimmingCharacters() -> Substring {
        var s = self
        while let f = s.first, f == " " { s = s.dropFirst() }
        while let l = s.last, l == " " { s = s.dropLast() }
        return s
    }
}
