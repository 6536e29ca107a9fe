/// The pages of one bucket (uploads, the abort confirmation, lifecycle, objects) and users.
extension ConsoleTemplates {
    static let bucketLinks = #"""
    <p class="note"><a href="/console/buckets/{{bucket}}/uploads">Uploads</a> · <a href="/console/buckets/{{bucket}}/lifecycle">Lifecycle</a> · <a href="/console/buckets/{{bucket}}/objects">Objects</a></p>
    """#

    static let uploads = #"""
    {{<layout}}{{$title}}Uploads of {{bucket}}{{/title}}{{$content}}
    <h1>Uploads in progress in <span id="bucket">{{bucket}}</span></h1>
    \#(bucketLinks)
    <form method="get" id="filter">
    <label>Key prefix <input name="prefix" value="{{prefix}}"></label>
    <label>Older than <input name="older" value="{{older}}" size="5"> days</label>
    <label>Order <select name="sort"><option value="age"{{#byAge}} selected{{/byAge}}>oldest first</option><option value="key"{{#byKey}} selected{{/byKey}}>by key</option></select></label>
    <button>Show</button>
    </form>
    {{#canAbortOlder}}<p><a id="abort-older" href="{{abortOlderLink}}">Abort every upload shown by this filter…</a></p>{{/canAbortOlder}}
    {{#empty}}<p class="note" id="no-uploads">No uploads in progress match.</p>{{/empty}}
    {{^empty}}<table id="uploads"><thead><tr><th>Key</th><th>Upload id</th><th>Dialect</th><th>Initiated</th><th>Last activity</th><th class="num">Age</th><th class="num">Parts</th><th class="num">Bytes</th><th></th></tr></thead><tbody>
    {{#rows}}<tr data-upload="{{uploadId}}"><td class="mono">{{key}}</td><td class="mono">{{uploadId}}</td><td>{{dialect}}</td><td>{{initiated}}</td><td>{{lastActivity}}</td><td class="num">{{age}}</td><td class="num parts">{{parts}}</td><td class="num bytes">{{bytes}}</td>
    <td><form class="inline" method="post" action="/console/buckets/{{bucket}}/uploads/abort"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="uploadId" value="{{uploadId}}"><button class="danger abort">Abort</button></form></td></tr>{{/rows}}
    </tbody></table>{{/empty}}
    <p>{{#firstLink}}<a href="{{firstLink}}">First page</a> {{/firstLink}}{{#nextLink}}<a id="next-page" href="{{nextLink}}">Next page</a>{{/nextLink}}</p>
    {{/content}}{{/layout}}
    """#

    static let confirmAbort = #"""
    {{<layout}}{{$title}}Abort uploads in {{bucket}}{{/title}}{{$content}}
    <h1>Abort uploads in {{bucket}}</h1>
    {{#nothing}}<p id="confirm-summary">No upload {{#prefix}}under <code>{{prefix}}</code> {{/prefix}}is older than {{older}} days.</p>{{/nothing}}
    {{^nothing}}<p id="confirm-summary">This aborts <b id="confirm-count">{{count}}</b> {{#prefix}}under <code>{{prefix}}</code> {{/prefix}}initiated more than {{older}} days ago, holding {{parts}} and reclaiming <b id="confirm-bytes">{{bytes}}</b>.</p>
    <form method="post" action="/console/buckets/{{bucket}}/uploads/abort-older">
    <input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="prefix" value="{{prefix}}"><input type="hidden" name="older" value="{{older}}">
    <button class="danger" id="confirm-abort">Abort them</button> <a href="{{cancelLink}}">Cancel</a>
    </form>{{/nothing}}
    {{/content}}{{/layout}}
    """#

    static let lifecycle = #"""
    {{<layout}}{{$title}}Lifecycle of {{bucket}}{{/title}}{{$content}}
    <h1>Lifecycle of {{bucket}}</h1>
    \#(bucketLinks)
    {{#saved}}<p class="ok" id="saved">Saved. The reaper enforces the rules at its next pass.</p>{{/saved}}
    {{#noRules}}<p class="note" id="no-rules">No rules: in-progress uploads are kept until completed or aborted.</p>{{/noRules}}
    {{^noRules}}<table id="rules"><thead><tr><th>Rule</th><th>Prefix</th><th class="num">Days</th><th>Counted from</th><th>Enabled</th><th>Would abort or delete now</th><th></th></tr></thead><tbody>
    {{#rules}}<tr data-rule="{{id}}"><td>{{id}}</td><td class="mono">{{prefix}}</td><td class="num">{{days}}</td><td>{{basis}}</td><td>{{enabled}}</td><td class="preview">{{wouldAbort}}</td>
    <td><form class="inline" method="post"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="action" value="remove"><input type="hidden" name="id" value="{{id}}"><button class="danger">Remove</button></form></td></tr>{{/rules}}
    </tbody></table>{{/noRules}}
    <h2>Add or replace a rule</h2>
    <form method="post" id="add-rule"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="action" value="add">
    <label>Id <input name="id" size="16"></label>
    <label>Prefix <input name="prefix" size="16"></label>
    <label><select name="kind"><option value="abort">Abort uploads</option><option value="expire">Delete objects</option></select> after <input name="days" size="4" required> days</label>
    <label>counted from (uploads) <select name="basis"><option value="initiation">initiation (DaysAfterInitiation)</option><option value="lastActivity">the last part (DaysAfterLastPart)</option></select></label>
    <label>Enabled <select name="enabled"><option value="yes">yes</option><option value="no">no</option></select></label>
    <button id="save-rule">Save</button></form>
    <p class="note">An upload rule counts from its initiation or its last part (DaysAfterLastPart is Tessera's extension: an upload still receiving parts is never aborted); an object rule (S3's Expiration) from when the object was written. Days count from midnight UTC, as S3 does.</p>
    {{/content}}{{/layout}}
    """#

    static let objects = #"""
    {{<layout}}{{$title}}Objects of {{bucket}}{{/title}}{{$content}}
    <h1>Objects of {{bucket}}</h1>
    \#(bucketLinks)
    <nav class="crumbs">{{#crumbs}}<a href="{{link}}">{{name}}</a>{{/crumbs}}</nav>
    {{#empty}}<p class="note">Nothing here.</p>{{/empty}}
    {{^empty}}<table id="objects"><thead><tr><th>Name</th><th class="num">Size</th><th>Modified</th><th></th></tr></thead><tbody>
    {{#folders}}<tr><td><a href="{{link}}">{{name}}</a></td><td></td><td></td><td></td></tr>{{/folders}}
    {{#objects}}<tr data-key="{{key}}"><td><a href="{{download}}">{{name}}</a></td><td class="num">{{size}}</td><td>{{modified}}</td>
    <td><form class="inline" method="post" action="/console/buckets/{{bucket}}/objects/delete"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="key" value="{{key}}"><button class="danger">Delete</button></form></td></tr>{{/objects}}
    </tbody></table>{{/empty}}
    {{#nextLink}}<p><a href="{{nextLink}}">Next page</a></p>{{/nextLink}}
    <h2>Upload a file here</h2>
    <form id="upload" data-bucket="{{bucket}}" data-prefix="{{prefix}}" data-csrf="{{csrf}}"><input type="file" id="upload-file"> <button>Upload</button> <span id="upload-status" class="note">Needs JavaScript; files from 16 MiB go in 8 MiB parts.</span></form>
    {{/content}}{{/layout}}
    """#

    static let users = #"""
    {{<layout}}{{$title}}Users{{/title}}{{$content}}
    <h1>Users</h1>
    {{#created}}<div class="ok" id="created"><b>{{what}}.</b> Shown only this once:<br>access key <span class="secret" id="new-access-key">{{accessKey}}</span> secret key <span class="secret" id="new-secret-key">{{secretKey}}</span></div>{{/created}}
    <table id="users"><thead><tr><th>User</th><th>Keys</th><th></th></tr></thead><tbody>
    {{#users}}<tr data-user="{{name}}"><td>{{name}}{{#isAdmin}} (admin){{/isAdmin}}<br><span class="note">{{keyCount}}</span></td><td>{{#keys}}<div><span class="mono">{{accessKey}}</span> <span class="note">{{created}}</span>
    <form class="inline" method="post"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="action" value="revoke"><input type="hidden" name="accessKey" value="{{accessKey}}"><button class="danger">Revoke</button></form></div>{{/keys}}</td>
    <td><form class="inline" method="post"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="action" value="add-key"><input type="hidden" name="name" value="{{name}}"><button>Add key</button></form>
    <form class="inline" method="post"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="action" value="remove"><input type="hidden" name="name" value="{{name}}"><button class="danger">Remove user</button></form></td></tr>{{/users}}
    </tbody></table>
    <h2>Add a user</h2>
    <form method="post" id="add-user"><input type="hidden" name="csrf" value="{{nav.csrf}}"><input type="hidden" name="action" value="add"><label>Name <input name="name" id="new-user-name" required></label> <button id="add-user-button">Add</button></form>
    {{/content}}{{/layout}}
    """#
}
