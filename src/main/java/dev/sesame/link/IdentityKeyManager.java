package dev.sesame.link;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Hands TLS this run's one Ed25519 key and certificate, held as they are. JSSE's PKIX key
 * manager over a PKCS12 key store instead decrypted the key from the store (PBKDF2, 10,000
 * HMAC rounds) on every handshake: under 500 junk connections that was over a third of the
 * listener's CPU (docs/SECURITY.md §Junk connections). Thread-safe: immutable.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "identity";
    private final PrivateKey key;
    private final X509Certificate[] chain;

    IdentityKeyManager(Identity identity) {
        this.key = identity.keyPair().getPrivate();
        this.chain = new X509Certificate[] {identity.certificate()};
    }

    /** Our key serves only an Ed25519 signature (TlsContext allows no other scheme). */
    private boolean serves(String keyType) {
        return keyType != null && (keyType.equalsIgnoreCase(key.getAlgorithm()) || keyType.equalsIgnoreCase("EdDSA")
                || keyType.equalsIgnoreCase("Ed25519"));
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) return null;
        for (String type : keyTypes) {
            if (serves(type)) return ALIAS;
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return serves(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return serves(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return serves(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return serves(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
