"""TLS (issue 5): a loopback HTTPS server with a self-signed certificate is refused, and
accepted once its certificate is trusted through --cacert, WASISDK_CA_BUNDLE,
SSL_CERT_FILE or CURL_CA_BUNDLE. A redirect from https to plain http is never followed."""
import subprocess

from harness import HomeTestCase, fake_sdk_archive, manifest, sha256
from server import Server


class TlsTest(HomeTestCase):
    def setUp(self):
        super().setUp()
        self.cert, key = self.tmp / "cert.pem", self.tmp / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(self.cert)], check=True,
                       capture_output=True)
        self.server = Server(tls=(str(self.cert), str(key))).__enter__()
        self.addCleanup(self.server.__exit__)
        self.sdk = fake_sdk_archive("wasi-sdk-22.0")
        self.server.add("sdk.tar.gz", self.sdk)
        self.set_url(self.server.url("sdk.tar.gz"))
        for var in ("SSL_CERT_FILE", "CURL_CA_BUNDLE", "SSL_CERT_DIR"):
            self.env.pop(var, None)

    def set_url(self, url):
        art = {"kind": "sdk", "host": "x86_64-linux", "url": url, "sha256": sha256(self.sdk)}
        self.env["WASISDK_MANIFEST"] = str(self.write("m.json", manifest("", {"22.0": [art]})))

    def test_self_signed_is_refused(self):
        p = self.wasisdk("install", "22")
        self.assert_one_line_error(p, "TLS certificate of https://127.0.0.1", "is not trusted",
                                   "--cacert FILE", code=1)
        self.assertEqual(self.home_entries("toolchains"), [])

    def test_trusted_through_each_setting(self):
        cases = [(["--cacert", str(self.cert)], {}),
                 ([], {"WASISDK_CA_BUNDLE": str(self.cert)}),
                 ([], {"SSL_CERT_FILE": str(self.cert)}),
                 ([], {"CURL_CA_BUNDLE": str(self.cert)})]
        for args, env in cases:
            p = self.wasisdk("install", "22", "--force", *args, env=env)
            self.assertEqual(p.returncode, 0, f"{args} {env}: {p.stderr}")
            self.assertIn("wasi-sdk 22.0 installed", p.stderr)

    def test_https_to_http_redirect_is_refused(self):
        plain = Server().__enter__()
        self.addCleanup(plain.__exit__)
        plain.add("sdk.tar.gz", self.sdk)
        self.server.fault("sdk.tar.gz", "redirect", to=plain.url("sdk.tar.gz"))
        p = self.wasisdk("install", "22", "--cacert", str(self.cert))
        self.assert_one_line_error(p, "a redirect from https to plain http is never followed",
                                   code=1)
        self.assertEqual(plain.requests_for("sdk.tar.gz"), [])
        self.assertEqual(self.home_entries("toolchains"), [])
