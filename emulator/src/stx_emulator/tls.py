"""``--tls``: a generated CA and a server certificate for the emulator's address (and localhost)."""

import datetime
import ipaddress
import os
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _write(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


class TlsMaterial:
    """CA and server certificate under ``directory`` (``ca.crt``, ``server.crt``, ``server.key`` mode 0600)."""

    def __init__(self, directory, address):
        self.directory = directory
        self.ca_path = os.path.join(directory, "ca.crt")
        self.cert_path = os.path.join(directory, "server.crt")
        self.key_path = os.path.join(directory, "server.key")
        if not all(os.path.exists(p) for p in (self.ca_path, self.cert_path, self.key_path)):
            os.makedirs(directory, exist_ok=True)
            self._generate(address)

    def _generate(self, address):
        now = datetime.datetime.now(datetime.timezone.utc)
        ca_key = ec.generate_private_key(ec.SECP384R1())
        ca = (x509.CertificateBuilder().subject_name(_name("stx-emulator CA")).issuer_name(_name("stx-emulator CA"))
              .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=3650))
              .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                           content_commitment=False, key_encipherment=False, data_encipherment=False,
                                           key_agreement=False, encipher_only=False, decipher_only=False),
                             critical=True)
              .sign(ca_key, hashes.SHA384()))
        key = ec.generate_private_key(ec.SECP384R1())
        sans = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        try:
            ip = ipaddress.ip_address(address)
            if str(ip) != "127.0.0.1":
                sans.append(x509.IPAddress(ip))
        except ValueError:
            sans.append(x509.DNSName(address))
        cert = (x509.CertificateBuilder().subject_name(_name(address)).issuer_name(ca.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=825))
                .add_extension(x509.SubjectAlternativeName(sans), critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                .sign(ca_key, hashes.SHA384()))
        _write(self.ca_path, ca.public_bytes(serialization.Encoding.PEM))
        _write(self.cert_path, cert.public_bytes(serialization.Encoding.PEM))
        _write(self.key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()), mode=0o600)

    def server_context(self):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context
