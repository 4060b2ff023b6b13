"""Runs NHS England's mesh-sandbox (PyPI) under uvicorn for infra/mesh-sandbox.

The sandbox reads its mailboxes and workflow registrations only from the data folder inside its
package; this launcher points that folder at ours (infra/mesh-sandbox/data) so the endpoint lookup
knows the Update Record workflows. Everything else (token checks, outbox, chunks, inbox paging,
errors) is the sandbox's own code, configured through its environment (AUTH_MODE, STORE_MODE,
SHARED_KEY). uvicorn serves it over TLS and requires a client certificate, as live MESH does; the
throwaway PKI (CA, server certificate for 127.0.0.1, client certificate) is made here per run with
the `cryptography` package the sandbox already depends on, so no key is kept in the repository.
"""

import datetime
import ipaddress
import os
import ssl

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from mesh_sandbox.store import canned_store

DATA_DIR = os.environ["FIRSTSYNC_MESH_SANDBOX_DATA"]
_initialise = canned_store.CannedStore.initialise


def _initialise_with_our_data(self):
    self._canned_data_dir = DATA_DIR
    _initialise(self)


canned_store.CannedStore.initialise = _initialise_with_our_data



def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, key, issuer, issuer_key, is_ca, usage, san=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    if san:
        builder = builder.add_extension(san, critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _write(folder, name, data):
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data)


def make_pki(folder):
    """CA, server (127.0.0.1/localhost) and client certificates as PEM files in `folder`."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _certificate("firstsync mesh-sandbox test CA", ca_key, "firstsync mesh-sandbox test CA", ca_key, True, None)
    server_key = ec.generate_private_key(ec.SECP256R1())
    san = x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")])
    server = _certificate("127.0.0.1", server_key, "firstsync mesh-sandbox test CA", ca_key, False, ExtendedKeyUsageOID.SERVER_AUTH, san)
    client_key = ec.generate_private_key(ec.SECP256R1())
    client = _certificate("X26FS001", client_key, "firstsync mesh-sandbox test CA", ca_key, False, ExtendedKeyUsageOID.CLIENT_AUTH)
    pem = serialization.Encoding.PEM
    private = dict(encoding=pem, format=serialization.PrivateFormat.PKCS8, encryption_algorithm=serialization.NoEncryption())
    _write(folder, "ca.pem", ca.public_bytes(pem))
    _write(folder, "server.pem", server.public_bytes(pem))
    _write(folder, "server.key", server_key.private_bytes(**private))
    _write(folder, "client.pem", client.public_bytes(pem))
    _write(folder, "client.key", client_key.private_bytes(**private))


if __name__ == "__main__":
    pki = os.environ["FIRSTSYNC_MESH_SANDBOX_PKI"]
    make_pki(pki)
    uvicorn.run(
        "mesh_sandbox.api:app",
        host="127.0.0.1",
        port=int(os.environ["FIRSTSYNC_MESH_SANDBOX_PORT"]),
        ssl_certfile=os.path.join(pki, "server.pem"),
        ssl_keyfile=os.path.join(pki, "server.key"),
        ssl_ca_certs=os.path.join(pki, "ca.pem"),
        ssl_cert_reqs=ssl.CERT_REQUIRED,
        log_level="warning",
    )
