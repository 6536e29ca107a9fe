/// The page frame, the login form, messages and the dashboard.
enum ConsoleTemplates {
    /// Every template by name.
    static let all: [(String, String)] = [
        ("layout", layout), ("login", login), ("message", message), ("dashboard", dashboard),
        ("uploads", uploads), ("confirm-abort", confirmAbort), ("lifecycle", lifecycle), ("objects", objects), ("users", users),
    ]

    static let layout = #"""
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}Console{{/title}} · Tessera</title>
    <style>
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
    header{background:#1f3a5f;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:center}
    header a{color:#fff;text-decoration:none}header .brand{font-weight:700;font-size:16px;margin-right:12px}
    header .who{margin-left:auto;opacity:.85}header form{margin:0}
    main{padding:20px 24px;max-width:1200px}
    h1{font-size:20px;margin:4px 0 14px}h2{font-size:16px;margin:22px 0 8px}
    table{border-collapse:collapse;background:#fff;width:100%;margin:8px 0}
    th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e6ea;vertical-align:top}
    th{background:#eef1f5;font-weight:600}td.num,th.num{text-align:right}
    .cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #e3e6ea;padding:10px 14px;min-width:150px}
    .card b{display:block;font-size:18px}
    button,input[type=submit]{background:#1f3a5f;color:#fff;border:0;padding:5px 12px;cursor:pointer;border-radius:3px}
    button.danger{background:#a8322d}input,select{padding:4px 6px}
    .note{color:#5b6570}.ok{background:#e5f4e8;border:1px solid #9ccaa6;padding:8px 12px}
    .bad{background:#fbeaea;border:1px solid #e0a3a3;padding:8px 12px}
    .secret{font-family:ui-monospace,monospace;background:#fff8d6;padding:2px 6px}
    code,.mono{font-family:ui-monospace,monospace;font-size:13px}form.inline{display:inline}
    nav.crumbs a{margin-right:4px}
    </style></head>
    <body>
    <header><a class="brand" href="/console/">Tessera</a>
    {{#nav}}<a href="/console/">Dashboard</a>{{#isAdmin}}<a href="/console/users">Users</a>{{/isAdmin}}
    <span class="who">Signed in as <b>{{name}}</b>{{#isAdmin}} (admin){{/isAdmin}}</span>
    <form method="post" action="/console/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button id="logout">Log out</button></form>{{/nav}}
    </header>
    <main>{{$content}}{{/content}}</main>
    <script src="/console/console.js" defer></script>
    </body></html>
    """#

    static let login = #"""
    {{<layout}}{{$title}}Sign in{{/title}}{{$content}}
    <h1>Sign in</h1>
    {{#failed}}<p class="bad" id="login-failed">That access key and secret key do not match.</p>{{/failed}}
    <form method="post" action="/console/login" autocomplete="off">
    <p><label>Access key<br><input name="accessKey" id="accessKey" size="40" required></label></p>
    <p><label>Secret key<br><input name="secretKey" id="secretKey" type="password" size="40" required></label></p>
    <p><button id="sign-in">Sign in</button></p>
    </form>
    <p class="note">The keys of any user: <code>tessera user add NAME</code> prints a pair.</p>
    {{/content}}{{/layout}}
    """#

    static let message = #"""
    {{<layout}}{{$title}}{{title}}{{/title}}{{$content}}
    <h1>{{title}}</h1>
    <p id="message">{{text}}</p>
    {{#back}}<p><a href="{{back}}">{{backText}}</a></p>{{/back}}
    <p><a href="/console/">Dashboard</a></p>
    {{/content}}{{/layout}}
    """#

    static let dashboard = #"""
    {{<layout}}{{$title}}Dashboard{{/title}}{{$content}}
    <h1>Dashboard</h1>
    <div class="cards">
    <div class="card">In progress<b id="total-uploads">{{totalUploads}}</b>{{totalParts}}</div>
    <div class="card">Held by uploads<b id="total-upload-bytes">{{totalBytes}}</b></div>
    <div class="card">Stored<b id="total-objects">{{totalObjects}}</b>{{totalObjectBytes}}</div>
    <div class="card">Reaper{{#reap}}<b id="reaper-last">{{ago}} ago</b>aborted {{aborted}} ({{parts}}), reclaimed {{reclaimed}}, took {{milliseconds}} ms{{/reap}}{{^reap}}<b id="reaper-last">not yet run</b>by this server{{/reap}}</div>
    </div>
    <h2>Buckets{{#allUsers}} of every user{{/allUsers}}</h2>
    {{#noBuckets}}<p class="note">No buckets yet.</p>{{/noBuckets}}
    {{^noBuckets}}<table id="buckets"><thead><tr><th>Bucket</th>{{#allUsers}}<th>Owner</th>{{/allUsers}}<th class="num">Uploads in progress</th><th class="num">Parts</th><th class="num">Bytes</th><th class="num">Oldest</th><th class="num">Objects</th><th class="num">Stored</th><th></th></tr></thead><tbody>
    {{#buckets}}<tr data-bucket="{{name}}"><td><a href="/console/buckets/{{name}}/uploads">{{name}}</a></td>{{#allUsers}}<td>{{owner}}</td>{{/allUsers}}<td class="num">{{uploads}}</td><td class="num">{{parts}}</td><td class="num">{{bytes}}</td><td class="num">{{oldest}}</td><td class="num">{{objects}}</td><td class="num">{{objectBytes}}</td>
    <td><a href="/console/buckets/{{name}}/uploads">uploads</a> · <a href="/console/buckets/{{name}}/lifecycle">lifecycle{{#hasRules}} ✓{{/hasRules}}</a> · <a href="/console/buckets/{{name}}/objects">objects</a></td></tr>{{/buckets}}
    </tbody></table>{{/noBuckets}}
    <h2>In-progress bytes by age</h2>
    {{{chart}}}
    {{#chartPartial}}<p class="note">{{chartPartial}}</p>{{/chartPartial}}
    {{/content}}{{/layout}}
    """#
}
