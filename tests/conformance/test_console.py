"""The web console in a real browser: headless Chromium and chromedriver from Debian's packages,
driven by selenium, against the real binary, with uploads made by boto3. Screenshots of every page
go to $TESSERA_SCREENSHOTS (default: a temporary directory; docs/console/ holds a committed set)."""
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ACCESS_KEY, SECRET_KEY, Server, make_client, tessera_binary

BOB_KEY, BOB_SECRET = "AKBOBCONSOLE", "bob-console-secret-key"
MIB = 1024 * 1024
DAY = 86400


def find_browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    raise RuntimeError("Chromium is not installed (scripts/test.sh installs Debian's chromium and chromium-driver)")


@pytest.fixture(scope="module")
def console(workdir):
    """A server whose `backups` bucket (the admin's) holds three uploads started ten days ago and
    two logs written then, and whose user bob owns `bob-media`."""
    data = os.path.join(workdir, "console")
    past = Server(data, extra_args=["--reap-interval", "0", f"--clock-offset={-10 * DAY}"]).start()
    admin = past.client()
    admin.create_bucket(Bucket="backups")
    for i in range(3):
        u = admin.create_multipart_upload(Bucket="backups", Key=f"nightly/db-{i}.tar")
        admin.upload_part(Bucket="backups", Key=f"nightly/db-{i}.tar", UploadId=u["UploadId"], PartNumber=1, Body=b"d" * (3 * MIB))
    for i in range(2):
        admin.put_object(Bucket="backups", Key=f"logs/day-{i}.log", Body=b"l" * 1024)
    assert past.stop() == 0
    srv = Server(data, extra_args=["--reap-interval", "0"]).start()
    subprocess.run([tessera_binary(), "user", "add", "bob", "--access-key", BOB_KEY, "--secret-key", BOB_SECRET, "--data-dir", data],
                   check=True, capture_output=True)
    yield srv
    assert srv.stop() == 0


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = find_browser()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"):
        options.add_argument(arg)
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots():
    d = os.environ.get("TESSERA_SCREENSHOTS") or tempfile.mkdtemp(prefix="tessera-console-")
    os.makedirs(d, exist_ok=True)
    return d


def sign_in(browser, server, key, secret):
    browser.delete_all_cookies()
    browser.get(server.endpoint + "/console/login")
    browser.find_element(By.ID, "accessKey").send_keys(key)
    browser.find_element(By.ID, "secretKey").send_keys(secret)
    browser.find_element(By.ID, "sign-in").click()
    WebDriverWait(browser, 15).until(expected_conditions.url_matches(r"/console/$"))


def text(browser, element_id):
    """The text of the element with `element_id`, waiting for the page that holds it."""
    return WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.ID, element_id))).text


def add_rule(browser, rule_id, prefix, days, **choices):
    """Fills the lifecycle page's form (`choices`: its selects, by name) and saves the rule."""
    form = browser.find_element(By.ID, "add-rule")
    form.find_element(By.NAME, "id").send_keys(rule_id)
    form.find_element(By.NAME, "prefix").send_keys(prefix)
    form.find_element(By.NAME, "days").send_keys(str(days))
    for name, value in choices.items():
        form.find_element(By.CSS_SELECTOR, f'select[name="{name}"] option[value="{value}"]').click()
    # The page before may already say "saved" (a rule saved just before): wait for the new one,
    # told by a mark the old document carries. (Asking an element of the old page whether it is
    # stale failed once in CI: chromedriver answered "unhandled inspector error" while the page
    # was being replaced.)
    browser.execute_script("window.__tesseraBefore = true")
    browser.find_element(By.ID, "save-rule").click()
    WebDriverWait(browser, 15).until(page_replaced)
    text(browser, "saved")


def page_replaced(driver):
    """Whether the document marked before a click has been replaced by a loaded one."""
    try:
        return driver.execute_script("return window.__tesseraBefore === undefined && document.readyState === 'complete'")
    except WebDriverException:
        return False  # mid-navigation: ask again


def test_a_user_sees_an_upload_boto3_started_and_aborts_it(console, browser, shots):
    bob = make_client(console.endpoint, BOB_KEY, BOB_SECRET)
    bob.create_bucket(Bucket="bob-media")
    upload = bob.create_multipart_upload(Bucket="bob-media", Key="videos/holiday.mp4")["UploadId"]
    for n in (1, 2):
        bob.upload_part(Bucket="bob-media", Key="videos/holiday.mp4", UploadId=upload, PartNumber=n, Body=b"v" * (5 * MIB))

    browser.delete_all_cookies()
    browser.get(console.endpoint + "/console/login")
    browser.save_screenshot(os.path.join(shots, "login.png"))
    sign_in(browser, console, BOB_KEY, BOB_SECRET)
    buckets = [row.get_attribute("data-bucket") for row in browser.find_elements(By.CSS_SELECTOR, "#buckets tr[data-bucket]")]
    assert buckets == ["bob-media"], "the admin's bucket must be hidden from bob"
    row = browser.find_element(By.CSS_SELECTOR, '#buckets tr[data-bucket="bob-media"]').text
    assert "1 upload" in row and "2 parts" in row and "10.0 MiB" in row, row
    browser.get(console.endpoint + "/console/buckets/backups/uploads")
    assert "404" in browser.title or "Not Found" in browser.page_source

    browser.get(console.endpoint + "/console/buckets/bob-media/uploads")
    listed = browser.find_element(By.CSS_SELECTOR, f'tr[data-upload="{upload}"]')
    assert "videos/holiday.mp4" in listed.text and listed.find_element(By.CLASS_NAME, "parts").text == "2"
    assert listed.find_element(By.CLASS_NAME, "bytes").text == "10.0 MiB"
    browser.save_screenshot(os.path.join(shots, "uploads.png"))

    # A forged form (no CSRF token) posted from the console's own origin is refused.
    browser.execute_script("""
        const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];
        const i = document.createElement('input'); i.name = 'uploadId'; i.value = arguments[1]; f.appendChild(i);
        document.body.appendChild(f); f.submit();""", "/console/buckets/bob-media/uploads/abort", upload)
    assert "CSRF" in text(browser, "message")
    assert [u["UploadId"] for u in bob.list_multipart_uploads(Bucket="bob-media").get("Uploads", [])] == [upload]

    browser.get(console.endpoint + "/console/buckets/bob-media/uploads")
    browser.find_element(By.CSS_SELECTOR, f'tr[data-upload="{upload}"] button.abort').click()
    assert "2 parts, 10.0 MiB reclaimed" in text(browser, "message")
    assert bob.list_multipart_uploads(Bucket="bob-media").get("Uploads", []) == []


def test_a_rule_shows_its_preview_and_old_uploads_are_aborted_after_a_confirmation(console, browser, shots):
    sign_in(browser, console, ACCESS_KEY, SECRET_KEY)
    assert {r.get_attribute("data-bucket") for r in browser.find_elements(By.CSS_SELECTOR, "#buckets tr[data-bucket]")} >= {"backups", "bob-media"}
    browser.save_screenshot(os.path.join(shots, "dashboard.png"))

    browser.get(console.endpoint + "/console/buckets/backups/lifecycle")
    add_rule(browser, "old-nightlies", "nightly/", 7, basis="lastActivity")
    preview = browser.find_element(By.CSS_SELECTOR, 'tr[data-rule="old-nightlies"] .preview').text
    assert preview == "3 uploads, 9.0 MiB", preview
    browser.save_screenshot(os.path.join(shots, "lifecycle.png"))
    rules = make_client(console.endpoint).get_bucket_lifecycle_configuration(Bucket="backups")["Rules"]
    assert rules[0]["ID"] == "old-nightlies" and rules[0]["Filter"]["Prefix"] == "nightly/"

    # An object rule: the logs written ten days ago would be deleted, not today's.
    make_client(console.endpoint).put_object(Bucket="backups", Key="logs/today.log", Body=b"t" * 1024)
    add_rule(browser, "old-logs", "logs/", 7, kind="expire")
    preview = browser.find_element(By.CSS_SELECTOR, 'tr[data-rule="old-logs"] .preview').text
    assert preview == "2 objects, 2.0 KiB (deleted)", preview
    browser.save_screenshot(os.path.join(shots, "lifecycle-expiration.png"))
    rules = {r["ID"]: r for r in make_client(console.endpoint).get_bucket_lifecycle_configuration(Bucket="backups")["Rules"]}
    assert rules["old-logs"]["Expiration"] == {"Days": 7} and rules["old-logs"]["Filter"]["Prefix"] == "logs/"
    assert "AbortIncompleteMultipartUpload" not in rules["old-logs"] and "Expiration" not in rules["old-nightlies"]

    browser.get(console.endpoint + "/console/buckets/backups/uploads?older=7")
    browser.save_screenshot(os.path.join(shots, "uploads-older.png"))
    browser.find_element(By.ID, "abort-older").click()
    assert text(browser, "confirm-count") == "3 uploads" and text(browser, "confirm-bytes") == "9.0 MiB"
    browser.save_screenshot(os.path.join(shots, "confirm-abort.png"))
    assert make_client(console.endpoint).list_multipart_uploads(Bucket="backups").get("Uploads", []) != []
    browser.find_element(By.ID, "confirm-abort").click()
    assert "Aborted 3 uploads (3 parts); 9.0 MiB reclaimed." in text(browser, "message")
    assert make_client(console.endpoint).list_multipart_uploads(Bucket="backups").get("Uploads", []) == []


def test_objects_are_uploaded_from_the_browser_in_parts_and_users_are_managed(console, browser, shots, tmp_path):
    sign_in(browser, console, ACCESS_KEY, SECRET_KEY)
    big = tmp_path / "disk.img"
    big.write_bytes(os.urandom(20 * MIB + 5))
    browser.get(console.endpoint + "/console/buckets/backups/objects")
    browser.find_element(By.ID, "upload-file").send_keys(str(big))
    browser.find_element(By.CSS_SELECTOR, "#upload button").click()
    row = None
    for _ in range(120):
        rows = browser.find_elements(By.CSS_SELECTOR, 'tr[data-key="disk.img"]')
        if rows:
            row = rows[0]
            break
        # Read in the page in one step: the page reloads when the upload ends, and an element found
        # before the reload is stale when its text is asked for after it.
        status = browser.execute_script("const e = document.getElementById('upload-status'); return e ? e.textContent : ''")
        assert "failed" not in (status or ""), status
        time.sleep(0.25)
    assert row is not None, "the uploaded file never appeared"
    browser.save_screenshot(os.path.join(shots, "objects.png"))
    got = make_client(console.endpoint).get_object(Bucket="backups", Key="disk.img")
    assert got["ETag"].strip('"').endswith("-3"), got["ETag"]  # 8 + 8 + 4 MiB parts
    assert got["Body"].read() == big.read_bytes()

    browser.get(console.endpoint + "/console/users")
    browser.find_element(By.ID, "new-user-name").send_keys("carol")
    browser.find_element(By.ID, "add-user-button").click()
    key, secret = text(browser, "new-access-key"), text(browser, "new-secret-key")
    browser.save_screenshot(os.path.join(shots, "users.png"))
    carol = make_client(console.endpoint, key, secret)
    carol.create_bucket(Bucket="carol-bucket")
    assert [b["Name"] for b in carol.list_buckets()["Buckets"]] == ["carol-bucket"]
    browser.get(console.endpoint + "/console/users")
    assert key in browser.page_source and secret not in browser.page_source, "a secret key is shown only once"
    browser.get(console.endpoint + "/console/")
    browser.save_screenshot(os.path.join(shots, "dashboard-admin.png"))


def test_the_console_on_its_own_listener(new_server):
    srv = new_server("console-listener", extra_args=["--console-listen", "127.0.0.1:0"]).start()
    line = ""
    for _ in range(100):
        found = [l for l in open(srv.log_path).read().splitlines() if "console listening on" in l]
        if found:
            line = found[0]
            break
        time.sleep(0.05)
    assert line, "the console listener never announced itself"
    console_url = line.split("listening on ")[1].strip()
    with urllib.request.urlopen(console_url + "login") as page:
        assert b'name="accessKey"' in page.read()
    with pytest.raises(urllib.error.HTTPError) as other:
        urllib.request.urlopen(console_url.replace("/console/", "/"))
    assert other.value.code == 404
    # The main listener no longer serves it: /console/ there is S3's (a bucket named console).
    with pytest.raises(urllib.error.HTTPError) as main:
        urllib.request.urlopen(srv.endpoint + "/console/login")
    assert main.value.code in (403, 404) and b"<Error>" in main.value.read()
