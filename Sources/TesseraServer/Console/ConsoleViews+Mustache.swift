import Mustache

// Each view answers its templates' names directly (`MustacheParent`) instead of through
// swift-mustache's default `Mirror`, which reflects every field of a value for each name it looks
// up (and a row's lookups of `bucket` or `nav.csrf` fall through to the page). Measured on a page
// of 50 uploads: 16.7 ms with Mirror, see docs/benchmarks.md ("Issue 17") for the figure after.

extension Nav: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "isAdmin": isAdmin
        case "csrf": csrf
        default: nil
        }
    }
}

extension MessagePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "title": title
        case "text": text
        case "back": back
        case "backText": backText
        default: nil
        }
    }
}

extension LoginPage: MustacheParent {
    func child(named name: String) -> Any? { name == "failed" ? failed : nil }
}

extension DashboardPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "buckets": buckets
        case "noBuckets": noBuckets
        case "totalUploads": totalUploads
        case "totalParts": totalParts
        case "totalBytes": totalBytes
        case "totalObjects": totalObjects
        case "totalObjectBytes": totalObjectBytes
        case "reap": reap
        case "chart": chart
        case "chartPartial": chartPartial
        case "allUsers": allUsers
        default: nil
        }
    }
}

extension DashboardPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "owner": owner
        case "uploads": uploads
        case "parts": parts
        case "bytes": bytes
        case "oldest": oldest
        case "objects": objects
        case "objectBytes": objectBytes
        case "hasRules": hasRules
        default: nil
        }
    }
}

extension DashboardPage.Reap: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "finished": finished
        case "ago": ago
        case "aborted": aborted
        case "parts": parts
        case "reclaimed": reclaimed
        case "milliseconds": milliseconds
        default: nil
        }
    }
}

extension UploadsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "bucket": bucket
        case "prefix": prefix
        case "older": older
        case "byAge": byAge
        case "byKey": byKey
        case "rows": rows
        case "empty": empty
        case "nextLink": nextLink
        case "firstLink": firstLink
        case "canAbortOlder": canAbortOlder
        case "abortOlderLink": abortOlderLink
        default: nil
        }
    }
}

extension UploadsPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "uploadId": uploadId
        case "dialect": dialect
        case "initiated": initiated
        case "lastActivity": lastActivity
        case "age": age
        case "parts": parts
        case "bytes": bytes
        default: nil
        }
    }
}

extension ConfirmAbortPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "bucket": bucket
        case "prefix": prefix
        case "older": older
        case "count": count
        case "bytes": bytes
        case "parts": parts
        case "nothing": nothing
        case "cancelLink": cancelLink
        default: nil
        }
    }
}

extension LifecyclePage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "bucket": bucket
        case "rules": rules
        case "noRules": noRules
        case "saved": saved
        default: nil
        }
    }
}

extension LifecyclePage.Rule: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "prefix": prefix
        case "days": days
        case "basis": basis
        case "enabled": enabled
        case "wouldAbort": wouldAbort
        default: nil
        }
    }
}

extension ObjectsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "bucket": bucket
        case "prefix": prefix
        case "crumbs": crumbs
        case "folders": folders
        case "objects": objects
        case "empty": empty
        case "nextLink": nextLink
        case "csrf": csrf
        default: nil
        }
    }
}

extension ObjectsPage.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "link": link
        default: nil
        }
    }
}

extension ObjectsPage.Object: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "name": self.name
        case "size": size
        case "modified": modified
        case "download": download
        default: nil
        }
    }
}

extension UsersPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nav": nav
        case "users": users
        case "created": created
        default: nil
        }
    }
}

extension UsersPage.User: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "isAdmin": isAdmin
        case "keys": keys
        case "keyCount": keyCount
        default: nil
        }
    }
}

extension UsersPage.Key: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "accessKey": accessKey
        case "created": created
        default: nil
        }
    }
}

extension UsersPage.Created: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "what": what
        case "accessKey": accessKey
        case "secretKey": secretKey
        default: nil
        }
    }
}
