/// The console's only script, served at `/console/console.js`: uploads a file from the objects
/// page (whole, or from 16 MiB in 8 MiB parts, one part in flight, each streamed by the server).
/// Every other page works without it.
enum ConsoleScript {
    static let source = #"""
    "use strict";
    (function () {
      const form = document.getElementById("upload");
      if (!form) return;
      const status = document.getElementById("upload-status");
      status.textContent = "";
      const PART = 8 * 1024 * 1024, MULTIPART_FROM = 16 * 1024 * 1024;
      async function call(query, body, type) {
        const base = "/console/buckets/" + encodeURIComponent(form.dataset.bucket) + "/objects/upload?";
        const r = await fetch(base + query, { method: "POST", body: body, credentials: "same-origin",
          headers: { "X-CSRF-Token": form.dataset.csrf, "Content-Type": type || "application/octet-stream" } });
        if (!r.ok) throw new Error(r.status + " " + (await r.text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
        return r.json();
      }
      form.addEventListener("submit", async function (event) {
        event.preventDefault();
        const file = document.getElementById("upload-file").files[0];
        if (!file) return;
        const key = "key=" + encodeURIComponent(form.dataset.prefix + file.name);
        try {
          if (file.size < MULTIPART_FROM) {
            status.textContent = "Uploading…";
            await call(key, file, file.type);
          } else {
            const started = await call(key + "&step=start", "", file.type);
            const id = "&uploadId=" + encodeURIComponent(started.uploadId);
            const etags = [];
            for (let n = 1, offset = 0; offset < file.size; n++, offset += PART) {
              status.textContent = "Part " + n + " of " + Math.ceil(file.size / PART) + "…";
              etags.push((await call(key + id + "&step=part&part=" + n, file.slice(offset, offset + PART))).etag);
            }
            await call(key + id + "&step=complete&etags=" + encodeURIComponent(etags.join(",")), "");
          }
          status.textContent = "Uploaded.";
          location.reload();
        } catch (e) {
          status.textContent = "Upload failed: " + e.message;
        }
      });
    })();
    """#
}
