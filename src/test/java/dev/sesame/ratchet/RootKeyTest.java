package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sesame.crypto.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import org.junit.jupiter.api.Test;

class RootKeyTest {
    private static final byte[] ROOT = HexFormat.of().parseHex("2021222324252627282930313233343536373839404142434445464748495051");
    private static final byte[] DH = HexFormat.of().parseHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    @Test
    void stepIsHkdfSha256WithTheRootAsSaltAndTheDhOutputAsInput() throws Exception {
        KDF kdf = KDF.getInstance("HKDF-SHA256");
        byte[] okm = kdf.deriveData(HKDFParameterSpec.ofExtract().addSalt(ROOT).addIKM(DH)
                .thenExpand("sesame/v1/ratchet-root".getBytes(StandardCharsets.US_ASCII), 64));
        try (RootKey root = new RootKey(Secret.copyAndWipe(ROOT.clone())); Secret dh = Secret.copyAndWipe(DH.clone())) {
            RootKey.Step step = root.step(dh);
            try (RootKey next = step.rootKey(); ChainKey chain = step.chainKey();
                 Secret expectedRoot = Secret.copyAndWipe(Arrays.copyOf(okm, 32));
                 Secret expectedChain = Secret.copyAndWipe(Arrays.copyOfRange(okm, 32, 64))) {
                assertThat(next.digest()).isEqualTo(expectedRoot.digest());
                assertThat(chain.digest()).isEqualTo(expectedChain.digest());
                assertThat(chain.index()).isZero();
            }
            assertThat(root.isClosed()).isFalse();
            assertThat(dh.isClosed()).isFalse();
        }
    }

    @Test
    void onlyThirtyTwoByteRootsAreAccepted() {
        assertThatThrownBy(() -> new RootKey(Secret.copyAndWipe(new byte[31]))).isInstanceOf(IllegalArgumentException.class);
    }
}
