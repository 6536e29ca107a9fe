import TesseraCore
import TesseraHTTP

/// A bucket's lifecycle rules, AbortIncompleteMultipartUpload (with Tessera's `DaysAfterLastPart`
/// basis) and Expiration: view, add, remove, each with a preview of what it would abort or delete
/// now.
extension ConsoleEndpoint {
    /// Uploads one rule's preview counts at most before it says "at least".
    static let previewLimit = 100_000

    func lifecycle(_ visitor: ConsoleVisitor, _ name: BucketName, saved: Bool) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        let now = engine.clock.now()
        var rows: [LifecyclePage.Rule] = []
        for rule in bucket.lifecycle?.rules ?? [] {
            var would = "–"
            var days = "–", basis = "–"
            if let abort = rule.abortIncompleteUpload {
                days = String(abort.days)
                basis = abort.basis == .initiation ? "initiation (DaysAfterInitiation)" : "last part (DaysAfterLastPart)"
                let criterion = ExpiryCriterion(basis: abort.basis, cutoff: AbortSchedule.cutoff(now: now, days: abort.days), prefix: Array(rule.prefix.utf8))
                let p = try await preview(name, criterion, limit: Self.previewLimit)
                would = (p.capped ? "at least " : "") + "\(ConsoleFormat.count(p.uploads, "upload")), \(ConsoleFormat.bytes(p.bytes))"
                if !rule.enabled { would += " (if enabled)" }
            } else if let expiration = rule.expiration {
                switch expiration {
                case .days(let n): (days, basis) = (String(n), "object written (Expiration)")
                case .date(let d): basis = "objects expire on \(ConsoleFormat.instant(d)) (Expiration)"
                case .expiredObjectDeleteMarker: basis = "delete markers (none without versions)"
                }
                if expiration.deletesObjects {
                    let p = try await engine.expiryPreview(bucket: name, rule: rule, limit: Self.previewLimit)
                    would = (p.capped ? "at least " : "") + "\(ConsoleFormat.count(p.objects, "object")), \(ConsoleFormat.bytes(p.bytes)) (deleted)"
                    if !rule.enabled { would += " (if enabled)" }
                }
            }
            rows.append(LifecyclePage.Rule(id: rule.id, prefix: rule.prefix.isEmpty ? "(every key)" : rule.prefix, days: days, basis: basis,
                                           enabled: rule.enabled ? "yes" : "no", wouldAbort: would))
        }
        let page = LifecyclePage(nav: visitor.nav("lifecycle"), bucket: name.value, rules: rows, noRules: rows.isEmpty, saved: saved)
        return html(pages.render("lifecycle", page))
    }

    func setLifecycle(_ visitor: ConsoleVisitor, _ name: BucketName, _ form: QueryParameters) async throws -> WireResponse {
        let bucket = try await visitor.bucket(name)
        var rules = bucket.lifecycle?.rules ?? []
        switch form["action"] {
        case "remove":
            rules.removeAll { $0.id == form["id"] }
        case "add":
            let id = (form["id"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let text = form["days"], let days = Int(text), days >= 1, days <= 36_500 else {
                throw StorageError.invalidArgument("Days is a whole number from 1.", name: "days", value: form["days"] ?? "")
            }
            let basis: ExpiryBasis = form["basis"] == "lastActivity" ? .lastActivity : .initiation
            // `expire`: an Expiration rule (objects deleted `days` after they were written).
            let expire = form["kind"] == "expire"
            let rule = try LifecycleRule(id: id.isEmpty ? "\(expire ? "expire" : "abort")-\(days)d-\(rules.count + 1)" : id,
                                         enabled: form["enabled"] != "no", prefix: form["prefix"] ?? "",
                                         abortIncompleteUpload: expire ? nil : AbortIncompleteUpload(days: days, basis: basis),
                                         expiration: expire ? .days(days) : nil)
            rules.removeAll { $0.id == rule.id }
            rules.append(rule)
        default:
            throw StorageError.invalidArgument("Unknown lifecycle action.", name: "action", value: form["action"] ?? "")
        }
        if rules.isEmpty {
            try await engine.deleteBucketLifecycle(bucket: name, caller: bucket.owner)
        } else {
            try await engine.putBucketLifecycle(try LifecycleConfiguration(rules: rules), bucket: name, caller: bucket.owner)
        }
        return Self.redirect("/console/buckets/\(name.value)/lifecycle?saved")
    }
}

/// The lifecycle page's view.
struct LifecyclePage: Sendable {
    struct Rule: Sendable {
        let id, prefix, days, basis, enabled, wouldAbort: String
    }

    let nav: Nav
    let bucket: String
    let rules: [Rule]
    let noRules: Bool
    let saved: Bool
}
