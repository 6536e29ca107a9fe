import Mustache

/// The console's Mustache templates, parsed once at start. Each page fills the `layout` parent's
/// `title` and `content` blocks; values are HTML-escaped (`{{…}}`) except the chart's SVG, which
/// the server builds itself (`{{{chart}}}`).
struct ConsolePages: Sendable {
    private let library: MustacheLibrary

    /// Parses every template; a template that does not parse is a programming error.
    init() {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            do { try library.register(text, named: name) } catch { preconditionFailure("console template \(name) does not parse: \(error)") }
        }
        self.library = library
    }

    /// `view` rendered with template `name`.
    func render(_ name: String, _ view: Any) -> String {
        guard let html = library.render(view, withTemplate: name) else { preconditionFailure("no console template \(name)") }
        return html
    }
}

/// The login form's view.
struct LoginPage: Sendable {
    let failed: Bool
}

/// A page with a title and a sentence (results, errors).
struct MessagePage: Sendable {
    let nav: Nav?
    let title: String
    let text: String
    var back: String?
    var backText: String?

    init(nav: Nav?, title: String, text: String, back: String? = nil, backText: String? = nil) {
        self.nav = nav
        self.title = title
        self.text = text
        self.back = back
        self.backText = backText
    }
}
