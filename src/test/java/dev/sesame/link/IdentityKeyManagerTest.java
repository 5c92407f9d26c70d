package dev.sesame.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The key manager hands TLS our one Ed25519 key as it is, and nothing for any other key type. */
class IdentityKeyManagerTest {
    private final Identity identity = Identity.generate(new SecureRandom());
    private final IdentityKeyManager keys = new IdentityKeyManager(identity);

    @Test
    void servesTheIdentitysOwnKeyAndCertificateForAnEd25519Signature() {
        String alias = keys.chooseEngineServerAlias("EdDSA", null, null);
        assertThat(alias).isNotNull();
        assertThat(keys.getPrivateKey(alias)).isSameAs(identity.keyPair().getPrivate());
        assertThat(keys.getCertificateChain(alias)).containsExactly(identity.certificate());
        assertThat(keys.chooseEngineClientAlias(new String[] {"RSA", "Ed25519"}, null, null)).isEqualTo(alias);
    }

    @Test
    void servesNothingForAnotherKeyTypeOrAlias() {
        assertThat(keys.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(keys.chooseEngineClientAlias(new String[] {"EC", "RSA"}, null, null)).isNull();
        assertThat(keys.getPrivateKey("someone else")).isNull();
        assertThat(keys.getCertificateChain("someone else")).isNull();
    }
}
