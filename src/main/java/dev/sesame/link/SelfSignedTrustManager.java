package dev.sesame.link;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts exactly one well-formed, currently valid, self-signed Ed25519 certificate from the
 * other side. This is not where peers are authenticated: any such certificate passes here, and
 * the PAKE that follows, bound to this TLS session's exporter, decides whether the peer knows
 * the phrase ({@code docs/SECURITY.md}). Thread-safe (stateless).
 */
final class SelfSignedTrustManager extends X509ExtendedTrustManager {
    static void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length != 1) throw new CertificateException("expected exactly one certificate");
        X509Certificate certificate = chain[0];
        String algorithm = certificate.getPublicKey().getAlgorithm();
        if (!"Ed25519".equals(algorithm) && !"EdDSA".equals(algorithm)) {
            throw new CertificateException("certificate key is not Ed25519");
        }
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            throw new CertificateException("certificate is not self-issued");
        }
        certificate.checkValidity();
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("certificate signature does not verify", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
