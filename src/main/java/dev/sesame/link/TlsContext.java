package dev.sesame.link;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * TLS 1.3 only, AEAD suites only, Ed25519 signatures only, X25519 key exchange, and mutual
 * authentication on both sides, built around this run's {@link Identity}.
 *
 * <p>Engines run over a {@code transport.Pipe} that the caller keeps, so that a panic can drop
 * the pipe without TLS sending anything. Thread-safe.
 */
public final class TlsContext {
    static final String[] PROTOCOLS = {"TLSv1.3"};
    static final String[] CIPHER_SUITES = {"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"};
    static final String[] SIGNATURE_SCHEMES = {"ed25519"};
    static final String[] NAMED_GROUPS = {"x25519"};

    private final SSLContext context;

    public TlsContext(Identity identity, SecureRandom random) {
        try {
            context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {new IdentityKeyManager(identity)}, new TrustManager[] {new SelfSignedTrustManager()},
                    random);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("an in-memory TLS 1.3 context with Ed25519 can always be built", e);
        }
    }

    /** A fresh engine for one pipe; {@code client} is true for the side that dialled. No session resumption. */
    public SSLEngine engine(boolean client) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setCipherSuites(CIPHER_SUITES);
        parameters.setSignatureSchemes(SIGNATURE_SCHEMES);
        parameters.setNamedGroups(NAMED_GROUPS);
        parameters.setNeedClientAuth(true);
        parameters.setEndpointIdentificationAlgorithm(null); // peers are authenticated by the PAKE
        engine.setSSLParameters(parameters);
        return engine;
    }
}
